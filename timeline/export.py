"""Events out: the CSV contract, JSON, and the round trip the store relies on.

The CSV columns and their order are a contract read by the dashboard, the scorer and users'
spreadsheets; change them only together with the README.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import date
from typing import Iterable
from urllib.parse import quote

from .records import DateWindow, Event, Source

COLUMNS = ("event_id", "type", "cameo", "status", "start", "end", "precision", "title",
           "actors", "countries", "location", "sources", "snippet", "confidence", "date_basis",
           "status_basis", "evidence", "outlets", "urls")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# One value of a `;`-separated cell: a `;` or `\` inside it is escaped with a `\`.
_LIST_ITEM = re.compile(r"(?:[^;\\]|\\.)+", re.DOTALL)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def event_row(event: Event) -> dict[str, str]:
    """One event as the CSV contract's row of strings."""
    window = event.window
    return {
        "event_id": event.event_id,
        "type": event.type,
        "cameo": event.cameo,
        "status": event.status,
        "start": window.start.isoformat() if window else "",
        "end": window.end.isoformat() if window else "",
        "precision": window.precision if window else "",
        "title": event.title,
        "actors": ";".join(event.actors),
        "countries": ";".join(event.countries),
        "location": event.location,
        "sources": join_list(dict.fromkeys(s.doc_id for s in event.sources)),
        "snippet": event.snippet,
        "confidence": f"{event.confidence:.2f}",
        "date_basis": window.basis if window else _undated_basis(event),
        "status_basis": event.status_basis,
        "evidence": " ".join(event.evidence),
        "outlets": join_list(_outlets(event)),
        "urls": " ".join(_urls(event)),
    }


def join_list(values: Iterable[str]) -> str:
    """Values as one `;`-separated cell that `split_list` gives back, whatever they hold: an
    article's id is its file's name, which may have a `;` in it."""
    return ";".join(value.replace("\\", "\\\\").replace(";", "\\;") for value in values)


def split_list(cell: str) -> list[str]:
    return [_ESCAPED.sub(r"\1", item) for item in _LIST_ITEM.findall(cell)]


def _outlets(event: Event) -> list[str]:
    return list(dict.fromkeys(s.outlet for s in event.sources if s.outlet))


def _urls(event: Event) -> list[str]:
    """The sources' URLs, once each. The cell separates them by spaces, so a space inside a URL
    (a manifest typo) is written percent-encoded, as a browser would send it."""
    return list(dict.fromkeys(re.sub(r"\s", lambda m: quote(m.group()), s.url) for s in event.sources if s.url))


def _undated_basis(event: Event) -> str:
    if event.sources and all(s.published is None for s in event.sources):
        return "undated: the article has no publication date, so its relative dates stay unresolved"
    return "undated: no date in the text"


def neutralise(cell: str) -> str:
    """Make a cell inert in a spreadsheet: a leading formula character is quoted away."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def write_csv(rows: Iterable[dict[str, str]], out: io.TextIOBase, safe: bool = True) -> None:
    """Write contract rows; with `safe`, every cell is neutralised for spreadsheets."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(str(row.get(k, ""))) if safe else row.get(k, "")
                         for k in COLUMNS})


def to_csv(events: Iterable[Event], safe: bool = True) -> str:
    buffer = io.StringIO()
    write_csv((event_row(e) for e in events), buffer, safe=safe)
    return buffer.getvalue()


def event_to_dict(event: Event) -> dict:
    """Everything an event holds, every source with its sentence, as JSON-ready values."""
    row = event_row(event)
    row["confidence"] = round(event.confidence, 2)
    row["actors"] = list(event.actors)
    row["countries"] = list(event.countries)
    row["date_text"] = event.window.text if event.window else ""
    row["trigger"] = event.trigger
    row["mentions"] = list(event.mentions)
    row["evidence"] = list(event.evidence)
    row["outlets"] = _outlets(event)
    row["urls"] = _urls(event)
    row["sources"] = [{
        "doc_id": s.doc_id, "sentence": s.sentence, "outlet": s.outlet,
        "published": s.published.isoformat() if s.published else "",
        "url": s.url, "title": s.title,
    } for s in event.sources]
    return row


def event_from_dict(data: dict) -> Event:
    window = None
    if data.get("start"):
        window = DateWindow(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]),
                            data["precision"], data.get("date_text", ""), data.get("date_basis", ""))
    sources = tuple(Source(s["doc_id"], s["sentence"], s.get("outlet", ""),
                           date.fromisoformat(s["published"]) if s.get("published") else None,
                           s.get("url", ""), s.get("title", "")) for s in data["sources"])
    event = Event(type=data["type"], cameo=data["cameo"], status=data["status"], window=window,
                  actors=tuple(data["actors"]), countries=tuple(data["countries"]),
                  location=data["location"], sources=sources, confidence=float(data["confidence"]),
                  title=data.get("title", ""), trigger=data.get("trigger", ""),
                  mentions=tuple(data.get("mentions", ())), status_basis=data.get("status_basis", ""),
                  evidence=tuple(data.get("evidence", ())))
    # A merged event's id comes from its first report, not from its own content: keep it.
    kept = data.get("event_id", "")
    return replace(event, first_report_id=kept) if kept and kept != event.content_id else event


def to_json(events: Iterable[Event]) -> str:
    return json.dumps([event_to_dict(e) for e in events], ensure_ascii=False, indent=2)
