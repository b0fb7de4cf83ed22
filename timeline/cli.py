"""python -m timeline: extract, ingest, export (and bench) without a browser.

Every command validates its arguments, calls one library function and turns a TimelineError
into a one-line message with exit code 2: a user never sees a traceback for their own mistake.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from .errors import TimelineError

# Inputs with more files than this get a progress bar on stderr.
PROGRESS_MIN_FILES = 20
EXAMPLES = {
    "extract": "example: python -m timeline extract seeds --out events.csv",
    "ingest": "example: python -m timeline ingest ~/articles --db timeline.sqlite",
    "export": "example: python -m timeline export --actor 'Wang Yi' --year 2024 --format json",
}


class UsageError(TimelineError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        raise UsageError(f"{message} (see: python -m timeline {self.prog.split()[-1]} --help)")


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


def _count_files(path: Path) -> int:
    from .ingest import ARTICLE_SUFFIXES
    if path.is_file():
        return 1
    return sum(1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def _existing(path: str) -> Path:
    result = Path(path)
    if not result.exists():
        raise UsageError(f"{path}: no such file or folder")
    return result


def _write(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"{out}: cannot write ({error.strerror})") from None


def _render(events, fmt: str) -> str:
    from .export import to_csv, to_json
    return to_json(events) if fmt == "json" else to_csv(events)


def cmd_extract(args) -> int:
    from .pipeline import extract_path
    path = _existing(args.path)
    if args.engine == "dask":
        from .distributed import extract_path_dask
        events = extract_path_dask(path, on_problem=_warn, scheduler=args.scheduler)
    else:
        progress = Progress(_count_files(path), "extracting", args.progress)
        events = extract_path(path, on_problem=_warn, progress=progress)
    _write(_render(events, args.format), args.out)
    undated = sum(1 for e in events if e.window is None)
    print(f"{len(events)} events ({undated} undated)", file=sys.stderr)
    return 0


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="timeline", description="A sourced timeline of diplomatic events from news articles.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    extract = commands.add_parser("extract", help="extract events from a file or folder of articles",
                                  epilog=EXAMPLES["extract"])
    extract.add_argument("path", help="a .txt/.md/.html file or a folder (with an optional manifest.csv)")
    extract.add_argument("--out", help="write here instead of standard output")
    extract.add_argument("--format", choices=("csv", "json"), default="csv")
    extract.add_argument("--progress", action="store_true", help="always show the progress bar")
    extract.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="dask: run on a Dask cluster (see README)")
    extract.add_argument("--scheduler", default=None,
                         help="with --engine dask: a scheduler address (default: a local cluster)")
    extract.set_defaults(run=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return args.run(args)
    except TimelineError as error:
        print(f"timeline: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date (YYYY-MM-DD)") from None
