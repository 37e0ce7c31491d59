"""HTML pages: the article body, without page furniture, and what the page says about itself.

`extract_html` parses the page once. trafilatura finds the main content in precision mode
(comments off: reader comments are not the report); when that comes out suspiciously
short, its balanced mode runs too and wins if it finds far more. The content tree is then
written out as plain text here, block by block, so general signals can drop what
trafilatura kept: link-dense blocks (related-story lists), "Related:/Read more:" teasers,
figure captions, and furniture at the edges (a repeated headline, a dateline or reading
time on top; tags, copyright, newsletter and follow-us lines, contributor credits, comment
counters at the end). Lists become one item per line and tables one row per line with
tab-separated cells, so no markdown markers reach the body. Metadata (title, author,
date, site, language) is read from the page's own declarations (<meta>, JSON-LD,
<time>, <html lang>) and never guessed from the text: a report's date is only as good
as its source.

Measured on the dev set (../shared/eval/extraction/aeb, 181 pages, 126 sites; mean token
P/R/F1 as defined in `eventwire.evaluate.extraction`; this 2-core machine), each step kept
because it helped:
  trafilatura default                              P .928  R .982  F1 .944   63 pages/s
  trafilatura favor_precision                      P .947  R .974  F1 .953   63 pages/s
  precision, comments off                          P .957  R .974  F1 .961
  + own block writer (links kept, no md markers)   P .963  R .972  F1 .963
  + balanced fallback for short precise output     P .966  R .977  F1 .967
  + furniture filters = this module                P .982  R .974  F1 .974   58 pages/s
Each filter group removed alone costs: link-dense/teaser blocks .0023 F1, leading
furniture .0021, trailing furniture .0018, the copyright cut .0003.
Tried and dropped: a rule for short labels left over a dropped list ("Don't miss": no
gain); stripping forms, iframes and buttons before extraction (F1 .963: some sites wrap
the whole page in a form); tables off (.952: recall falls more than precision rises);
trafilatura's fast mode (.942, though twice as fast); trafilatura's own metadata (7 ms a
page, mostly for fields we do not use). Asking trafilatura for links (to measure link
density) costs one dev page most of its text and gains on others: even before filters.
Reproduce: `eventwire evaluate extraction --data ../shared/eval/extraction/aeb`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from eventwire.errors import InputError
from eventwire.ingest.metadata import PageMeta

__all__ = ["HtmlExtract", "extract_html"]


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What one HTML page yields: the body as plain text and the page's own metadata."""

    text: str
    """The article body: paragraphs separated by a blank line, no page furniture."""
    title: str | None = None
    author: str | None = None
    published: str | None = None
    """ISO date (YYYY-MM-DD) or datetime, only when the page's metadata states it."""
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    """The language the page declares (`<html lang>`, Content-Language), lower case."""
    captions: list[str] = field(default_factory=list)
    """Figure captions, kept apart from the body."""


def extract_html(html: str, url: str | None = None, *, where: str | None = None) -> HtmlExtract:
    """Extract the body and metadata of one page; InputError when it has no article text.

    `where` names the input in error messages (a file path); the url, else "<html>",
    stands in for it.
    """
    place = where or url or "<html>"
    if not html or not html.strip():
        raise InputError(place, "empty page: no HTML to read")
    tree = _parse(html)
    if tree is None:
        raise InputError(place, "not an HTML page: no document tree could be parsed from it")
    # the page's own declarations first: the extraction below strips the head
    meta = PageMeta.read(tree)
    described = HtmlExtract(
        text="",
        title=_title(tree, meta),
        author=meta.author(),
        published=meta.published(),
        sitename=meta.sitename(),
        url=url or meta.url(),
        language=meta.language(),
        captions=_captions(tree),
    )
    _drop_code(tree)
    body = _main_content(tree, url)
    blocks = _blocks(body) if body is not None else []
    text = _write(_clean(blocks, described.title, described.captions))
    if not text:
        raise InputError(place, "no article text found in the page (only navigation or markup)")
    return dataclasses.replace(described, text=text)


# -- main content ---------------------------------------------------------------------------

