"""Where events happened: a world map with a circle per place, sized by its events and split
by type. Events DataFrame (filters.events_frame) in, Plotly figure out; pure functions, no
streamlit.

A place's circle is a set of nested rings, one per event type: each ring's area is in
proportion to that type's events there, so colour shows the mix and the whole circle the
total. The points come from data/coordinates.csv (made once by scripts/make_coordinates.py);
an event whose place has no point is left off the map and counted in the title.

Plotly draws the world outline from a topojson file it fetches at run time, by default from
a CDN. The page serves its own copy (static/world_110m.json) and `map_config` points Plotly
at it: nothing is fetched from outside the page's own server.
"""
from __future__ import annotations

import csv
import html
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .chart import TYPE_COLOURS
from .knowledge import DATA_DIR, knowledge
from .records import EVENT_TYPES

COORDINATES_FILE = DATA_DIR / "coordinates.csv"
# Streamlit serves the app's static/ folder here (server.enableStaticServing in .streamlit/config.toml).
STATIC_PATH = "app/static/"
WORLD_FILE = Path(__file__).resolve().parent.parent / "static" / "world_110m.json"
# Diameters of the smallest ring and of the busiest place's whole circle. Areas between them
# grow with the count, so a place with one event is still a clickable dot at any scale.
MIN_PIXELS = 7
MAX_PIXELS = 56
# The view: the places drawn with a margin, at least a region's width, so one place is not
# shown alone on a blank square and a continent's events do not fill the screen with ocean.
MARGIN_DEGREES = 8.0
MIN_SPAN_DEGREES = (70.0, 35.0)  # longitude, latitude
LAND_COLOUR = "#f2f2ee"
BORDER_COLOUR = "#c8c8c8"


@dataclass(frozen=True)
class Point:
    name: str
    kind: str  # place | country
    country: str  # ISO3
    lat: float
    lon: float


@dataclass(frozen=True)
class Site:
    """A place on the map and its events by type (EVENT_TYPES order, zeros kept)."""
    point: Point
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Sites:
    sites: tuple[Site, ...]  # busiest first
    unplaced: int  # events that name no place
    unmapped: Counter  # place name -> events at a place with no coordinates


def read_points(path: Path = COORDINATES_FILE) -> dict[str, Point]:
    """Name -> point; a place wins over a country of the same name (Singapore the city)."""
    with path.open(encoding="utf-8", newline="") as file:
        points = [Point(row["name"], row["kind"], row["country"], float(row["lat"]), float(row["lon"]))
                  for row in csv.DictReader(file)]
    return {point.name: point for point in sorted(points, key=lambda point: point.kind == "place")}


@lru_cache(maxsize=1)
def points() -> dict[str, Point]:
    return read_points()


def sites(frame: pd.DataFrame, known: dict[str, Point]) -> Sites:
    """Events per place and type, the places with a point only; the rest counted."""
    by_place: dict[str, Counter] = {}
    unplaced, unmapped = 0, Counter()
    for place, kind in zip(frame["location"], frame["type"]):
        if not place:
            unplaced += 1
        elif place not in known:
            unmapped[place] += 1
        else:
            by_place.setdefault(place, Counter())[kind] += 1
    found = [Site(known[place], tuple(counts[kind] for kind in EVENT_TYPES)) for place, counts in by_place.items()]
    return Sites(tuple(sorted(found, key=lambda site: (-site.total, site.point.name))), unplaced, unmapped)


def ring_diameters(sites_: tuple[Site, ...]) -> np.ndarray:
    """One row per site, one column per type: the diameter of the ring that ends with that type
    (its events and those of the types before it). Area = the smallest dot's + a fixed share
    per event, so each ring's visible area is in proportion to its type's events."""
    cumulative = np.cumsum(np.array([site.counts for site in sites_], dtype=float), axis=1)
    busiest = max(cumulative[:, -1].max(), 1.0)
    return np.sqrt(MIN_PIXELS ** 2 + (MAX_PIXELS ** 2 - MIN_PIXELS ** 2) * cumulative / busiest)


