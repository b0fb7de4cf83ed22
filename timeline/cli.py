"""python -m timeline: extract, ingest, export, articles, remove (and bench) without a browser.

Every command validates its arguments, calls one library function and turns a TimelineError
into a one-line message with exit code 2: a user never sees a traceback for their own mistake.
A file that cannot be read does not stop a batch: it is named in a warning, the rest is
processed, and exit code 1 says that the result lacks it. Output is written whole or not at all.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import uuid
from contextlib import closing
from pathlib import Path
from typing import Callable, Sequence

from .errors import IngestError, ManifestError, Notice, TimelineError
from .records import EVENT_TYPES, STATUSES

# Inputs with more files than this get a progress bar on stderr.
PROGRESS_MIN_FILES = 20
EXAMPLES = {
    "extract": "example: python -m timeline extract seeds --out events.csv",
    "ingest": "example: python -m timeline ingest ~/articles --db timeline.sqlite\n"
              "         python -m timeline ingest https://example.com/news/talks.html --feed https://example.com/rss",
    "export": "example: python -m timeline export --actor 'Wang Yi' --year 2024 --format json",
    "articles": "example: python -m timeline articles --db timeline.sqlite",
    "remove": "example: python -m timeline remove 001_9abf8dd859d27d16 --db timeline.sqlite",
}
# Also in the README's "Command line" section.
EXIT_CODES = """exit codes:
  0  done
  1  done, but some files (or links) could not be read (or, for remove, some ids named no
     article): each is named in a warning, the others processed
  2  not done: a mistake in the arguments or the input, a store that cannot be used, or output
     that cannot be written (a one-line message says which)
  130  stopped by Ctrl-C
  141  the reader of standard output went away (a closed pipe: | head), as for other tools"""
# A shell reports 128 + the signal's number for a tool that a signal stopped.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_READER_GONE = 128 + signal.SIGPIPE


class UsageError(TimelineError):
    pass


class ReaderGone(Exception):
    """Whoever read our standard output stopped reading (`| head -1`): stop quietly, as Unix tools do."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        command = " ".join(["python -m timeline", *self.prog.split()[1:]])
        raise UsageError(f"{message} (see: {command} --help)")


class Progress:
    """A one-line progress bar on stderr, drawn only where a person is watching."""

    def __init__(self, total: int, label: str, force: bool = False):
        self.total, self.label = total, label
        self.enabled = force or (total > PROGRESS_MIN_FILES and sys.stderr.isatty())

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total) if self.total else width
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


class Problems:
    """An `on_problem` that prints each problem as a warning and counts the files lost (a Notice,
    such as a manifest row that cannot be used, loses none: its file is still read)."""

    def __init__(self, files: int, noun: str = "file"):
        self.files, self.reported, self.failed = files, 0, 0
        self.noun = noun  # what the batch is made of: files, or links

    def __call__(self, problem: IngestError) -> None:
        _warn(str(problem))
        self.reported += 1
        if not isinstance(problem, Notice):
            self.failed += 1

    def finish(self) -> int:
        """The exit code, after a closing line on stderr if files were lost."""
        if not self.failed:
            return 0
        files = self.noun if self.files == 1 else f"{self.noun}s"
        print(f"timeline: {self.failed} of {self.files} {files} could not be read (see the warnings above)",
              file=sys.stderr)
        return 1


def _count_files(path: Path) -> int:
    """The files a batch is made of, those left out (a link out of the folder, an unreadable
    subfolder) included; IngestError for a path that is no corpus at all (a pipe, the manifest)."""
    from .ingest import article_files
    files, left_out = article_files(path)
    return len(files) + len(left_out)


def _existing(path: str) -> Path:
    result = Path(path)
    if not result.exists():
        raise UsageError(f"{path}: no such file or folder")
    return result


def _write(text: str, out: str | None) -> None:
    data = text.encode("utf-8")
    if out is None:
        _write_stdout(data)
    else:
        _write_file(data, out)


