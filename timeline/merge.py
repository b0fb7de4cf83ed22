"""One event however many sentences and articles report it.

Two reports are the same event when they have the same type, share a person (or, with no
person named, share the states), agree on the place, and their date windows overlap. The merged
event keeps every source, the most precise date, and the status of the newest source.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Iterable

from .knowledge import knowledge
from .records import DateWindow, Event

# Windows this close still overlap: a day's slack for time zones and overnight reports.
SLACK = timedelta(days=1)
PRECISION_RANK = {"range": 0, "day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
# Within one sentence or article, equal status reports are read in this order of strength.
STATUS_STRENGTH = {"cancelled": 2, "held": 1, "planned": 0}
# How far from its publication an undated report may sit from the dated event it joins.
UNDATED_REACH_BACK = timedelta(days=14)
UNDATED_REACH_AHEAD = timedelta(days=60)
DERIVED_BASES = ("during the visit", "on or before the report", "news of the last days", "ahead, no date given")


def _window_rank(window: DateWindow | None) -> tuple:
    if window is None:
        return (9,)
    derived = window.basis.startswith(DERIVED_BASES)
    return (derived, PRECISION_RANK[window.precision], window.precision != "range",
            (window.end - window.start).days)


def _overlap(a: DateWindow | None, b: DateWindow | None, allow_undated: bool) -> bool:
    if a is None or b is None:
        return allow_undated
    return a.start <= b.end + SLACK and b.start <= a.end + SLACK


def _location_country(location: str) -> str:
    kb = knowledge()
    for entry in kb.entries.get(location, []):
        if entry.kind in ("place", "country"):
            return entry.country or entry.value
    return ""


def _same_place(a: Event, b: Event) -> bool:
    if not a.location or not b.location or a.location == b.location:
        return True
    return _location_country(a.location) == _location_country(b.location) != ""


def compatible(a: Event, b: Event, allow_undated: bool = False) -> bool:
    if a.type != b.type or not _overlap(a.window, b.window, allow_undated):
        return False
    if a.actors and b.actors:
        ours, theirs = set(a.actors), set(b.actors)
        shared = bool(ours & theirs)
        if a.type in ("meeting", "call") and shared:
            # Wang meeting Lavrov and Wang meeting Patrushev the same week are two meetings.
            shared = ours <= theirs or theirs <= ours or len(ours & theirs) >= 2
    else:
        shared = len(set(a.countries) & set(b.countries)) >= min(2, len(a.countries), len(b.countries)) > 0
    if not shared and a.type == "summit" and a.location and a.location == b.location \
            and not (a.actors and b.actors):
        # A report that names no participant is identified by place and days; two reports that
        # name different leaders are two gatherings (a capital can host two summits in one week).
        shared = bool(set(a.countries) & set(b.countries))
    if not shared:
        return False
    if a.type == "visit":
        # Two trips by the same person to two countries in one window are two visits.
        return _location_country(a.location) == _location_country(b.location) or not (a.location and b.location)
    return _same_place(a, b)


def _newest_report(events: list[Event]) -> Event:
    """The report whose status the merged event takes: the newest source says how it stands."""
    def key(event: Event):
        newest = max((s.published or date.min for s in event.sources), default=date.min)
        return (newest, STATUS_STRENGTH[event.status])
    return max(events, key=key)


def _more_specific_location(events: list[Event]) -> str:
    kb = knowledge()
    located = [e.location for e in events if e.location]
    cities = [loc for loc in located if loc not in kb.country_names.values()]
    return (cities or located or [""])[0]


def combine(events: list[Event]) -> Event:
    best = min(events, key=lambda e: _window_rank(e.window))
    sources, seen = [], set()
    for event in sorted(events, key=lambda e: min((s.published or date.min for s in e.sources),
                                                    default=date.min)):
        for source in event.sources:
            key = (source.doc_id, source.sentence)
            if key not in seen:
                seen.add(key)
                sources.append(source)
    actors = tuple(dict.fromkeys(a for e in events for a in e.actors))
    countries = tuple(dict.fromkeys(c for e in events for c in e.countries))
    documents = {s.doc_id for s in sources}
    confidence = round(min(1.0, max(e.confidence for e in events) + 0.05 * (len(documents) - 1)), 2)
    newest = _newest_report(events)
    merged = replace(best, status=newest.status, status_basis=newest.status_basis, actors=actors, countries=countries,
                     location=_more_specific_location([best] + events), sources=tuple(sources),
                     confidence=confidence,
                     mentions=tuple(dict.fromkeys(m for e in events for m in e.mentions)))
    return replace(merged, title=title_of(merged))


def title_of(event: Event) -> str:
    kb = knowledge()
    who = ", ".join(event.actors[:3]) or ", ".join(kb.country_names.get(c, c) for c in event.countries[:3])
    where = f" in {event.location}" if event.location else ""
    return f"{event.type.capitalize()}: {who}{where}"


def _keys(event: Event) -> set[tuple]:
    """Index keys: two events that can merge share at least one. An event with people is filed
    under each person; one with states only under each state."""
    if event.actors:
        return {(event.type, "actor", a) for a in event.actors}
    return {(event.type, "anonymous", c) for c in event.countries}


def _lookups(event: Event) -> set[tuple]:
    """Where to look for clusters an event may join: its own keys, and clusters naming states only."""
    anonymous = {(event.type, "anonymous", c) for c in event.countries}
    if event.type == "summit":
        anonymous |= {(event.type, "state", c) for c in event.countries}
    if event.actors:
        return _keys(event) | anonymous
    return anonymous | {(event.type, "state", c) for c in event.countries}


def _absorb(representative: Event, event: Event) -> Event:
    """What a cluster looks like to the next candidate: the best window, every actor and state."""
    best = min((representative, event), key=lambda e: _window_rank(e.window))
    return replace(best, actors=tuple(dict.fromkeys(representative.actors + event.actors)),
                   countries=tuple(dict.fromkeys(representative.countries + event.countries)),
                   location=_more_specific_location([best, representative, event]))


def merge_events(events: Iterable[Event], allow_undated: bool = False) -> list[Event]:
    """Greedy clustering, most precise reports first, so a vague report joins a precise one
    instead of chaining two precise ones that differ. Clusters are found through an index
    on type and actor, so a corpus merges in near-linear time."""
    representatives: list[Event] = []
    members: list[list[Event]] = []
    index: dict[tuple, list[int]] = {}
    for event in sorted(events, key=lambda e: _window_rank(e.window)):
        candidates = sorted({i for key in _lookups(event) for i in index.get(key, ())})
        target = next((i for i in candidates if compatible(representatives[i], event, allow_undated)), None)
        if target is None:
            target = len(representatives)
            representatives.append(event)
            members.append([event])
        else:
            representatives[target] = _absorb(representatives[target], event)
            members[target].append(event)
        representative = representatives[target]
        for key in _keys(representative) | {(representative.type, "state", c) for c in representative.countries}:
            bucket = index.setdefault(key, [])
            if not bucket or bucket[-1] != target:
                bucket.append(target)
    clusters = [(combine(group) if len(group) > 1 else replace(group[0], title=group[0].title or title_of(group[0])),
                 group) for group in members]
    if not allow_undated:
        clusters = _attach_undated(clusters)
    result = [merged for merged, _ in clusters]
    return sorted(result, key=lambda e: (e.window.start if e.window else date.max, e.type, e.title))


def _attach_undated(clusters: list[tuple[Event, list[Event]]]) -> list[tuple[Event, list[Event]]]:
    """An article that reports an event without a date joins the one dated report of the same
    event around its publication ("said Monday that Wang will make a four-day visit")."""
    dated = [i for i, (merged, _) in enumerate(clusters) if merged.window is not None]
    keep = []
    for i, (merged, members) in enumerate(clusters):
        if merged.window is not None:
            keep.append(i)
            continue
        published = min((s.published for s in merged.sources if s.published), default=None)
        near = [j for j in dated if published is not None and compatible(clusters[j][0], merged, True)
                and published - UNDATED_REACH_BACK <= clusters[j][0].window.start <= published + UNDATED_REACH_AHEAD]
        if len(near) == 1:
            j = near[0]
            members_j = clusters[j][1] + members
            clusters[j] = (combine(members_j), members_j)
        else:
            keep.append(i)
    return [clusters[i] for i in keep]
