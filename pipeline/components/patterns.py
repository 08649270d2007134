"""Rules for names no vocabulary lists in full: drug code names and stereo-prefixed names.

Code names ("CERC-301", "AZD6765", "GLYX-13", "MK-0657", "AV-101"): a generic LETTERS[-]DIGITS regex.
The same shape names genes, viruses, trial phases and receptor subtypes ("IL-6", "COVID-19",
"Phase-2", "CYP3A4", "GluN2B", "5-HT2A"), so a candidate becomes a DRUG only when it links to a DRUG
concept of the knowledge base by its exact normalized key ("AZD 6765" == "AZD6765"; no fuzzy link),
or when drug-like words surround it ("the compound XYZ-1234 was administered"): then it gets a
concept minted from its name (`pipeline.kb.pattern_concept_id`, e.g. "PATTERN:DRUG:xyz-1234"), as
investigational compounds are mostly known by code names no vocabulary lists yet. Candidates with
neither are kept in `doc.spans["unlinked"]` for review, never in `doc.ents`.

Stereo-prefixed names ("(2R,6R)-HNK", "(S)-ketamine", "(R,S)-ketamine", "R-ketamine"): the prefix is
joined to the entity (or linkable word) right after it; the span links to the KB concept of the
stereo form when the KB has one ("(2R,6R)-hydroxynorketamine"), else to the base concept.
Runs after the abbreviation component, so "(2R,6R)-HNK" can use the document's definition of HNK.
Sets `doc.ents` (`Span._.ner_source == "pattern"`) and `doc.spans["unlinked"]`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.kb_index import Entry, KBIndex
from pipeline.components.lexicon import ensure_extensions
from pipeline.kb import pattern_concept_id
from pipeline.schema import DRUG

CODE_NAME = re.compile(r"(?<![\w-])([A-Z]{2,6})(?:[- ]?)(\d{2,6}[A-Z]?)(?![\w-])")
# Prefixes of the code-name shape that name something other than a drug.
NOT_DRUG_PREFIXES = frozenset(
    "COVID SARS HIV IL CYP HT GLUN GLUA PHASE HLA CD TNF TLR MIR ICD DSM ISBN BDI HAMD MADRS HDRS PMID"
    " NCT DOI ORCID TGF IGF NR CA QT PHQ GAD YMRS CGI SF QIDS"
    # dose/potency read-outs, cell lines, protein families and words that precede numbers
    " ED LD EC IC TD ID HEK ADAM MMP AT OR PR PN GD MED STAGE GRADE TYPE DAY WEEK".split()
)
DRUG_CONTEXT = re.compile(
    r"\b(drug|compound|agent|antagonist|agonist|modulator|inhibitor|mg|dose[sd]?|dosing|administ\w+|"
    r"treat\w*|trial|phase|placebo|infusion|oral|tablet)\b",
    re.IGNORECASE,
)
STEREO = re.compile(r"(?<![\w)])(\((?:\d*[RS]|[RS],[RS]|\d*[RS],\s?\d*[RS]|[±+−-])\)|(?<![\w-])[RS])-(?=\w)")
CONTEXT_WINDOW = 60  # characters either side searched for drug-like words


def code_name_candidates(text: str) -> list[tuple[int, int]]:
    """Character spans shaped like a drug code name, minus known non-drug prefixes."""
    return [m.span() for m in CODE_NAME.finditer(text) if m.group(1).upper() not in NOT_DRUG_PREFIXES]


def has_drug_context(text: str, start: int, end: int) -> bool:
    return bool(DRUG_CONTEXT.search(text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW]))


def stereo_entry(prefix: str, base: Entry, base_text: str, index: KBIndex) -> Entry:
    """The stereo form's own concept when the KB has it, else the base concept."""
    for name in (base_text, index.canonical_name(base.concept_id)):
        entry = index.exact(prefix + "-" + name)
        if entry is not None:
            return entry
    return base


class PatternMatcher:
    """Adds code-name and stereo-name entities; see the module docstring."""

    def __init__(self, name: str = "pharma_patterns") -> None:
        self.name = name
        self.index: KBIndex | None = None
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, index: KBIndex | None = None) -> None:
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None:
            raise ValueError(
                f"Component '{self.name}' has no knowledge base index. Build the pipeline with "
                "pipeline.nlp.build_nlp(), which calls initialize(index=KBIndex(kb)) on it."
            )
        ents = list(doc.ents)
        new: list[Span] = []
        unlinked: list[Span] = []
        taken = {i for e in ents for i in range(e.start, e.end)}
        text = doc.text  # Doc.text re-joins every token on each access: read it once.
        for start, end in code_name_candidates(text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            # Exact key only: it already folds "AZD 6765"/"AZD-6765"/"AZD6765"; a fuzzy link between
            # code names is meaningless ("MK-0657" vs "MK-0677" are different drugs).
            entry = self.index.exact(span.text)
            if entry is not None and entry.label == DRUG:
                new.append(Span(doc, span.start, span.end, label=DRUG, kb_id=entry.concept_id))
            elif has_drug_context(text, start, end):
                new.append(Span(doc, span.start, span.end, label=DRUG,
                                kb_id=pattern_concept_id(DRUG, span.text)))
            else:
                unlinked.append(Span(doc, span.start, span.end, label=DRUG))
        by_start = {e.start: e for e in ents}
        for match in STEREO.finditer(text):
            prefix_span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if prefix_span is None or prefix_span.start in taken:
                continue
            new_span = self._stereo(doc, match.group(1), prefix_span, by_start)
            if new_span is not None:
                new.append(new_span)
        if new:
            covered = {(s.start, s.end) for s in new}
            merged = filter_spans(new + ents)
            for span in merged:
                if (span.start, span.end) in covered:
                    span._.ner_source = "pattern"
            doc.set_ents(merged, default="outside")
        doc.spans["unlinked"] = unlinked
        return doc

    def _stereo(self, doc: Doc, prefix: str, prefix_span: Span, by_start: dict[int, Span]) -> Span | None:
        base_start = prefix_span.end
        if base_start >= len(doc):
            return None
        base = by_start.get(base_start)
        if base is not None:
            # The entity already carries the document's reading (e.g. HNK defined as an abbreviation).
            base_entry, end = Entry(base.kb_id_, base.label_, False, "doc"), base.end
        else:
            word = doc[base_start]
            found = self.index.exact(word.text)
            if found is None:
                return None
            base_entry, end = found, base_start + 1
        entry = stereo_entry(prefix, base_entry, doc[base_start:end].text, self.index)
        if entry.label != DRUG and base_entry.label != DRUG:
            return None
        return Span(doc, prefix_span.start, end, label=entry.label, kb_id=entry.concept_id)
