import codecs
import csv
import importlib
import io
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import needs_permissions

from timeline.errors import IngestError
from timeline.ingest import (MAX_FILE_BYTES, ManifestRow, article_from_bytes, articles_from_uploads, decode,
                             iter_corpus, parse_manifest, read_corpus, stored_article_updates)
from timeline.records import Article
from timeline.pipeline import SEEDS_DIR
from timeline.published import infer_published

TEXT = "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday. “Good talks,” he said."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
    TEXT.encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252"])
def test_decodes_common_encodings(data):
    assert decode(data).text == TEXT


def test_mixed_newlines_and_nul_bytes():
    article = article_from_bytes("a.txt", b"First line.\r\nSecond\x00 line.\rThird line.\n")
    assert article.text == "First line.\nSecond line.\nThird line.\n"


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "no text"),
    ("blank.txt", b" \n\t \n", "no text"),
    ("doc.pdf", b"%PDF-1.4\n%\xe2\xe3", "PDF"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    ("noise.txt", random.Random(1).randbytes(5000), "binary"),
], ids=["empty", "whitespace", "pdf", "png", "random-bytes"])
def test_bad_files_give_a_message_naming_them(name, data, message):
    with pytest.raises(IngestError, match=message) as error:
        article_from_bytes(name, data)
    assert name in str(error.value)


def test_oversized_file_is_refused_by_size(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES * 5)  # sparse: 50 MB without writing them
    (tmp_path / "ok.txt").write_text(TEXT)
    items = list(iter_corpus(tmp_path))
    problems = [str(i) for i in items if isinstance(i, IngestError)]
    assert len(problems) == 1 and "big.txt" in problems[0] and "limit" in problems[0]
    assert sum(1 for i in items if not isinstance(i, IngestError)) == 1


def test_one_endless_line_is_processed():
    line = ("Wang Yi met Sergei Lavrov in Moscow on Monday and " * 4_000).encode()  # 200 kB, one line
    article = article_from_bytes("long.txt", line)
    from timeline.pipeline import extract_article
    assert isinstance(extract_article(article), list)


def test_html_drops_script_style_and_comments_and_decodes_entities():
    page = b"""<html><head><title>Talks</title><style>p{color:red}</style>
    <script>alert('x')</script></head><body><!-- a comment --><article>
    <p>Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday, officials said.</p>
    <p>Caf&eacute; talks &amp; more: &#8220;good&#8221; ones were held in the Kremlin&#8217;s halls, they added.</p>
    </article></body></html>"""
    article = article_from_bytes("page.html", page)
    assert "alert" not in article.text and "color:red" not in article.text and "comment" not in article.text
    assert "Café talks & more" in article.text and "Kremlin’s" in article.text