_SHORT = 1000
"""Characters below which the precise extraction may have missed the article."""
_FALLBACK_GAIN = 3.0
"""How many times longer the balanced extraction must be to replace a short precise one."""


def _parse(html: str) -> HtmlElement | None:
    try:
        return trafilatura.load_html(html)
    except (ValueError, TypeError, etree.ParserError):
        return None


def _drop_code(tree: HtmlElement) -> None:
    """Remove the <head>, scripts, styles and inline SVG once the metadata (which reads the
    head and JSON-LD) is read: no extractor takes text from them, and a smaller tree makes
    trafilatura's many passes faster (from about 54 to 58 pages/s on the dev set)."""
    etree.strip_elements(tree, "head", "script", "style", "svg", with_tail=False)


def _run(tree: HtmlElement, url: str | None, precision: bool) -> etree._Element | None:
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            include_comments=False,
            include_links=True,
            include_tables=True,
        )
    except Exception:  # a page trafilatura chokes on has no body; it must not crash a batch
        return None
    if doc is None or isinstance(doc, dict):
        return None
    body: etree._Element | None = doc.body
    return body


def _main_content(tree: HtmlElement, url: str | None) -> etree._Element | None:
    """Precision first. When the precise body is short while the page's paragraphs hold
    several times more text, balanced mode runs too and wins if it finds several times
    more (precision mode sometimes keeps a notice and loses the article)."""
    precise = _run(tree, url, precision=True)
    size = _size(precise)
    if size >= _SHORT:
        return precise
    paragraphs = sum(len(p.text_content()) for p in tree.iter("p"))
    if precise is not None and paragraphs <= _FALLBACK_GAIN * max(size, 1):
        return precise
    balanced = _run(tree, url, precision=False)
    if _size(balanced) > _FALLBACK_GAIN * max(size, 1):
        return balanced
    return precise if precise is not None else balanced


def _size(body: etree._Element | None) -> int:
    return 0 if body is None else sum(len(t.strip()) for t in body.itertext())


# -- blocks -----------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "head", "quote", "code", "item", "row", "div", "list", "table"}
_CHARS_PER_WORD = 6
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u3002", "\uff01", "\uff1f", ":", ")")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_NEWLINES = re.compile(r" *\n *")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
"""Zero-width characters and soft hyphens: invisible on the page, noise in the text."""


