import pytest

from dataclasses import replace

from timeline.filters import (Filters, actor_counts, apply_filters, events_frame, facet_counts, filters_from_query,
                              filters_to_query, query_warnings, summary)


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
    Filters(places=("Moscow",)),
], ids=["actor", "country", "year", "type", "status", "text", "place"])
def test_each_filter_narrows(frame, filters):
    shown = apply_filters(frame, filters)
    assert 0 < len(shown) < len(frame)


def test_filters_combine(frame):
    shown = apply_filters(frame, Filters(actors=("Wang Yi",), types=("visit",)))
    assert len(shown) > 0
    assert all("Wang Yi" in actors for actors in shown["actors"]) and set(shown["type"]) == {"visit"}


def test_the_place_filter_keeps_the_events_there(frame):
    shown = apply_filters(frame, Filters(places=("Moscow", "Kazan")))
    assert set(shown["location"]) == {"Moscow", "Kazan"}
    assert len(shown) == frame["location"].isin(["Moscow", "Kazan"]).sum()


def test_year_filter_keeps_windows_that_overlap(frame):
    shown = apply_filters(frame, Filters(years=(2024, 2024)))
    assert (shown["start"].dt.year <= 2024).all() and (shown["end"].dt.year >= 2024).all()


def test_query_round_trip():
    filters = Filters(("Wang Yi", "Sergei Lavrov"), ("CHN",), (2023, 2024), ("visit",), ("held",), "moscow",
                      ("Moscow",))
    assert filters_from_query(filters_to_query(filters)) == filters


@pytest.mark.parametrize("params", [{"years": "abc"}, {"type": ["party"]}, {"status": "maybe"}, {"years": ""}])
def test_junk_in_the_url_is_ignored(params):
    assert filters_from_query(params) == Filters()


def test_actor_counts_and_summary(frame):
    counts = dict(actor_counts(frame))
    assert counts["Wang Yi"] >= 5
    facts = summary(frame)
    assert facts["events"] == len(frame) and facts["sources"] == 5 and facts["first"] < facts["last"]


LANES = ("actor", "country", "type")


@pytest.mark.parametrize("params,expected", [
    ({"actor": ["Nobody"]}, ["The link asks for the actor 'Nobody', which is in no event here: that filter is left out."]),
    ({"country": ["XXX", "CHN"]},
     ["The link asks for the country code 'XXX', which is in no event here: that filter is left out."]),
    ({"type": ["banquet"]}, ["'banquet' is not an event type (visit, meeting, call, summit): that filter is left out."]),
    ({"status": "maybe"}, ["'maybe' is not a status (held, planned, cancelled): that filter is left out."]),
    ({"years": "1990-1995"}, ["No event falls in 1990–1995 (this timeline runs 2023–2025): all years are shown."]),
    ({"years": "abc"}, ["'abc' is not a year range such as 2023-2025: all years are shown."]),
    ({"place": "Atlantis"},
     ["The link asks for the place 'Atlantis', which is in no event here: that filter is left out."]),
    ({"lane": "colour"}, ["'colour' is not a kind of lane (actor, country, type): lanes are by actor."]),
    ({"event": "000000000000"}, ["No event has the id '000000000000' here (the link may come from another database, "
                                 "or the event was merged into another since)."]),
    ({"actor": ["x" * 500]}, [f"The link asks for the actor '{'x' * 60}…', which is in no event here: "
                              "that filter is left out."]),
    ({"actor": ["Wang Yi"], "country": "RUS", "type": "visit", "status": "held", "years": "2020-2024",
      "lane": "country", "q": "anything", "place": "Moscow"}, []),
], ids=["unknown-actor", "unknown-country", "unknown-type", "unknown-status", "years-outside", "years-junk",
        "unknown-place", "unknown-lane", "unknown-event", "long-value-cut", "all-good"])
def test_a_link_that_matches_nothing_says_so(frame, params, expected):
    assert query_warnings(params, frame, LANES) == expected


def test_a_known_event_id_gives_no_warning(frame):
    assert query_warnings({"event": frame["event_id"].iloc[0]}, frame, LANES) == []


def test_facet_counts_follow_the_other_filters(frame):
    only_calls = Filters(types=("call",))
    counts = dict(facet_counts(frame, only_calls, "actors"))
    calls = apply_filters(frame, only_calls)
    assert counts["Xi Jinping"] == sum("Xi Jinping" in actors for actors in calls["actors"]) > 0
    assert counts["Wang Yi"] == 0  # listed, with nothing to add under this filter
    assert set(counts) == {a for actors in frame["actors"] for a in actors}


def test_facet_counts_ignore_their_own_filter(frame):
    chosen = Filters(actors=("Wang Yi",))
    assert facet_counts(frame, chosen, "actors") == facet_counts(frame, replace(chosen, actors=()), "actors")
    counts = [n for _, n in facet_counts(frame, chosen, "countries")]
    assert counts == sorted(counts, reverse=True) and counts[0] == len(apply_filters(frame, chosen))


def test_place_counts_follow_the_other_filters_and_ignore_their_own(frame):
    visits_in_moscow = Filters(types=("visit",), places=("Moscow",))
    counts = dict(facet_counts(frame, visits_in_moscow, "places"))
    visits = apply_filters(frame, Filters(types=("visit",)))
    assert counts["Moscow"] == (visits["location"] == "Moscow").sum() > 0
    assert counts["Kazan"] == 0  # a meeting and a summit there, no visit
    assert set(counts) == set(frame["location"]) - {""}
