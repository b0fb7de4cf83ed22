"""Events from one sentence's mentions: which words say that a visit, meeting, call or summit
happened or will happen, who took part, where, when, and whether it was held.

Each trigger word (data/triggers.csv) opens a candidate; its arguments come from its clause:
the subject before it (or a possessor, "Putin's visit", or an agent, "a trip by Putin"), the
people after it ("talks with Lavrov"), the place after "in"/"to", and the date nearest to it.
Tense and modality around the trigger give the status and the direction in which relative
dates are read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .dates import FUTURE, PAST, TimeExpr, extend, find_times, resolve
from .knowledge import Knowledge
from .records import DateWindow, Mention

# Where one clause ends and the next begins, for the purposes of attaching arguments.
CLAUSE_BREAK = re.compile(
    r";|,\s+(?:while|with|which|who|whose|where|but|as|although|though|just)\b|"
    r"\s(?:while|but|after|before|although|whereas|following|since)\s|"
    r",\s+(?:the|a|an|both|its)\s+(?:[\w'’.-]+\s+){0,5}(?:said|says|reported|added|announced)\b|"
    r",\s+and\s+(?=[a-z]+(?:ed|s)\b)")  # ", and indicated ...": a new verb, a new clause
CANCELLED_CUE = re.compile(
    r"\b(?:postpon\w*|cancel\w*|call(?:ed|s)?\s+off|pull(?:ed|s|ing)?\s+out(?:\s+of)?|scrap(?:ped|s)?|"
    r"abandon\w*|shelved|put\s+off|(?:will|would)\s+not\s+go\s+ahead|derail(?:ed)?)\b", re.IGNORECASE)
PLANNED_CUE = re.compile(
    r"\b(?:will|'ll|would|shall|to\s+be\s+held|(?:is|are|was|were)\s+to|plan(?:s|ned|ning)?|expected|"
    r"expects|set\s+to|due\s+to|scheduled|upcoming|intends?\s+to|hopes?\s+to|preparations?\s+for|"
    r"prepare\s+for|looks?\s+set|about\s+to|going\s+to|forthcoming|next|reconsidering|"
    r"initially|to\s+(?:visit|meet|attend|hold|travel|make|pay))\b", re.IGNORECASE)
# "the meeting ... will take place in Vienna": the verb after the event noun is future.
FUTURE_AFTER = re.compile(r"\b(?:will|is\s+to|are\s+to|is\s+set\s+to|is\s+due\s+to)\s+(?:\w+\s+){0,2}?"
                          r"(?:take\s+place|be\s+held|go\s+ahead|begin|start|open|convene|coincide)\b", re.IGNORECASE)
# "derail" only predicts a cancellation; the cue counts as one only in the past tense.
WEAK_CANCELLED = re.compile(r"\b(?:likely|could|may|might)\s+(?:to\s+)?derail", re.IGNORECASE)
# Words that make a trigger hypothetical, negated or a proposal: not an event.
UNREAL_CUE = re.compile(
    r"\b(?:if|unless|whether|could|might|should|no\s+plans?|not|never|n't|refused|declined|"
    r"rul(?:ed|es)\s+out|called\s+for|calls\s+for|call\s+for|proposed|proposal|each\s+other|"
    r"any|every|series\s+of|regular|frequent\w*)\b", re.IGNORECASE)
# "force Moscow to start negotiations": pressure towards an event is not the event.
PRESSURE_CUE = re.compile(r"\b(?:force|push|press|pressure|urge|persuade|convince|calls?)\w*\s+(?:[\w'’-]+\s+){0,3}"
                          r"to\s+(?:start|begin|hold|engage|return|come)\b", re.IGNORECASE)
# A date next to one of these words is when something was said, not when the event happened.
REPORTING = re.compile(
    r"(?:said|says|saying|announced|announces|told\s+(?:reporters|journalists|the\s+press)|"
    r"reported|stated|added|confirmed|statement(?:\s+released)?|briefing|press\s+release)"
    r"(?:\s+(?:on|in|late|early))?\s*$", re.IGNORECASE)
# "MOSCOW, Oct. 3 (Reuters) --": the dateline's date is the report's.
DATELINE_BEFORE = re.compile(r"^\s*(?:date\s+)?[A-Z][A-Z .'-]+,\s*$")
DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]*\))?\s*(?:--|–|—|-)")
# "is on a three-day visit", "is visiting": under way on the day of publication.
UNDER_WAY = re.compile(r"\b(?:is|are)\s+(?:currently\s+)?(?:on\s+(?:an?|his|her|their)\s+(?:[\w-]+\s+){0,3}$|"
                       r"visiting\s*$|in\s+\w+\s+(?:on|for)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}$)", re.IGNORECASE)
# A call reported on a day took place that day or the day before.
CALL_REPORTED_WITHIN = timedelta(days=1)
RELATIVE_CLAUSE = re.compile(r",\s+(?:which|that)\s+")
# How far after a trigger a relative clause may start and still describe it ("his visit to Australia, which")
RELATIVE_CLAUSE_REACH = 40
DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]day\b", re.IGNORECASE)
# A preposition, then at most a few title words, right before a name: the name is an object.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|by|of|from|for|at|on|about|against|including|between)\s+"
    r"(?:(?:[A-Z][\w.'’-]*|the|his|her|their|its|a|an|counterparts?|leaders?|officials?)\s+){0,4}$")
LOCATIVE_BEFORE = re.compile(r"\b(?:in|to|at|inside|near|outside|from|for|visit(?:ed|ing|s)?|"
                             r"toured|arrived\s+in|landed\s+in|hosted\s+by)\s+(?:the\s+)?$", re.IGNORECASE)
NOT_A_SUMMIT = re.compile(r"\b(?:press|news|video)\s+conference\b", re.IGNORECASE)
# How far back (in words) tense and modality cues are looked for before a trigger.
CUE_WINDOW_WORDS = 12
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
PLURAL_HABITUAL = {"visits", "trips", "calls", "summits", "meetings", "tours"}
# Trigger words that make an event only with more evidence around them.
WEAK_MEETING_WORDS = re.compile(r"^(?:discussed|told|urged|assured)", re.IGNORECASE)
CALL_VERBS = re.compile(r"^(?:phoned|telephoned|called)$", re.IGNORECASE)
# A determiner that points back to an event the text has already reported.
ANAPHORIC_BEFORE = re.compile(r"\b(?:this|that|these|those|their|during\s+the|during\s+his|during\s+her|"
                              r"the\s+same)\s+(?:[\w-]+\s+){0,1}$", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
POSSESSIVE_PRONOUN = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """An event as one sentence states it, before merging."""
    type: str
    cameo: str
    status: str
    window: DateWindow | None
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    location: str
    location_kind: str
    trigger: str
    words: tuple[str, ...]
    confidence: float
    date_inherited: bool = False
    position: int = 0  # where the trigger starts in the sentence


@dataclass
class Discourse:
    """What earlier sentences of the article established, for references back to them."""
    last_subject: str = ""
    visits: list[Draft] = field(default_factory=list)
    last_summit: Draft | None = None
    last_day: date | None = None  # the latest day a sentence named, for "the same week"

    def visit_of(self, actors: tuple[str, ...]) -> Draft | None:
        """The latest dated visit by one of `actors`, for "during the visit"."""
        for visit in reversed(self.visits):
            if set(visit.actors) & set(actors):
                return visit
        return None
    named: frozenset[str] = frozenset()


def find_triggers(text: str, kb: Knowledge) -> list[Mention]:
    """Trigger words, the longest at each place. One pass finds where they may start; only
    there is each pattern tried."""
    found = []
    starts = {m.start() for m in kb.any_trigger.finditer(text)}
    for start in starts:
        for trigger in kb.triggers:
            match = trigger.pattern.match(text, start)
            if match:
                found.append(Mention("trigger", match.group(), match.start(), match.end(),
                                     trigger.type, role=trigger.cameo))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen, reach = [], -1
    for mention in found:
        if mention.start >= reach:
            chosen.append(mention)
            reach = mention.end
    return chosen


def clause_span(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for match in CLAUSE_BREAK.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _window_words(text: str, end: int, words: int = CUE_WINDOW_WORDS) -> str:
    return " ".join(text[:end].split()[-words:])


def status_of(text: str, trigger: Mention, clause: tuple[int, int]) -> str:
    before = text[clause[0]:trigger.start]
    after = text[trigger.end:clause[1]][:60]
    near = _window_words(before, len(before))  # a cancellation governs the event it names
    if (CANCELLED_CUE.search(near) and not WEAK_CANCELLED.search(near)) or \
            re.match(r"^\s*(?:was|has\s+been|had\s+been|were)\s+(?:postpon|cancel|called\s+off|scrapped)",
                     after, re.IGNORECASE):
        return "cancelled"
    if PLANNED_CUE.search(before) or re.match(r"^\s*(?:will|would|(?:is|are)\s+(?:expected|scheduled|"
                                               r"planned|due|set|to))\b", after, re.IGNORECASE) or \
            FUTURE_AFTER.search(text[trigger.end:clause[1]]):
        return "planned"
    return "held"


def is_unreal(text: str, trigger: Mention, clause: tuple[int, int]) -> bool:
    before = _window_words(text[clause[0]:trigger.start], len(text[clause[0]:trigger.start]), 5)
    if CANCELLED_CUE.search(before) or re.search(r"\bnot\s+go\s+ahead", text[trigger.end:clause[1]]):
        return False  # "will not go ahead" cancels a real event
    return bool(UNREAL_CUE.search(before) or re.match(r"^\s+each\s+other\b", text[trigger.end:])
                or PRESSURE_CUE.search(before))


def _tense(status: str) -> str:
    """Which way relative dates point: a cancelled event was still ahead when it was called off."""
    return PAST if status == "held" else FUTURE


def _is_report_date(text: str, expr: TimeExpr) -> bool:
    dateline = DATELINE_BEFORE.search(text[:expr.start]) and DATELINE_AFTER.match(text[expr.end:])
    return bool(REPORTING.search(text[:expr.start]) or dateline)


def _people(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in ("person", "role")]


def _is_object(text: str, mention: Mention, floor: int = 0) -> bool:
    return bool(PREPOSITION_BEFORE.search(text[floor:mention.start]))


def _lists(text: str, people: list[Mention]) -> list[list[Mention]]:
    """Names joined into lists: "A and B", "A, B and C" (a comma alone is not a list: "At the
    invitation of A, B will arrive")."""
    groups: list[list[Mention]] = []
    for m in sorted(people, key=lambda m: m.start):
        if groups and COORDINATION.fullmatch(text[groups[-1][-1].end:m.start]) and m.start >= groups[-1][-1].end:
            groups[-1].append(m)
        elif not (groups and groups[-1][-1].start == m.start):
            groups.append([m])
        else:
            groups[-1].append(m)  # two readings of one span ("Chinese and Russian top diplomats")
    result = []
    for group in groups:
        links = [text[a.end:b.start] for a, b in zip(group, group[1:]) if b.start >= a.end]
        if len(group) > 1 and not any(re.search(r"\band\b|&", link) for link in links):
            result.extend([[m] for m in group])  # commas only: separate phrases
        else:
            result.append(group)
    return result


COORDINATION = re.compile(r"(?:'s|’s)?\s*(?:,|and|&|,\s*and)\s*(?:(?:[A-Z][\w.'’-]*|the|new|former)\s+){0,4}")


def _coordinated(text: str, head: Mention, people: list[Mention]) -> list[Mention]:
    """The head and the people listed with it: "Putin and Xi plan to meet"."""
    for group in _lists(text, people + [head]):
        if head in group:
            return group
    return [head]


def _in_object_list(text: str, mention: Mention, people: list[Mention], floor: int) -> bool:
    """An object itself, or listed after one: in "met with A and B", B is an object too."""
    for group in _lists(text, people):
        if mention in group:
            return _is_object(text, group[0], floor)
    return _is_object(text, mention, floor)


def _subject(text: str, trigger: Mention, clause: tuple[int, int], people: list[Mention]) -> list[Mention]:
    left = [m for m in people if clause[0] <= m.start and m.end <= trigger.start]
    # "Putin's expected visit": a possessor right before a noun trigger is its subject.
    for m in reversed(left):
        between = text[m.end:trigger.start]
        if re.match(r"^(?:'s|’s|')\s+(?:[\w-]+\s+){0,3}$", between):
            return [m]
    # "a trip to China by Putin": an agent after a noun trigger.
    agent = re.match(r"^(?:[^\w]+[\w'’-]+){0,5}?[^\w]+by\s+", text[trigger.end:clause[1]])
    if agent:
        start = trigger.end + agent.end()
        for m in people:
            if start <= m.start <= start + 40:
                return [m]
    subjects = [m for m in left if not _in_object_list(text, m, left, clause[0])]
    included = [m for m in left if INCLUDING_BEFORE.search(text[clause[0]:m.start])]
    if not subjects and included:
        # "the four leaders of the grouping, including Prime Minister Modi, will meet"
        earlier = [m for m in people if m.end <= clause[0] and not _is_object(text, m, clause_span(text, m.start)[0])]
        return earlier[:1] + included
    if subjects:
        head = _coordinated(text, subjects[-1], [m for m in people if m.end <= trigger.start])
        return [m for m in left if any(m.start == h.start and m.end == h.end for h in head)]
    earlier = [m for m in people if m.end <= clause[0] and not _is_object(text, m, clause_span(text, m.start)[0])]
    if earlier:
        return _coordinated(text, earlier[0], [m for m in people if m.end <= clause[0]])
    return []


def _objects(text: str, trigger: Mention, clause: tuple[int, int], people: list[Mention],
             next_trigger: int) -> list[Mention]:
    """The first list of names after the trigger ("talks with A and B"), and a host named by
    "at the invitation of" or "hosted by"."""
    limit = min(clause[1], next_trigger)
    after = [m for m in people if trigger.end <= m.start and m.end <= limit]
    if not after:
        return _hosts_before(text, trigger, people) if trigger.value == "visit" else []
    groups = _lists(text, after)
    chosen = list(groups[0])
    for group in groups[1:]:
        if INVITATION.search(text[:group[0].start]):
            chosen += group
    return chosen


def _hosts_before(text: str, trigger: Mention, people: list[Mention]) -> list[Mention]:
    """"At the invitation of President Macron, Modi will arrive": the host comes first."""
    return [m for m in people if m.end <= trigger.start and INVITATION.search(text[:m.start])]


def _resolve_person(mention: Mention, kb: Knowledge, day: date | None, discourse: Discourse) -> tuple[list[str], str]:
    """(people, country) behind a person or role mention. A role names someone only when the
    article names them too: the guide's actors are people named in the text."""
    if mention.kind == "person":
        return [mention.value], mention.country
    roles = tuple(mention.value.split(";"))
    if not mention.country:  # "the President": the article's own holder of the office
        holders = [p for p in discourse.named
                   if any(o.role in roles and o.held_on(day) for o in kb.offices.get(p, []))]
        if discourse.last_subject in holders:
            holders = [discourse.last_subject]
        if len(holders) != 1:
            return [], ""
        return holders, kb.person_country(holders[0], day)
    holders = kb.holders(mention.country, roles, day)
    return [h for h in holders if h in discourse.named][:1], mention.country


def _places(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in ("place", "country")]


def _locatives(text: str, places: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in places if start <= m.start and m.end <= end
            and LOCATIVE_BEFORE.search(text[max(0, m.start - 25):m.start])]


def _destinations(text: str, trigger: Mention, clause: tuple[int, int], places: list[Mention],
                  next_trigger: int) -> list[Mention]:
    """Where a visit goes: "visit Russia", "trip to Beijing", "visited Russia and Belarus"."""
    limit = min(clause[1], next_trigger)
    if trigger.text.lower() == "leg":  # "the Australia leg of his Asia trip"
        return [m for m in places if 0 <= trigger.start - m.end <= 2][:1]
    after = [m for m in places if trigger.end <= m.start and m.end <= limit]
    if not after:
        return []
    first = after[0]
    lead = text[trigger.end:first.start]
    if not re.fullmatch(r"\s*(?:\([^)]*\)\s*)?(?:(?:on|for|of)\s+)?(?:(?:an?|his|her|their|the|official|state|"
                        r"working|first|two|three|four|five|\w+-day)\s+)*(?:(?:visit|trip|tour)s?\s+)?"
                        r"(?:to|in|at)?\s*(?:the\s+)?", lead, re.IGNORECASE):
        return []
    chain = [first]
    for m in after[1:]:
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[chain[-1].end:m.start]):
            chain.append(m)
        else:
            break
    return chain


