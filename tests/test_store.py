import multiprocessing
import re
import sqlite3
from contextlib import closing, contextmanager, nullcontext
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import timeline.store
from timeline.errors import StoreBusyError, StoreDamagedError, StoreError
from timeline.export import to_json
from timeline.pipeline import SEEDS_DIR, extract_article
from timeline.records import Article
from timeline.store import DEFAULT_DB, Store, default_db_path


def test_adding_the_same_articles_twice_adds_nothing(fresh_store, seed_articles):
    first = fresh_store.add_articles(seed_articles)
    second = fresh_store.add_articles(seed_articles)
    assert (first.added, first.updated, first.present) == (5, 0, 0)
    assert (second.added, second.updated, second.present) == (0, 0, 5)
    assert (second.events, second.undated) == (first.events, first.undated)
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


@pytest.mark.parametrize("seed_if_new,made_before,articles", [
    (True, False, 5),   # the page on its default store, the first time
    (True, True, 0),    # the page on a default store someone made before (ingest): theirs, left as it is
    (False, False, 0),  # a store given by --db or TIMELINE_DB
], ids=["new-default", "existing-default", "chosen"])
def test_the_seeds_go_only_into_a_brand_new_default_store(db_path, seed_if_new, made_before, articles):
    if made_before:
        Store.open(db_path).close()
    with closing(Store.open(db_path, seed_if_new=seed_if_new)) as store:
        assert store.count() == articles
    with closing(Store.open(db_path, seed_if_new=seed_if_new)) as store:
        assert store.count() == articles  # once: not again on the next opening


def test_seeds_due_when_the_page_stopped_are_loaded_on_the_next_opening(db_path, monkeypatch):
    def stopped(self, seeds_dir=None):
        raise KeyboardInterrupt
    monkeypatch.setattr(Store, "add_seeds", stopped)
    with pytest.raises(KeyboardInterrupt):
        Store.open(db_path, seed_if_new=True)
    monkeypatch.undo()
    with closing(Store.open(db_path)) as store:
        assert store.count() == 5


# An article that dates nothing itself: its three events are undated until it has a date.
TALKS = ("talks.txt", b"Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Moscow on "
                      b"Monday. Lavrov said Wang would visit Paris next week.")
MANIFEST = ("manifest.csv", b"file,published,outlet,url,title\n"
                            b"talks.txt,2024-05-08,TASS,https://tass.com/1,Wang in Moscow\n")
MAY_8, JUNE_3 = date(2024, 5, 8), date(2024, 6, 3)
UNDATED = ("talks", None, "undated", "", "")
GIVEN = ("talks", MAY_8, "given at upload", "", "")
FROM_MANIFEST = ("talks", MAY_8, "manifest", "TASS", "https://tass.com/1")


@pytest.mark.parametrize("first,second,outcome,stored", [
    (([TALKS], None), ([TALKS], MAY_8), (0, 1, 0), GIVEN),
    (([TALKS], MAY_8), ([TALKS, MANIFEST], None), (0, 1, 0), GIVEN[:3] + FROM_MANIFEST[3:]),  # the same date, kept
    (([TALKS], None), ([TALKS, MANIFEST], None), (0, 1, 0), FROM_MANIFEST),
    (([TALKS], MAY_8), ([TALKS], JUNE_3), (0, 1, 0), ("talks", JUNE_3, "given at upload", "", "")),
    (([TALKS], None), ([TALKS], None), (0, 0, 1), UNDATED),
    (([TALKS], MAY_8), ([TALKS], None), (0, 0, 1), GIVEN),
    (([TALKS, MANIFEST], None), ([TALKS], None), (0, 0, 1), FROM_MANIFEST),
    (([TALKS], MAY_8), ([("renamed.txt", TALKS[1])], MAY_8), (0, 0, 1), GIVEN),
    (([TALKS], None), ([MANIFEST], None), (0, 1, 0), FROM_MANIFEST),
    (([TALKS], JUNE_3), ([MANIFEST], None), (0, 1, 0), FROM_MANIFEST),
    (([TALKS, MANIFEST], None), ([MANIFEST], None), (0, 0, 1), FROM_MANIFEST),
    (([TALKS], MAY_8), ([(MANIFEST[0], MANIFEST[1].replace(b"2024-05-08", b""))], None), (0, 1, 0),
     GIVEN[:3] + FROM_MANIFEST[3:]),
], ids=["dated-later", "manifest-later", "manifest-on-undated", "date-corrected", "nothing-new", "less-is-not-new",
        "manifest-kept", "renamed-copy", "manifest-alone-on-undated", "manifest-alone-corrects", "manifest-alone-again",
        "manifest-alone-undated-row"])
