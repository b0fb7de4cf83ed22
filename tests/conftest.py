from pathlib import Path

import pytest

from timeline.ingest import read_corpus
from timeline.pipeline import SEEDS_DIR, extract_all
from timeline.store import Store

ROOT = Path(__file__).resolve().parent.parent


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
