"""Articles from links and feeds, served by a web server on 127.0.0.1 that each test starts: no
test reaches the internet (a link to any other address is refused before a connection is made)."""
import ipaddress
import socket
import threading
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import BATCH

from timeline.cli import main
from timeline.errors import IngestError, Notice, TimelineError
from timeline.fetch import (ALLOW_PRIVATE_ENV, FeedCount, FetchError, FetchPolicy, Link, PastedLinks, allowed_networks,
                            feed_date, feed_news, fetch_articles, ingest_links, outlet_of, page_name, parse_feed,
                            pasted_links, refused_address)
from timeline.records import Article
from timeline.store import Store

LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)
# Quick enough for a test to wait for, long enough for a loaded machine to answer a local request.
SHORT = 0.5


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    length: bool = True  # send Content-Length
    stall: str = ""  # "answer": never answer; "trickle": send the body a few bytes at a time, forever


class Site:
    """The test's web server: routes by path, and every path requested, in order."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requested: list[str] = []
        self.release = threading.Event()  # ends every stalled answer when the test is over
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requested.append(self.path)
                route = site.routes.get(self.path, Route(404, b"not here"))
                if route.stall == "answer":
                    site.release.wait()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    while route.stall == "trickle" and not site.release.wait(0.02):
                        self.wfile.write(b"<p>more</p>")
                        self.wfile.flush()
                    self.wfile.write(route.body)
                except OSError:  # the client hung up, as it should on a trickle
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.server.server_port}{path}"

    def page(self, path: str, html: bytes, **route) -> str:
        self.routes[path] = Route(body=html, **route)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status, headers={"Location": location} if location else {})
        return self.url(path)


@pytest.fixture
def site():
    site = Site()
    site.thread.start()
    yield site
    site.release.set()
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def local_policy():
    return FetchPolicy(timeout=5, allowed=LOCAL)


def article_page(body: str, title: str = "A page", published: str = "2024-05-07") -> bytes:
    return (f'<!doctype html><html><head><title>{title}</title><meta name="date" content="{published}"></head>'
            f"<body><article><p>{body}</p></article></body></html>").encode("utf-8")


PUTIN = article_page("Russian President Vladimir Putin visited Beijing on Monday, March 4, 2024, and met Xi Jinping.",
                     "Putin in Beijing", "2024-03-05")
XI = BATCH["page.html"]  # Xi meets Macron in Paris, published 2024-05-07
MODI = article_page("Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo on "
                    "March 20, 2023.", "Modi in Tokyo", "2023-03-21")


def fetched(links, policy) -> list:
    return list(fetch_articles(links, policy))


def only_error(items) -> str:
    assert len(items) == 1 and isinstance(items[0], FetchError), items
    return str(items[0])


# ------------------------------------------------------------------ the address policy

@pytest.mark.parametrize("address, allowed, refused", [
    ("93.184.216.34", "", None),
    ("2606:2800:220:1:248:1893:25c8:1946", "", None),
    ("127.0.0.1", "", "a loopback address"),
    ("127.8.9.10", "", "a loopback address"),
    ("::1", "", "a loopback address"),
    ("::ffff:127.0.0.1", "", "a loopback address"),
    ("10.1.2.3", "", "a private address"),
    ("172.16.0.1", "", "a private address"),
    ("192.168.1.1", "", "a private address"),
    ("fd00::1", "", "a private address"),
    ("169.254.169.254", "", "a link-local address"),
    ("fe80::1%eth0", "", "a link-local address"),
    ("100.64.0.1", "", "a reserved address"),
    ("0.0.0.0", "", "a private address"),
    ("240.0.0.1", "", "a private address"),
    ("224.0.0.1", "", "a multicast address"),
    ("239.255.255.250", "", "a multicast address"),
    ("127.0.0.1", "127.0.0.1", None),
    ("127.0.0.2", "127.0.0.1", "a loopback address"),
    ("10.1.2.3", "10.0.0.0/8, 127.0.0.1", None),
    ("169.254.169.254", "10.0.0.0/8", "a link-local address"),
    ("::1", "127.0.0.1", "a loopback address"),
    ("::1", "1", None),
    ("192.168.1.1", "1", None),
    ("10.1.2.3", "0", "a private address"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_which_addresses_a_link_may_reach(address, allowed, refused):
    reason = refused_address(address, allowed_networks(allowed))
    assert reason == refused or (refused is not None and reason.startswith(refused))


@pytest.mark.parametrize("setting", ["yes", "127.0.0.1;10.0.0.0/8", "localhost", "10.0.0.0/33"])
def test_an_allow_setting_that_names_no_network_is_an_error_in_words(setting):
    with pytest.raises(TimelineError, match=ALLOW_PRIVATE_ENV):
        FetchPolicy.from_env({ALLOW_PRIVATE_ENV: setting})


@pytest.mark.parametrize("host, address", [("127.0.0.1", "127.0.0.1"), ("localhost", "127.0.0.1")],
                         ids=["address", "name"])
def test_a_link_to_this_machine_is_refused_before_any_request(site, host, address):
    url = site.page("/news.html", XI).replace("127.0.0.1", host)
    message = only_error(fetched([url], FetchPolicy(timeout=5)))
    assert "loopback address" in message and ALLOW_PRIVATE_ENV in message
    assert message.startswith(f"{url}: {host}") and address in message
    assert site.requested == []


@pytest.mark.parametrize("location, refused", [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
    ("http://127.0.0.2/", "127.0.0.2 is a loopback address"),
    ("ftp://127.0.0.1/file", "only http and https links are fetched, not 'ftp:' links"),
    ("file:///etc/passwd", "only http and https links are fetched, not 'file:' links"),
], ids=["metadata", "private", "other-loopback", "ftp", "file"])
def test_a_redirect_is_checked_again_before_it_is_followed(site, local_policy, location, refused):
    url = site.redirect("/go", location)
    message = only_error(fetched([url], local_policy))
    assert message.startswith(f"{url} (redirected to {location}): {refused}")
    assert site.requested == ["/go"]


# ------------------------------------------------------------------ what a server can answer

def test_a_redirect_is_followed_and_the_link_given_is_kept(site, local_policy):
    site.page("/news/xi-paris.html", XI)
    url = site.redirect("/short", "/news/xi-paris.html", 301)
    [article] = fetched([url], local_policy)
    assert isinstance(article, Article)
    assert (article.url, article.outlet, article.published) == (url, "127.0.0.1", date(2024, 5, 7))
    assert "Xi Jinping met French President Emmanuel Macron" in article.text
    assert site.requested == ["/short", "/news/xi-paris.html"]


@pytest.mark.parametrize("route, policy, message", [
    (Route(304, headers={}), {},
     "the server answered 304 Not Modified, which sends no page, though nothing was asked of its cache"),
    (Route(404, b"gone"), {}, "the server answered 404 Not Found"),
    (Route(500, b"oops"), {}, "the server answered 500 Internal Server Error"),
    (Route(302, headers={}), {}, "the server answered 302 (a redirect) without saying where to"),
    (Route(stall="answer"), {"timeout": SHORT}, f"no complete answer within {SHORT:g} s; gave up"),
    (Route(body=XI, length=False, stall="trickle"), {"timeout": SHORT},
     f"no complete answer within {SHORT:g} s; gave up"),
    (Route(body=XI), {"max_bytes": 100}, f"{len(XI)} bytes is over the limit of 100 bytes; not downloaded"),
    (Route(body=XI, length=False), {"max_bytes": 100}, "over the limit of 100 bytes; cut off there and not read"),
    (Route(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}), {},
     "the server sent application/pdf, not a web page (HTML); not read"),
    (Route(body=b"plain", headers={"Content-Type": "text/plain"}), {},
     "the server sent text/plain, not a web page (HTML); not read"),
    (Route(body=b"\x1f\x8b\x08", headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}), {},
     "the server sent a gzip-compressed body though asked for none; not read"),
    (Route(body=b"<html><body><script>x()</script></body></html>"), {}, "the page has no readable text"),
    (Route(body=b"%PDF-1.7\x00\x01", headers={}), {}, "this is a PDF, not a text or HTML article"),
], ids=["304", "404", "500", "redirect-nowhere", "slow", "trickle", "oversized-declared", "oversized-undeclared",
        "pdf", "text", "gzip", "no-text", "untyped-pdf"])
def test_every_answer_that_gives_no_article_is_named_with_its_reason(site, route, policy, message):
    site.routes["/page"] = route
    url = site.url("/page")
    assert only_error(fetched([url], FetchPolicy(allowed=LOCAL, **policy))) == f"{url}: {message}"


def test_redirects_past_the_limit_stop(site, local_policy):
    for hop in range(7):
        site.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    url = site.url("/hop0")
    assert only_error(fetched([url], local_policy)) == f"{url}: more than 5 redirects; stopped at {site.url('/hop6')}"
    assert len(site.requested) == 6


@pytest.mark.parametrize("scheme, port, message", [
    ("https", None, "no secure connection to 127.0.0.1"),
    ("http", "closed", "127.0.0.1 refused the connection"),
    ("gopher", None, "only http and https links are fetched, not 'gopher:' links"),
    ("http", "bad", "not a valid web address (its port)"),
], ids=["tls-to-plain", "closed-port", "scheme", "bad-port"])
def test_connections_that_fail_are_named_with_their_reason(site, local_policy, scheme, port, message):
    url = site.url("/page", scheme=scheme)
    if port == "closed":
        with socket.socket() as unused:  # a port that was free a moment ago, with nothing listening
            unused.bind(("127.0.0.1", 0))
            free = unused.getsockname()[1]
        url = url.replace(f":{site.server.server_port}", f":{free}")
    elif port == "bad":
        url = url.replace(f":{site.server.server_port}", ":99999")
    assert only_error(fetched([url], local_policy)).startswith(f"{url}: {message}")


def test_a_tls_handshake_trickled_a_byte_at_a_time_is_cut_at_the_deadline():
    """Each byte restarts a socket's timeout: only the deadline stops a server that sends the
    header of a large TLS record and then its body byte by byte."""
    release = threading.Event()
    with socket.create_server(("127.0.0.1", 0)) as server:
        def trickle():
            client, _ = server.accept()
            with client:
                client.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 kB is coming
                while not release.wait(0.02):
                    client.sendall(b"\x00")
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        url = f"https://127.0.0.1:{server.getsockname()[1]}/"
        try:
            message = only_error(fetched([url], FetchPolicy(timeout=SHORT, allowed=LOCAL)))
        finally:
            release.set()
            thread.join()
    assert message == f"{url}: no complete answer within {SHORT:g} s; gave up"


@pytest.mark.parametrize("header, page, expected", [
    ("windows-1251", "Путин посетил Пекин.", "Путин посетил Пекин."),
    ("iso-8859-1", "Lavrov said \u201cgood talks\u201d.", "Lavrov said \u201cgood talks\u201d."),
    ("", "<meta charset='gb2312'>王毅会见拉夫罗夫。", "王毅会见拉夫罗夫。"),
    ("", "Caf\u00e9 diplomacy in S\u00e3o Paulo.", "Caf\u00e9 diplomacy in S\u00e3o Paulo."),
], ids=["header-cyrillic", "latin1-read-as-cp1252", "meta-chinese", "utf8-undeclared"])
def test_a_page_in_another_encoding_is_read_in_it(site, local_policy, header, page, expected):
    codec = {"iso-8859-1": "cp1252", "": "gb2312" if "gb2312" in page else "utf-8"}.get(header, header)
    content_type = f"text/html; charset={header}" if header else "text/html"
    url = site.page("/page", f"<html><body><article><p>{page}</p></article></body></html>".encode(codec),
                    headers={"Content-Type": content_type})
    [article] = fetched([url], local_policy)
    assert expected in article.text


def test_a_failing_link_beside_good_ones_costs_only_itself(site, local_policy):
    links = [site.page("/putin", PUTIN), site.url("/missing"), site.page("/xi", XI)]
    items = fetched(links, local_policy)
    assert [type(item) for item in items] == [Article, FetchError, Article]
    assert str(items[1]) == f"{links[1]}: the server answered 404 Not Found"
    assert [item.url for item in items if isinstance(item, Article)] == [links[0], links[2]]


@pytest.mark.parametrize("url, name, outlet", [
    ("https://www.example.com/news/2024/05/xi-macron-talks.html", "www.example.com-news-2024-05-xi-macron-talks.html",
     "example.com"),
    ("https://example.com/", "example.com.html", "example.com"),
    ("http://news.example.org/article?id=42&lang=en", "news.example.org-article-id-42-lang-en.html",
     "news.example.org"),
    ("https://example.com/" + "word/" * 40, "example.com" + "-word" * 17 + ".html", "example.com"),
    ("https://example.com/" + "words/" * 40, "example.com" + "-words" * 14 + ".html", "example.com"),
], ids=["path", "root", "query", "long", "long-cut-at-a-dash"])
def test_a_page_is_named_by_its_address_and_its_outlet_is_its_host(url, name, outlet):
    assert (page_name(url), outlet_of(url)) == (name, outlet)


# ------------------------------------------------------------------ feeds

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>World news</title>
<item><title>Putin in Beijing</title><link>/putin</link><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>
<item><title>Xi in Paris</title><guid>https://example.com/xi</guid><dc:date>2024-05-07T10:00:00Z</dc:date></item>
<item><title>A link-less note</title><guid isPermaLink="false">tag:example.com,2024:3</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World news</title>
<entry><title type="html">Modi &amp;amp; Kishida</title><link rel="enclosure" href="/modi.mp3"/>
<link href="https://example.com/modi"/><updated>2023-03-21T09:00:00+09:00</updated></entry>
<entry><title>Xi in Paris</title><link rel="alternate" type="text/html" href="xi"/>
<published>not a date</published></entry>
</feed>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.com/"><title>News</title></channel>
<item rdf:about="https://example.com/putin"><title>Putin in Beijing</title><link>https://example.com/putin</link>
<dc:date>2024-03-05</dc:date></item></rdf:RDF>"""


