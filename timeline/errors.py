"""Errors reported in words, not tracebacks, as one tree so callers catch at the level they need:

    TimelineError
    ├── IngestError          a file that cannot be read or extracted: it is named, the rest go on
    │   └── Notice           a loss that costs no file, e.g. bytes that are not text: the file is read
    │       └── ManifestError  a manifest row that cannot be used: its file is still read
    └── StoreError           a database that cannot be opened or written, or is not ours
        ├── StoreBusyError     another process holds it longer than the busy timeout: try again
        └── StoreDamagedError  its pages or rows cannot be read: move it away

`isolate` runs one file's step and turns any failure into an IngestError, so one file never
stops a batch.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class TimelineError(Exception):
    """Base of every error the command line and the page report in words, not tracebacks."""


class IngestError(TimelineError):
    pass


class Notice(IngestError):
    pass


class ManifestError(Notice):
    pass


class StoreError(TimelineError):
    pass


class StoreBusyError(StoreError):
    pass


class StoreDamagedError(StoreError):
    pass


def isolate(name: str, stage: str, step: Callable[..., T], *args: Any) -> T | IngestError:
    """`step(*args)` for the file `name`, or the IngestError that says why it failed.

    An exception the code did not expect (a library missing a module, a parser's bug) is ours,
    not the user's, and the message says so. Only Exception is caught: Ctrl-C still stops all.
    """
    try:
        return step(*args)
    except IngestError as error:
        return error
    except Exception as error:
        reason = " ".join(str(error).split())  # one line, even from multi-line library messages
        detail = f"{type(error).__name__}: {reason}" if reason else type(error).__name__
        return IngestError(f"{name}: internal error while {stage} ({detail}) - please report it")


def warn(problem: IngestError) -> None:
    """The `on_problem` of a library caller who names none: a Python warning, never silence."""
    warnings.warn(str(problem), stacklevel=2)
