"""Exact and near-duplicates: the same wire story under other furniture is linked."""

from __future__ import annotations

from eventwire import Article, Pipeline
from eventwire.stages.fingerprint import minhash, shingles
from eventwire.store import SQLiteStore
from eventwire.store.neardup import containment, jaccard

WIRE = """\
Aid convoy reaches besieged town

The first aid convoy in four months reached the besieged town of Madaya on Thursday, \
carrying flour, baby milk and medicine for about 20,000 people, the Red Crescent said.

Residents described months of hunger. "We ate grass and boiled leaves," one woman told \
the agency by telephone. Aid workers said dozens of people needed urgent treatment for \
malnutrition and that some would have to be evacuated.

The United Nations said a second convoy was expected next week if the warring parties \
kept their promise of safe passage, and called for an end to the use of sieges as a \
weapon of war.
"""

OTHER_STORY = """\
Floods displace thousands in the south

Heavy rain caused rivers to burst their banks across three southern provinces on \
Tuesday, forcing thousands of families from their homes, the civil protection agency \
said. Roads and bridges were washed away and several villages were cut off.

Officials said emergency shelters had been opened in schools and mosques, and that \
helicopters were dropping food to areas that could not be reached by road.
"""


def syndicated(story: str, site: str) -> str:
    """The same story as another site serves it: its own header, trailer and a trim."""
    body = story.rsplit("\n\n", 1)[0]  # this site cut the last paragraph
    return f"{site} | World News\n\nHome > World > Middle East\n\n{body}\n\nShare this story\n"


def _process(*texts: str) -> list[Article]:
    results = list(Pipeline(["text", "fingerprint"]).pipe([Article(raw=t) for t in texts]))
    assert all(isinstance(r, Article) for r in results)
    return results  # type: ignore[return-value]


def test_shingles_and_signature_are_stable() -> None:
    assert shingles("One two three four five six") == {
        "one two three four five",
        "two three four five six",
    }
    signed = minhash(WIRE)
    assert signed == minhash(WIRE)
    assert signed is not None and len(signed.signature) == 64
    assert minhash("") is None


def test_same_story_other_furniture_is_a_near_duplicate(store: SQLiteStore) -> None:
    original, copy, other = _process(WIRE, syndicated(WIRE, "Daily Gazette"), OTHER_STORY)
    assert original.id != copy.id
    assert original.fingerprint and copy.fingerprint and other.fingerprint
    assert containment(original.fingerprint, copy.fingerprint) >= 0.7
    assert jaccard(original.fingerprint.signature, other.fingerprint.signature) < 0.1
    assert containment(original.fingerprint, other.fingerprint) < 0.1
    added = store.add_many([original, copy, other])
    assert [a.status for a in added] == ["new", "near-duplicate", "new"]
    assert added[1].near_duplicate_of == original.id
    stored = store.get(copy.id or "")
    assert stored is not None and stored.near_duplicate_of == original.id


def test_a_copy_of_a_copy_links_to_the_first(store: SQLiteStore) -> None:
    original, copy, third = _process(
        WIRE,
        syndicated(WIRE, "Daily Gazette"),
        syndicated(WIRE.replace("on Thursday", "on Thursday morning"), "Evening Post"),
    )
    added = store.add_many([original, copy])
    added += store.add_many([third])
    assert [a.near_duplicate_of for a in added] == [None, original.id, original.id]


def test_exact_duplicate_is_not_stored_again(store: SQLiteStore) -> None:
    one, same = _process(WIRE, WIRE.replace("\n\n", "\n\n\n"))
    assert one.id == same.id
    assert [a.status for a in store.add_many([one, same])] == ["new", "duplicate"]
    assert store.counts()["articles"] == 1
