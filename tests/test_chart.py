import html
import json
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from timeline.chart import (HOVER_COLUMNS, MAX_FOLDED_MARKS, MAX_LANES, MAX_ROWS, MAX_STACK, MIN_WIDTH_SHARE,
                            OTHER_LANE, TICK_FORMATS, WEBGL_THRESHOLD, build_figure, count_bin, counts_over_time,
                            lane_order, layout_events)
from timeline.filters import events_frame
from timeline.records import DateWindow, Event, Source


@pytest.fixture(scope="module")
def figure(seed_events):
    return build_figure(events_frame(seed_events))


def event(actor: str, first: date, last: date, kind: str = "meeting", status: str = "held", doc: str = "d") -> Event:
    return Event(type=kind, cameo="040", status=status, window=DateWindow(first, last, "day"), actors=(actor,),
                 countries=("CHN",), location="Beijing", sources=(Source(doc, f"{actor} met someone."),),
                 confidence=0.9, title=f"{kind} of {actor} {first}")


def placed(events: list[Event], **options) -> pd.DataFrame:
    return layout_events(events_frame(events), **options)


def marks(figure) -> list:
    """The traces of the lanes (one per type · status), not the counts strip's."""
    return [trace for trace in figure.data if trace.yaxis in (None, "y")]


def strip(figure) -> list:
    return [trace for trace in figure.data if trace.yaxis == "y2"]


def hover_words(trace, column: str) -> list[str]:
    return [row[HOVER_COLUMNS.index(column)] for row in trace.customdata]


def test_every_dated_event_is_a_bar_carrying_its_id(figure, seed_events):
    assert {trace.type for trace in marks(figure)} == {"bar"}
    assert all(trace.orientation == "h" for trace in marks(figure))
    ids = {i for trace in marks(figure) for i in hover_words(trace, "event_id")}
    assert ids == {e.event_id for e in seed_events if e.window}


def test_the_legend_names_type_and_status(figure, seed_events):
    names = {trace.name for trace in figure.data if trace.showlegend is not False}
    assert names == {f"{e.type} · {e.status}" for e in seed_events if e.window}


@pytest.mark.parametrize("status,filled,crossed", [
    ("held", True, False), ("planned", False, False), ("cancelled", False, True),
])
def test_held_filled_planned_outlined_cancelled_crossed(status, filled, crossed):
    figure = build_figure(events_frame([event("Wang Yi", date(2024, 1, 1), date(2024, 1, 31), status=status)]))
    marker = figure.data[0].marker
    assert (marker.color == "#2ca02c") is filled
    assert marker.line.color == "#2ca02c" and marker.line.width >= 1
    assert (marker.pattern.shape == "x") is crossed


def test_overlapping_events_in_a_lane_are_stacked_and_others_share_a_row():
    rows = placed([event("A", date(2024, 1, 1), date(2024, 1, 31)),
                   event("A", date(2024, 1, 15), date(2024, 2, 15)),
                   event("A", date(2024, 3, 1), date(2024, 3, 31)),
                   event("A", date(2024, 1, 20), date(2024, 1, 20))])
    by_title = dict(zip(rows["title"], rows["row"]))
    assert by_title["meeting of A 2024-01-01"] != by_title["meeting of A 2024-01-15"]
    for title, row in by_title.items():
        for other, other_row in by_title.items():
            a, b = rows[rows["title"] == title].iloc[0], rows[rows["title"] == other].iloc[0]
            if title != other and row == other_row:
                assert a["right"] <= b["left"] or b["right"] <= a["left"]
    assert set(rows["lane_rows"]) == {3}


def test_a_lane_stacks_at_most_max_stack_deep():
    rows = placed([event("A", date(2024, 1, 1), date(2024, 1, 31), doc=f"d{i}") for i in range(MAX_STACK + 3)])
    assert rows["row"].nunique() == MAX_STACK == rows["lane_rows"].iloc[0]


def test_many_crowded_lanes_stack_less_deep_to_keep_the_chart_within_max_rows():
    events = [event(f"P{lane:02d}", date(2024, 1, 1), date(2024, 1, 31), doc=f"d{lane}-{i}")
              for lane in range(MAX_LANES) for i in range(MAX_STACK)]
    rows = placed(events)
    assert rows["row"].nunique() <= MAX_ROWS and rows["lane_rows"].max() == MAX_ROWS // MAX_LANES


