import csv
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timeline.chart import TYPE_COLOURS
from timeline.filters import events_frame
from timeline.geo import (COORDINATES_FILE, MAX_PIXELS, MIN_PIXELS, MIN_SPAN_DEGREES, WORLD_FILE, Point, Site,
                          map_config, map_figure, read_points, ring_diameters, sites, view_ranges)
from timeline.knowledge import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
# Gazetteer entries GeoNames and Natural Earth give no point for: uninhabited or scattered islands.
WITHOUT_COORDINATES = {"Bonaire, Sint Eustatius and Saba", "Bouvet Island", "Tokelau",
                       "United States Minor Outlying Islands"}
KNOWN = {"Moscow": Point("Moscow", "place", "RUS", 55.75, 37.62), "Malta": Point("Malta", "country", "MLT", 35.9, 14.4),
         "Kazan": Point("Kazan", "place", "RUS", 55.79, 49.12)}


def frame_of(*located) -> pd.DataFrame:
    return pd.DataFrame({"location": [place for place, _ in located], "type": [kind for _, kind in located]})


def gazetteer(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as file:
        return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(file)]


def test_every_place_and_country_has_coordinates_but_the_listed_few():
    named = {row["name"]: row["country"] for row in gazetteer("places.csv")}
    named |= {row["name"]: row["iso3"] for row in gazetteer("countries.csv")}
    rows = gazetteer("coordinates.csv")
    located = {row["name"] for row in rows}
    assert set(named) - located == WITHOUT_COORDINATES
    assert all(named[row["name"]] == row["country"] for row in rows)
    assert all(-90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180 and row["source"] for row in rows)


@pytest.mark.parametrize("name,kind,lat,lon", [
    ("Moscow", "place", 55.75, 37.62),
    ("Kremlin", "place", 55.75, 37.62),  # a seat of government is drawn in its capital
    ("Washington", "place", 38.90, -77.04),  # the capital, not one of the towns of that name
    ("Singapore", "place", 1.29, 103.85),  # the city wins over the country of the same name
    ("Russia", "country", 61.66, 99.06),
], ids=["city", "seat", "namesakes", "city-and-country", "country-centroid"])
def test_points(name, kind, lat, lon):
    point = read_points(COORDINATES_FILE)[name]
    assert (point.kind, round(point.lat, 2), round(point.lon, 2)) == (kind, lat, lon)


@pytest.mark.parametrize("located,expected,unplaced,unmapped", [
    ([("Moscow", "visit"), ("Moscow", "visit"), ("Moscow", "summit"), ("Malta", "meeting")],
     [("Moscow", (2, 0, 0, 1)), ("Malta", (0, 1, 0, 0))], 0, {}),
    ([("Kazan", "meeting"), ("Moscow", "call")], [("Kazan", (0, 1, 0, 0)), ("Moscow", (0, 0, 1, 0))], 0, {}),
    ([("", "call"), ("Atlantis", "visit"), ("Atlantis", "meeting"), ("Malta", "visit")],
     [("Malta", (1, 0, 0, 0))], 1, {"Atlantis": 2}),
    ([], [], 0, {}),
], ids=["counts-by-type", "ties-by-name", "unplaced-and-unmapped-counted", "none"])
def test_sites(located, expected, unplaced, unmapped):
    found = sites(frame_of(*located), KNOWN)
    assert [(site.point.name, site.counts) for site in found.sites] == expected
    assert (found.unplaced, found.unmapped) == (unplaced, Counter(unmapped))


def test_each_ring_shows_its_type_in_proportion():
    rings = ring_diameters((Site(KNOWN["Moscow"], (4, 2, 0, 6)), Site(KNOWN["Malta"], (1, 0, 0, 0))))
    areas = rings ** 2
    moscow_rings = np.diff(areas[0], prepend=MIN_PIXELS ** 2)  # what each ring adds to the circle
    assert moscow_rings.tolist() == pytest.approx([2 * moscow_rings[1], moscow_rings[1], 0, 3 * moscow_rings[1]])
    assert rings[0, -1] == pytest.approx(MAX_PIXELS) and rings[1, 0] > MIN_PIXELS


