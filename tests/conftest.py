import os
import tempfile
from pathlib import Path

import pytest

from timeline.ingest import read_corpus
from timeline.pipeline import SEEDS_DIR, extract_all
from timeline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _permissions_apply() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0)
        try:
            os.listdir(folder)
            return False
        except PermissionError:
            return True
        finally:
            os.chmod(folder, 0o700)


# Root (or any process with CAP_DAC_OVERRIDE) reads a folder whatever its mode, so a test of an
# unreadable folder would assert something false there.
needs_permissions = pytest.mark.skipif(not _permissions_apply(), reason="this user reads a folder whatever its mode")


@pytest.fixture(scope="session")
def seed_articles():
    articles, problems = read_corpus(SEEDS_DIR)
    assert not problems
    return articles


@pytest.fixture(scope="session")
def seed_events(seed_articles):
    return extract_all(seed_articles)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "timeline.sqlite"


@pytest.fixture
def fresh_store(db_path):
    store = Store.open(db_path)
    yield store
    store.close()


# A small batch of the three kinds of file a folder holds: plain text, a web page, and one more
# page that each test breaks in its own way. Each reports events that no other does: the text a
# visit, the page a meeting in Paris and so Xi's visit there, the bad page a meeting in Tokyo.
BATCH = {
    "good.txt": b"Russian President Vladimir Putin visited Beijing on Monday, March 4, 2024.\n",
    "page.html": b"""<!doctype html>
<html><head><title>Xi and Macron hold talks</title><meta name="date" content="2024-05-07"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article>
<p>Chinese President Xi Jinping met French President Emmanuel Macron in Paris on May 6, 2024, officials said.</p>
<p>The two leaders discussed trade and the war in Ukraine.</p>
</article><footer>Copyright 2024</footer></body></html>
""",
    "bad.html": b"""<!doctype html>
<html><head><title>Modi in Tokyo</title></head><body><article>
<p>Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo on March 20, 2023.</p>
</article></body></html>
""",
}


@pytest.fixture
def batch_files():
    """The batch as an upload: (name, bytes) pairs."""
    return list(BATCH.items())


@pytest.fixture
def good_actors():
    """The actors of the good files' events: bad.html's Modi and Kishida must not be among them."""
    return {"Vladimir Putin", "Xi Jinping", "Emmanuel Macron"}


@pytest.fixture
def batch_folder(tmp_path, batch_files):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in batch_files:
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(params=["reading", "extracting events"], ids=["read", "extract"])
def break_bad_html(request, monkeypatch):
    """Make bad.html, and only it, raise an exception the code does not expect, at one stage.
    Returns (the stage, the name the warning gives the file)."""
    import timeline.ingest
    import timeline.pipeline

    def fail_for_bad(step, is_bad):
        def wrapped(*args, **kwargs):
            if is_bad(*args):
                raise RuntimeError("boom")
            return step(*args, **kwargs)
        return wrapped

    if request.param == "reading":
        monkeypatch.setattr(timeline.ingest, "article_from_bytes", fail_for_bad(
            timeline.ingest.article_from_bytes, lambda name, *_: name.endswith("bad.html")))
        return request.param, "bad.html"
    monkeypatch.setattr(timeline.pipeline, "extract_article", fail_for_bad(
        timeline.pipeline.extract_article, lambda article: article.doc_id == "bad"))
    return request.param, "bad"
