import codecs
import csv
import importlib
import io
import random
import subprocess
import sys
from datetime import date

import pytest

from timeline.errors import IngestError
from timeline.ingest import (MAX_FILE_BYTES, article_from_bytes, articles_from_uploads, decode, iter_corpus,
                             parse_manifest, read_corpus)
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


def test_a_manifest_that_is_not_csv_is_named_not_an_internal_error():
    rows, problems = parse_manifest(b"file,published\na.txt,2024-01-01\nb.txt," + b"x" * 200_000 + b"\n")
    assert rows == {}
    assert problems == ["manifest.csv line 3: not readable as CSV (field larger than field limit (131072)); "
                        "the manifest was not used"]


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
        ("meeting", "2024-05-06", "Xi Jinping;Emmanuel Macron", "Paris", "page")]


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
