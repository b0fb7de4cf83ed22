"""The event engine: an ordered list of small named rules over one sentence's Reading.

Each trigger word of a sentence opens a Draft. Every rule in RULES takes the draft, the
sentence's Reading and the Context earlier sentences left, and returns a list of drafts:
none drops the candidate, one carries it on, several split it (one visit per host country).
A rule that changes a draft is named in its `evidence`.

Type, status and date are each decided in exactly one rule: `decide_type`, `decide_status`
and `decide_date`. Knowledge of English (trigger frames, cues, reporting verbs, offices and
nouns that are not state actors) comes from the lexicon (lexicon.py, data/*.csv).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from datetime import date, timedelta
from typing import Callable

from . import arguments as args
from .dates import ANAPHORIC_KINDS, FUTURE, NUMBER_WORDS, PAST, TimeExpr, extend, resolve
from .knowledge import Knowledge, knowledge
from .lexicon import GROUP_SIZES, lexicon
from .reading import Reading, Trigger
from .records import DateWindow, Event, Mention

# How far back, in words, each kind of cue governs a trigger.
CUE_REACH_WORDS = {"withdrawn": 12, "cancelled": 12, "planned": 60, "hypothetical": 5, "habitual": 5,
                   "pressure": 12, "anaphoric": 3}
LATEST_KEPT = 8  # events of the article a bare "the visit" may refer back to
NONSTATE_ARTICLE = 3  # this many words of sport or business make the article's stateless travellers teams
UNDER_WAY_GAP = 2  # "is on a three-day visit": the cue ends right before the trigger
REPORTED_WITHIN = timedelta(days=1)  # what a report of one day says was held, was held that day or the day before
NEWS_WITHIN = timedelta(days=2)  # an event no sentence dates, reported as held, is news of the last days
AHEAD_AT_LEAST = timedelta(days=30)  # ... reported as planned, lies ahead: by default later this year
CAMEO_OF = {"visit": "042", "meeting": "040", "call": "041", "summit": "043"}  # the CAMEO root of each type
PLURAL_HABITUAL = re.compile(r"^(?:visits|trips|calls|summits|meetings|tours)$", re.IGNORECASE)
DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]day\b", re.IGNORECASE)
VISIT_DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+"
                            r"(?:[\w-]+\s+){0,2}(?:visit|trip|tour|stay)\b", re.IGNORECASE)
PAST_WITHDRAWAL = re.compile(r"\b(?:did|didn't|skipped)\b", re.IGNORECASE)
WORD = re.compile(r"\S+")
PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
URGED = re.compile(r"\s+to\s+\w+")
HIM_AFTER = re.compile(r"\s+(?:him|her)\b")
SIDELINES = re.compile(r"\s+(?:[\w-]+\s+){0,2}(?:on|at)\s+the\s+(?:sidelines|margins|outskirts)\s+of\b",
                       re.IGNORECASE)
SIDELINES_OF = re.compile(r"\b(?:sidelines|margins)\s+of\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
REMOTE = re.compile(r"\b(?:virtual(?:ly)?|remotely|online|by\s+video(?:\s+link)?|via\s+video)\b", re.IGNORECASE)
REMOTE_BEFORE = re.compile(r"\b(?:virtual|online|video)[\s\"“'‘]*$", re.IGNORECASE)
SUMMIT_WITH = re.compile(r"\s+with\s+")
SUMMIT_REFERENCE = re.compile(r"(?:attend|take\s+part|took\s+part|participate)", re.IGNORECASE)
HOST_VERB_AFTER = re.compile(r"\s+(?:will\s+(?:also\s+)?host|hosts|hosted|is\s+to\s+host|to\s+host)\b", re.IGNORECASE)
# "Geneva will host the summit": a place hosting a gathering, not a visit.
HOSTS_A_GATHERING = re.compile(r"\s+[^.;,]{0,50}?\b(?:summit|conference|forum|meeting|talks|event|games|olympics)\b",
                               re.IGNORECASE)
TRIP_WORD = re.compile(r"\b(?:trip|tour|visit)\b")
AUXILIARY = re.compile(r"\b(?:will|would|also|has|had|have|is|was|are|were|can|may)\b", re.IGNORECASE)
CALL_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|their|his|her|first|phone|telephone|brief|lengthy|\w+-minute|"
                              r"hour-long)\s+$", re.IGNORECASE)
NOT_A_CALL_AFTER = re.compile(r"\s+(?:for|on|to\s+(?:action|arms))\b", re.IGNORECASE)
DAY_THEN_PLACE = re.compile(r"\s+(?:\w+\s+){0,2}(?:in|at)\s+")
# "met with her" is a person; "met with her Fijian counterpart", a possessive before one
_HER_AS_OBJECT = (r"her\b(?=\s*(?:[.,;:!?)\"”]|$)|\s+(?:on|in|at|and|for|to|during|last|next|this|after|before|"
                  r"when|while|yesterday|today|twice|again|soon|later|earlier|once|as|about|over)\b)")
OBJECT_PRONOUN = re.compile(rf"\s+(?:with\s+|to\s+)?(?:him\b|them\b|{_HER_AS_OBJECT})")
SINGULAR_OBJECT = re.compile(rf"\s+(?:with\s+|to\s+)?(?:him\b|{_HER_AS_OBJECT})")
NEW_PREDICATE = re.compile(r"\b(?:as|while|when|and\s+(?:will|would|then)|but)\s")  # "meet X as they prepare for a summit next week"
FRONTED = re.compile(r"\s*(?:in|at|during|after|following)\s+(?:an?|the|their|his|her)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
DEFINITE = re.compile(r"^\W*the\s+(?:[\w-]+\s+)?$", re.IGNORECASE)  # "The visit takes place ..." opening a clause
PARTICIPLE_CLAUSE = re.compile(r"\b(?:before|after|while|when)\s*$", re.IGNORECASE)
SENTENCE_PRONOUN = re.compile(r"\W*(?:he|she)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]ur)\b")
SPEAKER_AFTER = re.compile(r"\s*,?\s*(?:(?P<pronoun>he|she)\b|(?=[A-Z]))")
WITH_NEXT = re.compile(r",\s+with\s+")
GERUND = re.compile(r"^\w+ing\b", re.IGNORECASE)
GERUND_BEFORE = re.compile(r"\b(?:before|after|while|when)\s+\w+ing\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
PLURAL_PRONOUN = re.compile(r"\b(?:they|their|the\s+(?:[a-z]+\s+)?leaders)\b", re.IGNORECASE)
UNKNOWN_NAME_AFTER = re.compile(r"\s+(?:the\s+)?[A-Z][a-z]")
ONE_WORD_GAP = re.compile(r"\s*(?:[\w-]+\s+)?")
ORDINAL_GAP = re.compile(r"\s*(?:first|second|third|fourth|fifth|last|previous|earlier)\s+", re.IGNORECASE)
PRESS_BEFORE = re.compile(r"\b(?:press|news)\s+$", re.IGNORECASE)
# "accompanied by A and B", "Accompanying the President on his visit are A and B": the entourage
ENTOURAGE_BEFORE = re.compile(r"(?:\baccompanied\s+by|^\W*accompanying\b[^.;]*\s(?:are|were|is|was))\s+"
                              r"[^.;:()]{0,160}$", re.IGNORECASE)
FORMER_BEFORE = re.compile(r"\b(?:former|ex-|late)\s*(?:[A-Z][\w-]*\s+)?$", re.IGNORECASE)  # "the former Chinese prime minister"


@dataclass(frozen=True, slots=True)
class Draft:
    """An event as one sentence states it, while the rules decide it."""
    trigger: Trigger
    index: int  # the trigger's place among the sentence's triggers
    clause: tuple[int, int]
    type: str
    cameo: str
    subject: tuple[Mention, ...] = ()
    objects: tuple[Mention, ...] = ()
    from_context: tuple[str, ...] = ()  # people named in earlier sentences ("he", "the two leaders")
    pronoun_object: bool = False  # "meeting with him": the other side is someone named before
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    modality: str = "held"  # held | planned | cancelled | withdrawn | under_way, as the cues say
    status: str = ""
    status_basis: str = ""
    date_expr: TimeExpr | None = None
    window: DateWindow | None = None
    date_inherited: bool = False
    location: str = ""
    location_kind: str = ""
    location_country: str = ""
    place_hint: Mention | None = None
    words: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    def evolve(self, **changes) -> Draft:
        """A copy with `changes`: dataclasses.replace, three times faster, for the rules' hot loop."""
        new = _NEW(Draft)
        for name in _DRAFT_FIELDS:
            _SET(new, name, getattr(self, name))
        for name, value in changes.items():
            _SET(new, name, value)
        return new


