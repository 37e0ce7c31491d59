"""Hard-wrapped plain text (wire copy, e-mail, old archives) joined back into paragraphs.

Text cut at a fixed width (every line 60-80 columns, each paragraph over several lines)
looks to the scraped-text cleaner like a run of short lines: headlines, menus, furniture.
`reflow` first decides whether a text is hard-wrapped at all (most lines end near one
width and run on into the next line mid-sentence) and, only then, joins the lines of each
paragraph with a space. It must run before furniture detection, and what it returns is the
body that every later offset points into.

A line break is a paragraph boundary when the next line is indented further or opens a list
item, or when the next line's first word would have fitted on the line (a wrapper would have
put it there) and the line ends a sentence, or ends short in a mixed-case text where the next
line starts with a capital (a headline, a dateline or a list entry of its own). Everything
else is a wrap and is joined. Texts that are not hard-wrapped are returned unchanged.

This module imports nothing from the project, so any stage may use it.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["is_hard_wrapped", "reflow"]

_MIN_LINES = 3
"""Fewer non-blank lines than this say nothing about a wrap width."""
_MIN_WIDTH = 30
_MAX_WIDTH = 110
"""Wrap widths seen in practice: 60-80 columns, a few archives up to 100."""
_SLACK = 12
"""At most 1/12 of the width is taken as a margin a wrapper may have kept."""
_SURE_MIN = 5
"""Sure wraps needed before the limit is read from them rather than set by the slack."""
_NEAR = 0.7
"""A line 'ends near the width' when it fills at least this share of it."""
_NEAR_SHARE = 0.5
_WRAP_SHARE = 0.6
_RUN_ON_SHARE = 0.4
_LOWER_SHARE = 0.1
"""Below this share of lower-case letters a text is all capitals: case says nothing."""

_SENTENCE_END = re.compile(r"[.!?\u2026:][\"'\u201d\u2019)\]]*$")
_MARKER = r"(?:[-*\u2022>+]|\(?(?:\d{1,3}|[a-z])[.)])"
_LIST_ITEM = re.compile(rf"{_MARKER}\s")
_BARE_MARKER = re.compile(_MARKER)
"""A bullet, "1." or "a)": a letter item is lower case, so "J. Smith" opens no list."""
_DASH_END = re.compile(r"(?:\s--?|[\u2014\u2013])$")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]\.){2,}$|\b(?i:mr|mrs|ms|dr|gen|col|lt|sgt|capt|gov|sen|rep|st|prof|rev)\.$"
)
_WORD_HYPHEN = re.compile(r"[^\W\d_]-$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line.lstrip()))


def _short_item(line: str, width: int) -> bool:
    """A list entry that ends on its own line: short by nature, no sign of a wrap."""
    return _is_item(line) and len(line) < _NEAR * width


def _first_word(line: str) -> str:
    words = line.split(None, 1)
    return words[0] if words else ""


def _width(lengths: list[int]) -> int:
    """The wrap width: the 95th percentile of line lengths (a stray long line, a URL or a
    table row, should not widen it; a width a little too narrow only joins more)."""
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _overflow(line: str, after: str) -> int:
    """The length the line would have had with the next line's first word on it."""
    return len(line) + 1 + len(_first_word(after))


