"""Rules for names no vocabulary lists in full: drug code names and stereo-prefixed names.

Code names ("CERC-301", "AZD6765", "GLYX-13", "MK-0657", "AV-101"): a generic LETTERS[-]DIGITS regex.
The same shape names genes, viruses, trial phases and receptor subtypes ("IL-6", "COVID-19",
"Phase-2", "CYP3A4", "GluN2B", "5-HT2A"), so a candidate becomes a DRUG only when it links to a DRUG
concept of the knowledge base by its exact normalized key ("AZD 6765" == "AZD6765"; no fuzzy link),
or when drug-like words surround it ("the compound XYZ-1234 was administered"): then it gets a
concept minted from its name (`pipeline.kb.pattern_concept_id`, e.g. "PATTERN:DRUG:xyz-1234"), as
investigational compounds are mostly known by code names no vocabulary lists yet. Two more kinds of
evidence: apposition to a drug entity ("FK506 (tacrolimus)", "tacrolimus (FK506)") links the code name
to that drug's concept, and coordination with a drug entity ("CsA, FK506 and SRL") marks it a drug.
The evidence is document-wide (one sense per discourse): once one occurrence of a code name is a drug,
every occurrence of the same name in the document is. Candidates with no evidence anywhere in the
document are kept in `doc.spans["unlinked"]` for review, never in `doc.ents`.

Stereo-prefixed names ("(2R,6R)-HNK", "(S)-ketamine", "(R,S)-ketamine", "R-ketamine"): the prefix is
joined to the entity (or linkable word) right after it; the span links to the KB concept of the
stereo form when the KB has one ("(2R,6R)-hydroxynorketamine"), else to the base concept.
Runs after the abbreviation component, so "(2R,6R)-HNK" can use the document's definition of HNK.
Sets `doc.ents` (`Span._.ner_source == "pattern"`) and `doc.spans["unlinked"]`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.components.kb_index import Entry, KBIndex
from pipeline.components.keys import fold_key
from pipeline.components.spans import KBComponent, commit
from pipeline.components.tokens import doc_text
from pipeline.kb import pattern_concept_id
from pipeline.schema import DRUG

# A code name may carry a stereo prefix ("(+)-MK-801") and a relation suffix ("MK-801-induced"), but
# is no part of a longer hyphenated name ("anti-AB-12", "AB-12-34").
# (The boundary test sits after the first capital, inside the lookbehinds: a pattern that starts with a
# character class lets the regex engine skip to candidates instead of testing every character. The same
# for STEREO below.)
CODE_NAME = re.compile(
    r"([A-Z](?:(?<=\)-[A-Z])|(?<![\w-][A-Z]))[A-Z]{1,5})(?:[- ]?)(\d{2,6}[A-Z]?)(?!\w|-\w*\d)"
)
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
STEREO = re.compile(
    r"(\((?<![\w)]\()(?:\d*[RS]|[RS],[RS]|\d*[RS],\s?\d*[RS]|[±+−-])\)|[RS](?<![\w)][RS])(?<![\w-][RS]))-(?=\w)"
)
CONTEXT_WINDOW = 60  # characters either side searched for drug-like words
NUMBER_TAIL = re.compile(r"[\d,]*")
# Tokens that may stand between two members of a list of drugs ("CsA, FK506 and SRL", "FK506 plus SRL").
LIST_TOKENS = frozenset({",", "and", "or", "plus", "/", "+", "vs", "vs.", "versus", "nor"})
MAX_LIST_GAP = 2  # at most this many list tokens between the code name and its neighbour


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


class PatternMatcher(KBComponent):
    """Adds code-name and stereo-name entities; see the module docstring."""

    def __init__(self, name: str = "pharma_patterns") -> None:
        super().__init__(name)

    def __call__(self, doc: Doc) -> Doc:
        self.require_index()
        ents = list(doc.ents)
        new: list[Span] = []
        unlinked: list[Span] = []
        taken = {i for e in ents for i in range(e.start, e.end)}
        text = doc_text(doc)  # Doc.text re-joins every token on each access
        candidates: list[tuple[Span, str]] = []
        # Per name (folded key): (rank, concept) of the best evidence seen in the document; lower wins.
        evidence: dict[str, tuple[int, str]] = {}
        by_end = {e.end: e for e in ents}
        by_start_ent = {e.start: e for e in ents}
        for start, end in code_name_candidates(text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            if not NUMBER_TAIL.fullmatch(text[end:span.end_char]) or span.start_char != start:
                # The code name is glued to other text in one token ("301).1.However" in PDF text):
                # the token is no name, and no evidence can make it one. A number going on is part of
                # it ("RP 67,580").
                unlinked.append(Span(doc, span.start, span.end, label=DRUG))
                continue
            key = fold_key(span.text)
            candidates.append((span, key))
            found = self._evidence(doc, span, text, by_end, by_start_ent)
            if found is not None and (key not in evidence or found[0] < evidence[key][0]):
                evidence[key] = found
        for span, key in candidates:
            if key in evidence:
                new.append(Span(doc, span.start, span.end, label=DRUG, kb_id=evidence[key][1]))
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
            commit(doc, new + ents, new, "pattern")
        doc.spans["unlinked"] = unlinked
        return doc

    def _evidence(self, doc: Doc, span: Span, text: str, by_end: dict[int, Span],
                  by_start: dict[int, Span]) -> tuple[int, str] | None:
        """(rank, concept id) when this occurrence shows the code name is a drug, else None.

        Ranks: 0 its own KB concept, 1 the concept of a drug in apposition, 2 a minted concept from
        coordination with a drug or from drug-like words nearby.
        """
        # Exact key only: it already folds "AZD 6765"/"AZD-6765"/"AZD6765"; a fuzzy link between
        # code names is meaningless ("MK-0657" vs "MK-0677" are different drugs).
        entry = self.index.exact(span.text)
        if entry is not None and entry.label == DRUG:
            return 0, entry.concept_id
        appositive = _apposition(doc, span, by_end, by_start)
        if appositive is not None:
            return 1, appositive.kb_id_
        if _coordinated(doc, span, by_end, by_start) or has_drug_context(
                text, span.start_char, span.end_char):
            return 2, pattern_concept_id(DRUG, span.text)
        return None

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


def _apposition(doc: Doc, span: Span, by_end: dict[int, Span], by_start: dict[int, Span]) -> Span | None:
    """The DRUG entity the code name stands in apposition to: "X (CODE)" or "CODE (X)"."""
    n = len(doc)
    if span.end + 1 < n and doc[span.end].text == "(":
        ent = by_start.get(span.end + 1)
        if ent is not None and ent.label_ == DRUG and ent.end < n and doc[ent.end].text == ")":
            return ent
    if span.start >= 2 and doc[span.start - 1].text == "(" and span.end < n and doc[span.end].text == ")":
        ent = by_end.get(span.start - 1)
        if ent is not None and ent.label_ == DRUG:
            return ent
    return None


def _coordinated(doc: Doc, span: Span, by_end: dict[int, Span], by_start: dict[int, Span]) -> bool:
    """True when a DRUG entity is the code name's neighbour in a list ("CsA, FK506 and SRL")."""
    for gap in range(1, MAX_LIST_GAP + 1):
        before = span.start - gap
        if before < 1 or doc[before].text.lower() not in LIST_TOKENS:
            break
        ent = by_end.get(before)
        if ent is not None and ent.label_ == DRUG:
            return True
    for gap in range(1, MAX_LIST_GAP + 1):
        after = span.end + gap - 1
        if after >= len(doc) - 1 or doc[after].text.lower() not in LIST_TOKENS:
            break
        ent = by_start.get(after + 1)
        if ent is not None and ent.label_ == DRUG:
            return True
    return False
