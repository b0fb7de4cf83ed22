"""Articles in: files, folders, uploads and the manifest that dates them.

Everything a user can get wrong here (a binary file, an empty one, a bad manifest row, a page
too heavy to parse, a link out of the folder) becomes a readable message naming the file or row;
so does anything the code itself gets wrong on one file. The rest of the batch still goes in.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import stat
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from .clean import clean_text
from .errors import IngestError, ManifestError, Notice, isolate
from .published import implausible_published, infer_published, published_range
from .records import PUBLISHED_FROM_MANIFEST, UNDATED, Article

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "published", "outlet", "url", "title")
# Past this size a file is not a news article (the longest run to a few hundred kilobytes).
MAX_FILE_BYTES = 10 * 1024 * 1024
# Budgets of one HTML page, checked before trafilatura parses it. Its time grows faster than the
# elements: 20,000 take 2 to 5.5 s, 30,000 4 to 15 s, 50,000 up to 40 s; and with the square of the
# inline elements in one paragraph: 2,000 take 0.4 s, 20,000 took 39 s. News pages have 1,000 to
# 5,000 elements and a few dozen in a paragraph.
MAX_HTML_ELEMENTS = 20_000
MAX_INLINE_RUN = 2_000
# Tags that start or end a block: the inline elements between two of them are one paragraph's.
BLOCK_TAGS = frozenset("p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th article section main aside "
                       "header footer nav blockquote pre figure form body".split())
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# Signatures of common binary formats people drop into a folder by mistake.
BINARY_SIGNATURES = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
                     b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP or Office file",
                     b"\xd0\xcf\x11\xe0": "an old Office file", b"\x7fELF": "a program"}
# Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.05
# A valid multi-byte UTF-8 sequence (RFC 3629). cp1252's accented letters and curly quotes are
# single bytes that never form one, so text with more of these than stray bytes is UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                            rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_ASCII = bytes(range(128))
# Manifest fields hold no line breaks, so a record running over a line that starts like a row of
# its own ("b.txt,") is a quote left open, not a title on two lines.
_LOOKS_LIKE_ROW = re.compile(r'\s*"?[^",\n]+\.(?:txt|md|html?)"?\s*,', re.IGNORECASE)


@dataclass(frozen=True)
class ManifestRow:
    published: date | None
    outlet: str
    url: str
    title: str


@dataclass(frozen=True)
class Decoded:
    text: str
    replaced: int = 0  # bytes that were not UTF-8 in mostly UTF-8 text, each now U+FFFD


def decode(data: bytes) -> Decoded:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16 (with or without BOM) or cp1252.

    Mostly UTF-8 text with a few bad bytes stays UTF-8, the bad bytes replaced and counted: read
    as cp1252, every accented letter and curly quote of it would turn into two or three wrong ones.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8):], declared=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"))
    sample = data[:4000]
    # ASCII-range text in UTF-16 leaves every other byte zero and almost none on the other side,
    # whose zeros give the order; zeros on both sides are padding in a text of another encoding.
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(even_zeros, odd_zeros) >= len(sample) // 4 \
            and min(even_zeros, odd_zeros) * 10 < max(even_zeros, odd_zeros):
        return Decoded(data.decode("utf-16-be" if even_zeros > odd_zeros else "utf-16-le", errors="replace"))
    return _utf8(data, declared=False)


def _utf8(data: bytes, declared: bool) -> Decoded:
    """UTF-8 with its stray bytes replaced and counted; text no BOM declares UTF-8 that has more
    stray bytes than UTF-8 sequences is cp1252."""
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = len(data.translate(None, _ASCII)) - sum(len(sequence) for sequence in sequences)
    if not declared and stray > len(sequences):
        return Decoded(data.decode("cp1252", errors="replace"))
    return Decoded(data.decode("utf-8", errors="replace"), stray)


def _bytes(count: int) -> str:
    return "1 byte" if count == 1 else f"{count:,} bytes"


def file_label(name: str) -> str:
    """A file name as one printable line: a byte that was not UTF-8 as \\xff, a line break as \\n.
    It names the file in messages and, without its extension, is the article's id."""
    return "".join(c if c.isprintable() else _escaped(c) for c in name)


