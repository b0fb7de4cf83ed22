"""The page driven by Streamlit's AppTest, on a temporary database seeded on first run."""
import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from timeline.pipeline import SEEDS_DIR

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


def as_uploads(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    return [(name, data, "text/html" if name.endswith(".html") else "text/plain") for name, data in files]


def test_upload_adds_the_good_files_and_names_the_bad_one(page, batch_files):
    uploads = as_uploads([(name, b"%PDF-1.4" if name == "bad.html" else data) for name, data in batch_files])
    before = metric(page, "Events")
    page.file_uploader(key="uploads").set_value(uploads).run()
    page.button(key="add").click().run()
    assert not page.exception
    assert [w.value for w in page.warning] == ["bad.html: this is a PDF, not a text or HTML article"]
    assert [s.value for s in page.success] == ["2 added, 0 already present."]
    page.run()  # the timeline is rebuilt on the next run
    assert metric(page, "Events") == before + 3  # Putin's visit; Xi and Macron's meeting, Xi's visit
    page.sidebar.text_input(key="text").input("Putin visited Beijing on Monday, March 4, 2024").run()
    assert metric(page, "Events") == 1
    page.button(key="add").click().run()
    assert [s.value for s in page.success] == ["0 added, 2 already present."]


def test_an_unexpected_error_on_one_upload_is_a_warning_naming_it(page, batch_files, break_bad_html):
    """The same upload with bad.html failing in the code, not in the file: AppTest runs the page in
    this process, so the monkeypatch reaches it."""
    stage, name = break_bad_html
    page.file_uploader(key="uploads").set_value(as_uploads(batch_files)).run()
    page.button(key="add").click().run()
    assert not page.exception
    assert [w.value for w in page.warning] == [
        f"{name}: internal error while {stage} (RuntimeError: boom) - please report it"]
    assert [s.value for s in page.success] == ["2 added, 0 already present."]