def _write_stdout(data: bytes) -> None:
    if sys.stdout is None:  # started with standard output closed (>&-)
        raise UsageError("standard output is closed: give --out FILE")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)  # UTF-8 whatever the terminal's locale, as in a file
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
        raise ReaderGone from None
    except OSError as error:
        _drop_stdout()
        raise UsageError(f"cannot write to standard output ({error.strerror})") from None


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit has nothing left to
    fail on (it would print a traceback of its own)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _write_file(data: bytes, out: str) -> None:
    """All of `data` in `out`, or `out` as it was: written beside it and renamed over it once
    complete, so a full disk never leaves a truncated file in place of a good one. A device or a
    pipe (/dev/stdout) is written directly: there is no previous file to keep."""
    try:
        if os.path.exists(out) and not os.path.isfile(out):
            Path(out).write_bytes(data)
            return
    except OSError as error:
        raise UsageError(f"{out}: cannot write ({error.strerror})") from None
    target = Path(os.path.realpath(out))  # a symlink's target is replaced, not the link
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with temporary.open("xb") as file:  # "x": a new file, with the permissions the umask gives
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"{out}: cannot write ({error.strerror}); any previous file is left as it was") from None


def _render(events, fmt: str) -> str:
    from .export import to_csv, to_json
    return to_json(events) if fmt == "json" else to_csv(events)


def cmd_extract(args) -> int:
    from .pipeline import extract_path
    path = _existing(args.path)
    files = _count_files(path)
    problems = Problems(files)
    if args.engine == "dask":
        from .distributed import extract_path_dask
        events = extract_path_dask(path, on_problem=problems, scheduler=args.scheduler)
    else:
        events = extract_path(path, on_problem=problems, progress=Progress(files, "extracting", args.progress))
    _write(_render(events, args.format), args.out)
    undated = sum(1 for e in events if e.window is None)
    print(f"{len(events)} events ({undated} undated)", file=sys.stderr)
    return problems.finish()


def cmd_ingest(args) -> int:
    from .ingest import MANIFEST_NAME, iter_corpus
    from .store import Store
    if args.feed or any(_is_link(source) for source in args.path):
        return cmd_ingest_links(args)
    if len(args.path) != 1:
        raise UsageError("give one file or folder, or one or more links (http:// or https://), or --feed URL")
    path = _existing(args.path[0])
    if path.is_file() and path.name.lower() == MANIFEST_NAME:
        return cmd_ingest_manifest(path, args)
    files = _count_files(path)
    store = Store.open(args.db)
    problems = Problems(files)

    def articles():
        for item in iter_corpus(path):
            if isinstance(item, IngestError):
                problems(item)
            else:
                yield item
    result = store.add_articles(articles(), progress=Progress(files, "ingesting", args.progress))
    for problem in result.problems:  # articles whose extraction failed
        problems(IngestError(problem))
    print(f"{result.summary()}; {problems.reported} problems ({store.path})", file=sys.stderr)
    return problems.finish()


def cmd_ingest_manifest(path: Path, args) -> int:
    """ingest manifest.csv: its rows give the stored articles they name their dates, outlets, URLs and
    titles, and their events are extracted again. Only a store that exists holds articles to name."""
    from .ingest import file_label, read_manifest
    from .store import Store
    rows, notices = read_manifest(path)
    if not rows:
        for notice in notices:
            _warn(notice)
        raise UsageError(f"{file_label(str(path))}: no row to use; nothing done")
    with closing(Store.open(args.db, create=False)) as store:
        problems = Problems(len(rows), noun="manifest row")
        for notice in notices:  # a row whose date cannot be used is still used for the rest
            problems(ManifestError(notice))
        result = store.add_manifest_rows(rows, progress=_sized_later("updating", args.progress))
    for problem in result.problems:  # rows that name no stored article, articles whose extraction failed
        problems(IngestError(problem))
    if not (result.updated or result.present):
        raise UsageError("nothing updated (see the warnings above)")
    print(f"{result.summary()}; {problems.reported} problems ({store.path})", file=sys.stderr)
    return problems.finish()


def _sized_later(label: str, force: bool) -> Callable[[int, int], None]:
    """A progress callback taking (done, total) for work whose size is known only once it starts
    (the pages of a feed, the articles a manifest names)."""
    bar: list[Progress] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(Progress(total, label, force))
        bar[0](done)
    return progress


