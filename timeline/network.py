"""Who met whom: actors as nodes sized by their events, an edge for each pair that took part in
the same events, its width the number of them. Events DataFrame (filters.events_frame) in,
Plotly figure out; pure functions, no streamlit.

The layout is a small force-directed one (Fruchterman and Reingold, 1991) in numpy: a few dozen
nodes need no graph library, and a fixed start makes the same data draw the same picture.
"""
from __future__ import annotations

import html
from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# The busiest actors shown; past this the picture is a hairball, and the rest are counted.
MAX_NODES = 60
LAYOUT_STEPS = 150
# A pull towards the middle: without it, actors with no partner drift off and squeeze the rest.
GRAVITY = 2.0
NODE_PIXELS = (10, 46)  # the least and the most active actor's marker size
EDGE_PIXELS = (1, 9)
NODE_COLOUR = "#1f77b4"
EDGE_COLOUR = "rgba(90,90,90,0.45)"


def meetings(frame: pd.DataFrame) -> tuple[Counter, Counter]:
    """Events per actor, and events per pair of actors (each pair in name order)."""
    actors, pairs = Counter(), Counter()
    for names in frame["actors"]:
        unique = sorted(set(names))
        actors.update(unique)
        pairs.update(combinations(unique, 2))
    return actors, pairs


def busiest(actors: Counter, pinned: tuple[str, ...] = ()) -> list[str]:
    """The actors drawn: the pinned ones, then by number of events (ties by name), MAX_NODES at most."""
    top = [name for name in dict.fromkeys(pinned) if name in actors]
    rest = sorted((name for name in actors if name not in top), key=lambda name: (-actors[name], name))
    return (top + rest)[:max(MAX_NODES, len(top))]


def force_layout(names: list[str], pairs: Counter) -> np.ndarray:
    """Positions in [-1, 1]², one row per name: linked actors pulled together (harder the more
    events they share), all pushed apart, starting from a circle so the result is repeatable."""
    count = len(names)
    if count == 1:
        return np.zeros((1, 2))
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    position = np.column_stack([np.cos(angles), np.sin(angles)])
    index = {name: i for i, name in enumerate(names)}
    weight = np.zeros((count, count))
    for (a, b), shared in pairs.items():
        if a in index and b in index:
            weight[index[a], index[b]] = weight[index[b], index[a]] = shared
    weight = np.log1p(weight)  # one pair meeting weekly should not swallow the picture
    ideal = np.sqrt(4.0 / count)
    for step in range(LAYOUT_STEPS):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = ideal ** 2 / distance ** 2 - weight * distance / ideal  # push minus pull, along delta
        np.fill_diagonal(force, 0.0)
        move = (force[:, :, None] * delta).sum(axis=1) - GRAVITY * position / ideal  # loners stay near
        length = np.maximum(np.linalg.norm(move, axis=1, keepdims=True), 1e-9)
        temperature = 0.1 * (1 - step / LAYOUT_STEPS)
        position = position + move / length * np.minimum(length, temperature)
    position -= position.mean(axis=0)
    return position / max(np.abs(position).max(), 1e-9)


def _scale(values: np.ndarray, pixels: tuple[int, int]) -> np.ndarray:
    low, high = values.min(), values.max()
    share = (values - low) / (high - low) if high > low else np.zeros(len(values))
    return pixels[0] + np.sqrt(share) * (pixels[1] - pixels[0])


def build_network(frame: pd.DataFrame, pinned: tuple[str, ...] = ()) -> go.Figure:
    """The who-met-whom figure. Each node carries its actor's name as customdata, so a click can
    filter by that actor."""
    figure = go.Figure()
    actors, pairs = meetings(frame)
    if not actors:
        figure.add_annotation(text="No named actors match these filters.", showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 16})
        figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=300)
        return figure
    names = busiest(actors, pinned)
    shown = set(names)
    position = dict(zip(names, force_layout(names, pairs)))
    edges = [(a, b, n) for (a, b), n in sorted(pairs.items()) if a in shown and b in shown]
    if edges:
        widths = _scale(np.array([n for _, _, n in edges], dtype=float), EDGE_PIXELS).round()
        for width in sorted(set(widths)):  # one trace per line width: Plotly lines have one width each
            xs, ys = [], []
            for (a, b, _), w in zip(edges, widths):
                if w == width:
                    xs += [position[a][0], position[b][0], None]
                    ys += [position[a][1], position[b][1], None]
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": width, "color": EDGE_COLOUR},
                                        hoverinfo="skip", showlegend=False))
        figure.add_trace(go.Scatter(  # an invisible point mid-edge says who and how often
            x=[(position[a][0] + position[b][0]) / 2 for a, b, _ in edges],
            y=[(position[a][1] + position[b][1]) / 2 for a, b, _ in edges], mode="markers",
            marker={"size": 8, "opacity": 0}, showlegend=False, hoverinfo="text",
            hovertext=[f"{html.escape(a)} – {html.escape(b)}: {n} event{'s' * (n != 1)}" for a, b, n in edges]))
    partners = Counter(name for a, b, _ in edges for name in (a, b))
    counts = np.array([actors[name] for name in names], dtype=float)
    figure.add_trace(go.Scatter(
        x=[position[name][0] for name in names], y=[position[name][1] for name in names],
        mode="markers+text", text=[html.escape(name) for name in names], textposition="top center",
        marker={"size": _scale(counts, NODE_PIXELS), "color": NODE_COLOUR, "line": {"width": 1, "color": "white"}},
        customdata=names, showlegend=False, hoverinfo="text",
        unselected={"marker": {"opacity": 1}, "textfont": {"color": "#333"}},  # a click filters; nothing to dim
        hovertext=[f"<b>{html.escape(name)}</b><br>{actors[name]} event{'s' * (actors[name] != 1)}<br>"
                   f"met {partners[name]} of the actors shown" for name in names]))
    hidden = len(actors) - len(names)
    title = f"{len(names)} actors, {len(edges)} pairs" + (f" · {hidden} less active actors not shown" if hidden else "")
    figure.update_layout(
        title={"text": title, "font": {"size": 13}}, height=640, hovermode="closest", dragmode="pan",
        clickmode="event+select", plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"visible": False, "range": [-1.25, 1.25]}, yaxis={"visible": False, "range": [-1.2, 1.25]})
    return figure
