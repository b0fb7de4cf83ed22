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


@pytest.mark.parametrize("text,expected", [
    # a wire story hard-wrapped at a fixed width: its lines are one paragraph of prose
    ("CARACAS (Reuters) - Hugo Chavez on Tuesday met\nEvo Morales in Caracas to seal ties\nbetween the allies. "
     "Morales flew\nhome on Wednesday.\n",
     ["CARACAS (Reuters) - Hugo Chavez on Tuesday met Evo Morales in Caracas to seal ties between the allies.",
      "Morales flew home on Wednesday."]),
    # wire copy whose paragraphs of two or three wrapped lines are not set apart by blank lines
    ("Visiting President Ana Lima and her Kenyan counterpart\nWilliam Ruto held talks in Nairobi on Tuesday.\n"
     "They signed four agreements.\nThe two leaders will meet the press following their\ntalks, the schedule says.\n"
     "Trade reached a record last year.\nOn Wednesday, Lima will speak at the University of Nairobi.\n",
     ["Visiting President Ana Lima and her Kenyan counterpart William Ruto held talks in Nairobi on Tuesday.",
      "They signed four agreements.", "The two leaders will meet the press following their talks, the schedule says.",
      "Trade reached a record last year.", "On Wednesday, Lima will speak at the University of Nairobi."]),
    # a short heading over wrapped prose stays a heading
    ("Lima in Nairobi\nVisiting President Ana Lima and her Kenyan counterpart\nWilliam Ruto held talks in Nairobi "
     "on Tuesday and\nsigned four agreements.\n",
     ["Visiting President Ana Lima and her Kenyan counterpart William Ruto held talks in Nairobi on Tuesday and "
      "signed four agreements."]),
    # short lines that each end a sentence, and a heading over a paragraph, stay as they are
    ("Xi met Putin.\nLula met Modi.\nMacron met Scholz.\n", ["Xi met Putin.", "Lula met Modi.", "Macron met Scholz."]),
    ("Talks in Moscow\n\nXi Jinping met Vladimir Putin in Moscow on Monday.\n",
     ["Xi Jinping met Vladimir Putin in Moscow on Monday."]),
])
def test_hard_wrapped_paragraphs_are_joined(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start:s.end].replace("\n", " ") == s.text for s in sentences)


def test_a_long_blank_line_is_read_in_linear_time():
    # A paragraph regex once backtracked over every blank run: a line of 1,000,000 spaces never ended.
    text = "Xi Jinping met Vladimir Putin.\n" + " " * 1_000_000 + "\nLula met Modi.\n"
    assert [s.text for s in split_sentences(text)] == ["Xi Jinping met Vladimir Putin.", "Lula met Modi."]
