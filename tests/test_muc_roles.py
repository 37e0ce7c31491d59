"""How events map to MUC-4 template roles: structures, parts, weapons and people, on
hand-built articles and short reports of our own."""

from __future__ import annotations

from eventwire.evaluate.events_muc4 import predict_roles
from eventwire.model import Article, Event, Mention, Participant
from eventwire.pipeline import Pipeline


def _span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _participant(text: str, word: str, **kwargs: str) -> Participant:
    return Participant(*_span(text, word), word, **kwargs)  # type: ignore[arg-type]


def _roles(pipeline: Pipeline, text: str) -> dict[str, list[str]]:
    """The MUC-4 role fillers the pipeline gives a report of our own."""
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    return predict_roles(article)


def _attack(text: str, trigger: str, **roles: Participant) -> Event:
    return Event(*_span(text, trigger), trigger, "ASSAULT", **roles)  # type: ignore[arg-type]


def test_muc_structures_are_physical_targets_whoever_owns_them(pipeline: Pipeline) -> None:
    text = (
        "Rebels bombed the Norland embassy, Judge Ivo Brenn's house and a public bus; "
        "a grenade damaged the front of the Velta bank. Gunmen shot two nurses."
    )
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article) and article.text == text
    article.events = [
        _attack(text, "bombed", recipient=_participant(text, "the Norland embassy", sector="GOV")),
        _attack(
            text,
            "bombed",
            recipient=_participant(text, "Judge Ivo Brenn's house", sector="JUD"),
        ),
        _attack(text, "bombed", recipient=_participant(text, "a public bus", sector="CVL")),
        _attack(text, "damaged", recipient=_participant(text, "the front of the Velta bank")),
        _attack(text, "shot", recipient=_participant(text, "two nurses", sector="MED")),
    ]
    roles = predict_roles(article)
    # the words naming an owner do not make a building people; a part stands for the whole
    assert sorted(roles["phys_tgt_id"]) == sorted(
        ["Norland embassy", "Judge Ivo Brenn's house", "public bus", "Velta bank"]
    )


def test_muc_a_weapon_as_recipient_is_the_instrument() -> None:
    text = "The explosion of two bombs shook the market."
    article = Article(raw=text, text=text)
    article.events = [_attack(text, "explosion", recipient=_participant(text, "two bombs"))]
    roles = predict_roles(article)
    assert roles["incident_instrument_id"] == ["bombs"]
    assert roles["phys_tgt_id"] == []


def test_muc_people_named_by_their_head_act(pipeline: Pipeline) -> None:
    text = "Members of the Oru Hill group attacked the market."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article) and article.text == text
    article.mentions = []  # as in a report in capitals, where the name goes unrecognised
    actor = _participant(text, "Members of the Oru Hill group")
    article.events = [_attack(text, "attacked", actor=actor)]
    # the phrase ends in "group", but its head is people: they are the individuals
    assert predict_roles(article)["perp_individual_id"] == ["Members of the Oru Hill group"]


def test_muc_a_two_word_weapon_is_the_instrument() -> None:
    text = "Two dynamite charges wrecked the pylon."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(
            text,
            "wrecked",
            actor=_participant(text, "Two dynamite charges"),
            recipient=_participant(text, "the pylon"),
        )
    ]
    roles = predict_roles(article)
    assert roles["incident_instrument_id"] == ["dynamite charges"]
    assert roles["perp_individual_id"] == [] and roles["phys_tgt_id"] == ["pylon"]


def test_muc_a_group_named_in_lower_case_is_the_organisation(pipeline: Pipeline) -> None:
    # a report in capitals, truecased: the group's name stayed lower case, and the actors
    # stage, which reads names only where they are capitalised, left the phrase unresolved
    text = "Members of the shining path group attacked a bus near the river."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article) and article.text == text
    article.mentions, article.actors = [], []
    article.events = [
        _attack(
            text,
            "attacked",
            actor=_participant(text, "Members of the shining path group"),
            recipient=_participant(text, "a bus"),
        )
    ]
    roles = predict_roles(article)
    assert roles["perp_organization_id"] == ["shining path"]
    assert roles["perp_individual_id"] == ["Members of the shining path group"]

    article.events[0].actor = _participant(text, "the shining path group")
    assert predict_roles(article)["perp_organization_id"] == ["shining path"]