@dataclass(slots=True)
class _Block:
    """One paragraph, heading, list item or table row of the content tree."""

    text: str
    kind: str
    group: int
    """Items of one list or rows of one table share a group and are written together."""
    link_chars: int = 0

    @property
    def link_share(self) -> float:
        chars = len("".join(self.text.split()))
        return self.link_chars / chars if chars else 0.0

    @property
    def words(self) -> int:
        """Words, or for scripts written without spaces, characters over six."""
        return max(len(self.text.split()), len(self.text) // _CHARS_PER_WORD)


def _blocks(body: etree._Element) -> list[_Block]:
    counter = iter(range(1_000_000))
    return [b for b in _container(body, next(counter), counter) if b.text]


def _has_blocks(el: etree._Element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in el)


def _container(
    el: etree._Element, group: int, counter: Iterator[int], kind: str = "p"
) -> list[_Block]:
    """An element holding blocks: each block on its own, loose text between them as
    paragraphs of their own."""
    out: list[_Block] = []
    parts: list[str] = []
    links = 0

    def flush() -> None:
        nonlocal links
        text = _norm("".join(parts))
        if text:
            out.append(_Block(text, kind, group, links))
        parts.clear()
        links = 0

    if el.text:
        parts.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _BLOCK_TAGS:
            flush()
            out.extend(_split(child, next(counter), counter))
        elif child.tag == "lb":
            parts.append("\n")
        else:
            text, n = _inline(child)
            parts.append(text)
            links += n
        if child.tail:
            parts.append(child.tail)
    flush()
    return out


def _split(el: etree._Element, group: int, counter: Iterator[int]) -> list[_Block]:
    """An element as blocks: lists into items, tables into rows, containers into their
    blocks, the rest as one block."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        out: list[_Block] = []
        for item in el:
            if item.tag == "item":
                out.extend(_split(item, group, counter))
        return out
    if tag == "table":
        out = []
        for row in el:
            if row.tag != "row":
                continue
            cells = [c for c in row if isinstance(c.tag, str)]
            if any(_has_blocks(c) for c in cells):  # a layout table: cells hold paragraphs
                for cell in cells:
                    out.extend(_container(cell, next(counter), counter))
            else:
                out.append(_row(cells, group))
        return out
    if tag == "item" and _has_blocks(el):
        return _container(el, group, counter, kind="item")
    if tag not in ("p", "head", "item", "quote", "code") or _has_blocks(el):
        return _container(el, group, counter)
    text, links = _inline(el)
    return [_Block(text, tag, group, links)]


def _row(cells: list[etree._Element], group: int) -> _Block:
    texts, links = [], 0
    for cell in cells:
        text, n = _inline(cell)
        links += n
        if text:
            texts.append(text.replace("\n", " "))
    return _Block("\t".join(texts), "row", group, links)


def _inline(el: etree._Element) -> tuple[str, int]:
    """Text of an element with <lb/> as a line break, and how many characters are links."""
    parts: list[str] = []
    links = 0

    def walk(node: etree._Element, in_link: bool) -> None:
        nonlocal links
        if node.text:
            parts.append(node.text)
            if in_link:
                links += len("".join(node.text.split()))
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "lb":
                    parts.append("\n")
                else:
                    walk(child, in_link or child.tag == "ref")
            if child.tail:
                parts.append(child.tail)
                if in_link:
                    links += len("".join(child.tail.split()))

    walk(el, el.tag == "ref")
    return _norm("".join(parts)), links


def _norm(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\r", "\n").translate(_INVISIBLE))
    return _NEWLINES.sub("\n", text).strip()


# -- furniture --------------------------------------------------------------------------------

_LINKY_SHARE = 0.6
"""A block this much link text, and short, is navigation (a related story, a tag list)."""
_LINKY_WORDS = 30
_EDGE_WORDS = 60
"""Edge furniture is short; longer blocks are kept whatever they say."""
_COPYRIGHT_REACH = 3
"""How many blocks from the end a copyright line may stand and still close the article."""

# a teaser label opening a block: "Related:", "Read more:", "Also on example.com", ...
_TEASER = re.compile(
    r"""^\W*(
        related(\ (posts?|articles?|stories|story|content|coverage|reading|links?|news|video))?
      | (read|see|watch|listen)\ (more|also|next)
      | also\ (read|see|watch) | also
      | more( \ (on|from|about)\ [^:]{1,40})?
      | more\ stories | further\ reading | recommended(\ for\ you)?
      | you\ (may|might)\ (also\ )?(like|enjoy|be\ interested\ in)
      | don'?t\ miss | most\ (read|popular|viewed|shared)(\ in\ [^:]{1,30})?
      | trending(\ now)? | top\ stories | editor'?s\ picks?
      | leia\ (tamb[eé]m|mais) | veja\ (tamb[eé]m|mais) | lesen\ sie\ (auch|mehr)
      | lire\ aussi | [àa]\ lire\ aussi | lee\ tambi[eé]n | ver\ tambi[eé]n | leggi\ anche
    )\s*(:|\||\.\.\.|…|$)""",
    re.IGNORECASE | re.VERBOSE,
)
# a cross-promotion with a bare domain: "Also on example.com <headline>"
_ALSO_ON = re.compile(r"^also (on|at|from) [\w-]+(\.[\w-]+)+\b", re.IGNORECASE)
_COUNTER = re.compile(
    r"^\W*(\d+\s+)?(comments?|replies|reply|responses?|tags?|share( this( article| story)?)?"
    r"|print( this)?( article| story| page)?|(order )?reprints?|email|advertisement|sponsored"
    r"|loading\.*|show comments|view comments"
    r"|leave a (comment|reply)|post a comment|join the (conversation|discussion))\W*$",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"""^\W*(
        filed\ under | tags?\ ?: | tagged\ (with|as|in)? | categor(y|ies)\ ?: | topics?\ ?:
      | (additional\ )?reporting\ by | editing\ by | writing\ by | compiled\ by
      | source\ ?: | sources\ ?:
      | (last\ )?updated\ (at|on)?\s*\d
      | (click|tap)\ here
      | (like|share)\ this\ (story|article|post)
      | if\ you\ (enjoyed|liked|value)\ this
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# a promotion standing as a paragraph of its own, wherever it is
_PROMO = re.compile(
    r"^\W*(follow [^.]{1,60}? on (facebook|twitter|instagram|youtube|linkedin|tiktok|x)\b"
    r"|subscribe (to|now|today|for)|sign up (for|to|today|now)|(click|tap) here)",
    re.IGNORECASE,
)
# "© Reuters", "(c) 2024 ...", "Copyright Site 2019": the symbol, or the word and a year
_COPYRIGHT = re.compile(
    r"^\W*(©|\(c\)\s*\d{4}|copyright\b[^.]{0,40}?\b(19|20)\d{2}\b)|all rights reserved",
    re.IGNORECASE,
)
# a wire dateline standing alone ("KYIV, Ukraine, March 2, 2024") is the report's, not furniture
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z'\-]{2,}( [A-Z][A-Z'\-]+)*(,| \()")
_TRAILER_ANYWHERE = re.compile(
    r"\b(contributed (reporting|to this (report|story|article))"
    r"|subscribe (to|now|today|for)|sign up (for|to|today|now)"
    r"|(delivered|right|straight) (to|in|into|through) your (inbox|letterbox|door)"
    r"|follow (us|him|her|them|@?\w+) on (twitter|facebook|instagram|x\b)"
    r"|(like|follow) us on)",
    re.IGNORECASE,
)
_CONTACT_ONLY = re.compile(
    r"^(\s*(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|@\w+|[\w-]+\.(com|org|net)/\S*)"
    r"[\s.,;]*)+$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"(\b\d+\s*(min|mins|minutes?|minutos?|minuten)\.?\s*(read|de leitura|de lectura|lesezeit)\b"
    r"|\breading time\b|\btempo de leitura\b|\btiempo de lectura\b|\blesezeit\b"
    r"|\btemps de lecture\b)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(by|por|par|von)\s+[^\W\d_]", re.IGNORECASE)
# a whole date: 05/10/2018, 2018-10-05, or a day number and a year (22 de outubro de 2010)
_FULL_DATE = re.compile(
    r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|([0-2]?\d|3[01])\b.{1,20}?\b(19|20)\d{2})\b"
)
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_POSTED = re.compile(
    r"\b(by|por|par|von|published|posted|updated|publicado|atualizado|publié|veröffentlicht)\b",
    re.IGNORECASE,
)
_NO_WORDS = re.compile(r"^\W*$")


def _clean(blocks: list[_Block], title: str | None, captions: list[str]) -> list[_Block]:
    """Drop teasers, captions and link-dense navigation anywhere, then furniture at the
    two edges of the body."""
    caption_keys = {_key(c) for c in captions if len(c) > 20}
    kept = [b for b in blocks if not _navigation(b)]
    if caption_keys:
        kept = [b for b in kept if _key(b.text) not in caption_keys]
    start = 0
    while start < len(kept) and _leading_furniture(kept[start], title):
        start += 1
    end = len(kept)
    # a copyright line near the end closes the article: what follows it is furniture
    for i in range(max(start, end - _COPYRIGHT_REACH), end):
        if kept[i].words <= _EDGE_WORDS and _COPYRIGHT.search(kept[i].text):
            end = i
            break
    while end > start and _trailing_furniture(kept[end - 1]):
        end -= 1
    return kept[start:end]


def _navigation(block: _Block) -> bool:
    if _TEASER.match(block.text) or _ALSO_ON.match(block.text):
        return block.words <= _LINKY_WORDS
    if _COUNTER.match(block.text) or _NO_WORDS.match(block.text):
        return True
    if _PROMO.match(block.text) and block.words <= _LINKY_WORDS:
        return True
    return (
        block.link_share >= _LINKY_SHARE
        and block.words <= _LINKY_WORDS
        and not block.text.endswith(_SENTENCE_END)
    )


def _leading_furniture(block: _Block, title: str | None) -> bool:
    text = block.text
    if title and _same_title(text, title):
        return True
    if block.words > 14:
        return False
    if _READING_TIME.search(text) or _COUNTER.match(text):
        return True
    if _BYLINE.match(text) and block.words <= 8 and not text.endswith((".", "!", "?")):
        return True
    # a dateline or "posted by" line of its own ("Nov. 20, 2019 11:28 AM", "05/10/2018 - By X")
    if text.endswith((".", "!", "?")) or not _FULL_DATE.search(text):
        return False
    if _WIRE_DATELINE.match(text):
        return False
    return block.words <= 8 or bool(_CLOCK.search(text) or _POSTED.search(text))


def _trailing_furniture(block: _Block) -> bool:
    text = block.text
    if block.words > _EDGE_WORDS:
        return False
    if _COUNTER.match(text) or _TRAILER.match(text) or _CONTACT_ONLY.match(text):
        return True
    if _COPYRIGHT.search(text) or _TRAILER_ANYWHERE.search(text):
        return True
    # a dangling heading or label with nothing under it
    if block.kind == "head":
        return True
    short = block.words <= 3 and block.kind not in ("item", "row")
    return short and not text.endswith(_SENTENCE_END)


def _same_title(text: str, title: str) -> bool:
    a, b = _key(text), _key(title)
    if not a or len(a) > len(b) + 40:  # a paragraph that opens with the headline is kept
        return False
    return a == b or (len(a) > 15 and (b.startswith(a) or a.startswith(b)))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _write(blocks: list[_Block]) -> str:
    """Blocks as text: a blank line between paragraphs, one line per list item or row."""
    paragraphs: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        joined = (
            previous is not None
            and block.kind in ("item", "row")
            and previous.kind == block.kind
            and previous.group == block.group
        )
        if joined:
            paragraphs[-1] += "\n" + block.text
        else:
            paragraphs.append(block.text)
        previous = block
    return "\n\n".join(paragraphs).strip()


# -- captions ---------------------------------------------------------------------------------

_CAPTION_CLASS = re.compile(r"(^|[\s_-])(caption|credit)s?([\s_-]|$)", re.IGNORECASE)
_CAPTION_MAX = 600


def _captions(tree: HtmlElement) -> list[str]:
    """Figure captions: <figcaption>, else elements classed as captions inside <figure>."""
    found: list[str] = []
    nodes = tree.xpath("//figcaption") or tree.xpath("//figure//*[@class]")
    for node in nodes:
        if node.tag != "figcaption" and not _CAPTION_CLASS.search(node.get("class", "")):
            continue
        text = _norm(" ".join(node.itertext())).replace("\n", " ")
        if text and len(text) <= _CAPTION_MAX and text not in found:
            found.append(text)
    return found


# -- metadata ---------------------------------------------------------------------------------

_SITE_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u00b7:•»]+\s+")


def _title(tree: HtmlElement, meta: PageMeta) -> str | None:
    for value in (meta.ld_str("headline"), meta.first("og:title", "twitter:title", "dc.title")):
        if value:
            return _strip_site(value, meta.sitename())
    h1 = tree.xpath("//h1")
    text = _norm(" ".join(h1[0].itertext())) if h1 else ""
    if text:
        return text.replace("\n", " ")
    found = tree.xpath("//head/title")
    plain = _norm(" ".join(found[0].itertext())) if found else ""
    return _strip_site(plain, meta.sitename()) if plain else None


def _strip_site(title: str, site: str | None) -> str:
    """`Headline | Site` -> `Headline`, when a part is the site's name."""
    title = " ".join(title.split())
    parts = _SITE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = _key(site) if site else ""
    if site_key:
        rest = [p for p in parts if _key(p) != site_key and site_key not in _key(p)]
        if rest and len(rest) < len(parts):
            return " - ".join(rest)
    return title
