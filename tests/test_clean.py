import pytest

from timeline.clean import clean_text

STORY = "Chinese President Xi Jinping met Russian Foreign Minister Sergey Lavrov on Tuesday in Beijing."


@pytest.mark.parametrize("noise", [
    "Related coverage:\n\nG-7 blasts elections in occupied regions\n\nU.S., China agree on talks",
    "A Message from The Daily Planet:\nDear readers,\nWe need your help. Please support us monthly.\nRemind me later.",
    "Dear Reader,\nAs you can imagine, more people are reading us than ever.\nThank you,\nJane Doe, CEO",
    "We use cookies to improve your experience. Accept all cookies",
    "Sign up for our newsletter",
    "Your browser is out of date, and may not be compatible with our website.",
], ids=["related", "appeal", "dear-reader", "cookies", "newsletter", "browser"])
def test_boilerplate_goes_and_the_story_stays(noise):
    cleaned = clean_text(f"{STORY}\n\n{noise}\n\n{STORY.replace('Tuesday', 'Monday')}")
    assert STORY in cleaned and "Monday in Beijing" in cleaned
    for line in noise.splitlines():
        if line.strip():
            assert line.strip() not in cleaned


def test_line_numbers_are_kept():
    text = f"Related news\nA headline\n{STORY}"
    assert clean_text(text).split("\n") == ["", "", STORY]
