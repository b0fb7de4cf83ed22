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
    ("Rice met the envoy in Doha on Tuesday.", {"Susan Rice"}, {"Susan Rice"}),
], ids=["misspelt", "family-name-first", "possessive-surname", "common-word-surname"])
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


# A weekday or a month after a name starts the rest of the sentence; it is not a third name.
@pytest.mark.parametrize("text,expected", [
    ("President Amadou Keita Monday hosted governors in Bamako.", {("Amadou Keita", "")}),
    ("Governor Jane Okoro Tuesday said the talks had failed.", {("Jane Okoro", "")}),
    ("Foreign Minister Ana Torres Wednesday met her counterpart.", {("Ana Torres", "")}),
    ("Foreign Minister Ana Torres December 12 signed the accord.", {("Ana Torres", "")}),
    ("Russian Foreign Minister Sergei Lavrov Monday met envoys.", {("Sergei Lavrov", "RUS")}),
], ids=["monday-unknown", "tuesday-governor", "wednesday", "december", "known-person"])
def test_a_date_word_after_a_name_is_not_part_of_it(text, expected):
    assert people(text) == expected


MAY_IN_OFFICE = date(2017, 3, 1)


# A surname that is also a month is the person, unless the words around it make it a date.
@pytest.mark.parametrize("text,expected", [
    ("May is due to attend the summit on Thursday.", {"Theresa May"}),
    ("May told parliament the summit would go ahead.", {"Theresa May"}),
    ("The talks between Merkel and May lasted an hour.", {"Angela Merkel", "Theresa May"}),
    ("The summit in May will be held in Brussels.", set()),
    ("In May the leaders will meet again.", set()),
    ("The talks are set for May 25 in Brussels.", set()),
    ("The talks are set for 25 May in Brussels.", set()),
    ("The talks are set for the 25th of May in Brussels.", set()),
    ("They first met in May 2017.", set()),
    ("The summit is planned for early May.", set()),
    ("The summit is planned for mid-May.", set()),
    ("The envoy will return next May.", set()),
    ("The deal must be ready by May.", set()),
    ("Talks ran from May to July.", set()),
    ("Trade has grown since May.", set()),
    ("The sanctions stay until May.", set()),
])
def test_a_month_surname_is_the_person_outside_date_constructions(text, expected):
    assert {p for p, _ in people(text, day=MAY_IN_OFFICE, named={"Theresa May"})} == expected


def test_a_month_surname_is_nobody_when_the_article_does_not_name_them():
    assert people("May is due to attend the summit.", day=MAY_IN_OFFICE) == set()


def test_a_title_makes_a_month_surname_the_office_holder():
    assert {p for p, _ in people("Prime Minister May will travel to Brussels.", day=MAY_IN_OFFICE)} == {"Theresa May"}


def test_the_person_may_is_not_also_a_month():
    from timeline.dates import drop_overlapping, find_times
    text = "May is due to attend the summit on Thursday."
    kb = knowledge()
    mentions = resolve_short_names(text, recognise(text, kb, MAY_IN_OFFICE), {"Theresa May"}, kb, MAY_IN_OFFICE)
    spans = [(m.start, m.end) for m in mentions if m.kind == "person"]
    assert [t.text for t in drop_overlapping(find_times(text), spans)] == ["Thursday"]


@pytest.mark.parametrize("text, day, expected", [
    ("Putin last visited Beijing in October.", date(2024, 3, 1), {"Vladimir Putin"}),
    ("Macron will travel to Morocco next week.", date(2024, 3, 1), {"Emmanuel Macron"}),
    ("Macron will travel to Morocco next week.", date(2015, 3, 1), set()),  # not yet in office
    ("Lee met the envoy on Monday.", date(2024, 3, 1), set()),  # a surname many people bear
])
def test_a_surname_alone_names_the_one_office_holder_of_the_day_who_bears_it(text, day, expected):
    assert {p for p, _ in people(text, day=day)} == expected


@pytest.mark.parametrize("text, named, expected", [
    ("President Ratmono arrived in Zagreb on Sunday.", set(), {"Ratmono"}),
    # a title and a surname, then the full name elsewhere in the article: one person
    ("Ratmono called on President Kovacevic today.", {"Zdenko Kovacevic", "Ratmono"}, {"Zdenko Kovacevic", "Ratmono"}),
    # a spelling the gazetteer knows is its holder's canonical name
    ("President Soeharto arrived in Zagreb on Sunday.", set(), {"Suharto"}),
    # a surname the gazetteer knows is its to resolve; a nickname in quotes is no end of a name
    ("President Xi met the envoy on Monday.", set(), {"Xi Jinping"}),
    ('President Joko "Jokowi" Widodo met the envoy on Monday.', set(), {"Joko Widodo"}),
])
def test_one_name_after_a_title_is_a_person(text, named, expected):
    assert {p for p, _ in people(text, day=date(2024, 3, 1) if "Xi" in text else date(1995, 3, 13),
                                 named=named)} == expected