def _nearest(items, trigger: Mention):
    def distance(item):
        if item.start >= trigger.end:
            return (item.start - trigger.end) * 0.8
        return trigger.start - item.end
    return min(items, key=distance) if items else None


def _duration(text: str, trigger: Mention) -> int:
    """"a four-day trip": the days a trigger's own words give it."""
    return _days(DURATION.search(_window_words(text[:trigger.start], len(text[:trigger.start]), 5)))


def _assign_dates(text: str, triggers: list[Mention], times: list[TimeExpr]) -> dict[int, TimeExpr]:
    """Each trigger takes a date of its own clause: the first after it ("met Lavrov on Tuesday"),
    else the nearest before it ("Last month, Beijing hosted"); a date goes to one trigger only."""
    assigned: dict[int, TimeExpr] = {}
    taken: set[int] = set()
    for position, trigger in enumerate(triggers):
        clause = clause_span(text, trigger.start)
        relative = RELATIVE_CLAUSE.match(text, clause[1])
        if relative and clause[1] - trigger.end <= RELATIVE_CLAUSE_REACH:
            clause = (clause[0], clause_span(text, relative.end())[1])  # "his visit, which was scheduled for ..."
        limit = triggers[position + 1].start if position + 1 < len(triggers) else clause[1]
        mine = [t for t in times if clause[0] <= t.start and t.end <= clause[1] and t.start not in taken]
        after = [t for t in mine if trigger.end <= t.start < max(limit, trigger.end + 1)]
        before = [t for t in mine if t.end <= trigger.start]
        choice = after[0] if after else (before[-1] if before else None)
        if choice is not None:
            assigned[trigger.start] = choice
            taken.add(choice.start)
    return assigned


