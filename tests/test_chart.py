import html
from dataclasses import replace

import pytest

from timeline.chart import WEBGL_THRESHOLD, build_figure
from timeline.filters import events_frame


@pytest.fixture(scope="module")
def figure(seed_events):
    return build_figure(events_frame(seed_events))


def test_one_trace_per_type_and_style(figure, seed_events):
    names = {trace.name.split(" (")[0] for trace in figure.data}
    assert names == {e.type for e in seed_events if e.window}


def test_days_are_markers_and_windows_are_bars(figure):
    modes = {trace.mode for trace in figure.data}
    assert modes == {"markers", "lines"}
    for trace in figure.data:
        if trace.mode == "lines":
            assert trace.line.width >= 8


def test_planned_and_cancelled_look_different(figure):
    held = [t for t in figure.data if t.mode == "markers" and "(" not in t.name]
    planned = [t for t in figure.data if "(planned" in t.name]
    assert planned and held
    assert all(t.marker.symbol == "circle-open" for t in planned if t.mode == "markers")
    assert all(t.line.dash == "dash" for t in planned if t.mode == "lines")


def test_every_event_is_in_the_figure(figure, seed_events):
    ids = {i for trace in figure.data for i in trace.customdata if i}
    assert ids == {e.event_id for e in seed_events if e.window}


def test_hover_text_is_escaped(seed_events):
    event = next(e for e in seed_events if e.window)
    hostile = replace(event, title='<img src=x onerror=alert(1)>', sources=(
        replace(event.sources[0], sentence="<script>alert(1)</script> met"),))
    figure = build_figure(events_frame([hostile]))
    text = " ".join(t for trace in figure.data for t in trace.hovertext if t)
    assert "<script>" not in text and "<img" not in text
    assert html.escape("<script>") in text


def test_empty_frame_explains_itself(seed_events):
    figure = build_figure(events_frame([]))
    assert "No dated events" in figure.layout.annotations[0].text


def test_large_timelines_use_webgl(seed_events):
    dated = [e for e in seed_events if e.window]
    many = [replace(e, title=f"{e.title} {i}", sources=(replace(e.sources[0], doc_id=f"d{i}"),))
            for i in range(WEBGL_THRESHOLD // len(dated) + 1) for e in dated]
    figure = build_figure(events_frame(many))
    assert all(trace.type == "scattergl" for trace in figure.data)
