"""The page driven by Streamlit's AppTest, on a temporary database holding the seeds."""
import csv
import io
from contextlib import closing

import pytest
from streamlit.testing.v1 import AppTest

from timeline.detail import markdown_literal
from timeline.pipeline import SEEDS_DIR
from timeline.store import Store

PAGE = str(SEEDS_DIR.parent / "dashboard.py")


@pytest.fixture
def page(db_path, monkeypatch):
    with closing(Store.open(db_path)) as store:
        store.add_seeds()
    monkeypatch.setenv("TIMELINE_DB", str(db_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def metric(at, label):
    return int(next(m.value for m in at.metric if m.label == label))


def downloaded_csv(at, key="csv") -> list[dict]:
    """The rows the page's download button serves. The page hands Streamlit a function that writes
    the file on click; AppTest keeps it in its media file manager and offers no accessor, so find
    that manager among live objects and call it as a click would."""
    import gc

    from streamlit.runtime.media_file_manager import MediaFileManager
    button = next(e for e in at.main if type(e).__name__ == "DownloadButton" and e.key == key)
    file_id = button.proto.deferred_file_id
    managers = [o for o in gc.get_objects() if isinstance(o, MediaFileManager)]
    write = next(m._deferred_callables[file_id]["callable"] for m in managers if file_id in m._deferred_callables)
    return list(csv.DictReader(io.StringIO(write())))


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
    assert [w.value for w in page.warning] == [markdown_literal("bad.html: this is a PDF, not a text or HTML article")]
    assert [s.value for s in page.success] == ["2 added, 0 updated, 0 already present: 3 events, 0 undated."]
    assert metric(page, "Events") == before + 3  # at once: Putin's visit; Xi and Macron's meeting, Xi's visit
    page.sidebar.text_input(key="text").input("Putin visited Beijing on Monday, March 4, 2024").run()
    assert metric(page, "Events") == 1
    page.button(key="add").click().run()
    assert [s.value for s in page.success] == ["0 added, 0 updated, 2 already present: 3 events, 0 undated."]


def test_an_unexpected_error_on_one_upload_is_a_warning_naming_it(page, batch_files, break_bad_html):
    """The same upload with bad.html failing in the code, not in the file: AppTest runs the page in
    this process, so the monkeypatch reaches it."""
    stage, name = break_bad_html
    page.file_uploader(key="uploads").set_value(as_uploads(batch_files)).run()
    page.button(key="add").click().run()
    assert not page.exception
    assert [w.value for w in page.warning] == [
        markdown_literal(f"{name}: internal error while {stage} (RuntimeError: boom) - please report it")]
    assert [s.value for s in page.success] == ["2 added, 0 updated, 0 already present: 3 events, 0 undated."]


def open_page(query: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def panels(at) -> list[str]:
    return [h.value for h in at.html if "timeline-event" in h.value]


def test_an_event_link_opens_its_panel_and_stays_in_the_url(page, seed_events, db_path, monkeypatch):
    event = next(e for e in seed_events if e.window and e.window.start != e.window.end)
    fresh = open_page({"event": event.event_id})
    assert len(panels(fresh)) == 1 and f'data-event-id="{event.event_id}"' in panels(fresh)[0]
    assert event.title in panels(fresh)[0]
    fresh.sidebar.multiselect(key="types").set_value([event.type]).run()
    assert (fresh.query_params["event"], fresh.query_params["type"]) == (event.event_id, event.type)


def test_a_multi_selection_lists_every_event_a_page_at_a_time(page, seed_events):
    ids = [e.event_id for e in seed_events][:7]
    fresh = open_page({"event": ids})
    assert [s.value for s in fresh.subheader] == ["7 events selected"]
    first = panels(fresh)
    fresh.number_input(key="detail_page_7").set_value(2).run()
    second = panels(fresh)
    assert (len(first), len(second)) == (5, 2)
    shown = "".join(first + second)
    assert all(f'data-event-id="{i}"' in shown for i in ids)


def test_a_link_that_matches_nothing_says_so_and_shows_everything(page):
    everything = metric(page, "Events")
    fresh = open_page({"actor": "Nobody", "type": "banquet", "years": "1990-1995", "event": "000000000000"})
    warnings = " ".join(w.value for w in fresh.warning)
    for named in ("Nobody", "banquet", "1990–1995", "000000000000"):
        assert markdown_literal(named) in warnings
    assert metric(fresh, "Events") == everything
    assert years_chosen(fresh) == (2023, 2025)


def test_countries_are_offered_by_name_and_counts_follow_the_other_filters(page):
    countries = page.sidebar.multiselect(key="countries")
    assert any(option.startswith("Russia (") for option in countries.options)
    assert not any(option.startswith("RUS") for option in countries.options)
    page.sidebar.multiselect(key="types").set_value(["call"]).run()
    calls = metric(page, "Events")
    belarus = next(o for o in page.sidebar.multiselect(key="countries").options if o.startswith("Belarus"))
    russia = next(o for o in page.sidebar.multiselect(key="countries").options if o.startswith("Russia"))
    assert (belarus, russia) == ("Belarus (0)", f"Russia ({calls})")


def test_the_date_span_metric_is_whole(page):
    assert next(m.value for m in page.metric if m.label == "Date span") == "Jan 2023 – Sep 2025"


HOSTILE_TEXT = ("Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday. "
                "![pixel](http://127.0.0.1:9/beacon.png) [click](javascript:alert(1)) <img src=x onerror=alert(1)>")


def test_hostile_urls_outlets_and_text_stay_text(db_path, monkeypatch):
    from datetime import date

    from timeline.records import Article
    from timeline.store import Store
    store = Store.open(db_path)
    store.add_seeds()
    store.add_articles([Article("evil", HOSTILE_TEXT, date(2024, 5, 20), "manifest",
                                "![o](http://127.0.0.1:9/o.png) [x](javascript:alert(2))", "javascript:alert(1)")])
    monkeypatch.setenv("TIMELINE_DB", str(db_path))
    evil = next(e for e in store.events() if any(s.doc_id == "evil" for s in e.sources))
    at = open_page({"event": evil.event_id, "q": "beacon"})
    table = at.dataframe[0].value
    # the meeting and Xi's visit it implies: neither has a javascript: link in the Link column
    assert len(table) == 2 and table["url"].isna().all()
    panel = panels(at)[0]
    assert "<img" not in panel and "<a " not in panel and "javascript:alert(1)" in panel
    assert "![pixel](http://127.0.0.1:9/beacon.png)" in panel and "![o](http://127.0.0.1:9/o.png)" in panel
    assert all("beacon" not in m.value and "javascript" not in m.value for m in at.markdown)


def test_a_link_value_that_matches_nothing_does_not_zero_the_other_counts(page):
    fresh = open_page({"country": "BLR", "actor": "Nobody"})
    assert fresh.sidebar.multiselect(key="countries").value == ["BLR"]
    assert metric(fresh, "Events") > 0
    belarus = next(o for o in fresh.sidebar.multiselect(key="countries").options if o.startswith("Belarus"))
    assert belarus == f"Belarus ({metric(fresh, 'Events')})"


TALKS = ("talks.txt", b"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Moscow on "
                      b"Monday. Lavrov said Wang would visit Paris next week.", "text/plain")


def articles_label(at) -> str:
    return next(e.label for e in at.expander if e.label.startswith("Articles"))


@pytest.mark.parametrize("chosen_by_user,articles", [(True, 0), (False, 5)], ids=["TIMELINE_DB", "default"])
def test_the_page_seeds_only_a_new_default_store(db_path, monkeypatch, chosen_by_user, articles):
    import timeline.store
    if chosen_by_user:
        monkeypatch.setenv("TIMELINE_DB", str(db_path))
    else:
        monkeypatch.delenv("TIMELINE_DB", raising=False)
        monkeypatch.setattr(timeline.store, "DEFAULT_DB", db_path)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    assert (articles_label(at), metric(at, "Sources")) == (f"Articles ({articles})", articles)
    with closing(Store.open(db_path, create=False)) as store:
        assert store.count() == articles
    if not articles:
        assert [i.value for i in at.info] == [
            "No articles yet: add some below, or the examples with `python -m timeline ingest seeds`."]


def test_dating_an_undated_upload_updates_it_on_the_page_at_once(page):
    from datetime import date
    before = metric(page, "Events")
    page.file_uploader(key="uploads").set_value([TALKS]).run()
    page.button(key="add").click().run()
    assert [s.value for s in page.success] == ["1 added, 0 updated, 0 already present: 3 events, 3 undated."]
    assert metric(page, "Events") == before + 3
    assert any(e.label == "Undated events (3): the text gives no date for them" for e in page.expander)
    page.date_input(key="upload_date").set_value(date(2024, 5, 8)).run()
    page.button(key="add").click().run()
    assert not page.exception
    assert [s.value for s in page.success] == ["0 added, 1 updated, 0 already present: 3 events, 0 undated."]
    assert (metric(page, "Events"), articles_label(page)) == (before + 3, "Articles (6)")
    assert not any(e.label.startswith("Undated events") for e in page.expander)


A_SEED = "001_9abf8dd859d27d16"  # it reports Wang Yi's visit with 004_2094431c2688f2b4


@pytest.mark.parametrize("confirm,articles,sources", [("remove_yes", 4, 4), ("remove_no", 5, 5)],
                         ids=["confirmed", "cancelled"])
def test_an_article_is_removed_from_the_page_only_once_confirmed(page, db_path, confirm, articles, sources):
    with closing(Store.open(db_path)) as store:
        events = next(row.events for row in store.article_rows() if row.doc_id == A_SEED)
    assert A_SEED in {s for row in downloaded_csv(page) for s in row["sources"].split(";")}
    page.multiselect(key="remove_ids").set_value([A_SEED]).run()
    page.button(key="remove").click().run()
    assert [w.value for w in page.warning] == [markdown_literal(
        f"Remove 1 article(s) ({A_SEED}) with their {events} events, and their sentences from the events other articles "
        "report too? This cannot be undone.")]
    page.button(key=confirm).click().run()
    assert not page.exception and not page.warning
    assert (articles_label(page), metric(page, "Sources")) == (f"Articles ({articles})", sources)
    stored = {s for row in downloaded_csv(page) for s in row["sources"].split(";")}
    assert (A_SEED in stored) == (confirm == "remove_no") and "004_2094431c2688f2b4" in stored
    assert [s.value for s in page.success] == ([markdown_literal(f"1 removed with their {events} events.")]
                                              if confirm == "remove_yes" else [])


def years_chosen(at) -> tuple[int, int]:
    return at.sidebar.selectbox(key="year_from").value, at.sidebar.selectbox(key="year_to").value


def events_in(seed_events, first: int, last: int) -> int:
    """Events whose window overlaps the years, as the year filter keeps them."""
    return sum(1 for e in seed_events if e.window and e.window.start.year <= last and e.window.end.year >= first)


@pytest.mark.parametrize("link,chosen,years", [
    ("2024-2024", (2024, 2024), (2024, 2024)),
    ("2024-2030", (2024, 2025), (2024, 2025)),
    ("2023-2025", (2023, 2025), (2023, 2025)),
], ids=["one-year", "past-the-end", "all"])
def test_a_link_s_years_are_the_chosen_years(page, seed_events, link, chosen, years):
    fresh = open_page({"years": link})
    assert years_chosen(fresh) == chosen
    assert metric(fresh, "Events") == events_in(seed_events, *years)


@pytest.mark.parametrize("first,last,years,link", [
    (2024, 2025, (2024, 2025), "2024-2025"),
    (2025, 2023, (2023, 2025), None),
    (2025, 2024, (2024, 2025), "2024-2025"),
    (2023, 2023, (2023, 2023), "2023-2023"),
], ids=["from-2024", "reversed-all", "reversed", "one-year"])
def test_the_chosen_years_filter_the_page_and_land_in_the_url(page, seed_events, first, last, years, link):
    """Each list sends its year once it is chosen: one run per change, whatever the keys pressed
    on the way (the browser test counts the runs)."""
    page.sidebar.selectbox(key="year_from").set_value(first).run()
    page.sidebar.selectbox(key="year_to").set_value(last).run()
    assert not page.exception
    assert metric(page, "Events") == events_in(seed_events, *years)
    assert page.query_params.get("years") == link


def charts(at) -> list[str]:
    """The keys of the Plotly charts the run sent (a keyed element's id ends with its key)."""
    return [chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("view,sent", [(None, ["chart"]), ("Who met whom", ["network"]), ("Map", ["map"])],
                         ids=["timeline", "network", "map"])
def test_only_the_open_tab_is_built_and_sent(page, view, sent):
    if view:
        page.session_state["view"] = view
        page.run()
    assert not page.exception
    assert charts(page) == sent
    assert (len(page.dataframe) > 1) is (view is None)  # the events table is the timeline's, after the articles'


@pytest.fixture
def many_events_page(db_path, monkeypatch):
    """A store of 1,200 synthetic events (one article each) besides the seeds: more than two table pages."""
    from timeline.bench import synthetic_events
    from timeline.records import Article
    events = {f"synthetic-{i:04d}": [e] for i, e in enumerate(synthetic_events(1200))}
    with closing(Store.open(db_path)) as store:
        store.add_seeds()
        store.add_articles((Article(doc_id, f"Report {doc_id}.") for doc_id in events),
                           extract=lambda article: events[article.doc_id])
    monkeypatch.setenv("TIMELINE_DB", str(db_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def events_table_rows(at) -> int:
    return len(next(frame.value for frame in at.dataframe if "title" in frame.value.columns))


def test_the_table_is_sent_a_page_at_a_time(many_events_page):
    at = many_events_page
    dated = int(next(c.value for c in at.caption if c.value.startswith("Events 1–")).split(" of ")[1].split(" ")[0]
                .replace(",", ""))
    pages = -(-dated // 500)
    assert pages >= 3 and events_table_rows(at) == 500
    key = next(n.key for n in at.number_input if n.key.startswith("table_page_"))
    at.number_input(key=key).set_value(pages).run()
    assert events_table_rows(at) == dated - 500 * (pages - 1)
    assert any(c.value.startswith(f"Events {500 * (pages - 1) + 1:,}–{dated:,} of {dated:,}") for c in at.caption)
    assert len(downloaded_csv(at)) == metric(at, "Events")  # the downloads keep every event
