"""Split an article's text into sentences, keeping character offsets.

A rule-based splitter tuned for news prose: a full stop ends a sentence unless it belongs to an
abbreviation common in news (U.S., Mr., Sept., Jr.) or an initial (Joseph R. Biden).
Lines are paragraphs: a sentence never crosses a line break, except inside a paragraph hard-wrapped
at a fixed width, whose lines are joined first.
"""
from __future__ import annotations

import re

from .clean import SENTENCE_END
from .records import Sentence

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep",
    "gov", "pres", "st", "jr", "sr", "no", "vs", "etc", "inc", "corp", "ltd", "co", "dept", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "s", "approx", "fig", "op", "ed", "vol",
}
# Lines this short without a sentence end are headings, bylines or captions' credits.
MIN_UNTERMINATED_LINE = 120
# Longer than any sentence a news article prints.
MAX_SENTENCE_CHARS = 1200
# A full stop, then space, or a stop glued to a capitalised word by a missing space
# ("Lavrov.He is due"), which never happens inside an abbreviation like "U.S.".
_BOUNDARY = re.compile(r"([.!?])([\"'”’)\]]*)(?:\s+(?=[\"'“‘(\[]?[A-Z0-9])|(?<=[a-z]{3}\.)(?=[A-Z][a-z]))")


def _ends_with_abbreviation(text: str) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text)
    if not word:
        return False
    token = word.group(1).rstrip(".").lower()
    return token in ABBREVIATIONS or len(token) == 1  # a single letter is an initial


# A paragraph of at least this many lines, each at most WRAP_WIDTH long and a third or more
# without a sentence end, is prose hard-wrapped by a wire service or a mail client, not a list of
# lines. Its open-ended lines that nearly fill the width run on into the next; a short one is a
# heading or a paragraph's last line.
WRAPPED_MIN_LINES = 3
WRAP_WIDTH = 100
WRAP_FILL = 0.6


def _unwrap(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs with spaces (same length, so offsets hold)."""
    lines = text.split("\n")
    joints = ["\n"] * (len(lines) - 1)  # what stands between each line and the next
    first = 0
    for end in range(len(lines) + 1):  # a paragraph: the non-blank lines first..end-1
        if end == len(lines) or not lines[end].strip():
            for k in _runs_on(lines[first:end]):
                joints[first + k] = " "
            first = end + 1
    return "".join(line + joint for line, joint in zip(lines, joints + [""]))


def _runs_on(paragraph: list[str]) -> list[int]:
    """The lines of a hard-wrapped paragraph that continue on the next line."""
    if len(paragraph) < WRAPPED_MIN_LINES or max(map(len, paragraph)) > WRAP_WIDTH:
        return []
    width = max(len(line.rstrip()) for line in paragraph)
    open_ended = [k for k, line in enumerate(paragraph[:-1]) if not SENTENCE_END.search(line.strip())]
    if len(open_ended) * 3 < len(paragraph) - 1:
        return []
    return [k for k in open_ended if len(paragraph[k].rstrip()) >= WRAP_FILL * width]


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    text = _unwrap(text)
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) < MIN_UNTERMINATED_LINE and not SENTENCE_END.search(stripped):
            continue  # a heading, not prose
        start = 0
        for match in _BOUNDARY.finditer(line):
            before = line[start:match.start() + 1]
            if match.group(1) == "." and (before.endswith("..") or _ends_with_abbreviation(before)):
                continue  # an abbreviation, an initial, or an ellipsis inside a quotation
            end = match.end(2)
            _add(sentences, line, line_start, start, end)
            start = match.end()
        _add(sentences, line, line_start, start, len(line))
    return sentences


def _add(sentences: list[Sentence], line: str, line_start: int, start: int, end: int) -> None:
    # Text without full stops (a list, a table, a garbled page) is cut at a space into pieces
    # the length of a long sentence, so the cost of reading it grows only linearly.
    while end - start > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add(sentences, line, line_start, start, cut)
        start = cut
    piece = line[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if piece:
        begin = line_start + start + lead
        sentences.append(Sentence(len(sentences), begin, begin + len(piece), piece))