def test_a_folder_with_one_bad_file_still_yields_the_good_ones(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.md").write_text(TEXT.replace("Monday", "Tuesday"))
    (tmp_path / "c.txt").write_bytes(b"%PDF-1.4")
    articles, problems = read_corpus(tmp_path)
    assert len(articles) == 2 and len(problems) == 1 and "c.txt" in problems[0]


UNEXPECTED = [RuntimeError("boom"), ImportError("lxml.html.clean module is now a separate project"),
              ValueError("no root element")]
UNEXPECTED_IDS = ["runtime", "import", "lxml-like"]


def fail_for(name: str, step, error: Exception):
    """`step`, except that it raises `error` for the file `name` (its first argument)."""
    def wrapped(first, *args, **kwargs):
        if str(first).endswith(name):
            raise error
        return step(first, *args, **kwargs)
    return wrapped


def internal(name: str, error: Exception) -> str:
    return f"{name}: internal error while reading ({type(error).__name__}: {error}) - please report it"


@pytest.mark.parametrize("error", UNEXPECTED, ids=UNEXPECTED_IDS)
def test_an_unexpected_error_reading_one_file_is_named_and_the_rest_read(error, batch_folder, monkeypatch):
    import timeline.ingest
    monkeypatch.setattr(timeline.ingest, "read_article", fail_for("bad.html", timeline.ingest.read_article, error))
    items = list(iter_corpus(batch_folder))
    assert sorted(item.doc_id for item in items if not isinstance(item, IngestError)) == ["good", "page"]
    assert [str(item) for item in items if isinstance(item, IngestError)] == [internal("bad.html", error)]


@pytest.mark.parametrize("error", UNEXPECTED, ids=UNEXPECTED_IDS)
def test_an_unexpected_error_on_one_upload_is_named_and_the_rest_read(error, batch_files, monkeypatch):
    import timeline.ingest
    monkeypatch.setattr(timeline.ingest, "article_from_bytes",
                        fail_for("bad.html", timeline.ingest.article_from_bytes, error))
    articles, problems = articles_from_uploads(batch_files)
    assert sorted(a.doc_id for a in articles) == ["good", "page"]
    assert problems == [internal("bad.html", error)]


def test_a_manifest_that_breaks_the_code_leaves_the_articles_read_but_undated(batch_folder, monkeypatch):
    import timeline.ingest
    (batch_folder / "manifest.csv").write_bytes(b"file,published\ngood.txt,2024-03-05\n")
    monkeypatch.setattr(timeline.ingest, "parse_manifest", lambda data: 1 / 0)
    articles, problems = read_corpus(batch_folder)
    assert len(articles) == 3 and all(a.published_basis != "manifest" for a in articles)
    assert problems == ["manifest.csv: internal error while reading (ZeroDivisionError: division by zero) - "
                        "please report it; the manifest was not used"]


HEADER = b"file,published,outlet,url,title\n"
GOOD_ROWS = b"a.txt,2024-01-01,A,,One\n", b"c.txt,2024-01-03,C,,Three\n", b"d.txt,2024-01-04,D,,Four\n"
BROKEN = {
    "open-quote": (b'b.txt,2024-01-02,B,,"An open quote\n', "a quote is opened and never closed"),
    "open-quote-first-field": (b'"b.txt,2024-01-02,B,,Title\n', "a quote is opened and never closed"),
    "field-over-128-kb": (b"b.txt,2024-01-02,B,," + b"x" * 200_000 + b"\n",
                          "not readable as CSV (field larger than field limit (131072))"),
    "open-quote-then-long-field": (b'b.txt,2024-01-02,B,,"Open\n' + b"x" * 200_000 + b"\n",
                                   "not readable as CSV (field larger than field limit (131072))"),
}


@pytest.mark.parametrize("row,problem", BROKEN.values(), ids=BROKEN)
def test_a_broken_manifest_row_costs_only_itself(row, problem):
    data = HEADER + GOOD_ROWS[0] + row + b"".join(GOOD_ROWS[1:])
    rows, problems = parse_manifest(data, today=date(2026, 1, 1))
    assert {name: meta.published for name, meta in rows.items()} == {
        "a.txt": date(2024, 1, 1), "c.txt": date(2024, 1, 3), "d.txt": date(2024, 1, 4)}
    assert problems[0] == f"manifest.csv line 3: {problem}; row skipped"


@pytest.mark.parametrize("title", [b'"Xi, Putin meet"', b'"A title ""quoted"" inside"',
                                   b'"A title broken\nover two lines"'], ids=["comma", "quotes", "line-break"])
def test_quoted_titles_are_not_taken_for_broken_rows(title):
    rows, problems = parse_manifest(HEADER + b"a.txt,2024-01-01,A,," + title + b"\n" + GOOD_ROWS[1])
    assert problems == []
    assert rows["a.txt"].title == title.strip(b'"').replace(b'""', b'"').decode()
    assert rows["c.txt"].published == date(2024, 1, 3)


# Imported by trafilatura (jusText, htmldate) or by lxml itself; lxml 6 moved lxml.html.clean into
# lxml_html_clean, and a missing one makes every HTML page fail.
HTML_DEPENDENCIES = ["trafilatura", "justext", "lxml", "lxml_html_clean", "lxml.html.clean", "htmldate"]


@pytest.mark.parametrize("module", HTML_DEPENDENCIES)
def test_every_html_dependency_imports(module):
    assert importlib.import_module(module).__name__ == module


def test_an_html_article_end_to_end_through_the_cli(batch_files, tmp_path):
    for module in HTML_DEPENDENCIES:
        importlib.import_module(module)
    (tmp_path / "page.html").write_bytes(dict(batch_files)["page.html"])
    out = tmp_path / "events.csv"
    result = subprocess.run([sys.executable, "-m", "timeline", "extract", str(tmp_path), "--out", str(out)],
                            cwd=SEEDS_DIR.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["type"], r["start"], r["actors"], r["location"], r["sources"]) for r in rows] == [
        ("meeting", "2024-05-06", "Xi Jinping;Emmanuel Macron", "Paris", "page"),
        ("visit", "2024-05-06", "Xi Jinping;Emmanuel Macron", "Paris", "page")]


