from datetime import date

import pytest

from timeline.dates import FUTURE, PAST, find_times, resolve

MON_2023_09_18 = date(2023, 9, 18)
FRI_2025_03_28 = date(2025, 3, 28)
TUE_2024_04_09 = date(2024, 4, 9)

# (sentence, publication date, tense, expected text, start, end, precision)
CASES = [
    ("The two ministers discussed Monday in Moscow issues including the war.", MON_2023_09_18, PAST,
     "Monday", "2023-09-18", "2023-09-18", "day"),
    ("Wang will begin a four-day trip to Russia on Monday.", MON_2023_09_18, FUTURE,
     "Monday", "2023-09-18", "2023-09-18", "day"),
    ("Xi met Lavrov on Tuesday in Beijing.", TUE_2024_04_09, PAST, "Tuesday", "2024-04-09", "2024-04-09", "day"),
    ("France's top diplomat told Wang Yi on Thursday that China must play a role.", FRI_2025_03_28, PAST,
     "Thursday", "2025-03-27", "2025-03-27", "day"),
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


@pytest.mark.parametrize("sentence,published,tense,text,start,end,precision", CASES,
                         ids=[c[3] for c in CASES])
def test_resolves_to_the_window_the_text_allows(sentence, published, tense, text, start, end, precision):
    found = {t.text: t for t in find_times(sentence)}
    assert text in found, f"{text!r} not found in {sorted(found)}"
    window = resolve(found[text], published, tense)
    assert (window.start.isoformat(), window.end.isoformat(), window.precision) == (start, end, precision)


@pytest.mark.parametrize("sentence", [
    "Beijing and Moscow mark the 75th anniversary of relations.",
    "The US must raise its $31.4 trillion borrowing limit.",
    "Some 100,000 people swarmed the streets.",
    "They may meet again, officials said.",
])
def test_finds_no_date_where_there_is_none(sentence):
    assert find_times(sentence) == []


def test_relative_dates_need_a_publication_date():
    (expr,) = find_times("They will meet next month.")
    assert resolve(expr, None, FUTURE) is None
