"""The detail panel: article text, outlets and URLs are text; only http(s) URLs become links."""
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from timeline.detail import event_html, highlight, markdown_literal, safe_url, when
from timeline.records import DateWindow, Event, Source

OUR_TAGS = {"div", "h4", "p", "b", "blockquote", "mark", "a", "code"}


class Tags(HTMLParser):
    """The tags and the text a browser would see in a piece of HTML."""
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("HTTP://example.org", "HTTP://example.org"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("vbscript:msgbox", None),
    ("http:alert(1)", None),
    ("//example.org/x", None),
    ("http://[bad", None),
    ("https://example.org/a b", None),
    ("", None),
    (None, None),
], ids=lambda v: repr(v)[:30])
def test_only_http_urls_may_become_links(url, expected):
    assert safe_url(url) == expected


MEETING = Event(type="meeting", cameo="040", status="held",
                window=DateWindow(date(2025, 6, 9), date(2025, 6, 9), "day", "Monday"),
                actors=("Wang Yi",), countries=("CHN",), location="Beijing",
                sources=(Source("doc1", "Wang Yi met the envoy in Beijing.", "Outlet", date(2025, 6, 10),
                                "https://example.org/story"),),
                confidence=0.9, title="Wang Yi meets in Beijing", mentions=("Wang Yi", "met"))

HOSTILE_SOURCES = [
    Source("d1", "![pixel](http://127.0.0.1:9/beacon.png) met [click me](javascript:alert(1)) **bold**",
           "[outlet](http://evil.example/) <img src=x onerror=alert(1)>", None, "javascript:alert(1)"),
    Source("d2", "<script>alert(1)</script> <a href=\"javascript:x\">x</a> met", "Outlet", None,
           'https://ok.example/"onmouseover="alert(1)'),
    Source("d3", "met at <iframe src=http://evil.example></iframe>", "![](http://evil.example/o.png)",
           None, "data:text/html;base64,PHNjcmlwdD4="),
]


@pytest.fixture
def hostile():
    return replace(MEETING, title="[t](javascript:alert(1)) <img src=x>", location="<b>x</b>",
                   sources=tuple(HOSTILE_SOURCES), mentions=("met", "script"))


def test_hostile_text_makes_no_tag_of_its_own(hostile):
    tags = Tags(event_html(hostile)).tags
    assert {tag for tag, _ in tags} <= OUR_TAGS
    assert not [tag for tag, _ in tags if tag in ("img", "script", "iframe")]


def test_hostile_text_reads_as_written(hostile):
    text = Tags(event_html(hostile)).text
    for source in HOSTILE_SOURCES:
        assert source.sentence in text.replace("\n", "")
        assert source.outlet in text
    assert "[t](javascript:alert(1)) <img src=x>" in text


def test_only_the_http_url_is_a_link_and_its_quotes_stay_inside_the_attribute(hostile):
    links = [attrs for tag, attrs in Tags(event_html(hostile)).tags if tag == "a"]
    assert links == [{"href": 'https://ok.example/"onmouseover="alert(1)', "target": "_blank",
                      "rel": "noopener noreferrer nofollow"}]


def test_a_url_that_may_not_be_a_link_is_still_shown(hostile):
    text = Tags(event_html(hostile)).text
    assert "javascript:alert(1)" in text and "data:text/html;base64,PHNjcmlwdD4=" in text


def test_the_panel_shows_the_event(hostile):
    text = Tags(event_html(MEETING)).text
    assert "Wang Yi meets in Beijing" in text and "2025-06-09 (“Monday”)" in text
    assert "Outlet" in text and "2025-06-10" in text and "Beijing" in text


@pytest.mark.parametrize("sentence,words,expected", [
    ("Wang Yi met Lavrov.", ["met", "Wang Yi"], "<mark>Wang Yi</mark> <mark>met</mark> Lavrov."),
    ("Mark Rutte met mark.", ["Mark Rutte", "mark"], "<mark>Mark Rutte</mark> met <mark>mark</mark>."),
    ("<b>met</b>", ["met", "b"], "&lt;<mark>b</mark>&gt;<mark>met</mark>&lt;/<mark>b</mark>&gt;"),
    ("Tom & Jerry met", ["amp", "met"], "Tom &amp; Jerry <mark>met</mark>"),
    ("nothing here", [], "nothing here"),
], ids=["two-words", "word-inside-a-mark-tag", "markup-is-escaped", "word-inside-an-entity", "no-words"])
def test_highlight(sentence, words, expected):
    assert highlight(sentence, words) == expected


@pytest.mark.parametrize("window,expected", [
    (DateWindow(date(2025, 6, 9), date(2025, 6, 9), "day"), "2025-06-09"),
    (DateWindow(date(2025, 6, 9), date(2025, 6, 12), "range"), "2025-06-09 – 2025-06-12"),
    (None, "undated"),
], ids=["one-day", "window", "undated"])
def test_when(window, expected):
    assert when(window) == expected


@pytest.mark.parametrize("text,expected", [
    ("![x](http://t.example/p.png)", r"\!\[x\]\(http\:\/\/t\.example\/p\.png\)"),
    ("bad.html: this is a PDF", r"bad\.html\: this is a PDF"),
    ("**a** _b_ `c` <i>", r"\*\*a\*\* \_b\_ \`c\` \<i\>"),
    (r"a\b", r"a\\b"),
], ids=["image", "ordinary-message", "emphasis-and-tags", "backslash"])
def test_markdown_literal(text, expected):
    assert markdown_literal(text) == expected
