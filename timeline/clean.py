"""Strip site boilerplate from an article's text by general rules about web pages.

Pages carry three kinds of noise around the story: link lists ("Related coverage:", "Popular"),
appeals (donations, newsletters, subscriptions, "Remind me later") and page furniture
(cookie and browser prompts, share buttons). Events must never come from them.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from .scanner import fold_case, required_words

# A heading that opens a list of other stories' headlines.
LINK_LIST_HEADING = re.compile(
    r"^\s*(related (coverage|news|articles?|stories|content|reading|topics)|read (more|also|next)|"
    r"see also|more (on this|from|stories|news)|most (read|popular|viewed)|popular( articles?| now)?|"
    r"trending( now)?|recommended( for you)?|you may also like|editor'?s picks|latest news|"
    r"top stories|[a-z ]*access ranking|\"?[a-z ]+\"?\s+popular article)\s*:?\s*$",
    re.IGNORECASE)
# A line that opens an appeal to the reader; the appeal runs until an APPEAL_END line.
APPEAL_START = re.compile(
    r"^\s*(a message from .{2,60}:?|dear (readers?|subscribers?|friends?),?|"
    r"support (our|independent) journalism.*|help us .{0,60}|become a (member|subscriber).*)\s*$",
    re.IGNORECASE)
APPEAL_END = re.compile(r"^\s*(remind me later\.?|thank you,?|thanks,?|maybe later\.?)\s*$",
                        re.IGNORECASE)
# Single lines of page furniture.
FURNITURE = re.compile(
    r"(cookies?\b.*\b(accept|consent|use|policy)|accept (all )?cookies|privacy policy|"
    r"sign up for (our|the) newsletter|subscribe to (our|the) newsletter|newsletter sign.?up|"
    r"your browser is out of date|please update your browser|enable javascript|"
    r"click on the icons to get|share (this|on)|change text size|gift premium articles?|"
    r"all rights reserved|copyright ©|^©|with your current subscription plan|"
    r"create a display name|sentences mode|^breaking news\.?$|^advertisement$|"
    r"^remind me later\.?$)",
    re.IGNORECASE)
# Every line of furniture holds one of these words ("cookie", "privacy policy" ...).
_FURNITURE_WORDS = required_words(FURNITURE)
# A headline in a link list: short and without the full stop of a sentence.
HEADLINE_MAX_CHARS = 160
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
# Short lines after "Thank you," in an appeal are its signature (names and titles).
SIGNATURE_MAX_CHARS = 80


def _is_headline_like(line: str) -> bool:
    stripped = line.strip()
    return (not stripped or stripped in "-–—•*" or
            (len(stripped) <= HEADLINE_MAX_CHARS and not SENTENCE_END.search(stripped)))


def _may_be_furniture(text: str, lines: list[str]) -> set[int] | range:
    """The numbers of the lines that hold one of furniture's words (few or none): only they
    are searched for it."""
    key = fold_case(text)
    if key is None or _FURNITURE_WORDS is None:
        return range(len(lines))
    ends = list(accumulate(len(line) + 1 for line in lines))
    found = set()
    for word in _FURNITURE_WORDS:
        position = key.find(word)
        while position >= 0:
            number = bisect_right(ends, position)
            found.add(number)
            position = key.find(word, ends[number]) if number < len(ends) else -1
    return found


def clean_text(text: str) -> str:
    """The story's text: boilerplate lines become blank lines, so line numbers stay put."""
    lines = text.split("\n")
    furniture = _may_be_furniture(text, lines)
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if LINK_LIST_HEADING.match(line):
            keep[i] = False
            i += 1
            while i < len(lines) and _is_headline_like(lines[i]):
                keep[i] = False
                i += 1
            continue
        if APPEAL_START.match(line):
            j = i
            while j < len(lines) and not APPEAL_END.match(lines[j]):
                j += 1
            if j == len(lines):  # an appeal that never closes runs to the end of the page
                keep[i:] = [False] * (len(lines) - i)
                break
            for k in range(i, j + 1):
                keep[k] = False
            i = j + 1
            while i < len(lines) and lines[i].strip() and len(lines[i].strip()) <= SIGNATURE_MAX_CHARS \
                    and not SENTENCE_END.search(lines[i].strip()):
                keep[i] = False
                i += 1
            continue
        if i in furniture and FURNITURE.search(line):
            keep[i] = False
        i += 1
    return "\n".join(line if k else "" for line, k in zip(lines, keep))
