"""A regular expression tried only where one of its matches can begin.

The lexicons are alternations of dozens of words under IGNORECASE, and Python's engine tries
every alternative at every character of a sentence. Most characters cannot start a match: the
first few characters of every match are written in the pattern itself. `Scanner` reads them
from the parsed pattern, finds where they occur with one case-sensitive search of the folded
text (a search the engine runs in C from one character to the next), and tries the pattern only
there. Its matches are exactly the pattern's own, whatever the pattern (tests/test_scanner.py):
where the pattern's opening cannot be read, the scanner tries it everywhere, as `finditer` does.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

try:  # the parser behind re.compile; a Python without it only loses the speed
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - other Pythons
    _sre = _sre_parse = None

# Characters read from a pattern's opening: more narrows the places tried, and makes the search
# for them longer.
PREFIX_CHARS = 3
# A class of more characters than this ([a-z], \w) says too little to be worth searching for.
CLASS_CHARS = 12
# IGNORECASE lets these match an ASCII letter although lower() does not make them one
# (tests/test_scanner.py checks every code point against the engine).
_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
DIGIT = r"\d"  # an opening character that is any decimal digit


@lru_cache(maxsize=16)
def fold_case(text: str) -> str | None:
    """The text lower-cased so that a character matches a letter under IGNORECASE only if it
    folds to that letter, or None if folding would move offsets. Cached: several scanners read
    the same sentence one after another."""
    if text.isascii():
        return text.lower()
    key = text.translate(_FOLDS).lower()
    return key if len(key) == len(text) else None


def _atom(code: int) -> str | None:
    """What a character of the pattern is in folded text, or None if folding may change it."""
    char = chr(code)
    if char.isascii() and char.isalpha():
        return char.lower()
    if char.lower() == char == char.upper() and char not in "İıſK":
        return char  # uncased: only itself, with or without IGNORECASE
    return None


def _class_atoms(items) -> list[str] | None:
    atoms: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            atoms.append(_atom(av))
        elif op is _sre.RANGE and av[1] - av[0] < CLASS_CHARS:
            atoms += [_atom(code) for code in range(av[0], av[1] + 1)]
        elif op is _sre.CATEGORY and av is _sre.CATEGORY_DIGIT:
            atoms.append(DIGIT)
        else:
            return None
    return None if None in atoms or len(atoms) > CLASS_CHARS else sorted(set(atoms))


_WORD_START = "(?<!\\w)"  # an opening that begins a word: the character before is no word character
_BOUNDARY = "\\b"  # pending: a word start if the first character is a word character


def _is_word_atom(atom: str) -> bool:
    return atom == DIGIT or atom.isalnum() or atom == "_"


def _with(prefix: tuple[str, ...], atom: str) -> tuple[str, ...]:
    if prefix == (_BOUNDARY,):
        return (_WORD_START, atom) if _is_word_atom(atom) else (atom,)
    return prefix + (atom,)


def _chars(prefix: tuple[str, ...]) -> int:
    return sum(1 for atom in prefix if atom not in (_WORD_START, _BOUNDARY))


def _is_word_lookbehind(av) -> bool:
    direction, body = av
    return direction == -1 and list(body.data) == [(_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_WORD)])]


def _openings(items: list, prefix: tuple[str, ...], found: set[tuple[str, ...]]) -> None:
    """Add to `found` what every match of `items` starts with, after `prefix`: one tuple of
    opening characters per way in, shorter where the next character cannot be known."""
    if _chars(prefix) == PREFIX_CHARS or not items:
        found.add(prefix if prefix != (_BOUNDARY,) else ())
        return
    (op, av), rest = items[0], items[1:]
    if op is _sre.AT and av is _sre.AT_BOUNDARY and not prefix:
        _openings(rest, (_BOUNDARY,), found)
    elif op is _sre.ASSERT_NOT and not _chars(prefix) and _is_word_lookbehind(av):
        _openings(rest, (_WORD_START,), found)
    elif op is _sre.ASSERT and av[0] == 1:  # a lookahead says what follows as well as the rest does
        ahead: set[tuple[str, ...]] = set()
        _openings(list(av[1].data), prefix, ahead)
        if all(_chars(p) > _chars(prefix) for p in ahead):
            found.update(ahead)
        else:
            _openings(rest, prefix, found)
    elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # they take no character
        _openings(rest, prefix, found)
    elif op is _sre.LITERAL or op is _sre.IN:
        atoms = [_atom(av)] if op is _sre.LITERAL else _class_atoms(av)
        if atoms is None or None in atoms:
            found.add(prefix if prefix != (_BOUNDARY,) else ())
            return
        for atom in atoms:
            _openings(rest, _with(prefix, atom), found)
    elif op is _sre.SUBPATTERN:
        _openings(list(av[-1].data) + rest, prefix, found)
    elif op is _sre.BRANCH:
        for branch in av[1]:
            _openings(list(branch.data) + rest, prefix, found)
    elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, body = av
        if low == 0:
            _openings(rest, prefix, found)
        # Once repeated, what follows is not read: the prefix so far stands.
        _openings(list(body.data) + (rest if low == high == 1 else [(_sre.ANY, None)]), prefix, found)
    else:  # any character, a category, a back reference ...: the opening ends here
        found.add(prefix if prefix != (_BOUNDARY,) else ())


def openings(pattern: re.Pattern[str]) -> frozenset[tuple[str, ...]] | None:
    """The opening characters of every match (folded), or None if a match may open with anything."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a syntax this reader does not know: no shortcut, never a wrong one
        return None
    found: set[tuple[str, ...]] = set()
    _openings(list(parsed.data), (), found)
    if any(not _chars(p) for p in found):
        return None
    # "vis" is searched for wherever "v" is: keep only the shortest of such prefixes.
    return frozenset(p for p in found if not any(q != p and p[:len(q)] == q for q in found))


