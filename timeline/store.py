"""The SQLite store behind the page and `python -m timeline ingest/export`.

Articles are keyed by a hash of their content, so adding the same article twice adds nothing
and costs no extraction. Each article goes in with its events in one transaction: an ingest
killed half-way leaves every article either complete or absent. WAL mode and a busy timeout
let several processes write at once, and a reader never waits for a writer. The timeline is the
merge of every stored article's events, so an article added later that reports a stored event
joins it.

A store is marked as ours in its header (`PRAGMA application_id`, with the number of migrations
applied as `user_version`), and any other SQLite file is refused untouched. Every SQLite error
comes out as a StoreError in words: busy (try again) or damaged (move it away).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import IngestError, StoreBusyError, StoreDamagedError, StoreError, isolate
from .export import event_from_dict, event_to_dict
from .merge import merge_events
from .records import Article, Event

DEFAULT_DB = Path.home() / ".local" / "share" / "timeline" / "timeline.sqlite"
# How long a write waits for another process's write before the store is reported busy.
BUSY_TIMEOUT_MS = 30_000
# In the header of every file this code makes: 'tmln'.
APPLICATION_ID = int.from_bytes(b"tmln", "big")
WAY_OUT = "Move the file away to start afresh, or use another file (--db, or TIMELINE_DB)."


def default_db_path() -> Path:
    chosen = os.environ.get("TIMELINE_DB", "")
    # A blank TIMELINE_DB is unset, as an empty one is, not a file named " " in the current folder.
    return Path(chosen if chosen.strip() else DEFAULT_DB).expanduser()


def _chosen_path(path: str | Path | None) -> Path:
    if path is None:
        return default_db_path()
    if not str(path).strip():
        raise StoreError("an empty path is not a database: name a file, or leave the path out for the default")
    return Path(path).expanduser()


def content_hash(article: Article) -> str:
    """Same text and publication date, same article, whatever the file was called."""
    key = f"{article.published or ''}\n{article.text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _create_tables(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE articles (
        content_hash TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        published TEXT,
        published_basis TEXT NOT NULL,
        outlet TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        added_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE article_events (
        content_hash TEXT NOT NULL REFERENCES articles(content_hash) ON DELETE CASCADE,
        event TEXT NOT NULL)""")
    db.execute("CREATE INDEX article_events_hash ON article_events(content_hash)")


def _add_meta(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


# Small named steps, applied in order once each, recorded in `migrations`, counted in `user_version`.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("create_tables", _create_tables),
    ("add_meta", _add_meta),
]


def _migrate(db: sqlite3.Connection, done: int, upto: int = len(MIGRATIONS)) -> None:
    """Apply MIGRATIONS[done:upto] and mark the file as a timeline store that has had `upto`."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[done:upto]:
        step(db)
        db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {upto}")


def _shape(db: sqlite3.Connection) -> frozenset:
    """A database's tables, column by column, with their indexes. Compared by structure, not by the
    text of the CREATE statements, so reformatting them here does not disown existing stores."""
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return frozenset(
        (table,
         tuple(db.execute('SELECT name, type, "notnull", pk FROM pragma_table_info(?)', (table,))),
         frozenset(db.execute('SELECT name, "unique" FROM pragma_index_list(?)', (table,))))
        for table in tables)


@cache
def _shapes() -> tuple[frozenset, ...]:
    """The shape of a store after each number of MIGRATIONS (0: an empty file), made in memory."""
    shapes = []
    for upto in range(len(MIGRATIONS) + 1):
        db = sqlite3.connect(":memory:")
        if upto:
            _migrate(db, 0, upto)
        shapes.append(_shape(db))
        db.close()
    return tuple(shapes)


def _damaged(path: Path, detail: str) -> StoreDamagedError:
    return StoreDamagedError(f"{path}: the timeline database is damaged ({detail}). {WAY_OUT}")


def _store_error(path: Path, error: sqlite3.DatabaseError, doing: str) -> StoreError:
    """SQLite's error in words: busy (try again), damaged (move it away), or why it cannot be used."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code under extended ones
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(f"{path}: busy: another process is using it (waited {BUSY_TIMEOUT_MS / 1000:g} s); "
                              "try again in a moment")
    if code == sqlite3.SQLITE_NOTADB:
        return _damaged(path, "not a SQLite database, or its header is damaged")
    if code == sqlite3.SQLITE_CORRUPT:
        return _damaged(path, str(error))
    return StoreError(f"{path}: could not {doing} ({error})")


