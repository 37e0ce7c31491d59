"""Cleaning scraped text: reports we wrote with each kind of page furniture, and the seed
article read from ../shared at test time (never copied into the project)."""

from __future__ import annotations

import pytest

from eventwire.ingest.body import clean_text
from eventwire.ingest.clean import Scraped, clean_scraped

from .conftest import SEED

CLEAN = """\
Militia fighters seize checkpoint outside Qaraqosh

MOSUL, Iraq — Militia fighters seized a checkpoint on the road to Qaraqosh on Friday, \
two police officers said.

"They came before dawn and nobody fired a shot," said Ahmed Karim, a council member.

The United Nations said 1,200 families had left the area since Wednesday.
"""

CAPTION = (
    "A woman walks past a burned stall in the central market of Kassala, Sudan on March 02, "
    "2021. (Omar Haddad/Example Agency/Getty Images)"
)
CAPTION_AGAIN = CAPTION.replace("Kassala, Sudan", "Kassala,  Sudan").replace("2021.", "2021")

SCRAPED = f"""\
Shelling hits market in Kassala - The Example Daily Wire

Shelling hits market in Kassala

Residents say the army has not answered their calls

By Amina Yusuf

Published: March 3, 2021 9:15 am

Updated: March 4, 2021

{CAPTION}

KASSALA, Sudan (AP) — Shells struck the central market of Kassala on Tuesday, killing at \
least nine people, a local health official said.

Advertisement

The army denied firing on the market and blamed a rebel faction, according to a statement \
read on state television.

{CAPTION_AGAIN}

Share

"We heard three blasts and then everyone was running," said Halima Osman, a trader.

Smoke rises over the market district after the shelling.

Photo: Karim Saleh/Example Press

Read more: Army and rebels agree to talks in Juba

A map published by the health ministry shows the market at the centre of the town.

Tags: Sudan, Kassala, shelling

© 2021 Example Media. All rights reserved.

Related stories

Talks stall over prisoner exchange

Aid convoy reaches the border
"""

BODY = [
    "KASSALA, Sudan (AP) — Shells struck",
    "The army denied firing",
    '"We heard three blasts',
    "A map published by the health ministry",
]


def clean(text: str) -> Scraped:
    return clean_scraped(clean_text(text))


def paragraphs(text: str) -> list[str]:
    return clean_text(text).split("\n\n")


def test_a_clean_report_comes_out_unchanged_apart_from_its_title() -> None:
    result = clean(CLEAN)
    assert result.title == "Militia fighters seize checkpoint outside Qaraqosh"
    assert result.body == "\n\n".join(paragraphs(CLEAN)[1:])
    assert result.removed == [(result.title, "title")]
    assert result.captions == []
    assert result.dateline == "MOSUL, Iraq"
    assert result.dateline_offset == (0, len("MOSUL, Iraq"))
    assert result.published is None


def test_a_scraped_page_keeps_only_its_body_paragraphs_whole() -> None:
    result = clean(SCRAPED)
    kept = result.body.split("\n\n")
    assert len(kept) == len(BODY)
    for paragraph, opening in zip(kept, BODY, strict=True):
        assert paragraph.startswith(opening)
        assert paragraph in paragraphs(SCRAPED)
    assert result.title == "Shelling hits market in Kassala"
    assert result.dateline == "KASSALA, Sudan"
    assert result.body[slice(*result.dateline_offset or (0, 0))] == "KASSALA, Sudan"


def test_furniture_is_removed_with_a_reason_for_each_line() -> None:
    result = clean(SCRAPED)
    reasons = dict(result.removed)
    assert reasons["Shelling hits market in Kassala - The Example Daily Wire"] == "title"
    assert reasons["Residents say the army has not answered their calls"] == "deck"
    assert reasons["By Amina Yusuf"] == "byline"
    assert reasons["Published: March 3, 2021 9:15 am"] == "date line"
    assert reasons["Advertisement"] == reasons["Share"] == "furniture"
    assert reasons["Photo: Karim Saleh/Example Press"] == "credit"
    for line in ("Read more: Army", "Tags:", "\u00a9 2021", "Related stories", "Aid convoy"):
        assert [why for text, why in result.removed if text.startswith(line)] == ["trailer"]
    # Nothing is lost: every paragraph of the page is either in the body or accounted for.
    assert len(result.removed) + len(result.body.split("\n\n")) == len(paragraphs(SCRAPED))


