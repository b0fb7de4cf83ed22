"""The timeline figure: events DataFrame (filters.events_frame) in, Plotly figure out.

Time runs along x, one lane per actor (or country, or event type) along y: the lanes the filter
names first, then the busiest. Every event is a bar from its first to its last day (`go.Bar`
with a `base`), so a click or a box selection finds every event, a one-day meeting as well as
a month-long window. Events that overlap in a lane are stacked on rows of their own instead of
being drawn over each other. Colour says the type; held events are filled, planned ones
outlined, cancelled ones crossed out, and the legend names each type · status pair drawn.
All text comes from articles, so every label is HTML-escaped before Plotly renders it.
Above the lanes, on the same date axis, a strip counts the events per week, month or year; the
range slider below draws that strip, so it works past the WebGL threshold too (Plotly's slider
never draws WebGL traces).

What the browser receives is kept small, as it is most of a first paint at 10,000 events: dates
go as numbers (typed arrays), and each point carries only its own words in `customdata`, laid
out by one `hovertemplate` per trace rather than a hover label of its own.
"""
from __future__ import annotations

import heapq
import html
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .knowledge import knowledge
from .records import EVENT_TYPES, STATUSES

TYPE_COLOURS = {"visit": "#1f77b4", "meeting": "#2ca02c", "call": "#9467bd", "summit": "#d62728"}
# Past this many events, one WebGL marker per event keeps the browser responsive (SVG bars do not).
WEBGL_THRESHOLD = 5_000
WEBGL_SYMBOLS = {"held": "square", "planned": "square-open", "cancelled": "x"}
# Lanes past this many are folded into one "other" lane: a chart of 5,000 rows reads as noise.
MAX_LANES = 40
OTHER_LANE = "(other)"
# A folded lane holding more events than this shows their number per period instead of a mark
# each: its few rows hold about 500 marks of at least 5 px side by side, and more make a smear
# that costs the browser most of its time (12,250 of 12,852 marks at 10,000 events).
MAX_FOLDED_MARKS = 500
LANE_COLUMNS = {"actor": "actors", "country": "countries", "type": "type"}
LAYOUT_COLUMNS = ("event_id", "type", "status", "start", "end", "actors", "countries", "title")
# A lane stacks overlapping events at most this deep; more overlap shares the last row, so one
# crowded lane cannot push all the others off the screen. With many lanes the depth shrinks so
# the whole chart stays within MAX_ROWS rows (about 1,900 px) and its date axis within reach.
MAX_STACK = 6
MAX_ROWS = 80
DAY = pd.Timedelta(days=1)
# The narrowest bar, as a share of the whole time span: about 5 px of a 1,200 px chart, so a
# one-day meeting in a ten-year view is still seen and can be clicked. The hover gives its dates.
MIN_WIDTH_SHARE = 0.004
# Room left and right of the first and last events, so none sits on the edge of the plot.
EDGE_SHARE = 0.03
MIN_EDGE = pd.Timedelta(days=7)
ROW_PIXELS = 24
BAR_THICKNESS = 0.72
# Tick labels by zoom: each level names the unit that changes between ticks, so ticks a week
# apart never all read "Aug" (Plotly's dtickrange: milliseconds, or "M<n>" for months).
TICK_FORMATS = (
    ((None, 86_400_000), "%-d %b %Y %H:%M"),
    ((86_400_000, "M1"), "%-d %b\n%Y"),
    (("M1", "M12"), "%b\n%Y"),
    (("M12", None), "%Y"),
)


# The snippet in a hover label: lines of up to 80 characters broken at spaces, four at most.
# A regular expression, because textwrap took most of the figure's time at 100,000 events.
HOVER_LINE = re.compile(r"\S.{0,79}(?=\s|$)|\S{1,80}")
HOVER_LINES = 4


# The columns of a point's customdata: the event id first (what a click selects), then the words
# its hover label shows; `hovertemplate` lays them out with the trace's type and status.
HOVER_COLUMNS = ("event_id", "title", "dates", "actors", "place", "snippet", "sources")
HOVER_TEMPLATE = ("<b>%{customdata[1]}</b><br>%{customdata[2]}<br>Actors: %{customdata[3]}<br>"
                  "Place: %{customdata[4]}<br>{kind} · {status}<br><i>%{customdata[5]}</i>"
                  "Source: %{customdata[6]}<extra></extra>")


def _text(value: str) -> str:
    """Article text as Plotly's hover labels read it: their few tags are markup, so escape < > &."""
    return html.escape(value, quote=False)