def test_muc_coordinated_victims_and_weapons_each_fill_a_slot(pipeline: Pipeline) -> None:
    text = "Gunmen shot Mayor Ana Ruiz and her aide Tomas Brenn with rifles and grenades."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article) and article.text == text
    shot = next(e for e in article.events if e.text == "shot")
    # the events stage keeps the first conjunct of each phrase
    assert shot.recipient is not None and shot.recipient.text == "Mayor Ana Ruiz"
    roles = predict_roles(article)
    assert sorted(roles["hum_tgt_name"]) == ["Ana Ruiz", "Tomas Brenn"]
    assert sorted(roles["incident_instrument_id"]) == ["grenades", "rifles"]


def test_muc_people_nobody_and_abstractions_are_no_physical_targets() -> None:
    text = (
        "The gang attacked two missionaries, hurt nobody else and wounded the homeland "
        "and the economy."
    )
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, trigger, recipient=_participant(text, words))
        for trigger, words in (
            ("attacked", "two missionaries"),
            ("hurt", "nobody"),
            ("wounded", "the homeland"),
            ("wounded", "the economy"),
        )
    ]
    assert predict_roles(article)["phys_tgt_id"] == []


def test_muc_the_weapon_that_fired_not_the_fire_nor_a_vehicle() -> None:
    text = "Rifle fire hit a guard. Rebels shot at a bus with fire from a jeep with grenades."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, "hit", actor=_participant(text, "Rifle fire")),
        _attack(text, "shot", instrument=_participant(text, "fire")),
        _attack(text, "shot", instrument=_participant(text, "a jeep")),
        _attack(text, "shot", instrument=_participant(text, "grenades")),
    ]
    assert sorted(predict_roles(article)["incident_instrument_id"]) == ["Rifle", "grenades"]


def test_muc_who_is_blamed_for_an_act_with_no_doer_did_it(pipeline: Pipeline) -> None:
    text = "The governor blamed urban guerrillas for the murder of Judge Ana Ruiz on Monday."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    murder = next(e for e in article.events if e.text == "murder")
    assert murder.actor is None  # the events stage names no doer: it is an allegation
    roles = predict_roles(article)
    assert roles["perp_individual_id"] == ["urban guerrillas"]
    assert roles["hum_tgt_name"] == ["Ana Ruiz"]


def test_muc_victims_named_in_apposition_each_fill_a_slot(pipeline: Pipeline) -> None:
    for text in (
        "The blast killed three people: Ana Ruiz, Tomas Brenn and Ivo Marek.",
        "Gunmen killed two reporters, Ana Ruiz and Tomas Brenn, near the bridge.",
    ):
        names = set(_roles(pipeline, text)["hum_tgt_name"])
        assert {"Ana Ruiz", "Tomas Brenn"} <= names, text


def test_muc_victims_the_report_identifies_are_human_targets(pipeline: Pipeline) -> None:
    text = (
        "Gunmen attacked a bus near the river on Monday, killing two passengers. "
        "The victims were identified as Ana Ruiz and Tomas Brenn."
    )
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    assert {"Ana Ruiz", "Tomas Brenn"} <= set(predict_roles(article)["hum_tgt_name"])
    # with no incident in the report, nobody is a victim of one
    article.events = []
    assert predict_roles(article)["hum_tgt_name"] == []


def test_muc_a_title_before_a_victims_name_is_no_part_of_it(pipeline: Pipeline) -> None:
    text = "Gunmen shot Inspector Ana Ruiz outside the station."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    # the recogniser caught only the surname: the name grows over the words beside it
    others = [m for m in article.mentions if m.label != "PERSON"]
    article.mentions = [*others, Mention(*_span(text, "Ruiz"), "Ruiz", "PERSON")]
    assert predict_roles(article)["hum_tgt_name"] == ["Ana Ruiz"]


