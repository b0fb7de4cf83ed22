"""The timeline figure: events DataFrame (filters.events_frame) in, Plotly figure out.

Time runs along x, one lane per actor (or country, or event type) along y. A day is a marker,
a window (a month, "later this year", a four-day visit) a bar from start to end. Colour says
the type; planned events are hollow or dashed, cancelled ones crossed or dotted. All text comes
from articles, so every label is HTML-escaped before Plotly renders it.
"""
from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .knowledge import knowledge

TYPE_COLOURS = {"visit": "#1f77b4", "meeting": "#2ca02c", "call": "#9467bd", "summit": "#d62728"}
MARKERS = {"held": "circle", "planned": "circle-open", "cancelled": "x"}
BAR_DASH = {"held": "solid", "planned": "dash", "cancelled": "dot"}
# Past this many points, WebGL traces keep the browser responsive.
WEBGL_THRESHOLD = 5_000
# Lanes past this many are folded into one "other" lane: a chart of 5,000 rows reads as noise.
MAX_LANES = 40
OTHER_LANE = "(other)"
LANE_COLUMNS = {"actor": "actors", "country": "countries", "type": "type"}


def _hover(row) -> str:
    """The hover label of one event; every piece of article text escaped."""
    e = html.escape
    resolved = row.start.date().isoformat() if row.start == row.end else \
        f"{row.start.date().isoformat()} – {row.end.date().isoformat()}"
    written = f" (“{e(row.date_text)}”)" if row.date_text else ""
    snippet = "<br>".join(e(line) for line in textwrap.wrap(row.snippet or "", 80)[:4])
    outlets = e(", ".join(row.outlets)) if row.outlets else e(", ".join(row.sources))
    return (f"<b>{e(row.title)}</b><br>{resolved}{written}<br>"
            f"Actors: {e(', '.join(row.actors) or '—')}<br>Place: {e(row.location or '—')}<br>"
            f"Status: {e(row.status)}<br><i>{snippet}</i><br>Source: {outlets}")


def _lanes(frame: pd.DataFrame, lane: str) -> pd.DataFrame:
    """One row per (event, lane): an event with two actors appears in both lanes."""
    if lane == "type":
        lanes = frame.assign(lane=frame["type"])
    else:
        names = knowledge().country_names
        column = frame[LANE_COLUMNS[lane]]
        if lane == "country":
            column = column.map(lambda codes: [names.get(c, c) for c in codes])
        else:  # no named person: the event still shows, in its states' lane
            column = [a if a else [names.get(c, c) for c in cs] for a, cs in zip(column, frame["countries"])]
        lanes = frame.assign(lane=column).explode("lane")
        lanes["lane"] = lanes["lane"].fillna("(unnamed)")
    lanes = lanes.reset_index(drop=True)
    counts = lanes["lane"].value_counts()
    if len(counts) > MAX_LANES:
        kept = set(counts.index[:MAX_LANES - 1])
        lanes.loc[~lanes["lane"].isin(kept), "lane"] = OTHER_LANE
    return lanes


def build_figure(frame: pd.DataFrame, lane: str = "actor") -> go.Figure:
    figure = go.Figure()
    dated = frame[frame["dated"]] if "dated" in frame else frame.iloc[0:0]
    if dated.empty:
        figure.add_annotation(text="No dated events match these filters.", showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 16})
        figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=300)
        return figure
    lanes = _lanes(dated, lane)
    webgl = len(lanes) > WEBGL_THRESHOLD
    scatter = go.Scattergl if webgl else go.Scatter
    lanes = lanes.assign(hover=[_hover(row) for row in lanes.itertuples()] if not webgl else
                         lanes["title"].map(html.escape))
    in_legend: set[str] = set()  # one legend entry per type; clicking it hides every style of it
    for kind, colour in TYPE_COLOURS.items():
        for status in ("held", "planned", "cancelled"):
            subset = lanes[(lanes["type"] == kind) & (lanes["status"] == status)]
            if subset.empty:
                continue
            name = kind if status == "held" else f"{kind} ({status})"
            is_day = subset["start"] == subset["end"]
            days, windows = subset[is_day], subset[~is_day]
            if not windows.empty:
                figure.add_trace(_bars(scatter, windows, colour, status, name, kind, kind not in in_legend))
                in_legend.add(kind)
            if not days.empty:
                figure.add_trace(scatter(
                    x=days["start"], y=days["lane"], mode="markers", name=name, legendgroup=kind,
                    showlegend=kind not in in_legend,
                    marker={"symbol": MARKERS[status], "size": 11, "color": colour,
                            "line": {"width": 2, "color": colour}},
                    customdata=days["event_id"], hovertext=days["hover"], hoverinfo="text"))
                in_legend.add(kind)
    for trace in figure.data:
        if trace.showlegend:
            trace.name = trace.legendgroup
    figure.update_layout(
        height=max(320, 28 * lanes["lane"].nunique() + 160), hovermode="closest", dragmode="zoom",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": {"text": "Type: "}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"title": None, "categoryorder": "category descending", "automargin": True})
    figure.update_xaxes(type="date", rangeslider_visible=True, tickformat="%b\n%Y", showgrid=True)
    return figure


def _bars(scatter, windows: pd.DataFrame, colour: str, status: str, name: str, kind: str, legend: bool):
    """All windows of one style as one trace: segments start-end separated by gaps (None)."""
    def interleave(first, second):
        values = np.empty(3 * len(windows), dtype=object)
        values[0::3], values[1::3], values[2::3] = first, second, None
        return values
    opacity = 1.0 if status == "held" else 0.6
    return scatter(x=interleave(windows["start"].to_numpy(), windows["end"].to_numpy()),
                   y=interleave(windows["lane"].to_numpy(), windows["lane"].to_numpy()),
                   mode="lines", name=name, legendgroup=kind, showlegend=legend,
                   line={"width": 10, "color": colour, "dash": BAR_DASH[status]}, opacity=opacity,
                   customdata=interleave(windows["event_id"].to_numpy(), windows["event_id"].to_numpy()),
                   hovertext=interleave(windows["hover"].to_numpy(), windows["hover"].to_numpy()),
                   hoverinfo="text", connectgaps=False)
