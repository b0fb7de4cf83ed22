import csv
import io
import json

import pytest

from timeline.export import COLUMNS, event_from_dict, event_to_dict, neutralise, to_csv, to_json


def test_csv_has_the_contract_columns_in_order(seed_events):
    header = next(csv.reader(io.StringIO(to_csv(seed_events))))
    assert tuple(header) == COLUMNS


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Wang Yi", "2024-04-09", "", "a=b"])
def test_ordinary_cells_are_untouched(cell):
    assert neutralise(cell) == cell


def test_json_round_trip_keeps_everything(seed_events):
    for event in seed_events:
        assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event
    assert len(json.loads(to_json(seed_events))) == len(seed_events)


def test_event_ids_are_stable_and_unique(seed_articles, seed_events):
    from timeline.pipeline import extract_all
    again = extract_all(seed_articles)
    assert [e.event_id for e in again] == [e.event_id for e in seed_events]
    assert len({e.event_id for e in seed_events}) == len(seed_events)