_DRAFT_FIELDS = tuple(f.name for f in fields(Draft))
_NEW, _SET = object.__new__, object.__setattr__


@dataclass(frozen=True)
class Context:
    """What earlier sentences of the article established, for references back to them."""
    published: date | None = None
    named: frozenset[str] = frozenset()  # everyone the article names
    last_subject: str = ""
    recent_people: tuple[str, ...] = ()  # people in the order they were last named
    last_group: tuple[str, ...] = ()  # the last several people who acted together, for "they"
    nonstate_words: int = 0  # words of sport or business so far: "the North Americans" may be a team
    visits: tuple[Draft, ...] = ()
    sentence_visits: tuple[Draft, ...] = ()
    last_summit: Draft | None = None
    latest: tuple[Draft, ...] = ()  # the last events of the article, dated or not, for "the visit"
    last_day: date | None = None  # the latest day a sentence named, for "the same week"

    def visit_of(self, actors: tuple[str, ...]) -> Draft | None:
        """The latest dated visit by one of `actors`, for "during the visit"."""
        return next((v for v in reversed(self.visits) if set(v.actors) & set(actors)), None)

    def trip_of(self, actors: tuple[str, ...], giving: str) -> Draft | None:
        """This sentence's first visit by one of `actors` that gives `giving` ("window" or
        "location"): the trip to a summit the sentence names ("arrived in Kazan for the summit")."""
        return next((v for v in self.sentence_visits if getattr(v, giving) and set(v.actors) & set(actors)), None)


Rule = Callable[[Draft, Reading, Context], list[Draft]]


@lru_cache(maxsize=256)
def _word_starts(text: str, clause_start: int, position: int) -> tuple[int, ...]:
    return tuple(m.start() for m in WORD.finditer(text, clause_start, position))


def _floor(text: str, clause_start: int, position: int, words: int) -> int:
    """Where the `words` words before `position` begin, not before the clause."""
    starts = _word_starts(text, clause_start, position)
    return starts[-words] if len(starts) >= words else clause_start


def _cues(draft: Draft, reading: Reading, kind: str) -> list[Mention]:
    """The cues of a kind within that kind's reach before the trigger."""
    floor = _floor(reading.text, draft.clause[0], draft.trigger.start, CUE_REACH_WORDS[kind])
    return reading.cues_before(kind, draft.trigger.start, floor)


def _cue(draft: Draft, reading: Reading, kind: str) -> Mention | None:
    found = _cues(draft, reading, kind)
    return found[-1] if found else None


def _after(draft: Draft, reading: Reading, kind: str) -> re.Match | None:
    # "The meeting, which was to open on Monday, was postponed": the event as the subject of a
    # cancelling verb may be separated from it by a relative clause
    text = reading.text if kind == "cancelled" else reading.text[:draft.clause[1]]
    start = draft.trigger.end + len(text[draft.trigger.end:]) - len(text[draft.trigger.end:].lstrip())
    return lexicon().cue(kind, "after").match(text, start)


