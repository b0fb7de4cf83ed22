"""Temporal expressions: find them in a sentence, resolve them to a window of days.

Finding and resolving are separate because the same words point to different days depending
on the clause they sit in: "on Monday" in "met on Monday" is the Monday before publication, in
"will meet on Monday" the Monday after. `find_times` returns `TimeExpr` records; the caller
(rules.py) knows the tense and calls `resolve`.

Spans are found with one grammar of regular expressions written for English news text;
dateparser is kept for reading header date lines of any format (published.py); searching a
sentence with it would turn "the 75th" into 1975 and miss "later this year".
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from .records import DateWindow
from .scanner import Scanner, first_characters, may_open

PAST, FUTURE, UNKNOWN = "past", "future", ""

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30}
# Meteorological seasons of the northern hemisphere, where most of the news is written.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
# Parts of a month: the guide reads "late August and early September" as 08-15 .. 09-15.
PART_OF_MONTH = {"early": (1, 15), "beginning": (1, 15), "start": (1, 15), "mid": (10, 20),
                 "middle": (10, 20), "late": (15, 31), "end": (15, 31)}
# Parts of a year, in months: "early 2024", "late last year", "the end of the year".
PART_OF_YEAR = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8),
                "middle": (5, 8), "late": (9, 12), "end": (9, 12)}
# "recent" reaches back this far before publication.
RECENT_DAYS = 60
# Vague windows, in days from publication: "in the coming days" reaches two weeks ahead,
# "in the coming weeks" six, "soon" about as far as "recent" reaches back.
VAGUE_DAYS = {"days": 14, "weeks": 42, "soon": RECENT_DAYS}
# Offsets from the day named before ("two days earlier"), not from publication: callers should
# resolve these kinds against that day, as they do for "the same week".
ANAPHORIC_KINDS = frozenset({"same", "shift"})

# Capitalised month names only: "may" and "march" are also verbs.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
          r"Nov\.?|Dec\.?)(?![a-z]|-[a-z])")  # not "Mar-a-Lago"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*(?:-|–|—|−|to|until|through|and)\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_PART = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
# Nothing follows but punctuation or a new clause.
_ALONE = r"(?=\s*(?:[,.;:!?)\]\"”’]|$)|\s+(?:and|but|when|while)\b)"
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?(?:\s+local\s+time)?"

# Ordered: the first alternative that matches at a position wins, so longer forms come first.
_GRAMMAR = [
    ("iso", rf"\b(?P<y>{_YEAR})[-/](?P<m>0?[1-9]|1[0-2])[-/](?P<d>[0-3]?\d)\b"),
    ("range_months", rf"\b(?:from\s+|between\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}"
                     rf"(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_months_dm", rf"\b(?:from\s+|between\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH}){_DASH}"
                        rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_days", rf"\b(?:from\s+|between\s+)?(?P<m>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}"
                   rf"(?P<d2>{_DAY})(?![\d:])(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("range_days_dm", rf"\b(?:from\s+|between\s+)?(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+"
                      rf"(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("month_day", rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?![\d:.]\d)(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("day_month", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ("part_range", rf"\b(?P<p1>{_PART})[\s-]*(?P<m1>{_MONTH})\s+(?:and|to|or|through)\s+"
                   rf"(?P<p2>{_PART})[\s-]*(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"),
    ("part_month", rf"\b(?P<p>{_PART})[\s-]*(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"),
    ("month_year", rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    ("rel_month", rf"(?i:\b(?P<rel>last|next|this)\s+)(?P<m>{_MONTH})(?!\s*\d)"),
    ("month_rel", rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),
    ("part_year", rf"\b(?P<p>{_PART})[\s-]*(?P<y>{_YEAR})\b"),
    ("season", r"\b(?:(?P<rel>this|next|last|the)\s+)?(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|"
               rf"[Ww]inter)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?\b(?!\s+(?:session|offensive|games))"),
    ("month", rf"\b(?P<m>{_MONTH})(?!\s*\d)"),
    ("ago", rf"(?i:\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago\b)"),
    # "in two weeks", "in two weeks' time"; "in three days of talks" is a duration.
    ("offset", rf"(?i:\bin\s+(?P<n>{_NUM})\s+{_UNIT}(?:['’]?\s+time)?\b(?!\s+of\b))"),
    # "two days earlier", "the day before", "the next day". Before, after and prior count from
    # publication only when nothing follows them: "the day before the vote" counts from the vote.
    ("shift", rf"(?i:\b(?P<n>{_NUM})\s+{_UNIT}\s+(?:(?P<dir>earlier|later)|(?P<dir2>prior(?!\s+to\b)|(?:before|after){_ALONE}))\b"
              rf"|\bthe\s+(?:(?P<dir3>previous|next|following)\s+day\b|day\s+(?P<dir4>before|after){_ALONE}))"),
    ("vague", r"(?i:\b(?:the\s+)?(?P<dir>coming|next\s+few|next\s+several|past\s+few|last\s+few)\s+"
              r"(?P<unit>days|weeks)\b|\brecent\s+(?P<unit2>days|weeks)\b)"),
    # "soon after" and "as soon as" lean on another event, not on publication.
    ("soon", r"(?i:(?<!as\s)\b(?:soon|shortly|(?:the\s+)?near\s+future)\b"
             r"(?![-‐]|\s+(?:after|afterwards|afterward|before|as|thereafter)\b))"),
    # "the end of the month", "the beginning of next year".
    ("part_rel", r"(?i:\bthe\s+(?P<p>beginning|start|middle|end)\s+of\s+(?P<rel>the|this|next|last)\s+"
                 r"(?P<unit>month|year)\b)"),
    ("relative", r"(?i:\b(?P<mod>earlier|later|late|early)?\s*(?P<rel>this|last|next|past|coming)\s+"
                 r"(?P<unit>week|weekend|month|year)\b)"),
    ("same", r"(?i:\b(?:the\s+)?same\s+(?P<unit>day|week|month|year)\b)"),
    ("weekend", r"(?i:\b(?:over|at|during)\s+the\s+weekend\b)"),
    ("day_word", r"(?i:\b(?P<w>today|tonight|yesterday|tomorrow)\b|\bthis\s+(?:morning|afternoon|evening)\b)"),
    ("recent", r"(?i:\b(?:recent|recently)\b)"),
    ("rel_weekday", rf"(?i:\b(?P<rel>last|next|this)\s+)(?P<wd>{_WEEKDAY}){_TIME_OF_DAY}\b"),
    ("weekday", rf"(?i:\b(?:early|late)\s+(?:on\s+)?)?\b(?P<wd>{_WEEKDAY}){_TIME_OF_DAY}\b"),
    ("year", rf"(?<![\d$.,])\b(?P<y>{_YEAR})\b(?![\d,.]\d|\s*(?:km|kilomet|people|troops|tonnes|votes))"),
]
def _compile_grammar(opening: str | None = None, kinds: frozenset[str] | None = None) -> re.Pattern[str]:
    """One alternation (of `kinds`, or all), with each alternative's groups prefixed by its kind
    to keep them apart."""
    parts = []
    for kind, pattern in _GRAMMAR:
        if kinds is not None and kind not in kinds:
            continue
        renamed = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{kind}__{m.group(1)}>", pattern)
        parts.append(f"(?P<{kind}>{renamed})")
    # Only try the alternatives where a word that can open one of them starts: most words are
    # rejected by this one test instead of by each alternative in turn.
    return re.compile(r"(?<!\w)" + (_OPENING if opening is None else opening) + "(?:" + "|".join(parts) + ")")


# The words an expression of the grammar can start with (a superset is harmless, a gap is not:
# `test_every_rule_can_open` checks each alternative against it).
_OPENING_WORDS = sorted(set(NUMBER_WORDS) | {
    "from", "between", "early", "earlier", "mid", "middle", "late", "later", "the", "last", "next",
    "this", "spring", "summer", "autumn", "fall", "winter", "in", "coming", "past", "recent",
    "recently", "soon", "shortly", "near", "same", "over", "at", "during", "today", "tonight",
    "yesterday", "tomorrow"}, key=len, reverse=True)
_OPENING = (r"(?=\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
            r"|(?i:" + "|".join(_OPENING_WORDS) + r")\b)")


_SCANNER = _compile_grammar()
# The characters each kind's expressions open with: where the text opens with one character,
# only the kinds that can open with it are tried, in the grammar's order.
_KIND_OPENS = {kind: first_characters(re.compile(pattern)) for kind, pattern in _GRAMMAR}


@lru_cache(maxsize=None)
def _grammar_opening_with(char: str) -> re.Pattern[str]:
    return _compile_grammar(kinds=frozenset(k for k, opens in _KIND_OPENS.items() if may_open(opens, char)))


_FINDER = Scanner(_SCANNER, narrowed=_grammar_opening_with)


def _fields_by_kind(scanner: re.Pattern[str]) -> dict[str, list[tuple[str, str]]]:
    """Each kind's own groups, (group name, field name): a match reads only its kind's fields."""
    fields: dict[str, list[tuple[str, str]]] = {}
    for name in scanner.groupindex:
        kind, _, field = name.partition("__")
        if field:
            fields.setdefault(kind, []).append((name, field))
    return fields


_FIELDS_OF = _fields_by_kind(_SCANNER)


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression found in a sentence, not yet resolved."""
    kind: str
    text: str
    start: int
    end: int
    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str:
        return dict(self.fields).get(name) or ""


