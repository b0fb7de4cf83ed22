"""Extraction on a Dask cluster, for corpora that outgrow one machine.

Extracting one article is a pure function of its file and manifest row, so a `dask.bag` maps it
over the files on the workers; merging across articles is the final reduction, on the client.
Workers read the files themselves: on a real cluster the corpus must sit on storage every
worker sees (a shared file system), at the same path.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .errors import IngestError, TimelineError
from .ingest import ManifestRow, corpus_files, read_article
from .merge import merge_events
from .pipeline import extract_article
from .records import Event

# Files per partition: enough to amortise scheduling, few enough to spread over workers.
FILES_PER_PARTITION = 200


def _extract_file(item: tuple[str, ManifestRow]) -> tuple[list[Event], str]:
    path, meta = item
    try:
        return extract_article(read_article(Path(path), meta)), ""
    except IngestError as error:
        return [], str(error)


def extract_path_dask(path: str | Path, on_problem: Callable[[str], None] | None = None,
                      scheduler: str | None = None) -> list[Event]:
    import dask.bag as bag
    from distributed import Client, LocalCluster

    files, problems = corpus_files(path)
    items = [(str(file), meta) for file, meta in files]
    try:
        if scheduler:
            client, cluster = Client(scheduler), None
        else:
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as error:
        raise TimelineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {error}") from None
    try:
        partitions = max(1, min(len(items), len(items) // FILES_PER_PARTITION + 2 * len(client.nthreads())))
        results = bag.from_sequence(items, npartitions=partitions).map(_extract_file).compute() if items else []
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for problem in problems + [problem for _, problem in results if problem]:
        if on_problem is not None:
            on_problem(problem)
    return merge_events(event for events, _ in results for event in events)
