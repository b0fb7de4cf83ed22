"""Articles from links and feeds, fetched on a user's behalf without letting a link reach what it should not.

    links (URLs, or a feed's items) -> fetch (policy, limits, redirects) -> article_from_bytes -> Article

The page's "Add from the web" and `python -m timeline ingest URL... / --feed URL` both call
`ingest_links`: the links not stored yet and each feed's new items are fetched with `fetch_articles`,
which yields, like `ingest.iter_corpus`, an Article for each page and an IngestError (a FetchError,
or a Notice for a loss that costs no article) for each problem, one line naming the URL, and stored.

Whoever pastes a link makes the server fetch it, so a link could point the server at itself or at
its network (a database port, a cloud metadata address). Hence:
- only `http` and `https`;
- the host name is resolved and EVERY address checked: loopback, private, link-local, multicast
  and reserved addresses are refused unless `TIMELINE_ALLOW_PRIVATE` (or `FetchPolicy.allowed`)
  allows them; the connection then goes to an address just checked, never to a second lookup
  of the name, which could answer otherwise (DNS rebinding);
- redirects are followed by hand, at most MAX_REDIRECTS, each hop checked again;
- one URL gets TIMEOUT_SECONDS in all, redirects included, however slowly a server trickles
  bytes; a body is read up to MAX_BODY_BYTES and not past it;
- feeds are parsed with entity declarations refused (no "billion laughs"), and the parser
  never loads anything external.
The system resolver's own timeout bounds the name lookup, which is not counted in TIMEOUT_SECONDS.
"""
from __future__ import annotations

import codecs
import email.utils
import http.client
import ipaddress
import os
import re
import socket
import ssl
import threading
import time
import xml.etree.ElementTree as ET
import xml.parsers.expat
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from posixpath import splitext
from typing import Callable, Iterable, Iterator
from urllib.parse import quote, urljoin, urlsplit

from .errors import IngestError, Notice, TimelineError, isolate
from .ingest import article_from_bytes, file_label
from .published import implausible_published
from .records import Article
from .store import AddResult, Store

# One URL's whole fetch, redirects included. News sites answer within a few seconds.
TIMEOUT_SECONDS = 20.0
# News pages weigh 0.1 to 2 MB and feeds less; past this a link is not to an article.
MAX_BODY_BYTES = 5_000_000
# Browsers stop at 20; a news link takes one or two (http -> https, a short link).
MAX_REDIRECTS = 5
# The variable that lets links reach private addresses: "1" for all of them, or a comma-separated
# list of addresses and networks ("127.0.0.1,10.0.0.0/8") for only those.
ALLOW_PRIVATE_ENV = "TIMELINE_ALLOW_PRIVATE"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HEADERS = {"User-Agent": "timeline/1.0 (diplomatic timeline; fetches one article per link)",
           "Accept-Encoding": "identity",  # a compressed body could unpack past the size limit
           "Connection": "close"}
_CHUNK = 64 * 1024
# The longest id a page's address gives an article (its host and whole words of its path).
MAX_ID_CHARS = 100
# What a page may declare its encoding with, in its first bytes, when the server does not.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META_CHARSET_BYTES = 4096
# Pages labelled Latin-1 or ASCII are read as windows-1252, as every browser does (WHATWG Encoding).
_READ_AS_CP1252 = frozenset({"iso8859-1", "ascii"})
# Where a feed item keeps its date: RSS 2.0, Atom, RSS 1.0 (Dublin Core).
_DATE_TAGS = ("pubDate", "published", "updated", "date", "issued")


class FetchError(IngestError):
    """A link that could not be fetched or read: the message names it and says why."""


AnyNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Kind:
    """What a link must give: the media types taken, and how to say what was expected."""
    types: tuple[str, ...]
    name: str