def test_the_figure_draws_a_trace_per_type_with_the_places_as_customdata():
    figure = map_figure(frame_of(("Moscow", "visit"), ("Moscow", "summit"), ("Malta", "meeting"), ("", "call")),
                        KNOWN)
    traces = {trace.name: trace for trace in figure.data}
    assert list(traces) == ["summit", "meeting", "visit"]  # the outer rings drawn first
    assert {name: list(trace.customdata) for name, trace in traces.items()} == \
        {"summit": ["Moscow"], "meeting": ["Malta"], "visit": ["Moscow"]}
    assert all(trace.marker.color == TYPE_COLOURS[name] for name, trace in traces.items())
    assert traces["summit"].marker.size[0] > traces["visit"].marker.size[0]
    assert "2 events: 1 visit, 1 summit" in traces["visit"].hovertext[0]
    assert figure.layout.title.text == "2 places, 3 events · 1 name no place"


def test_names_are_escaped_and_places_without_coordinates_are_named():
    known = {"<b>x</b>": Point("<b>x</b>", "place", "RUS", 1.0, 2.0)}
    figure = map_figure(frame_of(("<b>x</b>", "visit"), ("<i>y</i>", "visit")), known)
    assert "&lt;b&gt;x&lt;/b&gt;" in figure.data[0].hovertext[0] and "<b>x</b>" not in figure.data[0].hovertext[0]
    assert figure.layout.title.text.endswith("1 at places with no coordinates (&lt;i&gt;y&lt;/i&gt;)")


def test_no_place_explains_itself():
    figure = map_figure(frame_of(("", "call")), KNOWN)
    assert not figure.data and "names a place" in figure.layout.annotations[0].text


@pytest.mark.parametrize("places,lon,lat", [
    (["Moscow"], [37.62 - 35, 37.62 + 35], [55.75 - 17.5, 55.75 + 17.5]),
    # 39.2 degrees of longitude widened to 70 about their middle; 35.85 of latitude kept with margins
    (["Moscow", "Malta"], [26.01 - 35, 26.01 + 35], [35.9 - 8, 55.75 + 8]),
], ids=["one-place-gets-a-region", "margin-around-several"])
def test_view_ranges(places, lon, lat):
    chosen = tuple(Site(KNOWN[name], (1, 0, 0, 0)) for name in places)
    lon_range, lat_range = view_ranges(chosen)
    assert lon_range == pytest.approx(lon) and lat_range == pytest.approx(lat)


def test_the_view_stays_inside_the_world():
    north = (Site(Point("Pole", "place", "NOR", 89.0, 179.0), (1, 0, 0, 0)),)
    lon_range, lat_range = view_ranges(north)
    assert lon_range[1] == 180 and lat_range[1] == 90
    assert lon_range[1] - lon_range[0] >= MIN_SPAN_DEGREES[0] and lat_range[1] - lat_range[0] >= MIN_SPAN_DEGREES[1]


URL = re.compile(r"(?:https?:)?//[^\s\"'<>]+", re.IGNORECASE)


def test_the_map_asks_no_outside_server_for_anything(seed_events):
    figure = map_figure(events_frame(seed_events))
    assert figure.data and not URL.findall(figure.to_json())
    config = map_config()
    assert not URL.findall(json.dumps(config)) and config["topojsonURL"] == "/app/static/"
    dashboard = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert not URL.findall(dashboard) and "config=map_config(" in dashboard


@pytest.mark.parametrize("base,url", [("", "/app/static/"), ("/", "/app/static/"),
                                      ("timeline", "/timeline/app/static/"), ("/a/b/", "/a/b/app/static/")])
def test_the_world_outline_comes_from_the_page_s_own_path(base, url):
    assert map_config(base)["topojsonURL"] == url


def test_the_outline_plotly_asks_for_is_served_by_the_page():
    # Plotly asks for <topojsonURL><scope>_<resolution>m.json; Streamlit serves static/ as /app/static/.
    assert WORLD_FILE == ROOT / "static" / "world_110m.json"
    outline = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    assert {"countries", "land", "coastlines"} <= set(outline["objects"])
    assert "enableStaticServing = true" in (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