def find_times(text: str) -> list[TimeExpr]:
    found = []
    for match in _FINDER.finditer(text):
        kind = match.lastgroup
        fields = tuple((field, value) for name, field in _FIELDS_OF.get(kind, ()) if (value := match.group(name)))
        start, end = match.span()
        # Leading blanks come from optional groups that did not match.
        start += len(match.group()) - len(match.group().lstrip())
        if kind == "offset" and _DURATION_BEFORE.search(text, max(0, start - DURATION_REACH), start):
            continue
        found.append(TimeExpr(kind, text[start:end], start, end, fields))
    if len(found) < 2:
        return found
    return _lend_years(text, _drop_named_weekdays(text, found))


_WEEKDAY_THEN_DATE = re.compile(r"\W{0,3}$")
_DAY_KINDS = frozenset({"month_day", "day_month", "range_days", "range_days_dm"})


def _drop_named_weekdays(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """"on Monday May 22", "Tuesday, 4 March": the date names the day; the weekday only repeats it."""
    return [t for t, following in zip(found, found[1:] + [None])
            if not (t.kind == "weekday" and following is not None and following.kind in _DAY_KINDS
                    and _WEEKDAY_THEN_DATE.match(text[t.end:following.start]))]


# "the first visit in two years", "the highest in three weeks": a span of time, not a date.
_DURATION_BEFORE = re.compile(r"(?i)\b(?:first|second|third|fourth|fifth|only|once|twice|times|most|least|highest|lowest|biggest|"
                              r"largest|longest|worst|best|strongest|weakest|deepest|sharpest)\b[^,;:.]*$")
DURATION_REACH = 60  # characters looked back for such a cue
# Kinds that can name a month without its year.
_YEARLESS = frozenset({"month", "month_day", "day_month", "range_months", "range_months_dm", "range_days",
                       "range_days_dm", "part_month", "part_range"})
# A year after these words bounds a period ("since 2014", "by 2030"); it does not frame the sentence.
_BOUNDARY_BEFORE = re.compile(r"(?i)\b(?:since|until|till|by|before|after|from|through)\s+$")
BOUNDARY_REACH = 12  # characters looked back for such a word
# "in February and March 2023" lends 2023 back to February; a year far on in the sentence is
# another story's ("Sept 1 ... the first since the invasion of October 1990")
YEAR_LENT_BACK_REACH = 60


def _lend_years(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """"In 2023, he visited in February": February 2023 whatever the publication date.

    The year goes into its own field, `y_context`, so `y` still means a year written with the
    date itself (published.py reads those as full dates)."""
    years = [t for t in found if t.get("y") and not _BOUNDARY_BEFORE.search(
        text, max(0, t.start - BOUNDARY_REACH), t.start)]
    if not years:
        return found
    lent = []
    for expr in found:
        if expr.kind in _YEARLESS and not expr.get("y"):
            before = [y for y in years if y.end <= expr.start]
            after = [y for y in years if expr.end <= y.start <= expr.end + YEAR_LENT_BACK_REACH]
            source = before[-1] if before else (after[0] if after else None)
            if source is not None:
                expr = replace(expr, fields=expr.fields + (("y_context", source.get("y")),))
        lent.append(expr)
    return lent


def drop_overlapping(times: list[TimeExpr], spans: list[tuple[int, int]]) -> list[TimeExpr]:
    """The expressions that overlap none of `spans` (start, end): "May" is no month where
    actors.py found the person May."""
    return [t for t in times if not any(t.start < end and start < t.end for start, end in spans)]


# ---------------------------------------------------------------- resolution

def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


SAME_YEAR_WITHIN = 31  # days from the anchor within which a day named without a year is the nearest one


def _pick_year(month: int, day: int, anchor: date, tense: str) -> int:
    """The year that puts month/day nearest the anchor in the direction the clause points."""
    candidates = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                  if _safe_date(y, month, min(day, 28)) is not None]
    days = {y: (date(y, month, min(day, calendar.monthrange(y, month)[1])) - anchor).days
            for y in candidates}
    nearest = min(candidates, key=lambda y: abs(days[y]))
    if abs(days[nearest]) <= SAME_YEAR_WITHIN:
        # "from Dec. 12 to 16" in a report of Dec. 14: a day this close is this one, whatever the tense
        return nearest
    if tense == PAST:
        before = [y for y in candidates if days[y] <= 1]
        return max(before) if before else anchor.year
    if tense == FUTURE:
        after = [y for y in candidates if days[y] >= -1]
        return min(after) if after else anchor.year
    return min(candidates, key=lambda y: abs(days[y]))


def _pick_month_year(month: int, anchor: date, tense: str) -> int:
    """Nearest occurrence of a month: the current month counts in either direction."""
    if tense == PAST:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == FUTURE:
        return anchor.year if month >= anchor.month else anchor.year + 1
    gap = month - anchor.month
    return anchor.year + (1 if gap < -6 else -1 if gap > 6 else 0)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _window(start: date, end: date, precision: str, expr: TimeExpr, basis: str) -> DateWindow:
    return DateWindow(min(start, end), max(start, end), precision, expr.text, basis)


def resolve(expr: TimeExpr, anchor: date | None, tense: str = UNKNOWN) -> DateWindow | None:
    """The window of days `expr` allows, read from `anchor` (the publication date).

    Returns None when the expression needs an anchor that is missing, or names no real day.
    """
    if anchor is None and not _given_year(expr):
        return None
    try:
        window = _RESOLVERS[expr.kind](expr, anchor, tense)
    except (ValueError, KeyError, OverflowError):
        return None
    return window


def _given_year(expr: TimeExpr) -> int | None:
    """The year written with the expression, else one the sentence gives it (`_lend_years`)."""
    year = expr.get("y") or expr.get("y_context")
    return int(year) if year else None


def _basis(expr: TimeExpr, anchor: date | None) -> str:
    if expr.get("y") and expr.kind in ("iso", "month_day", "day_month", "range_months",
                                       "range_days", "range_days_dm", "range_months_dm",
                                       "month_year", "year", "part_year"):
        return f"absolute:{expr.text}"
    if expr.get("y_context"):
        return f"absolute:{expr.text} (year {expr.get('y_context')} from the sentence)"
    return f"relative:{expr.text} @{anchor.isoformat()}" if anchor else f"absolute:{expr.text}"


def _resolve_iso(expr, anchor, tense):
    day = date(int(expr.get("y")), int(expr.get("m")), int(expr.get("d")))
    return _window(day, day, "day", expr, _basis(expr, anchor))


def _resolve_month_day(expr, anchor, tense):
    month, day = _month(expr.get("m")), _day(expr.get("d"))
    year = _given_year(expr) or _pick_year(month, day, anchor, tense)
    day_ = date(year, month, day)
    return _window(day_, day_, "day", expr, _basis(expr, anchor))


def _resolve_range(expr, anchor, tense):
    m1 = _month(expr.get("m1") or expr.get("m"))
    m2 = _month(expr.get("m2") or expr.get("m"))
    d1, d2 = _day(expr.get("d1")), _day(expr.get("d2"))
    year = _given_year(expr) or _pick_year(m1, d1, anchor, tense)
    start = date(year, m1, d1)
    end = date(year + (1 if m2 < m1 else 0), m2, d2)
    if end < start:
        return None
    return _window(start, end, "range", expr, _basis(expr, anchor))


def _part_window(part: str, year: int, month: int) -> tuple[date, date]:
    key = part.split()[-2] if part.startswith("the") else part
    first, last = PART_OF_MONTH[key]
    end_day = min(last, calendar.monthrange(year, month)[1])
    return date(year, month, first), date(year, month, end_day)


def _resolve_part_month(expr, anchor, tense):
    month = _month(expr.get("m"))
    year = _given_year(expr) or _pick_month_year(month, anchor, tense)
    start, end = _part_window(expr.get("p"), year, month)
    return _window(start, end, "range", expr, _basis(expr, anchor))


def _resolve_part_range(expr, anchor, tense):
    m1, m2 = _month(expr.get("m1")), _month(expr.get("m2"))
    year = _given_year(expr) or _pick_month_year(m1, anchor, tense)
    start, _ = _part_window(expr.get("p1"), year, m1)
    _, end = _part_window(expr.get("p2"), year + (1 if m2 < m1 else 0), m2)
    return _window(start, end, "range", expr, _basis(expr, anchor))


def _resolve_part_year(expr, anchor, tense):
    year = int(expr.get("y"))
    part = expr.get("p")
    key = part.split()[-2] if part.startswith("the") else part
    months = PART_OF_YEAR[key]
    return _window(date(year, months[0], 1), _month_end(year, months[1]), "season", expr,
                   _basis(expr, anchor))


def _resolve_month(expr, anchor, tense):
    month = _month(expr.get("m"))
    year = _given_year(expr) or _pick_month_year(month, anchor, tense)
    return _window(date(year, month, 1), _month_end(year, month), "month", expr, _basis(expr, anchor))


def _resolve_month_rel(expr, anchor, tense):
    """"November last year": the month in the year the phrase names."""
    year = anchor.year + {"last": -1, "this": 0, "next": 1}[expr.get("rel").lower()]
    month = _month(expr.get("m"))
    return _window(date(year, month, 1), _month_end(year, month), "month", expr, _basis(expr, anchor))


def _resolve_rel_month(expr, anchor, tense):
    """"last November": the latest November before this month; "next March" the first after."""
    month, rel = _month(expr.get("m")), expr.get("rel").lower()
    if rel == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return _window(date(year, month, 1), _month_end(year, month), "month", expr, _basis(expr, anchor))


def _resolve_season(expr, anchor, tense):
    first, last = SEASONS[expr.get("s").lower()]
    rel = expr.get("rel").lower()
    if expr.get("y"):
        year = int(expr.get("y"))
    else:
        this_year = anchor.year
        season_end = _month_end(this_year + (1 if last < first else 0), last)
        if rel == "next" or (rel != "last" and tense == FUTURE and season_end < anchor):
            year = this_year + 1 if date(this_year, first, 1) <= anchor else this_year
        elif rel == "last" or (tense == PAST and date(this_year, first, 1) > anchor):
            year = this_year - 1
        else:
            year = this_year
    start = date(year, first, 1)
    end = _month_end(year + (1 if last < first else 0), last)
    return _window(start, end, "season", expr, _basis(expr, anchor))


def _resolve_year(expr, anchor, tense):
    year = int(expr.get("y"))
    return _window(date(year, 1, 1), date(year, 12, 31), "year", expr, _basis(expr, anchor))


def _resolve_ago(expr, anchor, tense):
    n, unit = _number(expr.get("n")), expr.get("unit")
    basis = _basis(expr, anchor)
    if unit == "day":
        day = anchor - timedelta(days=n)
        return _window(day, day, "day", expr, basis)
    if unit == "week":
        start = _week_start(anchor - timedelta(weeks=n))
        return _window(start, start + timedelta(days=6), "week", expr, basis)
    if unit == "month":
        total = anchor.year * 12 + anchor.month - 1 - n
        year, month = divmod(total, 12)
        return _window(date(year, month + 1, 1), _month_end(year, month + 1), "month", expr, basis)
    year = anchor.year - n
    return _window(date(year, 1, 1), date(year, 12, 31), "year", expr, basis)


def _shift_month(day: date, months: int) -> tuple[int, int]:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return year, month + 1


def _resolve_relative(expr, anchor, tense):
    rel, unit, mod = expr.get("rel").lower(), expr.get("unit").lower(), expr.get("mod").lower()
    step = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[rel]
    basis = _basis(expr, anchor)
    if unit == "week":
        if rel in ("past", "coming"):  # "the past week": the seven days up to publication
            days = (anchor - timedelta(days=7), anchor) if step < 0 else (anchor, anchor + timedelta(days=7))
            return _window(*days, "week", expr, basis)
        start = _week_start(anchor) + timedelta(weeks=step)
        return _window(start, start + timedelta(days=6), "week", expr, basis)
    if unit == "weekend":
        saturday = _week_start(anchor) + timedelta(days=5 + 7 * step)
        return _window(saturday, saturday + timedelta(days=1), "range", expr, basis)
    if unit == "month":
        if rel in ("past", "coming"):
            return None  # "in the coming months": no calendar month is meant
        year, month = _shift_month(anchor, step)
        start, end = date(year, month, 1), _month_end(year, month)
    else:
        if rel in ("past", "coming"):
            return None
        year = anchor.year + step
        start, end = date(year, 1, 1), date(year, 12, 31)
    if step == 0 and mod in ("earlier", "early"):
        end = max(start, anchor - timedelta(days=1))
        return _window(start, end, "range", expr, basis)
    if step == 0 and mod in ("later", "late"):
        start = min(end, anchor + timedelta(days=1))
        return _window(start, end, "range", expr, basis)
    if mod in ("early", "late"):  # "early next month", "late last year"
        return _part_window_of(mod, start, expr, basis)
    precision = "month" if unit == "month" else "year"
    return _window(start, end, precision, expr, basis)


def _part_window_of(part: str, first_day: date, expr: TimeExpr, basis: str) -> DateWindow:
    """"early", "late", "the end of" ... the month or the year (expr's unit) from `first_day`."""
    if expr.get("unit").lower() == "month":
        start, end = _part_window(part, first_day.year, first_day.month)
        return _window(start, end, "range", expr, basis)
    first, last = PART_OF_YEAR[part]
    return _window(date(first_day.year, first, 1), _month_end(first_day.year, last), "season", expr, basis)


def _resolve_part_rel(expr, anchor, tense):
    """"the end of the month": the part of the anchor's month (or the next or last one) that is
    still to come, or already past, when the tense says so and something of it is left."""
    step = {"the": 0, "this": 0, "next": 1, "last": -1}[expr.get("rel").lower()]
    if expr.get("unit").lower() == "month":
        year, month = _shift_month(anchor, step)
        first_day = date(year, month, 1)
    else:
        first_day = date(anchor.year + step, 1, 1)
    window = _part_window_of(expr.get("p").lower(), first_day, expr, _basis(expr, anchor))
    start, end = window.start, window.end
    if step == 0 and tense == FUTURE and start <= anchor < end:
        start = anchor + timedelta(days=1)
    if step == 0 and tense == PAST and start < anchor <= end:
        end = anchor
    return _window(start, end, window.precision, expr, window.basis)


def _resolve_offset(expr, anchor, tense):
    """"in two weeks": the week, month or year that far after publication; "in three days" the day."""
    return _unit_around(anchor, _number(expr.get("n")), expr)


def _resolve_shift(expr, anchor, tense):
    """"two days earlier", "the next day": that far from the anchor, which for these should be
    the day named before (see ANAPHORIC_KINDS)."""
    direction = (expr.get("dir") or expr.get("dir2") or expr.get("dir3") or expr.get("dir4")).lower()
    sign = -1 if direction in ("earlier", "prior", "before", "previous") else 1
    n = _number(expr.get("n")) if expr.get("n") else 1
    return _unit_around(anchor, sign * n, expr)


def _unit_around(anchor: date, n: int, expr: TimeExpr) -> DateWindow:
    """The day, calendar week, month or year `n` units from the anchor."""
    unit, basis = (expr.get("unit") or "day").lower(), _basis(expr, anchor)
    if unit == "day":
        day = anchor + timedelta(days=n)
        return _window(day, day, "day", expr, basis)
    if unit == "week":
        start = _week_start(anchor + timedelta(weeks=n))
        return _window(start, start + timedelta(days=6), "week", expr, basis)
    if unit == "month":
        year, month = _shift_month(anchor, n)
        return _window(date(year, month, 1), _month_end(year, month), "month", expr, basis)
    year = anchor.year + n
    return _window(date(year, 1, 1), date(year, 12, 31), "year", expr, basis)


def _resolve_vague(expr, anchor, tense):
    """"in the coming days" after publication, "in recent weeks" before it."""
    unit = (expr.get("unit") or expr.get("unit2")).lower()
    days = timedelta(days=VAGUE_DAYS[unit])
    basis = _basis(expr, anchor)
    if expr.get("dir").lower() in ("coming", "next few", "next several"):
        return _window(anchor + timedelta(days=1), anchor + days, "range", expr, basis)
    return _window(anchor - days, anchor, "range", expr, basis)


def _resolve_soon(expr, anchor, tense):
    """"soon" after publication; in a past narrative ("he soon left") it follows another event."""
    if tense == PAST:
        return None
    end = anchor + timedelta(days=VAGUE_DAYS["soon"])
    return _window(anchor + timedelta(days=1), end, "range", expr, _basis(expr, anchor))


def _resolve_same(expr, anchor, tense):
    """"the same week": `anchor` here is the day the text last named, not the publication."""
    unit = expr.get("unit").lower()
    basis = f"relative:{expr.text} @{anchor.isoformat()} (the date named before)"
    if unit == "day":
        return _window(anchor, anchor, "day", expr, basis)
    if unit == "week":
        start = _week_start(anchor)
        return _window(start, start + timedelta(days=6), "week", expr, basis)
    if unit == "month":
        return _window(date(anchor.year, anchor.month, 1), _month_end(anchor.year, anchor.month), "month", expr, basis)
    return _window(date(anchor.year, 1, 1), date(anchor.year, 12, 31), "year", expr, basis)


def _resolve_weekend(expr, anchor, tense):
    saturday = _week_start(anchor) + timedelta(days=5)
    if tense == PAST and saturday > anchor:
        saturday -= timedelta(days=7)
    return _window(saturday, saturday + timedelta(days=1), "range", expr, _basis(expr, anchor))


def _resolve_day_word(expr, anchor, tense):
    offset = {"yesterday": -1, "tomorrow": 1}.get(expr.get("w").lower(), 0)
    day = anchor + timedelta(days=offset)
    return _window(day, day, "day", expr, _basis(expr, anchor))


def _resolve_recent(expr, anchor, tense):
    return _window(anchor - timedelta(days=RECENT_DAYS), anchor, "range", expr, _basis(expr, anchor))


def _resolve_rel_weekday(expr, anchor, tense):
    """"this Tuesday" in the anchor's week, turned to the side the tense points to; "next
    Tuesday" in the week after, "last Tuesday" in the week before."""
    rel = expr.get("rel").lower()
    step = {"this": 0, "next": 1, "last": -1}[rel]
    day = _week_start(anchor) + timedelta(weeks=step, days=WEEKDAYS[expr.get("wd").lower()])
    if rel == "this" and tense == FUTURE and day < anchor:
        day += timedelta(weeks=1)
    elif rel == "this" and tense == PAST and day > anchor:
        day -= timedelta(weeks=1)
    return _window(day, day, "day", expr, _basis(expr, anchor))


def _resolve_weekday(expr, anchor, tense):
    target = WEEKDAYS[expr.get("wd").lower()]
    if tense == FUTURE:
        day = anchor + timedelta(days=(target - anchor.weekday()) % 7)
    else:
        day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
    return _window(day, day, "day", expr, _basis(expr, anchor))


_RESOLVERS = {
    "iso": _resolve_iso,
    "range_months": _resolve_range,
    "range_months_dm": _resolve_range,
    "range_days": _resolve_range,
    "range_days_dm": _resolve_range,
    "month_day": _resolve_month_day,
    "day_month": _resolve_month_day,
    "part_range": _resolve_part_range,
    "part_month": _resolve_part_month,
    "month_year": _resolve_month,
    "month_rel": _resolve_month_rel,
    "rel_month": _resolve_rel_month,
    "part_year": _resolve_part_year,
    "season": _resolve_season,
    "month": _resolve_month,
    "ago": _resolve_ago,
    "relative": _resolve_relative,
    "weekend": _resolve_weekend,
    "same": _resolve_same,
    "day_word": _resolve_day_word,
    "recent": _resolve_recent,
    "rel_weekday": _resolve_rel_weekday,
    "weekday": _resolve_weekday,
    "offset": _resolve_offset,
    "shift": _resolve_shift,
    "vague": _resolve_vague,
    "soon": _resolve_soon,
    "part_rel": _resolve_part_rel,
    "year": _resolve_year,
}


def extend(window: DateWindow, days: int) -> DateWindow:
    """A window that starts where `window` starts and lasts `days` days ("a four-day visit")."""
    end = window.start + timedelta(days=days - 1)
    return DateWindow(window.start, end, "range", window.text, f"{window.basis} +{days} days")