def test_lanes_below_each_other_do_not_share_rows():
    rows = placed([event("A", date(2024, 1, 1), date(2024, 1, 31)), event("A", date(2024, 1, 2), date(2024, 1, 3)),
                   event("B", date(2024, 1, 1), date(2024, 1, 31))])
    assert sorted(rows.groupby("lane")["row"].apply(sorted).tolist()) == [[0, 1], [2]]


@pytest.mark.parametrize("lanes,pinned,expected", [
    (["B", "A", "A", "C", "A", "C"], (), ["A", "C", "B"]),
    (["B", "A", "A", "C", "A", "C"], ("B",), ["B", "A", "C"]),
    (["B", "A", "A", "C", "A", "C"], ("C", "Nobody", "B"), ["C", "B", "A"]),
    (["b", "a"], (), ["a", "b"]),
], ids=["by-count", "pinned-on-top", "pinned-in-order-unknown-skipped", "ties-by-name"])
def test_lane_order(lanes, pinned, expected):
    assert lane_order(pd.Series(lanes), pinned) == expected


def test_past_max_lanes_the_tail_is_one_lane_but_a_pinned_lane_stays():
    names = [f"P{i:03d}" for i in range(MAX_LANES + 10)]
    lanes = pd.Series([name for i, name in enumerate(names) for _ in range(len(names) - i)])
    order = lane_order(lanes, pinned=(names[-1],))
    assert len(order) == MAX_LANES and order[0] == names[-1] and order[-1] == OTHER_LANE


def test_the_figure_puts_the_pinned_lane_on_top(seed_events):
    figure = build_figure(events_frame(seed_events), pinned=("Jake Sullivan",))
    assert figure.layout.yaxis.ticktext[0] == "Jake Sullivan"
    assert figure.layout.yaxis.range[0] > figure.layout.yaxis.range[1]  # top to bottom


