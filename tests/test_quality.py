"""Regression: the extractor scored against the seeds' hand-made gold timeline.

The scorer (tests/data/score.py) is the team's yardstick, copied unchanged. Floors sit a little
under what the extractor scores today so a regression fails loudly.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "seeds_gold.json"
SCORER = Path(__file__).parent / "data" / "score.py"

STRICT_F1_FLOOR = 0.90
UNDATED_PRECISION_FLOOR = 0.90


def _score(corpus: Path, tmp_path: Path) -> dict:
    out = tmp_path / "events.csv"
    subprocess.run([sys.executable, "-m", "timeline", "extract", str(corpus), "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    report = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(report.stdout)


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> dict:
    return _score(SEEDS, tmp_path_factory.mktemp("seeds"))


def test_seeds_strict_f1_above_floor(seeds_report):
    assert seeds_report["strict"]["f1"] >= STRICT_F1_FLOOR, seeds_report


def test_seeds_every_exact_date_right(seeds_report):
    right, total = seeds_report["on_strict_matches"]["date_exact"].split("/")
    assert right == total, seeds_report


def test_seeds_every_multi_source_event_merged(seeds_report):
    merged, total = seeds_report["on_strict_matches"]["multi_source_merged"].split("/")
    assert merged == total and int(total) > 0, seeds_report


def test_without_manifest_nothing_is_guessed(tmp_path):
    """Undated articles give undated events (skipped by the scorer), not wrong dates."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in SEEDS.glob("*.txt"):
        shutil.copy(article, corpus / article.name)
    report = _score(corpus, tmp_path)
    assert report["strict"]["precision"] >= UNDATED_PRECISION_FLOOR, report
    # Seed 003 dates itself ("April 9, 2024"): its events are found without a manifest.
    assert report["strict"]["tp"] >= 5, report
