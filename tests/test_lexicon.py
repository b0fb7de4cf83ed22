"""The lexicon of English news (timeline/data/*.csv read by lexicon.py): every row is well
formed, and every row's example sentence, run through the whole engine, gives what the row
says it must."""
import csv
import re
from datetime import date

import pytest

from timeline.lexicon import CUE_KINDS, DATA_DIR, LEXICON_FILES, examples, lexicon
from timeline.pipeline import extract_article
from timeline.records import EVENT_TYPES, STATUSES, Article
from timeline.rules import NEEDS

# Every example is read as if published on this Wednesday.
PUBLISHED = date(2024, 5, 15)
SOURCES = {"invented", "guide", "seeds", "dev", "world"}
HEADERS = {
    "triggers.csv": ["pattern", "type", "cameo", "traveller", "place", "needs", "example", "expect", "source"],
    "cues.csv": ["kind", "scope", "pattern", "example", "expect", "source"],
    "reporting.csv": ["pattern", "example", "expect", "source"],
    "nonparticipants.csv": ["pattern", "why", "example", "expect", "source"],
    "nonstate.csv": ["pattern", "example", "expect", "source"],
    "groups.csv": ["noun", "example", "expect", "source"],
    "regions.csv": ["pattern", "example", "expect", "source"],
}


def rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_each_file_has_its_header_an_example_and_a_known_source(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == HEADERS[name]
    for row in rows(name):
        assert None not in row and row["example"] and row["source"] in SOURCES, row
        key = row.get("pattern") or row["noun"]
        re.compile(key)


def test_trigger_frames_use_known_values():
    for row in rows("triggers.csv"):
        assert row["type"] in EVENT_TYPES and re.fullmatch(r"04\d", row["cameo"]), row
        assert row["traveller"] in {"subject", "object", "none"}, row
        assert row["place"] in {"after", "before", "host", "clause", "none"}, row
        assert row["needs"] in NEEDS, row


def test_cues_use_known_kinds_and_scopes():
    for row in rows("cues.csv"):
        assert row["kind"] in CUE_KINDS and row["scope"] in {"before", "after"}, row


def test_lexicon_compiles():
    assert lexicon().frames and [m.group() for m in lexicon().any_trigger.finditer("He visited.")] == ["visited"]


def _expected(expect: str):
    return None if expect == "none" else tuple(expect.split())


@pytest.mark.parametrize("example", examples(), ids=[e.key for e in examples()])
def test_every_example_gives_what_its_row_says(example):
    expected = _expected(example.expect)
    assert expected is None or (expected[0] in EVENT_TYPES and expected[1] in STATUSES), example
    events = extract_article(Article("example", example.sentence, PUBLISHED))
    found = {(e.type, e.status) for e in events}
    if expected is None:
        assert not events, [(e.type, e.status, e.actors, e.evidence) for e in events]
    else:
        assert expected in found, [(e.type, e.status, e.actors, e.location, e.evidence) for e in events]
