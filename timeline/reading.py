"""One sentence read once: its typed mentions with their offsets, and its clauses.

    sentence text + actor mentions (actors.py) -> Reading
        people, places, organisations   (actors.py)
        triggers with their frames      (lexicon: triggers.csv)
        cues                            (lexicon: cues.csv)
        dates: the events' and the report's (dates.py; lexicon: reporting.csv)
        clauses

The rules (rules.py) only look things up in a Reading; none of them searches the text again
for people, places or dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .dates import TimeExpr, drop_overlapping, find_times
from .lexicon import Frame, Lexicon
from .records import Mention
from .scanner import fold_case

# Where one clause ends and the next begins, for the purposes of attaching arguments.
CLAUSE_BREAK = re.compile(
    r";|,[\"”’]?\s+(?:while|with|which|who|whose|where|but|as|although|though|just)\b|"
    r"\s(?:while|but|after|before|although|whereas|following|since)\s|"
    r",[\"”’]?\s+(?:the|a|an|both|its)\s+(?:[\w'’.-]+\s+){0,5}(?:said|says|reported|added|announced)\b|"
    r",\s+and\s+(?=[a-z]+(?:ed|s)\b)")  # ", and indicated ...": a new verb, a new clause
# "his visit to Australia, which was scheduled for ...": a relative clause right after a trigger describes it.
RELATIVE_CLAUSE = re.compile(r",\s+(?:which|that)\s+")
RELATIVE_CLAUSE_REACH = 40
# "MOSCOW, Oct. 3 (Reuters) --": the dateline's date is the report's.
DATELINE_BEFORE = re.compile(r"^\s*(?:date\s+)?[A-Z][A-Z .'-]+,\s*$")
POSSESSIVE = re.compile(r"'s\b|’s\b")
DURATION_BEFORE = re.compile(r"\bfor\s+$", re.IGNORECASE)
PAST_SPAN = re.compile(r"(?:the\s+)?(?:past|last)\b", re.IGNORECASE)
DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]*\))?\s*(?:--|–|—|-)")


@dataclass(frozen=True)
class Trigger:
    text: str
    start: int
    end: int
    frame: Frame

    @property
    def type(self) -> str:
        return self.frame.type


@dataclass(frozen=True)
class Reading:
    text: str
    mentions: tuple[Mention, ...]  # people, roles, countries, places, organisations
    triggers: tuple[Trigger, ...]
    cues: tuple[Mention, ...]  # kind "cue", value: the cue's kind (planned, cancelled, ...)
    times: tuple[TimeExpr, ...]  # when events happen
    report_times: tuple[TimeExpr, ...]  # when something was said or reported
    trigger_times: tuple[TimeExpr | None, ...]  # each trigger's own date expression, if any
    clauses: tuple[tuple[int, int], ...]

    # Read by nearly every rule for every trigger: worked out once per sentence.
    @cached_property
    def people(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind in ("person", "role")]

    @cached_property
    def places(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind in ("place", "country")]

    @cached_property
    def orgs(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "org"]

    def clause(self, position: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= position < end:
                return start, end
        return 0, len(self.text)

    def cues_before(self, kind: str, position: int, floor: int) -> list[Mention]:
        return [c for c in self.cues if c.value == kind and floor <= c.start and c.end <= position]


def find_triggers(text: str, lexicon: Lexicon) -> list[Trigger]:
    """Trigger words, the longest at each place. They are read where a match of all the frames
    at once starts, scanning on from its end (the first frame to match there sets the end)."""
    found = []
    scanner, key, end = lexicon.any_trigger, fold_case(text), len(text)
    start = scanner.next_start(text, key, 0, end)
    while start >= 0:
        frames = lexicon.frames_opening(key[start] if key is not None else None)
        matches = [(m, frame) for frame in frames if (m := frame.pattern.match(text, start))]
        found += [Trigger(m.group(), m.start(), m.end(), frame) for m, frame in matches]
        start = scanner.next_start(text, key, matches[0][0].end() if matches else start + 1, end)
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    chosen, reach = [], -1
    for trigger in found:
        if trigger.start >= reach:
            chosen.append(trigger)
            reach = trigger.end
    return chosen


def clause_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for match in CLAUSE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple(spans)


def find_cues(text: str, lexicon: Lexicon) -> list[Mention]:
    """Cue words in one pass; where kinds overlap the first in CUE_KINDS wins ("will not attend"
    is a withdrawal before it is a plan)."""
    return [Mention("cue", m.group(), m.start(), m.end(), m.lastgroup) for m in lexicon.any_cue.finditer(text)]


def _is_duration(text: str, expr: TimeExpr) -> bool:
    """"preparing for the past few weeks": how long something lasted, not when an event is."""
    return bool(DURATION_BEFORE.search(text[:expr.start]) and PAST_SPAN.match(expr.text))


def _is_report_date(text: str, expr: TimeExpr, lexicon: Lexicon) -> bool:
    dateline = DATELINE_BEFORE.search(text[:expr.start]) and DATELINE_AFTER.match(text[expr.end:])
    return bool(lexicon.reporting.search(text[:expr.start]) or lexicon.reporting_after.match(text, expr.end)
                or dateline)


def _clause_with_relative(text: str, spans, trigger: Trigger) -> tuple[int, int]:
    clause = next((s for s in spans if s[0] <= trigger.start < s[1]), (0, len(text)))
    relative = RELATIVE_CLAUSE.match(text, clause[1])
    if relative and clause[1] - trigger.end <= RELATIVE_CLAUSE_REACH:
        following = next((s for s in spans if s[0] <= relative.end() < s[1]), clause)
        clause = (clause[0], following[1])
    return clause


def assign_times(text: str, spans, triggers: list[Trigger], times: list[TimeExpr]) -> list[TimeExpr | None]:
    """Each trigger takes a date of its own clause: the first after it ("met Lavrov on Tuesday"),
    else the nearest before it ("Last month, Beijing hosted"); a date goes to one trigger only."""
    assigned: list[TimeExpr | None] = []
    taken: set[int] = set()
    for position, trigger in enumerate(triggers):
        clause = _clause_with_relative(text, spans, trigger)
        limit = triggers[position + 1].start if position + 1 < len(triggers) else clause[1]
        mine = [t for t in times if clause[0] <= t.start and t.end <= clause[1] and t.start not in taken]
        after = [t for t in mine if trigger.end <= t.start < max(limit, trigger.end + 1)]
        before = [t for t in mine if t.end <= trigger.start]
        choice = after[0] if after else (before[-1] if before else None)
        if choice is not None:
            taken.add(choice.start)
        assigned.append(choice)
    return assigned


def read(text: str, mentions: list[Mention], lexicon: Lexicon) -> Reading:
    triggers = find_triggers(text, lexicon)
    if not triggers:  # most sentences report no event: nothing more to read in them
        return Reading(text, tuple(mentions), (), (), (), (), (), clause_spans(text))
    # "May is due to attend": a name that is also a month is not a date; "Monday's attack" dates
    # the attack, not the event.
    people = [(m.start, m.end) for m in mentions if m.kind == "person"]
    times = [t for t in drop_overlapping(find_times(text), people)
             if not POSSESSIVE.match(text, t.end) and not _is_duration(text, t)]
    event_times, report_times = [], []
    for t in times:
        (report_times if _is_report_date(text, t, lexicon) else event_times).append(t)
    spans = clause_spans(text)
    return Reading(text, tuple(mentions), tuple(triggers), tuple(find_cues(text[:triggers[-1].end], lexicon)),
                   tuple(event_times), tuple(report_times),
                   tuple(assign_times(text, spans, triggers, event_times)), spans)
