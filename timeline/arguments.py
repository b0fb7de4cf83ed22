"""Who and where, relative to a trigger: the grammar of English news sentences that the rules
(rules.py) use to find a trigger's subject, its counterparts and its place.

Everything here is a pure function of a Reading and positions in it.
"""
from __future__ import annotations

import re

from .reading import Reading, Trigger
from .records import Mention

# A preposition, then at most a few title words, right before a name: the name is an object.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|by|of|from|for|at|on|about|against|including|between)\s+"
    r"(?:(?:[A-Z][\w.'’-]*|the|his|her|their|its|a|an|counterparts?|leaders?|officials?)\s+){0,4}$")
LOCATIVE_BEFORE = re.compile(r"\b(?:in|to|at|inside|near|outside|from|for|visit(?:ed|ing|s)?|"
                             r"toured|arrived\s+in|landed\s+in|hosted\s+by)\s+(?:the\s+)?"
                             r"(?:(?-i:[A-Z])[\w'’-]+\s*\(\s*)?$", re.IGNORECASE)  # "in Avaza (Turkmenistan)"
# "Lula of Brazil and Sheinbaum of Mexico": a country after a name does not end the list
COORDINATION = re.compile(r"(?:'s|’s)?(?:\s+of\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?\s*(?:,|and|&|,\s*and)\s*(?:(?:[A-Z][\w.'’-]*|the|new|former)\s+){0,4}")
INCLUDING_BEFORE = re.compile(r"\bincluding\s+(?:(?:[A-Z][\w.'’-]*|the)\s+){0,4}$")
INVITATION = re.compile(r"\b(?:invitation\s+of|invited\s+by|hosted\s+by|guest\s+of)\s+"
                        r"(?:(?:[A-Z][\w.'’-]*|the|his|her)\s+){0,4}$", re.IGNORECASE)
