from __future__ import annotations

from eventwire import Article, Pipeline

FRENCH = (
    "Des combats ont repris lundi dans le nord du pays, ont indiqué des sources locales. "
    "Plusieurs milliers de civils ont fui vers la frontière."
)
ENGLISH = (
    "Fighting resumed on Monday in the north of the country, local sources said. "
    "Several thousand civilians fled toward the border."
)


def test_identifies_and_skips_non_english(pipeline: Pipeline) -> None:
    french, english, short = pipeline.pipe(
        [Article(raw=FRENCH), Article(raw=ENGLISH), Article(raw="Shelling.")]
    )
    assert isinstance(french, Article) and isinstance(english, Article)
    assert isinstance(short, Article)
    assert (french.language, english.language, short.language) == ("fr", "en", None)
    assert french.doc is None and french.mentions == []  # stored and marked, not coded
    assert english.doc is not None and english.sentences
    assert short.doc is not None  # unidentified text is read as English
