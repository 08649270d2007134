"""Every spaCy factory of the project, registered in one place.

Importing this module registers the factories; `pyproject.toml` declares each one under the
`spacy_factories` entry-point group so `spacy.load` finds them without an import in user code.
The factories build empty components; the shared knowledge-base index arrives through
`initialize(index=...)` (see `pipeline.nlp.build_nlp`), never through config, because config must stay
serializable and the index is built once per process.
"""

from __future__ import annotations

from spacy.language import Language

from pipeline.components.abbreviations import AbbreviationLinker
from pipeline.components.lexicon import KBLexiconMatcher
from pipeline.components.model_merge import ModelEntityMerger
from pipeline.components.morphology import MorphologyMatcher
from pipeline.components.patterns import PatternMatcher
from pipeline.components.sentences import ScientificSentencizer
from pipeline.components.targets import TargetRecognizer


@Language.factory("pharma_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str) -> ScientificSentencizer:
    return ScientificSentencizer(name=name)


@Language.factory("pharma_kb_lexicon", assigns=["doc.ents", "span._.ner_source"])
def make_kb_lexicon(nlp: Language, name: str) -> KBLexiconMatcher:
    return KBLexiconMatcher(name=name)


@Language.factory("pharma_morphology", requires=["doc.ents"], assigns=["doc.ents", "span._.ner_source"])
def make_morphology(nlp: Language, name: str) -> MorphologyMatcher:
    return MorphologyMatcher(name=name)


@Language.factory(
    "pharma_abbreviations", requires=["doc.ents"], assigns=["doc.ents", "doc._.abbreviations"]
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationLinker:
    return AbbreviationLinker(nlp, name=name)


@Language.factory("pharma_patterns", requires=["doc.ents"], assigns=["doc.ents", "span._.ner_source"])
def make_patterns(nlp: Language, name: str) -> PatternMatcher:
    return PatternMatcher(name=name)


@Language.factory("pharma_targets", requires=["doc.ents"], assigns=["doc.ents", "span._.ner_source"])
def make_targets(nlp: Language, name: str) -> TargetRecognizer:
    return TargetRecognizer(name=name)


@Language.factory("pharma_model_ents", requires=["doc.ents"], assigns=["doc.ents", "span._.ner_source"])
def make_model_ents(
    nlp: Language, name: str, model: str, label_map: dict[str, str] | None = None
) -> ModelEntityMerger:
    return ModelEntityMerger(name=name, model=model, label_map=label_map)
