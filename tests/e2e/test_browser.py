"""The real page in a real browser: streamlit run dashboard.py, driven by headless Chromium.

Needs Debian's chromium (installed by .ci/run); skipped with a reason where it is absent.
The screenshots land in docs/ (screenshot.png, event.png, network.png, map.png), which the README shows.
"""
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlparse
from typing import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from timeline.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
EVENT_SCREENSHOT = ROOT / "docs" / "event.png"
NETWORK_SCREENSHOT = ROOT / "docs" / "network.png"
MAP_SCREENSHOT = ROOT / "docs" / "map.png"
# Streamlit's data grid draws rows on a canvas: a row is found by its position (the default
# header and row heights), and ticking its first column selects it.
GRID_ROW_PIXELS = 35
# Each chart by its Streamlit key (the counts strip is a plot too).
TIMELINE = ".st-key-chart .js-plotly-plot"
NETWORK = ".st-key-network .js-plotly-plot"
MAP = ".st-key-map .js-plotly-plot"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The page on the store `db`, at the URL yielded."""
    port = _free_port()
    env = dict(os.environ, TIMELINE_DB=str(db))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "timeline.sqlite"
    with closing(Store.open(db)) as store:  # a store given by TIMELINE_DB gets the seeds only when asked
        store.add_seeds()
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(server)
        yield page
        browser.close()


def plotted_event_ids(page) -> set[str]:
    page.wait_for_selector(TIMELINE, state="attached")
    ids = page.evaluate(f"""() => {{
        const plot = document.querySelector('{TIMELINE}');
        return plot.data.flatMap(trace => Array.from(trace.customdata || [], row => row[0]));
    }}""")
    return set(ids)


def events_metric(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Events")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text())


def wait_until_idle(page) -> None:
    """Until the script run has finished: a download clicked mid-run may ask for a file the run
    is about to replace."""
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'""")


def download_rows(page, attempts: int = 3) -> list[dict]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    # A click that lands while a rerun replaces the button is lost: wait for the run, and try again.
    for attempt in range(1, attempts + 1):
        wait_until_idle(page)
        try:
            with page.expect_download(timeout=30_000) as info:
                page.get_by_role("button", name="Download CSV").click()
            break
        except PlaywrightTimeoutError:
            if attempt == attempts:
                raise
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


def test_the_page_shows_the_seeds_filters_and_downloads(page):
    page.wait_for_selector(TIMELINE, state="attached")
    page.wait_for_timeout(1000)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    all_rows = download_rows(page)
    dated = {row["event_id"] for row in all_rows if row["start"]}
    assert events_metric(page) == len(all_rows) > 20
    assert plotted_event_ids(page) == dated

    actors = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    actors.click()
    page.keyboard.type("Wang Yi")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('actor=Wang')")
    filtered = download_rows(page)
    assert 0 < len(filtered) < len(all_rows)
    assert all("Wang Yi" in row["actors"].split(";") for row in filtered)
    assert events_metric(page) == len(filtered)
    assert plotted_event_ids(page) == {row["event_id"] for row in filtered if row["start"]}


PANEL_IDS = "() => Array.from(document.querySelectorAll('.timeline-event')).map(p => p.dataset.eventId)"


def opened_event_ids(page, expected: list[str]) -> list[str]:
    """The events in the detail panel, once it shows `expected` or the page's timeout has passed
    (the URL changes before the panel is drawn, so the panel itself is waited for)."""
    try:
        page.wait_for_function(f"ids => ({PANEL_IDS})().join() === ids.join()", arg=expected)
    except PlaywrightTimeout:
        pass  # the assertion below shows what the panel holds instead
    return page.evaluate(PANEL_IDS)


def window_bar(page) -> tuple[str, dict]:
    """The id and screen box of a bar in the main plot (not the range slider) for an event of
    more than one day: the kind of event that used to open nothing."""
    bars = page.locator(f"{TIMELINE} .cartesianlayer .xy .barlayer .trace")
    widths = page.evaluate(f"""() => document.querySelector('{TIMELINE}')._fullData.filter(trace => trace.customdata)
        .map(trace => Array.from(trace.x).map((width, i) => [width, trace.customdata[i][0]]))""")
    for trace, points in enumerate(widths):
        for index, (width, event_id) in enumerate(points):
            if width > 3 * 86_400_000:
                return event_id, bars.nth(trace).locator(".point").nth(index).bounding_box()
    pytest.fail("no window event in the chart")


def test_a_window_event_a_table_row_and_a_link_open_the_detail_panel(page, server):
    page.goto(server)
    page.wait_for_selector(f"{TIMELINE} .barlayer .point", state="attached")
    event_id, box = window_bar(page)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert opened_event_ids(page, [event_id]) == [event_id]
    page.wait_for_function(f"() => window.location.search.includes('event={event_id}')")
    panel = page.locator(".timeline-event").inner_text()
    assert "·" in panel and "Actors:" in panel
    page.locator(".timeline-event").scroll_into_view_if_needed()
    page.screenshot(path=str(EVENT_SCREENSHOT), full_page=False)

    table_order = [row["event_id"] for row in download_rows(page) if row["start"]]
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    row = 2
    box = grid.bounding_box()
    page.mouse.click(box["x"] + GRID_ROW_PIXELS / 2, box["y"] + GRID_ROW_PIXELS * (row + 1) + GRID_ROW_PIXELS / 2)
    page.wait_for_function(f"() => window.location.search.includes('event={table_order[row]}')")
    assert opened_event_ids(page, [table_order[row]]) == [table_order[row]]

    fresh = page.context.new_page()
    fresh.goto(f"{server}/?event={event_id}")
    assert opened_event_ids(fresh, [event_id]) == [event_id]
    fresh.close()