def _people_after(draft: Draft, reading: Reading, reach: int = 30) -> list[Mention]:
    end = draft.trigger.end
    return [m for m in reading.people if end <= m.start <= end + reach]


def _guest_after(draft: Draft, reading: Reading) -> bool:
    """"welcomed Kishida to Canberra"; not "welcomed Lavrov's trip", which welcomes the idea."""
    people = _people_after(draft, reading)
    return bool(people) and not args.POSSESSIVE_AFTER.match(reading.text, people[0].end)


# ---------------------------------------------------------------- the rules, in order

NEEDS: dict[str, Callable[[Draft, Reading], bool]] = {
    "": lambda d, r: True,
    "person_after": lambda d, r: bool(_people_after(d, r)) or bool(HIM_AFTER.match(r.text, d.trigger.end)),
    # "called on Modi" pays a courtesy visit; "called on Modi to act" urges
    "courtesy_call": lambda d, r: bool(_people_after(d, r)) and not URGED.match(r.text, _people_after(d, r)[0].end),
    "person_after_and_place": lambda d, r: bool(_people_after(d, r)) and bool(args.locatives(r, 0, len(r.text))),
    "trip_word_after": lambda d, r: bool(TRIP_WORD.search(r.text, d.trigger.end, d.trigger.end + 40)),
    "trip_word_before": lambda d, r: bool(TRIP_WORD.search(r.text, max(0, d.trigger.start - 40), d.trigger.start)),
    "date_and_place": lambda d, r: r.trigger_times[d.index] is not None and bool(args.locatives(r, 0, len(r.text))),
    "guest_after": lambda d, r: not HOSTS_A_GATHERING.match(r.text, d.trigger.end),
    "guest_after_and_place": lambda d, r: _guest_after(d, r) and bool(args.locatives(r, d.trigger.end, len(r.text))),
    "person_before_place_after": lambda d, r: any(m.start == d.trigger.end + 1 for m in r.places)
    and any(d.clause[0] <= m.start and m.end <= d.trigger.start for m in r.people),
    "weekday_then_place": lambda d, r: bool(DAY_THEN_PLACE.match(r.text, d.trigger.end)),
    "call_noun": lambda d, r: bool(CALL_NOUN_BEFORE.search(r.text[:d.trigger.start]))
    and not NOT_A_CALL_AFTER.match(r.text, d.trigger.end),
}