def test_captions_keep_their_credit_and_come_once() -> None:
    result = clean(SCRAPED)
    assert result.captions == [
        CAPTION,
        "Smoke rises over the market district after the shelling. Photo: Karim Saleh/Example Press",
    ]
    assert (CAPTION_AGAIN, "repeated caption") in result.removed


def test_published_prefers_the_published_line_over_the_updated_one() -> None:
    result = clean(SCRAPED)
    assert result.published == "2021-03-03"
    assert result.published_text == "March 3, 2021 9:15 am"


def test_an_updated_line_is_used_when_it_is_the_only_one() -> None:
    result = clean("Updated 12 December 2016\n\n" + CLEAN)
    assert (result.published, result.published_text) == ("2016-12-12", "12 December 2016")


def test_a_bare_date_line_in_the_header_is_the_publication_date() -> None:
    text = CLEAN.replace("\n\n", "\n\nMonday, Dec. 12, 2016 11:07 GMT\n\n", 1)
    result = clean(text)
    assert result.published == "2016-12-12"
    assert result.body == clean(CLEAN).body


def test_a_date_without_a_year_is_never_completed() -> None:
    result = clean("Published: December 12\n\n" + CLEAN)
    assert result.published is None


@pytest.mark.parametrize(
    ("opening", "place", "published"),
    [
        ("BEIRUT — Shelling resumed", "BEIRUT", None),
        ("BEIRUT (AP) — Shelling resumed", "BEIRUT", None),
        ("WASHINGTON, Dec. 12 (Reuters) - Officials said", "WASHINGTON", None),
        ("WASHINGTON, Dec. 12, 2016 (Reuters) - Officials said", "WASHINGTON", "2016-12-12"),
        ("KYIV, Ukraine — Sirens sounded", "KYIV, Ukraine", None),
        ("GAZA CITY, Gaza Strip (AP) — Strikes hit", "GAZA CITY, Gaza Strip", None),
        ("New York (AFP) \u2013 Diplomats met", "New York", None),
        ("ST. LOUIS -- Police said", "ST. LOUIS", None),
        ("BREAKING: Shelling resumed", None, None),
        ("President Amadou Diallo — who took office last year — said", None, None),
        ("A U.N. official said shelling resumed", None, None),
    ],
)
def test_datelines(opening: str, place: str | None, published: str | None) -> None:
    result = clean(f"{opening} on Monday near the border, witnesses said.")
    assert result.dateline == place
    assert result.published == published
    if place is not None:
        assert result.dateline_offset is not None
        assert result.body[slice(*result.dateline_offset)] == place


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rebels retake the airport -", "Rebels retake the airport"),
        ("Rebels retake the airport | The Example Post", "Rebels retake the airport"),
        ("Rebels retake the airport - Example News Network", "Rebels retake the airport"),
        ("Example News | Rebels retake the airport", "Rebels retake the airport"),
        ("Rebels retake the airport", "Rebels retake the airport"),
    ],
)
def test_a_headline_given_twice_is_one_title(first: str, second: str) -> None:
    result = clean(f"{first}\n\n{second}\n\n{paragraphs(CLEAN)[1]}")
    assert result.title == "Rebels retake the airport"
    assert [why for _, why in result.removed] == ["title", "title"]
    assert result.body == paragraphs(CLEAN)[1]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Fighters rest near Idlib. (AP Photo/Ghaith Sami)", "caption"),
        ("Fighters rest near Idlib. (Photo by Lina Mourad/Getty Images)", "caption"),
        ("Fighters rest near Idlib. REUTERS/Omar Said", "caption"),
        ("Fighters rest near Idlib. Photo: Lina Mourad/Example Press", "caption"),
        ("Image: Fighters rest near Idlib on the last day of the truce.", "caption"),
        ("FILE - In this Dec. 1, 2016 file photo, fighters rest near Idlib.", "caption"),
        ("A fighter carries a child across a street in Idlib, Syria on July 09, 2016.", "caption"),
        ("Credit: Lina Mourad/Example Press", "credit"),
        ("AFP via Getty Images", "credit"),
    ],
)
def test_caption_signals(line: str, kind: str) -> None:
    result = clean(f"{CLEAN}\n{line}\n\nThe ministry did not reply to a request for comment.")
    assert (line, kind) in result.removed
    assert line in result.captions
    assert line not in result.body


@pytest.mark.parametrize(
    "paragraph",
    [
        "A map distributed by the army shows rebel control limited to six neighbourhoods.",
        "A spokesman said the photos (some taken by residents) showed the damage.",
        "The figures come from the U.N. humanitarian office (UN/OCHA).",
        "Fighters carry their wounded through the streets every night, residents said.",
        "The agency sold the pictures to Getty Images and Reuters last year.",
    ],
)
def test_body_paragraphs_that_only_resemble_captions_stay(paragraph: str) -> None:
    result = clean(f"{CLEAN}\n{paragraph}\n\nThe ministry did not reply.")
    assert paragraph in result.body.split("\n\n")
    assert result.captions == []


