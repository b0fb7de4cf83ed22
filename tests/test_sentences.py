import pytest

from timeline.sentences import split_sentences

CASES = [
    ("Talks with U.S. officials began. Wang then left.", ["Talks with U.S. officials began.", "Wang then left."]),
    ("Joseph R. Biden met Mr. Macron on Sept. 8. They agreed.",
     ["Joseph R. Biden met Mr. Macron on Sept. 8.", "They agreed."]),
    ('"At the invitation of Sergei Lavrov... Wang Yi will visit," the ministry said. He will.',
     ['"At the invitation of Sergei Lavrov... Wang Yi will visit," the ministry said.', "He will."]),
    ("He met Foreign Minister Sergei Lavrov.He is due to meet Putin on Sunday.",
     ["He met Foreign Minister Sergei Lavrov.", "He is due to meet Putin on Sunday."]),
    ("Related coverage\nXi meets Lavrov in Beijing.", ["Xi meets Lavrov in Beijing."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=["abbreviation", "initial", "ellipsis", "glued", "heading"])
def test_splits_news_prose(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_back_into_the_text():
    text = "First line here.\n\nXi met Putin in Moscow. They spoke."
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
