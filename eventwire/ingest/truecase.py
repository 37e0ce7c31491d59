"""Truecasing for reports written all in capitals, as some wire services still send them.

spaCy's models learnt English in mixed case: on "GUERRILLAS ATTACKED THE FARM" every word
looks like a proper noun, entities run into each other and the parse suffers. A report
that is mostly upper case is rewritten in ordinary case before anything reads it:

1. everything is lowered;
2. the model tags the lowered text (its tagger and recogniser read word forms, not only
   shapes, so names stay visible: "president ramon estrada" tags ramon and estrada as
   proper nouns, "the national electric company" is an ORG);
3. proper nouns, the words of named entities (less function words: "of", "the", "de"),
   words the model's word vectors do not know ("colindres", "perquin": names, since a
   vocabulary of a million English words lacks few common ones; only with a model that
   has vectors), months and weekdays, sentence and paragraph starts and the pronoun "I"
   get a capital;
   a word without a vowel ("FMLN"), a word given alone in brackets anywhere in the text
   ("(URNG)") or with inner full stops ("U.S.") stays upper case as the acronym it is;
4. optionally, runs of words that a gazetteer knows as a place or demonym ("la paz",
   "santa cruz", "bolivian") get capitals too: the lowered text hides many of them from
   the recogniser.

The text keeps its length character for character, so offsets into the truecased text
are offsets into what was read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

__all__ = ["KnownName", "Tagger", "mostly_upper", "truecase"]

KnownName = Callable[[str, bool], bool]
"""(lowered phrase, is one word) -> whether it is a proper name to capitalise."""

Tagger = Callable[[str], Any]
"""Text -> a spaCy Doc (tokens with `idx`, `text`, `tag_`, `ent_type_`)."""

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
ENGLISH_FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
)
"""Never the first word of a name ("the capital" is not "The Capital")."""
FUNCTION_WORDS = ENGLISH_FUNCTION_WORDS | frozenset(
    {
        "de", "del", "di", "du", "el", "la", "las", "le", "les", "los", "y", "da", "do",
        "dos", "das", "van", "von", "al", "bin", "ibn",
    }
)  # fmt: skip
"""Lower case inside a name ("Santa Cruz de la Sierra")."""

CALENDAR_WORDS = frozenset(
    {
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday",
    }
)  # fmt: skip
"""Always capitalised ("may" is left to the tagger: it is also a verb)."""

_LETTERS = re.compile(r"[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"\u201d\u2019)]*\s+|\n\s*)['\"\u201c\u2018(]*(\w)")
_BRACKETED = re.compile(r"\(([^\W\d_]{2,8})\)")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_ENDS_DOTTED = re.compile(r"(?:\b[^\W\d_]\.){2,}[ \t]*$")
_VOWELS = frozenset("aeiouy")
_NAME_TAGS = frozenset({"NN", "NNP", "NNPS", "JJ"})


def mostly_upper(text: str, share: float = 0.8, minimum: int = 40) -> bool:
    """Whether a text is written in capitals: at least `share` of its cased letters
    are upper case, over at least `minimum` letters (a short shout is not a report)."""
    upper = sum(map(str.isupper, text))  # per character, in C: this runs on every report
    cased = upper + sum(map(str.islower, text))
    if cased < minimum:
        return False
    return upper >= share * cased


def _set_case(chars: list[str], start: int, end: int, upper: bool, first_only: bool) -> None:
    for i in range(start, end if not first_only else min(end, start + 1)):
        changed = chars[i].upper() if upper else chars[i].lower()
        if len(changed) == 1:  # keep the length: "ß".upper() is two letters
            chars[i] = changed


def truecase(text: str, tagger: Tagger, known: KnownName | None = None) -> str:
    """The text in ordinary case (see the module docstring); same length as `text`.
    `known(phrase, single)` says whether a lowered phrase of one to three words is a
    proper name (a gazetteer's place or demonym); single words are only asked when tagged
    as nouns or adjectives."""
    chars = list(text)
    _set_case(chars, 0, len(chars), upper=False, first_only=False)
    lowered = "".join(chars)
    doc = tagger(lowered)
    vectors = getattr(getattr(doc, "vocab", None), "vectors", None)
    has_vectors = vectors is not None and bool(vectors.shape[0])
    for token in doc:
        word = token.text
        start = token.idx
        if not _LETTERS.search(word):
            continue
        in_entity = token.ent_type_ in ENTITY_LABELS and word not in FUNCTION_WORDS
        proper = token.tag_ in ("NNP", "NNPS") and word not in FUNCTION_WORDS
        unknown = has_vectors and _unknown_word(token)
        if proper or in_entity or unknown or word in CALENDAR_WORDS:
            _set_case(chars, start, start + len(word), upper=True, first_only=True)
        elif word == "i":
            _set_case(chars, start, start + 1, upper=True, first_only=True)
        if _is_acronym(word):
            _set_case(chars, start, start + len(word), upper=True, first_only=False)
    if known is not None:
        _known_names(doc, chars, known)
    acronyms = {match.group(1) for match in _BRACKETED.finditer(lowered)}
    for token in doc:
        if token.text in acronyms:  # "(ELN)" once makes "ELN" an acronym everywhere
            _set_case(chars, token.idx, token.idx + len(token.text), upper=True, first_only=False)
    for match in _DOTTED.finditer(lowered):
        _set_case(chars, match.start(), match.end(), upper=True, first_only=False)
    for match in _SENTENCE_START.finditer(lowered):
        before = lowered[max(0, match.start(1) - 12) : match.start(1)]
        if "\n" not in before and _ENDS_DOTTED.search(before):
            continue  # "u.s. embassy": the full stop ends an abbreviation, not a sentence
        _set_case(chars, match.start(1), match.end(1), upper=True, first_only=True)
    return "".join(chars)


def _known_names(doc: Any, chars: list[str], known: KnownName) -> None:
    """Capitalise the longest runs of one to three words that `known` names."""
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            run = tokens[i : i + size]
            if len(run) < size or not all(t.is_alpha for t in run):
                continue
            if any(a.idx + len(a.text) + 1 != b.idx for a, b in pairwise(run)):
                continue  # words separated by more than one space are not one name
            if run[-1].text in FUNCTION_WORDS or run[0].text in ENGLISH_FUNCTION_WORDS:
                continue
            if size == 1 and run[0].tag_ not in _NAME_TAGS:
                continue
            if known(" ".join(t.text for t in run), size == 1):
                for position, token in enumerate(run):
                    if position == 0 or token.text not in FUNCTION_WORDS:
                        _set_case(chars, token.idx, token.idx + 1, upper=True, first_only=True)
                i += size - 1
                break
        i += 1


def _unknown_word(token: Any) -> bool:
    """An alphabetic word of three letters or more that the word vectors lack."""
    return bool(token.is_alpha and len(token.text) >= 3 and token.is_oov)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and not _VOWELS & set(letters) and word.isalpha()