def _is_link(source: str) -> bool:
    return "://" in source  # whatever its scheme: fetch says which ones it takes


def cmd_ingest_links(args) -> int:
    """ingest URL... / --feed URL: each page not stored yet fetched, read and stored as it comes."""
    from .fetch import FetchPolicy, ingest_links
    from .store import Store
    paths = [source for source in args.path if not _is_link(source)]
    if paths:
        raise UsageError(f"{paths[0]}: not a link; give files and folders and links in separate commands")
    policy = FetchPolicy.from_env()
    store = Store.open(args.db)
    result = ingest_links(store, args.path, args.feed, policy, args.refetch, _sized_later("fetching", args.progress))
    problems = Problems(result.tried, noun="link")  # a feed is a link that can fail too
    for problem in result.problems:
        problems(problem)
    for note in result.notes("--refetch fetches again"):
        print(note, file=sys.stderr)
    print(f"{result.stored.summary()}; {problems.reported} problems ({store.path})", file=sys.stderr)
    return problems.finish()


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        parts = [int(p) for p in text.split("-", 1)]
    except ValueError:
        raise UsageError(f"'{text}' is not a year or a range of years (2024 or 2023-2025)") from None
    return (min(parts), max(parts))


def cmd_export(args) -> int:
    from .filters import Filters, apply_filters, events_frame
    from .store import Store
    filters = Filters(tuple(args.actor), tuple(args.country), _years(args.year), tuple(args.type),
                      tuple(args.status), args.search or "")
    with closing(Store.open(args.db, create=False)) as store:
        events = store.events()
    shown = set(apply_filters(events_frame(events), filters)["event_id"])
    _write(_render([e for e in events if e.event_id in shown], args.format), args.out)
    print(f"{len(shown)} of {len(events)} events", file=sys.stderr)
    return 0


