"""A fact about a drug holds for its other names opening a bracket right after it, however long the
bracket: a brand or code name followed by a remark, a systematic name in square brackets."""

from __future__ import annotations

import pytest

from pipeline.relate import extract_relations
from tests.test_relate import NLP, triples


def _triples(text: str, ents: list[tuple[str, str]]) -> set[tuple[str, str, str]]:
    """Like test_relate.triples, for texts whose square brackets the inline markup cannot hold: each
    (surface, label) is found in order in `text`."""
    doc, spans, pos = NLP(text), [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        spans.append(doc.char_span(start, start + len(surface), label=label, kb_id=surface.lower()))
        pos = start + len(surface)
    doc.ents = spans
    return {(r.subject.text, r.relation, r.object.text) for r in extract_relations(doc)}


@pytest.mark.parametrize(("marked", "expected"), [
    # the brand name opens a long parenthetical remark
    ("The [zorbic receptor|RECEPTOR] antagonist [ZX-101|DRUG] ([Zorbavan|DRUG], a lipophilic compound with a "
     "half-life of about nine hours in healthy adults) was tested.",
     {("ZX-101", "ANTAGONIST", "zorbic receptor"), ("Zorbavan", "ANTAGONIST", "zorbic receptor")}),
    # a systematic name, tagged with the other agent label
    ("The [zorbic receptor|RECEPTOR] agonist [ZX-202|DRUG] ([2-methyl-3-zorbyl-indole|CHEMICAL] maleate, "
     "a salt chosen for its solubility in saline) was given.",
     {("ZX-202", "AGONIST", "zorbic receptor"), ("2-methyl-3-zorbyl-indole", "AGONIST", "zorbic receptor")}),
])
def test_leading_alias_in_a_bracket_shares_the_fact(marked, expected):
    assert triples(marked) == expected


def test_systematic_name_in_square_brackets_shares_the_fact():
    got = _triples("The zorbic receptor agonist ZX-303 [2-methyl-3-zorbyl-indole] was given.",
                   [("zorbic receptor", "RECEPTOR"), ("ZX-303", "DRUG"),
                    ("2-methyl-3-zorbyl-indole", "CHEMICAL")])
    assert got == {("ZX-303", "AGONIST", "zorbic receptor"),
                   ("2-methyl-3-zorbyl-indole", "AGONIST", "zorbic receptor")}


def test_a_later_name_in_a_long_bracket_is_no_alias():
    # only the name opening the bracket is the drug's; another drug further in is compared, not renamed
    got = triples("The [zorbic receptor|RECEPTOR] antagonist [ZX-101|DRUG] (given after a washout of "
                  "seven days during which patients took [zorbamol|DRUG]) was tested.")
    assert ("ZX-101", "ANTAGONIST", "zorbic receptor") in got
    assert not any(s == "zorbamol" for s, _, _ in got)
