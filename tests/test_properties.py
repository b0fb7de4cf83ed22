"""Property tests: whatever the text, the extractor returns well-formed events or none."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.ingest import decode
from timeline.pipeline import extract_article
from timeline.records import EVENT_TYPES, PRECISIONS, STATUSES, Article

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
