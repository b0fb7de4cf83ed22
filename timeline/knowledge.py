"""The gazetteers under timeline/data/, read once into lookup tables.

Knowledge is data: people and their offices, countries and demonyms, places, organisations,
and role phrases are CSV files that people edit (see data/README.md); this module only
indexes them. The words of English news (triggers, cues) are lexicon.py's.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import ahocorasick

DATA_DIR = Path(__file__).parent / "data"
# Name orders where the family name comes first in English news ("Xi" for Xi Jinping).
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "HKG", "MAC", "KHM"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii"}


@dataclass(frozen=True)
class Office:
    person: str
    country: str
    role: str
    start: date
    end: date | None

    def held_on(self, day: date | None) -> bool:
        return day is None or (self.start <= day and (self.end is None or day <= self.end))


@dataclass(frozen=True)
class Entry:
    """What a surface form in the gazetteer stands for."""
    kind: str  # person | country | demonym | place | org
    value: str  # person name, ISO3, place name, org name
    country: str = ""


def fold(text: str) -> str:
    """Accent-blind form: 'Nguyễn Phú Trọng' and 'Nguyen Phu Trong' meet here."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def surname(name: str, country: str) -> str:
    words = [w for w in name.split() if w.lower() not in NAME_SUFFIXES]
    if not words:
        return ""
    return words[0] if country in FAMILY_NAME_FIRST else words[-1]


class Knowledge:
    def __init__(self) -> None:
        self.offices: dict[str, list[Office]] = {}
        self.entries: dict[str, list[Entry]] = {}
        self.country_names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.place_kinds: dict[str, str] = {}
        self.surnames: dict[str, set[str]] = {}
        self.roles: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._load()
        self.offices_by_country: dict[str, list[Office]] = {}
        for offices in self.offices.values():
            for office in offices:
                self.offices_by_country.setdefault(office.country, []).append(office)
        self.automaton = self._build_automaton()
        phrases = sorted(self.roles, key=len, reverse=True)
        self.role_pattern = re.compile(r"\b(?P<role>" + "|".join(re.escape(p) for p in phrases) +
                                       r")(?P<plural>s)?\b", re.IGNORECASE)
        titles = [p for p in phrases if self.roles[p][0] and self.roles[p][1]]
        self.title_before = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in titles) + r")\s*$", re.IGNORECASE)

    def _add(self, surface: str, entry: Entry) -> None:
        for form in {surface, fold(surface)}:
            bucket = self.entries.setdefault(form, [])
            if entry not in bucket:
                bucket.append(entry)

    def _load(self) -> None:
        for row in _rows("people.csv"):
            office = Office(row["name"], row["country"], row["role"], _day(row["start"]) or date.min,
                            _day(row["end"]))
            self.offices.setdefault(row["name"], []).append(office)
            for alias in [row["name"], *_split(row["aliases"])]:
                self._add(alias, Entry("person", row["name"], row["country"]))
            self.surnames.setdefault(surname(row["name"], row["country"]), set()).add(row["name"])
        for row in _rows("countries.csv"):
            self.country_names[row["iso3"]] = row["name"]
            for alias in [row["name"], *_split(row["aliases"])]:
                self._add(alias, Entry("country", row["iso3"], row["iso3"]))
            for demonym in _split(row["demonyms"]):
                self._add(demonym, Entry("demonym", row["iso3"], row["iso3"]))
        for row in _rows("places.csv"):
            for alias in [row["name"], *_split(row["aliases"])]:
                self._add(alias, Entry("place", row["name"], row["country"]))
            self.place_kinds[row["name"]] = row["kind"]
            if row["kind"] == "capital":
                self.capitals.setdefault(row["country"], row["name"])
        for row in _rows("orgs.csv"):
            for alias in [row["name"], *_split(row["aliases"])]:
                self._add(alias, Entry("org", row["name"]))
        for row in _rows("roles.csv"):
            self.roles[row["phrase"].lower()] = (tuple(_split(row["roles"])), row["title"] == "yes")

    def _build_automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for surface in self.entries:
            automaton.add_word(surface, surface)
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def place_kind(self, name: str) -> str:
        return self.place_kinds.get(name, "")

    def holders(self, country: str, roles: tuple[str, ...], day: date | None) -> list[str]:
        """Who held the first of `roles` that anyone held in `country` on `day`."""
        for role in roles:
            found = sorted({o.person for o in self.offices_by_country.get(country, ())
                            if o.role == role and o.held_on(day)})
            if found:
                return found
        return []

    def person_country(self, person: str, day: date | None = None) -> str:
        offices = self.offices.get(person, [])
        current = [o for o in offices if o.held_on(day)] or offices
        return current[0].country if current else ""

    def in_office(self, person: str, day: date | None) -> bool:
        return any(o.held_on(day) for o in self.offices.get(person, []))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    return Knowledge()
