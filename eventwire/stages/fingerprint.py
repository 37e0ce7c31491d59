"""The `fingerprint` stage: a MinHash signature of the body, for near-duplicate detection.

The same wire story reaches many sites with different furniture and small edits. Word
5-gram shingles of the cleaned body, MinHashed with 64 XOR-multiply hash functions, give
a signature whose share of equal values estimates the Jaccard similarity of two bodies;
the store indexes it in bands (locality-sensitive hashing) to find candidates quickly.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from eventwire.model import Article, Fingerprint
from eventwire.stages.base import Stage, register

SIGNATURE_SIZE = 64
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20161212)  # fixed: signatures must agree across runs and machines
_XOR = _rng.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)
_MULTIPLY = _rng.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64) | np.uint64(1)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` lower-cased words (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str) -> Fingerprint | None:
    """The MinHash signature of `text` (SIGNATURE_SIZE unsigned 64-bit ints), or None for
    a text without words."""
    grams = shingles(text)
    if not grams:
        return None
    base = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            for g in grams
        ),
        dtype=np.uint64,
        count=len(grams),
    )
    with np.errstate(over="ignore"):
        hashed = (base[None, :] ^ _XOR[:, None]) * _MULTIPLY[:, None]
    return Fingerprint([int(v) for v in hashed.min(axis=1)], len(grams))


@register
class FingerprintStage(Stage):
    """Sign the body so the store can find syndicated copies of it."""

    name = "fingerprint"
    requires = ("article.text",)
    assigns = ("article.fingerprint",)

    def __call__(self, article: Article) -> None:
        article.fingerprint = minhash(article.text)