def test_a_caption_repeated_without_its_credit_is_one_caption() -> None:
    bare = CAPTION[: CAPTION.index(" (")]
    result = clean(f"Shelling hits market\n\n{bare}\n\n{CAPTION}\n\n{paragraphs(SCRAPED)[7]}")
    assert result.captions == [CAPTION]
    assert result.body.startswith("KASSALA")


def test_one_paragraph_per_line_as_scrapers_write_it() -> None:
    text = "\n".join(paragraphs(CLEAN))
    result = clean(text + "\nFiled under:\nIraq\nMosul")
    assert result.body == clean(CLEAN).body
    assert result.title == "Militia fighters seize checkpoint outside Qaraqosh"
    assert [why for _, why in result.removed] == ["title", "trailer", "trailer", "trailer"]


def test_a_hard_wrapped_paragraph_stays_whole() -> None:
    wrapped = (
        "BAGHDAD (AP) — Two car bombs exploded in a busy market in the\n"
        "capital on Sunday, killing at least 12 people, police\n"
        "and hospital officials said."
    )
    result = clean(f"Car bombs kill 12 in Baghdad\n\n{wrapped}\n\nNo group claimed the attack.")
    # The paragraph stays one unit, its wrapped lines joined (see tests/test_reflow.py).
    assert result.body == f"{' '.join(wrapped.split(chr(10)))}\n\nNo group claimed the attack."
    assert result.dateline == "BAGHDAD"


def test_a_standfirst_sentence_before_the_dateline_is_a_deck() -> None:
    text = CLEAN.replace("\n\n", "\n\nThe fighters met no resistance.\n\n", 1)
    result = clean(text)
    assert result.body == clean(CLEAN).body
    assert ("The fighters met no resistance.", "deck") in result.removed


def test_a_list_before_the_first_paragraph_is_content_not_header() -> None:
    rows = ["Round 1: Kassala", "Round 2: Gedaref", "Round 3: Port Sudan", "Round 4: Atbara"]
    rows += ["Round 5: Dongola", "Round 6: Kosti"]
    text = "Tournament calendar\n\n" + "\n\n".join(rows) + "\n\nAll rounds start at noon."
    result = clean(text)
    assert result.title == "Tournament calendar"
    assert result.body.split("\n\n") == [*rows, "All rounds start at noon."]


def test_nothing_to_clean() -> None:
    assert clean("") == Scraped(body="")
    lone = "Shells hit the market on Tuesday, killing nine people, officials said."
    assert clean(lone).body == lone


# --- the seed article ---------------------------------------------------------------------


@pytest.fixture
def seed() -> tuple[str, Scraped]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not present (the seed article is read at test time)")
    text = clean_text(SEED.read_text(encoding="utf-8"))
    return text, clean_scraped(text)


def test_seed_body_starts_at_the_dateline_paragraph(seed: tuple[str, Scraped]) -> None:
    _, result = seed
    assert result.body.startswith("BEIRUT \u2014 ")
    assert result.dateline == "BEIRUT"
    assert result.dateline_offset == (0, 6)


def test_seed_title_is_the_headline_without_its_separator(seed: tuple[str, Scraped]) -> None:
    text, result = seed
    first = text.split("\n", 1)[0]
    assert result.title is not None
    assert first == f"{result.title} -"
    assert result.title not in result.body


def test_seed_has_exactly_two_captions_with_their_credits(seed: tuple[str, Scraped]) -> None:
    _, result = seed
    assert len(result.captions) == 2
    for caption in result.captions:
        assert caption.endswith("Getty Images)")
        assert caption not in result.body
    assert "Getty Images" not in result.body
    assert not result.body.rstrip().endswith(":")
    assert "Filed under" not in result.body


def test_seed_keeps_every_body_paragraph_whole(seed: tuple[str, Scraped]) -> None:
    text, result = seed
    kept = result.body.split("\n\n")
    captions = set(result.captions)
    long = [p for p in text.split("\n\n") if len(p) > 200 and p not in captions]
    assert long and all(p in kept for p in long)
    assert all(p in text.split("\n\n") for p in kept)
    removed = {line for line, _ in result.removed}
    assert len(kept) + len(removed) == len(set(text.split("\n\n")))
