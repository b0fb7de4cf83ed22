"""Events as a table, the page's filters over it, and the summary strip: pure functions.

The same `Filters` drive the page, its URL and `python -m timeline export`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

import pandas as pd

from .detail import safe_url
from .export import event_row, split_list
from .records import EVENT_TYPES, STATUSES, Event

LIST_COLUMNS = ("actors", "countries", "sources")
MAX_QUERY_TEXT = 200
# A value quoted back in a warning is cut here: a link can hold a whole page of text.
MAX_QUOTED = 60


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str = ""
    places: tuple[str, ...] = ()  # the events' `location`: a place or a country name


def events_frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event: the CSV contract's columns, dates as datetimes, lists as lists."""
    rows = []
    for event in events:
        row = event_row(event)
        for column in LIST_COLUMNS:
            row[column] = split_list(row[column])
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
    if filters.places:
        keep &= frame["location"].isin(filters.places)
    return frame[keep]


def actor_counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    counts = Counter(name for names in frame["actors"] for name in names)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def country_counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    counts = Counter(code for codes in frame["countries"] for code in codes)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _facet_values(frame: pd.DataFrame, facet: str) -> list[str]:
    if facet == "places":  # one place per event, none for most calls
        return [place for place in frame["location"] if place]
    return [value for values in frame[facet] for value in values]


def facet_counts(frame: pd.DataFrame, filters: Filters, facet: str) -> list[tuple[str, int]]:
    """Every actor (facet "actors"), country ("countries") or place ("places") of the timeline with
    the number of its events that the *other* filters let through: the count a user gets by adding
    it. Most first; values the other filters exclude stay listed with 0, so a choice never vanishes
    from the list."""
    narrowed = Counter(_facet_values(apply_filters(frame, replace(filters, **{facet: ()})), facet))
    overall = Counter(_facet_values(frame, facet))
    return sorted(((value, narrowed.get(value, 0)) for value in overall),
                  key=lambda item: (-item[1], -overall[item[0]], item[0]))


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
    for name, key in (("actors", "actor"), ("countries", "country"), ("types", "type"), ("statuses", "status"),
                      ("places", "place")):
        if getattr(filters, name):
            query[key] = list(getattr(filters, name))
    if filters.years is not None:
        query["years"] = f"{filters.years[0]}-{filters.years[1]}"
    if filters.text:
        query["q"] = filters.text
    return query


def _values(params: Mapping[str, str | list[str]], key: str) -> tuple[str, ...]:
    raw = params.get(key, ())
    raw = [raw] if isinstance(raw, str) else list(raw)
    return tuple(v for v in raw if v)


def _years(raw: str) -> tuple[int, int] | None:
    try:
        low, high = (int(part) for part in raw.split("-", 1))
    except ValueError:
        return None
    return min(low, high), max(low, high)


def filters_from_query(params: Mapping[str, str | list[str]]) -> Filters:
    """Filters from URL query parameters; junk values are dropped (`query_warnings` says which)."""
    raw_years = _values(params, "years")
    return Filters(actors=_values(params, "actor"), countries=_values(params, "country"),
                   years=_years(raw_years[0]) if raw_years else None,
                   types=tuple(t for t in _values(params, "type") if t in EVENT_TYPES),
                   statuses=tuple(s for s in _values(params, "status") if s in STATUSES),
                   text=(_values(params, "q") or ("",))[0][:MAX_QUERY_TEXT], places=_values(params, "place"))


def _quoted(value: str) -> str:
    return repr(value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED] + "…")


def query_warnings(params: Mapping[str, str | list[str]], frame: pd.DataFrame, lanes: Iterable[str]) -> list[str]:
    """What in a shared link matches nothing here, named, with what the page does instead:
    a link must never widen the view silently."""
    warnings = []
    actors = {a for names in frame["actors"] for a in names}
    countries = {c for codes in frame["countries"] for c in codes}
    places = set(frame["location"]) - {""}
    for key, known, what in (("actor", actors, "actor"), ("country", countries, "country code"),
                             ("place", places, "place")):
        for value in _values(params, key):
            if value not in known:
                warnings.append(f"The link asks for the {what} {_quoted(value)}, which is in no event here: "
                                f"that filter is left out.")
    for key, allowed, what in (("type", EVENT_TYPES, "an event type"), ("status", STATUSES, "a status")):
        for value in _values(params, key):
            if value not in allowed:
                warnings.append(f"{_quoted(value)} is not {what} ({', '.join(allowed)}): that filter is left out.")
    raw_years = _values(params, "years")
    if raw_years:
        years, span = _years(raw_years[0]), year_span(frame)
        if years is None:
            warnings.append(f"{_quoted(raw_years[0])} is not a year range such as 2023-2025: all years are shown.")
        elif span is not None and (years[1] < span[0] or years[0] > span[1]):
            warnings.append(f"No event falls in {years[0]}–{years[1]} (this timeline runs {span[0]}–{span[1]}): "
                            f"all years are shown.")
    lane = _values(params, "lane")
    allowed_lanes = tuple(lanes)
    if lane and lane[0] not in allowed_lanes:
        warnings.append(f"{_quoted(lane[0])} is not a kind of lane ({', '.join(allowed_lanes)}): "
                        f"lanes are by {allowed_lanes[0]}.")
    ids = set(frame["event_id"])
    for event_id in _values(params, "event"):
        if event_id not in ids:
            warnings.append(f"No event has the id {_quoted(event_id)} here (the link may come from another "
                            f"database, or the event was merged into another since).")
    return warnings
