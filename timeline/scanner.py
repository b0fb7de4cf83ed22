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
from itertools import zip_longest
from typing import Callable, Iterator

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
SPACE = r"\s"  # ... any white space
_CLASSES = {DIGIT: str.isdecimal, SPACE: str.isspace}  # the same characters as the engine's \d and \s


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
        elif op is _sre.CATEGORY and av in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_SPACE):
            atoms.append(DIGIT if av is _sre.CATEGORY_DIGIT else SPACE)
        else:
            return None
    return None if None in atoms or len(atoms) > CLASS_CHARS else sorted(set(atoms))


_WORD_START = "(?<!\\w)"  # an opening that begins a word: the character before is no word character
_BOUNDARY = "\\b"  # a word boundary before the first character: a word start if that is a word character


def _is_word_atom(atom: str) -> bool:
    return atom == DIGIT or atom.isalnum() or atom == "_"


def _chars(opening: tuple[str, ...]) -> tuple[str, ...]:
    """The opening without its mark (only ever its first atom)."""
    return opening[1:] if opening and opening[0] in (_WORD_START, _BOUNDARY) else opening


def _join(one: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """`one` followed by `other`: a mark before the first character says whether a word starts."""
    if _chars(one):
        return (one + _chars(other))
    marks = set(one + other) - set(_chars(other))
    chars = _chars(other)
    if _WORD_START in marks or (_BOUNDARY in marks and chars and _is_word_atom(chars[0])):
        return (_WORD_START,) + chars
    return chars if chars or _BOUNDARY not in marks else (_BOUNDARY,)


def _concat(left: set, right: set) -> set:
    """Openings of a sequence from its parts' {(opening, whether the part may end there)}."""
    joined = set()
    for opening, ended in left:
        if not ended or len(_chars(opening)) >= PREFIX_CHARS:
            joined.add((opening, False))
            continue
        for more, more_ended in right:
            both = _join(opening, more)
            chars = _chars(both)
            if len(chars) > PREFIX_CHARS:
                both = both[:len(both) - (len(chars) - PREFIX_CHARS)]
            joined.add((both, more_ended and len(chars) <= PREFIX_CHARS))
    return joined


def _same_character(a: str | None, b: str | None) -> str | None:
    """What one character is if it is both `a` and `b` (None: unknown), or "" if it cannot be."""
    if a is None or b is None or a == b:
        return b if a is None else a
    if a in _CLASSES and b not in _CLASSES and _CLASSES[a](b):
        return b
    if b in _CLASSES and a not in _CLASSES and _CLASSES[b](a):
        return a
    return ""


def _meet(one: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...] | None:
    """The opening of a text that opens as both say, or None if none can."""
    start = (_WORD_START,) if _WORD_START in (one[:1] + other[:1]) else ()
    chars = tuple(_same_character(a, b) for a, b in zip_longest(_chars(one), _chars(other)))
    return None if "" in chars else start + chars


def _meet_all(ahead: set[tuple[str, ...]], after: set) -> set:
    """_meet of every pair, tried only where the first characters agree."""
    by_first: dict[str | None, list] = {}
    for other, ended in after:
        by_first.setdefault(next(iter(_chars(other)), None), []).append((other, ended))
    met = set()
    for one in ahead:
        first = next(iter(_chars(one)), None)
        for other_first, group in by_first.items():
            if _same_character(first, other_first) != "":
                met.update((both, ended) for other, ended in group if (both := _meet(one, other)) is not None)
    return met


_UNKNOWN = {((), False)}  # no character can be known from here on
_NOTHING = {((), True)}  # takes no character


def _sequence(items: list) -> set:
    """{(opening, ended)} of a sequence of parsed items: `ended` when the match of the sequence
    may end after the opening's characters, so what follows it continues the opening."""
    found = _NOTHING
    for position, (op, av) in enumerate(items):
        if op is _sre.ASSERT and av[0] == 1:  # a lookahead: what follows opens as both it and the rest say
            ahead = {opening for opening, _ in _sequence(list(av[1].data))}
            after = _sequence(items[position + 1:])
            return _concat(found, _meet_all(ahead, after))
        found = _concat(found, _item(op, av))
        if not any(ended for _, ended in found):
            break
    return found


def _item(op, av) -> set:
    if op is _sre.AT:
        return {((_BOUNDARY,), True)} if av is _sre.AT_BOUNDARY else _NOTHING
    if op is _sre.ASSERT_NOT and av[0] == -1 and list(av[1].data) == [(_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_WORD)])]:
        return {((_WORD_START,), True)}  # (?<!\w)
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return _NOTHING
    if op is _sre.LITERAL or op is _sre.IN:
        atoms = [_atom(av)] if op is _sre.LITERAL else _class_atoms(av)
        return _UNKNOWN if atoms is None or None in atoms else {((atom,), True) for atom in atoms}
    if op is _sre.SUBPATTERN:
        return _sequence(list(av[-1].data))
    if op is _sre.BRANCH:
        return set().union(*(_sequence(list(branch.data)) for branch in av[1]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        # Unrolled: no more turns than characters read (a turn that takes none changes nothing).
        low, high, body = min(av[0], PREFIX_CHARS), min(av[1], PREFIX_CHARS), _sequence(list(av[2].data))
        turns, found = _NOTHING, set()
        for count in range(high + 1):
            if count >= low:
                found |= turns
            turns = _concat(turns, body)
        return found
    return _UNKNOWN  # any character, a category, a back reference ...


def openings(pattern: re.Pattern[str]) -> frozenset[tuple[str, ...]] | None:
    """The opening characters of every match (folded), or None if a match may open with anything."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a syntax this reader does not know: no shortcut, never a wrong one
        return None
    found = {opening for opening, _ in _sequence(list(parsed.data))}
    if any(not _chars(opening) for opening in found):
        return None
    # "vis" is searched for wherever "v" is: keep only the shortest of such prefixes.
    return frozenset(p for p in found if not any(p[:end] in found for end in range(1, len(p))))


def _literal(op, av) -> str | None:
    """The one folded character an item always takes, if it is one."""
    atoms = [_atom(av)] if op is _sre.LITERAL else _class_atoms(av) if op is _sre.IN else None
    return atoms[0] if atoms and len(atoms) == 1 and atoms[0] not in _CLASSES else None


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several sets of which any one is enough, the one whose shortest word is longest."""
    return max(options, key=lambda words: (min(map(len, words)), -len(words)), default=None)


def _factors(items: list) -> frozenset[str] | None:
    """Words (folded) of which every match of the sequence holds at least one, or None."""
    options, run = [], ""
    for op, av in items + [(None, None)]:
        char = _literal(op, av) if op is not None else None
        if char is not None:
            run += char
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # takes no character: the run goes on
        if run:
            options.append(frozenset([run]))
        run = ""
        if op is _sre.SUBPATTERN:
            found = _factors(list(av[-1].data))
        elif op is _sre.BRANCH:
            alternatives = [_factors(list(branch.data)) for branch in av[1]]
            found = None if None in alternatives else frozenset().union(*alternatives)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] > 0:
            found = _factors(list(av[2].data))
        else:
            found = None
        if found:
            options.append(found)
    return _best(options)


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words of which every match of `pattern` holds one, folded as fold_case folds the text it
    is searched in; None if no such words can be read from the pattern."""
    if _sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        words = _factors(list(_sre_parse.parse(pattern.pattern, pattern.flags).data))
    except Exception:  # a syntax this reader does not know: no shortcut, never a wrong one
        return None
    # "popular article" holds "popular": searching for the shorter finds both.
    return words and frozenset(w for w in words if not any(o != w and o in w for o in words))


def _finder(opened: frozenset[tuple[str, ...]]) -> re.Pattern[str]:
    """One pattern for all the openings, written as a tree so the engine follows one branch."""
    tree: dict = {}
    for opening in opened:
        node = tree
        for atom in opening:
            node = node.setdefault(atom, {})

    def written(node: dict) -> str:
        branches = [(atom if atom in _CLASSES or atom == _WORD_START else re.escape(atom)) + written(child)
                    for atom, child in sorted(node.items())]
        return "" if not branches else branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return re.compile(written(tree))


class Scanner:
    """`pattern`, searched only where its opening occurs.

    `narrowed`, if given, returns for a folded character a pattern that matches wherever
    `pattern` matches at a place opening with that character, and is quicker to try there
    (an alternation without the alternatives that cannot open with it)."""

    def __init__(self, pattern: re.Pattern[str],
                 narrowed: Callable[[str], re.Pattern[str]] | None = None) -> None:
        self.pattern = pattern
        self.openings = openings(pattern)
        self._finder = _finder(self.openings) if self.openings is not None else None
        self._narrowed = narrowed

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
        search, narrowed = self._finder.search, self._narrowed
        pos = 0
        while (hit := search(key, pos, end)) is not None:
            start = hit.start()
            found = (narrowed(key[start]) if narrowed else self.pattern).match(text, start, end)
            if found is None:
                pos = start + 1
            elif found.end() > found.start():
                yield found
                pos = found.end()
            else:  # an empty match (an opening read from a lookahead): finditer's own rules go on
                rest = self.pattern.finditer(text, found.start(), end)
                yield next(rest)
                yield from rest
                return


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The folded characters a match of `pattern` may open with (DIGIT for any digit, SPACE for
    any white space), or None for any character."""
    opened = openings(pattern)
    if opened is None:
        return None
    return frozenset(next(atom for atom in p if atom != _WORD_START) for p in opened)


def may_open(characters: frozenset[str] | None, char: str) -> bool:
    """Whether a match opening with one of `characters` may start at `char` (folded)."""
    return characters is None or char in characters or any(
        name in characters and test(char) for name, test in _CLASSES.items())
