"""Truecasing all-caps wire copy, on reports we wrote, with the real model."""

from __future__ import annotations

import pytest

from eventwire import Article, Pipeline
from eventwire.ingest.truecase import mostly_upper, truecase
from eventwire.stages.nlp import load_pipeline
from eventwire.stages.text import article_id

CAPS = (
    "THE BOLIVIAN ARMY SAID ON TUESDAY THAT REBELS OF THE NATIONAL LIBERATION ARMY (ELN) "
    "AMBUSHED A PATROL NEAR THE TOWN OF SANTA CRUZ. GENERAL MARIO VARGAS SAID TWO SOLDIERS "
    'WERE KILLED.\n\n   "WE WILL FIND THEM," THE U.S.-TRAINED OFFICER TOLD REPORTERS IN '
    "LA PAZ ON 4 MARCH."
)


@pytest.fixture(scope="module")
def tagger() -> object:
    return load_pipeline("en_core_web_md", frozenset({"tagger", "ner"}))


def test_mostly_upper_needs_a_report_in_capitals() -> None:
    assert mostly_upper(CAPS)
    assert not mostly_upper("Rebels of the ELN ambushed a patrol near the town of Santa Cruz.")
    assert not mostly_upper("SHORT SHOUT")  # too few letters to call it a report
    assert not mostly_upper("")


def test_truecase_restores_ordinary_case(tagger: object) -> None:
    text = truecase(CAPS, tagger)  # type: ignore[arg-type]
    assert len(text) == len(CAPS)
    assert text.lower() == CAPS.lower()
    assert text.startswith("The Bolivian Army said on Tuesday that rebels")
    assert "Mario Vargas" in text
    assert "(ELN)" in text and "U.S." in text
    assert "two soldiers were killed" in text
    assert '"We will find them,"' in text
    assert "4 March" in text


def test_words_the_vectors_lack_are_names(tagger: object) -> None:
    caps = "GUNMEN KILLED MAYOR TOMASZ WYRZYKOWSKI-OLEBORG NEAR QUZLAROVKA ON MONDAY."
    text = truecase(caps, tagger)  # type: ignore[arg-type]
    assert "Wyrzykowski-Oleborg" in text and "Quzlarovka" in text
    assert text.startswith("Gunmen killed")


def test_known_names_get_capitals(tagger: object) -> None:
    asked: list[tuple[str, bool]] = []

    def known(phrase: str, single: bool) -> bool:
        asked.append((phrase, single))
        return phrase in {"la paz", "santa cruz"}

    text = truecase(CAPS, tagger, known)  # type: ignore[arg-type]
    assert "in La Paz on" in text and "town of Santa Cruz." in text
    assert ("paz", True) not in asked  # the longer name was found first
    assert all(not phrase.endswith(" the") for phrase, _ in asked)


def test_text_stage_truecases_all_caps_bodies_and_keeps_the_sent_id() -> None:
    article = Pipeline(["text"]).run(Article(raw=CAPS))
    assert isinstance(article, Article)
    assert "Mario Vargas" in article.text and "in La Paz on" in article.text
    assert "The Bolivian Army" in article.text
    assert article.raw == CAPS
    assert article.id == article_id(CAPS)
    mixed = "Rebels of the ELN ambushed a patrol near Santa Cruz on Tuesday, the army said."
    plain = Pipeline(["text"]).run(Article(raw=mixed))
    assert isinstance(plain, Article) and plain.text == mixed


def test_text_stage_capitalises_groups_of_the_actor_dictionary() -> None:
    caps = (
        "POLICE SAID GUERRILLAS OF THE SHINING PATH BLEW UP TWO PYLONS NEAR THE CAPITAL "
        "ON MONDAY NIGHT, CUTTING POWER TO THOUSANDS OF HOMES FOR SEVERAL HOURS."
    )
    article = Pipeline(["text"]).run(Article(raw=caps))
    assert isinstance(article, Article)
    assert "the Shining Path blew" in article.text


def test_text_stage_capitalises_a_given_name_before_a_surname() -> None:
    caps = (
        "POLICE SAID GUNMEN KIDNAPPED UNION LEADER HECTOR VALDIVIESO ON MONDAY NIGHT NEAR "
        "THE PORT, AND THAT VICTOR ARANGUREN WAS WOUNDED. THE VICTOR OF THE VOTE SPOKE."
    )
    article = Pipeline(["text"]).run(Article(raw=caps))
    assert isinstance(article, Article)
    assert "leader Hector Valdivieso on" in article.text
    assert "that Victor Aranguren was" in article.text
    assert "The victor of the vote" in article.text  # a word, not a name, here


def test_truecased_report_gets_its_entities(tagger: object) -> None:
    article = Pipeline().run(Article(raw=CAPS))
    assert isinstance(article, Article)
    people = {m.text for m in article.mentions if m.label == "PERSON"}
    assert "Mario Vargas" in people
    assert any(p.text == "La Paz" and p.entry is not None for p in article.places)