def sentence_events(text: str, mentions: list[Mention], kb: Knowledge,
                    published: date | None, discourse: Discourse) -> list[Draft]:
    """The drafts one sentence states. `discourse` carries what earlier sentences set up."""
    triggers = [t for t in find_triggers(text, kb) if _keep_trigger(text, t, mentions)]
    if not triggers:
        _remember_subject(text, mentions, discourse)
        return []
    found_times = find_times(text)
    times = [t for t in found_times if not _is_report_date(text, t)]
    report_times = [t for t in found_times if _is_report_date(text, t)]
    own_dates = _assign_dates(text, triggers, times)
    people, places = _people(mentions), _places(mentions)
    drafts = []
    for position, trigger in enumerate(triggers):
        clause = clause_span(text, trigger.start)
        if is_unreal(text, trigger, clause):
            continue
        next_start = triggers[position + 1].start if position + 1 < len(triggers) else len(text)
        if WEAK_MEETING_WORDS.match(trigger.text) and not (
                trigger.start in own_dates and _locatives(text, _places(mentions), 0, len(text))):
            continue  # "Xi told Lavrov that ..." is speech; "told ... in Beijing on Thursday" a meeting
        status = status_of(text, trigger, clause)
        kind = _event_type(text, trigger, mentions)
        subject = _subject(text, trigger, clause, people)
        objects = _objects(text, trigger, clause, people, next_start)
        subject_names = []
        if not subject:
            subject_names = _pronoun_subject(text, trigger, clause, people, discourse)
        actors, countries, words = [], [], [trigger.text]
        if kind == "visit" and trigger.text.lower().startswith("host"):
            subject, objects = objects, subject  # "Erdogan hosted Raisi": the guest is the visitor
        if kind == "call" and not objects and re.match(r"\s+(?:him|her)\b", text[trigger.end:]):
            # "the prime minister had called him": the other person the sentence names
            objects = [m for m in people if m.kind == "person" and m not in subject][:1]
        if kind == "meeting" and not subject and not objects and not subject_names:
            # "At a meeting at the forum, Putin told Zhang ...": the main clause names the sides.
            objects = [m for m in people if m.start >= clause[1]]
        for m in subject + objects:
            names, country = _resolve_person(m, kb, published, discourse)
            actors += [n for n in names if n not in actors]
            if country and country not in countries:
                countries.append(country)
            words.append(m.text)
        for name in subject_names:
            if name not in actors:
                actors.insert(0, name)
                country = kb.person_country(name, published)
                if country and country not in countries:
                    countries.insert(0, country)
        window, inherited = _date_for(text, trigger, own_dates, times, report_times, published, status,
                                      discourse, kind, tuple(actors))
        if window is not None and status == "held" and published and window.start > published:
            status = "planned"
        if window is not None and kind == "visit" and status == "planned" and window.exact and published \
                and window.start <= published <= window.end and not inherited:
            status = "held"  # a visit that began on the day of publication is under way
        if kind == "summit" and len(actors) == 2 and len(set(countries)) == 2 and \
                not any(m.kind == "org" for m in mentions if m.end <= trigger.start):
            kind = "meeting"  # a summit of two leaders is a bilateral meeting; summits are multilateral
        base = Draft(kind, trigger.role if kind != "meeting" or trigger.role != "043" else "040", status,
                     window, tuple(actors), tuple(countries), "", "", trigger.text, tuple(words),
                     _confidence(actors, countries, window), inherited, trigger.start)
        drafts.extend(_place(text, trigger, clause, base, places, next_start, kb, discourse))
    drafts = _split_counterparts(_talks_with_hosts(_split_sideline_meetings(text, drafts)), kb, published)
    drafts = _during_visits(drafts)
    for draft in drafts:
        if draft.window is not None and draft.window.exact:
            discourse.last_day = draft.window.start
        if draft.type == "visit" and draft.window is not None:
            discourse.visits.append(draft)
        if draft.type == "summit" and draft.window is not None:
            discourse.last_summit = draft
    _remember_subject(text, mentions, discourse)
    return drafts


