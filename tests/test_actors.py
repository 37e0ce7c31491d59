"""The actors stage and the actor dictionary, on sentences we wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire import Pipeline
from eventwire.errors import EventwireError
from eventwire.model import Actor, Article, from_dict, to_dict
from eventwire.resources.actor_dictionary import load_actors
from eventwire.stages.actors import Resolver


def run(pipeline: Pipeline, text: str) -> Article:
    result = pipeline.run(Article(raw=text))
    assert isinstance(result, Article), result
    return result


def actor_of(article: Article, word: str) -> str | None:
    """The actor id the actors stage gave the phrase headed by `word` (first occurrence)."""
    resolver = Resolver.of(article)
    token = next(t for t in article.doc if t.text == word)
    return resolver.heads.get(token.i)


def test_dictionary_knows_countries_demonyms_capitals_and_groups() -> None:
    actors = load_actors()
    assert actors.lookup("Syrian") is not None and actors.lookup("Syrian").country == "SYR"
    assert actors.lookup("French").country == "FRA"  # not a small territory sharing it
    assert actors.lookup("U.S.").country == "USA"
    assert actors.lookup("us") is None  # the pronoun is no country
    kremlin = actors.lookup("Kremlin")
    assert kremlin is not None and (kremlin.country, kremlin.sector) == ("RUS", "GOV")
    fsa = actors.lookup("Free Syrian Army")
    assert fsa is not None and (fsa.id, fsa.country, fsa.sector) == ("FSA", "SYR", "REB")
    assert actors.lookup("al-Qaeda") is not None
    assert actors.roles["troops"] == "MIL" and actors.roles["militia"] == "UAF"


def test_distinct_groups_are_distinct_entries() -> None:
    actors = load_actors()
    pairs = [("MRTA", "Shining Path"), ("MILF", "Abu Sayyaf"), ("NPA", "Abu Sayyaf")]
    for one, other in pairs:
        assert actors.lookup(one).id != actors.lookup(other).id
    assert actors.lookup("Sinn Fein").sector == "PTY"  # a party, not the IRA


def test_user_file_extends_the_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "groups": [
                    {"id": "NLF", "name": "Northern Lakes Front", "aliases": ["NLF"],
                     "country": "KEN", "sector": "REB"}
                ],
                "nouns": {"CVL": ["herdsmen"]},
            }
        ),
        encoding="utf-8",
    )  # fmt: skip
    actors = load_actors(str(path))
    found = actors.lookup("Northern Lakes Front")
    assert found is not None and (found.country, found.sector) == ("KEN", "REB")
    assert actors.roles["herdsmen"] == "CVL"
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text(
        "id,name,aliases,country,sector\nRDF,Riverside Defence Force,RDF;River Guard,UGA,UAF\n",
        encoding="utf-8",
    )
    assert load_actors(str(csv_path)).lookup("River Guard").sector == "UAF"


def test_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EventwireError, match="actor file not found"):
        load_actors(str(tmp_path / "none.json"))


def test_role_country_and_possessor(pipeline: Pipeline) -> None:
    article = run(
        pipeline,
        "Syrian President Bashar Assad's troops and allied Shiite militias from Lebanon, "
        "Iraq and Iran captured the hill town.",
    )
    assert actor_of(article, "troops") == "SYR-MIL"
    assert actor_of(article, "militias") == "LBN+IRQ+IRN-UAF"
    ids = {a.id for a in article.actors}
    assert {"SYR-MIL", "LBN+IRQ+IRN-UAF"} <= ids


def test_function_nouns_take_the_modifier_sector(pipeline: Pipeline) -> None:
    article = run(
        pipeline,
        "A Kenyan rebel spokesman said police officials and government forces raided the camp.",
    )
    assert actor_of(article, "spokesman") == "KEN-REB"
    assert actor_of(article, "officials") == "KEN-COP"
    assert actor_of(article, "forces") == "KEN-MIL"


def test_coreference_of_bare_roles_and_pronouns(pipeline: Pipeline) -> None:
    article = run(
        pipeline,
        "Fighting spread across Chad on Monday. The insurgents still hold two towns. "
        "Moscow said it would send envoys.",
    )
    assert actor_of(article, "insurgents") == "TCD-REB"  # the rebels in focus
    assert actor_of(article, "Moscow") == "RUS-GOV"  # a capital as the government
    assert actor_of(article, "it") == "RUS-GOV"


def test_named_groups_and_appositions(pipeline: Pipeline) -> None:
    article = run(
        pipeline,
        "Nadia Karam, a spokeswoman for the Free Syrian Army, said Hezbollah fighters withdrew.",
    )
    assert actor_of(article, "Karam") == "FSA"
    assert actor_of(article, "fighters") == "HEZBOLLAH"
    karam = next(m for m in article.mentions if m.text.startswith("Nadia"))
    assert karam.actor == "FSA"


def test_places_in_passing_are_no_actors(pipeline: Pipeline) -> None:
    article = run(pipeline, "Talks were held in Geneva and the delegates left Damascus.")
    assert actor_of(article, "Geneva") is None
    assert actor_of(article, "Damascus") is None


def test_actors_round_trip_through_the_record() -> None:
    article = Article(raw="x", actors=[Actor("SYR-MIL", "Syria military", "SYR", "MIL")])
    assert from_dict(Article, to_dict(article)) == article
