"""The page at 10,000 events in headless Chromium: how long a first paint and a filter change take,
and what the WebGL mode keeps (a range slider that draws, a hover with every field but the snippet,
the date axis in view).

The times are printed, never asserted: they depend on the machine and on what else runs on it.
`pytest tests/e2e/test_timing.py -s` shows them; the README gives them with the machine they ran on.
A paint is timed from asking for the page (or pressing Enter in a filter) to the run being over and
the timeline drawn, its range slider included (Plotly draws the slider last).
"""
import statistics
import time
from contextlib import closing

import pytest

from timeline.bench import synthetic_events
from timeline.records import Article
from timeline.store import Store

from .test_browser import BROWSER_ARGS, CHROMIUM, TIMELINE, serving

EVENTS = 10_000
WARM_PAINTS = 3
DRAWN = f"""() => {{
    const plot = document.querySelector('{TIMELINE}');
    return document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
        && plot?._fullData?.length > 0 && plot.querySelectorAll('.rangeslider-container .point').length > 0;
}}"""
FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    """The seeds and 10,000 synthetic events (one article each), merged by the page as usual."""
    events = {f"synthetic-{i:05d}": [event] for i, event in enumerate(synthetic_events(EVENTS))}
    db = tmp_path_factory.mktemp("large") / "timeline.sqlite"
    with closing(Store.open(db)) as store:
        store.add_seeds()
        store.add_articles((Article(doc_id, f"Report {doc_id}.") for doc_id in events),
                           extract=lambda article: events[article.doc_id])
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def large_page(large_server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(180_000)
        yield page
        browser.close()


def paint(page, action) -> float:
    started = time.perf_counter()
    action()
    page.wait_for_function(DRAWN, polling=50)
    page.evaluate(FRAME)
    return time.perf_counter() - started


def lane_traces(page) -> list[dict]:
    return page.evaluate(f"""() => document.querySelector('{TIMELINE}')._fullData.filter(t => t.customdata)
        .map(t => ({{type: t.type, name: t.name, points: t.x.length}}))""")


def test_first_paint_and_a_filter_change_at_10000_events(large_page, large_server):
    """By actor (the default): the 39 busiest lanes as bars, the other 1,500 actors' lane shaded
    by period; by type: 10,000 WebGL markers."""
    cold = paint(large_page, lambda: large_page.goto(large_server))  # the server reads and merges the store
    warm = [paint(large_page, lambda: large_page.goto(large_server)) for _ in range(WARM_PAINTS)]
    assert {trace["type"] for trace in lane_traces(large_page)} == {"bar"}
    assert large_page.locator(TIMELINE).evaluate("p => p._fullData.some(t => !t.customdata && t.yaxis === 'y')")

    def only_calls():
        large_page.locator(".st-key-types").click()
        large_page.keyboard.type("call")
        large_page.keyboard.press("Enter")
        large_page.wait_for_function("() => window.location.search.includes('type=call')")
    changed = paint(large_page, only_calls)
    assert {trace["name"].split(" · ")[0] for trace in lane_traces(large_page)} == {"call"}

    by_type = [paint(large_page, lambda: large_page.goto(f"{large_server}/?lane=type")) for _ in range(WARM_PAINTS)]
    marks = sum(trace["points"] for trace in lane_traces(large_page))
    assert {trace["type"] for trace in lane_traces(large_page)} == {"scattergl"} and marks > EVENTS * 0.9
    print(f"\n{EVENTS:,} events: first paint {cold:.2f} s cold, {_median(warm)} warm; filter change (type: call) "
          f"{changed:.2f} s; by type ({marks:,} WebGL marks) {_median(by_type)} warm")


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s (median of {', '.join(f'{t:.2f}' for t in times)})"


def test_the_webgl_mode_keeps_its_range_slider_a_full_hover_and_the_date_axis_in_view(large_page, large_server):
    large_page.goto(f"{large_server}/?lane=type")
    large_page.wait_for_function(DRAWN, polling=50)
    plot = large_page.locator(TIMELINE)
    assert {trace["type"] for trace in lane_traces(large_page)} == {"scattergl"}
    bins = plot.evaluate("p => p._fullData.filter(t => t.yaxis === 'y2').reduce((n, t) => n + t.x.length, 0)")
    assert plot.locator(".rangeslider-container .barlayer .point").count() == bins > 10

    plot.scroll_into_view_if_needed()
    lanes_top = plot.evaluate("p => p.getBoundingClientRect().top + p._fullLayout.yaxis._offset")
    dates = [box for box in (tick.bounding_box() for tick in plot.locator(".xtick text").all()) if box]
    assert dates and all(0 <= box["y"] and box["y"] + box["height"] <= min(lanes_top, 1000) for box in dates)

    x, y, title = plot.evaluate("""p => {
        const trace = p._fullData.find(t => t.type === 'scattergl'), layout = p._fullLayout;
        const box = p.getBoundingClientRect();
        return [box.left + layout.xaxis._offset + layout.xaxis.l2p(trace.x[0]),
                box.top + layout.yaxis._offset + layout.yaxis.l2p(trace.y[0]), trace.customdata[0][1]];
    }""")
    large_page.mouse.move(x, y)
    label = large_page.locator(f"{TIMELINE} .hoverlayer .hovertext")
    label.wait_for()
    text = label.text_content()
    for field in ("Actors:", "Place:", "Source:", " · "):
        assert field in text
    assert title.split("#")[0].strip()[:20] in text
