"""Derive the claims stage's data-driven cue lexicon from a PolNeAR-format folder.

Usage (writes eventwire/resources/claims/cues_derived.json unless --out is given):

    .venv/bin/python scripts/derive_claim_cues.py ../shared/eval/attribution/polnear/train

Run it on a *training* folder only: the lexicon it writes is what the stage uses, so
deriving it from the data it is scored on would be tuning on the test.

How: every article is parsed (the project's model, with tagger and lemmatizer). For each
gold cue, its head word is the first verb among the cue's tokens (auxiliaries skipped:
"has said" -> say), else its first noun ("the claim that" -> claim). A cue is counted
under its lemma and part of speech (VERB or NOUN), and, when the word right after the
head inside the cue is a preposition or particle ("talking about", "calling for"),
under "lemma word" too. Every token of the same lemma and part of speech in the folder's
texts is an occurrence (for "lemma word": the lemma directly followed by that word).

A key is kept when it is a gold cue

* in at least MIN_ARTICLES different articles (no entry exists because one article
  uses a word a lot), and
* in at least MIN_SHARE of its occurrences (a word that is only sometimes a cue,
  "see", "make", stays out), and
* for "lemma word": with a share at least MIN_LIFT times the bare verb's (the word makes
  the verb a cue: "talk about"; it does not merely follow it: "said in").

Only counts and word forms are written, never article text.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from eventwire.evaluate.attribution import load_articles
from eventwire.settings import Settings
from eventwire.stages.nlp import load_pipeline

MIN_ARTICLES = 3
MIN_SHARE = {"VERB": 0.3, "NOUN": 0.3, "PREP": 0.3}
"""Per kind of key: the least share of its occurrences that are gold cues."""
MIN_LIFT = 0.9
"""A "lemma word" key is kept only when its share is at least this fraction of the bare
verb's share: the word must make the verb a cue ("talk about", "point out"), not merely
follow it ("said in", "said of")."""

OUT = Path(__file__).resolve().parent.parent / "eventwire/resources/claims/cues_derived.json"
POS = {"VERB": "VERB", "NOUN": "NOUN"}


def _head(tokens: list[Any]) -> Any:
    for wanted in ("VERB", "NOUN"):
        for token in tokens:
            if token.pos_ == wanted:
                return token
    return None


def derive(
    data_dir: Path,
    limit: int | None = None,
    min_articles: int = MIN_ARTICLES,
    min_share: dict[str, float] | None = None,
) -> dict[str, Any]:
    min_share = min_share or MIN_SHARE
    articles = load_articles(data_dir, limit)
    nlp = load_pipeline(
        Settings().model, frozenset({"parser", "tagger", "attribute_ruler", "lemmatizer"})
    )
    cue_articles: dict[str, set[str]] = defaultdict(set)
    cue_count: dict[str, int] = defaultdict(int)
    occurrences: dict[str, int] = defaultdict(int)
    forms: dict[str, set[str]] = defaultdict(set)
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        by_char = {t.idx: t for t in doc}
        for token in doc:
            if token.pos_ in POS:
                key = f"{token.pos_}:{token.lemma_.lower()}"
                occurrences[key] += 1
                forms[key].add(token.lower_)
                if token.i + 1 < len(doc):
                    occurrences[f"PREP:{token.lemma_.lower()} {doc[token.i + 1].lower_}"] += 1
        seen: set[tuple[str, int]] = set()
        for relation in article.gold:
            tokens = [
                by_char[i]
                for span in relation.cue
                for i in range(span.start, span.end)
                if i in by_char
            ]
            head = _head(tokens)
            if head is None:
                continue
            keys = [f"{head.pos_}:{head.lemma_.lower()}"]
            following = head.i + 1 < len(doc) and doc[head.i + 1]
            if (
                head.pos_ == "VERB"
                and following
                and following in tokens
                and following.pos_ in ("ADP", "PART")
            ):
                keys.append(f"PREP:{head.lemma_.lower()} {following.lower_}")
            for key in keys:
                if (key, head.i) in seen:
                    continue
                seen.add((key, head.i))
                cue_articles[key].add(article.name)
                cue_count[key] += 1
    kept: dict[str, dict[str, Any]] = {"VERB": {}, "NOUN": {}, "PREP": {}}  # nouns: unused
    for key in sorted(cue_count):
        kind, lemma = key.split(":", 1)
        n_articles, n_cue, n_all = len(cue_articles[key]), cue_count[key], occurrences[key]
        share = n_cue / n_all if n_all else 0.0
        if kind == "PREP":
            verb = f"VERB:{lemma.split()[0]}"
            verb_share = cue_count.get(verb, 0) / occurrences[verb] if occurrences[verb] else 0.0
            if share < MIN_LIFT * verb_share:
                continue
        if n_articles >= min_articles and share >= min_share[kind]:
            entry: dict[str, Any] = {
                "articles": n_articles,
                "cues": n_cue,
                "occurrences": n_all,
            }
            if kind != "PREP":
                entry["forms"] = sorted(forms[key])
            kept[kind][lemma] = entry
    return {
        "_doc": (
            "Cue words derived from gold PolNeAR cues by scripts/derive_claim_cues.py "
            "(see its docstring): kept when a gold cue in >= min_articles articles and in "
            ">= min_share of its occurrences. verbs and nouns: lemma -> counts and the word "
            "forms met; verbs_with_preposition: 'lemma word' (talk about, call for). Noun "
            "cues are counted but not written: none reaches the thresholds often enough to "
            "be worth a rule of its own."
        ),
        "source": data_dir.name,
        "articles": len(articles),
        "min_articles": min_articles,
        "min_share": min_share,
        "verbs": kept["VERB"],
        "verbs_with_preposition": kept["PREP"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a PolNeAR-format folder (text/, attributions/)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--min-articles", type=int, default=MIN_ARTICLES)
    parser.add_argument("--min-share", type=float, default=None, help="for every kind")
    args = parser.parse_args()
    shares = dict.fromkeys(MIN_SHARE, args.min_share) if args.min_share is not None else None
    result = derive(args.data, args.limit, args.min_articles, shares)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {len(result['verbs'])} verbs, "
        f"{len(result['verbs_with_preposition'])} verb+preposition"
    )


if __name__ == "__main__":
    main()