def _finder(opened: frozenset[tuple[str, ...]]) -> re.Pattern[str]:
    def written(atoms: tuple[str, ...]) -> str:
        return "".join(a if a == DIGIT else re.escape(a) for a in atoms)
    at_word = sorted(written(p[1:]) for p in opened if p[0] == _WORD_START)
    anywhere = sorted(written(p) for p in opened if p[0] != _WORD_START)
    return re.compile("|".join(([f"{_WORD_START}(?:{'|'.join(at_word)})"] if at_word else []) + anywhere))


class Scanner:
    """`pattern`, searched only where its opening occurs."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.openings = openings(pattern)
        self._finder = _finder(self.openings) if self.openings is not None else None

    def next_start(self, text: str, key: str | None, pos: int, endpos: int) -> int:
        """The first place from `pos` where a match may start, or -1; `key` is fold_case(text)."""
        if self._finder is None or key is None:
            return pos if pos < endpos else -1
        hit = self._finder.search(key, pos, endpos)
        return -1 if hit is None else hit.start()

    def finditer(self, text: str, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The same matches as `pattern.finditer(text, 0, endpos)`."""
        end = len(text) if endpos is None else endpos
        key = fold_case(text) if self._finder is not None else None
        if key is None:
            yield from self.pattern.finditer(text, 0, end)
            return
        match, search = self.pattern.match, self._finder.search
        pos = 0
        while (hit := search(key, pos, end)) is not None:
            found = match(text, hit.start(), end)
            if found is None:
                pos = hit.start() + 1
            else:
                yield found
                pos = found.end()  # never empty: a match holds its opening


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The folded characters a match of `pattern` may open with (DIGIT for any digit), or None
    for any character."""
    opened = openings(pattern)
    if opened is None:
        return None
    return frozenset(next(atom for atom in p if atom != _WORD_START) for p in opened)


def may_open(characters: frozenset[str] | None, char: str) -> bool:
    """Whether a match opening with one of `characters` may start at `char` (folded)."""
    return characters is None or char in characters or (DIGIT in characters and char.isdecimal())