PAGE = Kind(("text/html", "application/xhtml+xml"), "a web page (HTML)")
# Feeds are served under their own types and, as often, under plain XML ones.
FEED = Kind(("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"),
            "an RSS or Atom feed")


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BODY_BYTES
    max_redirects: int = MAX_REDIRECTS
    allowed: tuple[AnyNetwork, ...] = ()  # addresses fetched even though private, loopback ...

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "FetchPolicy":
        """The default limits, and the private networks TIMELINE_ALLOW_PRIVATE allows."""
        return cls(allowed=allowed_networks((os.environ if environ is None else environ).get(ALLOW_PRIVATE_ENV, "")))


def allowed_networks(setting: str) -> tuple[AnyNetwork, ...]:
    """TIMELINE_ALLOW_PRIVATE's networks: "" or "0" none, "1" all, else a comma-separated list."""
    setting = setting.strip()
    if setting in ("", "0"):
        return ()
    if setting == "1":
        return (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())
    except ValueError:
        raise TimelineError(f"{ALLOW_PRIVATE_ENV}={setting!r}: give 1 (all private addresses) or a comma-separated "
                            "list of addresses or networks, e.g. 127.0.0.1,10.0.0.0/8") from None


def refused_address(address: str, allowed: tuple[AnyNetwork, ...] = ()) -> str | None:
    """Why a link may not reach `address` (in words), or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 link-local address carries its zone
    if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed):
        return None
    if ip.is_loopback:
        return "a loopback address (this very machine)"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast:
        return "a multicast address"
    if not ip.is_global:
        return "a reserved address"
    return None


@dataclass(frozen=True)
class Link:
    """A page to fetch; a feed gives each item's title and date too."""
    url: str
    title: str = ""
    published: date | None = None


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query, percent-encoded


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    content_type: str  # the media type, lowercase, without parameters
    charset: str
    body: bytes


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    location: str
    content_type: str
    charset: str
    body: bytes


def _target(url: str, shown: str) -> _Target:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"'{parts.scheme}:' links" if parts.scheme else "a link without http:// or https://"
        raise FetchError(f"{shown}: only http and https links are fetched, not {scheme}")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError(f"{shown}: not a valid web address (its port)") from None
    if not parts.hostname:
        raise FetchError(f"{shown}: not a valid web address (no host name)")
    safe = "/%:@!$&'()*+,;=~"  # reserved characters keep their meaning; spaces, controls, non-ASCII are encoded
    path = quote(parts.path or "/", safe=safe) + (f"?{quote(parts.query, safe=safe + '?')}" if parts.query else "")
    return _Target(parts.scheme.lower(), parts.hostname, port, path)


