"""The SQLite store behind the page and `python -m timeline ingest/export/articles/remove`.

An article is its text: articles are keyed by a hash of the text alone, so adding the same
article twice adds nothing and costs no extraction, and adding it again with something new (a
date, an outlet, a URL, a title) updates the stored article and re-extracts its events rather
than storing a copy. Each article goes in (or is updated, or removed) with its events in one
transaction: an ingest killed half-way leaves every article either complete or absent. WAL mode and a busy timeout
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


def db_chosen_by_user() -> bool:
    """Whether $TIMELINE_DB names the store: a store someone chose never receives the seeds unasked."""
    return bool(os.environ.get("TIMELINE_DB"))


def _chosen_path(path: str | Path | None) -> Path:
    if path is None:
        return default_db_path()
    if not str(path).strip():
        raise StoreError("an empty path is not a database: name a file, or leave the path out for the default")
    return Path(path).expanduser()


def content_hash(article: Article) -> str:
    """Same text, same article, whatever the file was called and whatever came with it."""
    return _text_hash(article.text)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _date_trust(article: Article) -> int:
    """How far a publication date is to be trusted: none, read from the text, or given by a person
    (a manifest row, the page's date field)."""
    if article.published is None:
        return 0
    return 1 if article.published_basis.startswith("text:") else 2


def updated_article(stored: Article, new: Article) -> Article | None:
    """The stored article (its id kept) with what `new`, the same text added again, brings to it, or
    None when it brings nothing. A date replaces one trusted as much or less (a date given again is a correction),
    never a better one; an outlet, URL or title given replaces the stored one; nothing is erased."""
    changes = {}
    if _date_trust(new) > _date_trust(stored) or \
            (_date_trust(new) == _date_trust(stored) > 0 and new.published != stored.published):
        changes.update(published=new.published, published_basis=new.published_basis)
    for name in ("outlet", "url", "title"):
        if getattr(new, name) and getattr(new, name) != getattr(stored, name):
            changes[name] = getattr(new, name)
    return replace(stored, text=new.text, **changes) if changes else None


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


def _key_articles_by_text(db: sqlite3.Connection) -> None:
    """Articles were keyed by text and date, so dating an article stored a second copy. Keyed by the
    text now; of the copies of one text the one with the best date stays (then the latest added)."""
    rows = db.execute("SELECT content_hash, text, published, published_basis, added_at FROM articles").fetchall()
    copies: dict[str, list[tuple]] = {}
    for old, text, published, basis, added_at in rows:
        trust = _date_trust(Article("", text, date.min if published else None, basis))
        copies.setdefault(_text_hash(text), []).append((trust, added_at, old))
    for new, versions in copies.items():
        *dropped, (_, _, kept) = sorted(versions)
        for _, _, old in dropped:
            db.execute("DELETE FROM article_events WHERE content_hash = ?", (old,))
            db.execute("DELETE FROM articles WHERE content_hash = ?", (old,))
        db.execute("UPDATE article_events SET content_hash = ? WHERE content_hash = ?", (new, kept))
        db.execute("UPDATE articles SET content_hash = ? WHERE content_hash = ?", (new, kept))


def _name_articles(db: sqlite3.Connection) -> None:
    """Articles keep the name of the file they were added as, by which a manifest added later finds
    them. Those stored before have none (''): `articles_named` finds them by their id instead."""
    db.execute("ALTER TABLE articles ADD COLUMN name TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX articles_name ON articles(name)")


# Small named steps, applied in order once each, recorded in `migrations`, counted in `user_version`.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("create_tables", _create_tables),
    ("add_meta", _add_meta),
    ("key_articles_by_text", _key_articles_by_text),
    ("name_articles", _name_articles),
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
    """What adding articles did: new ones, stored ones that something new came with (`updated`),
    stored ones that came with nothing new (`present`), and the events of all of them."""
    added: int = 0
    updated: int = 0
    present: int = 0
    events: int = 0
    undated: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.present} already present: "
                f"{self.events} events, {self.undated} undated")


