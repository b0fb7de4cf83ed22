"""The benchmark runs end to end in a tiny mode; its speed targets live in the benchmark, not here."""
import json
import subprocess
import sys

from timeline.bench import synthetic_articles
from timeline.pipeline import SEEDS_DIR


def test_synthetic_articles_are_all_different():
    articles = list(synthetic_articles(30))
    assert len({a.text for a in articles}) == 30
    assert len({a.doc_id for a in articles}) == 30


def test_benchmark_reports_every_measure():
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "bench", "--articles", "20", "--workers", "2", "--memory-articles", "20",
         "--reference-articles", "3", "--sizes", "50,200", "--json"],
        cwd=SEEDS_DIR.parent, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["extraction"]["articles_per_second"] > 0 and report["workers"]["articles_per_second"] > 0
    assert report["memory"]["peak_memory_mb"] > 0
    assert {"figure_50_seconds", "figure_200_seconds", "filter_change_200_ms"} <= set(report["page"])
    assert set(report["targets"]) == {"speedup_vs_search_dates", "articles_per_second", "peak_memory_mb",
                                      "figure_100k_seconds", "filter_change_10k_ms"}
    assert report["reingest"]["second_seconds"] < report["reingest"]["first_seconds"]
