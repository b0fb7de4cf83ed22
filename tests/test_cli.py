"""The real command line, in a subprocess."""
import csv
import io
import json
import subprocess
import sys

import pytest

from timeline.export import COLUMNS

from timeline.pipeline import SEEDS_DIR

ROOT = SEEDS_DIR.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "timeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_extract_prints_the_csv_contract():
    result = run("extract", "seeds")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 20


def test_extract_writes_json_to_a_file(tmp_path):
    out = tmp_path / "events.json"
    assert run("extract", "seeds", "--format", "json", "--out", str(out)).returncode == 0
    events = json.loads(out.read_text())
    assert all(event["sources"][0]["sentence"] for event in events)


@pytest.mark.parametrize("args", [
    ("extract", "no/such/folder"),
    ("extract", "seeds", "--format", "xml"),
    ("extract", "seeds", "--frobnicate"),
    ("frobnicate",),
    ("export", "--year", "nineteen"),
    ("extract", "seeds", "--out", "/no/such/dir/out.csv"),
], ids=["missing-path", "bad-format", "bad-option", "bad-command", "bad-year", "unwritable-out"])
def test_user_errors_exit_2_with_one_line(args, tmp_path):
    result = run(*args, "--db", str(tmp_path / "x.sqlite")) if args[0] == "export" else run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("timeline: error:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_bad_file_is_named_and_the_rest_still_processed(tmp_path):
    for article in (ROOT / "seeds").glob("00[01]*.txt"):
        (tmp_path / article.name).write_bytes(article.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"%PDF-1.7\x00\x01\x02")
    result = run("extract", str(tmp_path))
    assert result.returncode == 0
    assert "broken.txt" in result.stderr
    assert {row["sources"].split(";")[0][:3] for row in csv.DictReader(io.StringIO(result.stdout))} >= {"000", "001"}


def test_ingest_then_export_with_the_pages_filters(tmp_path):
    db = str(tmp_path / "t.sqlite")
    assert run("ingest", "seeds", "--db", db).returncode == 0
    again = run("ingest", "seeds", "--db", db)
    assert "0 added, 5 already present" in again.stderr
    result = run("export", "--db", db, "--actor", "Wang Yi", "--type", "visit")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["type"] == "visit" and "Wang Yi" in row["actors"] for row in rows)


def test_every_command_has_help_with_an_example():
    for command in ("extract", "ingest", "export"):
        result = run(command, "--help")
        assert result.returncode == 0 and "example:" in result.stdout