MANIFEST = b"""file,published,outlet,url,title
a.txt,2024-04-09,Kyodo,,One
b.txt,2024-02-30,Tass,,Impossible date
c.txt,yesterday,Tass,,Not a date
d.txt,2099-01-01,Tass,,Future
a.txt,2024-04-10,Dup,,Duplicate
,2024-04-10,Nobody,,No file
"""


def test_a_malformed_manifest_gives_one_message_per_row_and_uses_the_rest():
    rows, problems = parse_manifest(MANIFEST, today=date(2026, 1, 1))
    assert rows["a.txt"].published == date(2024, 4, 9) and rows["a.txt"].outlet == "Kyodo"
    assert rows["b.txt"].published is None and rows["c.txt"].published is None and rows["d.txt"].published is None
    joined = "\n".join(problems)
    for line in ("line 3", "line 4", "line 5", "line 6", "line 7"):
        assert line in joined


def test_a_manifest_without_a_file_column_is_not_used():
    rows, problems = parse_manifest(b"name,date\na.txt,2024-01-01\n")
    assert rows == {} and "no 'file' column" in problems[0]


def test_manifest_rows_for_missing_files_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "manifest.csv").write_bytes(b"file,published,outlet,url,title\na.txt,2024-04-09,K,,\nz.txt,2024-04-09,K,,\n")
    articles, problems = read_corpus(tmp_path)
    assert articles[0].published == date(2024, 4, 9) and articles[0].published_basis == "manifest"
    assert any("z.txt" in p for p in problems)


STORED_A = Article("a", TEXT, date(2024, 1, 2), "text:header", "Old", "", "A title", name="a.txt")
STORED_A_ELSEWHERE = Article("a-2", "Another text.", None, "undated", name="a.txt")


@pytest.mark.parametrize("rows,stored,articles,problems", [
    ({"a.txt": ManifestRow(date(2024, 4, 9), "Kyodo", "https://kyodo.jp/1", "One")}, [STORED_A],
     [Article("a", TEXT, date(2024, 4, 9), "manifest", "Kyodo", "https://kyodo.jp/1", "One", name="a.txt")], []),
    ({"a.txt": ManifestRow(None, "Kyodo", "", "")}, [STORED_A],
     [Article("a", TEXT, None, "undated", "Kyodo", name="a.txt")], []),
    ({"a.txt": ManifestRow(None, "Kyodo", "", "")}, [STORED_A, STORED_A_ELSEWHERE],
     [Article("a", TEXT, None, "undated", "Kyodo", name="a.txt"),
      Article("a-2", "Another text.", None, "undated", "Kyodo", name="a.txt")], []),
    ({"a.txt": ManifestRow(None, "Kyodo", "", ""), "b.txt": ManifestRow(None, "Tass", "", "")}, [STORED_A],
     [Article("a", TEXT, None, "undated", "Kyodo", name="a.txt")], ["manifest row b.txt: no stored article named b.txt"]),
    ({"b\nc.txt": ManifestRow(None, "Tass", "", "")}, [STORED_A], [],
     ["manifest row b\\nc.txt: no stored article named b\\nc.txt"]),
    ({}, [STORED_A], [], []),
], ids=["dated-row", "undated-row", "two-articles-of-one-name", "a-row-that-names-nothing", "a-name-on-one-line",
        "no-rows"])
