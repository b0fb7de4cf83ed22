"""Property tests: whatever the text, the extractor returns well-formed events or none; whatever
the order of reports or of ingest, the merged timeline and its ids are the same."""
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import merge
from timeline.bench import synthetic_articles
from timeline.export import to_csv, to_json
from timeline.ingest import decode, read_corpus
from timeline.merge import merge_events
from timeline.pipeline import SEEDS_DIR, extract_article
from timeline.records import EVENT_TYPES, PRECISIONS, STATUSES, Article, DateWindow, Event, Source
from timeline.store import Store

ACTORS = ["Wang Yi", "Sergei Lavrov", "Chinese President Xi Jinping", "the Russian foreign minister",
          "Japanese Prime Minister Fumio Kishida", "Vice Premier Zhang Guoqing", "He"]
VERBS = ["will visit", "visited", "met", "held talks with", "spoke by phone with", "is expected to meet",
         "postponed his visit to", "will attend a summit in", "hosted"]
OBJECTS = ["Moscow", "Beijing", "Russia", "Sergei Lavrov", "Vladimir Putin", "the leaders", "Astana"]
DATES = ["on Monday", "next month", "from March 31 to April 2", "later this year", "in October", "last week",
         "in late August and early September", "on April 9, 2024", "over the weekend", "", "recently"]

sentence = st.builds(lambda a, v, o, d: f"{a} {v} {o} {d}".strip() + ".",
                     st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(DATES))
published = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(article: Article) -> None:
    for event in extract_article(article):
        assert event.type in EVENT_TYPES and event.status in STATUSES
        if event.window is not None:
            assert event.window.start <= event.window.end and event.window.precision in PRECISIONS
        assert event.sources and all(s.sentence in article.text for s in event.sources)


@SETTINGS
@given(st.lists(sentence, min_size=1, max_size=6), published)
def test_sentences_from_the_grammar(sentences, day):
    check(Article("grammar", " ".join(sentences), day))


@SETTINGS
@given(st.text(max_size=600), published)
def test_arbitrary_text(text, day):
    check(Article("noise", text, day))


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_raises(data):
    assert isinstance(decode(data).text, str)


# Reports from a small world, so that many of them are the same event, or nearly.
DAY = date(2025, 3, 1)
window = st.one_of(st.none(), st.builds(
    lambda start, days, precision, basis: DateWindow(DAY + timedelta(start), DAY + timedelta(start + days),
                                                     precision, basis=basis),
    st.integers(0, 70), st.integers(0, 35), st.sampled_from(PRECISIONS), st.sampled_from(["", "during the visit"])))
source = st.builds(Source, st.sampled_from("abcdef"), st.sampled_from(["It was reported.", "Officials said so."]),
                   st.sampled_from(["", "AP"]), st.one_of(st.none(), st.integers(0, 80).map(lambda d: DAY + timedelta(d))))
report = st.builds(
    Event, type=st.sampled_from(EVENT_TYPES), cameo=st.just("040"), status=st.sampled_from(STATUSES), window=window,
    actors=st.lists(st.sampled_from(["Wang Yi", "Sergei Lavrov", "Xi Jinping", "Vladimir Putin"]),
                    max_size=3, unique=True).map(tuple),
    countries=st.lists(st.sampled_from(["CHN", "RUS", "BLR"]), min_size=1, max_size=2, unique=True).map(tuple),
    location=st.sampled_from(["", "Moscow", "Russia", "Beijing", "Minsk"]),
    sources=st.lists(source, min_size=1, max_size=2).map(tuple), confidence=st.sampled_from([0.5, 0.8]))
reports_and_shuffle = st.lists(report, max_size=14).flatmap(lambda xs: st.tuples(st.just(xs), st.permutations(xs)))
MERGE_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@MERGE_SETTINGS
@given(reports_and_shuffle, st.booleans())
def test_merging_does_not_depend_on_the_order_of_reports(reports_and_shuffled, allow_undated):
    reports, shuffled = reports_and_shuffled
    merged = merge_events(reports, allow_undated)
    assert merge_events(shuffled, allow_undated) == merged
    assert [e.event_id for e in merge_events(shuffled, allow_undated)] == [e.event_id for e in merged]


@MERGE_SETTINGS
@given(st.lists(report, max_size=14), st.booleans())
def test_the_time_index_finds_every_event_a_report_can_join(reports, allow_undated):
    """Buckets of one day, of a month, or one bucket for all time: the same timeline."""
    merged = merge_events(reports, allow_undated)
    for days in (1, 10**7):
        with mock.patch.object(merge, "BUCKET_DAYS", days):
            assert merge_events(reports, allow_undated) == merged


@lru_cache(maxsize=1)
def _corpus() -> tuple[tuple[Article, ...], dict[str, list[Event]]]:
    """The seeds, the same stories a day later from another outlet (their relative dates move
    by a day), and varied synthetic articles: many events reported several times."""
    seeds, _ = read_corpus(SEEDS_DIR)
    # An article is its text: AP's copies carry its credit line, or they would be updates of the seeds.
    later = [replace(a, doc_id=f"{a.doc_id}-later", text=f"{a.text}\n\n(AP)", published=a.published + timedelta(days=1),
                     outlet="AP") for a in seeds]
    articles = tuple(seeds + later + list(synthetic_articles(20)))
    return articles, {a.doc_id: extract_article(a) for a in articles}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_store_exports_the_same_timeline_whatever_the_order_of_ingest(random):
    articles, events = _corpus()
    expected = merge_events(e for a in articles for e in events[a.doc_id])
    assert sum(len({s.doc_id for s in e.sources}) > 1 for e in expected) >= 10  # the property has teeth
    shuffled = list(articles)
    random.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "timeline.sqlite")
        store.add_articles(shuffled, extract=lambda article: events[article.doc_id])
        stored = store.events()
        store.close()
    assert to_csv(stored) == to_csv(expected)
    assert to_json(stored) == to_json(expected)
