"""The diplomatic timeline in the browser: streamlit run dashboard.py

Layout, widgets and caching only: the data comes from timeline.store, the figure from
timeline.chart, filtering, summaries and link checks from timeline.filters, an event's panel
from timeline.detail, downloads from timeline.export, articles from links and feeds from timeline.fetch.
"""
import math
from dataclasses import replace

import streamlit as st

st.set_page_config(page_title="Diplomatic timeline", page_icon="🗓️", layout="wide")

from timeline.chart import build_figure  # noqa: E402  (set_page_config must come first)
from timeline.detail import event_html, markdown_literal  # noqa: E402
from timeline.errors import TimelineError  # noqa: E402
from timeline.export import to_csv, to_json  # noqa: E402
from timeline.fetch import FetchPolicy, PastedLinks, ingest_links, pasted_links  # noqa: E402
from timeline.filters import (Filters, apply_filters, events_frame, facet_counts, filters_from_query,  # noqa: E402
                              filters_to_query, query_warnings, summary, year_span)
from timeline.geo import map_config, map_figure  # noqa: E402
from timeline.knowledge import knowledge  # noqa: E402
from timeline.network import build_network  # noqa: E402
from timeline.records import EVENT_TYPES, STATUSES  # noqa: E402
from timeline.store import ArticleRow, Store, db_chosen_by_user, default_db_path  # noqa: E402

LANES = {"actor": "Actor", "country": "Country", "type": "Event type"}
LIST_PARAMS = ("actor", "country", "type", "status", "event", "place")
# Selected events listed per page of the detail panel.
DETAIL_PAGE = 5
# A selection goes into the link up to this many events (about 2 KB of URL); a larger box
# selection is still shown, but a link to it would be too long to share.
MAX_LINKED_EVENTS = 100
# Events per page of the table.
TABLE_PAGE = 500
TABLE_COLUMNS = ["start", "end", "type", "status", "title", "location", "actors", "countries", "n_sources", "url",
                 "snippet"]


@st.cache_resource
def open_store(path: str, seed_if_new: bool) -> Store:
    return Store.open(path, seed_if_new=seed_if_new)


@st.cache_data(show_spinner="Building the timeline…")
def load_timeline(_store: Store, path: str, version: int):
    """Events and their table, cached by the store's path and `version`, which changes when articles
    are added, updated or removed: a filter change never re-extracts or re-merges."""
    events = _store.events()
    return {e.event_id: e for e in events}, events_frame(events)


@st.cache_data(show_spinner=False)
def load_articles(_store: Store, path: str, version: int) -> list[ArticleRow]:
    return _store.article_rows()


def warn(message: str) -> None:
    """st.warning reads Markdown; messages quote file names and links, which are shown as written."""
    st.warning(markdown_literal(message))


def widget_filters(query: Filters) -> Filters:
    """The filters as the widgets hold them now (the link's on the first run), so that each
    widget's counts can follow the other widgets before they are drawn."""
    state = st.session_state
    years = year_range(state["year_from"], state["year_to"]) if "year_from" in state else query.years
    return Filters(tuple(state.get("actors", query.actors)), tuple(state.get("countries", query.countries)),
                   years, tuple(state.get("types", query.types)), tuple(state.get("statuses", query.statuses)),
                   state.get("text", query.text), tuple(state.get("places", query.places)))


def year_range(first: int, last: int) -> tuple[int, int]:
    """The years from one choice to the other, whichever way round they were picked."""
    return min(first, last), max(first, last)


def year_widgets(span: tuple[int, int] | None, wanted: tuple[int, int] | None) -> tuple[int, int] | None:
    """The years shown, None for all. Two lists rather than a range slider: the slider sends each
    arrow-key step to the server, and each step reran the whole page; a list sends only the year
    chosen (with Enter or a click), so a change of years is one run."""
    if not span or span[0] == span[1]:
        return None
    if not (wanted and wanted[1] >= span[0] and wanted[0] <= span[1]):  # query_warnings has said why
        wanted = span
    options = list(range(span[0], span[1] + 1))
    first, last = st.sidebar.columns(2)
    chosen = year_range(
        first.selectbox("From year", options, index=options.index(max(span[0], wanted[0])), key="year_from"),
        last.selectbox("To year", options, index=options.index(min(span[1], wanted[1])), key="year_to"))
    return None if chosen == span else chosen