def test_muc_a_part_with_no_building_named_is_no_physical_target() -> None:
    text = "The blast shattered the windows and a door of the Orvan clinic."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, "shattered", recipient=_participant(text, "the windows")),
        _attack(text, "shattered", recipient=_participant(text, "a door of the Orvan clinic")),
    ]
    # damage to a part alone is not what was attacked; a part of a building named is it
    assert predict_roles(article)["phys_tgt_id"] == ["Orvan clinic"]


def test_muc_a_capitalised_name_is_no_physical_target(pipeline: Pipeline) -> None:
    text = "At dawn the gunmen shot Kestrel near the old depot."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    article.mentions = []  # the recogniser missed the name
    article.events = [_attack(text, "shot", recipient=_participant(text, "Kestrel"))]
    assert predict_roles(article)["phys_tgt_id"] == []


def test_muc_an_armed_partys_attack_on_troops_is_combat() -> None:
    text = "Guerrillas ambushed an army patrol. Later the rebels bombed an army jeep."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(
            text,
            "ambushed",
            actor=_participant(text, "Guerrillas", sector="REB"),
            recipient=_participant(text, "an army patrol", sector="MIL"),
        ),
        _attack(
            text,
            "bombed",
            actor=_participant(text, "the rebels", sector="REB"),
            recipient=_participant(text, "an army jeep", sector="MIL"),
        ),
    ]
    roles = predict_roles(article)
    # the ambush of a patrol is combat; a vehicle struck is a physical target
    assert roles["phys_tgt_id"] == ["army jeep"]
    assert roles["perp_individual_id"] == ["rebels"]


def test_muc_a_raid_is_an_operation_not_an_incident() -> None:
    text = "Soldiers raided a farm owned by the Serna clan."
    article = Article(raw=text, text=text)
    article.events = [_attack(text, "raided", recipient=_participant(text, "a farm"))]
    assert predict_roles(article)["phys_tgt_id"] == []


def test_muc_an_approximate_count_is_trimmed_too() -> None:
    from eventwire.evaluate.events_muc4 import trim_count

    assert trim_count("over 300 armed fighters") == "armed fighters"
    assert trim_count("approximately 40 shops") == "shops"
    assert trim_count("nearly twenty gunmen") == "gunmen"
    assert trim_count("the same pipeline") == "pipeline"  # the one named before
    assert trim_count("the same militia", counts=False) == "militia"


def test_muc_who_claims_an_incident_is_its_organisation(pipeline: Pipeline) -> None:
    claimed = _roles(
        pipeline,
        "A bomb exploded at the Velta bank on Monday. In a leaflet, the Shining Path "
        "claimed responsibility for the bombing.",
    )
    assert claimed["perp_organization_id"] == ["Shining Path"]
    denied = _roles(
        pipeline,
        "A bomb exploded at the Velta bank on Monday. In a leaflet, the Shining Path "
        "did not claim responsibility for the bombing.",
    )
    assert denied["perp_organization_id"] == []


def test_muc_who_is_held_responsible_for_an_incident_is_its_organisation(
    pipeline: Pipeline,
) -> None:
    held = _roles(
        pipeline,
        "Gunmen massacred nine villagers near Orvel. Witnesses said members of the "
        "army were responsible for the massacre.",
    )
    assert held["perp_organization_id"] == ["army"]
    nobody = _roles(
        pipeline,
        "A bomb exploded at the Velta bank on Monday. No organisation has claimed "
        "responsibility for the bombing.",
    )
    assert nobody["perp_organization_id"] == []


def test_muc_a_sector_is_no_organisation() -> None:
    from eventwire.model import Actor

    text = "Gunmen shot a driver."
    article = Article(raw=text, text=text)
    article.actors = [Actor(id="UAF", name="irregular armed forces", country=None, sector="UAF")]
    article.events = [_attack(text, "shot", actor=_participant(text, "Gunmen", actor="UAF"))]
    roles = predict_roles(article)
    # "gunmen" are people of a sector, not a named group
    assert roles["perp_organization_id"] == [] and roles["perp_individual_id"] == ["Gunmen"]


