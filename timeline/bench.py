"""Speed and memory benchmark: python -m timeline bench [--articles N] [--workers N] [--json]

Builds a synthetic corpus from the seed articles, varied so no two articles are the same
(publication dates, people, outlets, paragraph order), generated lazily so memory stays flat,
and measures extraction, the dateparser reference, peak memory, merge (on the corpus's events
and on the worst shape for an index on people: many distinct events between the same two
leaders) and the page's server time.

Rates of one process are in CPU time (time.process_time, or the child's rusage for the whole
command line): on a machine that others share, wall time says more about them than about us.
Workers are measured in wall time, the only time in which they can gain, against one process
in the same run, with the CPU time they spent and the load average beside it.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .ingest import read_corpus
from .knowledge import DATA_DIR
from .pipeline import SEEDS_DIR, extract_article
from .merge import merge_events
from .records import Article, DateWindow, Event, Source

TARGETS = {
    "speedup_vs_search_dates": 10.0,   # at least, x
    "articles_per_second": 300.0,      # at least, one process
    "peak_memory_mb": 400.0,           # at most, for the memory corpus
    "figure_100k_seconds": 2.0,        # at most
    "filter_change_10k_ms": 300.0,     # at most
    "merge_20k_same_pair_seconds": 2.0,  # at most
}
# Articles a worker takes at a time, and chunks in flight per worker: enough to keep every
# worker busy, few enough that the corpus is never held whole.
WORKER_CHUNK = 50
CHUNKS_AHEAD = 2
OUTLETS = ["Kyodo News", "The Moscow Times", "Reuters", "AFP", "Xinhua", "Tass", "Yonhap", "AP", "BBC", "Al Jazeera"]


def _people_pool() -> list[str]:
    with (DATA_DIR / "people.csv").open(encoding="utf-8") as f:
        return sorted({row["name"] for row in csv.DictReader(f)})


def synthetic_articles(n: int, seed: int = 7) -> Iterator[Article]:
    """n varied articles built from the seeds, one at a time."""
    rng = random.Random(seed)
    seeds, _ = read_corpus(SEEDS_DIR)
    pool = _people_pool()
    swappable = ["Wang Yi", "Sergei Lavrov", "Vladimir Putin", "Xi Jinping", "Nikolai Patrushev", "Sergei Shoigu"]
    for i in range(n):
        base = seeds[i % len(seeds)]
        paragraphs = [p for p in base.text.split("\n") if p.strip()]
        head, rest = paragraphs[:1], paragraphs[1:]
        rng.shuffle(rest)
        text = "\n\n".join(head + rest)
        for name in swappable:
            if rng.random() < 0.5:
                text = text.replace(name, rng.choice(pool))
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
        yield replace(base, doc_id=f"synthetic-{i:06d}", text=f"{text}\n\nReport number {i}.",
                      published=published, outlet=rng.choice(OUTLETS))


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure_extraction(n: int) -> tuple[dict, list[Event]]:
    """The rate, and every article's events (unmerged across articles) for the merge timings."""
    extract_article(next(synthetic_articles(1)))  # the lexicons load once per process, not per article
    started, cpu = time.perf_counter(), time.process_time()
    events = [event for article in synthetic_articles(n) for event in extract_article(article)]
    cpu, seconds = time.process_time() - cpu, time.perf_counter() - started
    return {"articles": n, "events": len(events), "seconds": seconds, "cpu_seconds": cpu,
            "articles_per_second": _rate(n, cpu), "articles_per_second_wall": _rate(n, seconds)}, events