def cmd_articles(args) -> int:
    from .store import Store
    with closing(Store.open(args.db, create=False)) as store:
        rows = store.article_rows()
    table = [("id", "date", "outlet", "title", "events")] + [
        (row.doc_id, str(row.published or ""), row.outlet, row.title, str(row.events)) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    _write("".join("  ".join([*(cell.ljust(width) for cell, width in zip(line, widths)), line[4]]) + "\n"
                   for line in table), None)
    print(f"{len(rows)} articles, {sum(row.events for row in rows)} events", file=sys.stderr)
    return 0


def cmd_remove(args) -> int:
    from .store import Store
    with closing(Store.open(args.db, create=False)) as store:
        result = store.remove(args.ids)
    for doc_id in result.unknown:
        _warn(f"{doc_id}: no such article (python -m timeline articles lists them)")
    if not result.removed:
        raise UsageError(f"nothing removed: no article has the id{'s' if len(result.unknown) > 1 else ''} given")
    print(f"{result.summary()} ({store.path})", file=sys.stderr)
    return 1 if result.unknown else 0


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _db(text: str) -> str:
    """--db: a file; an empty one would quietly mean the default store."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path is not a database: name a file, or leave --db out for the "
                                         "default")
    return text


def _text(text: str) -> str:
    """A filter's words. Bytes that are not UTF-8 (a terminal in another encoding) reach Python as
    lone surrogates, which no stored text holds and which pyarrow refuses with a traceback."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise argparse.ArgumentTypeError(f"'{shown}' is not UTF-8 text: set the terminal to UTF-8") from None
    return text


def positive_int(text: str) -> int:
    """A count (of articles, workers, events): a whole number of 1 or more."""
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return number


def positive_ints(text: str) -> list[int]:
    """A comma-separated list of positive whole numbers: 1000,10000."""
    try:
        return [positive_int(part) for part in text.split(",")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of whole numbers of 1 or more, "
                                         "e.g. 1000,10000") from None


def _stop(signum, frame) -> None:
    """Ctrl-C: one short line. Libraries winding down (Dask's client and cluster) would log
    tracebacks of the work cut short, which say nothing to the person who stopped it, and a
    second Ctrl-C would cut the winding down short: both are silenced while the process ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.disable(logging.CRITICAL)
    raise KeyboardInterrupt


STORE_MUST_EXIST = "the SQLite store, which must exist (default: $TIMELINE_DB or ~/.local/share/timeline/timeline.sqlite)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="timeline", description="A sourced timeline of diplomatic events from news articles.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    extract = commands.add_parser("extract", help="extract events from a file or folder of articles",
                                  epilog=f"{EXAMPLES['extract']}\n\n{EXIT_CODES}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("path", help="a .txt/.md/.html file or a folder (with an optional manifest.csv)")
    extract.add_argument("--out", help="write here instead of standard output")
    extract.add_argument("--format", choices=("csv", "json"), default="csv")
    extract.add_argument("--progress", action="store_true", help="always show the progress bar")
    extract.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="dask: run on a Dask cluster (see README)")
    extract.add_argument("--scheduler", default=None,
                         help="with --engine dask: a scheduler address (default: a local cluster)")
    extract.set_defaults(run=cmd_extract)

    ingest = commands.add_parser("ingest", help="add a file or folder of articles to the store",
                                 epilog=f"{EXAMPLES['ingest']}\n\n{EXIT_CODES}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ingest.add_argument("path", nargs="*", metavar="PATH_OR_URL",
                        help="a .txt/.md/.html file or a folder (with an optional manifest.csv), a manifest.csv "
                             "alone (updates the stored articles its rows name), or one or more http(s) links to "
                             "articles")
    ingest.add_argument("--feed", action="append", default=[], metavar="URL",
                        help="an RSS or Atom feed: its items not stored yet are fetched (repeatable)")
    ingest.add_argument("--refetch", action="store_true",
                        help="fetch links that are stored already (a changed page is stored as a new article)")
    ingest.add_argument("--db", type=_db,
                        help="the SQLite store, made if missing (default: $TIMELINE_DB or "
                             "~/.local/share/timeline/timeline.sqlite)")
    ingest.add_argument("--progress", action="store_true", help="always show the progress bar")
    ingest.set_defaults(run=cmd_ingest)

    export = commands.add_parser("export", help="write the store's timeline, filtered like the page",
                                 epilog=EXAMPLES["export"])
    export.add_argument("--db", type=_db, help=STORE_MUST_EXIST)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", help="write here instead of standard output")
    export.add_argument("--actor", action="append", default=[], type=_text, help="a person's canonical name (repeatable)")
    export.add_argument("--country", action="append", default=[], type=_text, help="an ISO3 code (repeatable)")
    export.add_argument("--year", help="a year or a range: 2024, 2023-2025")
    export.add_argument("--type", action="append", default=[], choices=EVENT_TYPES)
    export.add_argument("--status", action="append", default=[], choices=STATUSES)
    export.add_argument("--search", type=_text, help="text to find in titles and snippets")
    export.set_defaults(run=cmd_export)

    articles = commands.add_parser("articles", help="list the store's articles: id, date, outlet, title, events",
                                   epilog=EXAMPLES["articles"])
    articles.add_argument("--db", type=_db, help=STORE_MUST_EXIST)
    articles.set_defaults(run=cmd_articles)

    remove = commands.add_parser("remove", help="remove articles from the store, with their events",
                                 epilog=f"{EXAMPLES['remove']}\n\n{EXIT_CODES}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    remove.add_argument("ids", nargs="+", metavar="ID", help="an article's id, as `articles` lists it")
    remove.add_argument("--db", type=_db, help=STORE_MUST_EXIST)
    remove.set_defaults(run=cmd_remove)

    commands.add_parser("bench", help="measure speed and memory: python -m timeline bench --help")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    previous_handler = signal.signal(signal.SIGINT, _stop)
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if signal.getsignal(signal.SIGINT) is _stop:  # after a Ctrl-C, _stop left it ignored: the process ends
            signal.signal(signal.SIGINT, previous_handler)


def _run(argv: list[str]) -> int:
    try:
        if argv[:1] == ["bench"]:  # the benchmark parses its own options
            from .bench import main as bench_main
            return bench_main(argv[1:])
        parser = build_parser()
        args = parser.parse_args(argv)
        return args.run(args)
    except TimelineError as error:
        print(f"timeline: error: {error}", file=sys.stderr)
        return 2
    except ReaderGone:
        return EXIT_READER_GONE

