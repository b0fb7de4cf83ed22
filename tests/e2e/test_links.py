"""Links pasted into the real page, in a real browser: the page fetches them from a web server on
127.0.0.1 that the test starts (TIMELINE_ALLOW_PRIVATE lets the page reach it) and shows the new
events at once, with a warning for the link that failed."""
from contextlib import closing
from pathlib import Path

import pytest
from test_fetch import PUTIN, site  # noqa: F401  (site: the local web server fixture, shared)

from e2e.test_browser import BROWSER_ARGS, CHROMIUM, events_metric, serving
from timeline.fetch import ALLOW_PRIVATE_ENV
from timeline.store import Store

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def test_pasted_links_are_fetched_and_their_events_shown_at_once(site, tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright
    good, missing = site.page("/news/putin-beijing", PUTIN), site.url("/news/missing")
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "127.0.0.1")  # the page's process inherits it
    with serving(tmp_path / "timeline.sqlite") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        page.get_by_text("No articles yet").wait_for()
        assert events_metric(page) == 0
        page.get_by_text("Add articles").click()
        page.get_by_label("Links (one per line)").fill(f"{good}\n\n  {missing}  \n{good}\n")
        page.get_by_role("button", name="Add from the web").click()
        page.get_by_text("1 added, 0 updated, 0 already present:").wait_for()
        warnings = page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
        events = events_metric(page)  # nothing touched since the click: the page has rerun on its own
        browser.close()
    with closing(Store.open(tmp_path / "timeline.sqlite", create=False)) as store:
        stored = store.events()
    assert warnings == [f"{missing}: the server answered 404 Not Found"]
    assert events == len(stored) > 0  # the page shows what the store holds
    assert {source.doc_id for event in stored for source in event.sources} == {"127.0.0.1-news-putin-beijing"}
    assert sorted(site.requested) == ["/news/missing", "/news/putin-beijing"]  # each link once