def write_corpus(folder: Path, n: int) -> None:
    """The n synthetic articles as files with a manifest, as a user would give them."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        manifest = csv.writer(f)
        manifest.writerow(["file", "published", "outlet", "url", "title"])
        for article in synthetic_articles(n):
            (folder / f"{article.doc_id}.txt").write_text(article.text, encoding="utf-8")
            manifest.writerow([f"{article.doc_id}.txt", article.published.isoformat(), article.outlet,
                               article.url, article.title])


def measure_cli(n: int) -> dict:
    """`python -m timeline extract` on n article files: start-up, reading, merging and writing
    included, in the CPU time of that process."""
    with tempfile.TemporaryDirectory() as folder:
        corpus, out = Path(folder, "articles"), Path(folder, "events.csv")
        write_corpus(corpus, n)
        cpu, started = _children_cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "timeline", "extract", str(corpus), "--out", str(out)],
                       cwd=SEEDS_DIR.parent, check=True, capture_output=True)
        cpu, seconds = _children_cpu() - cpu, time.perf_counter() - started
    return {"articles": n, "cpu_seconds": cpu, "seconds": seconds, "articles_per_second": _rate(n, cpu),
            "articles_per_second_wall": _rate(n, seconds)}


def _count(articles: list[Article]) -> int:
    return sum(len(extract_article(article)) for article in articles)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def measure_workers(n: int, workers: int, one_process: dict) -> dict:
    """`workers` processes on the articles `one_process` (measure_extraction) ran on, fed in
    chunks as they go (never the whole corpus at once); the ratio of wall times, and the CPU
    time the workers spent against the one process's (start-up, pickling, the pool's own work)."""
    load_before, cpu, started = os.getloadavg()[0], _children_cpu(), time.perf_counter()
    events = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for chunk in _chunks(synthetic_articles(n), WORKER_CHUNK):
            pending.append(pool.submit(_count, chunk))
            if len(pending) >= CHUNKS_AHEAD * workers:
                events += pending.popleft().result()
        events += sum(future.result() for future in pending)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu  # the pool has waited for its workers: their time is counted
    return {"workers": workers, "articles": n, "events": events, "seconds": seconds,
            "articles_per_second": _rate(n, seconds),
            "speedup": one_process["seconds"] / seconds if seconds else float("inf"),
            "cpu_ratio": cpu / one_process["cpu_seconds"] if one_process["cpu_seconds"] else float("inf"),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def measure_search_dates(n: int) -> dict:
    from dateparser.search import search_dates
    cpu = time.process_time()
    for article in synthetic_articles(n):
        search_dates(article.text, languages=["en"],
                     settings={"RELATIVE_BASE": _midnight(article.published)})
    return {"articles": n, "articles_per_second": _rate(n, time.process_time() - cpu)}


def measure_date_stage(n: int) -> dict:
    """Our date grammar alone (find and resolve every expression), like for like with search_dates."""
    from .dates import PAST, find_times, resolve
    from .sentences import split_sentences
    cpu = time.process_time()
    for article in synthetic_articles(n):
        for sentence in split_sentences(article.text):
            for expr in find_times(sentence.text):
                resolve(expr, article.published, PAST)
    return {"articles": n, "articles_per_second": _rate(n, time.process_time() - cpu)}


def _midnight(day: date):
    from datetime import datetime
    return datetime(day.year, day.month, day.day)


def _peak_rss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory_run(n: int) -> float:
    """In a fresh process: stream n articles through extraction and the final merge."""
    from .pipeline import extract_all
    extract_all(synthetic_articles(n))
    return _peak_rss_mb()


def measure_memory(n: int) -> dict:
    import multiprocessing
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        peak = pool.apply(_memory_run, (n,))
    return {"articles": n, "peak_memory_mb": peak}


def synthetic_events(n: int, seed: int = 11) -> list[Event]:
    """n distinct events shaped like the seeds' (for the page's timings)."""
    from .pipeline import extract_all
    rng = random.Random(seed)
    base = [e for e in extract_all(synthetic_articles(5)) if e.window]
    pool = _people_pool()
    events = []
    for i in range(n):
        event = base[i % len(base)]
        shift = timedelta(days=rng.randrange(-3000, 600))
        window = replace(event.window, start=event.window.start + shift, end=event.window.end + shift)
        actors = tuple(rng.sample(pool, k=min(2, len(event.actors) or 1)))
        events.append(replace(event, window=window, actors=actors, title=f"{event.title} #{i}",
                              sources=tuple(replace(s, doc_id=f"d{i}") for s in event.sources)))
    return events


def same_pair_events(n: int) -> list[Event]:
    """n distinct meetings of the same two leaders, one a day, alternating between their capitals:
    neighbours overlap in time but not in place, so none merge, and every event shares both people
    with every other (a decade of Xi-Putin coverage has this shape)."""
    first = date(1970, 1, 1)
    events = []
    for i in range(n):
        day = first + timedelta(days=i)
        city = "Beijing" if i % 2 else "Moscow"
        events.append(Event(
            type="meeting", cameo="040", status="held", window=DateWindow(day, day, "day"),
            actors=("Xi Jinping", "Vladimir Putin"), countries=("CHN", "RUS"), location=city, confidence=0.8,
            sources=(Source(f"same-pair-{i:06d}", f"Xi Jinping met Vladimir Putin in {city}.", published=day),)))
    return events


def _median_seconds(run, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_page(sizes: list[int]) -> dict:
    from .chart import build_figure
    from .filters import Filters, actor_counts, apply_filters, events_frame, summary
    results = {}
    for size in sizes:
        frame = events_frame(synthetic_events(size))
        results[f"figure_{size}_seconds"] = _median_seconds(lambda: build_figure(frame))
        results[f"table_{size}_seconds"] = _median_seconds(lambda: apply_filters(frame, Filters()))
        if size == sizes[min(1, len(sizes) - 1)]:
            actor = actor_counts(frame)[0][0]

            def filter_change():
                shown = apply_filters(frame, Filters(actors=(actor,), types=("visit", "meeting")))
                summary(shown)
                build_figure(shown)
            results[f"filter_change_{size}_ms"] = 1000 * _median_seconds(filter_change)
    return results


def _merge_timing(events: list[Event]) -> dict:
    merged_counts = []
    seconds = _median_seconds(lambda: merged_counts.append(len(merge_events(events))))
    return {"events": len(events), "seconds": seconds, "merged": merged_counts[-1]}


def measure_merge(sizes: list[int], corpus_events: list[Event], articles: int) -> dict:
    """Merge time on the adversarial shape at each size, and on the synthetic corpus's events."""
    results = {f"same_pair_{size}": _merge_timing(same_pair_events(size)) for size in sizes}
    results["corpus"] = {"articles": articles, **_merge_timing(corpus_events)}
    return results