def view_ranges(sites_: tuple[Site, ...]) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges that hold every site with a margin, at least MIN_SPAN_DEGREES
    wide, within the world."""
    ranges = []
    for values, span, limit in (([s.point.lon for s in sites_], MIN_SPAN_DEGREES[0], 180.0),
                                ([s.point.lat for s in sites_], MIN_SPAN_DEGREES[1], 90.0)):
        low, high = min(values) - MARGIN_DEGREES, max(values) + MARGIN_DEGREES
        grow = max(span - (high - low), 0.0) / 2
        low, high = low - grow, high + grow
        shift = max(-limit - low, 0.0) - max(high - limit, 0.0)  # slide back inside the world
        ranges.append([max(low + shift, -limit), min(high + shift, limit)])
    return ranges[0], ranges[1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _hover(site: Site) -> str:
    names = knowledge().country_names
    where = html.escape(site.point.name)
    if site.point.kind == "place":
        where += f" ({html.escape(names.get(site.point.country, site.point.country))})"
    mix = ", ".join(_plural(count, kind) for kind, count in zip(EVENT_TYPES, site.counts) if count)
    return f"<b>{where}</b><br>{_plural(site.total, 'event')}: {mix}"


def _title(found: Sites) -> str:
    events = sum(site.total for site in found.sites)
    title = f"{_plural(len(found.sites), 'place')}, {_plural(events, 'event')}"
    if found.unplaced:
        title += f" · {found.unplaced} name no place"
    if found.unmapped:
        missing = sum(found.unmapped.values())
        title += f" · {missing} at places with no coordinates ({html.escape(', '.join(sorted(found.unmapped)))})"
    return title


def map_figure(frame: pd.DataFrame, known: dict[str, Point] | None = None) -> go.Figure:
    """The map. Each ring carries its place's name as customdata, so a click can filter by it."""
    found = sites(frame, points() if known is None else known)
    figure = go.Figure()
    if found.sites:
        diameters = ring_diameters(found.sites)
        hovers = [_hover(site) for site in found.sites]
        # The outermost rings first, so each smaller one is drawn on top and stays visible.
        for column in reversed(range(len(EVENT_TYPES))):
            kind = EVENT_TYPES[column]
            rows = [i for i, site in enumerate(found.sites) if site.counts[column]]
            if not rows:
                continue
            figure.add_trace(go.Scattergeo(
                lat=[found.sites[i].point.lat for i in rows], lon=[found.sites[i].point.lon for i in rows],
                mode="markers", name=kind, customdata=[found.sites[i].point.name for i in rows],
                marker={"size": diameters[rows, column], "color": TYPE_COLOURS[kind], "opacity": 0.9,
                        "line": {"width": 0.5, "color": "white"}},
                hoverinfo="text", hovertext=[hovers[i] for i in rows],
                unselected={"marker": {"opacity": 0.9}}))  # a click filters; nothing to dim
        lon_range, lat_range = view_ranges(found.sites)
        figure.update_geos(lonaxis_range=lon_range, lataxis_range=lat_range)
    else:
        figure.add_annotation(text="No event in these filters names a place on the map.", showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 16})
    figure.update_geos(projection_type="natural earth", resolution=110, fitbounds=False, showcountries=True,
                       countrycolor=BORDER_COLOUR, showland=True, landcolor=LAND_COLOUR, showlakes=False,
                       showframe=False, coastlinecolor=BORDER_COLOUR)
    figure.update_layout(title={"text": _title(found), "font": {"size": 13}}, height=560,
                         margin={"l": 0, "r": 0, "t": 40, "b": 0}, clickmode="event+select",
                         legend={"title": {"text": "Type"}, "traceorder": "reversed"})
    return figure


def map_config(base_url_path: str = "") -> dict:
    """Plotly's options for the map: the world outline from the page's own server (a path on
    the same host, under Streamlit's server.baseUrlPath if one is set)."""
    base = "/" + "/".join(part for part in base_url_path.split("/") if part)
    return {"topojsonURL": base.rstrip("/") + "/" + STATIC_PATH, "displayModeBar": False}
