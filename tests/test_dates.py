from datetime import date

import pytest

from timeline.dates import FUTURE, PAST, UNKNOWN, drop_overlapping, find_times, resolve

MON_2023_09_18 = date(2023, 9, 18)
FRI_2025_03_28 = date(2025, 3, 28)
TUE_2024_04_09 = date(2024, 4, 9)
WED_2024_04_10 = date(2024, 4, 10)

# (sentence, publication date, tense, expected text, start, end, precision)
CASES = [
    ("The two ministers discussed Monday in Moscow issues including the war.", MON_2023_09_18, PAST,
     "Monday", "2023-09-18", "2023-09-18", "day"),
    ("Wang will begin a four-day trip to Russia on Monday.", MON_2023_09_18, FUTURE,
     "Monday", "2023-09-18", "2023-09-18", "day"),
    ("Xi met Lavrov on Tuesday in Beijing.", TUE_2024_04_09, PAST, "Tuesday", "2024-04-09", "2024-04-09", "day"),
    ("France's top diplomat told Wang Yi on Thursday that China must play a role.", FRI_2025_03_28, PAST,
     "Thursday", "2025-03-27", "2025-03-27", "day"),
    # a day named without a year within a month of the report is the nearest one, whatever the tense
    ("Wang Yi will tour the Gulf from Dec. 12 to 16.", date(2025, 12, 14), FUTURE,
     "from Dec. 12 to 16", "2025-12-12", "2025-12-16", "range"),
    ("Their July 23 meeting went well, the ministry said.", date(1998, 7, 20), PAST,
     "July 23", "1998-07-23", "1998-07-23", "day"),
    ("He is due to meet the prime minister on Sunday.", date(2017, 2, 25), FUTURE,
     "Sunday", "2017-02-26", "2017-02-26", "day"),
    ("Talks he had in Malta over the weekend.", MON_2023_09_18, PAST,
     "over the weekend", "2023-09-16", "2023-09-17", "range"),
    ("Putin met the vice premier at the forum last week.", MON_2023_09_18, PAST,
     "last week", "2023-09-11", "2023-09-17", "week"),
    ("Wang Yi will visit Russia next week.", FRI_2025_03_28, FUTURE,
     "next week", "2025-03-31", "2025-04-06", "week"),
    ("Putin's expected visit to Beijing next month.", MON_2023_09_18, FUTURE,
     "next month", "2023-10-01", "2023-10-31", "month"),
    ("The defence minister visited Russia last month.", MON_2023_09_18, PAST,
     "last month", "2023-08-01", "2023-08-31", "month"),
    ("A conference to be held in Beijing in October.", MON_2023_09_18, FUTURE,
     "October", "2023-10-01", "2023-10-31", "month"),
    ("Xi made a state visit to Moscow in March.", MON_2023_09_18, PAST,
     "March", "2023-03-01", "2023-03-31", "month"),
    ("A state visit by Putin to China later this year.", TUE_2024_04_09, FUTURE,
     "later this year", "2024-04-10", "2024-12-31", "range"),
    ("They met twice last year.", TUE_2024_04_09, PAST, "last year", "2023-01-01", "2023-12-31", "year"),
    ("Putin will visit China in late August and early September.", FRI_2025_03_28, FUTURE,
     "late August and early September", "2025-08-15", "2025-09-15", "range"),
    ("An official visit to Russia from March 31 to April 2.", FRI_2025_03_28, FUTURE,
     "from March 31 to April 2", "2025-03-31", "2025-04-02", "range"),
    ("Wang Yi shaking hands with Lavrov in Beijing on April 9, 2024.", None, PAST,
     "April 9, 2024", "2024-04-09", "2024-04-09", "day"),
    ("The trip was originally planned for Oct. 14 to 16.", date(2022, 10, 10), FUTURE,
     "Oct. 14 to 16", "2022-10-14", "2022-10-16", "range"),
    ("He cancelled his planned four-day trip (3-6 October) to Mongolia.", date(2023, 10, 2), FUTURE,
     "3-6 October", "2023-10-03", "2023-10-06", "range"),
    ("Kim Jong Un's recent visit to Russia.", MON_2023_09_18, PAST,
     "recent", "2023-07-20", "2023-09-18", "range"),
    ("The last such visit was nine years ago.", date(2023, 5, 17), PAST,
     "nine years ago", "2014-01-01", "2014-12-31", "year"),
    ("His trip earlier this month to Brazil.", date(2024, 4, 17), PAST,
     "earlier this month", "2024-04-01", "2024-04-16", "range"),
    ("The previous meeting took place in Cairo in September 2023.", date(2024, 8, 7), PAST,
     "September 2023", "2023-09-01", "2023-09-30", "month"),
    ("He was due to visit Brazil in November last year.", date(2017, 2, 25), PAST,
     "November last year", "2016-11-01", "2016-11-30", "month"),
]