def test_clicking_an_actor_in_the_network_filters_by_them(page, server):
    page.goto(server)
    page.wait_for_selector(f"{TIMELINE} .barlayer .point", state="attached")
    page.get_by_role("tab", name="Who met whom").click()
    network = page.locator(NETWORK)
    network.locator(".scatterlayer .trace").last.locator(".point").first.wait_for()
    names = network.evaluate("plot => Array.from(plot._fullData[plot._fullData.length - 1].customdata)")
    page.wait_for_timeout(500)  # the tab's plot settles to its width before a screenshot and a click
    page.screenshot(path=str(NETWORK_SCREENSHOT), full_page=False)
    node = network.locator(".scatterlayer .trace").last.locator(".point").nth(names.index("Xi Jinping")).bounding_box()
    page.mouse.click(node["x"] + node["width"] / 2, node["y"] + node["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('actor=Xi+Jinping')")
    rows = download_rows(page)
    assert rows and all("Xi Jinping" in row["actors"].split(";") for row in rows)


def test_the_map_fetches_nothing_from_outside_and_a_click_filters_by_place(page, server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    page.wait_for_selector(f"{TIMELINE} .barlayer .point", state="attached")
    page.get_by_role("tab", name="Map").click()
    world = page.locator(MAP)
    world.locator(".geolayer .countries path").first.wait_for(state="attached")  # the outline has been read
    places = world.evaluate("plot => plot._fullData.map(trace => Array.from(trace.customdata))")
    page.wait_for_timeout(500)  # the tab's plot settles to its width before a screenshot and a click
    page.screenshot(path=str(MAP_SCREENSHOT), full_page=False)
    outside = [url for url in requested if urlparse(url).scheme in ("http", "https", "ws", "wss")
               and urlparse(url).hostname != "127.0.0.1"]
    assert not outside
    assert any(urlparse(url).path == "/app/static/world_110m.json" for url in requested)

    trace = next(i for i, names in enumerate(places) if "Moscow" in names)
    ring = world.locator(".scattergeo").nth(trace).locator(".point").nth(places[trace].index("Moscow")).bounding_box()
    page.mouse.click(ring["x"] + ring["width"] / 2, ring["y"] + ring["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('place=Moscow')")
    rows = download_rows(page)
    assert rows and {row["location"] for row in rows} == {"Moscow"}
    assert events_metric(page) == len(rows)


TALKS = (b"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Moscow on Monday, May 6, "
         b"2024. Lavrov said Wang would visit Paris on May 14, 2024.")


def test_an_upload_shows_its_events_at_once(page, tmp_path):
    """On an empty store of its own, so the other tests' seeds and screenshots stay as they are."""
    with serving(tmp_path / "timeline.sqlite") as url:
        fresh = page.context.new_page()
        fresh.goto(url)
        fresh.get_by_text("No articles yet").wait_for()
        assert events_metric(fresh) == 0
        fresh.get_by_text("Add articles").click()
        fresh.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "talks.txt", "mimeType": "text/plain", "buffer": TALKS}])
        fresh.get_by_role("button", name="Add to the timeline").click()
        fresh.get_by_text("1 added, 0 updated, 0 already present: 3 events, 0 undated.").wait_for()
        rows = download_rows(fresh)  # nothing touched since the click: the page has rerun on its own
        assert events_metric(fresh) == len(rows) == 3
        assert {row["sources"] for row in rows} == {"talks"}
        assert plotted_event_ids(fresh) == {row["event_id"] for row in rows}
        fresh.close()


def test_a_change_of_years_is_one_run_of_the_page(page, server):
    """The years are lists: arrow keys move through a list without sending anything, and the year
    chosen is one message to the server, so one run (a slider sent one per arrow-key step)."""
    fresh = page.context.new_page()
    sent = []
    fresh.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    fresh.goto(server)
    fresh.wait_for_selector(TIMELINE, state="attached")
    wait_until_idle(fresh)
    before = len(sent)
    fresh.locator(".st-key-year_from").click()
    for _ in range(2):
        fresh.keyboard.press("ArrowDown")
    fresh.wait_for_timeout(500)  # time enough for a message, had a step sent one
    assert len(sent) == before
    fresh.keyboard.press("Enter")
    fresh.wait_for_function("() => window.location.search.includes('years=2025-2025')")
    wait_until_idle(fresh)
    assert len(sent) == before + 1
    rows = download_rows(fresh)
    assert rows and all(row["start"][:4] <= "2025" <= row["end"][:4] for row in rows if row["start"])
    fresh.close()
