from dataclasses import replace
from datetime import date

from timeline.merge import merge_events
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