INCLUDING_BEFORE = re.compile(r"\bincluding\s+(?:(?:[A-Z][\w.'’-]*|the)\s+){0,4}$")
INVITATION = re.compile(r"\b(?:invitation\s+of|invited\s+by|hosted\s+by|guest\s+of)\s+"
                        r"(?:(?:[A-Z][\w.'’-]*|the|his|her)\s+){0,4}$", re.IGNORECASE)
# "Geneva will host the Ukraine + partners summit": a place hosting a gathering, not a visit.
HOSTS_A_GATHERING = re.compile(r"\s+[^.;,]{0,50}?\b(?:summit|conference|forum|meeting|talks|event|games|olympics)\b",
                               re.IGNORECASE)
HOST_VERB_AFTER = re.compile(r"^\s+(?:will\s+(?:also\s+)?host|hosts|hosted|is\s+to\s+host|to\s+host)\b", re.IGNORECASE)
SUMMIT_REFERENCE = re.compile(r"^(?:attend|take\s+part|took\s+part|participate)", re.IGNORECASE)
SIDELINES = re.compile(r"^\s+(?:[\w-]+\s+){0,2}(?:on|at)\s+the\s+(?:sidelines|margins|outskirts)\s+of\b",
                       re.IGNORECASE)


def _split_sideline_meetings(text: str, drafts: list[Draft]) -> list[Draft]:
    """"meet on the sidelines of an SCO summit in June and a BRICS summit in October": one
    meeting at each summit, with the summit's place and date."""
    result = []
    for draft in drafts:
        summits = [d for d in drafts if d.type == "summit" and d.position > draft.position]
        trigger_end = draft.position + len(draft.trigger)
        if draft.type == "meeting" and summits and SIDELINES.match(text[trigger_end:]):
            for summit in summits:
                result.append(replace(draft, window=summit.window or draft.window,
                                      location=summit.location or draft.location,
                                      location_kind=summit.location_kind, position=summit.position))
        else:
            result.append(draft)
    return result