def test_an_article_added_again_is_updated_with_what_is_new_never_copied(db_path, tmp_path, first, second, outcome,
                                                                           stored):
    with closing(Store.open(db_path)) as store:
        store.add_uploads(*first)
        result = store.add_uploads(*second)
        [article] = store.articles()
        timeline = store.events()
    assert (result.added, result.updated, result.present) == outcome
    assert (article.doc_id, article.published, article.published_basis, article.outlet, article.url) == stored
    assert (result.events, result.undated) == (len(timeline), sum(e.window is None for e in timeline)) != (0, 0)
    with closing(Store.open(tmp_path / "once.sqlite")) as once:  # as if it had come right the first time
        once.add_articles([article])
        assert to_json(timeline) == to_json(once.events())


@pytest.mark.parametrize("dating", [([TALKS], MAY_8), ([MANIFEST],)], ids=["added-again-dated", "manifest-alone"])
def test_dating_an_undated_article_moves_its_events(fresh_store, dating):
    undated = fresh_store.add_uploads([TALKS])
    dated = fresh_store.add_uploads(*dating)
    assert (undated.undated, dated.undated, dated.events) == (3, 0, 3)
    assert fresh_store.count() == 1
    assert sorted(str(e.window.start) for e in fresh_store.events()) == ["2024-05-06", "2024-05-06", "2024-05-13"]


def test_a_store_keyed_by_text_and_date_keeps_one_copy_of_each_text(db_path, tmp_path):
    """A store from before articles were their text: a dated and an undated copy of one article."""
    import hashlib
    import json

    from timeline.export import event_to_dict
    from timeline.ingest import articles_from_uploads
    copies = [articles_from_uploads([TALKS], published)[0][0] for published in (None, MAY_8)]
    with closing(sqlite3.connect(db_path, isolation_level=None)) as db:
        timeline.store._migrate(db, 0, 2)
        for n, article in enumerate(copies):
            key = hashlib.sha256(f"{article.published or ''}\n{article.text}".encode()).hexdigest()
            db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, '', '', '', ?, ?)",
                       (key, f"talks-{n}", article.published and str(article.published), article.published_basis,
                        article.text, f"2024-06-0{n + 1}"))
            db.executemany("INSERT INTO article_events VALUES (?, ?)",
                           [(key, json.dumps(event_to_dict(e))) for e in extract_article(article)])
    with closing(Store.open(db_path)) as store:
        assert [(a.doc_id, a.published) for a in store.articles()] == [("talks-1", MAY_8)]
        assert sum(e.window is None for e in store.events()) == 0
        assert store.add_uploads([TALKS], MAY_8).present == 1


OTHER_TALKS = ("talks.txt", b"Wang Yi met Sergei Lavrov in Moscow on Monday.")  # another text of that name
ROWS = b"file,published,outlet,url,title\n"


@pytest.mark.parametrize("stored,uploaded,outcome,problems,outlets", [
    ([[TALKS]], [(MANIFEST[0], ROWS + b"talks.txt,,TASS,,\nother.txt,,Kyodo,,\n")], (0, 1, 0),
     ["manifest row other.txt: no stored article named other.txt"], {"talks": "TASS"}),
    ([[TALKS]], [(MANIFEST[0], ROWS + b"talks.md,,TASS,,\n")], (0, 0, 0),
     ["manifest row talks.md: no stored article named talks.md"], {"talks": ""}),
    ([[TALKS], [OTHER_TALKS]], [(MANIFEST[0], ROWS + b"talks.txt,,TASS,,\n")], (0, 2, 0), [],
     {"talks": "TASS", "talks-2": "TASS"}),
    ([[TALKS]], [("new.txt", OTHER_TALKS[1]), (MANIFEST[0], ROWS + b"new.txt,,Kyodo,,\ntalks.txt,,TASS,,\n")],
     (1, 1, 0), [], {"talks": "TASS", "new": "Kyodo"}),
    ([[TALKS]], [("talks.txt", OTHER_TALKS[1]), (MANIFEST[0], ROWS + b"talks.txt,,Kyodo,,\n")], (1, 0, 0), [],
     {"talks": "", "talks-2": "Kyodo"}),
], ids=["one-row-names-nothing", "same-id-other-name", "two-articles-of-one-name", "with-a-new-file",
        "the-file-uploaded-with-it-first"])
