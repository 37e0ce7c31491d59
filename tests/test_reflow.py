"""Hard-wrapped plain text is joined back into paragraphs before the cleaner looks for furniture."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from eventwire.ingest.body import clean_text, extract_body
from eventwire.ingest.reflow import is_hard_wrapped, reflow

# Fictional reports, written for these tests.
HEADLINE = "Ferry service to the outer islands suspended"
PARAGRAPHS = [
    "TARNVIK, Nordmark (Coastwire) -- The regional ferry operator suspended all "
    "crossings to the outer islands on Thursday after a storm damaged two of its "
    "piers, leaving about 3,000 residents without a link to the mainland.",
    "A spokeswoman for the operator, Ilse Marren, said engineers would inspect the "
    "piers at first light and that a temporary service could start by the weekend "
    "if the weather allowed it.",
    "Fishermen in the harbour said the waves were the highest they had seen in "
    "twenty years. One of them described water reaching the windows of the "
    "harbour office.",
    "The county council has opened two shelters and asked residents to stay "
    "indoors until the wind drops.",
]


def _wrap(paragraph: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(paragraph, width=width, initial_indent=indent)


def _report(width: int, blank: bool, indent: str = "") -> str:
    separator = "\n\n" if blank else "\n"
    body = separator.join("\n".join(_wrap(p, width, indent)) for p in PARAGRAPHS)
    return f"{HEADLINE}\n\n{body}\n"


def _assert_joined(body: str) -> None:
    kept = body.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in kept, paragraph
    assert "\n" not in body.replace("\n\n", "")


@pytest.mark.parametrize("width", [70, 60])
@pytest.mark.parametrize(("blank", "indent"), [(True, ""), (False, "   "), (True, "   ")])
def test_wrapped_report_keeps_every_sentence_with_paragraphs_joined(
    width: int, blank: bool, indent: str
) -> None:
    raw = _report(width, blank, indent)
    assert is_hard_wrapped(clean_text(raw))
    body = extract_body(raw)
    _assert_joined(body.text)
    assert body.title == HEADLINE
    assert HEADLINE not in body.text
    assert body.dateline == "TARNVIK, Nordmark"


@pytest.mark.parametrize("width", [70, 60])
def test_paragraph_ends_short_of_the_width_without_blank_or_indent(width: int) -> None:
    lines = [line for p in PARAGRAPHS for line in _wrap(p, width)]
    # Each paragraph's last line leaves room for the next paragraph's first word.
    for paragraph in PARAGRAPHS[:-1]:
        last = _wrap(paragraph, width)[-1]
        assert len(last) < width - 12
    text = clean_text("\n".join(lines))
    assert reflow(text).split("\n\n") == PARAGRAPHS


def test_all_capitals_wire_copy_with_a_cut_first_line() -> None:
    # Archives in capitals often lose their dateline prefix, leaving a short first line
    # that runs on mid-sentence: case cannot tell it from a headline, the wrap can.
    paragraphs = [p.upper() for p in PARAGRAPHS[1:]]
    first = "THE HARBOUR MASTER"
    rest = "CLOSED THE PORT ON FRIDAY AFTER A SECOND STORM WARNING WAS ISSUED FOR THE COAST."
    wrapped = [first, *_wrap(rest, 70)]
    raw = (
        "\n".join(wrapped)
        + "\n\n"
        + "\n\n".join("\n".join(_wrap(p, 70, "   ")) for p in paragraphs)
    )
    body = extract_body(raw).text
    kept = body.split("\n\n")
    assert kept[0] == f"{first} {rest}"
    assert kept[1:] == paragraphs


def test_list_and_hyphenated_words_in_wrapped_text() -> None:
    intro = (
        "The council published a list of the roads that will stay closed until the "
        "inspectors have checked every bridge on the coast road, which is well-known "
        "for its landslides:"
    )
    # A word broken at its hyphen across two lines is joined back without a space.
    broken = [
        "The council published a list of the roads that will stay",
        "closed until the inspectors have checked every bridge on the",
        "coast road, which is well-",
        "known for its landslides:",
    ]
    items = ["- the harbour road", "- the old mill lane", "- the northern bypass"]
    closing = "Residents were told to use the ferry landing at the south pier instead of the road."
    raw = "\n".join([*broken, *items, *_wrap(closing, 60)])
    out = reflow(clean_text(raw)).split("\n\n")
    assert out == [intro, *items, closing]


def test_text_that_is_not_wrapped_is_unchanged() -> None:
    # One paragraph per line, as scrapers write it: lengths vary and no break is a wrap.
    text = "\n".join(PARAGRAPHS)
    assert not is_hard_wrapped(text)
    assert reflow(text) == text
    short = "Home\nWorld\nSport\nWeather\nContact us"
    assert not is_hard_wrapped(short)
    assert reflow(short) == short
    assert reflow("") == ""


def test_headline_in_mixed_case_stays_its_own_line() -> None:
    # No blank line after the headline: it ends short, without a full stop, and the next
    # line starts with a capital, so it is not run into the first paragraph.
    raw = HEADLINE + "\n" + "\n\n".join("\n".join(_wrap(p, 70)) for p in PARAGRAPHS)
    out = reflow(clean_text(raw)).split("\n\n")
    assert out == [HEADLINE, *PARAGRAPHS]


# --- what the cleaner does with reflowed wire copy -----------------------------------------


def _caps_wire(paragraphs: list[str]) -> str:
    return "\n\n".join("\n".join(_wrap(p.upper(), 70, "   ")) for p in paragraphs)


def test_colon_lead_in_before_the_first_paragraph_is_kept() -> None:
    lead = "The harbour authority issued the following statement to the press on Friday:"
    paragraphs = [
        "All crossings to the outer islands are cancelled until the piers have been "
        "inspected by the county engineers.",
        "Residents who need to travel should contact the council, which has arranged "
        "a boat for medical emergencies.",
    ]
    body = extract_body(_caps_wire([lead, *paragraphs])).text
    assert body.split("\n\n") == [p.upper() for p in [lead, *paragraphs]]


def test_capitals_before_a_dash_in_all_capital_text_are_no_dateline() -> None:
    paragraphs = [
        "A bridge collapsed this morning on the coast road, but nobody was hurt.",
        "According to the fire brigade, the bridge -- built in 1950 and closed "
        "twice for repairs -- gave way after a week of heavy rain.",
        "Engineers said the road would stay closed for at least a month while a "
        "temporary crossing is built.",
    ]
    body = extract_body(_caps_wire(paragraphs))
    assert body.dateline is None
    assert body.text.split("\n\n") == [p.upper() for p in paragraphs]


def test_a_speaker_tag_repeated_in_a_transcript_is_no_headline() -> None:
    paragraphs = [
        "The mayor visited the flooded district on Saturday and spoke to reporters "
        "outside the school that now serves as a shelter for the families.",
        "(Mayor) The water is going down. We expect most families to return home "
        "within a week, and the council will pay for the cleaning.",
        "(Reporter) (Question inaudible)",
        "(Mayor) No, the school will reopen on Monday as planned.",
        "(Reporter) (Question inaudible)",
        "(Mayor) We have asked the national government for help with the repairs.",
    ]
    body = extract_body(_caps_wire(paragraphs))
    assert body.title is None
    assert body.text.split("\n\n") == [p.upper() for p in paragraphs]


def test_short_indented_paragraphs_and_a_dash_at_a_line_start() -> None:
    lines = [
        "    The ministry spokesman read a short statement to the",
        "reporters waiting outside the building on Monday morning",
        "\u2014 which the opposition later called evasive \u2014 and then",
        "left without taking any questions from the press.",
        "    He continued:",
        "    We will publish the full report once the inquiry has",
        "heard every witness.",
    ]
    paragraphs = [
        "The ministry spokesman read a short statement to the reporters waiting outside "
        "the building on Monday morning \u2014 which the opposition later called evasive "
        "\u2014 and then left without taking any questions from the press.",
        "He continued:",
        "We will publish the full report once the inquiry has heard every witness.",
    ]
    assert reflow(clean_text("\n".join(lines))).split("\n\n") == paragraphs


def test_a_number_alone_on_its_line_joins_its_item() -> None:
    item = (
        "At dawn a patrol found the bridge over the river damaged by an explosion, and "
        "traffic was stopped for most of the day while engineers checked it."
    )
    raw = "2.\n" + "\n".join(_wrap(item, 60)) + "\n\n" + "\n".join(_wrap(PARAGRAPHS[3], 60))
    assert reflow(clean_text(raw)).split("\n\n") == [f"2. {item}", PARAGRAPHS[3]]


MUC4 = Path(__file__).resolve().parents[2] / "shared/eval/events/muc4/dev.json"


def test_muc4_reports_keep_every_character() -> None:
    """The hard-wrapped MUC-4 dev reports (all capitals, 70 columns, first line cut)."""
    if not MUC4.exists():
        pytest.skip(f"{MUC4} is not present (the MUC-4 dev set is read at test time)")
    docs = json.loads(MUC4.read_text(encoding="utf-8"))
    lost = []
    for name, doc in docs.items():
        body = extract_body(doc["doc"]).text
        if "".join(body.split()) != "".join(doc["doc"].split()):
            lost.append(name)
        assert "\n" not in body.replace("\n\n", ""), name
    assert not lost