def _during_visits(drafts: list[Draft]) -> list[Draft]:
    """"his visit earlier this month to the United States for a summit with Biden": talks with no
    date of their own, in the sentence of a dated visit by one of their sides, happen during it."""
    visits = [d for d in drafts if d.type == "visit" and d.window is not None]
    result = []
    for draft in drafts:
        visit = next((v for v in visits if set(v.actors) & set(draft.actors)), None)
        if draft.type == "meeting" and draft.window is None and visit is not None:
            draft = replace(draft, window=visit.window, date_inherited=True,
                            location=draft.location or visit.location,
                            location_kind=draft.location_kind or visit.location_kind)
        result.append(draft)
    return result


def _talks_with_hosts(drafts: list[Draft]) -> list[Draft]:
    """"will visit Moscow at the invitation of Patrushev and hold discussions": talks that name
    one side only, in the sentence of a visit, are with that visit's hosts."""
    visits = [d for d in drafts if d.type == "visit" and len(d.actors) > 1]
    result = []
    for draft in drafts:
        host = next((v for v in visits if set(v.actors[:1]) == set(draft.actors)), None)
        if draft.type == "meeting" and len(draft.actors) == 1 and host is not None:
            draft = replace(draft, actors=host.actors, countries=tuple(dict.fromkeys(draft.countries + host.countries)),
                            window=draft.window or host.window, location=draft.location or host.location)
        result.append(draft)
    return result