def test_manifest_rows_find_stored_articles_by_the_name_they_were_added_as(fresh_store, stored, uploaded, outcome,
                                                                             problems, outlets):
    for files in stored:
        fresh_store.add_uploads(files)
    result = fresh_store.add_uploads(uploaded)
    assert ((result.added, result.updated, result.present), result.problems) == (outcome, problems)
    assert {article.doc_id: article.outlet for article in fresh_store.articles()} == outlets


def test_articles_stored_before_names_were_kept_are_found_by_their_id(db_path):
    from timeline.ingest import articles_from_uploads
    [[article], _] = articles_from_uploads([TALKS])
    with closing(sqlite3.connect(db_path, isolation_level=None)) as db:
        timeline.store._migrate(db, 0, 3)
        db.execute("INSERT INTO articles VALUES (?, 'talks', NULL, 'undated', '', '', '', ?, '2024-06-01')",
                   (timeline.store.content_hash(article), article.text))
    with closing(Store.open(db_path)) as store:
        result = store.add_uploads([MANIFEST])
        [updated] = store.articles()
    assert (result.updated, result.problems) == (1, [])
    assert (updated.doc_id, updated.name, updated.published, updated.outlet) == ("talks", "", MAY_8, "TASS")


A_SEED, ITS_PARTNER = "001_9abf8dd859d27d16", "004_2094431c2688f2b4"  # they report one visit together


@pytest.mark.parametrize("ids,removed,unknown", [
    ([A_SEED], (A_SEED,), ()),
    ([A_SEED, "nope", A_SEED], (A_SEED,), ("nope",)),
    (["nope"], (), ("nope",)),
], ids=["one", "one-and-an-unknown", "unknown-only"])
def test_removing_an_article_takes_its_events_and_its_sources_in_merged_events(fresh_store, tmp_path, seed_articles,
                                                                               ids, removed, unknown):
    fresh_store.add_articles(seed_articles)
    shared = [e for e in fresh_store.events() if {A_SEED, ITS_PARTNER} <= {s.doc_id for s in e.sources}]
    their_events = sum(row.events for row in fresh_store.article_rows() if row.doc_id in removed)
    version = fresh_store.version()
    result = fresh_store.remove(ids)
    assert (result.removed, result.unknown, result.events) == (removed, unknown, their_events)
    assert shared and (fresh_store.version() != version) == bool(removed)
    with closing(Store.open(tmp_path / "others.sqlite")) as others:  # the timeline as if it had never come
        others.add_articles([a for a in seed_articles if a.doc_id not in removed])
        assert to_json(fresh_store.events()) == to_json(others.events())
        assert fresh_store.article_rows() == others.article_rows()


def test_the_article_list_gives_each_article_its_date_outlet_title_and_events(fresh_store, seed_articles):
    fresh_store.add_articles(seed_articles)
    fresh_store.add_uploads([TALKS])
    rows = fresh_store.article_rows()
    by_id = {a.doc_id: a for a in seed_articles}
    assert [row.doc_id for row in rows] == ["talks", *sorted(by_id, key=lambda i: (by_id[i].published, i))]
    assert [(row.published, row.outlet, row.title) for row in rows[1:]] == \
        [(by_id[row.doc_id].published, by_id[row.doc_id].outlet, by_id[row.doc_id].title) for row in rows[1:]]
    assert (rows[0].published, rows[0].events) == (None, 3)
    assert sum(row.events for row in rows) == len(fresh_store.article_events())


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
    assert (result.added, result.present) == (4, 0)
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


# ---------------------------------------------------------------- a store in trouble, in words

@pytest.fixture
def stored_seeds(db_path, seed_articles):
    """db_path holding the seeds, closed (so its write-ahead log is folded into the file)."""
    with closing(Store.open(db_path)) as store:
        store.add_articles(seed_articles)
    return db_path


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(timeline.store, "BUSY_TIMEOUT_MS", 100)


