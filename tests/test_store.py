import multiprocessing
import sqlite3
from dataclasses import replace

import pytest

from timeline.errors import StoreError
from timeline.pipeline import extract_article
from timeline.store import Store


def test_adding_the_same_articles_twice_adds_nothing(fresh_store, seed_articles):
    first = fresh_store.add_articles(seed_articles)
    second = fresh_store.add_articles(seed_articles)
    assert (first.added, first.skipped) == (5, 0)
    assert (second.added, second.skipped) == (0, 5)
    assert fresh_store.count() == 5


def test_a_second_run_does_not_extract_again(fresh_store, seed_articles):
    fresh_store.add_articles(seed_articles)
    calls = []
    fresh_store.add_articles(seed_articles, extract=lambda a: calls.append(a) or [])
    assert calls == []


def test_reopening_keeps_everything(db_path, seed_articles, seed_events):
    store = Store.open(db_path)
    store.add_articles(seed_articles)
    store.close()
    again = Store.open(db_path)
    assert {e.event_id for e in again.events()} == {e.event_id for e in seed_events}


def test_an_article_added_later_joins_the_stored_event(fresh_store, seed_articles):
    by_id = {a.doc_id: a for a in seed_articles}
    fresh_store.add_articles([by_id["001_9abf8dd859d27d16"]])
    before = [e for e in fresh_store.events() if e.type == "visit" and "Wang Yi" in e.actors]
    fresh_store.add_articles([by_id["004_2094431c2688f2b4"]])
    after = [e for e in fresh_store.events() if e.type == "visit" and "Wang Yi" in e.actors]
    assert len(after) == len(before)
    assert any({s.doc_id for s in e.sources} == {"001_9abf8dd859d27d16", "004_2094431c2688f2b4"} for e in after)


def test_two_articles_with_one_file_name_both_stay(fresh_store, seed_articles):
    a, b = seed_articles[:2]
    fresh_store.add_articles([a, replace(b, doc_id=a.doc_id)])
    assert fresh_store.count() == 2
    assert len({article.doc_id for article in fresh_store.articles()}) == 2


def test_seeds_are_loaded_once(fresh_store):
    assert fresh_store.ensure_seeds().added == 5
    assert fresh_store.ensure_seeds() is None
    assert fresh_store.count() == 5


def _ingest(path, texts):
    from timeline.records import Article
    store = Store.open(path)
    store.add_articles([Article(f"doc{i}", text) for i, text in texts])


def test_concurrent_writers_lose_and_duplicate_nothing(db_path):
    texts = [(i, f"Wang Yi met Sergei Lavrov in Moscow, article number {i}.") for i in range(40)]
    Store.open(db_path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_ingest, args=(db_path, texts[start:start + 30])) for start in (0, 10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert Store.open(db_path).count() == 40


def test_a_corrupted_file_gives_a_clear_error(db_path):
    db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="Move the file away"):
        Store.open(db_path)


def test_only_parameterised_sql(fresh_store, seed_articles):
    hostile = replace(seed_articles[0], doc_id="x'); DROP TABLE articles; --")
    fresh_store.add_articles([hostile])
    assert [a.doc_id for a in fresh_store.articles()] == [hostile.doc_id]
    tables = {row[0] for row in sqlite3.connect(fresh_store.path).execute("SELECT name FROM sqlite_master")}
    assert "articles" in tables


def test_an_article_whose_extraction_fails_is_named_and_the_others_stored(fresh_store, seed_articles):
    broken = seed_articles[2].doc_id

    def extract(article):
        if article.doc_id == broken:
            raise RuntimeError("boom")
        return extract_article(article)
    result = fresh_store.add_articles(seed_articles, extract=extract)
    assert (result.added, result.skipped) == (4, 0)
    assert result.problems == [f"{broken}: internal error while extracting events (RuntimeError: boom) - "
                               "please report it"]
    assert broken not in {a.doc_id for a in fresh_store.articles()}
    assert fresh_store.add_articles(seed_articles).added == 1  # not stored, so tried again next time


def test_the_pages_upload_adds_the_good_files_and_names_the_bad_one(fresh_store, batch_files, break_bad_html,
                                                                     good_actors):
    stage, name = break_bad_html
    steps = []
    result = fresh_store.add_uploads(batch_files, progress=lambda done, total: steps.append((done, total)))
    assert result.added == 2
    assert result.problems == [f"{name}: internal error while {stage} (RuntimeError: boom) - please report it"]
    assert {a for event in fresh_store.events() for a in event.actors} == good_actors
    assert steps[-1][0] == steps[-1][1]


def test_an_upload_the_rules_refuse_is_named_with_the_reason(fresh_store, batch_files, good_actors):
    files = [(name, b"%PDF-1.4" if name == "bad.html" else data) for name, data in batch_files]
    result = fresh_store.add_uploads(files + [("notes.docx", b"PK\x03\x04")])
    assert result.added == 2
    assert result.problems == ["bad.html: this is a PDF, not a text or HTML article",
                               "notes.docx: not a .txt, .md or .html file; skipped"]
    assert {a for event in fresh_store.events() for a in event.actors} == good_actors