@dataclass(frozen=True)
class ArticleRow:
    """A stored article as the article lists show it."""
    doc_id: str
    published: date | None
    outlet: str
    title: str
    events: int


@dataclass(frozen=True)
class RemoveResult:
    removed: tuple[str, ...]
    unknown: tuple[str, ...]
    events: int  # the removed articles' own events

    def summary(self) -> str:
        return f"{len(self.removed)} removed with their {self.events} events"


class Store:
    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.db = connection

    @classmethod
    def open(cls, path: str | Path | None = None, create: bool = True, seed_if_new: bool = False) -> "Store":
        """The store at `path`, else at $TIMELINE_DB, else at DEFAULT_DB.

        With create=False (the reading commands) a missing file is an error, not a new empty
        store. A SQLite file that is not a timeline store is refused and left as it is. With
        seed_if_new (the page on its default store) a store this call makes gets the seeds.
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
                store._prepare(create, seed_if_new)
            store._load_due_seeds()
        except BaseException:
            db.close()
            raise
        return store

    def _prepare(self, create: bool, seed_if_new: bool) -> None:
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
                if version == 0 and seed_if_new:  # noted with the tables, so a page stopped mid-way seeds it later
                    self.db.execute("INSERT INTO meta VALUES ('seeds', 'due')")
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
        if owner == 0 and shape in _shapes():  # an empty file, or a store made before stores were marked
            return max(_shapes().index(shape), self._recorded_migrations()), False
        tables = ", ".join(sorted(table for table, *_ in shape)) or "none"
        raise StoreError(f"{self.path}: a SQLite database of another program (tables: {tables}), left as it "
                         "is. Use another file (--db, or TIMELINE_DB).")

    def _recorded_migrations(self) -> int:
        """The MIGRATIONS a store records as applied: a step that changes rows, not tables, leaves no
        other trace."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchone():
            return 0
        names = {name for (name,) in self.db.execute("SELECT name FROM migrations")}
        return next((n for n, (name, _) in enumerate(MIGRATIONS) if name not in names), len(MIGRATIONS))

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
        """Store articles, each with its events in one transaction: a new text is added, a stored
        one is updated when it comes with something new (`updated_article`) and its events
        extracted again, else left as it is without extracting. An article whose extraction fails
        is named in `problems` and not stored (a stored one keeps what it had); the rest are."""
        if extract is None:
            from .pipeline import extract_article as extract
        result = AddResult()
        for count, article in enumerate(articles, start=1):
            self._add(content_hash(article), article, extract, result)
            if progress is not None:
                progress(count)
        return result

    def _add(self, key: str, article: Article, extract: Callable[[Article], list[Event]], result: AddResult) -> None:
        while True:  # again only when another process changed this article while we extracted it
            stored = self._stored(key)
            wanted = article if stored is None else updated_article(stored, article)
            if wanted is None:
                result.present += 1
                events, undated = self._event_counts(key)
                result.events += events
                result.undated += undated
                return
            events = isolate(article.doc_id, "extracting events", extract, wanted)
            if isinstance(events, IngestError):
                result.problems.append(str(events))
                return
            if self._write(key, wanted, events, stored):
                if stored is None:
                    result.added += 1
                else:
                    result.updated += 1
                result.events += len(events)
                result.undated += sum(1 for e in events if e.window is None)
                return

    def add_uploads(self, files: list[tuple[str, bytes]], default_published: date | None = None,
                    progress: Callable[[int, int], None] | None = None) -> AddResult:
        """The page's "Add articles": uploaded (name, bytes) files read, extracted and stored.

        Every file that cannot be read or extracted is named in `problems` with the reason, and
        the others still go in. A `manifest.csv`'s rows that name no file uploaded with it update
        the stored articles of those names (a manifest uploaded alone does only that), and a row
        that names none is a problem too. `progress` gets (articles done, articles to extract).
        """
        from .ingest import articles_from_uploads
        articles, problems = articles_from_uploads(files, default_published, stored=self.articles_named)
        result = self.add_articles(articles, progress=_out_of(progress, len(articles)))
        result.problems[:0] = problems
        return result

    def add_manifest_rows(self, rows: dict, progress: Callable[[int, int], None] | None = None) -> AddResult:
        """A manifest given alone (rows: `ingest.ManifestRow` by file name): each row's stored article
        updated with its date, outlet, URL and title, and its events extracted again; a row that
        names no stored article is named in `problems`. `progress` gets (articles done, articles named)."""
        from .ingest import stored_article_updates
        articles, problems = stored_article_updates(rows, self.articles_named)
        result = self.add_articles(articles, progress=_out_of(progress, len(articles)))
        result.problems[:0] = problems
        return result

    def add_seeds(self, seeds_dir: Path | None = None) -> AddResult:
        """The embedded seeds corpus, asked for (`python -m timeline ingest seeds` does the same)."""
        from .ingest import read_corpus
        from .pipeline import SEEDS_DIR
        articles, problems = read_corpus(seeds_dir or SEEDS_DIR)
        result = self.add_articles(articles)
        result.problems.extend(problems)
        return result

    def _load_due_seeds(self) -> None:
        """The seeds, once, into a store made by `open(seed_if_new=True)`."""
        with self._guard("read"):
            if not self.db.execute("SELECT 1 FROM meta WHERE key = 'seeds' AND value = 'due'").fetchone():
                return
        self.add_seeds()
        with self._guard("write"):
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'seeds'", (f"loaded {_now()}",))

    def remove(self, doc_ids: Iterable[str]) -> RemoveResult:
        """Remove articles by id, with their events (and so their sources from merged events), all in
        one transaction. Ids that name no stored article are returned as `unknown`."""
        removed, unknown, events = [], [], 0
        with self._writing("remove articles"):
            for doc_id in dict.fromkeys(doc_ids):
                row = self.db.execute("SELECT content_hash FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
                if row is None:
                    unknown.append(doc_id)
                    continue
                events += self.db.execute("DELETE FROM article_events WHERE content_hash = ?", row).rowcount
                self.db.execute("DELETE FROM articles WHERE content_hash = ?", row)
                removed.append(doc_id)
        return RemoveResult(tuple(removed), tuple(unknown), events)

    def _stored(self, key: str) -> Article | None:
        """The stored article of this text, without its text (the key says it is the same)."""
        with self._guard("read"):
            row = self.db.execute("SELECT doc_id, '', published, published_basis, outlet, url, title, name "
                                  "FROM articles WHERE content_hash = ?", (key,)).fetchone()
        return None if row is None else self._decoded(f"article {row[0]!r}", _article_from_row, row)

    def _event_counts(self, key: str) -> tuple[int, int]:
        """A stored article's events, and how many of them are undated."""
        with self._guard("read"):
            events, undated = self.db.execute(
                "SELECT count(*), total(coalesce(json_extract(event, '$.start'), '') = '') FROM article_events "
                "WHERE content_hash = ?", (key,)).fetchone()
        return events, int(undated)

    @contextmanager
    def _writing(self, doing: str) -> Iterator[None]:
        """One write transaction, whole or not at all; one that changed rows makes a new `version`."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            changes = self.db.total_changes
            yield
            if self.db.total_changes != changes:
                self.db.execute("INSERT INTO meta VALUES ('version', '1') "
                                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise _store_error(self.path, error, doing) from None
            raise

    def _write(self, key: str, article: Article, events: list[Event], expected: Article | None) -> bool:
        """Store the article (new, or over `expected`) with its events; False, with nothing written, when
        the stored article is no longer `expected` (another process wrote it while we extracted)."""
        published = article.published.isoformat() if article.published else None
        with self._writing(f"store {article.doc_id}"):
            if self._stored(key) != expected:
                return False
            if expected is None:
                doc_id = self._free_doc_id(article.doc_id)
                self.db.execute("INSERT INTO articles (content_hash, doc_id, published, published_basis, outlet, url, "
                                "title, text, added_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                (key, doc_id, published, article.published_basis, article.outlet, article.url,
                                 article.title, article.text, _now(), article.name))
            else:
                doc_id = expected.doc_id
                self.db.execute("UPDATE articles SET published = ?, published_basis = ?, outlet = ?, url = ?, "
                                "title = ? WHERE content_hash = ?",
                                (published, article.published_basis, article.outlet, article.url, article.title, key))
                self.db.execute("DELETE FROM article_events WHERE content_hash = ?", (key,))
            self.db.executemany("INSERT INTO article_events VALUES (?, ?)",
                                [(key, json.dumps(event_to_dict(_renamed(e, article.doc_id, doc_id))))
                                 for e in events])
        return True

    def _free_doc_id(self, doc_id: str) -> str:
        """Two different articles with one file name both stay: the second gets a suffix."""
        candidate, n = doc_id, 1
        while self.db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{doc_id}-{n}"
        return candidate

    # ------------------------------------------------------------------ reading

    def version(self) -> int:
        """Changes whenever articles are added, updated or removed: a cache key for the page."""
        with self._guard("read"):
            row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def count(self) -> int:
        with self._guard("read"):
            return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_rows(self) -> list[ArticleRow]:
        """Every stored article with its number of events, by publication date (undated first), then id."""
        with self._guard("read"):
            rows = self.db.execute(
                "SELECT doc_id, published, outlet, title, (SELECT count(*) FROM article_events e "
                "WHERE e.content_hash = a.content_hash) FROM articles a ORDER BY published, doc_id").fetchall()
        return [self._decoded(f"article {row[0]!r}", _article_row, row) for row in rows]

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
                "SELECT doc_id, text, published, published_basis, outlet, url, title, name FROM articles "
                "ORDER BY published, doc_id")]

    def articles_named(self, names: list[str]) -> dict[str, list[Article]]:
        """The stored articles added as each of these file names (several files of one name, in
        different folders or uploads, are several articles), by name; names no article has are left
        out. An article stored before names were kept is found by its id, which its name gave."""
        from .ingest import article_id
        found = {}
        with self._guard("read"):
            for name in names:
                rows = self.db.execute(
                    "SELECT doc_id, text, published, published_basis, outlet, url, title, name FROM articles "
                    "WHERE name = ? OR (name = '' AND doc_id = ?) ORDER BY doc_id", (name, article_id(name))).fetchall()
                if rows:
                    found[name] = [self._decoded(f"article {row[0]!r}", _article_from_row, row) for row in rows]
        return found

    def _decoded(self, what: str, decode: Callable, row):
        """A stored row as a record; a row this code could not have written means the file is damaged."""
        try:
            return decode(row)
        except (ValueError, KeyError, TypeError) as error:  # json's JSONDecodeError is a ValueError
            raise _damaged(self.path, f"{what} cannot be read: {type(error).__name__}: {error}") from None


def _out_of(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None] | None:
    """A progress callback taking (done, total), as one taking the number done."""
    return None if progress is None else lambda done: progress(done, total)


def _event_from_json(text: str) -> Event:
    data = json.loads(text)
    if not isinstance(data, dict):  # valid JSON, but not the object this code writes
        raise TypeError(f"a JSON {type(data).__name__}, not an event")
    return event_from_dict(data)


def _article_from_row(row: tuple) -> Article:
    doc_id, text, published, basis, outlet, url, title, name = row
    return Article(doc_id, text, date.fromisoformat(published) if published else None, basis, outlet, url, title,
                   name=name)


def _article_row(row: tuple) -> ArticleRow:
    doc_id, published, outlet, title, events = row
    return ArticleRow(doc_id, date.fromisoformat(published) if published else None, outlet, title, events)


def _renamed(event: Event, old: str, new: str) -> Event:
    if old == new:
        return event
    return replace(event, sources=tuple(replace(s, doc_id=new) if s.doc_id == old else s for s in event.sources))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