def _checked_addresses(target: _Target, shown: str, policy: FetchPolicy) -> list[str]:
    """Every address the host resolves to, each allowed by the policy; FetchError otherwise."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"{shown}: the host {target.host} was not found") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        reason = refused_address(address, policy.allowed)
        if reason:
            named = target.host if target.host == address else f"{target.host} ({address})"
            raise FetchError(f"{shown}: {named} is {reason}; refused, as links may not reach the server's own "
                             f"network ({ALLOW_PRIVATE_ENV} allows it)")
    return addresses


class _PinnedHTTP(http.client.HTTPConnection):
    """A connection to an address checked beforehand, whatever the name resolves to by now; its
    socket is added to `sockets` as soon as it is connected, for the deadline to cut."""

    def __init__(self, target: _Target, address: str, timeout: float, sockets: list[socket.socket]):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address, self.sockets = address, sockets

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sockets.append(self.sock)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: _Target, address: str, timeout: float, sockets: list[socket.socket]):
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address, self.sockets = address, sockets

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked for the name; the handshake runs once the deadline can cut it.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        self.sockets.append(self.sock)
        self.sock.do_handshake()


class _TimedOut(Exception):
    pass


def _connect(target: _Target, addresses: list[str], deadline: float,
             sockets: list[socket.socket]) -> http.client.HTTPConnection:
    """A connection to the first of `addresses` that answers; each socket connected is added to `sockets`."""
    pinned = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    error: OSError | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _TimedOut
        connection = pinned(target, address, remaining, sockets)
        try:
            connection.connect()
            return connection
        except ssl.SSLError:
            connection.close()
            raise  # the server was reached: another of its addresses would not say otherwise
        except OSError as failure:
            connection.close()
            error = failure
    assert error is not None  # getaddrinfo never answers with no address
    raise error


def _exchange(target: _Target, addresses: list[str], kind: Kind, policy: FetchPolicy,
              deadline: float, shown: str) -> _Answer:
    """One GET; the body is read only for a 200 of an accepted type. A timer cuts the connection
    at the deadline: a socket's timeout starts again with every byte, so a server trickling bytes
    (a TLS handshake, headers, a body) would hold it for as long as it liked."""
    sockets: list[socket.socket] = []  # connecting is not among them: its own timeout bounds it
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        for sock in sockets:
            try:  # the plain socket's shutdown: a TLS socket's own would unwrap it under its reader
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:  # closed already
                pass
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), cut)
    timer.start()
    response = None
    try:
        connection = _connect(target, addresses, deadline, sockets)
        connection.request("GET", target.path, headers=HEADERS)
        response = connection.getresponse()
        content_type = response.headers.get_content_type() if response.getheader("Content-Type") else ""
        charset = response.headers.get_content_charset() or ""
        body = b""
        if response.status == 200:
            _check_type(content_type, kind, shown)
            body = _read_body(response, policy.max_bytes, shown)
        answer = _Answer(response.status, response.reason, response.getheader("Location") or "", content_type,
                         charset, body)
    except (OSError, http.client.HTTPException):
        if expired.is_set():
            raise _TimedOut from None
        raise
    finally:
        timer.cancel()
        if response is not None:
            response.close()
        for sock in sockets:
            sock.close()
    if expired.is_set():  # a cut connection can look like the end of the body
        raise _TimedOut
    return answer


def _check_type(content_type: str, kind: Kind, shown: str) -> None:
    # A server that names no type is given the benefit of the doubt: the body is checked when read.
    if content_type and content_type not in kind.types:
        raise FetchError(f"{shown}: the server sent {content_type}, not {kind.name}; not read")


def _read_body(response: http.client.HTTPResponse, limit: int, shown: str) -> bytes:
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise FetchError(f"{shown}: the server sent a {encoding}-compressed body though asked for none; not read")
    declared = (response.getheader("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{shown}: {_size(int(declared))} is over the limit of {_size(limit)}; not downloaded")
    chunks, size = [], 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{shown}: over the limit of {_size(limit)}; cut off there and not read")
        chunks.append(chunk)
    return b"".join(chunks)


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{count / 1000:.1f} kB" if count >= 1000 else f"{count} bytes"


def fetch(url: str, kind: Kind, policy: FetchPolicy) -> Fetched:
    """The body at `url`, of one of the media types of `kind`, under the policy's limits;
    FetchError, naming the URL and saying why in words, for anything else."""
    deadline = time.monotonic() + policy.timeout
    current = url
    for _ in range(policy.max_redirects + 1):
        shown = url if current == url else f"{url} (redirected to {current})"
        target = _target(current, shown)
        addresses = _checked_addresses(target, shown, policy)
        with _network_errors_in_words(target, shown, policy):
            answer = _exchange(target, addresses, kind, policy, deadline, shown)
        if answer.status in REDIRECT_STATUSES:
            if not answer.location:
                raise FetchError(f"{shown}: the server answered {answer.status} (a redirect) without saying where to")
            current = urljoin(current, answer.location)
            continue
        if answer.status == 304:
            raise FetchError(f"{shown}: the server answered 304 Not Modified, which sends no page, though "
                             "nothing was asked of its cache")
        if answer.status != 200:
            raise FetchError(f"{shown}: the server answered {answer.status} {answer.reason}".rstrip())
        return Fetched(current, answer.content_type, answer.charset, answer.body)
    raise FetchError(f"{url}: more than {policy.max_redirects} redirects; stopped at {current}")


@contextmanager
def _network_errors_in_words(target: _Target, shown: str, policy: FetchPolicy) -> Iterator[None]:
    """What the network and the server can do wrong, as a FetchError in words."""
    try:
        yield
    except (_TimedOut, TimeoutError):  # the deadline's timer, or a socket's own timeout
        raise FetchError(f"{shown}: no complete answer within {policy.timeout:g} s; gave up") from None
    except ssl.SSLCertVerificationError as error:
        raise FetchError(f"{shown}: the certificate of {target.host} cannot be trusted "
                         f"({error.verify_message})") from None
    except ssl.SSLError as error:
        raise FetchError(f"{shown}: no secure connection to {target.host} ({error.reason or error})") from None
    except ConnectionRefusedError:
        raise FetchError(f"{shown}: {target.host} refused the connection") from None
    except OSError as error:
        raise FetchError(f"{shown}: the connection to {target.host} failed ({error.strerror or error})") from None
    except http.client.HTTPException as error:
        raise FetchError(f"{shown}: the server's answer is not valid HTTP ({type(error).__name__})") from None


def page_name(url: str) -> str:
    """A file name for a page, whose stem is the article's id: the host and the words of the path
    ("www.example.com-news-2024-xi-visit.html"), readable in the CSV's sources."""
    parts = urlsplit(url)
    stem, _ = splitext(parts.path)
    name = parts.hostname or "page"
    for word in re.findall(r"[A-Za-z0-9]+", f"{stem} {parts.query}"):
        if len(name) + 1 + len(word) > MAX_ID_CHARS:
            break
        name = f"{name}-{word}"
    return f"{name}.html"