@pytest.mark.parametrize("sentence", [
    "It is his second visit to India in six years.",
    "This is the third trip to Africa in two years.",
])
def test_a_count_of_visits_in_a_span_has_no_date(sentence):
    assert find_times(sentence) == []


@pytest.mark.parametrize("sentence,date_text", [
    ("The forum is to take place on Monday May 22 in Tokyo.", "May 22"),
    ("They met on Tuesday, March 4, 2024, in Paris.", "March 4, 2024"),
    ("Talks open on Monday (22 May) in Geneva.", "22 May"),
])
def test_a_weekday_before_a_date_gives_way_to_the_date(sentence, date_text):
    assert [t.text for t in find_times(sentence)] == [date_text]


@pytest.mark.parametrize("sentence,published,tense,text,start,end,precision", CASES,
                         ids=[c[3] for c in CASES])
def test_resolves_to_the_window_the_text_allows(sentence, published, tense, text, start, end, precision):
    found = {t.text: t for t in find_times(sentence)}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    window = resolve(found[text], published, tense)
    assert (window.start.isoformat(), window.end.isoformat(), window.precision) == (start, end, precision)


@pytest.mark.parametrize("sentence", [
    "Beijing and Moscow mark the 75th anniversary of relations.",
    "They first met at Mar-a-Lago, the president's club.",
    "The US must raise its $31.4 trillion borrowing limit.",
    "Some 100,000 people swarmed the streets.",
    "They may meet again, officials said.",
])
def test_finds_no_date_where_there_is_none(sentence):
    assert find_times(sentence) == []


def test_relative_dates_need_a_publication_date():
    (expr,) = find_times("They will meet next month.")
    assert resolve(expr, None, FUTURE) is None


WED = WED_2024_04_10  # the week of Monday 2024-04-08 .. Sunday 2024-04-14