def test_short_events_get_a_minimum_width_centred_on_them():
    rows = placed([event("A", date(2015, 1, 1), date(2015, 1, 1)), event("A", date(2024, 6, 9), date(2024, 6, 9)),
                   event("A", date(2020, 1, 1), date(2020, 12, 31))]).set_index("title")
    span = pd.Timestamp("2024-06-10") - pd.Timestamp("2015-01-01")  # first start to the end of the last day
    short = rows.loc["meeting of A 2024-06-09"]
    assert short["right"] - short["left"] >= span * MIN_WIDTH_SHARE > pd.Timedelta(days=10)
    middle = short["left"] + (short["right"] - short["left"]) / 2
    assert middle == pd.Timestamp("2024-06-09 12:00")
    year = rows.loc["meeting of A 2020-01-01"]
    assert (year["left"], year["right"]) == (pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01"))


def test_a_day_is_drawn_from_its_midnight_to_the_next_when_that_is_wide_enough():
    rows = placed([event("A", date(2024, 6, 9), date(2024, 6, 9)), event("A", date(2024, 6, 10), date(2024, 6, 11))])
    assert rows.sort_values("left")[["left", "right"]].values.tolist() == [
        [pd.Timestamp("2024-06-09"), pd.Timestamp("2024-06-10")], [pd.Timestamp("2024-06-10"), pd.Timestamp("2024-06-12")]]


def test_edges_are_padded(figure, seed_events):
    low, high = (pd.Timestamp(v) for v in figure.layout.xaxis.range)
    dated = [e.window for e in seed_events if e.window]
    assert low < pd.Timestamp(min(w.start for w in dated)) - timedelta(days=6)
    assert high > pd.Timestamp(max(w.end for w in dated)) + timedelta(days=7)


def _finest_unit_between_ticks(upper) -> str:
    """The unit a tick label must name when ticks are at most `upper` apart."""
    if upper is None:
        return "year"
    if upper in ("M1",) or not str(upper).startswith("M"):
        return "day"
    return "month"


@pytest.mark.parametrize("stop", range(len(TICK_FORMATS)))
def test_tick_labels_name_the_unit_that_changes(figure, stop):
    """Ticks closer than a month name the day, closer than a year the month: never "Aug Aug Aug"."""
    tick = figure.layout.xaxis.tickformatstops[stop]
    unit = _finest_unit_between_ticks(tick.dtickrange[1])
    assert "%Y" in tick.value
    assert ("%b" in tick.value) is (unit != "year")
    assert ("%-d" in tick.value) is (unit == "day")


def test_hover_words_are_escaped_and_a_one_day_event_reads_one_date(seed_events):
    source = seed_events[0].sources[0]
    hostile = replace(event("<b>A</b>", date(2025, 6, 9), date(2025, 6, 9)), title='<img src=x onerror=alert(1)>',
                      sources=(replace(source, sentence="<script>alert(1)</script> met"),))
    trace = build_figure(events_frame([hostile])).data[0]
    words = " ".join(trace.customdata[0])
    assert "<script>" not in words and "<img" not in words and "<b>" not in words
    assert html.escape("<script>", quote=False) in words and "&lt;b&gt;A&lt;/b&gt;" in words
    assert hover_words(trace, "dates") == ["2025-06-09"]


def test_the_hover_shows_every_word_and_the_type_and_status():
    planned = event("Wang Yi", date(2024, 1, 1), date(2024, 1, 31), status="planned")
    trace = build_figure(events_frame([planned])).data[0]
    for column in HOVER_COLUMNS[1:]:
        assert f"%{{customdata[{HOVER_COLUMNS.index(column)}]}}" in trace.hovertemplate
    assert "meeting · planned" in trace.hovertemplate
    assert hover_words(trace, "dates") == ["2024-01-01 – 2024-01-31"]
    assert hover_words(trace, "snippet") == ["Wang Yi met someone.<br>"]


def test_lane_names_are_escaped():
    figure = build_figure(events_frame([event("<b>x</b>", date(2024, 1, 1), date(2024, 1, 2))]))
    assert figure.layout.yaxis.ticktext == ("&lt;b&gt;x&lt;/b&gt;",)


def test_empty_frame_explains_itself():
    figure = build_figure(events_frame([]))
    assert "No dated events" in figure.layout.annotations[0].text


def test_large_timelines_use_webgl_markers_that_keep_ids_and_hover_without_the_snippet(seed_events):
    dated = [e for e in seed_events if e.window]
    many = [replace(e, title=f"{e.title} {i}", sources=(replace(e.sources[0], doc_id=f"d{i}"),))
            for i in range(WEBGL_THRESHOLD // len(dated) + 1) for e in dated]
    figure = build_figure(events_frame(many))
    assert {trace.type for trace in marks(figure)} == {"scattergl"}
    assert {i for trace in marks(figure) for i in hover_words(trace, "event_id")} == {e.event_id for e in many}
    for trace in marks(figure):
        assert all(hover_words(trace, "actors")) and all(hover_words(trace, "sources"))
        assert set(hover_words(trace, "snippet")) == {""}


@pytest.mark.parametrize("first,last,expected", [
    ("2024-01-01", "2024-03-01", "week"), ("2024-01-01", "2024-12-31", "week"), ("2015-01-01", "2024-06-01", "month"),
    ("1990-01-01", "2024-06-01", "year"),
], ids=["weeks", "a-year-in-weeks", "ten-years-in-months", "decades-in-years"])
def test_the_counts_strip_bins_by_the_span(first, last, expected):
    assert count_bin(pd.Timestamp(first), pd.Timestamp(last))[1] == expected


def test_the_counts_strip_counts_each_event_once_in_the_bin_of_its_start(seed_events):
    frame = events_frame(seed_events)
    counts, name = counts_over_time(frame)
    assert name == "month" and counts["events"].sum() == frame["dated"].sum()
    september = counts[counts["start"] == pd.Timestamp("2023-09-01")]
    expected = frame[(frame["start"].dt.year == 2023) & (frame["start"].dt.month == 9)]
    assert dict(zip(september["type"], september["events"])) == expected["type"].value_counts().to_dict()
    assert (september["end"] == pd.Timestamp("2023-10-01")).all()


def test_the_counts_strip_follows_the_filters_on_the_timeline_s_own_date_axis(seed_events):
    frame = events_frame(seed_events)
    calls = frame[frame["type"] == "call"]
    figure = build_figure(calls)
    assert [trace.name for trace in strip(figure)] == ["call"] and sum(strip(figure)[0].y) == len(calls)
    assert {trace.xaxis for trace in figure.data} == {None}  # one x axis: zoom and pan move both
    assert figure.layout.yaxis2.domain[0] > figure.layout.yaxis.domain[1]  # above the lanes


def test_the_counts_strip_stacks_the_types_of_a_bin(seed_events):
    counts, _ = counts_over_time(events_frame(seed_events))
    for _, bin_counts in counts.groupby("start"):
        assert bin_counts["below"].tolist() == (bin_counts["events"].cumsum() - bin_counts["events"]).tolist()
    tallest = counts.groupby("start")["events"].sum().max()
    assert build_figure(events_frame(seed_events)).layout.yaxis2.range[1] >= tallest


def many_events(n: int) -> list[Event]:
    """n one-day events in 30 lanes (none folded), over eleven years."""
    days = [date(2010, 1, 1) + timedelta(days=i % 4000) for i in range(n)]
    return [event(f"P{i % 30}", days[i], days[i], kind=("visit", "meeting", "call")[i % 3], doc=f"d{i}")
            for i in range(n)]


@pytest.mark.parametrize("n", [20, WEBGL_THRESHOLD + 1], ids=["bars", "webgl"])
def test_the_range_slider_draws_the_counts_and_the_date_axis_tops_the_lanes(n):
    """Plotly's slider draws no WebGL trace: it shows the strip's bars (on their own y axis, whose
    range it follows) and keeps every lane mark below its view."""
    figure = build_figure(events_frame(many_events(n)))
    assert {trace.type for trace in marks(figure)} == {"scattergl" if n > WEBGL_THRESHOLD else "bar"}
    slider = figure.layout.xaxis.rangeslider
    assert slider.visible and slider.range == figure.layout.xaxis.range
    low, high = slider.yaxis.range
    assert all(row - 0.5 > high for trace in marks(figure) for row in trace.y)
    assert {trace.type for trace in strip(figure)} == {"bar"} and figure.layout.yaxis2.range is not None
    assert (figure.layout.xaxis.side, figure.layout.xaxis.anchor) == ("top", "y")


@pytest.mark.parametrize("n", [20, WEBGL_THRESHOLD + 1], ids=["bars", "webgl"])
def test_the_browser_gets_dates_as_numbers_and_each_point_only_its_words(n):
    figure = build_figure(events_frame(many_events(n)))
    sent = json.loads(figure.to_json())
    for trace in sent["data"]:  # typed arrays (Plotly sends a bar's base as a list whatever it is given)
        arrays = [trace[name] for name in ("x", "y", "width") if isinstance(trace.get(name), (list, dict))]
        assert arrays and all(isinstance(array, dict) and "bdata" in array for array in arrays)
    assert not any("<b>" in cell or "Actors:" in cell for trace in marks(figure) for row in trace.customdata
                   for cell in row)


def test_folded_lanes_say_how_many_they_hold_and_a_few_events_there_are_marks():
    events = [event(f"P{i:03d}", date(2024, 1, 1), date(2024, 1, 2), doc=f"d{i}") for i in range(MAX_LANES + 5)]
    figure = build_figure(events_frame(events))
    assert "(6 more)" in figure.layout.yaxis.ticktext
    assert {i for trace in marks(figure) for i in hover_words(trace, "event_id")} == {e.event_id for e in events}


def test_a_crowded_folded_lane_counts_its_events_per_period_and_the_others_stay_marks():
    days = [date(2020, 1, 1) + timedelta(days=40 * i) for i in range(20)]
    busy = [event(f"Busy {lane:02d}", day, day, doc=f"b{lane}-{day}") for lane in range(MAX_LANES - 1) for day in days]
    hidden = [event(f"Rare {i:04d}", date(2020 + i % 3, 1 + i % 12, 1), date(2020 + i % 3, 1 + i % 12, 1), doc=f"r{i}")
              for i in range(MAX_FOLDED_MARKS + 1)]
    figure = build_figure(events_frame(busy + hidden))
    ids = {i for trace in marks(figure) if trace.customdata is not None for i in hover_words(trace, "event_id")}
    assert ids == {e.event_id for e in busy}
    folded = next(trace for trace in marks(figure) if trace.customdata is None)
    assert folded.name == f"({MAX_FOLDED_MARKS + 1} more)" and folded.showlegend is False
    months = {(2020 + i % 3, 1 + i % 12) for i in range(len(hidden))}
    counted = sum(int(text.split(": ")[1].split(" ")[0]) for text in folded.hovertext)
    assert len(folded.y) == len(months) and counted == len(hidden)
    assert folded.hovertext[0].startswith("January 2020: ") and "filter by one" in folded.hovertext[0]
