"""Events from single articles: tables of sentences written for these tests, and expected events."""
from datetime import date

import pytest

from timeline.pipeline import extract_article
from timeline.records import Article

MON = date(2023, 9, 18)
FRI = date(2025, 3, 28)


def events(text, published=MON):
    return extract_article(Article("t", text, published))


def summary(event):
    window = f"{event.window.start}..{event.window.end}" if event.window else "undated"
    return (event.type, event.status, window, tuple(sorted(event.actors)), event.location)


CASES = [
    ("Chinese President Xi Jinping met with Russian Foreign Minister Sergey Lavrov on Monday in Beijing.", MON,
     ("meeting", "held", "2023-09-18..2023-09-18", ("Sergei Lavrov", "Xi Jinping"), "Beijing")),
    ("Wang Yi will visit Russia next week for talks.", FRI,
     ("visit", "planned", "2025-03-31..2025-04-06", ("Wang Yi",), "Russia")),
    ("Chinese Defence Minister Li Shangfu visited Belarus last month.", MON,
     ("visit", "held", "2023-08-01..2023-08-31", ("Li Shangfu",), "Belarus")),
    ("Chinese President Xi Jinping spoke by phone with Russian President Vladimir Putin on Friday.", FRI,
     ("call", "held", "2025-03-28..2025-03-28", ("Vladimir Putin", "Xi Jinping"), "")),
    ("Vladimir Putin is expected to attend a summit to be held in Beijing in October.", MON,
     ("summit", "planned", "2023-10-01..2023-10-31", ("Vladimir Putin",), "Beijing")),
    ("Japanese Prime Minister Fumio Kishida canceled his planned trip (3-6 October) to Mongolia.", date(2023, 10, 2),
     ("visit", "cancelled", "2023-10-03..2023-10-06", ("Fumio Kishida",), "Mongolia")),
    ("Russian President Vladimir Putin will begin a three-day visit to Hanoi on Monday.", MON,
     ("visit", "held", "2023-09-18..2023-09-20", ("Vladimir Putin",), "Hanoi")),
    ("Sergei Lavrov's trip to Beijing began on Monday.", MON,
     ("visit", "held", "2023-09-18..2023-09-18", ("Sergei Lavrov",), "Beijing")),
    ("Turkish President Recep Tayyip Erdogan hosted Iranian President Ebrahim Raisi on Wednesday.", date(2024, 1, 26),
     ("visit", "held", "2024-01-24..2024-01-24", ("Ebrahim Raisi", "Recep Tayyip Erdogan"), "Ankara")),
    ("President Joe Biden will host Japanese Prime Minister Fumio Kishida at the White House on April 10.",
     date(2024, 3, 8), ("visit", "planned", "2024-04-10..2024-04-10", ("Fumio Kishida", "Joe Biden"), "Washington")),
    ("U.S. Secretary of State Antony Blinken arrived in Beijing on Sunday for a two-day visit.", date(2023, 6, 19),
     ("visit", "held", "2023-06-18..2023-06-19", ("Antony Blinken",), "Beijing")),
    ("French President Emmanuel Macron and Chinese President Xi Jinping held talks in Paris on Monday.",
     date(2024, 5, 7), ("meeting", "held", "2024-05-06..2024-05-06", ("Emmanuel Macron", "Xi Jinping"), "Paris")),
    ("The G20 summit will be held in New Delhi on September 9-10.", date(2023, 8, 1),
     ("summit", "planned", "2023-09-09..2023-09-10", (), "New Delhi")),
    ("The leaders of the Group of Seven will gather in Hiroshima from May 19 to 21.", date(2023, 5, 1),
     ("summit", "planned", "2023-05-19..2023-05-21", (), "Hiroshima")),
    ("Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk Yeol held a summit in Seoul on May 7.",
     date(2023, 5, 8), ("meeting", "held", "2023-05-07..2023-05-07", ("Fumio Kishida", "Yoon Suk Yeol"), "Seoul")),
    ("Prime Minister Narendra Modi is on a three-day visit to the United States.", date(2023, 6, 21),
     ("visit", "held", "2023-06-21..2023-06-23", ("Narendra Modi",), "United States")),
    ("Xi Jinping will attend the SCO summit in Astana with Vladimir Putin in July.", date(2024, 6, 1),
     ("summit", "planned", "2024-07-01..2024-07-31", ("Vladimir Putin", "Xi Jinping"), "Astana")),
]


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[2][0] + "-" + c[2][1] for c in CASES])
def test_one_sentence_one_event(text, published, expected):
    found = [summary(e) for e in events(text, published)]
    assert expected in found, found


@pytest.mark.parametrize("text", [
    "It would be futile to attempt to end the war without Russia's interests.",
    "The Chinese Foreign Ministry spokesman said at a briefing that ties are strong.",
    "The two navies held joint drills in the Sea of Japan last week.",
    "China and Russia have conducted a series of high-level visits and phone calls.",
    "Moscow has announced that the leaders of Russia and China will visit each other.",
    "Beijing is facing calls to force Moscow to start negotiations.",
    "Xi told Lavrov that Beijing and Moscow have embraced cooperation.",
], ids=["hypothetical", "briefing", "drills", "habitual", "reciprocal", "pressure", "speech"])
def test_not_events(text):
    assert [summary(e) for e in events(text) if e.window is not None] == []


def test_visits_to_two_countries_are_two_visits():
    found = events("Chinese Defence Minister Li Shangfu visited Russia and Belarus last month.")
    assert sorted(e.location for e in found if e.type == "visit") == ["Belarus", "Russia"]


def test_one_meeting_per_counterpart():
    text = ("Indian Prime Minister Narendra Modi is set to meet today with Russian President Vladimir Putin, "
            "Prime Minister Mikhail Mishustin and Foreign Minister Sergei Lavrov.")
    found = [e for e in events(text, date(2024, 7, 9)) if e.type == "meeting"]
    assert sorted(e.actors[1] for e in found) == ["Mikhail Mishustin", "Sergei Lavrov", "Vladimir Putin"]


def test_undated_article_keeps_relative_events_undated():
    found = events("Wang Yi will visit Russia next week.", published=None)
    assert found and all(e.window is None for e in found)


def test_snippet_is_the_source_sentence():
    text = "Filler sentence here. Chinese President Xi Jinping met Russian President Vladimir Putin on Monday in Moscow."
    (event,) = [e for e in events(text) if e.type == "meeting"]
    assert event.snippet == text.split(". ", 1)[1]