def test_muc_names_after_the_dead_are_victims_only_when_given_as_them(
    pipeline: Pipeline,
) -> None:
    text = (
        "Gunmen attacked a bus on Monday. One guard was killed and two others were "
        "wounded in clashes at Tomas Brenn. The dead man was identified as Ana Ruiz."
    )
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    article.mentions = [
        Mention(*_span(text, "Tomas Brenn"), "Tomas Brenn", "PERSON"),  # a place misread
        Mention(*_span(text, "Ana Ruiz"), "Ana Ruiz", "PERSON"),
    ]
    assert predict_roles(article)["hum_tgt_name"] == ["Ana Ruiz"]


def test_muc_an_attack_long_past_fills_no_template() -> None:
    text = "Since the murder of Ana Ruiz, gunmen shot Ivo Marek."
    article = Article(raw=text, text=text)
    past = _attack(text, "murder", recipient=_participant(text, "Ana Ruiz"))
    past.modality = "historical"
    article.mentions = [
        Mention(*_span(text, "Ana Ruiz"), "Ana Ruiz", "PERSON"),
        Mention(*_span(text, "Ivo Marek"), "Ivo Marek", "PERSON"),
    ]
    article.events = [past, _attack(text, "shot", recipient=_participant(text, "Ivo Marek"))]
    assert predict_roles(article)["hum_tgt_name"] == ["Ivo Marek"]


def test_muc_nouns_for_people_are_no_physical_targets() -> None:
    text = "The blast hurt two presidential hopefuls and their supporters."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, "hurt", recipient=_participant(text, "two presidential hopefuls")),
        _attack(text, "hurt", recipient=_participant(text, "their supporters")),
    ]
    assert predict_roles(article)["phys_tgt_id"] == []


def test_muc_bullets_are_what_is_fired_not_the_weapon() -> None:
    text = "Three bullets hit a guard. Machinegun bullets hit a driver."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, "hit", actor=_participant(text, "Three bullets")),
        Event(
            *_span(text, "hit", 1), "hit", "ASSAULT", actor=_participant(text, "Machinegun bullets")
        ),
    ]
    assert predict_roles(article)["incident_instrument_id"] == ["Machinegun"]


def test_muc_a_states_forces_acting_on_no_one_named_is_no_incident() -> None:
    text = "Troops destroyed the cache. Soldiers opened fire near the market."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(text, "destroyed", actor=_participant(text, "Troops", sector="MIL")),
        Event(
            *_span(text, "fire"),
            "fire",
            "ASSAULT",
            mode="firearms",
            actor=_participant(text, "Soldiers", sector="MIL"),
        ),
    ]
    # an operation of the troops is none; soldiers shooting still are perpetrators
    assert predict_roles(article)["perp_individual_id"] == ["Soldiers"]


def test_muc_what_a_kidnapping_or_a_shooting_befalls_is_no_physical_target() -> None:
    text = "Gunmen kidnapped the crew of a trawler and shot at its cargo; others bombed a depot."
    article = Article(raw=text, text=text)
    article.events = [
        Event(
            *_span(text, "kidnapped"),
            "kidnapped",
            "ASSAULT",
            mode="abduct",
            recipient=_participant(text, "a trawler"),
        ),
        Event(
            *_span(text, "shot"),
            "shot",
            "ASSAULT",
            mode="firearms",
            recipient=_participant(text, "its cargo"),
        ),
        _attack(text, "bombed", recipient=_participant(text, "a depot")),
    ]
    assert predict_roles(article)["phys_tgt_id"] == ["depot"]


def test_muc_a_vehicle_named_as_the_doer_is_no_perpetrator() -> None:
    text = "Two helicopters strafed the village; gunmen burned a barn."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(
            text,
            "strafed",
            actor=_participant(text, "Two helicopters", sector="REB"),
            recipient=_participant(text, "the village"),
        ),
        _attack(text, "burned", actor=_participant(text, "gunmen")),
    ]
    assert predict_roles(article)["perp_individual_id"] == ["gunmen"]


