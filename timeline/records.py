"""The plain records that flow between the pipeline's stages.

    ingest -> Article -> sentences -> Mention (actors, places, dates) -> Event -> merge

Every record is a frozen dataclass so a stage can never change what an earlier stage produced.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

EVENT_TYPES = ("visit", "meeting", "call", "summit")
STATUSES = ("held", "planned", "cancelled")
PRECISIONS = ("day", "week", "month", "season", "year", "range")

# How the publication date of an article was reached.
PUBLISHED_FROM_MANIFEST = "manifest"  # else "text:<how>" (published.py) or "undated"
UNDATED = "undated"


@dataclass(frozen=True)
class Article:
    doc_id: str
    text: str
    published: date | None = None
    published_basis: str = UNDATED  # manifest | text | undated
    outlet: str = ""
    url: str = ""
    title: str = ""
    notices: tuple[str, ...] = ()  # what reading the file lost, e.g. bytes that were not UTF-8
    name: str = ""  # the file it was read from, by which a manifest added later finds it


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class DateWindow:
    start: date
    end: date
    precision: str  # one of PRECISIONS
    text: str = ""  # the expression as written
    basis: str = ""  # how it was resolved, e.g. "relative:next month @2023-09-18"

    @property
    def exact(self) -> bool:
        """True when the days themselves are known, not only a window around them."""
        return self.precision in ("day", "range")


@dataclass(frozen=True)
class Mention:
    """A span of a sentence recognised as something: a person, country, place, date ..."""
    kind: str  # person | country | org | place | date | trigger
    text: str
    start: int  # character offsets into the sentence
    end: int
    value: str  # canonical form: a person's name, an ISO3 code, a place name, an event type
    country: str = ""  # ISO3 the mention belongs to (a person's or a place's country)
    role: str = ""


@dataclass(frozen=True)
class Source:
    doc_id: str
    sentence: str
    outlet: str = ""
    published: date | None = None
    url: str = ""
    title: str = ""


@dataclass(frozen=True)
class Event:
    type: str  # one of EVENT_TYPES
    cameo: str
    status: str  # one of STATUSES
    window: DateWindow | None  # None: the text does not allow a date
    actors: tuple[str, ...]  # canonical names of people
    countries: tuple[str, ...]  # ISO 3166-1 alpha-3
    location: str
    sources: tuple[Source, ...]
    confidence: float
    title: str = ""
    trigger: str = ""  # the words that made it an event, for highlighting
    mentions: tuple[str, ...] = field(default=())  # words to highlight in the snippet
    status_basis: str = ""  # the cue that decided the status, e.g. "planned: 'is due to'"
    evidence: tuple[str, ...] = field(default=())  # the rules (rules.py) that decided the event
    first_report_id: str = ""  # several articles report it: its earliest article's report's id (merge.py)

    @property
    def event_id(self) -> str:
        """Derived from content, so the same input gives the same id on every run; an event
        several articles report keeps the id of its earliest article's report, so a later
        report joining it does not change it."""
        return self.first_report_id or self.content_id

    @property
    def content_id(self) -> str:
        window = f"{self.window.start}..{self.window.end}" if self.window else "undated"
        first = min(s.doc_id for s in self.sources) if self.sources else ""
        key = "|".join([self.type, window, ";".join(sorted(self.actors)),
                        ";".join(sorted(self.countries)), self.location, first])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    @property
    def snippet(self) -> str:
        return self.sources[0].sentence if self.sources else ""