def _escaped(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # how os.fsdecode keeps a byte that is not UTF-8
        return f"\\x{ord(char) - 0xdc00:02x}"
    return char.encode("unicode_escape").decode("ascii")


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
        if published is not None and implausible_published(published):
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


def _check_html_budget(name: str, html: str) -> None:
    """Refuse a page that would stall trafilatura, before it is parsed (see MAX_HTML_ELEMENTS)."""
    elements = inline_run = 0
    for closing, tag in (match.groups() for match in _TAG.finditer(html)):
        if tag.lower() in BLOCK_TAGS:
            inline_run = 0
        elif not closing:
            inline_run += 1
            if inline_run > MAX_INLINE_RUN:
                raise IngestError(f"{name}: over {MAX_INLINE_RUN:,} inline elements in one block of text, more "
                                  "than a page can have and be parsed in time; skipped")
        if not closing:
            elements += 1
            if elements > MAX_HTML_ELEMENTS:
                raise IngestError(f"{name}: over {MAX_HTML_ELEMENTS:,} HTML elements, more than a page can "
                                  "have and be parsed in time; skipped")


def _check_binary(name: str, data: bytes) -> None:
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise IngestError(f"{name}: this is {what}, not a text or HTML article")


# Control characters other than tab and line breaks, and the replacement character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _check_text(name: str, text: str) -> None:
    if not text.strip():
        raise IngestError(f"{name}: the file has no text")
    sample = text[:20000]
    control = len(_CONTROL.findall(sample))
    if control > MAX_CONTROL_SHARE * len(sample):
        raise IngestError(f"{name}: this looks like a binary file, not a text or HTML article")


def article_from_bytes(name: str, data: bytes, published: date | None = None, outlet: str = "",
                       url: str = "", title: str = "") -> Article:
    """One article from a file's name and bytes; `published` (e.g. from a manifest, in
    `published_range()`) wins. What reading lost, the article's `notices` say."""
    label = file_label(name)
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"{label}: {len(data) / 1e6:.1f} MB is over the limit of "
                          f"{MAX_FILE_BYTES / 1e6:.0f} MB for one article")
    _check_binary(label, data)
    decoded = decode(data)
    text = _normalise(decoded.text)
    _check_text(label, text)
    notices = (f"{label}: {_bytes(decoded.replaced)} not UTF-8, replaced by \ufffd; the rest of the file was read",
               ) if decoded.replaced else ()
    html_published = None
    if name.lower().endswith((".html", ".htm")) or re.match(r"\s*<(!doctype|html)", text[:200], re.I):
        _check_html_budget(label, text)
        text, html_published = html_to_text(text)
        text = _normalise(text)
        if not text.strip():
            raise IngestError(f"{label}: the page has no readable text")
    text = clean_text(text)
    if published is not None:
        basis = PUBLISHED_FROM_MANIFEST
    elif html_published is not None:
        published, basis = html_published, "text:page metadata"
    else:
        published, basis = infer_published(text)
    return Article(doc_id=article_id(name), text=text, published=published, published_basis=basis,
                   outlet=outlet, url=url, title=title, notices=notices, name=file_label(Path(name).name))


def article_id(name: str) -> str:
    """The id of the article read from the file `name`: its name without the extension, on one line."""
    label = file_label(Path(name).name)
    return label.rsplit(".", 1)[0] if "." in label else label