def test_manifest_rows_for_stored_articles(rows, stored, articles, problems):
    """The stored article comes back with what the row gives and nothing else: Store.add_articles
    (updated_article) decides what of it is new, as for any article added again."""
    asked = []

    def by_name(names):
        asked.append(names)
        return {name: [a for a in stored if a.name == name] for name in names if any(a.name == name for a in stored)}
    assert stored_article_updates(rows, by_name) == (articles, problems)
    assert asked == ([list(rows)] if rows else [])


@pytest.mark.parametrize("text,expected,basis", [
    ("Mon, March 4, 2024 Published on Mar. 4, 2024\nThe president cancelled the visit.", date(2024, 3, 4), "header"),
    ("Published on: 2024/03/04 09:00\nThe leaders spoke.", date(2024, 3, 4), "header"),
    ("The leaders met on Tuesday. A photo shows them shaking hands in Beijing on April 9, 2024.", date(2024, 4, 9),
     "latest"),
    ("The leaders will meet on Tuesday.", None, "undated"),
    ("The summit will be held on May 24, 2030.", None, "undated"),
], ids=["header", "published-on", "reported-date", "undated", "future-only"])
def test_publication_date_from_the_text(text, expected, basis):
    published, how = infer_published(text)
    assert published == expected and basis in how


# Publication dates (README, "Limits and safety"): 1900-01-01 to two days past today.
TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("published,problem", [
    ("1900-01-01", None),
    ("2026-01-03", None),
    ("0001-01-01", "0001-01-01 is before 1900-01-01"),
    ("1899-12-31", "1899-12-31 is before 1900-01-01"),
    ("2026-01-04", "2026-01-04 is in the future"),
    ("9999-12-31", "9999-12-31 is in the future"),
], ids=["first-day", "last-day", "year-1", "day-before", "day-after", "year-9999"])
def test_a_manifest_date_outside_the_range_is_named_with_its_line_and_the_row_kept(published, problem):
    rows, problems = parse_manifest(HEADER + f"a.txt,{published},Kyodo,,One\n".encode(), today=TODAY)
    assert rows["a.txt"].outlet == "Kyodo"
    if problem is None:
        assert rows["a.txt"].published == date.fromisoformat(published) and problems == []
    else:
        assert rows["a.txt"].published is None
        assert problems == [f"manifest.csv line 2: {problem} (publication dates run from 1900-01-01 to "
                            "2026-01-03); the date is taken from the text instead"]


STORY = b"Wang Yi met Sergei Lavrov in Moscow on Monday."


@pytest.mark.parametrize("name,data", [
    ("meta.html", b'<html><head><meta name="date" content="0001-01-01"></head><body><article><p>'
                  + STORY + b"</p></article></body></html>"),
    ("future-meta.html", b'<html><head><meta name="date" content="2999-05-01"></head><body><article><p>'
                         + STORY + b"</p></article></body></html>"),
    ("header.txt", b"Published on: 2999/03/04\n" + STORY),
    ("reported.txt", STORY + b" Putin visited Beijing on April 9, 2999."),
], ids=["html-meta-year-1", "html-meta-future", "header-future", "reported-future"])
def test_a_date_from_the_page_or_text_outside_the_range_is_not_a_publication_date(name, data):
    assert article_from_bytes(name, data).published is None


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31)])
def test_an_upload_date_outside_the_range_is_named_and_not_used(day):
    articles, problems = articles_from_uploads([("a.txt", STORY)], day)
    assert [a.published for a in articles] == [None]
    assert len(problems) == 1 and problems[0].startswith(f"the publication date given for the uploads: {day} is ")


# Decoding: mostly UTF-8 stays UTF-8, its bad bytes replaced and counted.
SAID, AT = "“Good talks,” said Wang Yi.", " At the Café Pouchkine."
CURLY = SAID + AT