# An explicit year in the sentence gives its year to the months written without one:
# whatever the publication date and the tense, these months are in that year.
YEAR_IN_SENTENCE = [
    ("In 2023, he visited India twice, in February and in September.", WED, PAST,
     "February", "2023-02-01", "2023-02-28", "month"),
    ("In 2023, he visited India twice, in February and in September.", WED, PAST,
     "September", "2023-09-01", "2023-09-30", "month"),
    ("In 2023, he visited India twice, in February and in September.", date(2025, 6, 1), FUTURE,
     "February", "2023-02-01", "2023-02-28", "month"),
    ("The ministers met on March 5 and again in late May, both in 2019.", WED, FUTURE,
     "March 5", "2019-03-05", "2019-03-05", "day"),
    ("The ministers met on March 5 and again in late May, both in 2019.", WED, FUTURE,
     "late May", "2019-05-15", "2019-05-31", "range"),
    ("After talks in 2015, the two leaders met again in 2018, in June.", WED, PAST,
     "June", "2018-06-01", "2018-06-30", "month"),
    ("He was in Delhi on 4 April 2019 and returned in June.", WED, PAST,
     "June", "2019-06-01", "2019-06-30", "month"),
    ("In 2022 the envoy toured the region from 3 to 5 October.", WED, UNKNOWN,
     "from 3 to 5 October", "2022-10-03", "2022-10-05", "range"),
    ("In 2021 the summit took place at the end of July.", WED, PAST,
     "the end of July", "2021-07-15", "2021-07-31", "range"),
    # A year after "since" or "by" bounds a period; it does not date the months around it.
    ("Ties have deepened since 2014, and the leaders will meet in May.", WED, FUTURE,
     "May", "2024-05-01", "2024-05-31", "month"),
    ("The plan runs until 2030 and the first talks open in June.", WED, FUTURE,
     "June", "2024-06-01", "2024-06-30", "month"),
    ("Since his visit in 2009, relations have cooled.", WED, PAST, "2009", "2009-01-01", "2009-12-31", "year"),
    ("Since his visit in 2009, relations have cooled.", WED, FUTURE, "2009", "2009-01-01", "2009-12-31", "year"),
    # a dateline's day is the report's, whatever year a far later clause names
    ("NAIROBI, April 9 (AFP) - The president arrived on Tuesday, the first visit by a Zambian leader since "
     "the border dispute that broke out in October 1990.", WED, PAST, "April 9", "2024-04-09", "2024-04-09", "day"),
]

# "in two weeks" counts from publication; "two days earlier" from the day the anchor stands for.
OFFSETS = [
    ("The president will visit Tokyo in two weeks.", WED, FUTURE,
     "in two weeks", "2024-04-22", "2024-04-28", "week"),
    ("A delegation is expected in two weeks' time.", WED, FUTURE,
     "in two weeks' time", "2024-04-22", "2024-04-28", "week"),
    ("The envoys meet again in three days.", WED, FUTURE, "in three days", "2024-04-13", "2024-04-13", "day"),
    ("The envoys meet again in 10 days.", WED, FUTURE, "in 10 days", "2024-04-20", "2024-04-20", "day"),
    ("Talks will resume in a month.", WED, FUTURE, "in a month", "2024-05-01", "2024-05-31", "month"),
    ("He had arrived in the capital two days prior.", WED, PAST, "two days prior", "2024-04-08", "2024-04-08", "day"),
    ("Two days earlier, the ministers had spoken by phone.", WED, PAST,
     "Two days earlier", "2024-04-08", "2024-04-08", "day"),
    ("A day earlier he flew to Riga.", WED, PAST, "A day earlier", "2024-04-09", "2024-04-09", "day"),
    ("The foreign minister had landed in Lima the day before.", WED, PAST,
     "the day before", "2024-04-09", "2024-04-09", "day"),
    ("She had met the king the previous day.", WED, PAST, "the previous day", "2024-04-09", "2024-04-09", "day"),
    ("Two days later he left for Quito.", WED, PAST, "Two days later", "2024-04-12", "2024-04-12", "day"),
    ("The envoy returned to Seoul the next day.", WED, PAST, "the next day", "2024-04-11", "2024-04-11", "day"),
    ("The following day the two leaders toured a port.", WED, PAST,
     "The following day", "2024-04-11", "2024-04-11", "day"),
    ("He flew home the day after, and the talks went on.", WED, PAST,
     "the day after", "2024-04-11", "2024-04-11", "day"),
    ("A week later, the premier flew to Ottawa.", WED, PAST, "A week later", "2024-04-15", "2024-04-21", "week"),
]