def sidebar_filters(frame, query: Filters, query_lane: str) -> tuple[Filters, str]:
    st.sidebar.header("Filters")
    known = {facet: {v for values in frame[facet] for v in values} for facet in ("actors", "countries")}
    known["places"] = set(frame["location"])
    query = replace(query, actors=tuple(a for a in query.actors if a in known["actors"]),
                    countries=tuple(c for c in query.countries if c in known["countries"]),
                    places=tuple(p for p in query.places if p in known["places"]))  # as query_warnings said
    current = widget_filters(query)
    actor_counts = dict(facet_counts(frame, current, "actors"))
    # The default only on the first run: afterwards the widget's state, or a click in the network, decides.
    actors = st.sidebar.multiselect(
        "Actors", options=list(actor_counts), default=list(query.actors) if "actors" not in st.session_state else None,
        format_func=lambda a: f"{a} ({actor_counts[a]})", key="actors")
    country_counts = dict(facet_counts(frame, current, "countries"))
    names = knowledge().country_names
    countries = st.sidebar.multiselect(
        "Countries", options=list(country_counts), default=list(query.countries),
        format_func=lambda c: f"{names.get(c, c)} ({country_counts[c]})", key="countries")
    years = year_widgets(year_span(frame), query.years)
    types = st.sidebar.multiselect("Event type", EVENT_TYPES, default=list(query.types), key="types")
    statuses = st.sidebar.multiselect("Status", STATUSES, default=list(query.statuses), key="statuses")
    text = st.sidebar.text_input("Search titles and snippets", value=query.text, key="text")
    place_counts = dict(facet_counts(frame, current, "places"))
    places = st.sidebar.multiselect(  # a click on the map sets it, as a click in the network sets the actors
        "Places", options=list(place_counts), default=list(query.places) if "places" not in st.session_state else None,
        format_func=lambda p: f"{p} ({place_counts[p]})", key="places")
    lanes = list(LANES)
    lane = st.sidebar.radio("Lanes", lanes, index=lanes.index(query_lane) if query_lane in LANES else 0,
                            format_func=LANES.get, horizontal=True, key="lane")
    return Filters(tuple(actors), tuple(countries), years, tuple(types), tuple(statuses), text, tuple(places)), lane


REFETCH = "Fetch links again even if stored already"


def upload_section(store: Store) -> None:
    report = st.session_state.pop("upload_report", None)  # from the run before the rerun that shows its articles
    with st.expander("Add articles", expanded=report is not None):
        if report is not None:
            problems, notes, done = report
            for problem in problems:  # each names its file or link and why it was left out
                warn(problem)
            for note in notes:
                st.info(markdown_literal(note))
            st.success(done)
        files = st.file_uploader("Articles (.txt, .md, .html) and an optional manifest.csv",
                                 type=["txt", "md", "html", "htm", "csv"], accept_multiple_files=True,
                                 key="uploads")
        published = st.date_input("Publication date for files without one", value=None, key="upload_date")
        if st.button("Add to the timeline", disabled=not files, key="add"):
            add_uploads(store, files, published)
        # Never disabled: a text field's value reaches the page only once it loses focus, which the
        # click on the button is; a disabled button would take that first click for nothing.
        pasted = st.text_area("Links (one per line)", key="links")
        feed = st.text_input("Feed URL", key="feed").strip()
        refetch = st.checkbox(REFETCH, key="refetch")
        if st.button("Add from the web", key="add_links"):
            add_from_web(store, pasted_links(pasted), [feed] if feed else [], refetch)


