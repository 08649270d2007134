"""Build the spaCy NER pipeline: tokenizer, sentences, KB matching, abbreviations, patterns, model.

    nlp = get_nlp()                       # cached per process
    for doc in nlp.pipe(texts): doc.ents  # label_ in schema.LABELS, kb_id_ = concept id,
                                          # ent._.ner_source in {"lexicon","pattern","abbreviation","model"}

Order and why: sentences first (no parser); the lexicon lays down KB matches; morphology rules add
names no vocabulary lists (drug stems, systematic names, organ toxicity) where the lexicon found
nothing, before abbreviations so their short forms inherit them; abbreviations then
re-label short forms by the document's own definitions; patterns add code names and stereo names
(after abbreviations, so "(2R,6R)-HNK" can use HNK's definition); an optional statistical model fills
gaps last (KB-derived spans win every overlap).

Tokenizer: scispacy's `combined_rule_tokenizer`, plus one infix rule splitting hyphens, en dashes and
slashes between word characters. scispacy keeps "ketamine-treated", "dextromethorphan-bupropion" and
"AXS-05/Auvelity" whole, and an entity must be whole tokens; after the split "ketamine" is a token,
while KB keys ignore separators so "dextromethorphan-bupropion" still matches as one span. It runs
behind `pipeline.tokenizer.SpanCachedTokenizer`, a span cache that keeps working inside memory zones.
"""

from __future__ import annotations

import functools
import gc
import re
import warnings
from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

import pipeline.factories  # noqa: F401  (registers the factories when no entry point is installed)
from pipeline.components.kb_index import KBIndex
from pipeline.tokenizer import SpanCachedTokenizer

if TYPE_CHECKING:
    from pipeline.kb import KnowledgeBase

KB_COMPONENTS = (
    "pharma_kb_lexicon", "pharma_morphology", "pharma_abbreviations", "pharma_patterns", "pharma_targets",
)
_SPLIT_INFIX = r"(?<=[A-Za-z0-9α-ωΑ-Ω\)\]])[-‐‑–/](?=[A-Za-z0-9α-ωΑ-Ω\(\[])"


def make_tokenizer(nlp: Language) -> Tokenizer:
    """scispacy's tokenizer with the hyphen/slash infix split described in the module docstring."""
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    with warnings.catch_warnings():
        # scispacy's own suffix regex has a literal "[[" that Python 3.11 flags as a possible future
        # set operation; it compiles and matches as scispacy intends. Ours are not silenced.
        warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
        tokenizer = combined_rule_tokenizer(nlp)
    pattern = tokenizer.infix_finditer.__self__.pattern
    tokenizer.infix_finditer = re.compile(f"{pattern}|{_SPLIT_INFIX}").finditer
    return tokenizer


def build_nlp(*, kb: KnowledgeBase | Any | None = None, model: str | None = None,
              label_map: dict[str, str] | None = None) -> Language:
    """A fresh pipeline over `kb` (default: `pipeline.kb.load_kb()`), optionally merging `model`'s ents."""
    if kb is None:
        from pipeline.kb import load_kb

        kb = load_kb()
    nlp = spacy.blank("en")
    nlp.tokenizer = SpanCachedTokenizer(make_tokenizer(nlp))
    nlp.add_pipe("pharma_sentencizer")
    for name in KB_COMPONENTS:
        nlp.add_pipe(name)
    names = list(KB_COMPONENTS)
    if model:
        config: dict[str, Any] = {"model": str(model)}
        if label_map is not None:
            config["label_map"] = label_map
        nlp.add_pipe("pharma_model_ents", config=config)
        names.append("pharma_model_ents")
    index = KBIndex(kb)
    for name in names:
        nlp.get_pipe(name).initialize(nlp=nlp, index=index)
    nlp.meta["kb_version"] = index.version
    return nlp


def get_nlp(model: str | None = None) -> Language:
    """The pipeline over the default knowledge base, built once per process and reused.

    ``get_nlp()`` and ``get_nlp(None)`` are the same pipeline (a bare ``functools.cache`` keyed them
    apart and built a second copy, +19 MB and its own vocabulary, in any process that called both).
    """
    return _cached_nlp(str(model) if model else None)


@functools.cache
def _cached_nlp(model: str | None) -> Language:
    nlp = build_nlp(model=model)
    # The pipeline and its knowledge base live as long as the process and are most of its objects
    # (~580k that the cyclic garbage collector tracks), and every full collection walks them all:
    # 0.24 s of CPU in a run over 1,000 BC5CDR abstracts, ~10% of NER + annotation. gc.freeze() moves
    # every object alive now into a permanent generation the collector no longer scans. Reference
    # counting still frees them as usual; only a reference cycle among them would never be collected.
    gc.freeze()
    return nlp
