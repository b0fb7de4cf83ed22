"""When was an article published, if no manifest says so?

Two clues in the text, in this order:
1. a header date: a full date (with its year) in the first lines of the page, where sites print
   "Published on ...", a timestamp or a dateline;
2. the latest full date the story itself reports as past: an article is written on or after
   the days it reports ("... shaking hands in Beijing on April 9, 2024").
Otherwise the article is undated and its relative dates stay unresolved.

Whatever gives it (the manifest, an upload, page metadata or the text), a publication date must
lie in PUBLISHED_RANGE: outside it, it is a typo or a placeholder, and dates reckoned from it
(a week before, a year after) could leave the calendar Python can represent.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import dateparser

from .clean import SENTENCE_END
from .dates import find_times, resolve
from .sentences import split_sentences

# Before this there were no news articles to read; the rest of the code reckons weeks and months
# around a publication date, which must stay far from date.min.
EARLIEST_PUBLISHED = date(1900, 1, 1)
# A publication date this far past today is a typo, not a scoop (a day more for time zones ahead).
MAX_FUTURE_DAYS = 2
# How far into the page a header date may stand.
HEADER_CHARS = 400
# Full dates in the forms page headers use; dateparser reads the span once found.
_HEADER_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:[0-3]?\d)"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|[0-3]?\d\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(?:19|20)\d\d)\b")
# Words in a clause that make a date one the story looks forward to, not back on.
_FORWARD = re.compile(r"\b(will|would|to be held|scheduled|due to|expected|plans?|planned|set to|"
                      r"upcoming|next|until|by)\b", re.IGNORECASE)
# Words that label a line as the page's date line even when it runs on into the story.
_HEADER_LABEL = re.compile(r"^\s*(?:date|published|updated|posted|source)\b|\b(?:published|updated|posted)\s+on\b",
                           re.IGNORECASE)
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


def published_range(today: date | None = None) -> tuple[date, date]:
    """The first and last days a publication date may be."""
    return EARLIEST_PUBLISHED, (today or date.today()) + timedelta(days=MAX_FUTURE_DAYS)


def implausible_published(day: date, today: date | None = None) -> str | None:
    """Why `day` cannot be a publication date (in words), or None when it can be one."""
    first, last = published_range(today)
    if day < first:
        return f"{day} is before {first}"
    if day > last:
        return f"{day} is in the future"
    return None


def header_date(text: str) -> date | None:
    """A full date on a header line: one that is not a sentence, or that labels itself."""
    head = text[:HEADER_CHARS]
    for match in _HEADER_DATE.finditer(head):
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if _HEADER_LABEL.search(line) or not SENTENCE_END.search(line.strip()):
            parsed = dateparser.parse(match.group(), languages=["en"], settings=_DATEPARSER_SETTINGS)
            if parsed and not implausible_published(parsed.date()):
                return parsed.date()
    return None


def latest_reported_date(text: str) -> date | None:
    """The latest full date (day, month and year) that a sentence reports as past."""
    latest = None
    for sentence in split_sentences(text):
        if _FORWARD.search(sentence.text):
            continue
        for expr in find_times(sentence.text):
            if expr.get("y") and expr.get("d") and expr.kind in ("month_day", "day_month", "iso"):
                window = resolve(expr, None)
                if window and not implausible_published(window.end) and (latest is None or window.end > latest):
                    latest = window.end
    return latest


def infer_published(text: str) -> tuple[date | None, str]:
    """(date, how it was found) from the article's own text."""
    found = header_date(text)
    if found:
        return found, "text:header date"
    found = latest_reported_date(text)
    if found:
        return found, "text:latest date reported"
    return None, "undated"

