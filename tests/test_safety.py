"""Hostile articles: markup in the text never runs in the page; uploads never touch the disk."""
import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from timeline.errors import StoreError
from timeline.ingest import articles_from_uploads, iter_corpus
from timeline.pipeline import SEEDS_DIR
from timeline.records import Article
from timeline.store import Store

HOSTILE = ('<img src=x onerror=alert(1)> Chinese President Xi Jinping met Russian President Vladimir Putin '
           'in Moscow on Monday. <script>alert("x")</script>').encode()


def test_markup_from_articles_is_escaped_on_the_page(db_path, monkeypatch):
    store = Store.open(db_path)
    store.add_seeds()
    articles, _ = articles_from_uploads([("evil.txt", HOSTILE)], date(2024, 5, 20))
    store.add_articles(articles)
    monkeypatch.setenv("TIMELINE_DB", str(db_path))
    at = AppTest.from_file(str(SEEDS_DIR.parent / "dashboard.py"), default_timeout=120)
    at.query_params["q"] = "onerror"
    at.run()
    assert not at.exception
    rendered = [m.value for m in at.markdown]
    assert all("<img" not in text and "<script" not in text for text in rendered)
    table = at.dataframe[0].value
    assert any("<img src=x" in snippet for snippet in table["snippet"])  # shown as text, in a data grid


def test_upload_names_are_never_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    articles, problems = articles_from_uploads([("../../etc/evil.txt", b"Wang Yi met Sergei Lavrov in Moscow.")])
    assert [a.doc_id for a in articles] == ["evil"]
    assert list(tmp_path.iterdir()) == []


KILLABLE = """
import sys, time
from timeline.records import Article
from timeline.store import Store
from timeline.pipeline import extract_article
def slow(article):
    time.sleep(0.05)
    return extract_article(article)
store = Store.open(sys.argv[1])
articles = [Article(f"doc{i}", f"Wang Yi met Sergei Lavrov in Moscow on Monday, report {i}.",
                    __import__("datetime").date(2024, 1, 1)) for i in range(200)]
store.add_articles(articles, extract=slow)
"""


def _stored(db_path) -> int:
    try:
        return Store.open(db_path).count()
    except StoreError:  # the writer is still creating the file
        return 0


def test_an_ingest_killed_half_way_leaves_whole_articles_and_a_rerun_completes(db_path):
    process = subprocess.Popen([sys.executable, "-c", KILLABLE, str(db_path)], cwd=SEEDS_DIR.parent)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _stored(db_path) < 5:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store.open(db_path)
    stored = store.count()
    assert 0 < stored < 200
    hashes = {row[0] for row in store.db.execute("SELECT content_hash FROM articles")}
    with_events = {row[0] for row in store.db.execute("SELECT DISTINCT content_hash FROM article_events")}
    assert with_events == hashes  # no article without its events, no events without their article
    subprocess.run([sys.executable, "-c", KILLABLE, str(db_path)], cwd=SEEDS_DIR.parent, check=True, timeout=120)
    assert Store.open(db_path).count() == 200


@pytest.mark.parametrize("link", ["shadow.txt", "notes/shadow.md", "everything"])
def test_a_link_out_of_the_corpus_folder_is_never_stored(link, tmp_path, db_path):
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "visit.txt").write_bytes(b"Wang Yi visited Moscow on Monday, March 4, 2024.")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "shadow.txt").write_bytes(b"root:$6$secret$hash:19000:0:99999:7:::")
    (corpus / link).symlink_to(tmp_path / "private" / ("" if link == "everything" else "shadow.txt"))
    store = Store.open(db_path)
    store.add_articles(item for item in iter_corpus(corpus) if isinstance(item, Article))
    stored = " ".join(text for (text,) in store.db.execute("SELECT text FROM articles"))
    assert "Wang Yi visited Moscow" in stored and "secret" not in stored
