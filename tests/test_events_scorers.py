"""The event scorers' matching logic on hand-built articles and our own small files; the
real dev sets only when ../shared/eval is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.evaluate.events import resolve_event_data
from eventwire.evaluate.events_common import Counts, match_one_to_one
from eventwire.evaluate.events_muc4 import (
    load_muc4,
    normalise,
    predict_roles,
    score_roles,
    trim_count,
)
from eventwire.evaluate.events_wikievents import (
    GroupTally,
    kairos_map,
    load_wikievents,
    rebuild_text,
    score_document,
)
from eventwire.model import Actor, Article, Event, Mention, Participant, Place, TimeRef
from eventwire.pipeline import Pipeline

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events"

SENTENCES = [
    ["Drone", "strike", "hits", "depot"],
    ["Militants", "bombed", "the", "depot", "in", "Karvo", "."],
    ["The", "group", "said", "it", "killed", "two", "guards", "."],
]


def _wiki_record() -> dict[str, object]:
    """A fictional WikiEvents document: offsets as the format gives them (one separator
    between sentences)."""
    sentences = []
    tokens: list[str] = []
    offset = 0
    for words in SENTENCES:
        sentence = []
        for word in words:
            if word in (".",):
                offset -= 1
            sentence.append([word, offset, offset + len(word)])
            offset += len(word) + 1
            tokens.append(word)
        sentences.append([sentence, " ".join(words)])
    mentions = [
        ("T1", 3, 4, "depot"),  # depot (headline)
        ("T2", 4, 5, "Militants"),
        ("T3", 7, 8, "depot"),
        ("T4", 9, 10, "Karvo"),
        ("T5", 12, 13, "group"),
        ("T6", 17, 18, "guards"),
    ]
    events = [
        (
            "E1",
            "Conflict.Attack.Unspecified",
            5,
            6,
            [("T2", "Attacker"), ("T3", "Target"), ("T4", "Place")],
        ),
        ("E2", "Life.Die.Unspecified", 15, 16, [("T5", "Killer"), ("T6", "Victim")]),
        ("E3", "Contact.Contact.Broadcast", 13, 14, [("T5", "Communicator")]),
    ]
    return {
        "doc_id": "fictional_1",
        "tokens": tokens,
        "sentences": sentences,
        "entity_mentions": [
            {"id": i, "start": s, "end": e, "text": t, "entity_type": "X"}
            for i, s, e, t in mentions
        ],
        "event_mentions": [
            {
                "id": i,
                "event_type": kind,
                "trigger": {"start": s, "end": e, "text": tokens[s]},
                "arguments": [{"entity_id": a, "role": r} for a, r in args],
            }
            for i, kind, s, e, args in events
        ],
    }


@pytest.fixture()
def wiki_file(tmp_path: Path) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(_wiki_record()) + "\n", encoding="utf-8")
    (tmp_path / "coref").mkdir()
    clusters = {"doc_key": "fictional_1", "clusters": [["T1", "T3"], ["T2", "T5"]]}
    (tmp_path / "coref" / "dev.jsonlines").write_text(json.dumps(clusters) + "\n")
    return path


def _span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _participant(text: str, word: str, nth: int = 0) -> Participant:
    start, end = _span(text, word, nth)
    return Participant(start, end, word)


def test_rebuilt_text_keeps_tokens_and_separates_headlines() -> None:
    sentences = [[(w, s, e) for w, s, e in sent[0]] for sent in _wiki_record()["sentences"]]  # type: ignore[index]
    text, spans = rebuild_text(sentences)
    words = [w for sentence in SENTENCES for w in sentence]
    assert [text[s:e] for s, e in spans] == words
    assert text.startswith("Drone strike hits depot\n\nMilitants bombed")
    assert "Karvo. The group" in text


def test_load_reads_events_roles_and_coreference(wiki_file: Path) -> None:
    (doc,) = load_wikievents(wiki_file.parent)
    attack, death, broadcast = doc.events
    assert attack.text == "bombed" and doc.text[attack.start : attack.end] == "bombed"
    slots = {a.slot: a for a in attack.arguments}
    assert set(slots) == {"actor", "recipient", "place"}
    # the target "depot" is coreferent with the headline's "depot"
    assert {doc.text[s:e] for s, e in slots["recipient"].mentions} == {"depot"}
    assert len(slots["recipient"].mentions) == 2
    assert {doc.text[s:e] for s, e in death.arguments[0].mentions} == {"group", "Militants"}
    assert kairos_map().group(broadcast.type) is None


def test_trigger_and_argument_matching(wiki_file: Path) -> None:
    (doc,) = load_wikievents(wiki_file)
    text = doc.text
    article = Article(raw=text, text=text)
    article.places = [Place(*_span(text, "Karvo"), "Karvo")]
    article.events = [
        # right trigger; actor right, recipient via coreference (headline "depot"), place right
        Event(
            *_span(text, "bombed"),
            "bombed",
            "ASSAULT",
            actor=_participant(text, "Militants"),
            recipient=_participant(text, "depot", 0),
            place=0,
        ),
        # the killing, with the killer in the wrong slot
        Event(*_span(text, "killed"), "killed", "ASSAULT", recipient=_participant(text, "group")),
        # a false alarm
        Event(*_span(text, "hits"), "hits", "ASSAULT"),
        # a category the conflict group does not score
        Event(*_span(text, "said"), "said", "CONSULT"),
    ]
    tallies: dict[str, GroupTally] = {}
    score_document(doc.events, article, tallies)
    conflict = tallies["conflict"].scores()
    # "killed" matches a Life.Die trigger: scored in "life", not a conflict false alarm
    assert conflict["trigger"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.6667,
        "matched": 1,
        "predicted": 2,
        "gold": 1,
    }
    assert conflict["argument"]["matched"] == 3 and conflict["argument"]["gold"] == 3
    assert conflict["argument_by_role"]["place"]["f1"] == 1.0
    assert conflict["false_alarm_triggers"] == {"hits": 1}
    life = tallies["life"].scores()
    # each prediction is scored once: "hits" is a conflict false alarm, not a life one
    assert life["trigger"]["matched"] == 1 and life["trigger"]["predicted"] == 1
    # "group" is the Killer (actor), predicted as recipient: wrong slot, right entity
    assert life["argument"]["matched"] == 0
    assert life["argument_identification"]["matched"] == 1
    both = tallies["conflict_and_life"].scores()
    assert both["trigger"]["matched"] == 2 and both["trigger"]["predicted"] == 3


def test_unmatched_death_word_is_a_false_alarm_of_life_only(wiki_file: Path) -> None:
    (doc,) = load_wikievents(wiki_file)
    article = Article(raw=doc.text, text=doc.text)
    article.events = [Event(*_span(doc.text, "said"), "said", "ASSAULT")]
    tallies: dict[str, GroupTally] = {}
    score_document(doc.events, article, tallies)
    assert tallies["conflict"].trigger.predicted == 1
    assert tallies["life"].trigger.predicted == 0
    article.events = [Event(*_span(doc.text, "two"), "dead", "ASSAULT")]
    tallies = {}
    score_document(doc.events, article, tallies)
    assert tallies["life"].trigger.predicted == 1 and tallies["conflict"].trigger.predicted == 0


def test_protest_predicted_for_an_attack_is_identified_but_misclassified(wiki_file: Path) -> None:
    (doc,) = load_wikievents(wiki_file)
    article = Article(raw=doc.text, text=doc.text)
    article.events = [Event(*_span(doc.text, "bombed"), "bombed", "PROTEST")]
    tallies: dict[str, GroupTally] = {}
    score_document(doc.events, article, tallies)
    assert tallies["conflict"].trigger.matched_gold == 1
    assert tallies["conflict"].classification.matched_gold == 0


def test_one_to_one_matching_finds_the_maximum() -> None:
    # greedy would give gold 0 the prediction "a" and leave gold 1 unmatched
    gold = [{"a", "b"}, {"a"}]
    pairs = match_one_to_one(gold, ["a", "b"], lambda g, p: p in g)
    assert pairs == [(0, 1), (1, 0)]


def test_counts_scores() -> None:
    counts = Counts()
    counts.add(2, 4, 3)
    assert counts.scores()["precision"] == 0.5
    assert counts.scores()["recall"] == 0.6667
    assert Counts().scores()["f1"] == 0.0


def test_grit_normalisation() -> None:
    assert normalise('THE "SHINING PATH"') == "shining path"
    assert normalise("A car-bomb") == "carbomb"


def _muc_article() -> Article:
    text = "Members of the Red Dawn Front shot Mayor Ana Ruiz and burned a bus with petrol bombs."
    article = Article(raw=text, text=text)
    article.mentions = [
        Mention(*_span(text, "the Red Dawn Front"), "the Red Dawn Front", "ORG"),
        Mention(*_span(text, "Ana Ruiz"), "Ana Ruiz", "PERSON"),
    ]
    members = Participant(0, _span(text, "Front")[1], text[: _span(text, "Front")[1]])
    article.events = [
        Event(
            *_span(text, "shot"),
            "shot",
            "ASSAULT",
            actor=members,
            recipient=_participant(text, "Mayor Ana Ruiz"),
        ),
        Event(
            *_span(text, "burned"),
            "burned",
            "ASSAULT",
            actor=members,
            recipient=Participant(*_span(text, "a bus"), "a bus", sector="CVL"),
            instrument=_participant(text, "petrol bombs"),
        ),
        Event(*_span(text, "shot"), "shot", "CONSULT", actor=_participant(text, "Ana Ruiz")),
        # an arrest is no incident of the templates; a destruction is
        Event(0, 3, "x", "COERCE", mode="arrest", actor=_participant(text, "Mayor")),
        Event(0, 3, "x", "COERCE", mode="destroy", recipient=_participant(text, "a bus")),
    ]
    return article


def test_muc_roles_from_events() -> None:
    roles = predict_roles(_muc_article())
    assert roles["perp_individual_id"] == ["Members of the Red Dawn Front"]
    assert roles["perp_organization_id"] == ["Red Dawn Front"]
    assert roles["hum_tgt_name"] == ["Ana Ruiz"]
    assert roles["incident_instrument_id"] == ["petrol bombs"]
    # a participant with a sector is people, never a physical target; CONSULT is no incident
    assert roles["phys_tgt_id"] == ["bus"]
    assert "Mayor" not in roles["perp_individual_id"] + roles["perp_organization_id"]


def test_muc_pronouns_weapons_and_times() -> None:
    text = "Judge Tomas Vela left court on Monday. Gunmen shot him; two grenades hit his driver."
    article = Article(raw=text, text=text)
    article.mentions = [Mention(*_span(text, "Tomas Vela"), "Tomas Vela", "PERSON")]
    article.times = [TimeRef(*_span(text, "Monday"), "Monday")]
    article.events = [
        Event(
            *_span(text, "shot"),
            "shot",
            "ASSAULT",
            actor=_participant(text, "Gunmen"),
            recipient=_participant(text, "him"),
        ),
        Event(
            *_span(text, "hit"),
            "hit",
            "ASSAULT",
            actor=_participant(text, "two grenades"),
            recipient=_participant(text, "his driver"),
        ),
        Event(*_span(text, "left"), "left", "ASSAULT", actor=_participant(text, "Monday")),
    ]
    roles = predict_roles(article)
    assert roles["hum_tgt_name"] == ["Tomas Vela"]  # "him" is the judge named before
    assert roles["incident_instrument_id"] == ["grenades"]  # counted apart in the templates
    assert roles["perp_individual_id"] == ["Gunmen"]  # not "two grenades", not "Monday"


def test_muc_only_real_incidents_and_one_filler_per_entity() -> None:
    text = (
        "Lumo Front (LF) urban rebels bombed two depots. The rebels shot Rosa Lind. "
        "They did not burn the school. Troops killed three rebels. Five depots burned. "
        "Militiamen clashed with police."
    )
    article = Article(raw=text, text=text)
    article.actors = [Actor("LF", "LF", "ZZZ", "REB", ["Lumo Front", "LF"])]
    article.mentions = [Mention(*_span(text, "Rosa Lind"), "Rosa Lind", "PERSON")]

    def group(word: str) -> Participant:
        return Participant(*_span(text, word), word, actor="LF", sector="REB")

    article.events = [
        Event(
            *_span(text, "bombed"),
            "bombed",
            "ASSAULT",
            actor=group("Lumo Front (LF) urban rebels"),
            recipient=_participant(text, "two depots"),
        ),
        Event(
            *_span(text, "shot"),
            "shot",
            "ASSAULT",
            actor=group("The rebels"),
            recipient=_participant(text, "Rosa Lind"),
        ),
        Event(
            *_span(text, "burn"),
            "burn",
            "ASSAULT",
            modality="negated",
            actor=group("They"),
            recipient=_participant(text, "the school"),
        ),
        Event(
            *_span(text, "killed"),
            "killed",
            "ASSAULT",
            actor=Participant(*_span(text, "Troops"), "Troops", actor="ZZZ-MIL", sector="MIL"),
            recipient=group("three rebels"),
        ),
        Event(
            *_span(text, "burned"),
            "burned",
            "COERCE",
            mode="destroy",
            recipient=_participant(text, "Five depots"),
        ),
    ]
    article.events.append(
        Event(
            *_span(text, "clashed"),
            "clashed",
            "ASSAULT",
            mode="fight",
            actor=_participant(text, "Militiamen"),
        )
    )
    roles = predict_roles(article)
    # the group's name opening the span is the organisation, its people the individuals;
    # "The rebels" is the same actor and adds no second filler
    assert roles["perp_organization_id"] == ["Lumo Front"]
    assert roles["perp_individual_id"] == ["urban rebels"]
    # counts dropped, one filler per head noun; a denied burning is no target
    assert roles["phys_tgt_id"] == ["depots"]
    assert roles["hum_tgt_name"] == ["Rosa Lind"]
    # troops killing rebels, a clash: combat, not incidents; no perpetrators from them
    assert "Troops" not in roles["perp_individual_id"] + roles["perp_organization_id"]
    assert "Militiamen" not in roles["perp_individual_id"]


def test_muc_group_by_its_fullest_name_in_the_report() -> None:
    text = "Near the golf club, LF rebels of the Lumo Front struck again. They bombed a depot."
    article = Article(raw=text, text=text)
    article.actors = [Actor("LF", "LF", "ZZZ", "REB", ["Lumo Front", "LF"])]
    they = Participant(*_span(text, "They"), "They", actor="LF", sector="REB")
    article.events = [
        Event(*_span(text, "bombed"), "bombed", "ASSAULT", actor=they,
              recipient=_participant(text, "a depot")),
    ]  # fmt: skip
    assert predict_roles(article)["perp_organization_id"] == ["Lumo Front"]
    article.text = "They bombed a depot."  # the name nowhere in the report: the dictionary's
    article.events[0].actor = Participant(0, 4, "They", actor="LF", sector="REB")
    article.events[0].recipient = Participant(12, 19, "a depot")
    assert predict_roles(article)["perp_organization_id"] == ["LF"]


def test_muc_non_agents_and_trimmed_counts() -> None:
    text = "The blast wave shattered a kiosk. Gunmen shot Dr. Ivo Marek; Marek died."
    article = Article(raw=text, text=text)
    article.mentions = [
        Mention(*_span(text, "Dr. Ivo Marek"), "Dr. Ivo Marek", "PERSON"),
        Mention(*_span(text, "Marek", 1), "Marek", "PERSON"),
    ]
    article.events = [
        Event(
            *_span(text, "shattered"),
            "shattered",
            "COERCE",
            mode="destroy",
            actor=_participant(text, "The blast wave"),
            recipient=_participant(text, "a kiosk"),
        ),
        Event(
            *_span(text, "shot"), "shot", "ASSAULT", recipient=_participant(text, "Dr. Ivo Marek")
        ),
        Event(*_span(text, "died"), "died", "ASSAULT", recipient=_participant(text, "Marek", 1)),
    ]
    roles = predict_roles(article)
    # one victim, by his fullest name, without the title
    assert roles["hum_tgt_name"] == ["Ivo Marek"]
    assert roles["perp_individual_id"] == [] and roles["perp_organization_id"] == []
    assert roles["phys_tgt_id"] == ["kiosk"]
    assert trim_count("at least 12 alleged gunmen") == "gunmen"
    assert trim_count("two suspected gunmen", counts=False) == "two suspected gunmen"
    assert trim_count("the presumed gunmen", counts=False) == "gunmen"
    assert trim_count("several unknown persons") == "unknown persons"
    assert trim_count("three") == "three"  # nothing left: the words stay


def test_muc_victims_by_their_fullest_name_and_no_possessives() -> None:
    text = "Senator Lidia Ortega Paz spoke. Gunmen shot Ortega; the gunman's bullet hit Paz."
    article = Article(raw=text, text=text)
    article.mentions = [
        Mention(*_span(text, "Lidia Ortega Paz"), "Lidia Ortega Paz", "PERSON"),
        Mention(*_span(text, "Ortega", 1), "Ortega", "PERSON"),
    ]
    article.events = [
        Event(*_span(text, "shot"), "shot", "ASSAULT", recipient=_participant(text, "Ortega", 1)),
        Event(*_span(text, "hit"), "hit", "ASSAULT", actor=_participant(text, "the gunman's")),
    ]
    roles = predict_roles(article)
    assert roles["hum_tgt_name"] == ["Lidia Ortega Paz"]
    assert roles["perp_individual_id"] == ["gunman"]
    assert trim_count("many houses") == "houses"


def test_muc_scoring_exact_and_head() -> None:
    gold = {
        "perp_individual_id": [["MEMBERS OF THE RED DAWN FRONT"]],
        "perp_organization_id": [["RED DAWN FRONT", "RDF"]],
        "hum_tgt_name": [["ANA RUIZ"]],
        "phys_tgt_id": [["PASSENGER BUS"]],
        "incident_instrument_id": [["PETROL BOMBS"], ["RIFLE"]],
    }
    predicted = {
        "perp_individual_id": ["Members of the Red Dawn Front"],
        "perp_organization_id": ["the Red Dawn Front", "Red Dawn Front"],
        "hum_tgt_name": ["Ana Ruiz"],
        "phys_tgt_id": ["the bus"],
        "incident_instrument_id": ["petrol bombs", "grenades"],
    }
    tallies: dict[str, dict[str, Counts]] = {}
    score_roles(gold, predicted, tallies)
    exact, head = tallies["exact"], tallies["head"]
    # two spellings of one entity normalise to one prediction
    assert exact["perp_organization_id"].scores()["precision"] == 1.0
    assert exact["phys_tgt_id"].matched_gold == 0 and head["phys_tgt_id"].matched_gold == 1
    assert exact["incident_instrument_id"].scores()["precision"] == 0.5
    assert exact["incident_instrument_id"].scores()["recall"] == 0.5
    assert sum(c.matched_gold for c in exact.values()) == 4


def test_muc_loader_refuses_other_json(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"a": {"text": "no doc field"}}')
    with pytest.raises(InputError, match="GRIT"):
        load_muc4(bad)


def test_formats_are_detected(wiki_file: Path, tmp_path: Path) -> None:
    muc = tmp_path / "muc" / "dev.json"
    muc.parent.mkdir()
    muc.write_text(json.dumps({"D1": {"doc": "REBELS BURNED A BUS.", "roles": {}}}))
    plover = tmp_path / "plover" / "gsr.txt"
    plover.parent.mkdir()
    plover.write_text('[\n{"id": "1", "text": "Rebels burned a bus.", "event": "ASSAULT"}\n]\n')
    (plover.parent / "notes.txt").write_text("# a table, not data\n")
    assert resolve_event_data(wiki_file) == ("wikievents", wiki_file)
    assert resolve_event_data(wiki_file.parent) == ("wikievents", wiki_file.parent)
    assert resolve_event_data(muc.parent) == ("muc4", muc)
    assert resolve_event_data(plover.parent) == ("plover_gsr", plover)
    with pytest.raises(InputError, match="not a known event data format"):
        resolve_event_data(plover.parent / "notes.txt")


def test_cli_scores_a_wikievents_file(wiki_file: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        main, ["evaluate", "events", "--data", str(wiki_file)]
    )
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["format"] == "wikievents" and scores["documents"] == 1
    assert scores["conflict"]["trigger"]["gold"] == 1
    assert scores["life"]["trigger"]["gold"] == 1


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval/events not present")
def test_dev_files_load() -> None:
    docs = load_wikievents(EVAL / "wikievents")
    assert len(docs) == 20
    conflict = [e for d in docs for e in d.events if kairos_map().group(e.type) == "conflict"]
    assert len(conflict) == 108
    for doc in docs:
        for event in doc.events:
            assert doc.text[event.start : event.end] == event.text
    muc = load_muc4(EVAL / "muc4" / "dev.json")
    assert len(muc) == 200 and sum(len(d.roles["phys_tgt_id"]) for d in muc) == 68


def test_muc_people_are_no_physical_targets() -> None:
    text = "Gunmen fired on the pilot, two nuns and a truck."
    article = Article(raw=text, text=text)
    article.events = [
        Event(*_span(text, "fired"), "fired", "ASSAULT", recipient=_participant(text, word))
        for word in ("the pilot", "two nuns", "a truck")
    ]
    assert predict_roles(article)["phys_tgt_id"] == ["truck"]


def test_muc_victim_name_grown_over_a_split_name(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed Fire Department Director Colonel Rosa Maria Quintana Beltran "
        "outside her home in San Miguel on Monday."
    )
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    # as the recogniser often does with long names: two PERSON mentions
    others = [m for m in article.mentions if m.label != "PERSON"]
    halves = [Mention(*_span(text, half), half, "PERSON") for half in ("Rosa Maria", "Beltran")]
    article.mentions = others + halves
    assert predict_roles(article)["hum_tgt_name"] == ["Rosa Maria Quintana Beltran"]


def test_muc_places_are_no_physical_targets(pipeline: Pipeline) -> None:
    text = "Gunmen attacked the outskirts of Karvona. Rebels burned a warehouse in the town."
    article = pipeline.run(Article(raw=text))
    assert isinstance(article, Article)
    assert predict_roles(article)["phys_tgt_id"] == ["warehouse"]