def _split_counterparts(drafts: list[Draft], kb: Knowledge, day: date | None) -> list[Draft]:
    """"Modi will meet President Putin, Prime Minister Mishustin and Minister Lavrov": three meetings,
    one with each counterpart of the other state."""
    result = []
    for draft in drafts:
        first = draft.actors[:1]
        others = [a for a in draft.actors[1:] if kb.person_country(a, day) != kb.person_country(first[0], day)] \
            if first else []
        if draft.type == "meeting" and len(others) >= 2 and len(draft.actors) == len(others) + 1:
            for other in others:
                countries = tuple(dict.fromkeys((kb.person_country(first[0], day), kb.person_country(other, day))))
                result.append(replace(draft, actors=(first[0], other), countries=countries))
        else:
            result.append(draft)
    return result


def _pronoun_subject(text, trigger, clause, people, discourse) -> list[str]:
    """"he will meet": the subject the article was talking about; "his meeting with Xi, Lavrov
    held talks": the subject of the main clause that follows."""
    before = text[clause[0]:trigger.start]
    if POSSESSIVE_PRONOUN.search(before):
        # "Modi hoped his visit ...": the sentence's subject; "Before his meeting with Xi,
        # Lavrov held talks": the subject of the main clause that follows.
        subjects = [m for m in people if m.kind == "person" and (m.end <= clause[0] or m.start >= clause[1])
                    and not _is_object(text, m, clause_span(text, m.start)[0])]
        if subjects:
            return [subjects[0].value]
    if (PRONOUN.search(before) or POSSESSIVE_PRONOUN.search(before)) and discourse.last_subject:
        return [discourse.last_subject]
    return []