def measure_reingest(n: int) -> dict:
    import tempfile
    from .store import Store
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(os.path.join(folder, "bench.sqlite"))
        first = _median_seconds(lambda: store.add_articles(synthetic_articles(n)), repeats=1)
        second = _median_seconds(lambda: store.add_articles(synthetic_articles(n)), repeats=1)
        store.close()
    return {"articles": n, "first_seconds": first, "second_seconds": second}


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": platform.python_version()}


def run(articles: int, workers: int, memory_articles: int, reference_articles: int, sizes: list[int],
        merge_sizes: list[int]) -> dict:
    one, corpus_events = measure_extraction(articles)
    many = measure_workers(articles, workers, one)
    cli = measure_cli(articles)
    reference = measure_search_dates(reference_articles)
    date_stage = measure_date_stage(articles)
    report = {
        "date_stage": date_stage,
        "date_stage_speedup_vs_search_dates": date_stage["articles_per_second"] / reference["articles_per_second"],
        "machine": machine(),
        "extraction": one,
        "cli": cli,
        "workers": many,
        "search_dates": reference,
        "speedup_vs_search_dates": cli["articles_per_second"] / reference["articles_per_second"],
        "in_process_speedup_vs_search_dates": one["articles_per_second"] / reference["articles_per_second"],
        "worker_scaling": many["speedup"],
        "memory": measure_memory(memory_articles),
        "page": measure_page(sizes),
        "merge": measure_merge(merge_sizes, corpus_events, articles),
        "reingest": measure_reingest(min(articles, 500)),
    }
    report["targets"] = check_targets(report, sizes, merge_sizes)
    return report