# Vague windows around publication; precision "range".
VAGUE = [
    ("Lavrov will travel to Pyongyang in the coming days.", WED, FUTURE,
     "the coming days", "2024-04-11", "2024-04-24", "range"),
    ("A date will be set in the coming weeks.", WED, FUTURE, "the coming weeks", "2024-04-11", "2024-05-22", "range"),
    ("The two sides will meet in the next few days.", WED, FUTURE,
     "the next few days", "2024-04-11", "2024-04-24", "range"),
    ("The prime minister will soon visit Hanoi.", WED, FUTURE, "soon", "2024-04-11", "2024-06-09", "range"),
    ("Officials said a summit would take place in the near future.", WED, FUTURE,
     "the near future", "2024-04-11", "2024-06-09", "range"),
    ("The ministers are expected to arrive shortly.", WED, FUTURE, "shortly", "2024-04-11", "2024-06-09", "range"),
    ("The envoys have spoken several times in recent days.", WED, PAST,
     "recent days", "2024-03-27", "2024-04-10", "range"),
    ("In recent weeks the minister visited three capitals.", WED, PAST,
     "recent weeks", "2024-02-28", "2024-04-10", "range"),
    ("Over the past few days, the two sides exchanged visits.", WED, PAST,
     "the past few days", "2024-03-27", "2024-04-10", "range"),
    ("Over the last few weeks, the envoy toured the Gulf.", WED, PAST,
     "the last few weeks", "2024-02-28", "2024-04-10", "range"),
]

# A weekday keeps its day whatever part of it the text names.
WEEKDAY_PARTS = [
    ("The ministers spoke late Tuesday.", WED, PAST, "late Tuesday", "2024-04-09", "2024-04-09", "day"),
    ("The summit opens early Friday.", WED, FUTURE, "early Friday", "2024-04-12", "2024-04-12", "day"),
    ("Talks began early on Friday.", WED, PAST, "early on Friday", "2024-04-05", "2024-04-05", "day"),
    ("Late on Monday, the envoy met rebel leaders.", WED, PAST, "Late on Monday", "2024-04-08", "2024-04-08", "day"),
    ("The delegation landed in Doha on Tuesday evening local time.", WED, PAST,
     "Tuesday evening local time", "2024-04-09", "2024-04-09", "day"),
    ("He will fly to Cairo on Thursday local time.", WED, FUTURE,
     "Thursday local time", "2024-04-11", "2024-04-11", "day"),
    ("The two leaders spoke on Monday night.", WED, PAST, "Monday night", "2024-04-08", "2024-04-08", "day"),
]

# "this" is the anchor's week (turned forward or back by the tense), "next" the following
# week, "last" the week before: news style says "on Tuesday" for the last seven days.
WEEKDAY_THIS_NEXT_LAST = [
    ("The cabinet will meet this Thursday.", WED, FUTURE, "this Thursday", "2024-04-11", "2024-04-11", "day"),
    ("The ministers met this Monday in Geneva.", WED, PAST, "this Monday", "2024-04-08", "2024-04-08", "day"),
    ("The cabinet will meet this Monday.", WED, FUTURE, "this Monday", "2024-04-15", "2024-04-15", "day"),
    ("He will travel to Rome next Tuesday.", WED, FUTURE, "next Tuesday", "2024-04-16", "2024-04-16", "day"),
    ("He will travel to Rome next Friday.", WED, FUTURE, "next Friday", "2024-04-19", "2024-04-19", "day"),
    ("The two last met last Thursday.", WED, PAST, "last Thursday", "2024-04-04", "2024-04-04", "day"),
    ("The envoy arrived last Tuesday evening.", WED, PAST,
     "last Tuesday evening", "2024-04-02", "2024-04-02", "day"),
]