def _hover_row(first: str, last: str, title, date_text, actors, location, snippet, outlets, sources,
               with_snippet: bool) -> tuple[str, ...]:
    resolved = first if first == last else f"{first} – {last}"
    written = f" (“{_text(date_text)}”)" if date_text else ""
    said = ""
    if with_snippet:
        lines = HOVER_LINE.findall((snippet or "")[:80 * HOVER_LINES + 80])[:HOVER_LINES]
        said = "".join(_text(line) + "<br>" for line in lines)
    return (_text(title), resolved + written, _text(", ".join(actors) or "—"), _text(location or "—"), said,
            _text(", ".join(outlets or sources)))


def hover_columns(dated: pd.DataFrame, with_snippet: bool = True) -> dict[str, tuple[str, ...]]:
    """Each dated event's hover words by id (HOVER_COLUMNS after the id), every piece escaped;
    built from plain lists, as pandas rows are slow at 100,000."""
    days = dated.assign(first=dated["start"].dt.strftime("%Y-%m-%d"), last=dated["end"].dt.strftime("%Y-%m-%d"))
    columns = [days[name].tolist() for name in
               ("first", "last", "title", "date_text", "actors", "location", "snippet", "outlets", "sources")]
    return dict(zip(days["event_id"].tolist(), (_hover_row(*values, with_snippet) for values in zip(*columns))))


def _lanes(frame: pd.DataFrame, lane: str) -> pd.DataFrame:
    """One row per (event, lane): an event with two actors appears in both lanes."""
    if lane == "type":
        return frame.assign(lane=frame["type"]).reset_index(drop=True)
    names = knowledge().country_names
    column = frame[LANE_COLUMNS[lane]]
    if lane == "country":
        column = column.map(lambda codes: [names.get(c, c) for c in codes])
    else:  # no named person: the event still shows, in its states' lane
        column = [a if a else [names.get(c, c) for c in cs] for a, cs in zip(column, frame["countries"])]
    lanes = frame.assign(lane=column).explode("lane")
    lanes["lane"] = lanes["lane"].fillna("(unnamed)")
    return lanes.reset_index(drop=True)


def lane_order(lanes: pd.Series, pinned: tuple[str, ...] = ()) -> list[str]:
    """Lanes top to bottom: the pinned ones that have events, in the order given, then the rest by
    number of events (most first, ties by name). Past MAX_LANES the tail is one OTHER_LANE."""
    counts = lanes.value_counts()
    top = [name for name in dict.fromkeys(pinned) if name in counts.index]
    rest = sorted((name for name in counts.index if name not in top), key=lambda name: (-counts[name], name))
    order = top + rest
    if len(order) > MAX_LANES:
        order = order[:max(MAX_LANES - 1, len(top))] + [OTHER_LANE]
    return order


def _stack(lefts: np.ndarray, rights: np.ndarray, depth: int) -> np.ndarray:
    """Rows for intervals in one lane (sorted by left edge) so that no two on a row overlap:
    each takes the row that came free first, or a new one, up to `depth` rows."""
    rows = np.zeros(len(lefts), dtype=int)
    free_at: list[tuple[float, int]] = []  # (right edge of the row's last bar, row)
    for i, (left, right) in enumerate(zip(lefts, rights)):
        if free_at and (free_at[0][0] <= left or len(free_at) == depth):
            end, row = heapq.heappop(free_at)
            right = max(right, end)
        else:
            row = len(free_at)
        rows[i] = row
        heapq.heappush(free_at, (right, row))
    return rows