@pytest.mark.parametrize("data, links", [
    (RSS, [Link("https://example.com/putin", "Putin in Beijing", date(2024, 3, 5)),
           Link("https://example.com/xi", "Xi in Paris", date(2024, 5, 7)),
           Link("", "A link-less note", None)]),
    (ATOM, [Link("https://example.com/modi", "Modi &amp; Kishida", date(2023, 3, 21)),
            Link("https://example.com/feeds/xi", "Xi in Paris", None)]),
    (RDF, [Link("https://example.com/putin", "Putin in Beijing", date(2024, 3, 5))]),
], ids=["rss2", "atom", "rss1"])
def test_a_feed_gives_its_items_links_titles_and_dates(data, links):
    assert list(parse_feed(data, "https://example.com/feeds/world.xml")) == links


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b"<rss><channel><item><title>&b;</title></item></channel></rss>",
     "the feed declares XML entities, which feeds do not need and which can expand without bound; refused"),
    (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item>'
     b"<title>&x;</title></item></channel></rss>",
     "the feed declares XML entities, which feeds do not need and which can expand without bound; refused"),
    (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed (its XML is a <html>)"),
    (b"<rss><channel><item>", "not an RSS or Atom feed (not readable as XML: no element found: line 1, column 20)"),
    (b"", "not an RSS or Atom feed (not readable as XML: no element found: line 1, column 0)"),
], ids=["billion-laughs", "external-entity", "html", "truncated", "empty"])
def test_what_is_no_feed_is_refused_in_words(data, message):
    with pytest.raises(FetchError) as error:
        parse_feed(data, "https://example.com/rss")
    assert str(error.value) == f"https://example.com/rss: {message}"