def needs_its_frame(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """Some words report an event only with more around them: "called" a person, "the Japan leg"
    of a trip, "discussed" on a day in a place; "a press conference" is no gathering."""
    if PLURAL_HABITUAL.match(draft.trigger.text) and not (draft.type == "visit" and _people_after(draft, reading)
                                                          or reading.places and draft.type == "visit"):
        return []  # "visits by ministers": habitual; "visits Russia": a verb
    if draft.trigger.text.lower() == "conference" and PRESS_BEFORE.search(reading.text[:draft.trigger.start]):
        return []
    return [draft] if NEEDS[draft.trigger.frame.needs](draft, reading) else []


def not_a_reference_back(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"this visit", "during the three-day meeting": an event already reported."""
    cue = _cue(draft, reading, "anaphoric")
    if cue is None:
        return [draft]
    gap, word = reading.text[cue.end:draft.trigger.start], cue.text.lower()
    if word.startswith("that") and (not gap or AUXILIARY.search(gap)) or ORDINAL_GAP.fullmatch(gap):
        # "a trip that also included Poland": a relative pronoun, not a determiner;
        # "their first meeting in April": another, earlier event, not the one told of
        return [draft]
    # "their Brussels meeting" refers back; "at the BRICS forum" may name a new one, "at the summit" not
    refers_back = not gap.strip() if word.startswith("at") else ONE_WORD_GAP.fullmatch(gap)
    # "During his visit to Abu Dhabi on Monday, ..." opening a story tells of it first; "this
    # visit" points at one the reader knows of even then
    told_before = any(d.type == draft.type for d in context.latest) or not word.startswith("during")
    return [] if refers_back and told_before else [draft]


def not_hypothetical(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"could visit", "no plans to meet", "regular visits", "visit each other", "force Moscow to
    start negotiations": no event. A cancellation ("will not go ahead") is an event."""
    if _cue(draft, reading, "cancelled") or _cue(draft, reading, "withdrawn") or _after(draft, reading, "cancelled"):
        return [draft]
    if any(_cue(draft, reading, kind) for kind in ("hypothetical", "habitual", "pressure")):
        return []
    return [] if _after(draft, reading, "habitual") or _after(draft, reading, "hypothetical") else [draft]


def read_modality(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """Planned, cancelled or under way, as the words around the trigger say; else held."""
    for kind in ("withdrawn", "cancelled"):
        cue = _cue(draft, reading, kind)
        if cue is not None:
            return [draft.evolve(modality=kind, status_basis=f"{kind}: '{cue.text.strip()}'")]
    after = _after(draft, reading, "cancelled")
    if after:
        return [draft.evolve(modality="cancelled", status_basis=f"cancelled: '{after.group().strip()}'")]
    cue = _cue(draft, reading, "planned") or _after(draft, reading, "planned") or _main_clause_plan(draft, reading)
    if cue is not None:
        words = [c.text for c in _cues(draft, reading, "planned")] or \
            [cue.text if isinstance(cue, Mention) else cue.group()]
        return [draft.evolve(modality="planned", status_basis="planned: " + ", ".join(f"'{w.strip()}'" for w in words))]
    under_way = [c for c in reading.cues if c.value == "under_way" and draft.clause[0] <= c.start < draft.trigger.start
                 and c.end >= draft.trigger.start - UNDER_WAY_GAP]
    if under_way:
        return [draft.evolve(modality="under_way", status_basis=f"under way: '{under_way[-1].text.strip()}'")]
    return [draft]


def _main_clause_plan(draft: Draft, reading: Reading) -> Mention | None:
    """"Before heading to Sicily, May is due to attend": a participle takes the main clause's tense."""
    if not GERUND.match(draft.trigger.text) and not GERUND_BEFORE.search(reading.text, 0, draft.trigger.start):
        return None
    # "will visit Seoul on Monday before having lunch with ...": the plan of the whole sentence
    return next((c for c in reading.cues if c.value == "planned"), None)


def find_subject(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    return [draft.evolve(subject=tuple(args.subject_of(reading, draft.trigger, draft.clause)))]


def find_objects(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """The counterparts after the trigger; "called him": the other person the sentence names;
    "At a meeting at the forum, Putin told Zhang": the main clause names the sides."""
    limit = reading.triggers[draft.index + 1].start if draft.index + 1 < len(reading.triggers) else len(reading.text)
    if FRONTED.match(reading.text, draft.clause[0], draft.trigger.start):
        # "During his visit to Abu Dhabi on Monday, Modi met X": the fronted phrase ends at its comma
        comma = reading.text.find(",", draft.trigger.end)
        limit = min(limit, comma) if comma >= 0 else limit
    if OBJECT_PRONOUN.match(reading.text, draft.trigger.end) and draft.type != "call":
        # "meeting with him soon": the names further on are someone else's
        return [draft.evolve(pronoun_object=True)] if SINGULAR_OBJECT.match(reading.text, draft.trigger.end) else [draft]
    objects = args.objects_of(reading, draft.trigger, draft.clause, limit)
    if not objects and WITH_NEXT.match(reading.text, draft.clause[1]):
        # "scheduled a meeting on Monday, in Buenos Aires, with his counterpart, Lula"
        objects = args.objects_of(reading, draft.trigger, reading.clause(draft.clause[1] + 1), limit)
    if draft.type == "call" and not objects and HIM_AFTER.match(reading.text, draft.trigger.end):
        objects = [m for m in reading.people if m.kind == "person" and m not in draft.subject][:1]
    if draft.type == "meeting" and not draft.subject and not objects:
        objects = [m for m in reading.people if m.start >= draft.clause[1]]
    return [draft.evolve(objects=tuple(objects))]


def subject_from_context(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """People named before: "the three leaders" are the last three people named; "they", the last
    group that acted; "he", the article's last subject; "his visit ..., Lavrov held talks", the
    main clause's subject. A reference nearer the trigger than the subject found wins."""
    text, floor = reading.text, draft.clause[0]
    if GERUND.match(draft.trigger.text) and PARTICIPLE_CLAUSE.search(text, 0, floor) \
            and SENTENCE_PRONOUN.match(text) and context.last_subject:
        # "She will meet Buhari before flying to Nairobi": the one who flies is the sentence's subject
        return [draft.evolve(subject=(), from_context=(context.last_subject,))]
    nearest_subject = max((m.end for m in draft.subject if _takes_part(m, reading)), default=-1)
    group = lexicon().group.search(text, max(floor, nearest_subject), draft.trigger.start) or \
        (None if nearest_subject >= 0 else lexicon().group.search(text, draft.trigger.end, draft.clause[1]))
    if group:
        size = GROUP_SIZES[group.group("size").lower()]
        return [draft.evolve(subject=(), from_context=context.recent_people[-size:])]
    if PLURAL_PRONOUN.search(text, max(floor, nearest_subject), draft.trigger.start) and context.last_group:
        return [draft.evolve(subject=(), from_context=context.last_group)]
    if nearest_subject >= 0:
        return [draft]
    speaker = _speaker(draft, reading, context)
    if speaker:  # "“I look forward to meeting him,” he posted": the one who speaks
        return [draft.evolve(**speaker)]
    before = text[floor:draft.trigger.start]
    if POSSESSIVE_PRONOUN.search(before):
        outside = [m for m in reading.people if m.kind == "person" and (m.end <= floor or
                   m.start >= draft.clause[1]) and not args.is_object(text, m, reading.clause(m.start)[0])]
        if outside:
            return [draft.evolve(from_context=(outside[0].value,))]
    if (PRONOUN.search(before) or POSSESSIVE_PRONOUN.search(before)) and context.last_subject:
        return [draft.evolve(from_context=(context.last_subject,))]
    if draft.type == "visit":  # "Modi's visit, part of a trip that includes Kenya": his trip
        earlier = (args.subject_of(reading, t, reading.clause(t.start))
                   for t in reading.triggers[:draft.index] if t.type == "visit")
        traveller = next((found[:1] for found in earlier if found), [])
        if traveller:
            return [draft.evolve(subject=tuple(traveller))]
    if DEFINITE.match(before) and not draft.objects:  # "The visit takes place on 22 November": the one told of
        earlier = next((d for d in reversed(context.latest) if d.type == draft.type and d.actors), None)
        if earlier is not None:
            return [draft.evolve(from_context=earlier.actors)]
    if FRONTED.match(before):  # "In a meeting with X, Y discussed ...": Y, after the fronted phrase
        after = [m for m in reading.people if m.start > draft.trigger.end and m not in draft.objects
                 and not args.is_object(text, m, floor)]
        return [draft.evolve(subject=(after[0],))] if after else [draft]
    return [draft]


def _speaker(draft: Draft, reading: Reading, context: Context) -> dict:
    """The subject of a first-person event in a quote: the person named, or "he", right after it."""
    text, start = reading.text, draft.trigger.start
    opened = max(text.rfind("“", 0, start), text.rfind('"', 0, start))
    closed = text.find("”", draft.trigger.end)
    if opened < 0 or closed < 0 or not FIRST_PERSON.search(text, opened, start):
        return {}
    after = SPEAKER_AFTER.match(text, closed + 1)
    if after is None:
        return {}
    if after.group("pronoun"):
        return {"from_context": (context.last_subject,)} if context.last_subject else {}
    named = [m for m in reading.people if m.start == after.end()]
    return {"subject": tuple(named[:1])} if named else {}


def swap_host_and_guest(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"Erdogan hosted Raisi": the guest is the one who travels."""
    if draft.trigger.frame.traveller != "object":
        return [draft]
    return [draft.evolve(subject=draft.objects, objects=draft.subject)]


def _person(mention: Mention, kb: Knowledge, context: Context, sides: list[str],
            day: date | None = None) -> tuple[list[str], str]:
    """(people, country) behind a person or role mention, holding the office on `day` (the
    article's). A role names someone only when the article names them too: the guide's actors
    are people named in the text."""
    day = day or context.published
    if mention.kind == "person":
        return [mention.value], mention.country
    roles = tuple(mention.value.split(";"))
    if roles == ("counterpart",):  # "Wang Yi met his Russian counterpart": the office of the other side
        roles = tuple(o.role for side in sides[:1] for o in kb.offices.get(side, []) if o.held_on(day))
    if not mention.country:  # "the President": the article's own holder of the office
        holders = [p for p in context.named
                   if any(o.role in roles and o.held_on(day) for o in kb.offices.get(p, []))]
        if context.last_subject in holders:
            holders = [context.last_subject]
        return (holders, kb.person_country(holders[0], day)) if len(holders) == 1 else ([], "")
    return [h for h in kb.holders(mention.country, roles, day) if h in context.named][:1], mention.country


def _takes_part(mention: Mention, reading: Reading) -> bool:
    """Spokespeople, governors, coaches: named beside an event, not state actors in it; nor is
    the entourage ("accompanied by the foreign minister")."""
    before = reading.text[max(0, mention.start - 40):mention.start]
    if ENTOURAGE_BEFORE.search(reading.text, 0, mention.start):
        return False
    return not lexicon().nonparticipant_title.search(before + mention.text.rsplit(" ", 1)[0] + " ")


def resolve_participants(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    kb = knowledge()
    actors, countries, words = [], [], [draft.trigger.text]
    for name in draft.from_context:
        actors.append(name)
        countries.append(kb.person_country(name, context.published))
    for mention in draft.subject + draft.objects:
        if not _takes_part(mention, reading):
            continue
        names, country = _person(mention, kb, context, actors)
        if mention.kind == "role" and FORMER_BEFORE.search(reading.text, max(0, mention.start - 12), mention.start):
            names = []  # someone who held the office once, not its holder
        actors += names
        countries.append(country)
        words.append(mention.text)
    if draft.pronoun_object:  # "him": the last person named who is not a side already
        other = next((p for p in reversed(context.recent_people) if p not in actors), None)
        if other is not None:
            actors.append(other)
            countries.append(kb.person_country(other, context.published))
    return [draft.evolve(actors=tuple(dict.fromkeys(actors)), countries=tuple(dict.fromkeys(c for c in countries if c)),
                    words=tuple(words))]


def holders_on_the_day(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"The last time a British prime minister visited Africa was in December 2013": an office
    stands for whoever held it on the event's day, not on the report's."""
    if draft.window is None or context.published is None or draft.window.end >= context.published:
        return [draft]
    kb, actors = knowledge(), list(draft.actors)
    for mention in draft.subject + draft.objects:
        if mention.kind != "role":
            continue
        then, _ = _person(mention, kb, context, actors, draft.window.start)
        for name in _person(mention, kb, context, actors)[0]:
            if name in actors and not kb.in_office(name, draft.window.start):
                actors[actors.index(name)] = then[0] if then else ""
    actors = [a for a in dict.fromkeys(actors) if a]
    return [draft] if tuple(actors) == draft.actors else [draft.evolve(actors=tuple(actors))]


def talks_with_hosts(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"will visit Moscow at the invitation of Patrushev and hold discussions": talks that name
    one side only, in the sentence of a visit, are with that visit's hosts."""
    host = next((v for v in context.sentence_visits if len(v.actors) > 1 and v.actors[:1] == draft.actors), None)
    if draft.type != "meeting" or len(draft.actors) != 1 or host is None:
        return [draft]
    return [draft.evolve(actors=host.actors, countries=tuple(dict.fromkeys(draft.countries + host.countries)),
                    date_expr=draft.date_expr or host.date_expr)]


def between_states(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """A meeting or call among officials of one state (a president and a governor, two ministers)
    is not diplomacy."""
    if draft.type not in ("meeting", "call") or len(draft.actors) < 2 or len(draft.countries) != 1:
        return [draft]
    kb = knowledge()
    known = all(kb.person_country(a, context.published) for a in draft.actors)
    return [] if known else [draft]


def one_meeting_per_counterpart(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"Modi will meet President Putin, Prime Minister Mishustin and Minister Lavrov": one
    meeting with each counterpart of the other state."""
    kb, day = knowledge(), context.published
    if draft.type != "meeting" or not draft.actors:
        return [draft]
    first = draft.actors[0]
    others = [a for a in draft.actors[1:] if kb.person_country(a, day) != kb.person_country(first, day)]
    states = {kb.person_country(a, day) for a in others}
    if len(others) < 2 or len(draft.actors) != len(others) + 1 or len(states) != 1:
        return [draft]  # talks among three states are one meeting
    return [draft.evolve(actors=(first, other),
                    countries=tuple(dict.fromkeys((kb.person_country(first, day), kb.person_country(other, day)))))
            for other in others]


def not_a_team_or_company(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"The Mexico squad arrived in Dallas": a country's name with no official, among words of
    sport or business, is a team or a company, not a state."""
    if draft.actors:
        return [draft]
    return [] if lexicon().nonstate.search(reading.text) or context.nonstate_words >= NONSTATE_ARTICLE else [draft]


def decide_type(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """The one place an event's type is decided, from its trigger and what surrounds it."""
    kind, text, end = draft.type, reading.text, draft.trigger.end
    orgs_before = [m for m in reading.orgs if m.end <= draft.trigger.start]
    if kind == "summit" and draft.modality == "withdrawn" and draft.actors:
        # "will not attend the summit": the trip to it is off; the summit goes on without them
        gathering = draft.evolve(subject=(), from_context=(), actors=(), countries=(), words=(draft.trigger.text,),
                            modality="held" if PAST_WITHDRAWAL.search(draft.status_basis) else "planned",
                            status_basis=f"goes ahead without {', '.join(draft.actors)} ({draft.status_basis})")
        return [draft.evolve(type="visit", cameo=CAMEO_OF["visit"]), gathering]
    if kind == "summit" and SUMMIT_WITH.match(text, end):
        kind = "meeting"  # "a summit with President Biden"
    elif kind == "summit" and len(draft.actors) == 2 and len(set(draft.countries)) == 2 and not orgs_before \
            and not SIDELINES_OF.search(text, 0, draft.trigger.start) \
            and not lexicon().region_before.search(text, 0, draft.trigger.start):
        kind = "meeting"  # a summit of two leaders is a bilateral meeting; summits are multilateral
    elif kind == "meeting" and any(0 <= draft.trigger.start - m.end <= 3 for m in reading.orgs):
        kind = "summit"  # "the G7 meeting": a gathering of states
    elif kind == "meeting" and REMOTE.search(text[draft.clause[0]:draft.clause[1]]):
        kind = "call"  # "the meeting will take place virtually"
    elif kind == "visit" and REMOTE_BEFORE.search(text, 0, draft.trigger.start):
        kind = "call"  # "a virtual visit"
    if kind == draft.type:
        return [draft]
    return [draft.evolve(type=kind, cameo=CAMEO_OF[kind])]


def meetings_at_gatherings(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"meet on the sidelines of an SCO summit in June and a BRICS summit in October": one
    meeting at each gathering, on its date and at its place."""
    if draft.type != "meeting" or not SIDELINES.match(reading.text, draft.trigger.end):
        return [draft]
    later = [(i, t) for i, t in enumerate(reading.triggers) if i > draft.index and t.type == "summit"]
    if not later:
        return [draft]
    return [draft.evolve(date_expr=reading.trigger_times[i] or draft.date_expr,
                    place_hint=args.nearest(args.locatives(reading, t.end, len(reading.text)), t))
            for i, t in later]


def choose_date(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """The expression that dates the event: its own, else a later one in its clause ("a trip to
    Russia for talks on Monday"), else one framing the sentence ("Last month, ...")."""
    if draft.date_expr is not None:
        return [draft]
    expr = reading.trigger_times[draft.index]
    later = [t for t in reading.times if draft.trigger.end <= t.start and t.end <= draft.clause[1]
             and not NEW_PREDICATE.search(reading.text, draft.trigger.end, t.start)]
    framing = [t for t in reading.times if t.end <= draft.clause[0]]
    expr = expr or (later[0] if later else None) or (framing[-1] if framing else None)
    return [draft.evolve(date_expr=expr)] if expr is not None else [draft]


def not_an_undated_invitation(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"Lula invited Sheinbaum to make a state visit to Brazil": an invitation with no date is
    not yet on anyone's calendar."""
    if draft.modality != "planned" or draft.date_expr is not None:
        return [draft]
    plans = _cues(draft, reading, "planned")
    words = [c.text.strip().lower() for c in plans if c.text.strip().lower() != "to"]  # "invited X to make"
    return [] if words and all(w.startswith("invit") for w in words) else [draft]


def _days(match: re.Match | None) -> int:
    if not match:
        return 0
    value = match.group(1).lower()
    return int(value) if value.isdigit() else NUMBER_WORDS[value]


def _duration(draft: Draft, reading: Reading) -> int:
    """"a four-day trip": the days the trigger's own words give it; for a visit, the sentence's."""
    own = _days(DURATION.search(" ".join(reading.text[:draft.trigger.start].split()[-5:])))
    return own or (_days(VISIT_DURATION.search(reading.text)) if draft.type == "visit" else 0)


def _within(window: DateWindow, why: str) -> DateWindow:
    """Some days of a visit's window: its exact days become a range the event lies within."""
    return DateWindow(window.start, window.end, "range" if window.exact else window.precision, window.text,
                      f"{why}: {window.basis}")


def _fallback_window(draft: Draft, reading: Reading, context: Context) -> tuple[DateWindow | None, bool]:
    """(window, inherited?) for a draft with no date of its own: the gathering named before, the
    visit it happens during, the day of publication for what is under way, the report's day for
    what a report says was held. What is left undated is dated by `date_by_default`."""
    published = context.published
    if draft.type == "summit" and context.last_summit is not None and SUMMIT_REFERENCE.match(draft.trigger.text):
        w = context.last_summit.window
        return DateWindow(w.start, w.end, w.precision, w.text, f"the gathering named before: {w.basis}"), True
    trip = context.trip_of(draft.actors, "window") if draft.type == "summit" else None
    if trip is not None:  # "visited Beijing in October for the Belt and Road Forum"
        return _within(trip.window, "the trip to it"), True
    visit = context.visit_of(draft.actors) if draft.type == "meeting" else None
    if visit is not None:
        return _within(visit.window, "during the visit"), True
    if published is not None and draft.modality == "under_way":
        days = _duration(draft, reading) or 1
        return DateWindow(published, published + timedelta(days=days - 1), "range" if days > 1 else "day",
                          "", f"under way at publication @{published.isoformat()}"), False
    if draft.modality == "held" and reading.report_times and published is not None:
        report = resolve(reading.report_times[0], published, PAST)
        if report is not None:
            return DateWindow(report.start - REPORTED_WITHIN, report.end, "range", report.text,
                              f"on or before the report: {report.basis}"), True
    return None, False


def decide_date(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """The one place an event's date window is decided. Relative dates point back for what was
    held and forward for what is planned or was called off while still ahead."""
    tense = PAST if draft.modality in ("held", "under_way") else FUTURE
    expr = draft.date_expr
    if expr is not None:
        anchor = (context.last_day or context.published) if expr.kind in ANAPHORIC_KINDS else context.published
        window = resolve(expr, anchor, tense) if anchor is not None else None
        if window is not None:
            days = _duration(draft, reading)
            return [draft.evolve(window=extend(window, days) if days > 1 and window.precision == "day" else window)]
    window, inherited = _fallback_window(draft, reading, context)
    return [draft.evolve(window=window, date_inherited=inherited)] if window is not None else [draft]


def date_by_default(event: Event, published: date | None) -> Event:
    """The last word of `decide_date`, said once the article is read: an event that no sentence
    dates, directly or through another report of it in the article, is news. What was held is
    news of the last days; what is planned or called off lies ahead, later this year."""
    if event.window is not None or published is None:
        return event
    if event.status == "held":
        window = DateWindow(published - NEWS_WITHIN, published, "range", "",
                            f"news of the last days, no date given @{published.isoformat()}")
    else:
        end = max(date(published.year, 12, 31), published + AHEAD_AT_LEAST)
        window = DateWindow(published, end, "range", "", f"ahead, no date given @{published.isoformat()}")
    return replace(event, window=window, evidence=event.evidence + ("date_by_default",))


def decide_status(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """The one place an event's status is decided: the cues' modality, checked against its date."""
    published, window = context.published, draft.window
    status = {"withdrawn": "cancelled", "under_way": "held"}.get(draft.modality, draft.modality)
    basis = draft.status_basis or "held: no cue of plan or cancellation"
    if window is not None and published is not None:
        if status == "held" and window.start > published:
            status, basis = "planned", f"planned: its date is after publication ({basis})"
        elif status == "planned" and draft.type == "visit" and window.exact and not draft.date_inherited \
                and window.start <= published <= window.end:
            status, basis = "held", f"held: under way on the day of publication ({basis})"
    return [draft.evolve(status=status, status_basis=basis)]


def _country(place: Mention) -> str:
    return place.country or place.value


def _place_name(place: Mention, kb: Knowledge) -> str:
    if place.kind == "country":
        return kb.country_names.get(place.value, place.value)
    if kb.place_kind(place.value) == "seat":  # "at the White House": in Washington
        return kb.capitals.get(place.country, place.value)
    return place.value


def _visit_places(draft: Draft, reading: Reading) -> list[Mention]:
    trigger, clause, text = draft.trigger, draft.clause, reading.text
    # the places after a later trip word are its own: "the second leg of a trip that will take in Kenya"
    limit = next((t.start for t in reading.triggers[draft.index + 1:] if t.type == "visit"), len(text))
    if trigger.frame.place == "host":  # "Beijing hosted ...", "hosted X in Ankara", else the host's capital
        before = [m for m in reading.places if clause[0] <= m.start and m.end <= trigger.start and m.role != "demonym"]
        capital = knowledge().capitals.get(draft.countries[-1] if len(draft.countries) > 1 else "")
        return before[-1:] or args.locatives(reading, trigger.end, clause[1])[:1] or \
            ([Mention("place", capital, 0, 0, capital, draft.countries[-1])] if capital else [])
    found = args.destinations(reading, trigger, clause, limit)
    if found:
        return found
    if trigger.frame.place == "after" and trigger.text[-2:] in ("to", "in", "at", "or") and \
            UNKNOWN_NAME_AFTER.match(text, trigger.end):
        return []  # "heading to Sicily": a place we do not know; another place named later is not it
    # "a trip to Ukraine's neighbours Romania and Moldova": a possessor is the last resort
    after = sorted((m for m in reading.places if trigger.end <= m.start < min(clause[1], limit)),
                   key=lambda m: bool(args.POSSESSIVE_AFTER.match(text, m.end)))
    before = [m for m in reading.places if clause[0] <= m.start and m.end <= trigger.start
              and m.role != "demonym" and not args.POSSESSIVE_AFTER.match(text, m.end)]
    return [m for m in after + before[::-1] if _country(m) not in draft.countries[:1]][:1]


def _own(places: list[Mention], draft: Draft, reading: Reading) -> list[Mention]:
    """The places nearer this trigger than any other: in "meet X as they prepare for a summit in
    Brussels", Brussels is the summit's."""
    def owner(place: Mention) -> Trigger:
        # "meet Buhari in Abuja before flying to Nairobi": a place belongs to the last trigger before it
        before = [t for t in reading.triggers if t.end <= place.start]
        return before[-1] if before else min(reading.triggers, key=lambda t: args.distance(place, t))
    return [p for p in places if owner(p) == draft.trigger]


def locate(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """Where it happened. A visit goes abroad, one visit per host country; a call has no place."""
    kb = knowledge()
    if draft.type == "call":
        return [draft]
    if draft.type == "visit":
        places = _visit_places(draft, reading)
        earlier = None if places else next((d for d in reversed(context.latest) if d.type == "visit" and d.location), None)
        if earlier is not None and draft.trigger.frame.traveller == "subject" \
                and earlier.location_country not in draft.countries[:1]:
            # "the first visit since Obama's in 2009": a visit with no place is to where the story is
            return [draft.evolve(location=earlier.location, location_kind=earlier.location_kind,
                                 location_country=earlier.location_country,
                                 countries=tuple(dict.fromkeys(draft.countries + (earlier.location_country,))))]
        return [draft.evolve(location=_place_name(p, kb), location_kind=p.kind, location_country=_country(p),
                             countries=tuple(dict.fromkeys(draft.countries + (_country(p),))),
                             words=draft.words + (p.text,))
                for p in places if draft.countries[:1] != (_country(p),)]
    place = draft.place_hint or args.nearest(_own(args.locatives(reading, *draft.clause), draft, reading) or
                                             _own(args.locatives(reading, 0, len(reading.text)), draft, reading),
                                             draft.trigger)
    if place is None and draft.type == "summit":  # "Geneva will host the summit"
        place = args.nearest([m for m in reading.places if m.end <= draft.trigger.start
                              and HOST_VERB_AFTER.match(reading.text, m.end)], draft.trigger)
    trip = context.trip_of(draft.actors, "location") if place is None and draft.type == "summit" else None
    if trip is not None:  # "arrived in Kazan to attend the summit"
        return [draft.evolve(location=trip.location, location_kind=trip.location_kind,
                             location_country=trip.location_country,
                             countries=tuple(dict.fromkeys(draft.countries + (trip.location_country,))))]
    earlier = context.last_summit if draft.type == "summit" else context.visit_of(draft.actors)
    if place is None and draft.date_inherited and earlier is not None:
        return [draft.evolve(location=earlier.location, location_kind=earlier.location_kind,
                        countries=tuple(dict.fromkeys(draft.countries + (earlier.countries if draft.type == "summit" else ()))))]
    if place is None:
        return [draft]
    countries = draft.countries + ((_country(place),) if draft.type == "summit" else ())
    return [draft.evolve(location=_place_name(place, kb), location_kind=place.kind, location_country=_country(place),
                    countries=tuple(dict.fromkeys(countries)), words=draft.words + (place.text,))]


def visits_behind_meetings(draft: Draft, reading: Reading, context: Context) -> list[Draft]:
    """"Biden and Trudeau met in Ottawa": a meeting in one side's country is the other side's
    visit there too, on the same days."""
    if draft.type != "meeting" or draft.location_country not in draft.countries or draft.place_hint is not None:
        return [draft]  # a meeting on the sidelines of a summit: the trip is to the summit
    kb = knowledge()
    guests = tuple(a for a in draft.actors if kb.person_country(a, context.published) not in ("", draft.location_country))
    if not guests:
        return [draft]
    return [draft, draft.evolve(type="visit", cameo=CAMEO_OF["visit"], actors=guests + tuple(a for a in draft.actors if a not in guests))]


RULES: list[Rule] = [
    needs_its_frame,
    not_a_reference_back,
    not_hypothetical,
    read_modality,
    find_subject,
    find_objects,
    subject_from_context,
    swap_host_and_guest,
    resolve_participants,
    talks_with_hosts,
    between_states,
    one_meeting_per_counterpart,
    not_a_team_or_company,
    decide_type,
    meetings_at_gatherings,
    choose_date,
    not_an_undated_invitation,
    decide_date,
    holders_on_the_day,
    decide_status,
    locate,
    visits_behind_meetings,
]


def run_rules(draft: Draft, reading: Reading, context: Context, rules: list[Rule] = RULES) -> list[Draft]:
    # Evidence rides beside the drafts and is written once at the end: a copy per rule is slow.
    drafts = [(draft, draft.evidence)]
    for rule in rules:
        drafts = [(d, evidence if d is current else evidence + (rule.__name__,))
                  for current, evidence in drafts for d in rule(current, reading, context)]
    return [d.evolve(evidence=evidence) for d, evidence in drafts]


def _remember(context: Context, draft: Draft) -> Context:
    changes: dict = {"latest": context.latest[-LATEST_KEPT + 1:] + (draft,)}
    if len(draft.actors) > 1:
        changes["last_group"] = draft.actors
    if draft.type == "visit":
        changes["sentence_visits"] = context.sentence_visits + (draft,)
    if draft.window is not None:
        if draft.type == "visit":
            changes["visits"] = context.visits + (draft,)
        if draft.type == "summit":
            changes["last_summit"] = draft
        if draft.window.exact:
            changes["last_day"] = draft.window.start
    return replace(context, **changes)  # one copy of the context per event, not one per change


def _after_sentence(context: Context, reading: Reading) -> Context:
    people = [m for m in reading.mentions if m.kind == "person"]
    recent = tuple(p for p in context.recent_people if p not in {m.value for m in people})
    recent += tuple(dict.fromkeys(m.value for m in people))
    subjects = [m for m in people if not args.is_object(reading.text, m) and _takes_part(m, reading)]
    return replace(context, recent_people=recent, sentence_visits=(),
                   nonstate_words=context.nonstate_words + len(lexicon().nonstate.findall(reading.text)),
                   last_subject=subjects[0].value if subjects else context.last_subject)


def sentence_events(reading: Reading, context: Context) -> tuple[list[Draft], Context]:
    """The drafts one sentence states, and the context it leaves for the next."""
    drafts = []
    for index, trigger in enumerate(reading.triggers):
        start = Draft(trigger, index, reading.clause(trigger.start), trigger.type, trigger.frame.cameo)
        for draft in run_rules(start, reading, context):
            drafts.append(draft)
            context = _remember(context, draft)
    return drafts, _after_sentence(context, reading)
