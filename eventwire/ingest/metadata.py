"""What an HTML page declares about itself: <meta> tags, JSON-LD, <time>, <html lang>.

Only declarations are read, never guesses from the text: a report's date is only as good as
its source.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y%m%d")
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|webpage", re.IGNORECASE)
_LANG = re.compile(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})*$", re.IGNORECASE)


@dataclass(slots=True)
class PageMeta:
    """The page's declarations: <meta> values by lower-cased name and JSON-LD objects."""

    values: dict[str, str]
    ld: list[dict[str, Any]]
    tree: HtmlElement

    @classmethod
    def read(cls, tree: HtmlElement) -> PageMeta:
        values: dict[str, str] = {}
        for node in tree.iter("meta"):
            name = node.get("property") or node.get("name") or node.get("itemprop")
            name = name or node.get("http-equiv")
            content = node.get("content")
            if name and content and content.strip():
                values.setdefault(name.strip().lower(), " ".join(content.split()))
        ld: list[dict[str, Any]] = []
        for script in tree.xpath('//script[@type="application/ld+json"]'):
            ld.extend(_ld_objects(script.text or ""))
        return cls(values, ld, tree)

    def first(self, *names: str) -> str | None:
        for name in names:
            value = self.values.get(name)
            if value:
                return value
        return None

    def ld_value(self, key: str) -> Any:
        articles = [o for o in self.ld if _ARTICLE_TYPES.search(str(o.get("@type", "")))]
        for obj in articles + self.ld:
            if obj.get(key):
                return obj[key]
        return None

    def ld_str(self, key: str) -> str | None:
        value = self.ld_value(key)
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

    def author(self) -> str | None:
        names: list[str] = []
        value = self.ld_value("author")
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip():
                names.append(name)
        if not names:
            meta = self.first(
                "author", "article:author", "dc.creator", "parsely-author", "sailthru.author"
            )
            if meta:
                names.append(meta)
        if not names:
            for node in self.tree.xpath('//*[@itemprop="author"] | //a[@rel="author"]'):
                text = " ".join(node.itertext()).strip()
                if text:
                    names.append(text)
                    break
        cleaned = [
            re.sub(r"^(by|por|par|von)\s+", "", " ".join(n.split()), flags=re.IGNORECASE)
            for n in names
            if not n.strip().lower().startswith(("http://", "https://", "www."))
        ]
        unique = list(dict.fromkeys(n for n in cleaned if 0 < len(n) <= 120))
        return "; ".join(unique) or None

    def published(self) -> str | None:
        declared = self.first(
            "article:published_time",
            "datepublished",
            "og:article:published_time",
            "publishdate",
            "publish-date",
            "pubdate",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.issued",
            "dc.date",
            "dcterms.date",
            "date",
        )
        for value in (declared, self.ld_str("datePublished"), self.ld_str("dateCreated")):
            iso = iso_date(value)
            if iso:
                return iso
        for node in self.tree.xpath(
            '//time[@itemprop="datePublished" or @pubdate][@datetime]'
            ' | //*[@itemprop="datePublished"][@content]'
        ):
            iso = iso_date(node.get("datetime") or node.get("content"))
            if iso:
                return iso
        return None

    def sitename(self) -> str | None:
        value = self.first("og:site_name", "application-name")
        if value:
            return value
        publisher = self.ld_value("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return " ".join(publisher["name"].split()) or None
        return None

    def url(self) -> str | None:
        for node in self.tree.xpath('//link[@rel="canonical"][@href]'):
            href = str(node.get("href", "")).strip()
            if href.startswith(("http://", "https://")):
                return href
        value = self.first("og:url")
        return value if value and value.startswith(("http://", "https://")) else None

    def language(self) -> str | None:
        declared = self.tree.get("lang") or self.tree.get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        for value in (
            declared,
            self.first("content-language", "language", "dc.language", "og:locale"),
            self.ld_str("inLanguage"),
        ):
            if value:
                code = value.split(",")[0].strip().replace("_", "-").lower()
                if _LANG.match(code):
                    return code
        return None


def _ld_objects(raw: str) -> list[dict[str, Any]]:
    """JSON-LD objects of a script, @graph flattened; a script that is not JSON is none."""
    try:
        data = json.loads(raw.strip().removeprefix("<!--").removesuffix("-->").strip())
    except ValueError:
        return []
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@graph" in item:
                stack.append(item["@graph"])
            out.append(item)
    return out


def iso_date(value: str | None) -> str | None:
    """A declared date as ISO (YYYY-MM-DD, or a datetime when the value has a time), or
    None when it is not a date: ISO 8601, RFC 2822 ("Tue, 05 Nov 2019 10:00:00 GMT") and
    "November 5, 2019" / "5 November 2019" forms are read; nothing is guessed."""
    if not value:
        return None
    value = value.strip()
    if _ISO.match(value):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if not 1900 <= parsed.year <= 2100:
            return None
        has_time = len(value) > 10
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
