"""The claims stage on sentences we wrote, one per form, and on the seed article."""

from __future__ import annotations

import json

import pytest

import eventwire.stages.claims  # noqa: F401  (registers the stage until the lead wires it)
from eventwire import Pipeline, Settings
from eventwire.model import Article, Claim
from eventwire.stages.claims import DERIVED_PATH, ClaimsStage, inflect, quote_segments
from eventwire.stages.claims_quantities import find_quantities
from tests.conftest import SEED

STAGES = ("text", "language", "fingerprint", "nlp", "mentions", "claims")


@pytest.fixture(scope="module")
def claims_pipeline() -> Pipeline:
    pipe = Pipeline(STAGES, Settings(batch_size=8))
    pipe.initialize()
    return pipe


def run(pipe: Pipeline, text: str) -> Article:
    result = pipe.run(Article(raw=text))
    assert isinstance(result, Article), result
    return result


def only(article: Article, cue: str) -> Claim:
    found = [c for c in article.claims if c.cue and c.cue.of(article.text) == cue]
    assert len(found) == 1, [(c.cue, c.source_text) for c in article.claims]
    return found[0]


def contents(article: Article, claim: Claim) -> list[str]:
    return [span.of(article.text) for span in claim.content]


def test_indirect_speech_with_that(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The governor said that the bridge had been closed on Monday.")
    claim = only(article, "said")
    assert claim.kind == "indirect"
    assert claim.source_text == "The governor"
    assert contents(article, claim) == ["that the bridge had been closed on Monday"]


def test_direct_quote_with_trailing_cue(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "“We have no water left,” Amina Yusuf said.")
    claim = only(article, "said")
    assert claim.kind == "direct"
    assert claim.source_text == "Amina Yusuf"
    assert contents(article, claim) == ["“We have no water left,”"]


def test_quote_split_by_its_cue_is_one_claim(claims_pipeline: Pipeline) -> None:
    text = "“The road is cut,” the mayor said, “and the trucks cannot reach us.”"
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert claim.kind == "direct"
    assert contents(article, claim) == [
        "“The road is cut,”",
        "“and the trucks cannot reach us.”",
    ]


def test_quote_goes_on_after_the_rest_of_its_cue_sentence(claims_pipeline: Pipeline) -> None:
    text = (
        "“The wells have run dry,” Omar Haddad said in a telephone interview on Tuesday, "
        "referring to the camp near the border. “We carry water from the river now.”"
    )
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert contents(article, claim) == [
        "“The wells have run dry,”",
        "“We carry water from the river now.”",
    ]


def test_next_quote_with_its_own_cue_stays_its_own(claims_pipeline: Pipeline) -> None:
    text = (
        "“The wells have run dry,” Omar Haddad said on Tuesday. "
        "“We carry water from the river,” his neighbour added."
    )
    article = run(claims_pipeline, text)
    assert contents(article, only(article, "said")) == ["“The wells have run dry,”"]
    assert contents(article, only(article, "added")) == ["“We carry water from the river,”"]


def test_closing_participle_is_the_writers_not_the_speakers(claims_pipeline: Pipeline) -> None:
    text = "The ministry said the border crossing had been closed, prompting long queues of trucks."
    article = run(claims_pipeline, text)
    assert contents(article, only(article, "said")) == ["the border crossing had been closed"]


def test_as_clause_attributes_the_main_clause(claims_pipeline: Pipeline) -> None:
    text = "As the relief agency reported, the road to the camp was closed."
    article = run(claims_pipeline, text)
    claim = only(article, "reported")
    assert claim.source_text == "the relief agency"
    assert contents(article, claim) == ["the road to the camp was closed"]


def test_reportedly_is_a_claim_without_a_named_source(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The army is reportedly preparing a new offensive in the hills.")
    claim = only(article, "reportedly")
    assert claim.source_text is None
    assert "preparing a new offensive in the hills" in contents(article, claim)[0]


def test_what_follows_a_cue_and_colon_is_its_content(claims_pipeline: Pipeline) -> None:
    text = "The governor wrote on her blog:\n\nThe schools in the valley will stay shut till May."
    article = run(claims_pipeline, text)
    [claim] = article.claims
    assert claim.cue is not None and claim.cue.of(article.text).startswith("wrote")
    assert claim.source_text == "The governor"
    assert contents(article, claim) == ["The schools in the valley will stay shut till May"]


def test_a_verb_of_seeming_has_no_speaker(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The convoy appears to have turned back at the border.")
    claim = only(article, "appears")
    assert claim.source_text is None
    assert contents(article, claim) == ["The convoy", "to have turned back at the border"]


def test_source_after_a_dateline_leaves_the_dateline_out(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "KHARTOUM - Ana Ruiz said the market had reopened on Sunday.")
    assert only(article, "said").source_text == "Ana Ruiz"


def test_claim_inside_a_speakers_description_is_kept(claims_pipeline: Pipeline) -> None:
    text = "The mayor, who denied the report, said the talks would resume on Monday."
    article = run(claims_pipeline, text)
    assert contents(article, only(article, "denied")) == ["the report"]
    assert contents(article, only(article, "said")) == ["the talks would resume on Monday"]


def test_object_content_keeps_the_preposition_that_finishes_it(claims_pipeline: Pipeline) -> None:
    text = "The new law would bar the ministry from signing contracts with foreign firms."
    article = run(claims_pipeline, text)
    claim = only(article, "would bar")
    assert contents(article, claim) == ["the ministry from signing contracts with foreign firms"]


def test_mixed_quote_keeps_its_lead_in(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The minister said the talks were “a waste of time.”")
    claim = only(article, "said")
    assert claim.kind == "mixed"
    assert contents(article, claim) == ["the talks were “a waste of time.”"]


def test_headline_form_says_x(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "Army retakes the northern district, says defence ministry\n")
    claim = only(article, "says")
    assert claim.source_text == "defence ministry"
    assert contents(article, claim) == ["Army retakes the northern district"]


def test_signed_quotation(claims_pipeline: Pipeline) -> None:
    text = (
        "Readers wrote in after the flood.\n\n"
        "“The river took our school and nobody came for a week.” ― Marta Okonjo\n\n"
        "“We rebuilt the bridge ourselves.” — Tomas Brandt, Kessel"
    )
    article = run(claims_pipeline, text)
    first = only(article, "―")
    assert first.source_text == "Marta Okonjo" and first.kind == "direct"
    assert contents(article, first) == ["“The river took our school and nobody came for a week.”"]
    second = only(article, "—")
    assert second.source_text == "Tomas Brandt"


def test_transcript_turns_but_not_a_dateline(claims_pipeline: Pipeline) -> None:
    text = (
        "KASSALA: The council met on Friday.\n\n"
        '"HOSTETTER: Will the corridor open this week?\n\n'
        '"OKAFOR: It will open on Monday if the shelling stops.\n\n'
        "HOSTETTER: Thank you, minister."
    )
    article = run(claims_pipeline, text)
    speakers = [c.source_text for c in article.claims if c.cue and c.cue.of(text) == ":"]
    assert speakers == ["HOSTETTER", "OKAFOR", "HOSTETTER"]
    okafor = article.claims[speakers.index("OKAFOR")]
    assert contents(article, okafor) == ["It will open on Monday if the shelling stops"]


def test_aside_inside_the_statement(claims_pipeline: Pipeline) -> None:
    text = "The new dam, the engineer said, will hold back the spring floods."
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert claim.source_text == "the engineer"
    assert contents(article, claim) == ["The new dam", "will hold back the spring floods"]


def test_source_inside_a_clause_the_parse_made_whole(claims_pipeline: Pipeline) -> None:
    text = "“We rebuilt it twice,” the mayor said, and by noon the trucks were moving."
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert claim.source_text == "the mayor"
    assert contents(article, claim)[0] == "“We rebuilt it twice,”"
    assert all("mayor" not in part for part in contents(article, claim))


def test_source_of_a_cue_after_a_preposition(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The envoy left the talks after saying the offer was final.")
    claim = only(article, "saying")
    assert claim.source_text == "The envoy"
    assert contents(article, claim) == ["the offer was final"]


def test_speaker_phrase_ends_at_the_cue(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "It was, the president said, “a stone where slaves were sold.”")
    claim = only(article, "said")
    assert claim.source_text == "the president"


def test_pronoun_source_resolves_to_last_person_quoted(claims_pipeline: Pipeline) -> None:
    text = (
        "Karim Haddad, a doctor at the main hospital, said the wards were full.\n\n"
        "He said more patients arrived every hour."
    )
    article = run(claims_pipeline, text)
    assert len(article.claims) == 2
    second = article.claims[-1]
    assert second.source_text == "He"
    assert second.source_actor == "Karim Haddad"


def test_organisation_it_said(claims_pipeline: Pipeline) -> None:
    text = (
        "Medics Without Borders, a charity that runs two clinics in the city, said its "
        "staff were safe. It said 12 of its 40 nurses had left."
    )
    article = run(claims_pipeline, text)
    last = article.claims[-1]
    assert last.source_text == "It"
    assert last.source_actor is not None and "Medics Without Borders" in last.source_actor
    quantity = next(q for q in last.quantities if q.of_total is not None)
    assert (quantity.value, quantity.of_total, quantity.counted) == (12, 40, "nurses")


def test_unbalanced_quote_marks_do_not_break_the_article(claims_pipeline: Pipeline) -> None:
    text = (
        "“We will stay until the end, the commander said.\n\n"
        "Officials said the crossing would reopen on Friday."
    )
    article = run(claims_pipeline, text)
    claim = article.claims[-1]  # the reported claim after the broken quote is still found
    assert claim.source_text == "Officials"
    assert contents(article, claim) == ["the crossing would reopen on Friday"]


def test_quote_continued_across_paragraphs(claims_pipeline: Pipeline) -> None:
    text = (
        "“The shelling started at dawn,” said Leila Nasser, a teacher. "
        "“We hid in the basement for two days.\n\n"
        "“Then the water ran out.”\n\n"
        "The army denied shelling the area."
    )
    article = run(claims_pipeline, text)
    claim = only(article, "said")
    assert claim.source_text == "Leila Nasser, a teacher"
    assert claim.kind == "direct"
    assert len(claim.content) == 3
    assert contents(article, claim)[-1] == "“Then the water ran out.”"


def test_according_to(claims_pipeline: Pipeline) -> None:
    article = run(
        claims_pipeline, "At least 30 people died in the flood, according to the Red Cross."
    )
    claim = only(article, "according to")
    assert claim.source_text == "the Red Cross"
    assert contents(article, claim) == ["At least 30 people died in the flood"]
    assert claim.quantities[0].value == 30 and claim.quantities[0].approximate


def test_hedge_and_anonymity(claims_pipeline: Pipeline) -> None:
    text = (
        "A security official said the group has received reports of dozens of arrests. "
        "The official spoke on condition of anonymity.\n\n"
        "The rebels claimed they had shot down a drone."
    )
    article = run(claims_pipeline, text)
    reported = only(article, "said")
    assert reported.anonymous
    assert reported.hedge == "reports of"
    assert (reported.quantities[0].low, reported.quantities[0].high) == (24, 108)
    claimed = only(article, "claimed")
    assert claimed.hedge == "claimed" and not claimed.anonymous


def test_an_unparsed_article_gets_no_claims() -> None:
    article = Article(raw="Le ministre a dit que la route était fermée.", language="fr")
    article.text = article.raw
    ClaimsStage(Settings())(article)
    assert article.claims == []


def test_quote_segments_pair_marks_per_paragraph() -> None:
    text = 'He said "yes" and “no”.\n\n“Open\n\nIt "ends'
    spans = [text[s:e] for s, e in quote_segments(text)]
    assert spans == ['"yes"', "“no”", "“Open", '"ends']


def test_inflect_makes_regular_and_irregular_forms() -> None:
    assert inflect("say", ["said"]) >= {"say", "says", "said", "saying"}
    assert inflect("deny") >= {"denies", "denied", "denying"}
    assert inflect("argue") >= {"argues", "argued", "arguing"}


def test_quantities_forms() -> None:
    text = (
        "They said forty-seven of the 57 staff, all eight ambulances, around 7 per cent "
        "of the city, tens of thousands of people and 2.5 million dollars were lost in 2016."
    )
    article = Article(raw=text, text=text)
    found = {q.text: q for q in find_quantities(article, 0, len(text))}
    assert found["forty-seven of the 57"].value == 47
    assert found["forty-seven of the 57"].of_total == 57
    assert found["all eight"].of_total == 8
    assert found["around 7 per cent"].percent and found["around 7 per cent"].approximate
    assert found["around 7 per cent"].counted == "the city"
    assert (found["tens of thousands"].low, found["tens of thousands"].high) == (20000, 90000)
    assert found["2.5 million"].value == 2_500_000
    assert "2016" not in found  # a year is not a quantity


# -- the seed article ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(claims_pipeline: Pipeline) -> Article:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent: the seed article lives outside the repo")
    return run(claims_pipeline, SEED.read_text(encoding="utf-8"))


def claim_with(article: Article, words: str) -> Claim:
    found = [c for c in article.claims if any(words in s.of(article.text) for s in c.content)]
    assert found, f"no claim contains {words!r}"
    return found[0]


def test_seed_98_per_cent_belongs_to_the_syrian_military(seed: Article) -> None:
    claim = claim_with(seed, "98 per cent")
    assert claim.source_text == "Syria\u2019s military"
    assert any(q.percent and q.value == 98 for q in claim.quantities)


def test_seed_7_per_cent_belongs_to_rami_abdurrahman(seed: Article) -> None:
    claim = claim_with(seed, "7 per cent")
    assert claim.source_actor == "Rami Abdurrahman"
    assert "Syrian Observatory" in (claim.source_text or "")
    assert any(q.approximate and q.value == 7 for q in claim.quantities)


def test_seed_pronoun_and_anonymous_sources(seed: Article) -> None:
    assert claim_with(seed, "fight to the last breath").source_actor == "Osama Abo Zayd"
    official = claim_with(seed, "refused an American proposal")
    assert official.source_text == "A U.S. official" and official.anonymous


def test_seed_shafak_quantities(seed: Article) -> None:
    ambulances = claim_with(seed, "ambulances")
    assert ambulances.source_actor == "Shafak"
    assert any(q.value == 8 and q.of_total == 8 for q in ambulances.quantities)
    staff = claim_with(seed, "57 staff")
    assert staff.source_actor == "Shafak"
    assert any(q.value == 47 and q.of_total == 57 for q in staff.quantities)


def test_seed_reports_of_missing_men_are_hedged(seed: Article) -> None:
    claim = claim_with(seed, "has received reports of hundreds of men going missing")
    assert claim.hedge is not None


def test_verb_with_preposition_from_the_derived_list(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The senator was talking about the new budget on Monday.")
    claim = only(article, "was talking about")
    assert claim.source_text == "The senator"
    assert contents(article, claim) == ["the new budget"]


def test_derived_verb_takes_an_object(claims_pipeline: Pipeline) -> None:
    article = run(claims_pipeline, "The mayor denounced the closure of the bridge.")
    claim = only(article, "denounced")
    assert claim.source_text == "The mayor"
    assert contents(article, claim) == ["the closure of the bridge"]


def test_derived_lexicon_is_counted_not_hand_picked() -> None:
    data = json.loads(DERIVED_PATH.read_text(encoding="utf-8"))
    assert data["source"] == "train"
    for entry in [*data["verbs"].values(), *data["verbs_with_preposition"].values()]:
        assert entry["articles"] >= data["min_articles"]
        assert entry["cues"] >= data["min_articles"]


def test_a_claim_opening_the_report_starts_after_the_dateline(claims_pipeline: Pipeline) -> None:
    text = (
        "MOSUL, Iraq (AP) — Iraqi troops retook the airport on Sunday, the defence ministry "
        "said.\n\nResidents said the road north was still closed."
    )
    article = run(claims_pipeline, text)
    assert article.dateline == "MOSUL, Iraq"
    claim = next(c for c in article.claims if c.source_text == "the defence ministry")
    assert contents(article, claim) == ["Iraqi troops retook the airport on Sunday"]


def test_a_call_on_someone_keeps_what_they_are_called_on_to_do(
    claims_pipeline: Pipeline,
) -> None:
    article = run(
        claims_pipeline,
        "Kenya's foreign ministry called on both militias to open the road to the camp.",
    )
    claim = only(article, "called on")
    assert contents(article, claim) == ["both militias to open the road to the camp"]
    assert claim.source_actor in ("Kenya's foreign ministry", "Kenya")


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "Maria Lopez, who said last week that the bridge was unsafe, told reporters "
            "the repairs had failed.",
            "told",
            "Maria Lopez",
        ),
        (
            "The harbour master, speaking at a briefing in the port, said the ferries "
            "would resume on Friday.",
            "said",
            "The harbour master",
        ),
        (
            "A police officer who spoke on condition of anonymity said the convoy had been "
            "stopped twice.",
            "said",
            "A police officer",
        ),
        (
            "Ana Ruiz, who runs the only clinic in the valley, said supplies would last a week.",
            "said",
            "Ana Ruiz, who runs the only clinic in the valley",
        ),
    ],
)
def test_source_leaves_out_what_is_not_who(
    claims_pipeline: Pipeline, text: str, cue: str, source: str
) -> None:
    """A clause reporting another statement, a participle set off by commas or a note
    on anonymity is not part of the source; a clause saying who the speaker is stays."""
    claim = only(run(claims_pipeline, text), cue)
    assert claim.source_text == source
    assert claim.anonymous == ("anonymity" in text)


def test_relative_pronoun_source_is_its_antecedent(claims_pipeline: Pipeline) -> None:
    """'that' heading a relative clause speaks for the noun it follows, not for the last
    person quoted."""
    text = (
        "Ana Ruiz, a nurse, said the road was closed. The Red Crescent, a charity that "
        "supported the two clinics in the valley, said its trucks were stuck."
    )
    article = run(claims_pipeline, text)
    relative = [c for c in article.claims if c.source_text == "that"]
    assert relative, [(c.cue, c.source_text) for c in article.claims]
    assert all(c.source_actor and "Red Crescent" in c.source_actor for c in relative)


def test_the_one_asked_is_not_the_source_of_the_question(claims_pipeline: Pipeline) -> None:
    text = "Asked whether the bridge would reopen, the mayor said repairs would take a month."
    article = run(claims_pipeline, text)
    assert only(article, "said").source_text == "the mayor"
    asked = [c for c in article.claims if c.cue and c.cue.of(article.text) == "Asked"]
    assert all(c.source is None for c in asked)
