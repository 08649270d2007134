"""Substrate frames: a drug undergoing a metabolic reaction is a SUBSTRATE of the enzyme carrying it out
("CYP3A4 is responsible for X's N-demethylation", "hydroxylation of X by CYP2D6").

The reaction noun is found by suffix, so it matches even when the NER tagged the nominalization; the
enzyme is the "by" agent or a RECEPTOR before a catalysis word — the role a parser's arcs would give.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.relate import cues
from pipeline.relate.arguments import first_right
from pipeline.relate.negation import clause_start, hedged_in, negated_before
from pipeline.relate.sentence import SUBJECT_WINDOW, Sent, emit, low, skip_alias
from pipeline.schema import DRUG, RECEPTOR


def metabolic_step(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'CYP3A4 is the main enzyme responsible for X's N-demethylation', 'hydroxylation of X by CYP2D6':
    the drug undergoing a metabolic reaction is a SUBSTRATE of the enzyme that carries it out."""
    j = (s.ent_of[i].start if i in s.ent_of else i) - 1
    while j >= s.start and (doc[j].text == "-" or len(doc[j].text) == 1 and doc[j].text.isalpha()):
        j -= 1  # "N-", "O-"
    drug = None
    if j - 1 >= s.start and low(doc, j) in ("'s", "’s"):
        drug = s.ent_of.get(j - 1)
    elif i + 1 < s.end and low(doc, i + 1) == "of":
        drug = first_right(doc, s, i + 2, 1)
    if drug is None or drug.label_ != DRUG:
        return
    enzyme = None
    after = skip_alias(doc, drug.end, s.end)
    if after + 1 < s.end and low(doc, after) == "by":
        enzyme = first_right(doc, s, after + 1, 2)
    else:
        words = []
        for k in range(min(j, drug.start) - 1, max(s.start, i - SUBJECT_WINDOW) - 1, -1):
            ent = s.ent_of.get(k)
            if ent is not None and ent.label_ == RECEPTOR:
                if cues.CATALYSIS_WORDS & set(words):
                    enzyme = ent
                break
            if low(doc, k) in cues.CLAUSE_BOUNDARIES:
                break
            words.append(low(doc, k))
    if enzyme is None or enzyme.label_ != RECEPTOR:
        return
    emit(out, s, [drug], [enzyme], "SUBSTRATE", negated_before(doc, s, i),
          hedged_in(doc, clause_start(doc, s, i), max(i + 1, enzyme.end)), "metabolic_step")


def enzyme_compound(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'Y-mediated X efflux', 'Y-catalyzed X hydrolysis', 'Y-mediated production of X': token i is the
    participle glued to an enzyme or transporter by a hyphen; the drug it processes is its SUBSTRATE."""
    if i - 2 < s.start or doc[i - 1].text != "-" or doc[i - 1].whitespace_:
        return
    enzyme = s.ent_of.get(i - 2)
    if enzyme is None or enzyme.label_ != RECEPTOR:
        return
    drug = None
    first = s.ent_of.get(i + 1)
    if first is not None and first.label_ == DRUG:  # "Y-mediated X efflux"
        after = skip_alias(doc, first.end, s.end)
        if after < s.end and low(doc, after) in cues.SUBSTRATE_PROCESS_NOUNS:
            drug = first
    elif i + 2 < s.end and low(doc, i + 1) in cues.SUBSTRATE_PROCESS_NOUNS and low(doc, i + 2) == "of":
        drug = first_right(doc, s, i + 3, 1)  # "Y-mediated production of (the) X"
    if drug is None or drug.label_ != DRUG:
        return
    emit(out, s, [drug], [enzyme], "SUBSTRATE", negated_before(doc, s, enzyme.start),
         hedged_in(doc, clause_start(doc, s, i), drug.end), f"enzyme_compound:{low(doc, i)}")
