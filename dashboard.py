"""The diplomatic timeline in the browser: streamlit run dashboard.py

Layout, widgets and caching only: the data comes from timeline.store, the figure from
timeline.chart, filtering and summaries from timeline.filters, downloads from timeline.export.
"""
import html
import re

import streamlit as st

st.set_page_config(page_title="Diplomatic timeline", page_icon="🗓️", layout="wide")

from timeline.chart import build_figure  # noqa: E402  (set_page_config must come first)
from timeline.errors import TimelineError  # noqa: E402
from timeline.export import to_csv, to_json  # noqa: E402
from timeline.filters import (Filters, actor_counts, apply_filters, country_counts, events_frame,  # noqa: E402
                              filters_from_query, filters_to_query, summary, year_span)
from timeline.records import EVENT_TYPES, STATUSES  # noqa: E402
from timeline.store import Store, default_db_path  # noqa: E402

LANES = {"actor": "Actor", "country": "Country", "type": "Event type"}


@st.cache_resource
def open_store(path: str) -> Store:
    store = Store.open(path)
    store.ensure_seeds()
    return store


@st.cache_data(show_spinner="Building the timeline…")
def load_timeline(path: str, version: int):
    """Events and their table; `version` changes when articles are added, so only then is
    anything recomputed (a filter change never re-extracts or re-merges)."""
    events = open_store(path).events()
    return {e.event_id: e for e in events}, events_frame(events)


def highlight(sentence: str, words: list[str]) -> str:
    """The sentence, escaped, with the event's words marked."""
    marked = html.escape(sentence)
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        marked = re.sub(re.escape(html.escape(word)), lambda m: f"<mark>{m.group()}</mark>", marked)
    return marked


def sidebar_filters(frame, query_filters: Filters, query_lane: str) -> tuple[Filters, str]:
    st.sidebar.header("Filters")
    counts = dict(actor_counts(frame))
    actors = st.sidebar.multiselect(
        "Actors", options=list(counts), default=[a for a in query_filters.actors if a in counts],
        format_func=lambda a: f"{a} ({counts[a]})", key="actors")
    country_options = dict(country_counts(frame))
    countries = st.sidebar.multiselect(
        "Countries", options=list(country_options), default=[c for c in query_filters.countries if c in country_options],
        format_func=lambda c: f"{c} ({country_options[c]})", key="countries")
    span = year_span(frame)
    years = None
    if span and span[0] < span[1]:
        chosen = query_filters.years or span
        chosen = (max(span[0], min(chosen[0], span[1])), min(span[1], max(chosen[1], span[0])))
        picked = st.sidebar.slider("Years", span[0], span[1], chosen, key="years")
        years = None if tuple(picked) == span else tuple(picked)
    types = st.sidebar.multiselect("Event type", EVENT_TYPES, default=list(query_filters.types), key="types")
    statuses = st.sidebar.multiselect("Status", STATUSES, default=list(query_filters.statuses), key="statuses")
    text = st.sidebar.text_input("Search titles and snippets", value=query_filters.text, key="text")
    lanes = list(LANES)
    lane = st.sidebar.radio("Lanes", lanes, index=lanes.index(query_lane) if query_lane in LANES else 0,
                            format_func=LANES.get, horizontal=True, key="lane")
    return Filters(tuple(actors), tuple(countries), years, tuple(types), tuple(statuses), text), lane


def upload_section(store: Store) -> None:
    with st.expander("Add articles"):
        files = st.file_uploader("Articles (.txt, .md, .html) and an optional manifest.csv",
                                 type=["txt", "md", "html", "htm", "csv"], accept_multiple_files=True,
                                 key="uploads")
        published = st.date_input("Publication date for files without one", value=None, key="upload_date")
        if st.button("Add to the timeline", disabled=not files, key="add"):
            bar = st.progress(0.0, text="Reading…")
            try:
                result = store.add_uploads([(f.name, f.getvalue()) for f in files], published,
                                           progress=lambda done, total: bar.progress(
                                               done / total, text=f"Extracting {done}/{total}"))
            except TimelineError as error:  # a busy or damaged store: what was stored before stays
                st.error(str(error))
                return
            for problem in result.problems:  # each names its file and why it was left out
                st.warning(problem)
            st.success(f"{result.added} added, {result.skipped} already present.")


