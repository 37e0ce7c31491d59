"""The per-token lists that several stages read, built once per parsed Doc.

spaCy makes a new Python object on every token access (`doc[i]`, `for t in doc`,
`t.head`, `t.children`); a stage that looks at every token to find the few it wants
pays more for those objects than for its own work. One `doc.to_array` call gives the
words, labels and heads of all tokens as plain lists; stages scan those and touch
Token objects only for the tokens they keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from eventwire.stages.nlp import per_doc

_ATTRS = ("LOWER", "DEP", "SHAPE", "ENT_TYPE", "HEAD", "IDX")
_NAMES: dict[int, str] = {}
"""String of each hash met so far (a hash names the same string in every vocabulary;
a dict is faster to read than the StringStore)."""
NAME_CACHE = 500_000
"""Past this many strings the cache starts afresh (a firehose meets new words forever)."""


@dataclass(frozen=True, slots=True)
class TokenTable:
    """Token i's lower-case text, dependency label, head index, shape (first four
    characters), entity type ("" outside entities), character offset and children (in
    text order)."""

    words: list[str]
    deps: list[str]
    heads: list[int]
    shapes: list[str]
    entities: list[str]
    starts: list[int]
    children: list[list[int]]


def token_table(doc: Any) -> TokenTable:
    """The table of a parsed Doc (built on the first call, kept with the Doc)."""
    return per_doc(doc, "token_table", lambda: _build(doc))


def _build(doc: Any) -> TokenTable:
    n = len(doc)
    if n == 0:
        return TokenTable([], [], [], [], [], [], [])
    table = doc.to_array(list(_ATTRS))
    if len(_NAMES) > NAME_CACHE:
        _NAMES.clear()
    lower, deps, shapes, entities = (_strings(doc, table[:, k].tolist()) for k in range(4))
    heads = [i + rel for i, rel in enumerate(table[:, 4].view(np.int64).tolist())]
    children: list[list[int]] = [[] for _ in range(n)]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    return TokenTable(
        lower, deps, heads, [s[:4] for s in shapes], entities, table[:, 5].tolist(), children
    )


def _strings(doc: Any, hashes: list[int]) -> list[str]:
    names, out = _NAMES, []
    for h in hashes:
        name = names.get(h)
        if name is None:
            name = names[h] = doc.vocab.strings[h]
        out.append(name)
    return out
