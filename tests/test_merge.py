from dataclasses import fields, replace
from datetime import date

import pytest

from timeline.merge import _canonical, merge_events
from timeline.records import DateWindow, Event, Source


def event(doc, published, start, end, precision="day", status="planned", actors=("Wang Yi",), location="Moscow",
          kind="visit"):
    return Event(type=kind, cameo="042", status=status,
                 window=DateWindow(date.fromisoformat(start), date.fromisoformat(end), precision),
                 actors=actors, countries=("CHN", "RUS"), location=location,
                 sources=(Source(doc, f"sentence of {doc}", published=published),), confidence=0.8)


def test_the_same_visit_from_two_articles_is_one_event_with_both_sources():
    a = event("a", date(2025, 3, 28), "2025-03-31", "2025-04-06", "week", location="Russia")
    b = event("b", date(2025, 3, 28), "2025-03-31", "2025-04-02", "range")
    (merged,) = merge_events([a, b])
    assert {s.doc_id for s in merged.sources} == {"a", "b"}
    assert (merged.window.start, merged.window.end) == (date(2025, 3, 31), date(2025, 4, 2))  # most precise
    assert merged.location == "Moscow"  # the city, not the country


@pytest.mark.parametrize("precise, vague, kept", [
    (("2025-03-31", "2025-03-31", "day"), ("2025-02-01", "2025-04-01", "range"), ("2025-03-31", "2025-03-31")),
    (("2025-03-31", "2025-04-02", "range"), ("2025-03-31", "2025-03-31", "day"), ("2025-03-31", "2025-04-02")),
    (("2025-03-01", "2025-03-31", "month"), ("2025-01-01", "2025-04-01", "range"), ("2025-03-01", "2025-03-31")),
])
def test_the_most_precise_window_wins_and_a_long_range_is_vague(precise, vague, kept):
    """"a call on Wednesday" and "the call followed a recent decision" (60 days): Wednesday."""
    a, b = event("a", date(2025, 4, 1), *precise), event("b", date(2025, 4, 1), *vague)
    for pair in ([a, b], [b, a]):
        (merged,) = merge_events(pair)
        assert (merged.window.start.isoformat(), merged.window.end.isoformat()) == kept


def test_status_of_the_newest_source_wins():
    old = event("old", date(2016, 11, 1), "2016-11-06", "2016-11-08", "range", status="planned")
    new = event("new", date(2016, 11, 5), "2016-11-06", "2016-11-08", "range", status="cancelled")
    (merged,) = merge_events([old, new])
    assert merged.status == "cancelled"


def test_windows_that_do_not_overlap_stay_apart():
    june = event("a", date(2024, 4, 9), "2024-06-01", "2024-06-30", "month")
    october = event("a", date(2024, 4, 9), "2024-10-01", "2024-10-31", "month")
    assert len(merge_events([june, october])) == 2


def test_visits_to_two_countries_stay_apart():
    russia = event("a", date(2023, 9, 18), "2023-08-01", "2023-08-31", "month", location="Russia")
    belarus = replace(russia, location="Belarus", countries=("CHN", "BLR"))
    assert len(merge_events([russia, belarus])) == 2


def test_meetings_with_different_counterparts_stay_apart():
    lavrov = event("a", date(2023, 9, 18), "2023-09-18", "2023-09-21", "range", kind="meeting",
                   actors=("Wang Yi", "Sergei Lavrov"))
    patrushev = replace(lavrov, actors=("Wang Yi", "Nikolai Patrushev"))
    assert len(merge_events([lavrov, patrushev])) == 2


def test_merging_is_independent_of_input_order():
    items = [event("a", date(2025, 3, 28), "2025-03-31", "2025-04-06", "week"),
             event("b", date(2025, 3, 28), "2025-03-31", "2025-04-02", "range"),
             event("c", date(2025, 3, 29), "2025-04-01", "2025-04-01")]
    ids = {e.event_id for e in merge_events(items)}
    assert ids == {e.event_id for e in merge_events(list(reversed(items)))}