@contextmanager
def held(path, whole_file: bool):
    """Another process's connection in the middle of a write, as a long ingest is. With `whole_file`
    it keeps the file to itself (SQLite's exclusive locking mode), so even readers must wait."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    if whole_file:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta VALUES ('held', 'by another writer')")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def read_timeline(path) -> list[str]:
    with closing(Store.open(path, create=False)) as store:
        return sorted(e.event_id for e in store.events())


def ingest_one(path) -> int:
    with closing(Store.open(path)) as store:
        return store.add_articles([Article("new", "Wang Yi met Sergei Lavrov in Moscow on May 3, 2024.")]).added


@pytest.mark.parametrize("whole_file,action,busy", [
    (False, read_timeline, False),
    (False, ingest_one, True),
    (True, read_timeline, True),
    (True, ingest_one, True),
], ids=["writer-then-read", "writer-then-ingest", "whole-file-then-read", "whole-file-then-ingest"])
def test_a_writer_does_not_stop_readers_and_busy_is_not_damage(stored_seeds, short_busy_timeout, whole_file,
                                                                action, busy):
    if not busy:
        expected = action(stored_seeds)
        with held(stored_seeds, whole_file):
            assert action(stored_seeds) == expected
        return
    with held(stored_seeds, whole_file), pytest.raises(StoreBusyError) as caught:
        action(stored_seeds)
    assert str(caught.value) == f"{stored_seeds}: busy: another process is using it (waited 0.1 s); try again in a moment"


def write_bytes(data: bytes):
    return lambda path: path.write_bytes(data)


def run_sql(*statements: str):
    def damage(path):
        with closing(sqlite3.connect(path, isolation_level=None)) as db:
            for statement in statements:
                db.execute(statement)
    return damage


def wreck_the_events_pages(path):
    """Overwrite the first page of the events table, as a failing disk or a stray write would."""
    with closing(sqlite3.connect(path)) as db:
        page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'article_events'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xff" * size)


def read_everything(path):
    with closing(Store.open(path, create=False)) as store:
        store.events()
        store.articles()


A_HASH = "(SELECT content_hash FROM articles LIMIT 1)"


@pytest.mark.parametrize("damage,detail", [
    (write_bytes(b"this is not a database" * 100), "not a SQLite database, or its header is damaged"),
    (wreck_the_events_pages, "database disk image is malformed"),
    (run_sql(f"INSERT INTO article_events VALUES ({A_HASH}, '{{\"type\": \"visit\"}}')"),
     r"event row \d+ cannot be read: KeyError: 'sources'"),
    (run_sql(f"INSERT INTO article_events VALUES ({A_HASH}, 'not json')"),
     r"event row \d+ cannot be read: JSONDecodeError: Expecting value"),
    (run_sql(f"INSERT INTO article_events VALUES ({A_HASH}, '[1, 2]')"),
     r"event row \d+ cannot be read: TypeError: a JSON list, not an event"),
    (run_sql(f"INSERT INTO article_events VALUES ({A_HASH}, 42)"),
     r"event row \d+ cannot be read: TypeError: a JSON int, not an event"),
    (run_sql("UPDATE articles SET published = 'yesterday'"),
     r"article '\w+' cannot be read: ValueError: Invalid isoformat string: 'yesterday'"),
    (run_sql("DROP TABLE meta"), "its tables are not the ones a timeline store has"),
], ids=["not-sqlite", "wrecked-pages", "event-of-another-shape", "event-not-json", "event-a-list", "event-a-number",
        "article-bad-date", "table-dropped"])
def test_a_damaged_store_says_so_and_gives_the_way_out(stored_seeds, damage, detail):
    damage(stored_seeds)
    with pytest.raises(StoreDamagedError, match=rf"^{re.escape(str(stored_seeds))}: the timeline database is damaged \({detail}") \
            as caught:
        read_everything(stored_seeds)
    assert str(caught.value).endswith(
        "Move the file away to start afresh, or use another file (--db, or TIMELINE_DB).")


def unmark(path):
    run_sql("PRAGMA application_id = 0", "PRAGMA user_version = 0")(path)


@pytest.mark.parametrize("make,message", [
    (run_sql("CREATE TABLE notes (text TEXT)"),
     "a SQLite database of another program (tables: notes), left as it is. Use another file (--db, or TIMELINE_DB)."),
    (run_sql("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
             "INSERT INTO migrations VALUES ('create_tables', 'now'), ('add_meta', 'now')"),
     "a SQLite database of another program (tables: migrations), left as it is. Use another file (--db, or "
     "TIMELINE_DB)."),
    (lambda path: (Store.open(path).close(), run_sql("PRAGMA user_version = 99")(path)),
     f"made by a newer version of timeline (schema 99, this one knows {len(timeline.store.MIGRATIONS)}); update this "
     "copy, or use another file (--db, or TIMELINE_DB)"),
], ids=["foreign", "faked-migrations", "newer"])
def test_a_sqlite_file_that_is_not_our_store_is_refused_untouched(db_path, make, message):
    make(db_path)
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(db_path)
    assert str(caught.value) == f"{db_path}: {message}"
    assert type(caught.value) is StoreError
    assert db_path.read_bytes() == before
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if "newer" in message else "delete")


def test_a_store_made_before_stores_were_marked_is_kept_and_marked(stored_seeds, seed_events):
    unmark(stored_seeds)
    assert read_timeline(stored_seeds) == sorted(e.event_id for e in seed_events)
    with closing(sqlite3.connect(stored_seeds)) as db:
        mark = db.execute("PRAGMA application_id").fetchone()[0], db.execute("PRAGMA user_version").fetchone()[0]
    assert mark == (int.from_bytes(b"tmln", "big"), len(timeline.store.MIGRATIONS))


@pytest.mark.parametrize("path,message", [
    ("missing.sqlite", "{path}: no such database (python -m timeline ingest makes one)"),
    ("empty.sqlite", "{path}: an empty file, not a timeline database yet (python -m timeline ingest makes one)"),
    ("", "an empty path is not a database: name a file, or leave the path out for the default"),
], ids=["missing", "empty-file", "empty-path"])
def test_reading_never_makes_a_store(tmp_path, monkeypatch, path, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.sqlite").touch()
    with pytest.raises(StoreError, match=f"^{message.format(path=path)}$".replace("(", r"\(").replace(")", r"\)")):
        Store.open(path, create=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]
    assert (tmp_path / "empty.sqlite").read_bytes() == b""


@pytest.mark.parametrize("variable,expected", [
    ("", "default"),
    ("  ", "default"),
    ("{tmp}/mine.sqlite", "{tmp}/mine.sqlite"),
], ids=["empty", "blank", "a-file"])
def test_timeline_db_names_the_default_store_and_blank_means_unset(tmp_path, monkeypatch, variable, expected):
    monkeypatch.setenv("TIMELINE_DB", variable.format(tmp=tmp_path))
    assert default_db_path() == (DEFAULT_DB if expected == "default" else Path(expected.format(tmp=tmp_path)))


PAGE = str(SEEDS_DIR.parent / "dashboard.py")
NEW_ARTICLE = ("new.txt", b"Wang Yi met Sergei Lavrov in Moscow on May 3, 2024.", "text/plain")


def open_page(path, monkeypatch):
    """The page on the store at `path`; AppTest runs it in this process, so the short timeout reaches it."""
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("TIMELINE_DB", str(path))
    return AppTest.from_file(PAGE, default_timeout=120)


@pytest.mark.parametrize("trouble,whole_file,message", [
    ("opening", True, "busy: another process is using it (waited 0.1 s); try again in a moment"),
    ("reading", None, "the timeline database is damaged (event row"),
    ("adding articles", False, "busy: another process is using it (waited 0.1 s); try again in a moment"),
], ids=["busy-on-open", "damaged-on-read", "busy-on-upload"])
def test_the_page_shows_a_store_in_trouble_as_an_error(stored_seeds, short_busy_timeout, monkeypatch, trouble,
                                                       whole_file, message):
    page = open_page(stored_seeds, monkeypatch)
    if trouble == "reading":
        run_sql(f"INSERT INTO article_events VALUES ({A_HASH}, 'not json')")(stored_seeds)
    if trouble == "adding articles":
        page.run()
        page.file_uploader(key="uploads").set_value([NEW_ARTICLE]).run()
    with nullcontext() if whole_file is None else held(stored_seeds, whole_file):
        page.button(key="add").click().run() if trouble == "adding articles" else page.run()
    assert not page.exception
    shown = [re.sub(r"\\(.)", r"\1", e.value) for e in page.error]  # written Markdown-escaped, read as text
    assert [text.startswith(f"{stored_seeds}: {message}") for text in shown] == [True]