@pytest.mark.parametrize("data,text,replaced", [
    (SAID.encode() + b"\xff" + AT.encode(), SAID + "\ufffd" + AT, 1),
    (codecs.BOM_UTF8 + SAID.encode() + b"\x92\x93" + AT.encode(), SAID + "\ufffd\ufffd" + AT, 2),
    (CURLY.encode() + "é".encode()[:1], CURLY + "\ufffd", 1),
    (bytes(3000) + TEXT.encode(), "\x00" * 3000 + TEXT, 0),
    (TEXT.encode("ascii", "replace") + bytes(100) + TEXT.encode("utf-16-le"), None, 0),
    (CURLY.encode("cp1252"), CURLY, 0),
    (CURLY.encode("utf-16"), CURLY, 0),
], ids=["one-bad-byte", "bom-and-cp1252-quotes", "cut-in-a-character", "nul-padding", "nuls-both-sides",
        "real-cp1252", "real-utf16"])
def test_mostly_utf8_text_stays_utf8_with_the_bad_bytes_counted(data, text, replaced):
    decoded = decode(data)
    if text is not None:
        assert decoded.text == text
    else:  # NULs on both sides of the sample are padding, not UTF-16: the ASCII text survives
        assert decoded.text.startswith(TEXT.encode("ascii", "replace").decode())
    assert decoded.replaced == replaced


def test_a_file_with_bad_bytes_is_read_with_a_notice_naming_it(tmp_path):
    (tmp_path / "onebad.txt").write_bytes(b"\xe2\x80\x9cGood talks,\xe2\x80\x9d he said. \xff\xfe " + STORY)
    items = list(iter_corpus(tmp_path))
    assert [type(item).__name__ for item in items] == ["Notice", "Article"]
    assert str(items[0]) == "onebad.txt: 2 bytes not UTF-8, replaced by \ufffd; the rest of the file was read"
    assert items[1].text.startswith("“Good talks,” he said.")


# The HTML budget, made small here so that the pages stay small.
def spans(count: int) -> bytes:
    return b"<html><body><article><p>" + b"<span>word</span> " * count + b"</p></article></body></html>"


def paragraphs(count: int) -> bytes:
    return b"<html><body><article>" + b"<p>Wang Yi met Sergei Lavrov.</p>" * count + b"</article></body></html>"


@pytest.mark.parametrize("budget,limit,page,message", [
    ("MAX_INLINE_RUN", 20, spans(21), "over 20 inline elements in one block of text"),
    ("MAX_HTML_ELEMENTS", 50, paragraphs(48), "over 50 HTML elements"),
    ("MAX_INLINE_RUN", 20, spans(20), None),
    ("MAX_HTML_ELEMENTS", 50, paragraphs(47), None),
], ids=["inline-over", "elements-over", "inline-at", "elements-at"])
def test_a_page_over_the_html_budget_is_skipped_and_the_batch_goes_on(budget, limit, page, message, tmp_path,
                                                                     monkeypatch):
    import timeline.ingest
    monkeypatch.setattr(timeline.ingest, budget, limit)
    (tmp_path / "heavy.html").write_bytes(page)
    (tmp_path / "good.txt").write_bytes(STORY)
    articles, problems = read_corpus(tmp_path)
    if message is None:
        assert sorted(a.doc_id for a in articles) == ["good", "heavy"] and problems == []
    else:
        assert [a.doc_id for a in articles] == ["good"]
        assert problems == [f"heavy.html: {message}, more than a page can have and be parsed in time; skipped"]


# Links: followed inside the folder given, never out of it.
@pytest.mark.parametrize("link,target,outcome", [
    ("inside.txt", "corpus/a.txt", "read"),
    ("sub/up-one.txt", "corpus/a.txt", "read"),
    ("into-sub", "corpus/sub", "read where it is"),
    ("outside.txt", "secret.txt", "refused"),
    ("outside-folder", "elsewhere", "refused"),
    ("parent", ".", "refused"),
    ("chain.txt", "corpus/outside-too.txt", "refused"),
], ids=["file-inside", "from-a-subfolder", "folder-inside", "file-outside", "folder-outside", "parent",
        "link-to-a-link-out"])
