"""Drug-metabolizing enzymes and monoamine oxidase isoforms, end to end through the shipped vocabulary.

These need the full knowledge base (the NER finds the enzyme names), so the sentences run through the
real pipeline rather than the inline-marked fixtures of tests/test_relate.py.
"""

from __future__ import annotations

import pytest

from pipeline.annotate import annotate_texts


def _facts(text: str) -> set[tuple[str, str, str, str]]:
    (ann,) = annotate_texts([text])
    return {(f.subject.text, f.relation, f.object.text, f.object.concept_id) for f in ann.facts
            if not f.negated}


@pytest.mark.parametrize(("text", "fact"), [
    # MAO-A is its own isoform, not plain "monoamine oxidase" and not missed
    ("Moclobemide is a reversible inhibitor of MAO-A.",
     ("Moclobemide", "INHIBITOR", "MAO-A", "HGNC:MAOA")),
    ("Clorgyline selectively inhibits monoamine oxidase A in these cells.",
     ("Clorgyline", "INHIBITOR", "monoamine oxidase A", "HGNC:MAOA")),
    # the spelt-out enzyme name and its symbol share the gene id
    ("Tolcapone inhibits catechol-O-methyltransferase.",
     ("Tolcapone", "INHIBITOR", "catechol-O-methyltransferase", "HGNC:COMT")),
    ("In liver microsomes, esketamine was metabolized by CYP2C19.",
     ("esketamine", "SUBSTRATE", "CYP2C19", "HGNC:CYP2C19")),
    ("Lamotrigine is metabolized by UGT1A4.",
     ("Lamotrigine", "SUBSTRATE", "UGT1A4", "HGNC:UGT1A4")),
])
def test_enzyme_isoform_facts_carry_the_gene_id(text, fact):
    assert fact in _facts(text)
