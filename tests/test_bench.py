"""The benchmark runs end to end in a tiny mode; its speed targets live in the benchmark, not here."""
import json
import subprocess
import sys

from timeline.bench import same_pair_events, synthetic_articles
from timeline.merge import merge_events
from timeline.pipeline import SEEDS_DIR


def test_synthetic_articles_are_all_different():
    articles = list(synthetic_articles(30))
    assert len({a.text for a in articles}) == 30
    assert len({a.doc_id for a in articles}) == 30


def test_written_corpus_reads_back_as_the_synthetic_articles(tmp_path):
    from timeline.bench import write_corpus
    from timeline.ingest import read_corpus
    write_corpus(tmp_path, 7)
    articles, problems = read_corpus(tmp_path)
    assert not problems
    assert [(a.doc_id, a.published, a.outlet) for a in articles] == \
        [(a.doc_id, a.published, a.outlet) for a in synthetic_articles(7)]


def test_same_pair_events_are_all_different_events_of_the_same_two_leaders():
    events = same_pair_events(50)
    assert {e.actors for e in events} == {("Xi Jinping", "Vladimir Putin")}
    assert len(merge_events(events)) == 50


def test_benchmark_reports_every_measure():
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "bench", "--articles", "20", "--workers", "2", "--memory-articles", "20",
         "--reference-articles", "3", "--sizes", "50,200", "--merge-sizes", "100,400", "--json"],
        cwd=SEEDS_DIR.parent, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["extraction"]["articles_per_second"] > 0 and report["workers"]["articles_per_second"] > 0
    assert report["cli"]["articles"] == 20 and report["cli"]["cpu_seconds"] > 0
    assert report["workers"]["events"] == report["extraction"]["events"]  # the same work, in chunks
    assert report["workers"]["cpu_ratio"] > 0 and len(report["workers"]["load_average"]) == 2
    assert report["memory"]["peak_memory_mb"] > 0
    assert {"figure_50_seconds", "figure_200_seconds", "filter_change_200_ms"} <= set(report["page"])
    assert set(report["targets"]) == {"speedup_vs_search_dates", "articles_per_second", "peak_memory_mb",
                                      "figure_100k_seconds", "filter_change_10k_ms", "merge_20k_same_pair_seconds"}
    merge = report["merge"]
    assert [merge[f"same_pair_{n}"]["merged"] for n in (100, 400)] == [100, 400]  # distinct: none merge
    assert 0 < merge["corpus"]["merged"] < merge["corpus"]["events"] == report["extraction"]["events"]
    assert report["reingest"]["second_seconds"] < report["reingest"]["first_seconds"]