def _remember_subject(text: str, mentions: list[Mention], discourse: Discourse) -> None:
    people = [m for m in mentions if m.kind == "person" and not _is_object(text, m)]
    if people:
        discourse.last_subject = people[0].value


def _keep_trigger(text: str, trigger: Mention, mentions: list[Mention]) -> bool:
    word = trigger.text.lower()
    if ANAPHORIC_BEFORE.search(text[:trigger.start]):
        return False  # "this visit", "their meeting": an event already reported
    following = [m for m in mentions if m.start >= trigger.end and m.start - trigger.end <= 12]
    if word in PLURAL_HABITUAL:
        return bool(following) and trigger.value == "visit"  # "visits Russia" is a verb
    if trigger.value == "summit" and NOT_A_SUMMIT.search(text[max(0, trigger.start - 10):trigger.end]):
        return False
    if CALL_VERBS.match(word):
        return bool([m for m in following if m.kind in ("person", "role")]) or \
            bool(re.match(r"\s+(?:him|her)\b", text[trigger.end:]))
    if trigger.value == "visit" and word.startswith("host"):
        return not HOSTS_A_GATHERING.match(text[trigger.end:])
    if word == "leg":
        return bool(re.search(r"\b(?:trip|tour|visit)\b", text[trigger.end:trigger.end + 40]))
    return True


def _event_type(text: str, trigger: Mention, mentions: list[Mention]) -> str:
    if trigger.value == "summit" and re.match(r"\s+with\s+", text[trigger.end:]):
        return "meeting"  # "a summit with President Biden" is a bilateral meeting
    if trigger.value == "meeting" and any(m.kind == "org" and 0 <= trigger.start - m.end <= 3 for m in mentions):
        return "summit"  # "the G7 meeting", "an ASEAN meeting": a gathering of states
    return trigger.value


def _date_for(text, trigger, own_dates, times, report_times, published, status, discourse, kind, actors):
    """(window, inherited?): its own date, else the sentence's, else the visit it happens
    during, else the day it was reported (for something already held)."""
    tense = _tense(status)
    expr = own_dates.get(trigger.start)
    clause = clause_span(text, trigger.start)
    later = [t for t in times if trigger.end <= t.start and t.end <= clause[1]]
    if expr is None and later:
        expr = later[0]  # "a four-day trip to Russia for security talks on Monday"
    framing = [t for t in times if t.end <= clause[0]]  # "Last month, ... just days after X spoke with Y"
    if expr is None and framing:
        expr = framing[-1]
    if expr is not None:
        anchor = discourse.last_day if expr.kind == "same" else published
        window = resolve(expr, anchor, tense) if anchor is not None else None
        if window is not None:
            days = _duration(text, trigger) or (_visit_duration(text) if kind == "visit" else 0)
            if days > 1 and window.precision == "day":
                window = extend(window, days)
            return window, False
    if kind == "summit" and discourse.last_summit is not None and SUMMIT_REFERENCE.match(trigger.text):
        window = discourse.last_summit.window
        return DateWindow(window.start, window.end, window.precision, window.text,
                          f"the gathering named before: {window.basis}"), True
    visit = discourse.visit_of(actors)
    if visit is not None and kind == "meeting":
        window = visit.window
        return DateWindow(window.start, window.end, "range" if window.exact else window.precision,
                          window.text, f"during the visit: {window.basis}"), True
    if published is not None and UNDER_WAY.search(text[clause[0]:trigger.start]):
        days = _duration(text, trigger) or 1
        return DateWindow(published, published + timedelta(days=days - 1), "range" if days > 1 else "day",
                          "", f"under way at publication @{published.isoformat()}"), False
    if status == "held" and report_times and published is not None:
        report = resolve(report_times[0], published, PAST)
        if report is not None and kind == "call":
            return DateWindow(report.start - CALL_REPORTED_WITHIN, report.end, "range", report.text,
                              f"on or before the report: {report.basis}"), True
    return None, False


