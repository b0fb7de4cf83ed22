"""Actors and places in a sentence: people, role phrases, countries, capitals, organisations.

Three passes, from the surest to the most inferred:
1. gazetteer matches (full names and their variants, countries, demonyms, places, organisations);
2. role phrases: "China's top diplomat", "the Russian foreign minister", and unknown people
   introduced by a title ("Vice Premier Zhang Guoqing");
3. at article level (`resolve_short_names`): surnames after the first mention, a title with a
   surname of someone in office, and an unambiguous misspelling of a name the article uses.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .clean import SENTENCE_END
from .knowledge import Knowledge, fold, surname
from .records import Mention
from .scanner import Scanner

# A capitalised word, possibly hyphenated ("Jae-myung") or with an apostrophe ("O'Brien").
_NAME_WORD = (r"[A-Z][a-zà-ÿ\u0100-\u024f\u1e00-\u1eff]+"
              r"(?:[-'’][A-Za-zà-ÿ\u0100-\u024f\u1e00-\u1eff]{2,})?")  # "O'Brien", not "Lavrov's"
# Weekdays and months: "President Muhammadu Buhari Monday hosted ..." ends the name at Monday.
DATE_WORDS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                        "January", "February", "March", "April", "May", "June", "July", "August",
                        "September", "October", "November", "December"})
_DATE_WORD = "(?:" + "|".join(sorted(DATE_WORDS)) + r")\b"
_NAME_WORD_PATTERN = re.compile(_NAME_WORD)
_UNKNOWN_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?!{_DATE_WORD}){_NAME_WORD}){{1,2}}")
# "President Soeharto arrived": one name after a capitalised title, with no other name after it.
_SINGLE_NAME = re.compile(rf"{_NAME_WORD}(?![\w'’-]|\s+[A-Z]|\s*[(\"“‘])")  # not 'Joko "Jokowi" Widodo'
# A month or weekday that is someone's surname ("May") is a date after these words or beside a
# day number or a year: "in May", "mid-May", "May 25", "25 May", "the 25th of May", "May 2017".
_DATE_CUE_BEFORE = re.compile(r"(?i)(?:\b(?:in|early|mid|late|last|next|this|of|since|until|till|by|from|"
                              r"through)[\s-]+|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)$")
_DATE_CUE_AFTER = re.compile(r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?\b|(?:19|20)\d\d\b)")
DATE_CUE_REACH = 12  # characters looked back for a cue
_POSSESSIVE = re.compile(r"^(?:'s|’s|')")
# Capitalised words that start sentences or titles but are never a person's name.
NOT_NAMES = {"The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "His", "Her",
             "Their", "This", "That", "But", "And", "As", "After", "Before", "During", "Prior",
             "Last", "Next", "Mr", "Mrs", "Ms", "Dr", "President", "Minister", "Prime", "Foreign",
             "Chinese", "Russian", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
             "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December", "Photo", "Both", "Some"}
# A misspelling is accepted only for names at least this long and this close (edit distance).
MISSPELLING_MIN_LENGTH = 5
SOLE_SURNAME_MIN_LENGTH = 4  # "Modi", "Ruto"; two-letter family names ("Xi", "Li") stand for many people
MISSPELLING_MAX_DISTANCE = 1
_WORD_CHAR = re.compile(r"\w")


def _is_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after)


def _gazetteer_matches(text: str, kb: Knowledge) -> list[tuple[int, int, str]]:
    """Leftmost-longest, whole-word matches of gazetteer surfaces: (start, end, surface)."""
    if not len(kb.automaton):
        return []
    found = []
    folded = fold(text)
    for haystack in {text, folded} if len(folded) == len(text) else {text}:
        for end, surface in kb.automaton.iter(haystack):
            start = end - len(surface) + 1
            if _is_boundary(haystack, start, end + 1):
                found.append((start, end + 1, surface))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, reach = [], -1
    for start, end, surface in found:
        if start >= reach:
            chosen.append((start, end, surface))
            reach = end
    return chosen


def _entity_mentions(text: str, kb: Knowledge, day: date | None) -> list[Mention]:
    mentions = []
    for start, end, surface in _gazetteer_matches(text, kb):
        entries = kb.entries[surface]
        people = [e for e in entries if e.kind == "person"]
        if people:
            # Several people behind one spelling: prefer whoever was in office at the time.
            best = sorted(people, key=lambda e: not kb.in_office(e.value, day))[0]
            mentions.append(Mention("person", text[start:end], start, end, best.value,
                                    kb.person_country(best.value, day)))
            continue
        entry = entries[0]
        kind = {"demonym": "country"}.get(entry.kind, entry.kind)
        mentions.append(Mention(kind, text[start:end], start, end, entry.value, entry.country,
                                role="demonym" if entry.kind == "demonym" else ""))
    return mentions


def _qualifiers(text: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """Country mentions that qualify a role phrase starting at `start`:
    "China's top diplomat", "the Chinese and Russian top diplomats", "Moscow's top diplomat"."""
    before = [m for m in mentions if m.end <= start and m.kind in ("country", "place", "org")]
    if not before:
        return []
    last = before[-1]
    gap = text[last.end:start]
    if not re.fullmatch(r"(?:'s|’s|')?\s*(?:(?:top|senior|chief|then|former|new|state|"
                        r"security|deputy|first|acting)\s+)*", gap, re.IGNORECASE):
        return []
    found = [last]
    for earlier in reversed(before[:-1]):
        link = text[earlier.end:found[0].start]
        if re.fullmatch(r"(?:'s|’s)?\s*(?:,|and|&)\s*", link):
            found.insert(0, earlier)
        else:
            break
    return found


def _country_of(mention: Mention) -> str:
    return mention.country or mention.value


@lru_cache(maxsize=2)
def _role_scanner(kb: Knowledge) -> Scanner:
    return Scanner(kb.role_pattern)


def _role_mentions(text: str, kb: Knowledge, entities: list[Mention]) -> list[Mention]:
    """Role phrases, each either a title in front of a name or a stand-in for a person."""
    taken = [(m.start, m.end) for m in entities if m.kind == "person"]
    mentions = []
    titled: list[tuple[Mention, int]] = []
    for match in _role_scanner(kb).finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        phrase = match.group("role").lower()
        roles, is_title = kb.roles[phrase]
        if match.group("role")[0].islower() and phrase in ("president", "premier", "leader", "king") \
                and not _qualifiers(text, start, entities):
            continue  # "the president" alone: too vague to stand for anyone
        qualifiers = _qualifiers(text, start, entities)
        after_of = re.match(r"\s+of\s+(?:the\s+)?", text[end:])
        if not qualifiers and after_of:
            following = [m for m in entities if m.start == end + after_of.end() and m.kind in ("country", "org")]
            qualifiers = following
            if following:
                end = following[0].end
        rest = text[end:]
        name_after = re.match(r"\s*,?\s*", rest)
        next_start = end + (name_after.end() if name_after else 0)
        person_next = next((m for m in entities if m.kind == "person" and m.start == next_start), None)
        if person_next is not None:
            titled.append((person_next, min([start] + [q.start for q in qualifiers])))
            continue  # a title: the person is already recognised
        unknown = _UNKNOWN_NAME.match(text, end + 1) if is_title and text[end:end + 1] == " " \
            and not is_title_case(text) else None
        if unknown is None and is_title and match.group("role")[0].isupper() and text[end:end + 1] == " " \
                and not is_title_case(text):
            single = _SINGLE_NAME.match(text, end + 1)
            # a known surname ("President Xi") is the gazetteer's to resolve
            known = single and any(w in kb.surnames or w in kb.entries for w in (single.group(), fold(single.group())))
            unknown = single if single and not known else None
        if unknown and unknown.group().split()[0] not in NOT_NAMES and not any(
                m.start < unknown.end() and unknown.start() < m.end for m in entities):
            country = _country_of(qualifiers[-1]) if qualifiers else ""
            # the mention spans its title, as a known person's does: "Minister of Foreign Affairs of
            # Kyrgyzstan Ruslan Kazakbaev" is a subject, not the object of an "of"
            begin = min([start] + [q.start for q in qualifiers])
            mentions.append(Mention("person", text[begin:unknown.end()], begin, unknown.end(),
                                    unknown.group(), country, role=roles[0] if roles else ""))
            continue
        if not roles or any(q.kind == "org" for q in qualifiers):
            continue
        if match.group("plural") and len(qualifiers) < 2:
            continue  # "Russian leaders": a group, not one person
        begin = qualifiers[0].start if qualifiers else start
        for qualifier in qualifiers:
            mentions.append(Mention("role", text[begin:end], begin, end, ";".join(roles),
                                    _country_of(qualifier), role=";".join(roles)))
        if not qualifiers and match.group("role")[0].isupper() and re.search(r"\bthe\s+$", text[:start], re.I):
            # "the President": the article's own holder of that office, resolved by rules.py
            mentions.append(Mention("role", text[start:end], start, end, ";".join(roles), "", role=";".join(roles)))
    for person, begin in titled:
        entities[entities.index(person)] = Mention("person", text[begin:person.end], begin, person.end,
                                                   person.value, person.country, person.role)
    return mentions


# In a headline most words are capitalised, so capitals there say nothing about names.
TITLE_CASE_SHARE = 0.8  # headlines capitalise nearly every long word; prose with many names does not
TITLE_CASE_MIN_WORDS = 6  # fewer words than this say nothing either way


def is_title_case(text: str) -> bool:
    """A headline: mostly capitalised words and no full stop (name-heavy sentences have one)."""
    if SENTENCE_END.search(text.strip()):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return len(words) >= TITLE_CASE_MIN_WORDS and sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


def recognise(text: str, kb: Knowledge, day: date | None) -> list[Mention]:
    """Every actor and place mention in one sentence, ordered by position."""
    entities = _entity_mentions(text, kb, day)
    roles = _role_mentions(text, kb, entities)
    mentions = entities + roles + _capital_phrases(text, kb, entities)
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _capital_phrases(text: str, kb: Knowledge, entities: list[Mention]) -> list[Mention]:
    """"the Chinese capital" is Beijing."""
    found = []
    for m in entities:
        if m.kind == "country" and m.role == "demonym":
            tail = re.match(r"\s+capital\b", text[m.end:])
            if tail and m.value in kb.capitals:
                end = m.end + tail.end()
                found.append(Mention("place", text[m.start:end], m.start, end, kb.capitals[m.value], m.value))
    return found


def resolve_short_names(text: str, mentions: list[Mention], named: set[str], kb: Knowledge,
                        day: date | None) -> list[Mention]:
    """Add people named by surname, by title and surname, or misspelt, in one sentence.

    `named` holds the people the article names in full anywhere, so a surname used before the
    full name still resolves.
    """
    by_surname = _by_surname(frozenset(named), kb, day)
    mentions = [replace(m, value=by_surname[m.value]) if m.kind == "person" and " " not in m.value
                and by_surname.get(m.value, m.value) not in ("", m.value) else m for m in mentions]
    covered = [(m.start, m.end) for m in mentions if m.kind != "role" or m.country]
    added = []
    for match in _NAME_WORD_PATTERN.finditer(text):
        start, end = match.span()
        word = match.group()
        if any(s <= start < e for s, e in covered):
            continue
        if word in NOT_NAMES and (word not in DATE_WORDS or is_date_word(text, start, end)):
            continue
        person = by_surname.get(word) or by_surname.get(fold(word))
        if person is None:
            person = _titled_incumbent(text, start, word, kb, day) or \
                (None if word in NOT_NAMES else _sole_incumbent(word, kb, day))
        if person is None and word not in NOT_NAMES and len(word) >= MISSPELLING_MIN_LENGTH \
                and word not in kb.entries:
            close = [p for s, p in by_surname.items() if p and len(s) >= MISSPELLING_MIN_LENGTH
                     and Levenshtein.distance(s, word) <= MISSPELLING_MAX_DISTANCE]
            person = close[0] if len(close) == 1 else None
        if person:
            added.append(Mention("person", word, start, end, person, kb.person_country(person, day)))
    return sorted(mentions + added, key=lambda m: (m.start, -m.end))


@lru_cache(maxsize=8)
def _by_surname(named: frozenset[str], kb: Knowledge, day: date | None) -> dict[str, str]:
    """Who each surname of the article's people names ("" when two people share it). The same
    for every sentence of an article: worked out once."""
    by_surname: dict[str, str] = {}
    for person in sorted(named, key=lambda p: " " in p):  # "President Soeharto" first, full names after
        key = surname(person, kb.person_country(person, day))
        prior = by_surname.get(key)
        # two Wangs are ambiguous; a full name replaces the surname a title introduced ("President Tudjman")
        by_surname[key] = person if prior is None or " " not in prior else ""
    return by_surname


def is_date_word(text: str, start: int, end: int) -> bool:
    """Whether the month or weekday at text[start:end] is used as a date here ("in May",
    "May 25"), not as a surname ("May said")."""
    return bool(_DATE_CUE_BEFORE.search(text, max(0, start - DATE_CUE_REACH), start)
                or _DATE_CUE_AFTER.match(text, end))


def _bearers(word: str, kb: Knowledge) -> set[str]:
    """The people in the gazetteer whose surname is `word`, with or without its accents."""
    return kb.surnames.get(word, set()) | kb.surnames.get(fold(word), set())


def _sole_incumbent(word: str, kb: Knowledge, day: date | None) -> str | None:
    """"Putin last visited Beijing": a surname alone that only one person in the gazetteer bears,
    who held office on the day of the article. Short surnames ("Li", "Kim") are too common."""
    candidates = _bearers(word, kb)
    if len(candidates) != 1 or len(word) < SOLE_SURNAME_MIN_LENGTH or word in kb.entries:
        return None
    person = next(iter(candidates))
    return person if day is not None and kb.in_office(person, day) else None


def _titled_incumbent(text: str, start: int, word: str, kb: Knowledge, day: date | None) -> str | None:
    """"President Thưởng": a title before a surname that one office holder of the day bears."""
    candidates = _bearers(word, kb)
    if not candidates or not kb.title_before.search(text[max(0, start - 40):start]):
        return None
    current = [p for p in candidates if kb.in_office(p, day)]
    return current[0] if len(current) == 1 else None