def outlet_of(url: str) -> str:
    """The outlet a page is from: its host name without a leading www."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _as_utf8(fetched: Fetched) -> bytes:
    """The page's bytes in UTF-8 when the server or the page names another encoding; as they came
    otherwise, for `ingest.decode` to recognise (UTF-8 with stray bytes counted, UTF-16, cp1252)."""
    charset = fetched.charset
    if not charset and (match := _META_CHARSET.search(fetched.body[:_META_CHARSET_BYTES])):
        charset = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(charset).name if charset else "utf-8"
    except LookupError:  # a name no codec has: let decode() recognise the bytes
        return fetched.body
    if codec == "utf-8" or codec.startswith(("utf-16", "utf-32")):
        return fetched.body  # decode() reads these, and counts what it replaces
    codec = "cp1252" if codec in _READ_AS_CP1252 else codec
    return fetched.body.decode(codec, errors="replace").encode("utf-8")


def fetch_article(link: Link, policy: FetchPolicy) -> Article:
    """The page at `link.url` as an Article: its main text and publication date (its metadata,
    else its text, else the feed's date for it), stored under the URL as given, from the outlet
    it finally came from (after redirects)."""
    fetched = fetch(link.url, PAGE, policy)
    name = page_name(link.url)
    try:
        article = article_from_bytes(name, _as_utf8(fetched), outlet=outlet_of(fetched.url), url=link.url,
                                     title=link.title)
    except IngestError as error:  # worded for a file: name the link instead
        raise FetchError(f"{link.url}: {str(error).removeprefix(file_label(name) + ': ')}") from None
    if article.published is None and link.published is not None and not implausible_published(link.published):
        article = replace(article, published=link.published, published_basis="feed")
    return article


def fetch_articles(links: Iterable[str | Link], policy: FetchPolicy | None = None) -> Iterator[Article | IngestError]:
    """Each link's Article, one at a time, and an IngestError (naming the URL) for each problem:
    a FetchError for a link that gave no article, a Notice for a loss that cost none (bytes that
    were not text). One link's failure never stops the others. The page and the CLI call this."""
    policy = FetchPolicy.from_env() if policy is None else policy
    for link in links:
        link = Link(link) if isinstance(link, str) else link
        article = isolate(link.url, "reading the page", fetch_article, link, policy)
        if isinstance(article, Article):
            yield from (Notice(f"{link.url}: {notice.split(': ', 1)[-1]}") for notice in article.notices)
        yield article


def unfetched(links: Iterable[str | Link], stored_urls: set[str]) -> list[Link]:
    """The links not stored yet, each once, in their order."""
    seen = set(stored_urls)
    fresh = []
    for link in links:
        link = Link(link) if isinstance(link, str) else link
        if link.url not in seen:
            seen.add(link.url)
            fresh.append(link)
    return fresh


def stored_urls(store: Store) -> set[str]:
    """The URLs of the articles a Store holds."""
    return {article.url for article in store.articles() if article.url}


# ---------------------------------------------------------------------- feeds

def read_feed(url: str, policy: FetchPolicy | None = None) -> tuple[Link, ...]:
    """The items of the RSS or Atom feed at `url`, each a Link (with its title and date)."""
    policy = FetchPolicy.from_env() if policy is None else policy
    fetched = fetch(url, FEED, policy)
    return parse_feed(fetched.body, fetched.url, shown=url)


@dataclass(frozen=True)
class FeedNews:
    items: int  # in the feed
    new: tuple[Link, ...]  # the items' links not stored yet, each once
    notices: tuple[Notice, ...]  # items that could not be followed


def feed_news(url: str, stored: set[str], policy: FetchPolicy | None = None) -> FeedNews:
    """What the feed at `url` has that is not stored yet (`stored`: URLs); FetchError if it
    cannot be read. Following a feed is calling this on a schedule."""
    items = read_feed(url, policy)
    linkless = sum(1 for item in items if not item.url)
    notices = (Notice(f"{url}: {linkless} of its {len(items)} items have no link; skipped"),) if linkless else ()
    return FeedNews(len(items), tuple(unfetched((item for item in items if item.url), stored)), notices)


def parse_feed(data: bytes, feed_url: str, shown: str = "") -> tuple[Link, ...]:
    """The items of an RSS (0.9x, 1.0, 2.0) or Atom feed, in its order; an item's relative link is
    resolved against `feed_url`, an item without a link has an empty url. FetchError if the data is
    no feed, or declares entities."""
    shown = shown or feed_url
    _refuse_entities(data, shown)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FetchError(f"{shown}: not an RSS or Atom feed (not readable as XML: {error})") from None
    if _local(root.tag) not in ("rss", "feed", "RDF"):
        raise FetchError(f"{shown}: not an RSS or Atom feed (its XML is a <{_local(root.tag)}>)")
    return tuple(_item(element, feed_url) for element in root.iter() if _local(element.tag) in ("item", "entry"))


def _refuse_entities(data: bytes, shown: str) -> None:
    """A feed needs no entity declarations; one that has them could expand into gigabytes."""
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_) -> None:
        raise FetchError(f"{shown}: the feed declares XML entities, which feeds do not need and which can "
                         "expand without bound; refused")
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        pass  # ElementTree says what is wrong, in the same words as for any broken feed


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _item(element: ET.Element, feed_url: str) -> Link:
    children = [(_local(child.tag), child) for child in element]
    link = next((_text(child) for name, child in children if name == "link" and _text(child)), "")  # RSS
    if not link:  # Atom: <link href="..."/>, the alternate (the page itself) unless the rel says otherwise
        link = next((child.get("href", "") for name, child in children
                     if name == "link" and child.get("rel", "alternate") == "alternate"), "")
    if not link:  # RSS: a guid is the page's address unless it says it is not
        link = next((_text(child) for name, child in children
                     if name == "guid" and child.get("isPermaLink", "true") != "false"
                     and _text(child).startswith(("http://", "https://"))), "")
    title = next((_text(child) for name, child in children if name == "title"), "")
    published = next((day for tag in _DATE_TAGS for name, child in children
                      if name == tag and (day := feed_date(_text(child)))), None)
    return Link(urljoin(feed_url, link) if link else "", title, published)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def feed_date(text: str) -> date | None:
    """A feed's date: RFC 822 in RSS ("Tue, 07 May 2024 10:00:00 GMT"), ISO 8601 in Atom."""
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


