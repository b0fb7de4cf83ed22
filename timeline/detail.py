"""An event's detail panel as HTML: every piece of article text shown as text, never as markup.

The page renders this with `st.html`, which does not read Markdown, so a sentence such as
"[click](javascript:...)" or "![](http://tracker/pixel.png)" stays the characters it is. Every
value is HTML-escaped here; the only tags are ours, and the only links are http(s) URLs
(`safe_url`). Pure functions, no streamlit.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .records import DateWindow, Event

LINK_SCHEMES = ("http", "https")


def safe_url(url: str | None) -> str | None:
    """The URL if it may become a link (http or https, with a host), else None.

    A manifest is user input: `javascript:`, `data:` and `file:` URLs, or text that only looks like
    a URL, are kept as data but never made clickable."""
    if not url or url != url.strip() or any(ord(c) < 32 or c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.hostname else None


def when(window: DateWindow | None) -> str:
    """The event's dates as read: one date for a one-day event, else the span."""
    if window is None:
        return "undated"
    if window.start == window.end:
        return window.start.isoformat()
    return f"{window.start.isoformat()} – {window.end.isoformat()}"


def highlight(sentence: str, words: list[str]) -> str:
    """The sentence, escaped, with the event's words marked."""
    wanted = sorted({w for w in words if w}, key=len, reverse=True)
    if not wanted:
        return html.escape(sentence)
    # Matched on the raw text, longest first and in one pass, then escaped piece by piece: a word
    # is never looked for inside a <mark> already added or inside an entity such as &amp;.
    pattern = re.compile("|".join(map(re.escape, wanted)))
    marked, last = [], 0
    for match in pattern.finditer(sentence):
        marked.append(html.escape(sentence[last:match.start()]) + f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    return "".join(marked) + html.escape(sentence[last:])


def _link(url: str) -> str:
    target = safe_url(url)
    if target is None:  # shown, so the reader sees what the manifest said, but inert
        return f"<code>{html.escape(url)}</code>"
    return (f'<a href="{html.escape(target, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{html.escape(target)}</a>")


def event_html(event: Event) -> str:
    """One event: title, what/when/where, and each source with its outlet, date, URL and sentence."""
    e = html.escape
    written = f" (“{e(event.window.text)}”)" if event.window and event.window.text else ""
    parts = [f'<div class="timeline-event" data-event-id="{e(event.event_id)}">',
             f"<h4>{e(event.title)}</h4>",
             f"<p>{e(event.type)} · {e(event.status)} · {e(when(event.window))}{written} · "
             f"{e(event.location or 'place unknown')}</p>",
             f"<p>Actors: {e(', '.join(event.actors) or '—')} · Countries: {e(', '.join(event.countries) or '—')}</p>"]
    for source in event.sources:
        published = source.published.isoformat() if source.published else "undated"
        link = f" · {_link(source.url)}" if source.url else ""
        parts.append(f"<p><b>{e(source.outlet or source.doc_id)}</b> · {e(published)}{link}</p>"
                     f"<blockquote>{highlight(source.sentence, list(event.mentions))}</blockquote>")
    parts.append("</div>")
    return "\n".join(parts)


# CommonMark lets a backslash escape any ASCII punctuation, and an escaped character is never markup.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def markdown_literal(text: str) -> str:
    """Text for Streamlit elements that always read Markdown (st.warning, st.error): shown as
    written, so a file name like "![x](http://tracker/p.png)" loads nothing and links nowhere."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
