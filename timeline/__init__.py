"""A sourced timeline of diplomatic events (visits, meetings, calls, summits) from news articles."""
from .errors import IngestError, ManifestError, StoreError, TimelineError
from .export import to_csv, to_json
from .ingest import article_from_bytes, read_corpus
from .merge import merge_events
from .pipeline import extract_all, extract_article, extract_path
from .records import Article, DateWindow, Event, Mention, Source

__all__ = ["Article", "DateWindow", "Event", "Mention", "Source", "TimelineError", "IngestError",
           "ManifestError", "StoreError", "article_from_bytes", "read_corpus", "extract_article",
           "extract_all", "extract_path", "merge_events", "to_csv", "to_json"]
