"""The gazetteers under timeline/data/ are well formed."""
import csv
from collections import defaultdict
from datetime import date

import pytest

from timeline.knowledge import DATA_DIR, fold, knowledge

HEADERS = {
    "people.csv": ["name", "aliases", "country", "role", "start", "end"],
    "countries.csv": ["iso3", "name", "aliases", "demonyms"],
    "places.csv": ["name", "aliases", "country", "kind"],
    "orgs.csv": ["name", "aliases", "kind"],
    "roles.csv": ["phrase", "roles", "title"],
}
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "top_diplomat",
         "vice_president", "vice_premier", "security_council_secretary", "national_security_adviser",
         "spokesperson", "secretary_general", "president_of_commission", "president_of_council",
         "trade_minister", "finance_minister", "speaker", ""}
NON_STATES = {"EUU", "UNO", "NATO", "AU"}


def rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(cell):
    return [v.strip() for v in cell.split(";") if v.strip()]


@pytest.mark.parametrize("name,header", HEADERS.items(), ids=list(HEADERS))
def test_each_file_has_its_header_and_no_duplicate_rows(name, header):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == header
    lines = [tuple(row.values()) for row in rows(name)]
    assert len(lines) == len(set(lines))


def test_every_office_has_valid_dates_a_known_role_and_a_known_state():
    states = {row["iso3"] for row in rows("countries.csv")} | NON_STATES
    for row in rows("people.csv"):
        start = date.fromisoformat(row["start"])
        assert not row["end"] or start <= date.fromisoformat(row["end"]), row
        assert row["role"] in ROLES, row
        assert row["country"] in states, row


def test_no_alias_points_at_two_people():
    owners = defaultdict(set)
    for row in rows("people.csv"):
        for alias in [row["name"], *split(row["aliases"])]:
            owners[fold(alias).lower()].add(row["name"])
    assert {alias: names for alias, names in owners.items() if len(names) > 1} == {}


def test_no_country_name_or_demonym_points_at_two_countries():
    owners = defaultdict(set)
    for row in rows("countries.csv"):
        for alias in [row["name"], *split(row["aliases"]), *split(row["demonyms"])]:
            owners[alias].add(row["iso3"])
    assert {alias: codes for alias, codes in owners.items() if len(codes) > 1} == {}


def test_no_person_is_named_like_a_country_or_place():
    others = {a for row in rows("countries.csv") for a in [row["name"], *split(row["aliases"]), *split(row["demonyms"])]}
    others |= {a for row in rows("places.csv") for a in [row["name"], *split(row["aliases"])]}
    people = {a for row in rows("people.csv") for a in [row["name"], *split(row["aliases"])]}
    assert people & others == set()


def test_places_belong_to_known_states():
    states = {row["iso3"] for row in rows("countries.csv")}
    assert all(row["country"] in states and row["kind"] in {"capital", "city", "seat", "region"}
               for row in rows("places.csv"))


@pytest.mark.parametrize("country,roles,day,expected", [
    ("CHN", ("foreign_minister",), date(2023, 3, 1), ["Qin Gang"]),
    ("CHN", ("top_diplomat", "foreign_minister"), date(2023, 9, 18), ["Wang Yi"]),
    ("RUS", ("defence_minister",), date(2024, 6, 1), ["Andrei Belousov"]),
    ("USA", ("head_of_state",), date(2024, 6, 1), ["Joe Biden"]),
    ("FRA", ("foreign_minister",), date(2025, 3, 27), ["Jean-Noel Barrot"]),
])
def test_office_holders_on_a_day(country, roles, day, expected):
    assert knowledge().holders(country, roles, day) == expected
