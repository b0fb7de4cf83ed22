"""The real page in a real browser: streamlit run dashboard.py, driven by headless Chromium.

Needs Debian's chromium (installed by .ci/run); skipped with a reason where it is absent.
The screenshot lands in docs/screenshot.png, which the README shows.
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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = dict(os.environ, TIMELINE_DB=str(tmp_path_factory.mktemp("db") / "timeline.sqlite"))
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
    page.wait_for_selector(".js-plotly-plot", state="attached")
    ids = page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        return plot.data.flatMap(trace => Array.from(trace.customdata || [])).filter(Boolean);
    }""")
    return set(ids)


def events_metric(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Events")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text())


def download_rows(page) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


def test_the_page_shows_the_seeds_filters_and_downloads(page):
    page.wait_for_selector(".js-plotly-plot", state="attached")
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
    page.wait_for_timeout(1500)
    filtered = download_rows(page)
    assert 0 < len(filtered) < len(all_rows)
    assert all("Wang Yi" in row["actors"].split(";") for row in filtered)
    assert events_metric(page) == len(filtered)
    assert plotted_event_ids(page) == {row["event_id"] for row in filtered if row["start"]}