def add_uploads(store: Store, files, published) -> None:
    bar = st.progress(0.0, text="Reading…")
    try:
        result = store.add_uploads([(f.name, f.getvalue()) for f in files], published,
                                   progress=lambda done, total: bar.progress(done / total,
                                                                             text=f"Extracting {done}/{total}"))
    except TimelineError as error:  # a busy or damaged store: what was stored before stays
        st.error(markdown_literal(str(error)))
        return
    st.session_state["upload_report"] = (result.problems, [], f"{result.summary()}.")
    st.rerun()  # the counts, the chart and the article list as the store now is


def add_from_web(store: Store, pasted: PastedLinks, feeds: list[str], refetch: bool) -> None:
    skipped = [f"Not an http:// or https:// link, so not fetched: {', '.join(pasted.not_links)}"] \
        if pasted.not_links else []
    if not pasted.links and not feeds:
        warn(skipped[0] if skipped else "Paste links to articles (one per line) or give a feed's URL first.")
        return
    bar = st.progress(0.0, text="Reading the feed…" if feeds else "Fetching…")
    try:
        result = ingest_links(store, pasted.links, feeds, FetchPolicy.from_env(), refetch,
                              progress=lambda done, total: bar.progress(done / total, text=f"Fetching {done}/{total}"))
    except TimelineError as error:  # a busy or damaged store, or a bad TIMELINE_ALLOW_PRIVATE
        st.error(markdown_literal(str(error)))
        return
    st.session_state["upload_report"] = ([*skipped, *map(str, result.problems)],
                                         result.notes(f"tick “{REFETCH}” to fetch them"), f"{result.stored.summary()}.")
    st.rerun()


ARTICLE_COLUMNS = {"id": "doc_id", "date": "published", "outlet": "outlet", "title": "title", "events": "events"}


def ask_to_remove() -> None:
    st.session_state["confirm_remove"] = list(st.session_state["remove_ids"])


def cancel_removal() -> None:
    st.session_state.pop("confirm_remove", None)


def remove_articles(store: Store) -> None:
    """Runs before the page is drawn again, so the page shows the store without them."""
    ids = st.session_state.pop("confirm_remove", [])
    try:
        result = store.remove(ids)
    except TimelineError as error:  # a busy or damaged store: nothing was removed
        st.session_state["remove_report"] = ("error", str(error))
        return
    st.session_state["remove_ids"] = []
    gone = [f"{doc_id}: no such article (removed meanwhile?)" for doc_id in result.unknown]
    st.session_state["remove_report"] = ("success", " ".join([f"{result.summary()}.", *gone]))


def articles_section(store: Store, rows: list[ArticleRow]) -> None:
    report = st.session_state.pop("remove_report", None)
    with st.expander(f"Articles ({len(rows)})", expanded=report is not None):
        if report is not None:
            kind, message = report
            (st.error if kind == "error" else st.success)(markdown_literal(message))
        st.dataframe({column: [getattr(row, field) for row in rows] for column, field in ARTICLE_COLUMNS.items()},
                     hide_index=True, width="stretch", key="articles",
                     column_config={"date": st.column_config.DateColumn("Date"),
                                    "events": st.column_config.NumberColumn("Events")})
        chosen = st.multiselect("Articles to remove", [row.doc_id for row in rows], key="remove_ids")
        pending = st.session_state.get("confirm_remove")
        if not pending:
            st.button("Remove…", disabled=not chosen, key="remove", on_click=ask_to_remove)
            return
        events = sum(row.events for row in rows if row.doc_id in pending)
        st.warning(markdown_literal(f"Remove {len(pending)} article(s) ({', '.join(pending)}) with their {events} "
                                   "events, and their sentences from the events other articles report too? "
                                   "This cannot be undone."))
        yes, no = st.columns(2)
        yes.button("Yes, remove", key="remove_yes", on_click=remove_articles, args=(store,), type="primary")
        no.button("Cancel", key="remove_no", on_click=cancel_removal)


def select_from_chart() -> None:
    points = st.session_state["chart"]["selection"]["points"]
    # An event's point carries its id first; the counts strip's bars carry nothing to open.
    st.session_state["selected"] = list(dict.fromkeys(p["customdata"][0] for p in points if p.get("customdata")))


