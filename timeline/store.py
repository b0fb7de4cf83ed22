"""The SQLite store behind the page and `python -m timeline ingest/export`.

Articles are keyed by a hash of their content, so adding the same article twice adds nothing
and costs no extraction. Each article goes in with its events in one transaction: an ingest
killed half-way leaves every article either complete or absent. WAL mode and a busy timeout
let several processes write at once. The timeline is the merge of every stored article's
events, so an article added later that reports a stored event joins it.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from .errors import IngestError, StoreError, isolate
from .export import event_from_dict, event_to_dict
from .merge import merge_events
from .records import Article, Event

DEFAULT_DB = Path.home() / ".local" / "share" / "timeline" / "timeline.sqlite"
BUSY_TIMEOUT_MS = 30_000


def default_db_path() -> Path:
    return Path(os.environ.get("TIMELINE_DB") or DEFAULT_DB).expanduser()


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


# Small named steps, applied in order once each and recorded in `migrations`.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("create_tables", _create_tables),
    ("add_meta", _add_meta),
]


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
    def open(cls, path: str | Path | None = None) -> "Store":
        path = Path(path).expanduser() if path else default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            store = cls(path, db)
            store._migrate()
            return store
        except (sqlite3.DatabaseError, OSError) as error:
            raise StoreError(
                f"{path}: cannot be used as the timeline database ({error}). Move the file away "
                "to start afresh, or set TIMELINE_DB to another path.") from None

    def _migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
            for name, step in MIGRATIONS:
                if name not in done:
                    step(self.db)
                    self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

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
            raise StoreError(f"{self.path}: could not store {article.doc_id} ({error})") from None

    def _free_doc_id(self, doc_id: str) -> str:
        """Two different articles with one file name both stay: the second gets a suffix."""
        candidate, n = doc_id, 1
        while self.db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{doc_id}-{n}"
        return candidate

    def ensure_seeds(self, seeds_dir: Path | None = None) -> AddResult | None:
        """Load the embedded seeds corpus the first time the store is opened."""
        if self.db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone():
            return None
        from .ingest import read_corpus
        from .pipeline import SEEDS_DIR
        articles, problems = read_corpus(seeds_dir or SEEDS_DIR)
        result = self.add_articles(articles)
        result.problems.extend(problems)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('seeded', ?)", (_now(),))
        return result

    # ------------------------------------------------------------------ reading

    def version(self) -> int:
        """Changes whenever articles are added: a cache key for the page."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count(self) -> int:
        return self.version()

    def article_events(self) -> list[Event]:
        return [event_from_dict(json.loads(row[0])) for row in self.db.execute("SELECT event FROM article_events")]

    def events(self) -> list[Event]:
        """The timeline: every stored article's events, merged across articles."""
        return merge_events(self.article_events())

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT doc_id, text, published, published_basis, outlet, url, title "
                               "FROM articles ORDER BY published, doc_id")
        return [Article(doc_id, text, date.fromisoformat(published) if published else None, basis,
                        outlet, url, title) for doc_id, text, published, basis, outlet, url, title in rows]


def _renamed(event: Event, old: str, new: str) -> Event:
    if old == new:
        return event
    return replace(event, sources=tuple(replace(s, doc_id=new) if s.doc_id == old else s for s in event.sources))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
