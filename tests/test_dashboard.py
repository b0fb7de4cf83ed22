"""The page driven by Streamlit's AppTest, on a temporary database seeded on first run."""
import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from timeline.ingest import articles_from_uploads
from timeline.pipeline import SEEDS_DIR
from timeline.store import Store

PAGE = str(SEEDS_DIR.parent / "dashboard.py")


@pytest.fixture
def page(db_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_DB", str(db_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def metric(at, label):
    return int(next(m.value for m in at.metric if m.label == label))


def downloaded_csv(at, key="csv") -> list[dict]:
    """The rows the page's download button serves. AppTest keeps the bytes in its in-memory media
    storage and offers no accessor, so find that storage among live objects."""
    import gc

    from streamlit.runtime.media_file_manager import MediaFileManager
    button = next(e for e in at.main if type(e).__name__ == "DownloadButton" and e.key == key)
    file_id = button.proto.url.rsplit("/", 1)[1].split(".")[0]
    storages = [o._storage for o in gc.get_objects() if isinstance(o, MediaFileManager)]
    content = next(s._files_by_id[file_id].content for s in storages if file_id in s._files_by_id).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def test_default_load_shows_the_seeds_events(page, seed_events):
    assert metric(page, "Events") == len(seed_events)
    assert metric(page, "Sources") == 5


@pytest.mark.parametrize("widget,value", [
    ("actors", ["Wang Yi"]), ("countries", ["FRA"]), ("types", ["call"]), ("statuses", ["planned"]),
])
def test_each_filter_narrows_the_page(page, widget, value):
    before = metric(page, "Events")
    page.sidebar.multiselect(key=widget).set_value(value).run()
    assert not page.exception
    assert 0 < metric(page, "Events") < before


def test_text_search_narrows_and_lands_in_the_url(page):
    before = metric(page, "Events")
    page.sidebar.text_input(key="text").input("Belarus").run()
    assert 0 < metric(page, "Events") < before
    assert page.query_params["q"] == "Belarus"


def test_filters_survive_a_reload_through_the_url(db_path, monkeypatch, page):
    page.sidebar.multiselect(key="actors").set_value(["Wang Yi"]).run()
    expected = metric(page, "Events")
    fresh = AppTest.from_file(PAGE, default_timeout=120)
    fresh.query_params["actor"] = "Wang Yi"
    fresh.run()
    assert metric(fresh, "Events") == expected


def test_download_holds_exactly_the_filtered_rows(page):
    page.sidebar.multiselect(key="actors").set_value(["Wang Yi"]).run()
    rows = downloaded_csv(page)
    assert len(rows) == metric(page, "Events")
    assert all("Wang Yi" in row["actors"].split(";") for row in rows)


def test_the_lane_choice_survives_a_reload(db_path, monkeypatch, page):
    page.sidebar.radio(key="lane").set_value("country").run()
    assert page.query_params["lane"] == "country"
    fresh = AppTest.from_file(PAGE, default_timeout=120)
    fresh.query_params["lane"] = "country"
    fresh.run()
    assert fresh.sidebar.radio(key="lane").value == "country"


def test_no_match_shows_an_empty_state(page):
    page.sidebar.text_input(key="text").input("no such words anywhere").run()
    assert any("No events match" in i.value for i in page.info)


def test_upload_adds_events_and_the_same_upload_adds_none(db_path, seed_articles):
    """The page's upload button calls these two functions; AppTest cannot attach files."""
    store = Store.open(db_path)
    store.ensure_seeds()
    before = len(store.events())
    text = ("Japanese Prime Minister Fumio Kishida met Indian Prime Minister Narendra Modi "
            "in New Delhi on Monday.").encode()
    files = [("new.txt", text), ("bad.pdf.txt", b"%PDF-1.4 binary")]
    articles, problems = articles_from_uploads(files, default_published=None)
    assert len(articles) == 1 and any("bad.pdf.txt" in p for p in problems)
    from datetime import date
    articles, _ = articles_from_uploads(files, default_published=date(2024, 3, 20))
    assert store.add_articles(articles).added == 1
    assert len(store.events()) == before + 1
    assert store.add_articles(articles).added == 0
    assert len(store.events()) == before + 1
