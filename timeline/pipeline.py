"""The stages in order, for one article and for a corpus.

    Article -> sentences -> actors, places (actors.py) -> reading (reading.py) -> rules (rules.py) -> merge (merge.py)

`extract_article` is a pure function of the article, so it can run in any process (or on a
Dask cluster); merging across articles is the one step that needs them all.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .actors import is_title_case, recognise, resolve_short_names
from .errors import IngestError, isolate, warn
from .ingest import iter_corpus
from .knowledge import knowledge
from .lexicon import lexicon
from .merge import merge_events
from .reading import read
from .records import Article, Event, Source
from .rules import Context, Draft, date_by_default, sentence_events
from .sentences import split_sentences

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def _is_complete(event: Event) -> bool:
    """What a reader would accept as an event: someone, and for a meeting or call, two sides."""
    parties = len(set(event.actors)) + len(set(event.countries))
    if event.type == "visit":
        return bool(event.location) and bool(event.actors or len(event.countries) > 1)  # someone travels
    if event.type in ("meeting", "call"):
        return len(set(event.actors)) >= 2 or len(set(event.countries)) >= 2
    return parties >= 1 and bool(event.actors or event.location)


def _event(draft: Draft, article: Article, sentence: str) -> Event:
    source = Source(article.doc_id, sentence, article.outlet, article.published, article.url, article.title)
    window = draft.window
    if window is not None and article.published is not None and "@" in window.basis:
        # Say where the anchor of a relative date came from: the manifest or the text itself.
        window = replace(window, basis=f"{window.basis} (published: {article.published_basis})")
    return Event(type=draft.type, cameo=draft.cameo, status=draft.status, window=window,
                 actors=draft.actors, countries=draft.countries, location=draft.location,
                 sources=(source,), confidence=_confidence(draft), trigger=draft.trigger.text,
                 mentions=draft.words, status_basis=draft.status_basis, evidence=draft.evidence)


def _confidence(draft: Draft) -> float:
    window = draft.window
    score = 0.5 + (0.2 if draft.actors else 0.0) + (0.1 if len(draft.countries) > 1 else 0.0)
    return round(min(1.0, score + (0.2 if window is not None and window.exact else 0.1 if window else 0.0)), 2)


def _people(found) -> frozenset[str]:
    return frozenset(m.value for mentions in found for m in mentions if m.kind == "person")


def extract_article(article: Article) -> list[Event]:
    """The events one article reports, merged within the article."""
    kb = knowledge()
    day = article.published
    sentences = split_sentences(article.text)
    found = [recognise(s.text, kb, day) for s in sentences]
    # Twice: "President Modi" (a title and a surname) introduces him for a bare "Modi" later.
    named = _people(found)
    for _ in range(2):
        found = [resolve_short_names(s.text, mentions, named, kb, day) for s, mentions in zip(sentences, found)]
        if _people(found) == named:
            break
        named = _people(found)
    context = Context(published=day, named=named)
    words = lexicon()
    events = []
    for sentence, mentions in zip(sentences, found):
        if is_title_case(sentence.text):
            continue  # a headline repeats the story in capitals: its events come from the body
        drafts, context = sentence_events(read(sentence.text, mentions, words), context)
        events += [_event(draft, article, sentence.text) for draft in drafts]
    merged = merge_events(events, allow_undated=True)
    return [date_by_default(e, day) for e in merged if _is_complete(e)]


def extract_all(articles: Iterable[Article], progress: Callable[[int], None] | None = None,
                on_problem: Callable[[IngestError], None] | None = None) -> list[Event]:
    """Every event of a corpus, merged across articles.

    An article whose extraction fails is left out and reported to `on_problem` (by default as a
    Python warning), so one article never costs the others their events.
    """
    report = on_problem or warn
    events = []
    for count, article in enumerate(articles, start=1):
        found = isolate(article.doc_id, "extracting events", extract_article, article)
        if isinstance(found, IngestError):
            report(found)
        else:
            events.extend(found)
        if progress is not None:
            progress(count)
    return merge_events(events)


def extract_path(path: str | Path, on_problem: Callable[[IngestError], None] | None = None,
                 progress: Callable[[int], None] | None = None) -> list[Event]:
    """Read a file or folder and extract its timeline.

    Every file that cannot be read or extracted is left out and reported to `on_problem` (by
    default as a Python warning), as is every manifest row that cannot be used (a ManifestError).
    """
    report = on_problem or warn

    def articles() -> Iterator[Article]:
        for item in iter_corpus(path):
            if isinstance(item, IngestError):
                report(item)
            else:
                yield item
    return extract_all(articles(), progress, report)
