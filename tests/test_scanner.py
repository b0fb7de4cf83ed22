"""The scanner (timeline/scanner.py) finds exactly what the pattern finds, only faster: the
openings it reads from a pattern, the folding it searches them in, and its matches against
`re.finditer` on the lexicons and on sentences made to trip it."""
import re
import sys
from string import ascii_lowercase

import pytest

from timeline.dates import _SCANNER as DATE_GRAMMAR
from timeline.knowledge import knowledge
from timeline.lexicon import examples, lexicon
from timeline.scanner import DIGIT, SPACE, Scanner, first_characters, fold_case, may_open, openings, required_words

EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
W = "(?<!\\w)"  # how an opening at the start of a word is written

# (pattern, flags, the openings read from it; None: a match may open anywhere)
OPENINGS = [
    (r"\bvisit(?:ed|s)?\b", re.I, {(W, "v", "i", "s")}),
    (r"\b(?:state visit|trip)\b", re.I, {(W, "s", "t", "a"), (W, "t", "r", "i")}),
    (r"\bt(?:ake|ook) in", re.I, {(W, "t", "a", "k"), (W, "t", "o", "o")}),
    (r"\b(?:be|is)\s+in", re.I, {(W, "b", "e", SPACE), (W, "i", "s", SPACE)}),
    (r"\b(?:tele)?phone", re.I, {(W, "t", "e", "l"), (W, "p", "h", "o")}),
    (r"\b(?:will|'ll)\b", re.I, {(W, "w", "i", "l"), ("'", "l", "l")}),  # "he'll": no word starts at '
    (r"[Ss]pring", 0, {("s", "p", "r")}),
    (r"January|Jan\.?", 0, {("j", "a", "n")}),  # "jan" covers "janu..."
    (r"(?<!\w)(?=\d|May)(?:\d+|May \d)", 0, {(W, DIGIT), (W, "m", "a", "y")}),  # the lookahead says it
    (r"\b\d{1,2} May", 0, {(W, DIGIT, " ", "m"), (W, DIGIT, DIGIT, " ")}),  # repeats are unrolled
    (r"café", re.I, {("c", "a", "f")}),
    (r"\bélan", re.I, None),  # a letter folding could change: no shortcut
    (r"\b[a-z]+ing", re.I, None),  # too many ways in
    (r"\b(?:a|in)\s+week", re.I, {(W, "a", SPACE, SPACE), (W, "a", SPACE, "w"), (W, "i", "n", SPACE)}),
    (r"\s*next", re.I, {(SPACE, SPACE, SPACE), (SPACE, SPACE, "n"), (SPACE, "n", "e"), ("n", "e", "x")}),
    (r"(?:[\w-]+\s+)?next", re.I, None),  # may open with any word character
    (r"(?:visit)?", re.I, None),  # may be empty
]


@pytest.mark.parametrize("pattern,flags,expected", OPENINGS, ids=[p for p, _, _ in OPENINGS])
def test_openings_are_read_from_the_pattern(pattern, flags, expected):
    assert openings(re.compile(pattern, flags)) == (None if expected is None else frozenset(expected))


@pytest.mark.parametrize("letter", ascii_lowercase)
def test_every_character_that_matches_a_letter_folds_to_it(letter):
    matching = re.findall(letter, EVERY_CHARACTER, re.IGNORECASE)  # the engine's own judgement
    assert {fold_case(c) for c in matching} == {letter}


def test_folding_keeps_length_words_and_digits():
    folded = EVERY_CHARACTER.translate(str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})).lower()
    assert len(folded) == len(EVERY_CHARACTER)
    for pattern in (r"\w", r"\d", r"\s"):
        assert [m.start() for m in re.finditer(pattern, folded)] == \
            [m.start() for m in re.finditer(pattern, EVERY_CHARACTER)]
    assert [c for c in EVERY_CHARACTER if c.isdecimal()] == re.findall(r"\d", EVERY_CHARACTER)
    assert [c for c in EVERY_CHARACTER if c.isspace()] == re.findall(r"\s", EVERY_CHARACTER)