def filter_by_click(chart: str, widget: str) -> None:
    """A click on an actor in the network, or a place on the map, sets that filter's widget."""
    points = st.session_state[chart]["selection"]["points"]
    names = list(dict.fromkeys(p["customdata"] for p in points if p.get("customdata")))
    if names:
        st.session_state[widget] = names


def select_from_table(key: str) -> None:
    rows, ids = st.session_state[key]["selection"]["rows"], st.session_state[f"{key}_ids"]
    st.session_state["selected"] = [ids[row] for row in rows if row < len(ids)]


def detail_panel(selected: list[str], events_by_id: dict) -> None:
    """The selected events, all of them, a page at a time."""
    if not selected:
        st.caption("Click an event in the chart, drag a box around several, or tick rows in the table "
                   "to read their sources.")
        return
    pages = math.ceil(len(selected) / DETAIL_PAGE)
    page = 1
    if len(selected) > 1:
        st.subheader(f"{len(selected)} events selected")
    if pages > 1:
        # Keyed by the selection's size: a new, shorter selection never keeps a page it does not have.
        page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                               key=f"detail_page_{len(selected)}")
        st.caption(f"Events {DETAIL_PAGE * (page - 1) + 1}–{min(len(selected), DETAIL_PAGE * page)} "
                   f"of {len(selected)}")
    for event_id in selected[DETAIL_PAGE * (page - 1):DETAIL_PAGE * page]:
        st.html(event_html(events_by_id[event_id]))


def table_page(rows, key: str):
    """The rows of the table's page: the browser gets one page of rows, not all 10,000 (4 MB)."""
    pages = math.ceil(len(rows) / TABLE_PAGE)
    if pages <= 1:
        return rows
    # Keyed by the number of rows: new filters start again on the first page.
    page = st.number_input(f"Table page (of {pages})", min_value=1, max_value=pages, value=1,
                           key=f"{key}_page_{len(rows)}")
    st.caption(f"Events {TABLE_PAGE * (page - 1) + 1:,}–{min(len(rows), TABLE_PAGE * page):,} of {len(rows):,} "
               "(the downloads hold them all)")
    return rows.iloc[TABLE_PAGE * (page - 1):TABLE_PAGE * page]


def events_table(rows, key: str, columns: list[str]) -> None:
    rows = table_page(rows, key)
    st.session_state[f"{key}_ids"] = list(rows["event_id"])  # what a row number means on the next click
    st.dataframe(rows[columns], hide_index=True, width="stretch", key=key, on_select=lambda: select_from_table(key),
                 selection_mode="multi-row", column_config={
                     "start": st.column_config.DateColumn("Start"), "end": st.column_config.DateColumn("End"),
                     "url": st.column_config.LinkColumn("Link"),
                     "n_sources": st.column_config.NumberColumn("Sources"),
                     "actors": st.column_config.ListColumn("Actors"),
                     "countries": st.column_config.ListColumn("Countries")})


def timeline_view(shown, filters: Filters, lane: str, selected: list[str], events_by_id: dict) -> None:
    pinned = filters.actors if lane == "actor" else \
        tuple(knowledge().country_names.get(c, c) for c in filters.countries) if lane == "country" else filters.types
    st.plotly_chart(build_figure(shown, lane, pinned), width="stretch", on_select=select_from_chart,
                    selection_mode=("points", "box", "lasso"), key="chart")
    st.caption("Above, the events per period; below, a bar runs from an event's first to its last possible day; "
               "short events are drawn at a minimum width. Filled: held · outlined: planned · crossed: cancelled. "
               "Events that overlap in a lane are stacked. The last lane holds the lanes past the 40 busiest; with "
               "more than 500 events it shades each period by how many start then (filter to draw them). Drag "
               "across the dates to zoom, move the slider at the bottom to pan, double-click to see them all.")
    detail_panel(selected, events_by_id)
    events_table(shown[shown["dated"]], "table", TABLE_COLUMNS)
    undated = shown[~shown["dated"]]
    if not undated.empty:
        with st.expander(f"Undated events ({len(undated)}): the text gives no date for them"):
            events_table(undated, "undated_table", ["type", "status", "title", "location", "snippet"])