def _limit(blocks: list[list[str]], width: int, no_case: bool) -> int:
    """The longest line a break may leave room to: a break whose next word would have
    fitted within it was made on purpose. Wrappers differ (indentation counted or not, a
    margin kept), so the limit is read from the breaks that surely are wraps (mid-sentence,
    the next line going on in lower case), within 1/12 of the width."""
    sure = sorted(
        _overflow(line, after)
        for number, block in enumerate(blocks)
        for index, (line, after) in enumerate(itertools.pairwise(block))
        if number + index > 0
        and not _is_item(after)
        and not _SENTENCE_END.search(line)
        and not line.endswith((",", ";"))
        and (no_case or after.lstrip()[:1].islower())
    )
    floor = width - max(2, width // _SLACK)
    if len(sure) < _SURE_MIN:
        return floor
    return max(floor, min(width, sure[len(sure) // 10] - 1))


def _fits(line: str, after: str, limit: int) -> bool:
    """Whether the next line's first word would have fitted on this line."""
    return _overflow(line, after) <= limit


def _no_case(text: str) -> bool:
    """All in capitals: case tells a headline from a continued sentence no more."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.islower() for c in letters) < _LOWER_SHARE * len(letters)


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines (right-stripped), split at blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def is_hard_wrapped(text: str) -> bool:
    """Most non-blank lines end near one width and most line breaks inside paragraphs
    fall where the next word would not have fitted, many of them mid-sentence."""
    blocks = _blocks(text)
    lengths = [len(line) for block in blocks for line in block]
    if len(lengths) < _MIN_LINES:
        return False
    width = _width(lengths)
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return False
    limit = _limit(blocks, width, _no_case(text))
    # Lines inside a paragraph fill the width; its last line, a short list item and the
    # first line of the text (a headline, a cut dateline) say nothing about the wrap.
    inner: list[int] = []
    breaks = wraps = run_on = 0
    for number, block in enumerate(blocks):
        base = min(_indent(line) for line in block)
        for index, (line, after) in enumerate(itertools.pairwise(block)):
            ends = _is_item(after) or _opens_paragraph(line, after, base)
            if number == index == 0 or ends or _short_item(line, width):
                continue
            inner.append(len(line))
            breaks += 1
            if not _fits(line, after, limit) or _WORD_HYPHEN.search(line):
                wraps += 1
                run_on += not _SENTENCE_END.search(line)
    if sum(length >= _NEAR * width for length in inner) < _NEAR_SHARE * len(inner):
        return False
    return wraps >= 1 and wraps >= _WRAP_SHARE * breaks and run_on >= _RUN_ON_SHARE * wraps


def _opens_paragraph(line: str, after: str, base: int) -> bool:
    """The next line is indented past the block's margin: a new paragraph (not the
    hanging continuation of a list item)."""
    return _indent(after) > base and not _is_item(line)


def _joins(line: str, after: str, limit: int, no_case: bool, base: int) -> bool:
    """Whether the break between two lines of one block is a wrap (True) or a boundary."""
    if _BARE_MARKER.fullmatch(line.strip()):
        return True  # "4." alone on its line: the item's text follows
    if _is_item(after) or _opens_paragraph(line, after, base):
        return False
    if not _fits(line, after, limit):
        return True
    # The next word would have fitted: the line was ended on purpose, unless it visibly
    # runs on (a comma, a dash after a dateline, a lower-case continuation, an
    # abbreviation such as "U.S." that ends no sentence).
    stripped = line.strip()
    letter = next((c for c in _first_word(after) if c.isalpha()), "")
    runs_on = no_case or not letter or letter.islower()
    if _SENTENCE_END.search(stripped):
        return runs_on and bool(_ABBREVIATION.search(stripped))
    return runs_on or stripped.endswith(",") or bool(_DASH_END.search(stripped))


def _join(left: str, right: str) -> str:
    if _WORD_HYPHEN.search(left) and right[:1].islower():
        return left + right
    return f"{left} {right}"


def reflow(text: str) -> str:
    """Hard-wrapped text with each paragraph on one line and paragraphs split by a blank
    line; any other text unchanged. Words and their order are kept."""
    if not is_hard_wrapped(text):
        return text
    blocks = _blocks(text)
    width = _width([len(line) for block in blocks for line in block])
    no_case = _no_case(text)
    limit = _limit(blocks, width, no_case)
    paragraphs: list[str] = []
    for block in blocks:
        base = min(_indent(line) for line in block)
        current = block[0].strip()
        for line, after in itertools.pairwise(block):
            if _joins(line, after, limit, no_case, base):
                current = _join(current, after.strip())
            else:
                paragraphs.append(current)
                current = after.strip()
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