VISIT_DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]day\s+"
                            r"(?:[\w-]+\s+){0,2}(?:visit|trip|tour|stay)\b", re.IGNORECASE)


def _visit_duration(text: str) -> int:
    """"arrive in Paris on May 7 for a three-day state visit": the visit lasts three days."""
    return _days(VISIT_DURATION.search(text))


def _days(match: re.Match | None) -> int:
    if not match:
        return 0
    value = match.group(1).lower()
    return int(value) if value.isdigit() else NUMBERS[value]


def _confidence(actors: list[str], countries: list[str], window: DateWindow | None) -> float:
    score = 0.5 + (0.2 if actors else 0.0) + (0.1 if len(countries) > 1 else 0.0)
    return round(min(1.0, score + (0.2 if window is not None and window.exact else 0.1 if window else 0.0)), 2)


def _place(text, trigger, clause, base: Draft, places, next_start, kb: Knowledge, discourse) -> list[Draft]:
    """The draft with its location; a visit to several countries is one visit per country."""
    if base.type == "visit":
        destinations = _destinations(text, trigger, clause, places, next_start)
        if trigger.text.lower().startswith("host"):
            hosts = [m for m in places if clause[0] <= m.start and m.end <= trigger.start and m.role != "demonym"]
            destinations = hosts[-1:] or _locatives(text, places, trigger.end, clause[1])[:1] or \
                _host_capital(base, kb)
        if not destinations:
            after = [m for m in places if trigger.end <= m.start < clause[1]]
            before = [m for m in places if clause[0] <= m.start and m.end <= trigger.start
                      and m.role != "demonym" and not re.match(r"^(?:'s|’s)", text[m.end:])]
            foreign = [m for m in after + before[::-1] if _country(m) not in base.countries[:1]]
            destinations = foreign[:1]
        drafts = []
        for place in destinations:
            host = _country(place)
            if base.countries[:1] == (host,):
                continue  # travel at home is not a diplomatic visit
            countries = tuple(dict.fromkeys(base.countries + (host,)))
            drafts.append(replace(base, location=_place_name(place, kb), location_kind=place.kind,
                                  countries=countries, words=base.words + (place.text,)))
        return drafts
    if base.type == "call":
        return [base]  # the two sides of a call are in two places
    locatives = _locatives(text, places, clause[0], clause[1]) or _locatives(text, places, 0, len(text))
    if not locatives and base.type == "summit":  # "Geneva will host the summit"
        locatives = [m for m in places if m.end <= trigger.start and HOST_VERB_AFTER.match(text[m.end:])]
    place = _nearest(locatives, trigger)
    if place is None and base.type == "summit" and base.date_inherited and discourse.last_summit is not None:
        summit = discourse.last_summit
        return [replace(base, location=summit.location, location_kind=summit.location_kind,
                        countries=tuple(dict.fromkeys(base.countries + summit.countries)))]
    visit = discourse.visit_of(base.actors)
    if place is None and visit is not None and base.date_inherited:
        return [replace(base, location=visit.location, location_kind=visit.location_kind)]
    if place is None:
        return [base]
    countries = base.countries
    if base.type == "summit":
        countries = tuple(dict.fromkeys(countries + (_country(place),)))
    return [replace(base, location=_place_name(place, kb), location_kind=place.kind, countries=countries,
                    words=base.words + (place.text,))]


def _host_capital(base: Draft, kb: Knowledge) -> list[Mention]:
    """"President Erdogan hosted President Raisi": with no place named, the host's capital."""
    host_country = base.countries[-1] if len(base.countries) > 1 else ""
    capital = kb.capitals.get(host_country)
    return [Mention("place", capital, 0, 0, capital, host_country)] if capital else []


def _country(place: Mention) -> str:
    return place.country or place.value


def _place_name(place: Mention, kb: Knowledge) -> str:
    if place.kind == "country":
        return kb.country_names.get(place.value, place.value)
    if kb.place_kind(place.value) == "seat":  # "at the White House": in Washington
        return kb.capitals.get(place.country, place.value)
    return place.value