@pytest.mark.parametrize("text, day", [
    ("Tue, 05 Mar 2024 08:00:00 GMT", date(2024, 3, 5)),
    ("Tue, 5 Mar 2024 23:30:00 -0500", date(2024, 3, 5)),
    ("2024-05-07T10:00:00Z", date(2024, 5, 7)),
    ("2024-05-07", date(2024, 5, 7)),
    ("yesterday", None),
    ("", None),
])
def test_feed_dates_in_rfc822_and_iso8601(text, day):
    assert feed_date(text) == day


def test_a_feed_gives_what_is_not_stored_yet(site, local_policy):
    feed = site.page("/rss.xml", RSS, headers={"Content-Type": "application/rss+xml"})
    news = feed_news(feed, {"https://example.com/xi"}, local_policy)
    assert (news.items, [link.url for link in news.new]) == (3, [site.url("/putin")])
    assert [str(notice) for notice in news.notices] == [f"{feed}: 1 of its 3 items have no link; skipped"]
    assert all(isinstance(notice, Notice) for notice in news.notices)


def test_a_page_the_feed_dates_and_the_page_does_not(site, local_policy):
    url = site.page("/undated", b"<html><body><article><p>Talks were held in Rome.</p></article></body></html>")
    [article] = fetched([Link(url, "Talks in Rome", date(2024, 6, 1))], local_policy)
    assert (article.published, article.published_basis, article.title) == (date(2024, 6, 1), "feed", "Talks in Rome")


