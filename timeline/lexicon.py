"""Knowledge of English news text, read from CSV under timeline/data/ (see its README).

    triggers.csv         words that report an event, with their frame: who travels, where the
                         place comes from, what else the word needs around it
    cues.csv             words that make an event planned, cancelled, under way, hypothetical,
                         habitual, a reference back, or pressure towards it
    reporting.csv        verbs that report speech: a date next to them is when it was said
    nonparticipants.csv  offices whose holders announce or watch, not take part
    nonstate.csv         nouns that make travellers a team, a company or the public
    groups.csv           nouns that, counted ("the three leaders"), stand for people named before
    regions.csv          regions and their groupings: a "Russia-Africa summit" is a gathering of many states

Every row carries an example sentence and what the engine must take from it; the generated
test (tests/test_lexicon.py) runs each one. This module only reads and compiles the rows.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .scanner import Scanner, first_characters, may_open

DATA_DIR = Path(__file__).parent / "data"
LEXICON_FILES = ("triggers.csv", "cues.csv", "reporting.csv", "nonparticipants.csv", "nonstate.csv", "groups.csv", "regions.csv")
GROUP_SIZES = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
CUE_KINDS = ("withdrawn", "cancelled", "planned", "under_way", "hypothetical", "habitual", "pressure", "anaphoric")


@dataclass(frozen=True)
class Frame:
    """One trigger and the frame it opens."""
    pattern: re.Pattern[str]
    type: str  # visit | meeting | call | summit
    cameo: str
    traveller: str  # subject | object (the guest of "hosted") | none
    place: str  # after | before | host | clause | none: where the event's place is read
    needs: str  # what else the trigger needs around it to report an event ("" for nothing)
    source: str  # the pattern as written, for evidence


@dataclass(frozen=True)
class Example:
    file: str
    key: str
    sentence: str
    expect: str  # "<type> <status>" or "none"
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _union(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")", re.IGNORECASE)


class Lexicon:
    def __init__(self) -> None:
        self.frames = tuple(
            Frame(re.compile(rf"\b{row['pattern']}\b", re.IGNORECASE), row["type"], row["cameo"],
                  row["traveller"], row["place"], row["needs"], row["pattern"])
            for row in _rows("triggers.csv"))
        # One pass finds where a trigger may start; only there, and only the frames that can
        # open with the character found there, are tried.
        self.any_trigger = Scanner(re.compile("|".join(f"(?:{f.pattern.pattern})" for f in self.frames),
                                              re.IGNORECASE))
        self._frame_openings = tuple(first_characters(f.pattern) for f in self.frames)
        self._frames_opening: dict[str, tuple[Frame, ...]] = {}
        cues = _rows("cues.csv")
        self.cues = {(kind, scope): _union([r["pattern"] for r in cues if r["kind"] == kind and r["scope"] == scope])
                     for kind in CUE_KINDS for scope in ("before", "after")}
        verbs = "|".join(r["pattern"] for r in _rows("reporting.csv"))
        self.reporting = re.compile(rf"\b(?:{verbs})(?:\s+(?:on|in|late|early))?\s*$", re.IGNORECASE)
        # "his office on Thursday confirmed ...": the date of the saying, before its verb.
        self.reporting_after = re.compile(rf"\s+(?:{verbs})\b", re.IGNORECASE)
        offices = "|".join(r["pattern"] for r in _rows("nonparticipants.csv"))
        # The office as a title right before a name: "presidency spokesperson Jane Okoro".
        self.nonparticipant_title = re.compile(rf"\b(?:{offices})[\w-]*\s+(?:[A-Z][\w.'’-]*\s+){{0,2}}$",
                                               re.IGNORECASE)
        self.nonstate = _union([r["pattern"] for r in _rows("nonstate.csv")])
        regions = "|".join(r["pattern"] for r in _rows("regions.csv"))
        # "the Russia-Africa summit": a name with a region in it, right before the trigger
        self.region_before = re.compile(rf"\b(?:{regions})(?:\s*[+-]\s*[\w.]+)*\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
        nouns = "|".join(r["noun"] for r in _rows("groups.csv"))
        self.group = re.compile(rf"\b(?:the\s+)?(?P<size>{'|'.join(GROUP_SIZES)})\s+(?:[a-z]+\s+)?(?:{nouns})\b",
                                re.IGNORECASE)

        # Every "before" cue in one pattern, a named group per kind, for one pass over a sentence.
        self.any_cue = Scanner(re.compile("|".join(
            f"(?P<{kind}>{self.cues[(kind, 'before')].pattern})" for kind in CUE_KINDS), re.IGNORECASE))

    def frames_opening(self, char: str | None) -> tuple[Frame, ...]:
        """The frames, in order, whose match may open with `char` (folded; None: any)."""
        if char is None:
            return self.frames
        frames = self._frames_opening.get(char)
        if frames is None:
            frames = tuple(f for f, opening in zip(self.frames, self._frame_openings) if may_open(opening, char))
            self._frames_opening[char] = frames
        return frames

    def cue(self, kind: str, scope: str) -> re.Pattern[str]:
        return self.cues[(kind, scope)]


def examples() -> list[Example]:
    """Every row's example, for the generated test."""
    found = []
    for name in LEXICON_FILES:
        for number, row in enumerate(_rows(name), start=2):
            key = row.get("pattern") or row.get("noun", "")
            found.append(Example(name, f"{name}:{number}:{key}", row["example"], row["expect"], row["source"]))
    return found


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
