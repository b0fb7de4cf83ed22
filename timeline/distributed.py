"""Extraction on a Dask cluster, for corpora that outgrow one machine.

Extracting one article is a pure function of its file and manifest row, so a `dask.bag` maps it
over the files on the workers; merging across articles is the final reduction, on the client.
Workers read the files themselves: on a real cluster the corpus must sit on storage every
worker sees (a shared file system), at the same path.
"""
from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Callable

from .errors import IngestError, TimelineError, isolate, warn
from .ingest import ManifestRow, corpus_files, read_article
from .merge import merge_events
from .pipeline import extract_article
from .records import Event

# Files per partition: enough to amortise scheduling, few enough to spread over workers.
FILES_PER_PARTITION = 200


def _extract_file(item: tuple[str, ManifestRow]) -> tuple[list[Event], IngestError | None]:
    """On a worker: one file's events, or why there are none (never an exception, which would
    stop the whole computation)."""
    path, meta = item
    name = Path(path).name
    article = isolate(name, "reading", read_article, Path(path), meta)
    if isinstance(article, IngestError):
        return [], article
    events = isolate(name, "extracting events", extract_article, article)
    if isinstance(events, IngestError):
        return [], events
    return events, None


def _local_cluster():
    """Two worker processes on this machine. Started while Ctrl-C is ignored, they keep ignoring
    it: this process stops them, so Ctrl-C gives one line, not a traceback from every worker
    (a Ctrl-C during the second or so of starting is lost). Stopped mid-task they log errors
    about the closing scheduler, so they log only what is critical: a failure that matters
    reaches this process as an exception anyway."""
    from distributed import LocalCluster
    previous_handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                            silence_logs=logging.CRITICAL)
    finally:
        signal.signal(signal.SIGINT, previous_handler)


def extract_path_dask(path: str | Path, on_problem: Callable[[IngestError], None] | None = None,
                      scheduler: str | None = None) -> list[Event]:
    """extract_path on a Dask cluster: the same events, and every problem to `on_problem`."""
    import dask.bag as bag
    from distributed import Client

    files, problems = corpus_files(path)
    items = [(str(file), meta) for file, meta in files]
    try:
        if scheduler:
            client, cluster = Client(scheduler), None
        else:
            cluster = _local_cluster()
            try:
                client = Client(cluster)
            except BaseException:  # Ctrl-C meanwhile included: the workers must not outlive us
                cluster.close()
                raise
    except (OSError, TimeoutError) as error:
        raise TimelineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {error}") from None
    try:
        partitions = max(1, min(len(items), len(items) // FILES_PER_PARTITION + 2 * len(client.nthreads())))
        results = bag.from_sequence(items, npartitions=partitions).map(_extract_file).compute() if items else []
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report = on_problem or warn
    for problem in problems + [problem for _, problem in results if problem]:
        report(problem)
    return merge_events(event for events, _ in results for event in events)