def parse_manifest(data: bytes, today: date | None = None) -> tuple[dict[str, ManifestRow], list[str]]:
    """Manifest rows by file name, and a message for every row that could not be used."""
    decoded = decode(data)
    problems = [f"{MANIFEST_NAME}: {_bytes(decoded.replaced)} not UTF-8, replaced by \ufffd"] if decoded.replaced else []
    records = _manifest_records(_normalise(decoded.text))
    _, first = next(records, (1, []))
    header = [h.strip().lower() for h in first] if isinstance(first, list) else []
    if "file" not in header:
        return {}, problems + [f"{MANIFEST_NAME}: no 'file' column (expected columns: "
                               f"{', '.join(MANIFEST_COLUMNS)}); the manifest was not used"]
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        problems.append(f"{MANIFEST_NAME}: missing column(s) {', '.join(missing)}; left empty")
    rows: dict[str, ManifestRow] = {}
    for line, record in records:
        if isinstance(record, str):
            problems.append(f"{MANIFEST_NAME} line {line}: {record}; row skipped")
            continue
        if not record:  # a blank line
            continue
        row = dict(zip(header, (field.strip() for field in record)))
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
                implausible = implausible_published(published, today)
                if implausible:
                    first_day, last_day = published_range(today)
                    problems.append(f"{MANIFEST_NAME} line {line}: {implausible} (publication dates run from "
                                    f"{first_day} to {last_day}); the date is taken from the text instead")
                    published = None
        rows[name] = ManifestRow(published, row.get("outlet", ""), row.get("url", ""), row.get("title", ""))
    return rows, problems


def _manifest_records(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, fields) for each CSV record, or (line number, why the line is not one).

    After a quote left open or a field too long for csv, reading starts again on the next line,
    so one broken row costs only itself.
    """
    lines = iter(io.StringIO(text))
    taken: list[str] = []  # the lines of the record being read

    def tracked(source: Iterator[str]) -> Iterator[str]:
        for text_line in source:
            taken.append(text_line)
            yield text_line
    reader = csv.reader(tracked(lines))
    number = 1
    while True:
        taken.clear()
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = f"not readable as CSV ({error})"
        else:
            problem = ""
        if any(_LOOKS_LIKE_ROW.match(text_line) for text_line in taken[1:]):
            problem = "a quote is opened and never closed"
        if not problem:
            yield number, record
            number += len(taken)
            continue
        yield number, problem
        number += 1
        reader = csv.reader(tracked(itertools.chain(taken[1:], lines)))


def _manifest(data: bytes) -> tuple[dict[str, ManifestRow], list[str]]:
    """parse_manifest, where a failure of the code itself leaves the articles undated, not unread."""
    parsed = isolate(MANIFEST_NAME, "reading", parse_manifest, data)
    if isinstance(parsed, IngestError):
        return {}, [f"{parsed}; the manifest was not used"]
    return parsed


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[str]]:
    """A manifest file's rows by file name, and a message for each row, or the whole file, that cannot be used."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}, [f"{file_label(str(path))}: over {MAX_FILE_BYTES / 1e6:.0f} MB; not used"]
        return _manifest(path.read_bytes())
    except OSError as error:
        return {}, [f"{file_label(str(path))}: cannot be read ({error.strerror})"]


def stored_article_updates(rows: dict[str, ManifestRow], stored: Callable[[list[str]], dict[str, list[Article]]]
                           ) -> tuple[list[Article], list[str]]:
    """Manifest rows for articles stored earlier, each the stored article with its row's date,
    outlet, URL and title, for `Store.add_articles` to update; and a message for each row that
    names no stored article. `stored` finds the stored articles by the file names they were added
    under (`Store.articles_named`)."""
    found = stored(list(rows)) if rows else {}
    articles, problems = [], []
    for name, row in rows.items():
        if name not in found:
            problems.append(f"manifest row {file_label(name)}: no stored article named {file_label(name)}")
        articles += [Article(article.doc_id, article.text, row.published,
                             PUBLISHED_FROM_MANIFEST if row.published else UNDATED, row.outlet, row.url, row.title,
                             name=article.name) for article in found.get(name, [])]
    return articles, problems


