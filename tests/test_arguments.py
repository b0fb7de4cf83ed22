"""Who an event is about: the agent after a trigger ("a visit ... by Putin")."""
from datetime import date

import pytest

from timeline.arguments import AGENT_AFTER
from timeline.pipeline import extract_article
from timeline.records import Article

SENTENCE = "Chinese Foreign Minister Wang Yi met{gap}Russian Foreign Minister Sergei Lavrov in Moscow on 5 May 2024."


@pytest.mark.parametrize("after_trigger,agent_found", [
    (" to Moscow last week by ", True),
    (" — the first since 2019 — by ", True),
    (" of Xi's by ", True),
    (" to Moscow one two three four five six by ", False),
    (" " + "-" * 300 + " by ", True),
    (" " + "-" * 300 + " talks", False),
    (" " + "-'’" * 300 + " talks", False),
], ids=["words", "dashes-around", "possessive", "too-far", "dash-run-then-by", "dash-run", "quote-run"])
def test_the_agent_after_a_trigger(after_trigger, agent_found):
    # Runs of dashes or quotes once split in exponentially many ways: 30 took 8 s, 300 never ended.
    assert bool(AGENT_AFTER.match(after_trigger)) is agent_found


@pytest.mark.parametrize("gap", [" ", " " + "-" * 300 + " ", " " + "’" * 300 + " "],
                         ids=["plain", "dash-run", "quote-run"])
def test_a_run_of_punctuation_after_a_trigger_changes_no_event(gap):
    article = Article("a", SENTENCE.format(gap=gap), date(2024, 5, 6))
    assert sorted((e.type, e.actors, e.location, e.window.start) for e in extract_article(article)) == [
        ("meeting", ("Wang Yi", "Sergei Lavrov"), "Moscow", date(2024, 5, 5)),
        ("visit", ("Wang Yi", "Sergei Lavrov"), "Moscow", date(2024, 5, 5))]
