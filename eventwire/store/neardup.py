"""Finding near-duplicates in the store: locality-sensitive hashing over MinHash bands.

A signature is cut into BANDS bands of ROWS values; two articles whose signatures agree
on all values of any one band become candidates. The share of equal values estimates the
Jaccard similarity J of their 5-word shingle sets; with the set sizes that gives the
overlap, and a candidate is a near-duplicate when the overlap covers at least
NEAR_DUPLICATE of the smaller body: a copy trimmed to its first paragraphs still counts.
With 32 bands of 2 rows, pairs at J = 0.3 become candidates with probability 0.95 and
pairs at J = 0.05 only 8 % of the time (and are then rejected).
"""

from __future__ import annotations

import hashlib
import struct

from eventwire.model import Fingerprint

BANDS = 32
ROWS = 2
NEAR_DUPLICATE = 0.7
"""Syndicated copies of one story share most of the shorter one's shingles even after a
trim or a changed paragraph; two outlets' own reports of one event share almost none."""


def band_keys(fingerprint: Fingerprint | None) -> list[tuple[int, int]]:
    """(band, key) pairs to index and look up; none without a full-size signature."""
    if fingerprint is None or len(fingerprint.signature) != BANDS * ROWS:
        return []
    signature = fingerprint.signature
    keys = []
    for band in range(BANDS):
        values = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<{ROWS}Q", *values), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def jaccard(one: list[int], other: list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not one or len(one) != len(other):
        return 0.0
    return sum(a == b for a, b in zip(one, other, strict=True)) / len(one)


def containment(one: Fingerprint, other: Fingerprint) -> float:
    """Estimated share of the smaller body's shingles that the other body has too."""
    j = jaccard(one.signature, other.signature)
    overlap = j * (one.shingles + other.shingles) / (1 + j)
    return min(1.0, overlap / max(1, min(one.shingles, other.shingles)))


def pack(fingerprint: Fingerprint) -> bytes:
    """Shingle count then signature, as little-endian unsigned 64-bit ints."""
    values = [fingerprint.shingles, *fingerprint.signature]
    return struct.pack(f"<{len(values)}Q", *values)


def unpack(blob: bytes | None) -> Fingerprint | None:
    if not blob:
        return None
    shingles, *signature = struct.unpack(f"<{len(blob) // 8}Q", blob)
    return Fingerprint(list(signature), shingles)
