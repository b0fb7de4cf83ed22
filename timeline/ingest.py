"""Articles in: files, folders, uploads and the manifest that dates them.

Everything a user can get wrong here (a binary file, an empty one, a bad manifest row) becomes
a readable message naming the file or row; so does anything the code itself gets wrong on one
file. The rest of the batch still goes in.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from .clean import clean_text
from .errors import IngestError, ManifestError, isolate
from .published import infer_published
from .records import PUBLISHED_FROM_MANIFEST, Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "published", "outlet", "url", "title")
# Past this size a file is not a news article (the longest run to a few hundred kilobytes).
MAX_FILE_BYTES = 10 * 1024 * 1024
# A publication date this far past today is a typo, not a scoop.
MAX_FUTURE_DAYS = 2
# Signatures of common binary formats people drop into a folder by mistake.
BINARY_SIGNATURES = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
                     b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP or Office file",
                     b"\xd0\xcf\x11\xe0": "an old Office file", b"\x7fELF": "a program"}
# Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class ManifestRow:
    published: date | None
    outlet: str
    url: str
    title: str


def decode(data: bytes) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16 (with or without BOM) or cp1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        # ASCII-range text in UTF-16 leaves every other byte zero; the zeros' side gives the order.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        if max(even_zeros, odd_zeros) >= len(sample) // 4:
            return data.decode("utf-16-be" if even_zeros > odd_zeros else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")


def html_to_text(html: str) -> tuple[str, date | None]:
    """The main text of a page and the publication date its metadata gives, if any."""
    import trafilatura  # imported here: loading it costs a second that plain text never needs

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    published = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    if not text.strip():
        text = _strip_tags(html)
    title = meta.title if meta is not None and meta.title else ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, published


def _strip_tags(html: str) -> str:
    """Last resort for pages trafilatura finds no article in: visible text, scripts dropped."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "noscript", "template"):
                self.hidden += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript", "template") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = Visible()
    parser.feed(html)
    return "".join(parser.parts)


def _check_binary(name: str, data: bytes) -> None:
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise IngestError(f"{name}: this is {what}, not a text or HTML article")


def _check_text(name: str, text: str) -> None:
    if not text.strip():
        raise IngestError(f"{name}: the file has no text")
    sample = text[:20000]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\t\r" or c == "\ufffd")
    if control > MAX_CONTROL_SHARE * len(sample):
        raise IngestError(f"{name}: this looks like a binary file, not a text or HTML article")


def article_from_bytes(name: str, data: bytes, published: date | None = None, outlet: str = "",
                       url: str = "", title: str = "") -> Article:
    """One article from a file's name and bytes; `published` (e.g. from a manifest) wins."""
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"{name}: {len(data) / 1e6:.1f} MB is over the limit of "
                          f"{MAX_FILE_BYTES / 1e6:.0f} MB for one article")
    _check_binary(name, data)
    text = _normalise(decode(data))
    _check_text(name, text)
    html_published = None
    if name.lower().endswith((".html", ".htm")) or re.match(r"\s*<(!doctype|html)", text[:200], re.I):
        text, html_published = html_to_text(text)
        text = _normalise(text)
        if not text.strip():
            raise IngestError(f"{name}: the page has no readable text")
    text = clean_text(text)
    if published is not None:
        basis = PUBLISHED_FROM_MANIFEST
    elif html_published is not None:
        published, basis = html_published, "text:page metadata"
    else:
        published, basis = infer_published(text)
    doc_id = Path(name).name
    doc_id = doc_id.rsplit(".", 1)[0] if "." in doc_id else doc_id
    return Article(doc_id=doc_id, text=text, published=published, published_basis=basis,
                   outlet=outlet, url=url, title=title)