def check_targets(report: dict, sizes: list[int], merge_sizes: list[int]) -> dict:
    largest, middle = sizes[-1], sizes[min(1, len(sizes) - 1)]
    measured = {
        "speedup_vs_search_dates": (report["speedup_vs_search_dates"], ">="),
        "articles_per_second": (report["extraction"]["articles_per_second"], ">="),
        "peak_memory_mb": (report["memory"]["peak_memory_mb"], "<="),
        "figure_100k_seconds": (report["page"][f"figure_{largest}_seconds"], "<="),
        "filter_change_10k_ms": (report["page"][f"filter_change_{middle}_ms"], "<="),
        "merge_20k_same_pair_seconds": (report["merge"][f"same_pair_{merge_sizes[-1]}"]["seconds"], "<="),
    }
    return {name: {"measured": round(value, 3), "target": TARGETS[name], "met":
                   value >= TARGETS[name] if op == ">=" else value <= TARGETS[name]}
            for name, (value, op) in measured.items()}


def render(report: dict) -> str:
    m = report["machine"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}", ""]
    e, c, w, s = report["extraction"], report["cli"], report["workers"], report["search_dates"]
    lines += [f"extraction, 1 process      {e['articles_per_second']:9.1f} articles/s CPU time  "
              f"({e['articles_per_second_wall']:.1f} wall; {e['articles']} articles)",
              f"extraction, whole CLI      {c['articles_per_second']:9.1f} articles/s CPU time  "
              f"({c['articles_per_second_wall']:.1f} wall; start-up, reading, merging and writing included)",
              f"extraction, {w['workers']} workers      {w['articles_per_second']:9.1f} articles/s wall  "
              f"(x{w['speedup']:.2f} of one process's wall time in this run; CPU time x{w['cpu_ratio']:.2f}; "
              f"load average {w['load_average'][0]} -> {w['load_average'][1]})",
              f"dateparser search_dates    {s['articles_per_second']:9.1f} articles/s CPU time  ({s['articles']} articles)",
              f"speed-up over search_dates {report['speedup_vs_search_dates']:9.1f} x  whole CLI "
              f"(x{report['in_process_speedup_vs_search_dates']:.1f} in process)",
              f"date stage alone           {report['date_stage']['articles_per_second']:9.1f} articles/s  "
              f"(x{report['date_stage_speedup_vs_search_dates']:.1f} over search_dates, like for like)",
              f"peak memory                {report['memory']['peak_memory_mb']:9.1f} MB  "
              f"({report['memory']['articles']} articles streamed)"]
    for key, value in report["page"].items():
        unit = "ms" if key.endswith("_ms") else "s"
        lines.append(f"{key.replace('_', ' '):27}{value:9.3f} {unit}")
    for key, m in report["merge"].items():
        what = (f"{m['articles']} articles' {m['events']} events" if key == "corpus"
                else f"{m['events']} same-pair events")
        lines.append(f"merge, {what:33} {m['seconds']:7.3f} s  (-> {m['merged']} events)")
    r = report["reingest"]
    lines.append(f"ingest {r['articles']} articles: first {r['first_seconds']:.2f} s, again {r['second_seconds']:.2f} s")
    lines += ["", "targets:"]
    for name, t in report["targets"].items():
        lines.append(f"  {'met ' if t['met'] else 'MISSED'} {name}: {t['measured']} (target {t['target']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from .cli import Parser, positive_int, positive_ints
    parser = Parser(prog="timeline bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=positive_int, default=2000, help="articles for the throughput runs")
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 2)
    parser.add_argument("--memory-articles", type=positive_int, default=20000,
                        help="articles streamed for peak memory")
    parser.add_argument("--reference-articles", type=positive_int, default=100,
                        help="articles through dateparser's search_dates (it is slow)")
    parser.add_argument("--sizes", type=positive_ints, default="1000,10000,100000",
                        help="event counts for the page timings")
    parser.add_argument("--merge-sizes", type=positive_ints, default="2000,8000,20000",
                        help="counts of distinct events between the same two leaders for the merge timings")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    report = run(args.articles, args.workers, args.memory_articles, args.reference_articles, args.sizes,
                 args.merge_sizes)
    print(json.dumps(report, indent=2, default=str) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