PARTS_OF_PERIODS = [
    ("The leaders plan to meet at the end of July.", WED, FUTURE,
     "the end of July", "2024-07-15", "2024-07-31", "range"),
    ("The deal should be signed by the end of the month.", WED, FUTURE,
     "the end of the month", "2024-04-15", "2024-04-30", "range"),
    ("The deal should be signed by the end of this month.", date(2024, 4, 20), FUTURE,
     "the end of this month", "2024-04-21", "2024-04-30", "range"),
    ("The envoy was recalled at the end of last month.", WED, PAST,
     "the end of last month", "2024-03-15", "2024-03-31", "range"),
    ("Talks will resume at the beginning of next month.", WED, FUTURE,
     "the beginning of next month", "2024-05-01", "2024-05-15", "range"),
    ("A state visit is planned before the end of the year.", WED, FUTURE,
     "the end of the year", "2024-09-01", "2024-12-31", "season"),
    ("The envoy will return early next month.", WED, FUTURE, "early next month", "2024-05-01", "2024-05-15", "range"),
    ("The talks were held late last month.", WED, PAST, "late last month", "2024-03-15", "2024-03-31", "range"),
    ("The president will visit later this month.", WED, FUTURE, "later this month", "2024-04-11", "2024-04-30", "range"),
    ("The minister visited Seoul earlier this month.", WED, PAST,
     "earlier this month", "2024-04-01", "2024-04-09", "range"),
    ("Elections are due early next year.", WED, FUTURE, "early next year", "2025-01-01", "2025-04-30", "season"),
    ("The two sides agreed late last year to resume talks.", WED, PAST,
     "late last year", "2023-09-01", "2023-12-31", "season"),
]

NEW_CASES = YEAR_IN_SENTENCE + OFFSETS + VAGUE + WEEKDAY_PARTS + WEEKDAY_THIS_NEXT_LAST + PARTS_OF_PERIODS


@pytest.mark.parametrize("sentence,published,tense,text,start,end,precision", NEW_CASES,
                         ids=[f"{c[3]}@{c[2] or 'unknown'}" for c in NEW_CASES])
def test_resolves_newer_wordings(sentence, published, tense, text, start, end, precision):
    test_resolves_to_the_window_the_text_allows(sentence, published, tense, text, start, end, precision)


@pytest.mark.parametrize("sentence", [
    "The deal was struck in three days of bargaining.",
    "It was the first visit by a Thai leader in two years.",
    "Turnout was the highest in two decades and the lowest in three weeks.",
    "He arrived two days before the vote.",
    "The envoy flew in the day before the summit.",
    "They met two days prior to the summit.",
    "They will talk as soon as the ceasefire holds.",
    "Soon after, the minister flew home.",
    "Shortly before midnight, the talks ended.",
    "The soon-to-be envoy spoke.",
])
def test_finds_no_offset_or_vague_date_where_there_is_none(sentence):
    assert find_times(sentence) == []


def test_soon_in_a_past_narrative_is_not_after_publication():
    (expr,) = find_times("The minister soon left for Tehran.")
    assert resolve(expr, WED, PAST) is None


def test_a_year_in_the_sentence_needs_no_publication_date():
    found = {t.text: t for t in find_times("In 2023, he visited India in February.")}
    window = resolve(found["February"], None, PAST)
    assert (window.start, window.end) == (date(2023, 2, 1), date(2023, 2, 28))
    assert "2023" in window.basis


def test_a_borrowed_year_does_not_make_a_written_full_date():
    # published.py reads expressions with their own "y" as full dates written out.
    found = {t.text: t for t in find_times("On March 5, the ministry set a 2030 target.")}
    assert found["March 5"].get("y") == ""


@pytest.mark.parametrize("sentence,spans,kept", [
    ("May is due to attend the summit on Thursday.", [(0, 3)], ["Thursday"]),
    ("May is due to attend the summit on Thursday.", [], ["May", "Thursday"]),
    ("The summit in May will open on Thursday.", [(31, 39)], ["May"]),
    ("Talks on May 25 were cancelled.", [(9, 12)], []),
])
def test_drop_overlapping_removes_dates_inside_other_mentions(sentence, spans, kept):
    assert [t.text for t in drop_overlapping(find_times(sentence), spans)] == kept


@pytest.mark.parametrize("sentence", sorted({c[0] for c in CASES + NEW_CASES}))
def test_every_rule_can_open(sentence):
    """The scanner skips words that open no rule; without that shortcut it finds the same."""
    from timeline.dates import _SCANNER, _compile_grammar
    unfiltered = _compile_grammar(opening=r"(?=\w)")
    assert [m.span() for m in _SCANNER.finditer(sentence)] == [m.span() for m in unfiltered.finditer(sentence)]
