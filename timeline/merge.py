"""One event however many sentences and articles report it.

Two reports are the same event when they have the same type, share a person (or, with no
person named, share the states), agree on the place, and their date windows overlap. The merged
event keeps every source, the most precise date, and the status of the newest source.

The merged timeline is a function of the set of reports, not of their order: reports are
clustered in one order decided by their content alone. An event several articles report keeps
the id of its earliest article's report, so a later report joining it does not change its id.
Candidates come from an index on type, person (or state) and time, so a report is compared only
with events whose windows can overlap its own: merge stays near-linear even when every event
is between the same two leaders.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable

from .knowledge import knowledge
from .records import DateWindow, Event

# Windows this close still overlap: a day's slack for time zones and overnight reports.
SLACK = timedelta(days=1)
PRECISION_RANK = {"range": 0, "day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
# A range of days ranks as the first precision whose limit (days) it is within, else as a year.
RANGE_AS_PRECISION = (("range", 7), ("month", 31), ("season", 92))
# Within one sentence or article, equal status reports are read in this order of strength.
STATUS_STRENGTH = {"cancelled": 2, "held": 1, "planned": 0}
# How far from its publication an undated report may sit from the dated event it joins.
UNDATED_REACH_BACK = timedelta(days=14)
UNDATED_REACH_AHEAD = timedelta(days=60)
DERIVED_BASES = ("during the visit", "on or before the report", "news of the last days", "ahead, no date given")
# The time index files a window under every bucket of this many days it touches: a day's window
# sits in one or two buckets, a year's in a dozen, and a report meets only its buckets' events.
BUCKET_DAYS = 32


def _window_rank(window: DateWindow | None) -> tuple:
    if window is None:
        return (9,)
    derived = window.basis.startswith(DERIVED_BASES)
    days = (window.end - window.start).days
    precision = window.precision
    if precision == "range":  # "May 3 to 5" is as good as a day; "recent" (60 days) is vaguer than a month
        precision = next((p for p, most in RANGE_AS_PRECISION if days <= most), "year")
    return (derived, PRECISION_RANK[precision], window.precision != "range", days)


def _overlap(a: DateWindow | None, b: DateWindow | None, allow_undated: bool) -> bool:
    if a is None or b is None:
        return allow_undated
    # In day numbers, so a window at the calendar's edges (year 1, year 9999) cannot overflow.
    return (a.start.toordinal() <= b.end.toordinal() + SLACK.days
            and b.start.toordinal() <= a.end.toordinal() + SLACK.days)


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
    located = [e.location for e in events if e.location]
    cities = [loc for loc in located if loc not in _country_names()]
    return (cities or located or [""])[0]


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(knowledge().country_names.values())


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


def _filed_under(event: Event) -> set[tuple]:
    """The keys a cluster is filed under for one of its reports. A cluster's keys are those of
    its reports together, so a compatible report finds it under at least one (see _lookups)."""
    return _keys(event) | {(event.type, "state", c) for c in event.countries}


# The bucket of the time index that holds every cluster: an undated report within one article
# may join an event of any date.
ANY_TIME = "any time"


def _buckets(window: DateWindow, slack: timedelta) -> range:
    return range((window.start.toordinal() - slack.days) // BUCKET_DAYS,
                 (window.end.toordinal() + slack.days) // BUCKET_DAYS + 1)


def _times(window: DateWindow | None) -> list:
    """Where in time a cluster is filed: every bucket its window reaches with SLACK (a report
    whose window shares none of them cannot overlap it), and any time."""
    return [ANY_TIME, *_buckets(window, SLACK)] if window is not None else [ANY_TIME]


def _probes(event: Event, allow_undated: bool) -> set[tuple]:
    """Where a report looks for clusters: its lookups, in the buckets of its own window."""
    if event.window is None:
        # Without allow_undated an undated report overlaps nothing: it starts its own cluster.
        return {(key, ANY_TIME) for key in _lookups(event)} if allow_undated else set()
    return {(key, time) for key in _lookups(event) for time in _buckets(event.window, timedelta(0))}


def _absorb(representative: Event, event: Event) -> Event:
    """What a cluster looks like to the next candidate: the best window, every actor and state."""
    best = min((representative, event), key=lambda e: _window_rank(e.window))
    return replace(best, actors=tuple(dict.fromkeys(representative.actors + event.actors)),
                   countries=tuple(dict.fromkeys(representative.countries + event.countries)),
                   location=_more_specific_location([best, representative, event]))


def _canonical(event: Event) -> tuple:
    """A total order over reports by content alone, so clustering never depends on input order.
    Most precise window first, so a vague report joins a precise one instead of chaining two
    precise ones that differ; among equals, articles in the order of their names (the order a
    folder is read in, so a folder's timeline is what it was before the order was fixed); then
    every other field, so only identical reports tie."""
    window = event.window
    return (_window_rank(window), min((s.doc_id for s in event.sources), default=""),
            (window.start, window.end, window.precision, window.text, window.basis) if window else (),
            event.type, event.actors, event.countries, event.location,
            tuple((s.published or date.min, s.doc_id, s.sentence, s.outlet, s.url, s.title) for s in event.sources),
            event.status, event.status_basis, event.cameo, event.confidence, event.title, event.trigger,
            event.mentions, event.evidence, event.first_report_id)


def _first_article(event: Event) -> tuple[date, str]:
    """The earliest article reporting it (undated articles last), then by file name."""
    published = min((s.published for s in event.sources if s.published), default=date.max)
    return published, min((s.doc_id for s in event.sources), default="")


def _cluster(events: list[Event], allow_undated: bool) -> list[list[Event]]:
    """Greedy clustering in the given order: each report joins the first cluster it is
    compatible with. Reports come most precise first, so a cluster keeps its first report's
    window, and is filed in that window's buckets once and for all."""
    representatives: list[Event] = []
    members: list[list[Event]] = []
    filed: list[set[tuple]] = []
    index: dict[tuple, list[int]] = {}
    for event in events:
        candidates = sorted({i for probe in _probes(event, allow_undated) for i in index.get(probe, ())})
        target = next((i for i in candidates if compatible(representatives[i], event, allow_undated)), None)
        if target is None:
            target = len(representatives)
            representatives.append(event)
            members.append([event])
            filed.append(set())
        else:
            representatives[target] = _absorb(representatives[target], event)
            members[target].append(event)
        keys = _filed_under(event) - filed[target]
        for key in keys:
            for time in _times(representatives[target].window):
                index.setdefault((key, time), []).append(target)
        filed[target] |= keys
    return members


def _keeping_first_id(merged: Event, members: list[Event]) -> Event:
    """An event several articles report takes the id of its earliest article's report (kept
    only where its own content would give another, so an event has one form)."""
    if len({s.doc_id for s in merged.sources}) < 2:
        return merged
    earliest = min(map(_first_article, members))
    first = min(e.event_id for e in members if _first_article(e) == earliest)
    return merged if first == merged.content_id else replace(merged, first_report_id=first)


def merge_events(events: Iterable[Event], allow_undated: bool = False) -> list[Event]:
    """The merged timeline of a set of reports, in any order (see the module's docstring).
    `allow_undated` merges undated reports with any compatible one: only within one article."""
    groups = _cluster(sorted(events, key=_canonical), allow_undated)
    clusters = [(combine(group) if len(group) > 1 else replace(group[0], title=group[0].title or title_of(group[0])),
                 group) for group in groups]
    if not allow_undated:
        clusters = _attach_undated(clusters)
    result = [_keeping_first_id(merged, members) for merged, members in clusters]
    return sorted(result, key=lambda e: (e.window.start if e.window else date.max, e.type, e.title))


def _attach_undated(clusters: list[tuple[Event, list[Event]]]) -> list[tuple[Event, list[Event]]]:
    """An article that reports an event without a date joins the one dated report of the same
    event around its publication ("said Monday that Wang will make a four-day visit").

    Dated events are indexed by key and start day; an undated report never gives a dated event
    its window, so a start never moves once filed."""
    starts: dict[tuple, list[tuple[int, int]]] = {}
    filed: dict[int, set[tuple]] = {}

    def file(j: int) -> None:
        merged = clusters[j][0]
        keys = _filed_under(merged) - filed.setdefault(j, set())
        for key in keys:
            insort(starts.setdefault(key, []), (merged.window.start.toordinal(), j))
        filed[j] |= keys

    for j, (merged, _) in enumerate(clusters):
        if merged.window is not None:
            file(j)
    keep = []
    for i, (merged, members) in enumerate(clusters):
        if merged.window is not None:
            keep.append(i)
            continue
        published = min((s.published for s in merged.sources if s.published), default=None)
        near = []
        if published is not None:
            first = published.toordinal() - UNDATED_REACH_BACK.days
            last = published.toordinal() + UNDATED_REACH_AHEAD.days
            candidates = set()
            for key in _lookups(merged):
                filed_starts = starts.get(key, [])
                candidates.update(j for _, j in filed_starts[bisect_left(filed_starts, (first,)):
                                                             bisect_left(filed_starts, (last + 1,))])
            near = [j for j in sorted(candidates) if compatible(clusters[j][0], merged, True)]
        if len(near) == 1:
            j = near[0]
            members_j = clusters[j][1] + members
            clusters[j] = (combine(members_j), members_j)
            file(j)
        else:
            keep.append(i)
    return [clusters[i] for i in keep]