def layout_events(frame: pd.DataFrame, lane: str = "actor", pinned: tuple[str, ...] = ()) -> pd.DataFrame:
    """Where each dated event is drawn: one row per (event, lane) with `left` and `right` (the
    bar's edges, at least MIN_WIDTH_SHARE of the span wide and centred on the event), `lane`,
    `row` (its y: lanes in `lane_order`, stacked rows inside each), `lane_rows` (the lane's depth)
    and `folded` (in the lane that holds the lanes past MAX_LANES)."""
    dated = frame.loc[frame["dated"], list(LAYOUT_COLUMNS)]  # only these travel through the explode and sort
    lanes = _lanes(dated, lane)
    order = lane_order(lanes["lane"], pinned)
    folded = lanes["lane"].nunique() - (len(order) - 1)
    lanes.loc[~lanes["lane"].isin(order), "lane"] = OTHER_LANE
    first, last = dated["start"].min(), dated["end"].max() + DAY
    minimum = (last - first) * MIN_WIDTH_SHARE
    left, right = lanes["start"], lanes["end"] + DAY  # a day is drawn from its midnight to the next
    widen = ((minimum - (right - left)) / 2).clip(lower=pd.Timedelta(0))
    lanes = lanes.assign(left=left - widen, right=right + widen,
                         rank=lanes["lane"].map({name: i for i, name in enumerate(order)}))
    if order[-1] == OTHER_LANE:  # the folded lane says how many lanes it holds
        lanes["lane"] = lanes["lane"].replace(OTHER_LANE, f"({folded} more)")
    lanes = lanes.sort_values(["rank", "left", "event_id"], kind="stable").reset_index(drop=True)
    stacked = np.zeros(len(lanes), dtype=int)
    deepest = max(1, min(MAX_STACK, MAX_ROWS // len(order)))
    for _, positions in lanes.groupby("rank", sort=True).indices.items():
        stacked[positions] = _stack(lanes["left"].to_numpy()[positions].astype("int64"),
                                    lanes["right"].to_numpy()[positions].astype("int64"), deepest)
    lanes["stack"] = stacked
    depth = lanes.groupby("rank")["stack"].max() + 1
    offsets = depth.cumsum() - depth
    lanes["row"] = lanes["rank"].map(offsets) + lanes["stack"]
    lanes["lane_rows"] = lanes["rank"].map(depth)
    lanes["folded"] = (lanes["rank"] == len(order) - 1) & (order[-1] == OTHER_LANE)
    return lanes


# The left margin fits the longest lane name, and at least the strip's label beside its tick labels.
LABEL_PIXELS_PER_CHARACTER = 7
MIN_LABEL_MARGIN = 100
MAX_LABEL_MARGIN = 260


MAX_LABEL_CHARACTERS = (MAX_LABEL_MARGIN - 20) // LABEL_PIXELS_PER_CHARACTER


def _label_margin(names: pd.Series) -> int:
    return min(MAX_LABEL_MARGIN, max(MIN_LABEL_MARGIN, 20 + LABEL_PIXELS_PER_CHARACTER * int(names.str.len().max())))


def _label(name: str) -> str:
    short = name if len(name) <= MAX_LABEL_CHARACTERS else name[:MAX_LABEL_CHARACTERS - 1] + "…"
    return html.escape(short)


def _bar_style(colour: str, status: str) -> dict:
    """Held: filled. Planned: outlined, empty inside. Cancelled: outlined and crossed out."""
    if status == "held":
        return {"color": colour, "line": {"color": colour, "width": 1}}
    if status == "planned":
        return {"color": "rgba(255,255,255,0.9)", "line": {"color": colour, "width": 2}}
    return {"color": "rgba(255,255,255,0.9)", "line": {"color": colour, "width": 1},
            "pattern": {"shape": "x", "fgcolor": colour, "size": 6, "solidity": 0.3}}


# The figure's parts, top to bottom: the counts strip, the date axis's labels, the lanes (a row each),
# and the range slider, which draws the counts again as the whole span's overview.
STRIP_PIXELS = 110
AXIS_PIXELS = 44
SLIDER_PIXELS = 48
MIN_LANE_ROWS = 3
# The slider's own y range for the lanes: one no event reaches, so the slider draws only the counts
# (it never draws WebGL traces; SVG bars it would draw a second time, for nothing at that size).
OUT_OF_SIGHT = [-10, -9]


def build_figure(frame: pd.DataFrame, lane: str = "actor", pinned: tuple[str, ...] = ()) -> go.Figure:
    """The timeline under its counts strip, on one date axis. `pinned` names lanes (actors, or
    country names) to put on top."""
    if not ("dated" in frame and frame["dated"].any()):
        figure = go.Figure()
        figure.add_annotation(text="No dated events match these filters.", showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 16})
        figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=300)
        return figure
    placed = layout_events(frame, lane, pinned)
    crowded = placed["folded"].sum() > MAX_FOLDED_MARKS
    drawn = placed[~placed["folded"]] if crowded else placed
    webgl = len(drawn) > WEBGL_THRESHOLD
    # Once per event, not per lane. Past WEBGL_THRESHOLD without the snippet, which is most of the
    # label's bytes; a click shows it in the detail panel.
    words = hover_columns(frame[frame["event_id"].isin(drawn["event_id"])], with_snippet=not webgl)
    marks = [(_markers if webgl else _bars)(subset, kind, status, words)
             for (kind, status), subset in _by_type_and_status(drawn)]
    counts, name = counts_over_time(frame)
    if crowded:
        marks.append(_folded_counts(placed[placed["folded"]], name))
    lanes = placed.drop_duplicates("rank").sort_values("rank")
    rows = int(lanes["lane_rows"].sum())
    first, last = placed["left"].min(), placed["right"].max()
    edge = max((last - first) * EDGE_SHARE, MIN_EDGE)
    shown = [first - edge, last + edge]
    centres = lanes["row"] - lanes["stack"] + (lanes["lane_rows"] - 1) / 2
    bands = [{"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": top - 0.5, "y1": top + depth - 0.5,
              "fillcolor": "rgba(0,0,0,0.045)", "line": {"width": 0}, "layer": "below"}
             for top, depth in zip(lanes["row"] - lanes["stack"], lanes["lane_rows"])][::2]
    lanes_pixels = ROW_PIXELS * max(rows, MIN_LANE_ROWS)
    plot_pixels = lanes_pixels + AXIS_PIXELS + STRIP_PIXELS
    margin = {"l": _label_margin(lanes["lane"]), "r": 10, "t": 40, "b": 10}  # Plotly adds the slider's room
    tallest = int(counts.groupby("start")["events"].sum().max())
    # The date axis sits between the strip and the lanes, so it is in view with the top of the chart.
    xaxis = {"type": "date", "range": shown, "side": "top", "anchor": "y", "showgrid": True, "gridcolor": "#e5e5e5",
             "rangeslider": {"visible": True, "range": shown, "thickness": SLIDER_PIXELS / plot_pixels,
                             "yaxis": {"rangemode": "fixed", "range": OUT_OF_SIGHT}},
             "tickformatstops": [{"dtickrange": list(span), "value": value} for span, value in TICK_FORMATS]}
    layout = {
        "height": plot_pixels + SLIDER_PIXELS + margin["t"] + margin["b"], "hovermode": "closest", "dragmode": "zoom",
        "barmode": "overlay", "clickmode": "event+select", "shapes": bands, "plot_bgcolor": "white", "margin": margin,
        "legend": {"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "title": {"text": "Type · status: "}},
        "xaxis": xaxis,
        "yaxis": {"title": None, "tickmode": "array", "tickvals": centres.tolist(),
                  "domain": [0, lanes_pixels / plot_pixels], "ticktext": [_label(name) for name in lanes["lane"]],
                  "range": [rows - 0.5, -0.5], "showgrid": False, "zeroline": False, "automargin": False,
                  "fixedrange": True},
        "yaxis2": {"domain": [(lanes_pixels + AXIS_PIXELS) / plot_pixels, 1], "anchor": "x", "fixedrange": True,
                   "range": [0, tallest * 1.08], "gridcolor": "#eeeeee", "zeroline": False, "automargin": False,
                   "tick0": 0, "dtick": max(1, math.ceil(tallest / 3))},  # whole events: never a tick at 0.5
        "annotations": [{"text": f"Events<br>per {name}", "showarrow": False, "xref": "paper", "x": 0,
                         "xanchor": "right", "xshift": -36, "yref": "y2 domain", "y": 0.5, "align": "right",
                         "font": {"size": 12}}]}
    # Given whole to the constructor, which reads the layout in one pass: update_layout parses each
    # key as a path, and add_trace copies every trace once more.
    return go.Figure(data=marks + _count_bars(counts, name), layout=layout)


def _by_type_and_status(placed: pd.DataFrame):
    """The placed events of each type · status pair drawn, in the legend's order."""
    for kind in EVENT_TYPES:
        for status in STATUSES:
            subset = placed[(placed["type"] == kind) & (placed["status"] == status)]
            if not subset.empty:
                yield (kind, status), subset


def _milliseconds(times: pd.Series) -> np.ndarray:
    """Datetimes as Plotly's date axes read numbers; numbers travel as typed arrays, a fraction of
    the bytes of date strings."""
    return times.to_numpy("datetime64[ms]").astype("int64").astype("float64")


def _customdata(subset: pd.DataFrame, words: dict[str, tuple[str, ...]]) -> np.ndarray:
    return np.array([(event_id, *words[event_id]) for event_id in subset["event_id"]], dtype=object)


def _template(kind: str, status: str) -> str:
    return HOVER_TEMPLATE.replace("{kind}", kind).replace("{status}", status)


def _bars(subset: pd.DataFrame, kind: str, status: str, words: dict[str, tuple[str, ...]]) -> go.Bar:
    return go.Bar(
        orientation="h", base=_milliseconds(subset["left"]),
        x=_milliseconds(subset["right"]) - _milliseconds(subset["left"]), y=subset["row"].to_numpy(),
        width=BAR_THICKNESS, name=f"{kind} · {status}", legendgroup=kind,
        marker=_bar_style(TYPE_COLOURS[kind], status), customdata=_customdata(subset, words),
        hovertemplate=_template(kind, status))


def _markers(subset: pd.DataFrame, kind: str, status: str, words: dict[str, tuple[str, ...]]) -> go.Scattergl:
    """Past WEBGL_THRESHOLD: one marker per event at its middle, still carrying its id."""
    colour = TYPE_COLOURS[kind]
    middle = subset["left"] + (subset["right"] - subset["left"]) / 2
    return go.Scattergl(
        x=_milliseconds(middle), y=subset["row"].to_numpy(), mode="markers", name=f"{kind} · {status}",
        legendgroup=kind,
        marker={"symbol": WEBGL_SYMBOLS[status], "size": 9, "color": colour, "line": {"width": 1, "color": colour}},
        customdata=_customdata(subset, words), hovertemplate=_template(kind, status))


# The counts strip: bins by the span shown, so it has tens of bars, not one or thousands
# (pandas period codes: week, month, year), and how a hover names a bin.
COUNT_BINS = ((pd.Timedelta(days=366), "W", "week", "week of %-d %b %Y"),
              (pd.Timedelta(days=3660), "M", "month", "%B %Y"), (None, "Y", "year", "%Y"))
# A bin's bar leaves this share of it empty, so neighbours stay apart.
BIN_GAP = 0.1


def count_bin(first: pd.Timestamp, last: pd.Timestamp) -> tuple[str, str]:
    """The pandas period code and the name of the bin for events spread from `first` to `last`."""
    return next((code, name) for longest, code, name, _ in COUNT_BINS if longest is None or last - first <= longest)


def counts_over_time(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Dated events per bin (by their first day) and type: columns `start` and `end` (the bin's
    edges), `type`, `events`, and `below` (the bin's events of the types before it in EVENT_TYPES,
    where its part of the stacked bar starts); and the bin's name."""
    dated = frame[frame["dated"]]
    code, name = count_bin(dated["start"].min(), dated["end"].max())
    periods = dated["start"].dt.to_period(code)
    counts = dated.assign(period=periods).groupby(["period", "type"]).size().rename("events").reset_index()
    counts = counts.assign(order=counts["type"].map(EVENT_TYPES.index)).sort_values(["period", "order"])
    counts["below"] = counts.groupby("period")["events"].cumsum() - counts["events"]
    return counts.assign(start=counts["period"].dt.start_time, end=(counts["period"] + 1).dt.start_time).drop(
        columns=["period", "order"]).reset_index(drop=True), name


def _folded_counts(folded: pd.DataFrame, name: str) -> go.Bar:
    """A crowded folded lane: a bar per period across its rows, darker the more of its events
    start then, and a hover that says how to see them."""
    code, label = next((code, label) for _, code, bin_name, label in COUNT_BINS if bin_name == name)
    per_period = folded.drop_duplicates("event_id")["start"].dt.to_period(code).value_counts().sort_index()
    starts = pd.Series(per_period.index.start_time)
    left, right = _milliseconds(starts), _milliseconds(pd.Series((per_period.index + 1).start_time))
    rows, lane = int(folded["lane_rows"].iloc[0]), folded["lane"].iloc[0]
    shades = 0.15 + 0.75 * per_period.to_numpy() / per_period.max()
    return go.Bar(
        orientation="h", base=left, x=right - left, y=np.full(len(per_period), folded["row"].min() + (rows - 1) / 2),
        width=rows - 1 + BAR_THICKNESS, name=lane, showlegend=False,
        marker={"color": [f"rgba(90,90,90,{shade:.2f})" for shade in shades], "line": {"width": 0}},
        hovertext=[f"{start.strftime(label).capitalize()}: {count:,} events in the {lane[1:-1]} lanes; "
                   f"filter by one to draw its events" for start, count in zip(starts, per_period)],
        hoverinfo="text")


def _count_bars(counts: pd.DataFrame, name: str) -> list[go.Bar]:
    """The strip's bars, stacked by type by hand: the lanes need the layout's bar mode to be overlay."""
    label = next(label for _, _, bin_name, label in COUNT_BINS if bin_name == name)
    bars = []
    for kind in EVENT_TYPES:
        subset = counts[counts["type"] == kind]
        if not subset.empty:
            bars.append(go.Bar(
                x=_milliseconds(subset["start"]), offset=0, base=subset["below"].to_numpy(),
                y=subset["events"].to_numpy(),
                width=(_milliseconds(subset["end"]) - _milliseconds(subset["start"])) * (1 - BIN_GAP),
                yaxis="y2", name=kind, marker_color=TYPE_COLOURS[kind], showlegend=False,
                hovertemplate=f"%{{x|{label}}}: %{{y}} {kind} event(s)<extra></extra>"))
    return bars