@dataclass
class AddResult:
    added: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


class Store:
    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.db = connection

    @classmethod
    def open(cls, path: str | Path | None = None, create: bool = True) -> "Store":
        """The store at `path`, else at $TIMELINE_DB, else at DEFAULT_DB.

        With create=False (the reading commands) a missing file is an error, not a new empty
        store. A SQLite file that is not a timeline store is refused and left as it is.
        """
        path = _chosen_path(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no such database (python -m timeline ingest makes one)")
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            # mode=rw: a file removed since the check above is not quietly created anew.
            db = sqlite3.connect(f"{path.absolute().as_uri()}?mode={'rwc' if create else 'rw'}", uri=True,
                                 timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except OSError as error:
            raise StoreError(f"{path}: could not open ({error.strerror})") from None
        except sqlite3.DatabaseError as error:
            raise _store_error(path, error, "open") from None
        store = cls(path, db)
        try:
            with store._guard("open"):
                store._prepare(create)
        except BaseException:
            db.close()
            raise
        return store

    def _prepare(self, create: bool) -> None:
        """Check the file is ours, then bring it up to date. A store already up to date is only read,
        so opening one never waits for a writer."""
        version, marked = self._version()
        if not create and version == 0:
            raise StoreError(f"{self.path}: an empty file, not a timeline database yet "
                             "(python -m timeline ingest makes one)")
        if (version, marked) != (len(MIGRATIONS), True):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                version, _ = self._version()  # asked again under the lock: another process may have done it
                _migrate(self.db, version)
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA foreign_keys = ON")

    def _version(self) -> tuple[int, bool]:
        """How many MIGRATIONS the file has had, and whether it is marked as ours. A file that is not
        a timeline store is refused."""
        owner = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        shape = _shape(self.db)
        if owner == APPLICATION_ID:
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path}: made by a newer version of timeline (schema {version}, this one "
                                 f"knows {len(MIGRATIONS)}); update this copy, or use another file (--db, or TIMELINE_DB)")
            if shape != _shapes()[version]:
                raise _damaged(self.path, "its tables are not the ones a timeline store has")
            return version, True
        if owner == 0 and shape in _shapes():
            return _shapes().index(shape), False  # an empty file, or a store made before stores were marked
        tables = ", ".join(sorted(table for table, *_ in shape)) or "none"
        raise StoreError(f"{self.path}: a SQLite database of another program (tables: {tables}), left as it "
                         "is. Use another file (--db, or TIMELINE_DB).")

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise _store_error(self.path, error, doing) from None

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ writing

    def add_articles(self, articles: Iterable[Article], extract: Callable[[Article], list[Event]] | None = None,
                     progress: Callable[[int], None] | None = None) -> AddResult:
        """Extract and store articles not stored yet; each with its events in one transaction.
        An article whose extraction fails is named in `problems` and not stored; the rest are."""
        if extract is None:
            from .pipeline import extract_article as extract
        result = AddResult()
        for count, article in enumerate(articles, start=1):
            key = content_hash(article)
            if self._has(key):
                result.skipped += 1
            else:
                events = isolate(article.doc_id, "extracting events", extract, article)
                if isinstance(events, IngestError):
                    result.problems.append(str(events))
                elif self._insert(key, article, events):
                    result.added += 1
                else:
                    result.skipped += 1
            if progress is not None:
                progress(count)
        return result

    def add_uploads(self, files: list[tuple[str, bytes]], default_published: date | None = None,
                    progress: Callable[[int, int], None] | None = None) -> AddResult:
        """The page's "Add articles": uploaded (name, bytes) files read, extracted and stored.

        Every file that cannot be read or extracted is named in `problems` with the reason, and
        the others still go in. `progress` gets (articles done, articles to extract).
        """
        from .ingest import articles_from_uploads
        articles, problems = articles_from_uploads(files, default_published)

        def step(done: int) -> None:
            if progress is not None:
                progress(done, len(articles))
        result = self.add_articles(articles, progress=step)
        result.problems[:0] = problems
        return result

    def _has(self, key: str) -> bool:
        with self._guard("read"):
            return self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (key,)).fetchone() is not None

    def _insert(self, key: str, article: Article, events: list[Event]) -> bool:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            if self._has(key):  # another process stored it while we extracted
                self.db.execute("ROLLBACK")
                return False
            doc_id = self._free_doc_id(article.doc_id)
            self.db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, doc_id, article.published.isoformat() if article.published else None,
                 article.published_basis, article.outlet, article.url, article.title, article.text, _now()))
            self.db.executemany("INSERT INTO article_events VALUES (?, ?)",
                                [(key, json.dumps(event_to_dict(_renamed(e, article.doc_id, doc_id))))
                                 for e in events])
            self.db.execute("COMMIT")
            return True
        except sqlite3.DatabaseError as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise _store_error(self.path, error, f"store {article.doc_id}") from None

    def _free_doc_id(self, doc_id: str) -> str:
        """Two different articles with one file name both stay: the second gets a suffix."""
        candidate, n = doc_id, 1
        while self.db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{doc_id}-{n}"
        return candidate

    def ensure_seeds(self, seeds_dir: Path | None = None) -> AddResult | None:
        """Load the embedded seeds corpus the first time the store is opened."""
        with self._guard("read"):
            if self.db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone():
                return None
        from .ingest import read_corpus
        from .pipeline import SEEDS_DIR
        articles, problems = read_corpus(seeds_dir or SEEDS_DIR)
        result = self.add_articles(articles)
        result.problems.extend(problems)
        with self._guard("write"):
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('seeded', ?)", (_now(),))
        return result

    # ------------------------------------------------------------------ reading

    def version(self) -> int:
        """Changes whenever articles are added: a cache key for the page."""
        with self._guard("read"):
            return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count(self) -> int:
        return self.version()

    def article_events(self) -> list[Event]:
        with self._guard("read"):
            return [self._decoded(f"event row {rowid}", _event_from_json, text)
                    for rowid, text in self.db.execute("SELECT rowid, event FROM article_events")]

    def events(self) -> list[Event]:
        """The timeline: every stored article's events, merged across articles."""
        return merge_events(self.article_events())

    def articles(self) -> list[Article]:
        with self._guard("read"):
            return [self._decoded(f"article {row[0]!r}", _article_from_row, row) for row in self.db.execute(
                "SELECT doc_id, text, published, published_basis, outlet, url, title FROM articles "
                "ORDER BY published, doc_id")]

    def _decoded(self, what: str, decode: Callable, row):
        """A stored row as a record; a row this code could not have written means the file is damaged."""
        try:
            return decode(row)
        except (ValueError, KeyError, TypeError) as error:  # json's JSONDecodeError is a ValueError
            raise _damaged(self.path, f"{what} cannot be read: {type(error).__name__}: {error}") from None


def _event_from_json(text: str) -> Event:
    data = json.loads(text)
    if not isinstance(data, dict):  # valid JSON, but not the object this code writes
        raise TypeError(f"a JSON {type(data).__name__}, not an event")
    return event_from_dict(data)


def _article_from_row(row: tuple) -> Article:
    doc_id, text, published, basis, outlet, url, title = row
    return Article(doc_id, text, date.fromisoformat(published) if published else None, basis, outlet, url, title)


def _renamed(event: Event, old: str, new: str) -> Event:
    if old == new:
        return event
    return replace(event, sources=tuple(replace(s, doc_id=new) if s.doc_id == old else s for s in event.sources))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
