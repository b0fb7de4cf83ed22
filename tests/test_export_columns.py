"""The `outlets` and `urls` columns at the end of the CSV contract."""
import csv
import io
from datetime import date

import pytest

from timeline.export import COLUMNS, event_to_dict, to_csv
from timeline.records import DateWindow, Event, Source


def event_with(*sources: Source) -> Event:
    return Event(type="call", cameo="041", status="held", window=DateWindow(date(2024, 1, 2), date(2024, 1, 2), "day"),
                 actors=("Wang Yi",), countries=("CHN",), location="", sources=sources, confidence=0.8)


def test_outlets_and_urls_close_the_contract():
    assert COLUMNS[-2:] == ("outlets", "urls")


@pytest.mark.parametrize("sources,outlets,urls", [
    ((Source("a", "s", "Kyodo News", None, "https://a.example/1"),
      Source("b", "s", "TASS", None, "https://b.example/2")), "Kyodo News;TASS", "https://a.example/1 https://b.example/2"),
    ((Source("a", "s", "Kyodo News", None, "https://a.example/1"),
      Source("b", "s", "Kyodo News", None, "https://a.example/1")), "Kyodo News", "https://a.example/1"),
    ((Source("a", "s", "", None, ""),), "", ""),
    ((Source("a", "s", "X", None, "https://a.example/a story"),), "X", "https://a.example/a%20story"),
    ((Source("a", "s", "=X", None, "javascript:alert(1)"),), "'=X", "javascript:alert(1)"),
], ids=["two-sources", "same-outlet-once", "none", "space-in-url", "kept-as-data-made-inert"])
def test_outlets_and_urls_cells(sources, outlets, urls):
    row = next(csv.DictReader(io.StringIO(to_csv([event_with(*sources)]))))
    assert (row["outlets"], row["urls"]) == (outlets, urls)


def test_json_gives_them_as_lists():
    data = event_to_dict(event_with(Source("a", "s", "TASS", None, "https://a.example/1")))
    assert (data["outlets"], data["urls"]) == (["TASS"], ["https://a.example/1"])