@pytest.mark.parametrize("characters,char,expected", [
    (frozenset("vs"), "v", True), (frozenset("vs"), "t", False), (frozenset({DIGIT}), "٣", True),
    (frozenset({DIGIT}), "x", False), (frozenset({SPACE}), "\u2003", True), (None, "x", True),
])
def test_may_open(characters, char, expected):
    assert may_open(characters, char) is expected


def test_first_characters():
    assert first_characters(re.compile(r"\b(?:visit|trip|\d+ days)", re.I)) == {"v", "t", DIGIT}


# Sentences that a shortcut could get wrong: letters that fold to ASCII (Kelvin sign, long s,
# dotted and dotless i), matches that overlap where they open, matches cut by endpos.
TRICKY = [
    "The KING visited; the ſtate visit, then İstanbul and ıs in Paris.",
    "Kings kinged: king's ſpeech, a Kelvin K king.",
    "He'll visit; they'll not; visits visitvisit revisited a-visit visit-trip.",
    "12 May 2024, 3 May, ١٢ May, May 2025 and 2025-05-12.",
    "No match here at all.",
    "",
]
PATTERNS = [
    re.compile(r"\bking(?:s)?\b|\bstate visit\b|\bistanbul\b|\bis in\b", re.I),
    re.compile(r"\b(?:will|'ll)\b|\bvisit(?:s)?\b|\bvisitvisit\b", re.I),
    re.compile(r"(?<!\w)(?:\d+ May|May \d+)|\d{4}-\d\d", 0),
    re.compile(r"(?:\w+\s)?king", re.I),  # no openings: the scanner falls back to finditer
    re.compile(r"(?=visit|kin)|king", re.I),  # empty matches: finditer's rules for them
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.pattern[:30] for p in PATTERNS])
@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("endpos", [None, 20])
def test_scanner_finds_what_finditer_finds(pattern, text, endpos):
    end = len(text) if endpos is None else min(endpos, len(text))
    expected = [(m.span(), m.group(), m.lastgroup) for m in pattern.finditer(text, 0, end)]
    assert [(m.span(), m.group(), m.lastgroup) for m in Scanner(pattern).finditer(text, endpos)] == expected


def _lexicon_patterns():
    words = lexicon()
    return {"triggers": words.any_trigger.pattern, "cues": words.any_cue.pattern,
            "roles": knowledge().role_pattern, "dates": DATE_GRAMMAR}


@pytest.mark.parametrize("name", sorted(_lexicon_patterns()))
def test_lexicons_have_openings_and_their_scanners_agree_on_every_example(name):
    pattern = _lexicon_patterns()[name]
    scanner = Scanner(pattern)
    assert scanner.openings is not None  # else the scanner gives no speed
    for text in [e.sentence for e in examples()] + TRICKY:
        assert [(m.span(), m.lastgroup) for m in scanner.finditer(text)] == \
            [(m.span(), m.lastgroup) for m in pattern.finditer(text)], text


# (pattern, flags, the words every match holds; None: none can be read)
REQUIRED = [
    (r"cookies?\b.*\b(?:accept|consent)", re.I, {"cookie"}),
    (r"privacy policy|sign up for (?:our|the) newsletter", re.I, {"privacy policy", "sign up for "}),
    (r"^\s*(?:read (?:more|also)|[a-z ]*access ranking)\s*$", re.I, {"read ", "access ranking"}),
    (r"[Ss]hare (?:this|on)", 0, {"share "}),
    (r"(?:popular|most popular) now", 0, {"popular"}),  # the shorter word is in the longer one
    (r"\bday\b|\d+", 0, None),  # a number holds no word
    (r"x*", 0, None),
]


@pytest.mark.parametrize("pattern,flags,expected", REQUIRED, ids=[p for p, _, _ in REQUIRED])
def test_required_words_are_read_from_the_pattern(pattern, flags, expected):
    assert required_words(re.compile(pattern, flags)) == (None if expected is None else frozenset(expected))


def test_every_match_holds_a_required_word():
    from timeline.clean import FURNITURE
    lines = ["We use cookies. Accept all?", "ACCEPT ALL COOKIES", "Privacy Policy", "© 2024 Reuters",
             "Sign up for our newsletter", "Share this", "ACCEPT COO\u212aIES (a Kelvin sign)"]
    words = required_words(FURNITURE)
    for line in lines:
        assert FURNITURE.search(line) and any(w in fold_case(line) for w in words), line
