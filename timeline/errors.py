"""Errors a user can cause, as one tree so callers catch at the level they need:

    TimelineError
    ├── IngestError      a file or manifest row that cannot be read as an article
    └── StoreError       a database that cannot be opened or written
"""


class TimelineError(Exception):
    """Base of every error the command line and the page report in words, not tracebacks."""


class IngestError(TimelineError):
    pass


class StoreError(TimelineError):
    pass
