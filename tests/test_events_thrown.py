"""The events stage on weapons thrown, planted or fired at something, and fire set to it
(sentences we wrote)."""

from __future__ import annotations

from eventwire import Pipeline
from eventwire.model import Article, Event


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    result = pipeline.run(Article(raw=text))
    assert isinstance(result, Article), result
    return result.events


def _one(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.text == trigger]
    assert found, f"no event {trigger!r} in {[(e.text, e.category) for e in events]}"
    return found[0]


def test_weapon_thrown_at_a_target(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Two youths hurled grenades at the Velta Bank on Friday.")
    hurled = _one(events, "hurled")
    assert (hurled.category, hurled.mode) == ("ASSAULT", "explosives")
    assert hurled.instrument is not None and hurled.instrument.text == "grenades"
    assert hurled.recipient is not None and hurled.recipient.text == "the Velta Bank"
    assert hurled.actor is not None and hurled.actor.text == "Two youths"


def test_fire_set_to_a_building(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The gang set fire to a grocery store in Karvo.")
    fire = _one(events, "set")
    assert (fire.category, fire.mode) == ("COERCE", "destroy")
    assert fire.recipient is not None and fire.recipient.text == "a grocery store"


def test_charges_of_dynamite_are_weapons(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Unknown men detonated two dynamite charges at the pylon.")
    detonated = _one(events, "detonated")
    assert detonated.instrument is not None and detonated.instrument.text == "two dynamite charges"
    assert detonated.recipient is not None and detonated.recipient.text == "the pylon"


def test_the_agent_of_a_light_verb_participle_did_it(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The attack perpetrated by masked gunmen left a judge dead.")
    attack = _one(events, "attack")
    assert attack.actor is not None and attack.actor.text == "masked gunmen"


def test_who_blames_someone_for_an_attack_did_not_do_it(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The mayor blamed the militia for the bombing of the market.")
    assert _one(events, "bombing").actor is None


def test_verbs_named_for_their_weapon_are_attacks(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Masked men machinegunned the car and dynamited a pylon.")
    shot = _one(events, "machinegunned")
    assert (shot.category, shot.mode) == ("ASSAULT", "firearms")
    assert shot.recipient is not None and shot.recipient.text == "the car"
    blown = _one(events, "dynamited")
    assert (blown.category, blown.mode) == ("ASSAULT", "explosives")