# What a path that is neither a file nor a folder is, by its stat mode.
_SPECIAL_FILES = ((stat.S_ISFIFO, "a pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                  (stat.S_ISSOCK, "a socket"))


def _special(mode: int) -> str:
    return next((what for test, what in _SPECIAL_FILES if test(mode)), "not a regular file")


def article_files(path: str | Path) -> tuple[list[Path], list[IngestError]]:
    """The article files of a file or folder in name order, and an IngestError for each entry left
    out: a link that leads out of the folder, a subfolder that cannot be read, a pipe or a device.

    A path that cannot be a corpus at all (missing, unreadable, a pipe, the manifest itself)
    raises IngestError.
    """
    path = Path(path)
    shown = file_label(str(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise IngestError(f"{shown}: no such file or folder") from None
    except OSError as error:
        raise IngestError(f"{shown}: cannot be read ({error.strerror})") from None
    if stat.S_ISREG(mode):
        if path.name.lower() == MANIFEST_NAME:
            raise IngestError(f"{shown}: this is the manifest that dates a folder's articles, not an article; "
                              f"give the folder ({file_label(str(path.parent))})")
        return [path], []
    if not stat.S_ISDIR(mode):
        raise IngestError(f"{shown}: {_special(mode)}, not a file or a folder of articles")
    try:
        os.scandir(path).close()
    except OSError as error:
        raise IngestError(f"{shown}: the folder cannot be read ({error.strerror})") from None
    return _walk(path)


def _walk(folder: Path) -> tuple[list[Path], list[IngestError]]:
    root = folder.resolve()
    files: list[Path] = []
    left_out: list[IngestError] = []

    def unreadable(error: OSError) -> None:
        left_out.append(IngestError(f"{file_label(str(error.filename))}: the folder cannot be read "
                                    f"({error.strerror}); the files in it were skipped"))
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in dirs + sorted(names):
            entry = Path(top, name)
            is_article = name not in dirs and entry.suffix.lower() in ARTICLE_SUFFIXES
            outside = _outside(entry, root)
            if outside is not None and (is_article or name in dirs):
                left_out.append(IngestError(f"{file_label(str(entry))}: a link to {file_label(str(outside))}, "
                                            f"outside {file_label(str(folder))}; not followed"))
            elif is_article:
                try:
                    mode = entry.stat().st_mode
                except OSError as error:
                    left_out.append(IngestError(f"{file_label(str(entry))}: cannot be read ({error.strerror})"))
                    continue
                if stat.S_ISREG(mode):
                    files.append(entry)
                else:
                    left_out.append(IngestError(f"{file_label(str(entry))}: {_special(mode)}, not a file; skipped"))
    return sorted(files), left_out


def _outside(entry: Path, root: Path) -> Path | None:
    """Where a link leads when that is outside `root` (a resolved folder); None for anything else."""
    if not entry.is_symlink():
        return None
    target = Path(os.path.realpath(entry))  # unlike Path.resolve, a loop of links is no RuntimeError
    return None if target.is_relative_to(root) else target


def corpus_files(path: str | Path) -> tuple[list[tuple[Path, ManifestRow]], list[IngestError]]:
    """The article files of a file or folder with their manifest rows, and the problems found on
    the way: entries left out (IngestError) and manifest rows that cannot be used (ManifestError)."""
    path = Path(path)
    files, problems = article_files(path)
    folder = path if path.is_dir() else path.parent
    manifest: dict[str, ManifestRow] = {}
    manifest_path = folder / MANIFEST_NAME
    outside = _outside(manifest_path, folder.resolve())
    manifest_problems: list[str] = []
    if outside is not None:
        manifest_problems = [f"{file_label(str(manifest_path))}: a link to {file_label(str(outside))}, outside "
                             f"{file_label(str(folder))}; not followed, the articles are dated from their text"]
    elif manifest_path.is_file():
        manifest, manifest_problems = read_manifest(manifest_path)
    listed = {p.name for p in files}
    manifest_problems += [f"{MANIFEST_NAME}: {name} is listed but not in {file_label(str(folder))}"
                          for name in sorted(set(manifest) - listed)]
    problems += [ManifestError(problem) for problem in manifest_problems]
    return [(file, manifest.get(file.name, ManifestRow(None, "", "", ""))) for file in files], problems


def read_article(file: Path, meta: ManifestRow) -> Article:
    """One article file; IngestError with the file's name for anything unreadable."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{file_label(file.name)}: {size / 1e6:.1f} MB is over the limit "
                              f"of {MAX_FILE_BYTES / 1e6:.0f} MB for one article")
        data = file.read_bytes()
    except OSError as error:
        raise IngestError(f"{file_label(file.name)}: cannot be read ({error.strerror})") from None
    return article_from_bytes(file.name, data, meta.published, meta.outlet, meta.url, meta.title)


def iter_corpus(path: str | Path) -> Iterator[Article | IngestError]:
    """Articles of a file or folder, one at a time (a corpus is never held whole in memory).

    Problems come in the same stream as IngestError values, so a caller can report them in order:
    an IngestError for each file that could not be read, a Notice (a ManifestError for a manifest
    row) for a loss that costs no file. A path that is no corpus at all raises IngestError.
    """
    files, problems = corpus_files(path)
    yield from problems
    for file, meta in files:
        article = isolate(file_label(file.name), "reading", read_article, file, meta)
        if isinstance(article, Article):
            yield from (Notice(notice) for notice in article.notices)
        yield article


def read_corpus(path: str | Path) -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    for item in iter_corpus(path):
        if isinstance(item, IngestError):
            problems.append(str(item))
        else:
            articles.append(item)
    return articles, problems


def articles_from_uploads(files: list[tuple[str, bytes]], default_published: date | None = None,
                          stored: Callable[[list[str]], dict[str, list[Article]]] | None = None
                          ) -> tuple[list[Article], list[str]]:
    """Uploaded files (name, bytes) into Articles; a `manifest.csv` among them dates the rest,
    `default_published` dates files that neither the manifest nor their text dates. Given
    `stored` (see `stored_article_updates`), the manifest's rows that name no file uploaded with it
    update the stored articles of those names. File names are only labels: nothing is ever
    written under them."""
    manifest: dict[str, ManifestRow] = {}
    problems: list[str] = []
    for name, data in files:
        if Path(name).name.lower() == MANIFEST_NAME:
            manifest, problems = _manifest(data)
    implausible = implausible_published(default_published) if default_published is not None else None
    if implausible:
        first_day, last_day = published_range()
        problems.append(f"the publication date given for the uploads: {implausible} "
                        f"(publication dates run from {first_day} to {last_day}); not used")
        default_published = None
    articles = []
    for name, data in files:
        if Path(name).name.lower() == MANIFEST_NAME:
            continue
        if not name.lower().endswith(ARTICLE_SUFFIXES):
            problems.append(f"{file_label(name)}: not a .txt, .md or .html file; skipped")
            continue
        meta = manifest.get(Path(name).name, ManifestRow(None, "", "", ""))
        article = isolate(file_label(name), "reading", article_from_bytes, name, data, meta.published,
                          meta.outlet, meta.url, meta.title)
        if isinstance(article, IngestError):
            problems.append(str(article))
            continue
        problems += article.notices
        if article.published is None and default_published is not None:
            article = replace(article, published=default_published, published_basis="given at upload")
        articles.append(article)
    if stored is not None:
        uploaded = {Path(name).name for name, _ in files}
        updates, unmatched = stored_article_updates(
            {name: row for name, row in manifest.items() if name not in uploaded}, stored)
        articles += updates
        problems += unmatched
    return articles, problems