# ------------------------------------------------------------------ through the command line

@pytest.fixture
def allow_local(monkeypatch):
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "127.0.0.1")


def stored(db) -> list[Article]:
    store = Store.open(db)
    try:
        return store.articles()
    finally:
        store.close()


def test_ingest_links_a_failing_one_beside_good_ones_then_nothing_new(site, allow_local, db_path, capsys):
    links = [site.page("/news/putin-beijing", PUTIN), site.url("/missing"), site.page("/news/xi-paris", XI)]
    assert main(["ingest", *links, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"warning: {links[1]}: the server answered 404 Not Found" in err
    assert "2 added, 0 updated, 0 already present" in err[-2] and "; 1 problems" in err[-2]
    assert err[-1] == "timeline: 1 of 3 links could not be read (see the warnings above)"
    articles = stored(db_path)
    assert sorted(a.url for a in articles) == sorted([links[0], links[2]])
    assert {a.doc_id for a in articles} == {"127.0.0.1-news-putin-beijing", "127.0.0.1-news-xi-paris"}
    assert {a.outlet for a in articles} == {"127.0.0.1"}
    store = Store.open(db_path)
    assert {"Vladimir Putin", "Xi Jinping", "Emmanuel Macron"} <= {a for e in store.events() for a in e.actors}
    store.close()

    requested = len(site.requested)
    assert main(["ingest", links[0], links[2], "--db", str(db_path)]) == 0
    assert "2 links are stored already, not fetched again" in capsys.readouterr().err
    assert len(site.requested) == requested

    assert main(["ingest", links[0], "--refetch", "--db", str(db_path)]) == 0
    assert "0 added, 0 updated, 1 already present" in capsys.readouterr().err
    assert site.requested[requested:] == ["/news/putin-beijing"]


def test_following_a_feed_adds_only_what_is_new(site, allow_local, db_path, capsys):
    site.page("/putin", PUTIN)
    site.page("/xi", XI)
    site.page("/modi", MODI)
    items = [b"<item><title>Putin in Beijing</title><link>/putin</link></item>",
             b"<item><title>Xi in Paris</title><link>/xi</link></item>"]

    def publish(*entries):
        return site.page("/rss.xml", b"<rss version='2.0'><channel>" + b"".join(entries) + b"</channel></rss>",
                         headers={"Content-Type": "application/rss+xml"})
    feed = publish(*items)
    assert main(["ingest", "--feed", feed, "--db", str(db_path)]) == 0
    assert f"{feed}: 2 new of 2 items" in capsys.readouterr().err.splitlines()
    assert sorted(a.title for a in stored(db_path)) == ["Putin in Beijing", "Xi in Paris"]

    publish(b"<item><title>Modi in Tokyo</title><link>/modi</link></item>", *items)
    site.requested.clear()
    assert main(["ingest", "--feed", feed, "--db", str(db_path)]) == 0
    assert f"{feed}: 1 new of 3 items" in capsys.readouterr().err.splitlines()
    assert site.requested == ["/rss.xml", "/modi"]
    assert len(stored(db_path)) == 3

    site.requested.clear()
    assert main(["ingest", "--feed", feed, "--db", str(db_path)]) == 0
    assert f"{feed}: 0 new of 3 items" in capsys.readouterr().err.splitlines()
    assert site.requested == ["/rss.xml"]


def test_a_feed_that_cannot_be_read_beside_a_good_link(site, allow_local, db_path, capsys):
    good = site.page("/xi", XI)
    feed = site.page("/feed", b"<html><body>moved</body></html>")
    assert main(["ingest", good, "--feed", feed, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"warning: {feed}: the server sent text/html, not an RSS or Atom feed; not read" in err
    assert err[-1] == "timeline: 1 of 2 links could not be read (see the warnings above)"
    assert [a.url for a in stored(db_path)] == [good]


def test_without_the_setting_the_local_server_is_out_of_reach(site, monkeypatch, db_path, capsys):
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    url = site.page("/xi", XI)
    assert main(["ingest", url, "--db", str(db_path)]) == 1
    assert f"warning: {url}: 127.0.0.1 is a loopback address" in capsys.readouterr().err
    assert site.requested == [] and stored(db_path) == []


def test_an_unexpected_error_on_one_link_is_a_warning_not_the_end(site, allow_local, db_path, monkeypatch,
                                                                    capsys):
    import timeline.fetch

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(timeline.fetch, "article_from_bytes", broken)
    url = site.page("/xi", XI)
    assert main(["ingest", url, "--db", str(db_path)]) == 1
    assert (f"warning: {url}: internal error while reading the page (RuntimeError: boom) - please report it"
            in capsys.readouterr().err)


def test_fetch_articles_streams_problems_as_ingest_does(site, local_policy):
    """The page's entry point: one item per link, in order, problems as IngestError values."""
    bad_bytes = ("<html><body><article><p>Lavrov met Wang Yi in Moscow on May 2, 2024 \u2013 their \u201cfirst\u201d "
                 "talks this year.</p></article></body></html>").encode("utf-8").replace(b"year", b"year\xff")
    links = [site.page("/bytes", bad_bytes, headers={"Content-Type": "text/html"}), "ftp://example.com/x"]
    items = fetched(links, local_policy)
    assert [type(item) for item in items] == [Notice, Article, FetchError]
    assert str(items[0]) == f"{links[0]}: 1 byte not UTF-8, replaced by \ufffd; the rest of the file was read"
    assert all(isinstance(item, IngestError) for item in (items[0], items[2]))


# ------------------------------------------------------------------ the function the page and the command share

@pytest.mark.parametrize("text, links, not_links", [
    ("https://example.com/a\nhttp://example.org/b", ("https://example.com/a", "http://example.org/b"), ()),
    ("\n  https://example.com/a  \n\n\t\r\nhttps://example.com/b\r\n", ("https://example.com/a", "https://example.com/b"),
     ()),
    ("https://example.com/a\nhttps://example.com/a\nhttps://example.com/a ", ("https://example.com/a",), ()),
    ("HTTPS://Example.com/A", ("HTTPS://Example.com/A",), ()),
    ("example.com/news\nftp://example.com/f\njavascript:alert(1)\nhttps://\nhttp://[::1\nexample.com/news",
     (), ("example.com/news", "ftp://example.com/f", "javascript:alert(1)", "https://", "http://[::1")),
    ("https://example.com/a https://example.com/b\nhttps://example.com/c",
     ("https://example.com/c",), ("https://example.com/a https://example.com/b",)),
    ("", (), ()),
    ("  \n\n ", (), ()),
], ids=["two", "blank-lines-and-spaces", "duplicates", "upper-case-scheme", "not-links", "two-on-one-line", "empty",
        "only-blanks"])
def test_pasted_links_one_per_line(text, links, not_links):
    assert pasted_links(text) == PastedLinks(links, not_links)


def rss(*paths: str) -> bytes:
    items = "".join(f"<item><title>{path.strip('/')}</title><link>{path}</link></item>" for path in paths)
    return f"<rss version='2.0'><channel>{items}</channel></rss>".encode()


def test_ingest_links_stores_the_good_names_the_bad_and_counts_the_feed(site, local_policy, fresh_store):
    putin, missing = site.page("/putin", PUTIN), site.url("/missing")
    site.page("/xi", XI)
    feed = site.page("/rss.xml", rss("/xi", "/putin", "/gone"), headers={"Content-Type": "application/rss+xml"})
    steps = []
    result = ingest_links(fresh_store, [putin, missing, putin], [feed, feed], local_policy,
                          progress=lambda done, total: steps.append((done, total)))
    assert (result.stored.added, result.stored.events) == (2, len(fresh_store.article_events()))
    assert [str(problem) for problem in result.problems] == [f"{missing}: the server answered 404 Not Found",
                                                             f"{site.url('/gone')}: the server answered 404 Not Found"]
    assert (result.feeds, result.stored_already, result.tried) == ((FeedCount(feed, 2, 3),), 0, 5)
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(site.requested) == sorted(["/putin", "/missing", "/rss.xml", "/xi", "/gone"])
    assert {article.url for article in fresh_store.articles()} == {putin, site.url("/xi")}

    site.requested.clear()
    again = ingest_links(fresh_store, [putin], [feed], local_policy)
    assert (again.stored.added, again.feeds, again.stored_already, again.tried) == (0, (FeedCount(feed, 1, 3),), 1, 2)
    assert again.notes("--refetch fetches again") == [f"{feed}: 1 new of 3 items",
                                                      "1 link is stored already, not fetched again (--refetch fetches "
                                                      "again)"]
    assert site.requested == ["/rss.xml", "/gone"]  # only the item that failed is tried again


@pytest.mark.parametrize("refetch, requested, present", [(False, [], 0), (True, ["/putin"], 1)],
                         ids=["stored", "refetched"])
def test_ingest_links_fetches_a_stored_link_again_only_when_asked(site, local_policy, fresh_store, refetch, requested,
                                                                  present):
    putin = site.page("/putin", PUTIN)
    ingest_links(fresh_store, [putin], [], local_policy)
    site.requested.clear()
    result = ingest_links(fresh_store, [putin], [], local_policy, refetch=refetch)
    assert (site.requested, result.stored.present, result.stored_already) == (requested, present, 1 - present)


def test_ingest_links_names_a_feed_that_cannot_be_read_and_fetches_the_links(site, local_policy, fresh_store):
    xi = site.page("/xi", XI)
    feed = site.url("/no-feed")
    result = ingest_links(fresh_store, [xi], [feed], local_policy)
    assert [str(problem) for problem in result.problems] == [f"{feed}: the server answered 404 Not Found"]
    assert (result.stored.added, result.feeds, result.tried) == (1, (), 2)