def test_an_event_keeps_its_first_reports_id_when_later_reports_join():
    first = event("a", date(2025, 3, 28), "2025-03-31", "2025-04-06", "week", location="Russia")
    (alone,) = merge_events([first])
    later = event("b", date(2025, 3, 29), "2025-03-31", "2025-04-02", "range", actors=("Wang Yi", "Sergei Lavrov"))
    (joined,) = merge_events([later, first])
    assert (joined.window.precision, joined.location) == ("range", "Moscow")  # the content changed ...
    assert joined.event_id == alone.event_id  # ... the id did not
    earlier = event("c", date(2025, 3, 27), "2025-03-31", "2025-04-02", "range")
    (again,) = merge_events([earlier, later, first])
    assert again.event_id == merge_events([earlier])[0].event_id  # the earliest article's report gives it


@pytest.mark.parametrize("published, joins", [
    (date(2025, 4, 14), True),   # published 14 days after the event began
    (date(2025, 4, 15), False),  # 15 days after: it may be about another one
    (date(2025, 1, 30), True),   # 60 days before
    (date(2025, 1, 29), False),  # 61 days before
])
def test_an_undated_report_joins_the_one_dated_event_around_its_publication(published, joins):
    dated = event("dated", date(2025, 3, 28), "2025-03-31", "2025-04-02", "range")
    undated = replace(event("undated", published, "2025-03-31", "2025-04-02"), window=None)
    merged = merge_events([undated, dated])
    assert len(merged) == (1 if joins else 2)


@pytest.mark.parametrize("day", [date.min, date.max])
def test_windows_at_the_ends_of_the_calendar_merge(day):
    a = event("a", day, day.isoformat(), day.isoformat())
    undated = replace(event("b", day, day.isoformat(), day.isoformat()), window=None)
    assert [len(e.sources) for e in merge_events([a, a, undated])] == [2]


EVENT_CHANGES = {
    "type": {"type": "meeting"}, "cameo": {"cameo": "040"}, "status": {"status": "held"},
    "window": {"window": DateWindow(date(2025, 3, 31), date(2025, 4, 6), "week", "next week", "relative")},
    "actors": {"actors": ("Sergei Lavrov",)}, "countries": {"countries": ("RUS",)}, "location": {"location": "Kazan"},
    "sources": {"sources": (Source("a", "another sentence"),)}, "confidence": {"confidence": 0.5},
    "title": {"title": "Visit"}, "trigger": {"trigger": "visit"}, "mentions": {"mentions": ("Wang",)},
    "status_basis": {"status_basis": "planned: 'will'"}, "evidence": {"evidence": ("locate",)},
    "first_report_id": {"first_report_id": "0123456789ab"},
}
WINDOW_CHANGES = {"start": date(2025, 3, 30), "end": date(2025, 4, 3), "precision": "week", "text": "soon",
                  "basis": "relative"}
SOURCE_CHANGES = {"doc_id": "z", "sentence": "other", "outlet": "AP", "published": date(2025, 1, 1),
                  "url": "https://example.org", "title": "A title"}


def test_every_field_is_in_the_canonical_order():
    """Only identical reports may tie, or the order of input would decide between them."""
    assert set(EVENT_CHANGES) == {f.name for f in fields(Event)}
    assert set(WINDOW_CHANGES) == {f.name for f in fields(DateWindow)}
    assert set(SOURCE_CHANGES) == {f.name for f in fields(Source)}
    base = event("a", date(2025, 3, 28), "2025-03-31", "2025-04-02", "range")
    changed = [replace(base, **change) for change in EVENT_CHANGES.values()]
    changed += [replace(base, window=replace(base.window, **{k: v})) for k, v in WINDOW_CHANGES.items()]
    changed += [replace(base, sources=(replace(base.sources[0], **{k: v}),)) for k, v in SOURCE_CHANGES.items()]
    assert all(_canonical(other) != _canonical(base) for other in changed)