# ---------------------------------------------------------------------- links and feeds into the store

@dataclass(frozen=True)
class PastedLinks:
    links: tuple[str, ...]  # each http(s) link once, in the order pasted
    not_links: tuple[str, ...]  # the other lines, each once


def pasted_links(text: str) -> PastedLinks:
    """The links in text pasted one per line: blank lines and the spaces around a link are ignored,
    a link pasted twice is taken once, and a line that is not an http(s) link is set apart."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    links = dict.fromkeys(line for line in lines if is_web_link(line))
    return PastedLinks(tuple(links), tuple(dict.fromkeys(line for line in lines if line not in links)))


def is_web_link(text: str) -> bool:
    """An http or https address with a host, with no space in it (two links on one line are not one)."""
    if any(char.isspace() for char in text):
        return False
    try:
        parts = urlsplit(text)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an address urlsplit cannot take apart (an unclosed IPv6 bracket)
        return False


@dataclass(frozen=True)
class FeedCount:
    url: str
    new: int  # its items not stored yet, fetched now
    items: int


@dataclass(frozen=True)
class LinksResult:
    """What ingesting links and feeds did."""
    stored: AddResult  # the pages fetched, as the store took them
    problems: tuple[IngestError, ...]  # each link or feed that failed (naming it), each loss that cost no article
    feeds: tuple[FeedCount, ...]  # each feed read
    stored_already: int  # links given that the store holds already, so not fetched
    tried: int  # the pages fetched and the feeds read: what the failed links are out of

    def notes(self, how_to_refetch: str) -> list[str]:
        """The lines to show beside `stored.summary()`: each feed's new items, and the links not
        fetched again (`how_to_refetch` says how to fetch them anyway, where the caller asks)."""
        lines = [f"{feed.url}: {feed.new} new of {feed.items} items" for feed in self.feeds]
        if self.stored_already:
            links = "1 link is" if self.stored_already == 1 else f"{self.stored_already} links are"
            lines.append(f"{links} stored already, not fetched again ({how_to_refetch})")
        return lines


def ingest_links(store: Store, links: Iterable[str], feeds: Iterable[str], policy: FetchPolicy | None = None,
                 refetch: bool = False, progress: Callable[[int, int], None] | None = None) -> LinksResult:
    """Fetch and store the links, and each feed's items, that the store does not hold yet (all of
    them with `refetch`), each page stored as it comes. One link or feed that fails costs only
    itself: it is one of the result's problems. `progress` gets (pages fetched, pages to fetch)."""
    policy = FetchPolicy.from_env() if policy is None else policy
    links = list(links)
    stored = set() if refetch else stored_urls(store)
    wanted = unfetched(links, stored)
    problems: list[IngestError] = []
    counts = []
    feeds = list(dict.fromkeys(feeds))
    for feed in feeds:
        news = isolate(feed, "reading the feed", feed_news, feed, stored | {link.url for link in wanted}, policy)
        if isinstance(news, IngestError):
            problems.append(news)
            continue
        counts.append(FeedCount(feed, len(news.new), news.items))
        problems += news.notices
        wanted += news.new

    def articles() -> Iterator[Article]:
        done = 0
        for item in fetch_articles(wanted, policy):
            if isinstance(item, IngestError):
                problems.append(item)
            else:
                yield item  # stored before the next link is fetched
            if not isinstance(item, Notice):  # a Notice comes before its link's article
                done += 1
                if progress is not None:
                    progress(done, len(wanted))
    result = store.add_articles(articles())
    problems += [IngestError(problem) for problem in result.problems]  # pages whose extraction failed
    return LinksResult(result, tuple(problems), tuple(counts), len(set(links) & stored), len(wanted) + len(feeds))