def detail_panel(selected: list, events_by_id: dict) -> None:
    for event_id in selected[:5]:
        event = events_by_id.get(event_id)
        if event is None:
            continue
        st.subheader(event.title)
        when = f"{event.window.start} – {event.window.end} ({event.window.text})" if event.window else "undated"
        st.caption(f"{event.type} · {event.status} · {when} · {event.location or 'place unknown'}")
        for source in event.sources:
            link = f" · [link]({source.url})" if source.url.startswith(("http://", "https://")) else ""
            st.markdown(f"**{html.escape(source.outlet or source.doc_id)}** · "
                        f"{source.published or 'undated'}{link}", unsafe_allow_html=False)
            st.markdown(highlight(source.sentence, list(event.mentions)), unsafe_allow_html=True)


def main() -> None:
    st.title("Diplomatic timeline")
    path = str(default_db_path())
    try:
        store = open_store(path)
        events_by_id, frame = load_timeline(path, store.version())
    except TimelineError as error:  # busy or damaged store: the message says what to do
        st.error(str(error))
        st.stop()

    filters, lane = sidebar_filters(frame, filters_from_query(st.query_params.to_dict() | {
        key: st.query_params.get_all(key) for key in ("actor", "country", "type", "status")}),
        st.query_params.get("lane", "actor"))
    st.query_params.from_dict(filters_to_query(filters) | ({"lane": lane} if lane != "actor" else {}))
    shown = apply_filters(frame, filters)

    facts = summary(shown)
    columns = st.columns(4)
    columns[0].metric("Events", facts["events"])
    columns[1].metric("Actors", facts["actors"])
    columns[2].metric("Sources", facts["sources"])
    columns[3].metric("Date span", f"{facts['first']:%b %Y} – {facts['last']:%b %Y}" if facts["first"] else "—")

    if shown.empty:
        st.info("No events match these filters.")
    else:
        chosen = st.plotly_chart(build_figure(shown, lane), width="stretch", on_select="rerun",
                                 selection_mode=("points", "box"), key="chart")
        st.caption("A dot is a day, a bar a window of days. Solid: held · hollow or dashed: planned · "
                   "× or dotted: cancelled. Drag to zoom, use the slider below the chart to pan.")
        points = chosen.selection.points if chosen and chosen.selection else []
        selected = list(dict.fromkeys(p.get("customdata") for p in points if p.get("customdata")))
        if selected:
            detail_panel(selected, events_by_id)
        else:
            st.caption("Select an event in the chart to read its sources.")

        table = shown[shown["dated"]][["start", "end", "type", "status", "title", "location", "actors",
                                        "countries", "n_sources", "url", "snippet"]]
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "start": st.column_config.DateColumn("Start"), "end": st.column_config.DateColumn("End"),
            "url": st.column_config.LinkColumn("Link"), "n_sources": st.column_config.NumberColumn("Sources"),
            "actors": st.column_config.ListColumn("Actors"), "countries": st.column_config.ListColumn("Countries"),
        })
        undated = shown[~shown["dated"]]
        if not undated.empty:
            with st.expander(f"Undated events ({len(undated)}): the text gives no date for them"):
                st.dataframe(undated[["type", "status", "title", "location", "snippet"]], hide_index=True)

    chosen_events = [events_by_id[i] for i in shown["event_id"]]
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(chosen_events), "timeline.csv", "text/csv", key="csv")
    right.download_button("Download JSON", to_json(chosen_events), "timeline.json", "application/json", key="json")
    upload_section(store)


main()
