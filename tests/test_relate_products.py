"""PRODUCT: the chemical an enzyme forms, kept apart from SUBSTRATE (what the enzyme acts on).

"Zorbaxine is metabolized to norzorbaxine by CYP3A4" makes zorbaxine a CYP3A4 substrate and
norzorbaxine a CYP3A4 product; a reader must never find the metabolite listed as a substrate.
"""

from __future__ import annotations

import pytest

from pipeline.schema import CHEMPROT_CPR, DRUG_TARGET_RELATIONS, RELATION_SIGNATURES
from tests.test_relate import triples


def test_product_is_a_drug_target_relation_scored_as_chemprot_substrate_group():
    assert "PRODUCT" in DRUG_TARGET_RELATIONS
    assert CHEMPROT_CPR["PRODUCT"] == CHEMPROT_CPR["SUBSTRATE"] == "CPR:9"
    assert ("CHEMICAL", "RECEPTOR") in RELATION_SIGNATURES["PRODUCT"]


@pytest.mark.parametrize(("marked", "expected"), [
    # active conversion: the chemical after "to" is made
    ("[CYP2B6|RECEPTOR] converts [zorbaxine|DRUG] into [norzorbaxine|DRUG] in microsomes.",
     {("zorbaxine", "SUBSTRATE", "CYP2B6"), ("norzorbaxine", "PRODUCT", "CYP2B6")}),
    # "to yield", "to form" after the substrate
    ("[enzP|RECEPTOR] hydrolyzes [chemP|DRUG] to yield [chemQ|DRUG] and water.",
     {("chemP", "SUBSTRATE", "enzP"), ("chemQ", "PRODUCT", "enzP")}),
    # the formation of Y (from X): Y made, X consumed
    ("[enzR|RECEPTOR] catalyzes the formation of [chemR|DRUG] from [chemS|DRUG] in platelets.",
     {("chemR", "PRODUCT", "enzR"), ("chemS", "SUBSTRATE", "enzR")}),
    # a synthesis verb makes its object
    ("[zorbic synthase|RECEPTOR] synthesizes [zorbamide|CHEMICAL] in neurons.",
     {("zorbamide", "PRODUCT", "zorbic synthase")}),
    # passive: "is formed by", and the metabolite after the enzyme
    ("[Zorbanol|DRUG] is formed by [CYP2D6|RECEPTOR] in the liver.", {("Zorbanol", "PRODUCT", "CYP2D6")}),
    ("[Zorbaxine|DRUG] is hydroxylated by [CYP2B6|RECEPTOR] to [hydroxyzorbaxine|DRUG].",
     {("Zorbaxine", "SUBSTRATE", "CYP2B6"), ("hydroxyzorbaxine", "PRODUCT", "CYP2B6")}),
    # nominal: "the synthesis of X by E", "E-catalyzed X synthesis"
    ("The synthesis of [zorbamide|CHEMICAL] by [zorbic synthase|RECEPTOR] was slow.",
     {("zorbamide", "PRODUCT", "zorbic synthase")}),
    ("[zorbic synthase|RECEPTOR]-catalyzed [zorbamide|CHEMICAL] synthesis was slow.",
     {("zorbamide", "PRODUCT", "zorbic synthase")}),
    ("The metabolism of [zorbaxine|DRUG] by [CYP3A4|RECEPTOR] to [norzorbaxine|DRUG] was fast.",
     {("zorbaxine", "SUBSTRATE", "CYP3A4"), ("norzorbaxine", "PRODUCT", "CYP3A4")}),
])
def test_products_of_enzyme_reactions(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize("marked", [
    # "to" after a transfer names the acceptor, not a product
    "[enzT|RECEPTOR] catalyzes the attachment of [chemT|DRUG] to [chemU|DRUG] residues.",
    # "to a lesser extent than" is no product either
    "[enzV|RECEPTOR] oxidizes [chemV|DRUG] to a far lesser extent than it oxidizes other [chemW|DRUG] "
    "esters.",
])
def test_to_without_a_product(marked):
    assert not any(r == "PRODUCT" for _, r, _ in triples(marked))


def test_each_route_keeps_its_own_metabolite():
    # the minor route's enzyme makes the minor metabolite only
    got = triples("[Zorbaxine|DRUG] is metabolized by [CYP2D6|RECEPTOR] to [zorbanol|DRUG] and, to a lesser "
                  "extent, by [CYP3A4|RECEPTOR] to [nor-zorbaxine|DRUG].")
    assert ("zorbanol", "PRODUCT", "CYP2D6") in got and ("nor-zorbaxine", "PRODUCT", "CYP3A4") in got
    assert ("zorbanol", "PRODUCT", "CYP3A4") not in got


def test_metabolite_phrase_between_the_drug_and_its_enzyme():
    # "to its major active metabolite, Y, primarily by E": the drug and the metabolite were both lost
    got = triples("[Zorbupropion|DRUG] is converted to its major active metabolite, "
                  "[hydroxyzorbupropion|DRUG], primarily by [CYP2B6|RECEPTOR] in the liver.")
    assert got == {("Zorbupropion", "SUBSTRATE", "CYP2B6"), ("hydroxyzorbupropion", "PRODUCT", "CYP2B6")}


def test_enzyme_named_with_its_symbol_before_an_involvement():
    # the symbol in brackets does not look like an enzyme; its long form does
    got = triples("[zorbic reductase|RECEPTOR] ([ZRD|RECEPTOR]) is an enzyme involved in the conversion of "
                  "[zorbate|CHEMICAL] to [zorbinol|CHEMICAL].")
    assert {("zorbate", "SUBSTRATE", "zorbic reductase"), ("zorbinol", "PRODUCT", "zorbic reductase"),
            ("zorbate", "SUBSTRATE", "ZRD"), ("zorbinol", "PRODUCT", "ZRD")} == got
    # a receptor named before its role is no enzyme
    assert not triples("[zorbic receptor|RECEPTOR] ([ZRR|RECEPTOR]) is involved in the conversion of "
                       "[zorbate|CHEMICAL] to [zorbinol|CHEMICAL].")