def test_links_are_followed_only_inside_the_folder(link, target, outcome, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_bytes(STORY)
    (corpus / "sub" / "b.txt").write_bytes(STORY)
    (tmp_path / "secret.txt").write_bytes(b"root:secret:19000:0:99999:7:::")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c.txt").write_bytes(STORY)
    (corpus / "outside-too.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / link).symlink_to(tmp_path / target)
    articles, problems = read_corpus(corpus)
    ids = sorted(a.doc_id for a in articles)
    refused = [f"{corpus / 'outside-too.txt'}: a link to {tmp_path / 'secret.txt'}, outside {corpus}; not followed"]
    if outcome == "refused":
        refused.append(f"{corpus / link}: a link to {(tmp_path / target).resolve()}, outside {corpus}; not followed")
    assert sorted(problems) == sorted(refused)
    assert ids == sorted(["a", "b"] + ([Path(link).stem] if outcome == "read" else []))
    assert "root:secret" not in " ".join(a.text for a in articles)


@pytest.mark.parametrize("links,problems", [
    ({"loop.txt": "loop.txt"}, ["loop.txt: cannot be read (Too many levels of symbolic links)"]),
    ({"ping.txt": "pong.txt", "pong.txt": "ping.txt"}, ["ping.txt: cannot be read (Too many levels of symbolic links)",
                                                        "pong.txt: cannot be read (Too many levels of symbolic links)"]),
    ({"dangling.txt": "gone.txt"}, ["dangling.txt: cannot be read (No such file or directory)"]),
], ids=["to-itself", "to-each-other", "dangling"])
def test_a_link_that_leads_to_no_file_is_named_and_the_rest_read(links, problems, tmp_path):
    (tmp_path / "a.txt").write_bytes(STORY)
    for link, target in links.items():
        (tmp_path / link).symlink_to(tmp_path / target)
    articles, found = read_corpus(tmp_path)
    assert [a.doc_id for a in articles] == ["a"]
    assert found == [f"{tmp_path}/{problem}" for problem in problems]


def test_a_folder_given_through_a_link_is_read(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_bytes(STORY)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    articles, problems = read_corpus(tmp_path / "link")
    assert [a.doc_id for a in articles] == ["a"] and problems == []


# Paths that cannot be a corpus: a clear message, never a hang or "0 events".
def make_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    return tmp_path / "pipe.txt"


def make_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(HEADER)
    return tmp_path / "manifest.csv"


@pytest.mark.parametrize("make,message", [
    (make_fifo, "a pipe, not a file or a folder of articles"),
    (lambda tmp_path: Path("/dev/zero"), "a device, not a file or a folder of articles"),
    (make_manifest, "this is the manifest that dates a folder's articles, not an article; give the folder"),
    (lambda tmp_path: tmp_path / "missing", "no such file or folder"),
], ids=["fifo", "dev-zero", "manifest", "missing"])
def test_a_path_that_is_no_corpus_is_refused_in_words(make, message, tmp_path):
    path = make(tmp_path)
    with pytest.raises(IngestError) as error:
        list(iter_corpus(path))
    assert str(error.value).startswith(f"{path}: {message}")


def test_a_pipe_inside_a_folder_is_named_and_skipped(tmp_path):
    (tmp_path / "a.txt").write_bytes(STORY)
    make_fifo(tmp_path)
    articles, problems = read_corpus(tmp_path)
    assert [a.doc_id for a in articles] == ["a"]
    assert problems == [f"{tmp_path / 'pipe.txt'}: a pipe, not a file; skipped"]


@needs_permissions
def test_an_unreadable_folder_is_refused_in_words(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(IngestError, match="the folder cannot be read \\(Permission denied\\)"):
            list(iter_corpus(folder))
    finally:
        folder.chmod(0o755)


@needs_permissions
def test_an_unreadable_subfolder_is_named_and_the_rest_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(STORY)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_bytes(STORY)
    locked.chmod(0)
    try:
        articles, problems = read_corpus(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [a.doc_id for a in articles] == ["a"]
    assert problems == [f"{locked}: the folder cannot be read (Permission denied); the files in it were skipped"]


# File names: any name a file system allows is read, and named on one printable line.
@pytest.mark.parametrize("name,doc_id", [
    (b"bad\xffname.txt", "bad\\xffname"),
    (b"a;b.txt", "a;b"),
    (b"new\nline.txt", "new\\nline"),
    (b'say "hi" it\'s.txt', 'say "hi" it\'s'),
    (b"tab\there.txt", "tab\\there"),
], ids=["not-utf8", "semicolon", "newline", "quotes", "tab"])
def test_any_file_name_is_read_and_named_on_one_line(name, doc_id, tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as file:
        file.write(STORY)
    with open(os.path.join(os.fsencode(tmp_path), b"empty-" + name), "wb"):
        pass
    articles, problems = read_corpus(tmp_path)
    assert [a.doc_id for a in articles] == [doc_id]
    assert problems == [f"empty-{doc_id}.txt: the file has no text"]


# ---------------------------------------------------------------- a manifest alone, through the command line

TALKS = b"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Moscow on Monday."
ROWS = b"file,published,outlet,url,title\n"


TASS_1 = ("TASS", "https://tass.com/1")


@pytest.mark.parametrize("rows,code,lines,outlet_url,dated", [
    (b"talks.txt,2024-05-08,TASS,https://tass.com/1,\n", 0, ["0 added, 1 updated, 0 already present"], TASS_1, True),
    (b"talks.txt,2024-05-08,TASS,https://tass.com/1,\nother.txt,2024-05-08,TASS,,\n", 1,
     ["warning: manifest row other.txt: no stored article named other.txt", "0 added, 1 updated, 0 already present",
      "timeline: 1 of 2 manifest rows could not be read (see the warnings above)"], TASS_1, True),
    (b"talks.txt,2099-01-01,TASS,https://tass.com/1,\n", 0,
     ["warning: manifest.csv line 2: 2099-01-01 is in the future (publication dates run from", "0 added, 1 updated"],
     TASS_1, False),
    (b"other.txt,2024-05-08,TASS,,\n", 2,
     ["warning: manifest row other.txt: no stored article named other.txt",
      "timeline: error: nothing updated (see the warnings above)"], ("", ""), False),
    (b"", 2, ["timeline: error: {manifest}: no row to use; nothing done"], ("", ""), False),
], ids=["one-row", "a-row-that-names-nothing", "a-date-that-cannot-be-used", "nothing-named", "no-rows"])
def test_a_manifest_alone_updates_the_stored_articles_it_names(rows, code, lines, outlet_url, dated, tmp_path):
    from contextlib import closing

    from timeline.cli import main
    from timeline.store import Store
    folder, db = tmp_path / "articles", str(tmp_path / "timeline.sqlite")
    folder.mkdir()
    (folder / "talks.txt").write_bytes(TALKS)
    assert main(["ingest", str(folder), "--db", db]) == 0
    manifest = tmp_path / "later" / "manifest.csv"
    manifest.parent.mkdir()
    manifest.write_bytes(ROWS + rows)
    result = subprocess.run([sys.executable, "-m", "timeline", "ingest", str(manifest), "--db", db],
                            cwd=SEEDS_DIR.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stderr
    err = result.stderr.splitlines()
    for line in lines:
        assert any(said.startswith(line.format(manifest=manifest)) for said in err), (line, err)
    with closing(Store.open(db, create=False)) as store:
        [article] = store.articles()
        events = store.events()
    assert (article.outlet, article.url) == outlet_url
    assert events and all((event.window is not None) == dated for event in events)  # moved, no undated copy left


def test_a_manifest_alone_needs_a_store_that_exists(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(ROWS + b"talks.txt,2024-05-08,TASS,,\n")
    db = tmp_path / "none.sqlite"
    result = subprocess.run([sys.executable, "-m", "timeline", "ingest", str(tmp_path / "manifest.csv"), "--db", str(db)],
                            cwd=SEEDS_DIR.parent, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr.splitlines()) == (
        2, [f"timeline: error: {db}: no such database (python -m timeline ingest makes one)"])
    assert not db.exists()