POSSESSOR = re.compile(r"^(?:'s|’s|')\s+(?:[\w-]+\s+){0,3}$")
# Separators and words share no character, so a run of dashes or quotes cannot be split in
# exponentially many ways (30 dashes took 8 s, 300 hung).
AGENT_AFTER = re.compile(r"^(?:[^\w'’-]+[\w'’-]+){0,5}?[^\w]+by\s+")
DESTINATION_LEAD = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:(?:on|for|of)\s+)?(?:(?:an?|his|her|their|the|official|state|working|first|"
    r"two|three|four|five|\w+-day)\s+)*(?:(?:visit|trip|tour)s?\s+)?(?:(?:abroad|overseas)\s+)?(?:to|in|at)?\s*"
    r"(?:the\s+)?"
    r"(?:\S+(?:'s|’s)\s+(?:[a-z]+\s+){1,2})?", re.IGNORECASE)  # "to Ukraine's neighbours Romania and Moldova"
POSSESSIVE_AFTER = re.compile(r"'s|’s")
PLACE_CHAIN = re.compile(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", re.IGNORECASE)  # "Ghana, the Republic of the Congo"


def is_object(text: str, mention: Mention, floor: int = 0) -> bool:
    return bool(PREPOSITION_BEFORE.search(text[floor:mention.start]))


def lists(text: str, people: list[Mention]) -> list[list[Mention]]:
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


def coordinated(text: str, head: Mention, people: list[Mention]) -> list[Mention]:
    """The head and the people listed with it: "Putin and Xi plan to meet"."""
    for group in lists(text, people + [head]):
        if head in group:
            return group
    return [head]


def in_object_list(text: str, mention: Mention, people: list[Mention], floor: int) -> bool:
    """An object itself, or listed after one: in "met with A and B", B is an object too."""
    for group in lists(text, people):
        if mention in group:
            return is_object(text, group[0], floor)
    return is_object(text, mention, floor)


def subject_of(reading: Reading, trigger: Trigger, clause: tuple[int, int]) -> list[Mention]:
    """The people a trigger is about: a possessor ("Putin's visit"), an agent ("a trip by Putin"),
    the subject of its clause, or the subject of the sentence."""
    text, people = reading.text, reading.people
    left = [m for m in people if clause[0] <= m.start and m.end <= trigger.start]
    for m in reversed(left):
        if POSSESSOR.match(text[m.end:trigger.start]):
            return [m]
    agent = AGENT_AFTER.match(text[trigger.end:clause[1]])
    if agent:
        start = trigger.end + agent.end()
        for m in people:
            if start <= m.start <= start + 40:
                return [m]
    subjects = [m for m in left if not in_object_list(text, m, left, clause[0])]
    included = [m for m in left if INCLUDING_BEFORE.search(text[clause[0]:m.start])]
    earlier = [m for m in people if m.end <= clause[0] and not is_object(text, m, reading.clause(m.start)[0])]
    if not subjects and included:
        # "the four leaders of the grouping, including Prime Minister Modi, will meet"
        return earlier[:1] + included
    if subjects:
        head = coordinated(text, subjects[-1], [m for m in people if m.end <= trigger.start])
        return [m for m in left if any(m.start == h.start and m.end == h.end for h in head)]
    if earlier:
        return coordinated(text, earlier[0], [m for m in people if m.end <= clause[0]])
    return []


def objects_of(reading: Reading, trigger: Trigger, clause: tuple[int, int], limit: int) -> list[Mention]:
    """The first list of names after the trigger ("talks with A and B"), with a host named by
    "at the invitation of" or "hosted by"; before the trigger, a host named that way."""
    text, people = reading.text, reading.people
    after = [m for m in people if trigger.end <= m.start and m.end <= min(clause[1], limit)]
    if not after:
        return [m for m in people if m.end <= trigger.start and INVITATION.search(text[:m.start])] \
            if trigger.type == "visit" else []
    groups = lists(text, after)
    chosen = list(groups[0])
    for group in groups[1:]:
        if INVITATION.search(text[:group[0].start]):
            chosen += group
    return chosen


def locatives(reading: Reading, start: int, end: int) -> list[Mention]:
    text = reading.text
    return [m for m in reading.places if start <= m.start and m.end <= end
            and LOCATIVE_BEFORE.search(text[max(0, m.start - 25):m.start])]


def destinations(reading: Reading, trigger: Trigger, clause: tuple[int, int], limit: int) -> list[Mention]:
    """Where a visit goes: "visit Russia", "trip to Beijing", "visited Russia and Belarus"."""
    text, places = reading.text, reading.places
    if trigger.frame.place == "before":  # "the Australia leg of his Asia trip"
        return [m for m in places if 0 <= trigger.start - m.end <= 2 and m.role != "demonym"][-1:]
    after = [m for m in places if trigger.end <= m.start and m.end <= min(clause[1], limit)]
    # "to Ukraine's neighbours Romania and Moldova": the possessor is not a destination, unless
    # nothing follows it ("arrived in Ankara's airport")
    owned = [m for m in after if not POSSESSIVE_AFTER.match(text, m.end)]
    if owned and DESTINATION_LEAD.fullmatch(text[trigger.end:owned[0].start]):
        after = owned
    if not after or not DESTINATION_LEAD.fullmatch(text[trigger.end:after[0].start]):
        return []
    chain = [after[0]]
    for m in after[1:]:
        if PLACE_CHAIN.fullmatch(text[chain[-1].end:m.start]):
            chain.append(m)
        else:
            break
    return chain


def distance(item: Mention, trigger: Trigger) -> float:
    """Characters between a mention and a trigger; what follows a trigger is a little nearer."""
    if item.start >= trigger.end:
        return (item.start - trigger.end) * 0.8
    return trigger.start - item.end


def nearest(items: list[Mention], trigger: Trigger) -> Mention | None:
    return min(items, key=lambda item: distance(item, trigger)) if items else None
