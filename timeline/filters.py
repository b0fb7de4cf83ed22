"""Events as a table, the page's filters over it, and the summary strip: pure functions.

The same `Filters` drive the page, its URL and `python -m timeline export`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

from .detail import safe_url
from .export import event_row
from .records import EVENT_TYPES, STATUSES, Event

LIST_COLUMNS = ("actors", "countries", "sources")


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str = ""


def events_frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event: the CSV contract's columns, dates as datetimes, lists as lists."""
    rows = []
    for event in events:
        row = event_row(event)
        for column in LIST_COLUMNS:
            row[column] = [v for v in row[column].split(";") if v]
        row["confidence"] = event.confidence
        row["date_text"] = event.window.text if event.window else ""
        row["outlets"] = sorted({s.outlet for s in event.sources if s.outlet})
        row["urls"] = [s.url for s in event.sources if s.url]
        # The table's Link column: the first URL that may be a link; never javascript: and the like.
        row["url"] = next(filter(None, map(safe_url, row["urls"])), None)
        row["n_sources"] = len(row["sources"])
        row["mentions"] = list(event.mentions)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else
                         ["event_id", "type", "cameo", "status", "start", "end", "precision", "title", "actors",
                          "countries", "location", "sources", "snippet", "confidence", "date_basis", "date_text",
                          "outlets", "urls", "url", "n_sources", "mentions"])
    frame["start"] = pd.to_datetime(frame["start"].replace("", None), errors="coerce")
    frame["end"] = pd.to_datetime(frame["end"].replace("", None), errors="coerce")
    frame["dated"] = frame["start"].notna()
    frame["year_start"] = frame["start"].dt.year.astype("Int64")
    frame["year_end"] = frame["end"].dt.year.astype("Int64")
    frame["search"] = (frame["title"].fillna("") + " " + frame["snippet"].fillna("") + " " +
                       frame["actors"].map(" ".join) + " " + frame["location"].fillna("")).str.lower()
    return frame


def _any_of(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: not wanted_set.isdisjoint(values)).astype(bool)


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if filters.actors:
        keep &= _any_of(frame["actors"], filters.actors)
    if filters.countries:
        keep &= _any_of(frame["countries"], filters.countries)
    if filters.years is not None:
        low, high = filters.years
        keep &= frame["dated"] & (frame["year_end"] >= low).fillna(False) & (frame["year_start"] <= high).fillna(False)
    if filters.types:
        keep &= frame["type"].isin(filters.types)
    if filters.statuses:
        keep &= frame["status"].isin(filters.statuses)
    if filters.text.strip():
        keep &= frame["search"].str.contains(filters.text.strip().lower(), regex=False)
    return frame[keep]


def actor_counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    counts = Counter(name for names in frame["actors"] for name in names)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def country_counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    counts = Counter(code for codes in frame["countries"] for code in codes)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def year_span(frame: pd.DataFrame) -> tuple[int, int] | None:
    dated = frame[frame["dated"]]
    if dated.empty:
        return None
    return int(dated["year_start"].min()), int(dated["year_end"].max())


def summary(frame: pd.DataFrame) -> dict:
    dated = frame[frame["dated"]]
    return {
        "events": len(frame),
        "actors": len({a for names in frame["actors"] for a in names}),
        "sources": len({s for docs in frame["sources"] for s in docs}),
        "first": dated["start"].min().date() if not dated.empty else None,
        "last": dated["end"].max().date() if not dated.empty else None,
        "undated": int((~frame["dated"]).sum()),
    }


def filters_to_query(filters: Filters) -> dict[str, str | list[str]]:
    """The URL query parameters of a filtered view (empty filters are left out)."""
    query: dict[str, str | list[str]] = {}
    for name, key in (("actors", "actor"), ("countries", "country"), ("types", "type"), ("statuses", "status")):
        if getattr(filters, name):
            query[key] = list(getattr(filters, name))
    if filters.years is not None:
        query["years"] = f"{filters.years[0]}-{filters.years[1]}"
    if filters.text:
        query["q"] = filters.text
    return query


def filters_from_query(params: Mapping[str, str | list[str]]) -> Filters:
    """Filters from URL query parameters; junk values are dropped, never an error."""
    def values(key: str) -> tuple[str, ...]:
        raw = params.get(key, ())
        raw = [raw] if isinstance(raw, str) else list(raw)
        return tuple(v for v in raw if v)

    years = None
    raw_years = values("years")
    if raw_years:
        try:
            low, high = (int(part) for part in raw_years[0].split("-", 1))
            years = (min(low, high), max(low, high))
        except ValueError:
            years = None
    return Filters(actors=values("actor"), countries=values("country"), years=years,
                   types=tuple(t for t in values("type") if t in EVENT_TYPES),
                   statuses=tuple(s for s in values("status") if s in STATUSES),
                   text=(values("q") or ("",))[0][:200])