def parse_manifest(data: bytes, today: date | None = None) -> tuple[dict[str, ManifestRow], list[str]]:
    """Manifest rows by file name, and a message for every row that could not be used."""
    today = today or date.today()
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(_normalise(decode(data))))
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
        raw_rows = list(reader)
    except csv.Error as error:  # e.g. a field past csv's size limit: a broken file, not our bug
        # line_num counts the lines read before the one that failed.
        return {}, [f"{MANIFEST_NAME} line {reader.line_num + 1}: not readable as CSV ({error}); "
                    "the manifest was not used"]
    if "file" not in header:
        return {}, [f"{MANIFEST_NAME}: no 'file' column (expected columns: {', '.join(MANIFEST_COLUMNS)}); "
                    "the manifest was not used"]
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        problems.append(f"{MANIFEST_NAME}: missing column(s) {', '.join(missing)}; left empty")
    rows: dict[str, ManifestRow] = {}
    for line, raw in enumerate(raw_rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        name = row.get("file", "")
        if not name:
            problems.append(f"{MANIFEST_NAME} line {line}: no file name; row skipped")
            continue
        if name in rows:
            problems.append(f"{MANIFEST_NAME} line {line}: {name} is listed twice; the first row is used")
            continue
        published = None
        if row.get("published"):
            try:
                published = date.fromisoformat(row["published"][:10])
            except ValueError:
                problems.append(f"{MANIFEST_NAME} line {line}: '{row['published']}' is not a date "
                                "(YYYY-MM-DD); the date is taken from the text instead")
            else:
                if published > today + timedelta(days=MAX_FUTURE_DAYS):
                    problems.append(f"{MANIFEST_NAME} line {line}: {published} is in the future; "
                                    "the date is taken from the text instead")
                    published = None
        rows[name] = ManifestRow(published, row.get("outlet", ""), row.get("url", ""), row.get("title", ""))
    return rows, problems


def _manifest(data: bytes) -> tuple[dict[str, ManifestRow], list[str]]:
    """parse_manifest, where a failure of the code itself leaves the articles undated, not unread."""
    parsed = isolate(MANIFEST_NAME, "reading", parse_manifest, data)
    if isinstance(parsed, IngestError):
        return {}, [f"{parsed}; the manifest was not used"]
    return parsed


def _article_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def corpus_files(path: str | Path) -> tuple[list[tuple[Path, ManifestRow]], list[str]]:
    """The article files of a file or folder with their manifest rows, and the manifest's problems."""
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    folder = path if path.is_dir() else path.parent
    manifest: dict[str, ManifestRow] = {}
    problems: list[str] = []
    manifest_path = folder / MANIFEST_NAME
    if manifest_path.is_file() and path.name != MANIFEST_NAME:
        try:
            manifest, problems = _manifest(manifest_path.read_bytes())
        except OSError as error:
            problems = [f"{manifest_path}: cannot be read ({error.strerror})"]
    files = _article_files(path)
    listed = {p.name for p in files}
    problems += [f"{MANIFEST_NAME}: {name} is listed but not in {folder}" for name in sorted(set(manifest) - listed)]
    return [(file, manifest.get(file.name, ManifestRow(None, "", "", ""))) for file in files], problems


def read_article(file: Path, meta: ManifestRow) -> Article:
    """One article file; IngestError with the file's name for anything unreadable."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{file.name}: {size / 1e6:.1f} MB is over the limit "
                              f"of {MAX_FILE_BYTES / 1e6:.0f} MB for one article")
        data = file.read_bytes()
    except OSError as error:
        raise IngestError(f"{file.name}: cannot be read ({error.strerror})") from None
    return article_from_bytes(file.name, data, meta.published, meta.outlet, meta.url, meta.title)


def iter_corpus(path: str | Path) -> Iterator[Article | IngestError]:
    """Articles of a file or folder, one at a time (a corpus is never held whole in memory).

    Problems come in the same stream as IngestError values, so a caller can report them in order:
    a ManifestError for a manifest row, an IngestError for each file that could not be read.
    """
    files, problems = corpus_files(path)
    for problem in problems:
        yield ManifestError(problem)
    for file, meta in files:
        yield isolate(file.name, "reading", read_article, file, meta)


def read_corpus(path: str | Path) -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    for item in iter_corpus(path):
        if isinstance(item, IngestError):
            problems.append(str(item))
        else:
            articles.append(item)
    return articles, problems


def articles_from_uploads(files: list[tuple[str, bytes]], default_published: date | None = None
                          ) -> tuple[list[Article], list[str]]:
    """Uploaded files (name, bytes) into Articles; a `manifest.csv` among them dates the rest,
    `default_published` dates files that neither the manifest nor their text dates.
    File names are only labels: nothing is ever written under them."""
    manifest: dict[str, ManifestRow] = {}
    problems: list[str] = []
    for name, data in files:
        if Path(name).name.lower() == MANIFEST_NAME:
            manifest, problems = _manifest(data)
    articles = []
    for name, data in files:
        if Path(name).name.lower() == MANIFEST_NAME:
            continue
        if not name.lower().endswith(ARTICLE_SUFFIXES):
            problems.append(f"{name}: not a .txt, .md or .html file; skipped")
            continue
        meta = manifest.get(Path(name).name, ManifestRow(None, "", "", ""))
        article = isolate(name, "reading", article_from_bytes, name, data, meta.published, meta.outlet,
                          meta.url, meta.title)
        if isinstance(article, IngestError):
            problems.append(str(article))
            continue
        if article.published is None and default_published is not None:
            article = replace(article, published=default_published, published_basis="given at upload")
        articles.append(article)
    return articles, problems