def date_span(first, last) -> str:
    if first is None:
        return "—"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b %Y}"
    return f"{first:%b %Y} – {last:%b %Y}"


def main() -> None:
    st.title("Diplomatic timeline")
    path = str(default_db_path())
    try:
        store = open_store(path, not db_chosen_by_user())
        version = store.version()
        events_by_id, frame = load_timeline(store, path, version)
        articles = load_articles(store, path, version)
    except TimelineError as error:  # busy or damaged store: the message says what to do
        st.error(markdown_literal(str(error)))
        st.stop()

    params = st.query_params.to_dict() | {key: st.query_params.get_all(key) for key in LIST_PARAMS}
    if "selected" not in st.session_state:  # first run: the link's events, and what in the link matched nothing
        st.session_state["selected"] = [i for i in dict.fromkeys(params["event"]) if i in events_by_id]
        for message in query_warnings(params, frame, LANES):
            warn(message)
    filters, lane = sidebar_filters(frame, filters_from_query(params), params.get("lane", "actor"))
    selected = [i for i in st.session_state["selected"] if i in events_by_id]
    st.query_params.from_dict(filters_to_query(filters) | ({"lane": lane} if lane != "actor" else {}) |
                              ({"event": selected} if 0 < len(selected) <= MAX_LINKED_EVENTS else {}))
    shown = apply_filters(frame, filters)

    facts = summary(shown)
    columns = st.columns([1, 1, 1, 2])
    columns[0].metric("Events", facts["events"])
    columns[1].metric("Actors", facts["actors"])
    columns[2].metric("Sources", facts["sources"])
    columns[3].metric("Date span", date_span(facts["first"], facts["last"]))

    if shown.empty:
        st.info("No events match these filters." if articles else
                "No articles yet: add some below, or the examples with `python -m timeline ingest seeds`.")
        detail_panel(selected, events_by_id)
    else:
        # Only the open tab is built and sent: the closed ones cost the browser as much to draw, unseen.
        timeline_tab, network_tab, map_tab = st.tabs(["Timeline", "Who met whom", "Map"], key="view",
                                                     on_change="rerun")
        if timeline_tab.open:
            with timeline_tab:
                timeline_view(shown, filters, lane, selected, events_by_id)
        if network_tab.open:
            with network_tab:
                st.plotly_chart(build_network(shown, filters.actors), width="stretch", selection_mode="points",
                                on_select=lambda: filter_by_click("network", "actors"), key="network")
                st.caption("An actor's circle grows with their events; a line joins two actors who took part in "
                           "the same events, thicker the more they share. Click an actor to filter the page by them.")
        if map_tab.open:
            with map_tab:
                st.plotly_chart(map_figure(shown), width="stretch",
                                config=map_config(st.get_option("server.baseUrlPath")),
                                on_select=lambda: filter_by_click("map", "places"), selection_mode="points", key="map")
                st.caption("A circle per place, its area growing with the events there; each colour's ring is one "
                           "type's share. Click a place to filter the page by it.")

    chosen_events = [events_by_id[i] for i in shown["event_id"]]
    left, right = st.columns(2)
    # Callables: a file is written when its button is clicked, not on every filter change
    # (the JSON of 10,000 events takes a second). A click reruns nothing: a rerun redrew the whole
    # page for no change, and could replace the file being fetched before it was written.
    left.download_button("Download CSV", lambda: to_csv(chosen_events), "timeline.csv", "text/csv", key="csv",
                         on_click="ignore")
    right.download_button("Download JSON", lambda: to_json(chosen_events), "timeline.json", "application/json",
                          key="json", on_click="ignore")
    upload_section(store)
    articles_section(store, articles)


if __name__ == "__main__":  # as Streamlit runs it; not when a spawned process re-imports the main module
    main()
