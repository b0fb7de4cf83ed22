import pytest

from timeline.filters import (Filters, actor_counts, apply_filters, events_frame, filters_from_query,
                              filters_to_query, summary)


@pytest.fixture(scope="module")
def frame(seed_events):
    return events_frame(seed_events)


@pytest.mark.parametrize("filters", [
    Filters(actors=("Wang Yi",)),
    Filters(countries=("FRA",)),
    Filters(years=(2025, 2025)),
    Filters(types=("call",)),
    Filters(statuses=("planned",)),
    Filters(text="belarus"),
], ids=["actor", "country", "year", "type", "status", "text"])
def test_each_filter_narrows(frame, filters):
    shown = apply_filters(frame, filters)
    assert 0 < len(shown) < len(frame)


def test_filters_combine(frame):
    shown = apply_filters(frame, Filters(actors=("Wang Yi",), types=("visit",)))
    assert len(shown) > 0
    assert all("Wang Yi" in actors for actors in shown["actors"]) and set(shown["type"]) == {"visit"}


def test_year_filter_keeps_windows_that_overlap(frame):
    shown = apply_filters(frame, Filters(years=(2024, 2024)))
    assert (shown["start"].dt.year <= 2024).all() and (shown["end"].dt.year >= 2024).all()


def test_query_round_trip():
    filters = Filters(("Wang Yi", "Sergei Lavrov"), ("CHN",), (2023, 2024), ("visit",), ("held",), "moscow")
    assert filters_from_query(filters_to_query(filters)) == filters


@pytest.mark.parametrize("params", [{"years": "abc"}, {"type": ["party"]}, {"status": "maybe"}, {"years": ""}])
def test_junk_in_the_url_is_ignored(params):
    assert filters_from_query(params) == Filters()


def test_actor_counts_and_summary(frame):
    counts = dict(actor_counts(frame))
    assert counts["Wang Yi"] >= 5
    facts = summary(frame)
    assert facts["events"] == len(frame) and facts["sources"] == 5 and facts["first"] < facts["last"]
