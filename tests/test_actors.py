from datetime import date

import pytest

from timeline.actors import recognise, resolve_short_names
from timeline.knowledge import knowledge

SEPT_2023 = date(2023, 9, 18)


def people(text, day=SEPT_2023, named=frozenset()):
    kb = knowledge()
    mentions = recognise(text, kb, day)
    mentions = resolve_short_names(text, mentions, set(named), kb, day)
    return {(m.value, m.country) for m in mentions if m.kind == "person"}


@pytest.mark.parametrize("text,expected", [
    ("Russia's Sergei Lavrov agreed.", {("Sergei Lavrov", "RUS")}),
    ("Russian Foreign Minister Sergey Lavrov said.", {("Sergei Lavrov", "RUS")}),
    ("North Korean leader Kim Jong Un's recent visit.", {("Kim Jong Un", "PRK")}),
    ("Kim Jong-un arrived.", {("Kim Jong Un", "PRK")}),
    ("Chinese Vice Premier Zhang Guoqing listened.", {("Zhang Guoqing", "CHN")}),
    ("U.S. National Security Adviser Jake Sullivan spoke.", {("Jake Sullivan", "USA")}),
    ("Foreign Minister Ana Torres of Ruritania arrived.", {("Ana Torres", "")}),
], ids=["name", "variant", "possessive", "hyphenated", "titled", "titled-usa", "unknown-titled"])
def test_recognises_people(text, expected):
    assert expected <= people(text)


@pytest.mark.parametrize("text,named,expected", [
    ("Larov briefed Wang.", {"Sergei Lavrov", "Wang Yi"}, {"Sergei Lavrov", "Wang Yi"}),
    ("Xi's visit will coincide with the parade.", {"Xi Jinping"}, {"Xi Jinping"}),
    ("Lavrov's trip to Beijing.", {"Sergei Lavrov"}, {"Sergei Lavrov"}),
], ids=["misspelt", "family-name-first", "possessive-surname"])
def test_short_names_resolve_to_people_the_article_names(text, named, expected):
    assert {p for p, _ in people(text, named=named)} == expected


def test_a_surname_alone_is_nobody_until_the_article_names_them():
    assert people("Wang said the talks went well.") == set()


@pytest.mark.parametrize("text,country", [
    ("China's top diplomat arrived.", "CHN"),
    ("the Russian foreign minister said", "RUS"),
    ("Moscow's top diplomat visiting China", "RUS"),
])
def test_role_phrases_carry_their_country(text, country):
    roles = [m for m in recognise(text, knowledge(), SEPT_2023) if m.kind == "role"]
    assert [m.country for m in roles] == [country]


def test_the_chinese_capital_is_beijing():
    places = [m.value for m in recognise("talks in the Chinese capital", knowledge(), SEPT_2023) if m.kind == "place"]
    assert places == ["Beijing"]