def test_muc_members_of_an_institution_are_individuals_and_it_the_organisation(
    pipeline: Pipeline,
) -> None:
    text = "Members of the army shot a driver."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    article.mentions = []
    article.events = [
        _attack(text, "shot", actor=_participant(text, "Members of the army")),
    ]
    roles = predict_roles(article)
    assert roles["perp_organization_id"] == ["army"]
    assert roles["perp_individual_id"] == ["Members of the army"]


def test_muc_a_noun_for_people_before_a_name_is_no_part_of_it(pipeline: Pipeline) -> None:
    text = "Gunmen shot Patrolman Ivo Marek near the depot."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    article.mentions = [Mention(*_span(text, "Ivo Marek"), "Ivo Marek", "PERSON")]
    article.events = [_attack(text, "shot", recipient=_participant(text, "Patrolman Ivo Marek"))]
    assert predict_roles(article)["hum_tgt_name"] == ["Ivo Marek"]


def test_muc_a_casualty_of_a_clash_is_no_incident(pipeline: Pipeline) -> None:
    text = "Sergeant Ivo Marek was killed in clashes with the rebels near the river."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    article.mentions = [Mention(*_span(text, "Ivo Marek"), "Ivo Marek", "PERSON")]
    article.events = [
        _attack(text, "killed", recipient=_participant(text, "Sergeant Ivo Marek")),
        Event(*_span(text, "clashes"), "clashes", "ASSAULT", mode="fight"),
    ]
    assert predict_roles(article)["hum_tgt_name"] == []


def test_muc_an_attack_on_troops_with_no_doer_named_is_combat() -> None:
    text = "An army patrol was ambushed with grenades near the river."
    article = Article(raw=text, text=text)
    article.events = [
        _attack(
            text,
            "ambushed",
            recipient=_participant(text, "An army patrol", sector="MIL"),
            instrument=_participant(text, "grenades"),
        )
    ]
    assert predict_roles(article)["incident_instrument_id"] == []


def test_muc_who_stopped_the_victims_car_is_a_perpetrator(pipeline: Pipeline) -> None:
    text = "Judge Ivo Marek was shot dead on Monday when his car was intercepted by four armed men."
    assert _roles(pipeline, text)["perp_individual_id"] == ["armed men"]


def test_muc_a_word_for_the_attack_says_who_only_when_nothing_else_does(
    pipeline: Pipeline,
) -> None:
    alone = _roles(pipeline, "A guerrilla bombing damaged the Velta bank.")
    assert alone["perp_individual_id"] == ["guerrilla"]
    named = _roles(
        pipeline, "A guerrilla bombing damaged the Velta bank. Three gunmen shot the guard."
    )
    assert named["perp_individual_id"] == ["gunmen"]


def test_muc_the_one_rebel_group_named_beside_rebels_acts_is_their_organisation(
    pipeline: Pipeline,
) -> None:
    near = _roles(
        pipeline,
        "The Shining Path is strong in the south, officials say. On Monday "
        "guerrillas bombed the Velta bank.",
    )
    assert near["perp_organization_id"] == ["Shining Path"]
    apart = _roles(
        pipeline,
        "Guerrillas bombed the Velta bank on Monday. Separately, the Shining Path "
        "issued a statement on the elections.",
    )
    assert apart["perp_organization_id"] == []


def test_muc_an_agency_taken_for_a_person_is_no_victim() -> None:
    text = "Soldiers shot Reuter and Ivo Marek."
    article = Article(raw=text, text=text)
    article.mentions = [
        Mention(*_span(text, "Reuter"), "Reuter", "PERSON"),
        Mention(*_span(text, "Ivo Marek"), "Ivo Marek", "PERSON"),
    ]
    article.events = [
        _attack(text, "shot", recipient=_participant(text, "Reuter")),
        _attack(text, "shot", recipient=_participant(text, "Ivo Marek")),
    ]
    assert predict_roles(article)["hum_tgt_name"] == ["Ivo Marek"]
