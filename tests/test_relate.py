"""Relation extraction over hand-built Docs: one case per cue family, negation/hedging, traps,
coordination and determinism. Entities are marked inline as [text|LABEL] so no NER model is needed."""

from __future__ import annotations

import re

import pytest
import spacy

from pipeline.relate import Relation, extract_relations
from pipeline.schema import RELATION_SIGNATURES, RELATIONS

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
MARK = re.compile(r"\[([^\]|]+)\|(DRUG|CHEMICAL|RECEPTOR|EFFECT)\]")


def make_doc(marked: str):
    """Doc with entities from '[ketamine|DRUG] blocks [NMDA receptors|RECEPTOR]'; kb_id = lower text."""
    text, spans, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        spans.append((len(text), len(text) + len(m.group(1)), m.group(2)))
        text += m.group(1)
        pos = m.end()
    text += marked[pos:]
    doc = NLP(text)
    ents = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, kb_id=text[start:end].lower())
        assert span is not None, f"fixture entity {text[start:end]!r} does not align with tokens"
        ents.append(span)
    doc.ents = ents
    return doc


def facts(marked: str) -> set[tuple[str, str, str, bool, bool]]:
    return {(r.subject.text, r.relation, r.object.text, r.negated, r.hedged)
            for r in extract_relations(make_doc(marked))}


def triples(marked: str) -> set[tuple[str, str, str]]:
    return {(s, r, o) for s, r, o, _, _ in facts(marked)}


CASES = [
    # class nouns: compound, apposition, copula, "act as", "such as", "of"
    ("[Ketamine|DRUG], an [NMDA|RECEPTOR] antagonist, has shown promise.",
     ("Ketamine", "ANTAGONIST", "NMDA")),
    ("Pretreatment with the [NMDA receptor|RECEPTOR] antagonist [drugA|DRUG] was tested.",
     ("drugA", "ANTAGONIST", "NMDA receptor")),
    ("the [NMDA|RECEPTOR] channel blocker [drugB|DRUG] ([brandB|DRUG]) was given",
     ("drugB", "INHIBITOR", "NMDA")),
    ("[drugC|DRUG] ([codeC|DRUG]), a [glycine receptor|RECEPTOR] antagonist, also requires activation.",
     ("drugC", "ANTAGONIST", "glycine receptor")),
    ("[drugD|DRUG], an [NMDA receptor|RECEPTOR] modulator with odd properties, was studied.",
     ("drugD", "MODULATOR", "NMDA receptor")),
    ("Anticonvulsants like [drugE|DRUG] act as non-competitive [AMPA receptor|RECEPTOR] antagonists.",
     ("drugE", "ANTAGONIST", "AMPA receptor")),
    ("Agents with positive [GABAA receptor|RECEPTOR] modulation (such as [drugF|DRUG]) help.",
     ("drugF", "POSITIVE_MODULATOR", "GABAA receptor")),
    ("[drugG|DRUG] is a selective agonist of the [5-HT1A receptor|RECEPTOR].",
     ("drugG", "AGONIST", "5-HT1A receptor")),
    ("The [COX-2|RECEPTOR] inhibitor [drugH|DRUG] reduced swelling.", ("drugH", "INHIBITOR", "COX-2")),
    # verbs and nominalizations
    ("[Ketamine|DRUG]'s ability to activate [mTOR|RECEPTOR] seems related.",
     ("Ketamine", "ACTIVATOR", "mTOR")),
    ("[drugI|DRUG] increased cell membrane [GluR1|RECEPTOR] levels in mice.",
     ("drugI", "ACTIVATOR", "GluR1")),
    ("[drugJ|DRUG] rapidly upregulated [mTOR|RECEPTOR] signaling.", ("drugJ", "ACTIVATOR", "mTOR")),
    ("[drugK|DRUG] raised levels by inhibiting [GSK3|RECEPTOR] in neurons.", ("drugK", "INHIBITOR", "GSK3")),
    ("these effects underlie [drugL|DRUG]'s blockade at resting [NMDA receptors|RECEPTOR].",
     ("drugL", "ANTAGONIST", "NMDA receptors")),
    ("[drugM|DRUG] also targets [delta opioid receptor|RECEPTOR] function.",
     ("drugM", "BINDS", "delta opioid receptor")),
    ("[drugN|DRUG] acts on [NMDA glutamate receptors|RECEPTOR] directly.",
     ("drugN", "BINDS", "NMDA glutamate receptors")),
    ("[drugO|DRUG] is metabolized by [CYP3A4|RECEPTOR] in the liver.", ("drugO", "SUBSTRATE", "CYP3A4")),
    ("[enzP|RECEPTOR] activity was inhibited by [drugP|DRUG] in vitro.", ("drugP", "INHIBITOR", "enzP")),
    ("Inhibition of [enzQ|RECEPTOR] by [drugQ|DRUG] was dose dependent.", ("drugQ", "INHIBITOR", "enzQ")),
    # indications and effects
    ("[drugR|DRUG] is approved for treating [amyotrophic lateral sclerosis|EFFECT] in adults.",
     ("drugR", "TREATS", "amyotrophic lateral sclerosis")),
    ("[drugS|DRUG] is used to treat [migraine headaches|EFFECT] in adults.",
     ("drugS", "TREATS", "migraine headaches")),
    ("[drugT|DRUG] showed a rapid antidepressant effect in patients with [severe depression|EFFECT].",
     ("drugT", "TREATS", "severe depression")),
    ("[drugU|DRUG] improved [anhedonia|EFFECT] quickly.", ("drugU", "TREATS", "anhedonia")),
    ("[drugV|DRUG]-induced [hyperlocomotion|EFFECT] was measured.", ("drugV", "CAUSES", "hyperlocomotion")),
    ("[Seizures|EFFECT] induced by [drugW|DRUG] were frequent.", ("drugW", "CAUSES", "Seizures")),
    ("Chronic [drugX|DRUG] use carries a risk of [cystitis|EFFECT].", ("drugX", "CAUSES", "cystitis")),
    ("three are approved: [drugY|DRUG] ([brandY|DRUG]) for [depression|EFFECT].",
     ("drugY", "TREATS", "depression")),
    ("Severe [hepatotoxicity|EFFECT] after [drugAA|DRUG] administration was reported.",
     ("drugAA", "CAUSES", "hepatotoxicity")),
    ("[drugAB|DRUG] inhibited the activation of [kinaseAB|RECEPTOR] in cells.",
     ("drugAB", "INHIBITOR", "kinaseAB")),
    ("the [cyclooxygenase|RECEPTOR] ([COX|RECEPTOR]) inhibitor, [drugAC|DRUG], was given.",
     ("drugAC", "INHIBITOR", "COX")),
    # target -> effect
    ("[drugZ|DRUG]'s rapid [antidepressant-like effects|EFFECT] mediated by "
     "[AMPA receptors|RECEPTOR] persist.",
     ("AMPA receptors", "MEDIATES", "antidepressant-like effects")),
]


@pytest.mark.parametrize(("marked", "expected"), CASES, ids=[c[1][1] + ":" + c[1][0] for c in CASES])
def test_relate_cue_families(marked, expected):
    assert expected in triples(marked)


def test_relate_signatures_respected_on_every_case():
    for marked, _ in CASES:
        for rel in extract_relations(make_doc(marked)):
            assert rel.relation in RELATIONS
            assert (rel.subject.label_, rel.object.label_) in RELATION_SIGNATURES[rel.relation]


def test_relate_negation_is_per_fact():
    got = facts("Norketamine's byproduct, [HNK|DRUG], is a metabolite. It strongly activates hippocampal "
                "[AMPA receptors|RECEPTOR], but does not inhibit the [NMDA receptor|RECEPTOR].")
    assert ("HNK", "ACTIVATOR", "AMPA receptors", False, False) in got
    assert ("HNK", "INHIBITOR", "NMDA receptor", True, False) in got
    assert ("HNK", "INHIBITOR", "NMDA receptor", False, False) not in got


@pytest.mark.parametrize("marked", [
    "It has been hypothesized that [drugA|DRUG] suppresses [eEF2 kinase|RECEPTOR] activity.",
    "[drugA|DRUG] may inhibit [eEF2 kinase|RECEPTOR] activity.",
    "[drugA|DRUG] appears to inhibit [eEF2 kinase|RECEPTOR] activity.",
])
def test_relate_hedging(marked):
    (fact,) = facts(marked)
    assert fact[1] == "INHIBITOR" and fact[4] is True and fact[3] is False


def test_relate_hedge_after_the_fact_does_not_count():
    (fact,) = facts("[drugA|DRUG]'s ability to activate [mTOR|RECEPTOR] seems to be related to plasticity.")
    assert fact[4] is False


def test_relate_hedged_side_effect():
    got = facts("Patients taking [NMDA receptor|RECEPTOR] antagonists, such as [drugA|DRUG], may experience "
                "transient symptoms like [dizziness|EFFECT].")
    assert ("drugA", "ANTAGONIST", "NMDA receptor", False, False) in got
    assert ("drugA", "CAUSES", "dizziness", False, True) in got


def test_relate_no_evidence_trap():
    got = triples("It should be noted that no evidence presently implicates [AMPA "
                  "receptor|RECEPTOR] activation in "
                  "conjunction with the [NMDA receptor|RECEPTOR] antagonist [drugA|DRUG] today.")
    assert got == {("drugA", "ANTAGONIST", "NMDA receptor")}


def test_relate_antagonist_blocking_a_drug_effect_treats_nothing():
    got = triples("Pre-treatment with the [AMPA receptor|RECEPTOR] antagonist [drugB|DRUG] "
                  "prevented the acute "
                  "[antidepressant effects|EFFECT] of [drugA|DRUG] injection.")
    assert got == {("drugB", "ANTAGONIST", "AMPA receptor")}


def test_relate_other_than_excludes():
    assert triples("Doses of [NMDA|RECEPTOR] antagonists other than [drugA|DRUG] were kept low.") == set()


def test_relate_relative_clause_subject():
    got = triples("[drugA|DRUG] acts as an [AMPA receptor|RECEPTOR] antagonist, reducing the signaling that "
                  "causes [seizures|EFFECT].")
    assert ("drugA", "CAUSES", "seizures") not in got


def test_relate_metabolites_are_not_the_drug():
    assert triples("[drugA|DRUG] metabolites activate [AMPA receptors|RECEPTOR] in mice.") == set()


def test_relate_chemical_subjects_act_on_targets_only():
    # An endogenous chemical acting on a target is a fact (labelled CHEMICAL in the tables) ...
    assert triples("[glutamate|CHEMICAL] activates [NMDA receptors|RECEPTOR] in neurons.") == {
        ("glutamate", "ACTIVATOR", "NMDA receptors")}
    assert ("glutamate", "SUBSTRATE", "GAD") in triples(
        "[GAD|RECEPTOR] catalyzes the conversion of [glutamate|CHEMICAL] to [GABA|CHEMICAL].")
    assert ("dopamine", "AGONIST", "D2 receptor") in triples(
        "[dopamine|CHEMICAL], the endogenous [D2 receptor|RECEPTOR] agonist, was used.")
    # ... but never treats or causes anything: effects are drug facts.
    assert triples("[glutamate|CHEMICAL] causes [excitotoxicity|EFFECT] in neurons.") == set()
    assert triples("[dopamine|CHEMICAL] improves [depression|EFFECT].") == set()


@pytest.mark.parametrize("marked", [
    # ions are carried through channels, not acting on them
    "[calcium|CHEMICAL] activates [calmodulin|RECEPTOR] in neurons.",
    "[TRPA-1|RECEPTOR]-mediated [calcium|CHEMICAL] influx was measured.",
    "[Ca2+|CHEMICAL] influx through [NMDA receptors|RECEPTOR] activates [CaMKII|RECEPTOR].",
    # a chemical governed by a preposition is not the verb's subject
    "The response to [noradrenaline|CHEMICAL] was decreased in [alpha1A-adrenoceptor|RECEPTOR] KO mice.",
    "The effect of [norepinephrine|CHEMICAL] on proliferation is inhibited by [D1 receptors|RECEPTOR].",
    # a chemical modifying a noun names something else
    "[5-HT|CHEMICAL] neurons inhibit [5-HT1A receptors|RECEPTOR] firing.",
    "The [glutamate|CHEMICAL] binding pocket blocks gating of [kainate receptors|RECEPTOR].",
    "[DHFS|RECEPTOR] catalyzes the attachment of [glutamate|CHEMICAL] residues to folate.",
])
def test_relate_chemical_subject_guards(marked):
    assert {t for t in triples(marked) if t[0] in ("calcium", "Ca2+", "noradrenaline", "norepinephrine",
                                                   "5-HT", "glutamate")} == set()


def test_relate_a_chemical_between_drug_and_verb_does_not_steal_the_subject():
    got = triples("[drugA|DRUG], given with [dopamine|CHEMICAL]-producing cells, inhibits [MAOB|RECEPTOR].")
    assert got == {("drugA", "INHIBITOR", "MAOB")}


def test_relate_clause_boundary_stops_a_cue():
    got = triples("[drugA|DRUG] was well tolerated; however, [enzB|RECEPTOR] activation was seen.")
    assert got == set()


def test_relate_coordination_gives_every_pair():
    got = triples("Drugs like [drugA|DRUG] and [drugB|DRUG] can achieve this by blocking "
                  "[voltage-gated sodium|RECEPTOR] or [calcium channels|RECEPTOR], which matter.")
    assert got == {(d, "INHIBITOR", t) for d in ("drugA", "drugB")
                   for t in ("voltage-gated sodium", "calcium channels")}


def test_relate_coordinated_indications_and_risks():
    got = triples("Chronic [drugA|DRUG] use and risk of [neurotoxicity|EFFECT], [cystitis|EFFECT], and "
                  "[abuse|EFFECT] remain unresolved.")
    assert got == {("drugA", "CAUSES", e) for e in ("neurotoxicity", "cystitis", "abuse")}
    got = triples("Three are approved: [drugA|DRUG] ([brandA|DRUG]) for [depression|EFFECT], "
                  "[drugB|DRUG] for "
                  "[insomnia|EFFECT], and [drugC|DRUG] for [pain|EFFECT].")
    assert got == {("drugA", "TREATS", "depression"), ("drugB", "TREATS", "insomnia"),
                   ("drugC", "TREATS", "pain")}


def test_relate_alias_in_parentheses_shares_the_fact():
    """The alias names the same drug, so it carries the same fact (method marked '+alias'); the
    corpus summaries count a concept pair once, so the alias adds no weight there."""
    marked = "the [NMDA|RECEPTOR] channel blocker [drugB|DRUG] ([brandB|DRUG]) was given"
    rels = extract_relations(make_doc(marked))
    assert {(r.subject.text, r.relation, r.object.text, r.method) for r in rels} == {
        ("drugB", "INHIBITOR", "NMDA", "noun_compound:blocker"),
        ("brandB", "INHIBITOR", "NMDA", "noun_compound:blocker+alias")}


def test_relate_short_form_in_brackets_shares_the_fact_with_its_long_form():
    """'zeta oxidase-B (ZOX-B) inhibitors': the fact read for the bracketed short form holds for the long
    form before it, even when the isoform letter after a hyphen is outside the long form's entity."""
    got = triples("The [zeta oxidase|RECEPTOR]-B ([ZOX-B|RECEPTOR]) inhibitors, [drugQ|DRUG] and "
                  "[drugR|DRUG], were compared.")
    assert {("drugQ", "INHIBITOR", "zeta oxidase"), ("drugR", "INHIBITOR", "zeta oxidase")} <= got
    # a target that does not end right before the bracket is no long form of it
    got = triples("Both [zeta oxidase|RECEPTOR] in liver ([ZOX-B|RECEPTOR]) inhibitors, [drugQ|DRUG] and "
                  "[drugR|DRUG], were compared.")
    assert ("drugQ", "INHIBITOR", "ZOX-B") in got and ("drugQ", "INHIBITOR", "zeta oxidase") not in got


def test_relate_comparison_gives_the_other_side_the_property_too():
    got = triples("[drugQ|DRUG] was ten-fold more potent than [drugR|DRUG] as an inhibitor of "
                  "[ZK1|RECEPTOR].")
    assert {("drugQ", "INHIBITOR", "ZK1"), ("drugR", "INHIBITOR", "ZK1")} <= got
    got = triples("[drugQ|DRUG] inhibited [ZK1|RECEPTOR] more potently than [drugR|DRUG] did.")
    assert ("drugR", "INHIBITOR", "ZK1") in got
    got = triples("[drugQ|DRUG] inhibited [ZK1|RECEPTOR] more strongly than [ZK2|RECEPTOR].")
    assert ("drugQ", "INHIBITOR", "ZK2") in got
    # no comparison, or one in another clause: nothing for the other name
    got = triples("[drugQ|DRUG] inhibited [ZK1|RECEPTOR] and then [drugR|DRUG] was given.")
    assert ("drugR", "INHIBITOR", "ZK1") not in got
    got = triples("[drugQ|DRUG] inhibited [ZK1|RECEPTOR], whereas [drugS|DRUG] was less potent than "
                  "[drugR|DRUG] in vivo.")
    assert not {("drugR", "INHIBITOR", "ZK1"), ("drugS", "INHIBITOR", "ZK1")} & got


def test_relate_passive_agent_after_a_measure():
    assert ("drugQ", "ACTIVATOR", "ZK1") in triples(
        "[ZK1|RECEPTOR] activity was induced 2-fold by [drugQ|DRUG] in cells.")
    assert ("drugQ", "INHIBITOR", "ZK1") in triples(
        "[ZK1|RECEPTOR] activity was reduced by about 50% by [drugQ|DRUG] in vivo.")
    # a number that starts the agent's name is no measure
    assert ("5-drugQ", "INHIBITOR", "ZK1") in triples("[ZK1|RECEPTOR] is inhibited by [5-drugQ|DRUG] here.")


def test_relate_nominal_cue_done_with_a_drug():
    assert ("drugQ", "ACTIVATOR", "ZK1") in triples("Activation of [ZK1|RECEPTOR] with [drugQ|DRUG] helped.")
    assert ("drugQ", "INHIBITOR", "ZK1") in triples(
        "The inhibition of [ZK1|RECEPTOR] with [drugQ|DRUG] was full.")
    # a knock-down is a method, and a verb's "with" names no agent
    assert not triples("Inhibition of [ZK1|RECEPTOR] with [ZK1 siRNA|DRUG] was full.")
    assert ("drugQ", "INHIBITOR", "ZK1") not in triples(
        "[drugR|DRUG] inhibited [ZK1|RECEPTOR] with [drugQ|DRUG] present.")


def test_relate_process_enzyme_described_after_its_name():
    got = triples("[Zeta oxygenase|RECEPTOR] ([ZOX|RECEPTOR]), a [quelamine|DRUG] catabolizing enzyme, "
                  "was cloned.")
    assert {("quelamine", "SUBSTRATE", "Zeta oxygenase"), ("quelamine", "SUBSTRATE", "ZOX")} <= got
    # no apposition (no comma before the description): the chemical names nothing of the enzyme
    got = triples("[Zeta oxygenase|RECEPTOR] binds a [quelamine|DRUG] catabolizing enzyme in vivo.")
    assert ("quelamine", "SUBSTRATE", "Zeta oxygenase") not in got


def test_relate_agent_given_by_treatment_with():
    # "treatment" is a cue word of its own; the drug given after "by treatment with" is the agent
    assert ("drugQ", "INHIBITOR", "ZK1") in triples(
        "[ZK1|RECEPTOR] activity was further inhibited by treatment with [drugQ|DRUG] in cells.")
    assert ("drugQ", "INHIBITOR", "ZK1") in triples(
        "Inhibition of [ZK1|RECEPTOR] by the addition of [drugQ|DRUG] was seen.")
    # what is given must be named right there: no agent past other words
    assert not triples("[ZK1|RECEPTOR] was inhibited by treatment of the cells, then [drugQ|DRUG] was added.")


def _worded(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str]]):
    """A Doc from tokens as the pipeline's tokenizer splits them ("(DQ)-induced" is five tokens)."""
    from spacy.tokens import Doc, Span

    doc = Doc(NLP.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, a, b, label=label, kb_id=doc[a:b].text.lower()) for a, b, label in ents]
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    return {(r.subject.text, r.relation, r.object.text) for r in extract_relations(doc)}


def test_relate_compound_agent_with_an_alias_before_the_hyphen():
    words = ["drugQ", "(", "DQ", ")", "-", "induced", "ZK1", "expression", "was", "seen", "."]
    spaces = [True, False, False, False, False, True, True, True, True, False, False]
    got = _worded(words, spaces, [(0, 1, "DRUG"), (2, 3, "DRUG"), (6, 7, "RECEPTOR")])
    assert {("DQ", "ACTIVATOR", "ZK1"), ("drugQ", "ACTIVATOR", "ZK1")} <= got
    # a bracket that holds no entity (a dose) names no agent
    words = ["drugQ", "(", "10", "mg", ")", "-", "induced", "ZK1", "expression", "was", "seen", "."]
    spaces = [True, False, True, False, False, False, True, True, True, True, False, False]
    assert not _worded(words, spaces, [(0, 1, "DRUG"), (7, 8, "RECEPTOR")])


def test_relate_nominal_patient_acts_on_nothing():
    # "activation of X by the enzyme E": the enzyme acts on the chemical, not the chemical on the enzyme
    assert not triples("The rate of activation of [chemQ|DRUG] by the [ZK1|RECEPTOR] was measured.")
    # the usual direction stands
    assert ("drugQ", "ACTIVATOR", "ZK1") in triples("Activation of [ZK1|RECEPTOR] by [drugQ|DRUG] was seen.")


def test_relate_coordinated_class_phrases_describe_the_same_drug():
    got = triples("[drugQ|DRUG] is a selective [ZK1|RECEPTOR] agonist and [ZK2|RECEPTOR] antagonist.")
    assert {("drugQ", "AGONIST", "ZK1"), ("drugQ", "ANTAGONIST", "ZK2")} <= got
    got = triples("We used [drugQ|DRUG], a [ZK1|RECEPTOR] agonist/[ZK2|RECEPTOR] antagonist, here.")
    assert ("drugQ", "ANTAGONIST", "ZK2") in got
    # a coordinated target with no class noun of its own is no second description
    got = triples("[drugQ|DRUG], a [ZK1|RECEPTOR] agonist and [ZK2|RECEPTOR] levels, was given.")
    assert ("drugQ", "AGONIST", "ZK2") not in got and ("drugQ", "ANTAGONIST", "ZK2") not in got


def test_relate_output_is_deterministic_and_sorted():
    marked = " ".join(m for m, _ in CASES)
    first = extract_relations(make_doc(marked))
    second = extract_relations(make_doc(marked))
    key = [(r.sentence_id, r.subject.start, r.object.start, r.relation) for r in first]
    assert key == sorted(key)
    assert [(r.subject.text, r.relation, r.object.text, r.method) for r in first] == \
        [(r.subject.text, r.relation, r.object.text, r.method) for r in second]
    assert len(set(key)) == len(key)
    assert all(isinstance(r, Relation) for r in first)


def test_relate_sentence_id_indexes_doc_sents():
    doc = make_doc("Nothing here. [drugA|DRUG] inhibits [enzB|RECEPTOR] strongly.")
    (rel,) = extract_relations(doc)
    assert rel.sentence_id == 1
    assert list(doc.sents)[rel.sentence_id].start <= rel.subject.start


@pytest.mark.parametrize("marked", [
    "[drugA|DRUG] induces apoptosis via a [JNK|RECEPTOR]-dependent pathway.",
    "[drugA|DRUG] is used in tumors driven by activating [KIT|RECEPTOR] mutations.",
    "The stimulation by [drugA|DRUG] depletion requires activation of [kinaseB|RECEPTOR] in cells.",
])
def test_relate_modifier_and_distant_nominal_traps(marked):
    assert triples(marked) == set()


def test_relate_it_is_not_resolved_in_it_should_be_noted_that():
    got = triples("[drugA|DRUG] is a drug. It should be noted that other ways increase "
                  "[AMPA|RECEPTOR] throughput.")
    assert got == set()


def test_relate_no_right_after_the_cue_negates():
    (fact,) = facts("In mice, [drugA|DRUG] caused no [seizures|EFFECT] at low doses.")
    assert fact[:4] == ("drugA", "CAUSES", "seizures", True)


def resolver(known: dict[str, str]):
    return lambda text: known.get(text.lower())


def test_relate_elided_head_is_resolved_through_the_resolver():
    doc = make_doc("[drugA|DRUG] and [drugB|DRUG] act by blocking voltage-gated [sodium|CHEMICAL] or "
                   "[calcium channels|RECEPTOR] in neurons.")
    rels = extract_relations(doc, resolve_target=resolver({"voltage-gated sodium channels": "NAV"}))
    got = {(r.subject.text, r.relation, r.object.text, r.object.kb_id_) for r in rels}
    assert got == {(d, "INHIBITOR", t, k) for d in ("drugA", "drugB")
                   for t, k in (("voltage-gated sodium", "NAV"), ("calcium channels", "calcium channels"))}


def test_relate_elided_head_unknown_to_the_kb_gives_no_new_target():
    doc = make_doc("[drugA|DRUG] blocks [sodium|CHEMICAL] or [calcium channels|RECEPTOR] in neurons.")
    asked: list[str] = []
    rels = extract_relations(doc, resolve_target=lambda text: asked.append(text))
    assert asked == ["sodium channels"]
    assert all(r.object in doc.ents for r in rels)


@pytest.mark.parametrize(("marked", "expected"), [
    ("Response rates were high in individuals with [severe depression|EFFECT] who received a single "
     "[drugA|DRUG] infusion.", {("drugA", "TREATS", "severe depression")}),
    ("Remission was seen in [TRD|EFFECT] patients who received [drugA|DRUG] daily.",
     {("drugA", "TREATS", "TRD")}),
    # no outcome reported: the disease only describes who was studied
    ("Blood was drawn in individuals with [severe depression|EFFECT] who received [drugA|DRUG] daily.",
     set()),
])
def test_relate_patients_who_received(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    ("[CYP 3A4|RECEPTOR] is the main enzyme responsible for [drugA|DRUG]'s N-demethylation to "
     "[drugB|DRUG] in vivo.", {("drugA", "SUBSTRATE", "CYP 3A4")}),
    ("The 4-hydroxylation of [drugA|DRUG] by [CYP2D6|RECEPTOR] is slow.", {("drugA", "SUBSTRATE", "CYP2D6")}),
    # an enzyme merely named before the reaction is not its catalyst
    ("[CYP2D6|RECEPTOR] levels and [drugA|DRUG]'s N-demethylation were both measured.", set()),
])
def test_relate_metabolic_step_makes_a_substrate(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # active: the enzyme before the verb, the substrate in its object phrase (the product after "to" is
    # what the enzyme makes, not what it acts on: its PRODUCT)
    ("[enzA|RECEPTOR] catalyzes the conversion of [chemA|DRUG] to [chemB|DRUG] in neurons.",
     {("chemA", "SUBSTRATE", "enzA"), ("chemB", "PRODUCT", "enzA")}),
    # over a parenthetical alias, and through "which"
    ("[enzyme A|RECEPTOR] ([EA|RECEPTOR]), which specifically hydrolyzes [chemC|DRUG], was purified.",
     {("chemC", "SUBSTRATE", "EA"), ("chemC", "SUBSTRATE", "enzyme A")}),
    # passive, with an adverb, and with a product before the agent
    ("[chemD|DRUG] is rapidly oxidized by [enzD|RECEPTOR] in the liver.", {("chemD", "SUBSTRATE", "enzD")}),
    ("[chemE|DRUG] is converted to [chemF|DRUG] by [enzE|RECEPTOR] in cells.",
     {("chemE", "SUBSTRATE", "enzE"), ("chemF", "PRODUCT", "enzE")}),
    # the nominal reaction: "conversion of X to Y by E"
    ("The conversion of [chemG|DRUG] to [chemH|DRUG] by [enzG|RECEPTOR] was fast.",
     {("chemG", "SUBSTRATE", "enzG"), ("chemH", "PRODUCT", "enzG")}),
    # formation verbs only in the passive or a reduced relative (the source is the substrate, the
    # subject the product), and products named alone, by a compound or an agent, as the enzyme's
    ("[chemL|DRUG] is formed from [precL|DRUG] by [enzL|RECEPTOR] in cells.",
     {("precL", "SUBSTRATE", "enzL"), ("chemL", "PRODUCT", "enzL")}),
    ("[chemM|DRUG] produced by [enzM|RECEPTOR] rose.", {("chemM", "PRODUCT", "enzM")}),
    ("[enzN|RECEPTOR]-derived [chemN|DRUG] rose.", {("chemN", "PRODUCT", "enzN")}),
])
def test_relate_catalysis_makes_substrates_and_products(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize("marked", [
    # a compound adjective names no enzyme reaction
    "[enzI|RECEPTOR] was blocked by periodate-oxidized [chemI|DRUG] in cells.",
    # a drug between the enzyme and the verb is the verb's subject, not the enzyme
    "[enzJ|RECEPTOR] was absent; [drugJ|DRUG] oxidizes [chemJ|DRUG] directly.",
    # the object phrase ends at "by": what comes after is no substrate
    "[enzK|RECEPTOR] converts substrates by way of [chemK|DRUG] cofactors.",
    # "produced" with an active subject may be any cause; "by Y activation" is a mechanism
    "[recL|RECEPTOR] blockade produced [drugL|DRUG]-like effects.",
    "Effects of [drugM|DRUG] produced by [recM|RECEPTOR] activation in rats.",
])
def test_relate_catalysis_needs_an_enzyme_acting_on_the_chemical(marked):
    assert not any(r in ("SUBSTRATE", "PRODUCT") for _, r, _ in triples(marked))


@pytest.mark.parametrize(("marked", "expected"), [
    ("[drugA|DRUG] is FDA-approved for [TRD|EFFECT] and [major depression|EFFECT] in adults.",
     {("drugA", "TREATS", "TRD"), ("drugA", "TREATS", "major depression")}),
    ("[drugA|DRUG] is used to help manage [cognitive decline|EFFECT] by blocking [NMDA receptors|RECEPTOR].",
     {("drugA", "TREATS", "cognitive decline"), ("drugA", "ANTAGONIST", "NMDA receptors")}),
    # a class-noun modifier the NER took for a drug is not the subject of the verb
    ("[drugA|DRUG], an [NMDA|DRUG] antagonist, has shown a rapid antidepressant effect in patients with "
     "[TRD|EFFECT].", {("drugA", "TREATS", "TRD")}),
])
def test_relate_verb_frames_added_for_the_seeds(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize("marked", [
    # a normal process increased is a mechanism, not an adverse effect
    "[drugA|DRUG] increases [synaptic plasticity|EFFECT] in mice.",
    # participles after a determiner or preposition are adjectives
    "[drugA|DRUG] works with an emphasis on enhanced [AMPA|RECEPTOR] throughput.",
    # an agent inside a by-phrase is not the subject of the next verb
    "Trafficking induced by [drugA|DRUG] and by its metabolite [drugB|DRUG] may activate [CREB|RECEPTOR].",
    # "It" reaches back only when its predicate follows it directly
    "[drugA|DRUG] was given. It is clear that other agents activate [AMPA receptors|RECEPTOR].",
])
def test_relate_seed_traps(marked):
    assert not {t for t in triples(marked) if t[0] in ("drugA", "drugB")
                and t[1] in ("CAUSES", "ACTIVATOR")}



@pytest.mark.parametrize(("marked", "expected"), [
    ("Acute [renal failure|EFFECT] associated with [drugA|DRUG] was rare.",
     {("drugA", "CAUSES", "renal failure")}),
    ("[Angioedema|EFFECT] due to [drugA|DRUG] is common.", {("drugA", "CAUSES", "Angioedema")}),
    ("[Delirium|EFFECT] during [drugA|DRUG] treatment was seen.", {("drugA", "CAUSES", "Delirium")}),
    ("[Sludge|EFFECT] formed during treatment with [drugA|DRUG] in most.", {("drugA", "CAUSES", "Sludge")}),
    ("[Tremor|EFFECT] in patients receiving [drugA|DRUG] was mild.", {("drugA", "CAUSES", "Tremor")}),
    ("Patients had [drugA|DRUG]-related [aneurysms|EFFECT] at surgery.", {("drugA", "CAUSES", "aneurysms")}),
    ("Side effects of [drugA|DRUG] include [hypotension|EFFECT] and [bradycardia|EFFECT] in adults.",
     {("drugA", "CAUSES", "hypotension"), ("drugA", "CAUSES", "bradycardia")}),
    # the link needs an adverse event before it, not a therapeutic one or a physiological process
    ("The [antidepressant effect|EFFECT] after [drugA|DRUG] was quick.", set()),
    ("[Synaptic plasticity|EFFECT] associated with [drugA|DRUG] rose.", set()),
    # the inducer causes; the drug that prevents it causes nothing (it treats the induced state)
    ("[drugB|DRUG] prevented [amnesia|EFFECT] induced by [drugA|DRUG] in mice.",
     {("drugA", "CAUSES", "amnesia"), ("drugB", "TREATS", "amnesia")}),
])
def test_relate_adverse_links(marked, expected):
    assert triples(marked) == expected


def test_relate_title_pair_and_topic_drug_events():
    got = triples("[drugA|DRUG] and [neuropathy|EFFECT]. Seven patients developed [tremor|EFFECT] within "
                  "days. No patient developed [rash|EFFECT] at all.")
    assert got == {("drugA", "CAUSES", "neuropathy"), ("drugA", "CAUSES", "tremor")}


@pytest.mark.parametrize("marked", [
    "[drugA|DRUG] versus [drugB|DRUG] in [neuropathy|EFFECT]. Seven patients developed [tremor|EFFECT] here.",
    "[drugA|DRUG] for [neuropathy|EFFECT]. Others had [tremor|EFFECT] here.",
])
def test_relate_title_rules_opt_out(marked):
    assert not {t for t in triples(marked) if t[1] == "CAUSES"}


# ---------------------------------------------------------------- drug -> target phrasings of the literature

TARGET_CASES = [
    # aliases in parentheses carry the fact of the name before them (both arguments)
    ("the [kinaseA|RECEPTOR] inhibitor [longname|DRUG] ([codeA|DRUG]) was used.",
     {("longname", "INHIBITOR", "kinaseA"), ("codeA", "INHIBITOR", "kinaseA")}),
    ("[drugB|DRUG] enhances [heme enzyme-1|RECEPTOR] ([HE-1|RECEPTOR]) expression in cells.",
     {("drugB", "ACTIVATOR", "heme enzyme-1"), ("drugB", "ACTIVATOR", "HE-1")}),
    # an aspect noun between the target and the agent of a nominal cue
    ("Inhibition of [enzC|RECEPTOR] activity by [drugC|DRUG] was complete.",
     {("drugC", "INHIBITOR", "enzC")}),
    # transport: passive, nominal, and the transporter as active subject
    ("[drugD|DRUG] is transported by [carrierD|RECEPTOR] into cells.", {("drugD", "SUBSTRATE", "carrierD")}),
    ("[carrierE|RECEPTOR] transports [drugE|DRUG] across membranes.", {("drugE", "SUBSTRATE", "carrierE")}),
    # enzyme- or transporter-mediated processing of a drug
    ("[pumpF|RECEPTOR]-mediated [drugF|DRUG] efflux was measured.", {("drugF", "SUBSTRATE", "pumpF")}),
    ("[enzG|RECEPTOR]-catalyzed production of [drugG|DRUG] rose.", {("drugG", "PRODUCT", "enzG")}),
    # light verbs hand their subject to a nominal cue
    ("Treatment with [drugH|DRUG] resulted in activation of [casp-3|RECEPTOR] in cells.",
     {("drugH", "ACTIVATOR", "casp-3")}),
    # activity frames: adjective or compound nominal, the drug inside the template or as holder
    ("[drugI|DRUG] showed potent [enzI|RECEPTOR] inhibitory activity.", {("drugI", "INHIBITOR", "enzI")}),
    ("The inhibitory effect of [drugJ|DRUG] on [enzJ|RECEPTOR] was strong.",
     {("drugJ", "INHIBITOR", "enzJ")}),
    ("[drugK|DRUG] exhibited inhibitory activity against [enzK|RECEPTOR] and [enzL|RECEPTOR] in cells.",
     {("drugK", "INHIBITOR", "enzK"), ("drugK", "INHIBITOR", "enzL")}),
    ("[drugM|DRUG] displayed strong [recM|RECEPTOR] antagonism in vitro.", {("drugM", "ANTAGONIST", "recM")}),
    # hyphenated prefixes the tokenizer splits ("up-regulated"), and further up/down verbs
    ("[drugN|DRUG] up-regulated [geneN|RECEPTOR] in liver.", {("drugN", "ACTIVATOR", "geneN")}),
    ("[drugO|DRUG] down-regulated the expression of [geneO|RECEPTOR] in cells.",
     {("drugO", "INHIBITOR", "geneO")}),
    ("[drugP|DRUG] promotes [kinP|RECEPTOR] autophosphorylation.", {("drugP", "ACTIVATOR", "kinP")}),
    ("[drugQ|DRUG] impaired [kinQ|RECEPTOR] function in cells.", {("drugQ", "INHIBITOR", "kinQ")}),
    # a compound modifier ("Z-induced") before the object is passed over, and the nominal it modifies is
    # read through the outer cue: reducing an activation is inhibiting, never activating
    ("[drugR|DRUG] inhibited [factorZ|RECEPTOR]-induced phosphorylation of [kinR|RECEPTOR] in cells.",
     {("drugR", "INHIBITOR", "kinR")}),
    ("[drugS|DRUG] reduced [factorS|RECEPTOR]-induced activation of [kinS|RECEPTOR] in cells.",
     {("drugS", "INHIBITOR", "kinS")}),
    # means: the clause's subject acts on the target named with 'via'/'through'
    ("[drugT|DRUG] dilates arteries via [chanT|RECEPTOR] activation in rats.",
     {("drugT", "ACTIVATOR", "chanT")}),
]


@pytest.mark.parametrize(("marked", "expected"), TARGET_CASES, ids=[m[:30] for m, _ in TARGET_CASES])
def test_relate_target_phrasings(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "absent"), [
    # a long parenthetical is a remark, not an alias list
    ("the [kinaseA|RECEPTOR] inhibitor [drugA|DRUG] (given daily with food and water, not [codeA|DRUG])",
     ("codeA", "INHIBITOR", "kinaseA")),
    # an activity without a verb of having or showing has no agent
    ("[drugI|DRUG] was dissolved; the [enzI|RECEPTOR] inhibitory activity was measured.",
     ("drugI", "INHIBITOR", "enzI")),
    # 'Y-mediated' before a drug with no processing noun says nothing about substrates
    ("[pumpF|RECEPTOR]-mediated [drugF|DRUG] responses were measured.", ("drugF", "SUBSTRATE", "pumpF")),
    # a nominal cue without a possessor or a light verb names no agent
    ("[drugH|DRUG] was given and activation of [casp-3|RECEPTOR] was measured.",
     ("drugH", "ACTIVATOR", "casp-3")),
    # past a compound modifier only a target is an object: potentiating Z's toxicity is not causing it
    ("[drugV|DRUG] increased [toxinV|DRUG]-induced [hepatotoxicity|EFFECT] in rats.",
     ("drugV", "CAUSES", "hepatotoxicity")),
    # a light verb in the passive hands nothing on
    ("[drugU|DRUG] signals caused by activation of [recU|RECEPTOR] were seen.",
     ("drugU", "ACTIVATOR", "recU")),
])
def test_relate_target_phrasings_traps(marked, absent):
    assert absent not in triples(marked)


@pytest.mark.parametrize(("marked", "expected"), [
    # a bracketed description right after the drug
    ("[drugA|DRUG] (a [recA|RECEPTOR] antagonist) was given.", {("drugA", "ANTAGONIST", "recA")}),
    # an enzyme's poisons are its inhibitors
    ("[enzB|RECEPTOR] poisons such as [drugB|DRUG] kill cells.", {("drugB", "INHIBITOR", "enzB")}),
])
def test_relate_bracketed_apposition_and_poisons(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # "increase"/"decrease" as nouns name their agent only through a light verb, like "activation"
    ("[drugA|DRUG] caused a 7-fold increase of [enzA|RECEPTOR] in cells.", {("drugA", "ACTIVATOR", "enzA")}),
    ("[drugB|DRUG] pretreatment prevented the increase of [ilB|RECEPTOR] in lungs.", set()),
    ("[drugD|DRUG] levels rose and a significant decrease in [enzD|RECEPTOR] followed.", set()),
    # the verb use is untouched
    ("[drugC|DRUG] increased [enzC|RECEPTOR] in cells.", {("drugC", "ACTIVATOR", "enzC")}),
])
def test_relate_increase_as_a_noun_needs_a_light_verb(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # a bracket describes the one name before it, not the list before that name
    ("The effects of [drugA|DRUG] ([enzA|RECEPTOR] inhibitor), [drugB|DRUG] ([enzB|RECEPTOR] inhibitor) "
     "were weak.", {("drugA", "INHIBITOR", "enzA"), ("drugB", "INHIBITOR", "enzB")}),
    # a determined class phrase with its own member does not reach back to an earlier drug
    ("It was blocked by [drugC|DRUG], and by the selective [enzC|RECEPTOR] inhibitor, [drugD|DRUG] again.",
     {("drugD", "INHIBITOR", "enzC")}),
    # without a member of its own the description is still an apposition
    ("[drugE|DRUG], a selective [enzE|RECEPTOR] inhibitor, was given.", {("drugE", "INHIBITOR", "enzE")}),
])
def test_relate_class_descriptions_attach_to_their_own_name(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # an indefinite description still describes the name before it, even with a list item after it
    ("We used [drugF|DRUG], a [recF|RECEPTOR] antagonist, [drugG|DRUG] and others.",
     {("drugF", "ANTAGONIST", "recF"), ("drugG", "ANTAGONIST", "recF")}),
    # a bracket closing a coordination describes every name in it
    ("Both [drugH|DRUG] and [drugI|DRUG] (activators of [recH|RECEPTOR]) were tested.",
     {("drugH", "ACTIVATOR", "recH"), ("drugI", "ACTIVATOR", "recH")}),
])
def test_relate_descriptions_of_lists_and_coordinations(marked, expected):
    assert triples(marked) == expected


def test_relate_a_name_before_cells_is_a_cell_line_not_an_agent():
    assert triples("[PC12|DRUG] cells increased [casp3|RECEPTOR] expression.") == set()
    assert triples("[drugA|DRUG] increased [casp3|RECEPTOR] expression in cells.") == {
        ("drugA", "ACTIVATOR", "casp3")}


@pytest.mark.parametrize(("marked", "expected"), [
    # a relative clause on an indefinite description of the drug: the drug is the subject
    ("[drugA|DRUG], a dual-acting analgesic drug that inhibits [enzA|RECEPTOR], was given.",
     {("drugA", "INHIBITOR", "enzA")}),
    # a description that is no drug noun hands nothing on
    ("[drugB|DRUG] and the line, a model that expresses [recB|RECEPTOR], were used.", set()),
])
def test_relate_relative_clause_on_a_drug_description(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # only an enzyme or a carrier metabolizes or transports a drug
    ("[drugA|DRUG] is metabolized by [CYP2C9|RECEPTOR] in the liver.", {("drugA", "SUBSTRATE", "CYP2C9")}),
    ("[drugB|DRUG] is transported by [OATP1B1|RECEPTOR] into cells.", {("drugB", "SUBSTRATE", "OATP1B1")}),
    ("The [hGR|RECEPTOR] transport rates for [drugC|DRUG] are presented.", set()),
    ("[drugD|DRUG] metabolism is regulated by [PPARalpha|RECEPTOR] in cells.", set()),
])
def test_relate_substrates_need_an_enzyme_or_a_carrier(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # the object of an earlier coordinated verb is not the subject of the next one
    ("[drugA|DRUG] increase cellular [cGMP|DRUG] and subsequently activate [PKG|RECEPTOR] in cells.", set()),
    ("[drugB|DRUG] decreased the [MDA|DRUG] level and increased [SOD|RECEPTOR] in cells.", set()),
    # an earlier verb with no target reading ("treated with X") leaves X the subject
    ("Mice treated with [drugC|DRUG] and fed chow showed increased [enzC|RECEPTOR] in livers.",
     {("drugC", "ACTIVATOR", "enzC")}),
])
def test_relate_object_of_an_earlier_verb_is_no_subject(marked, expected):
    assert triples(marked) == expected


def test_relate_a_nominal_with_its_own_compound_agent_stands_under_an_outer_verb():
    found = triples("[drugV|DRUG] significantly potentiated the [toxT|DRUG]-mediated induction of the "
                    "[enzC|RECEPTOR] mRNA in cells.")
    assert found == {("drugV", "ACTIVATOR", "enzC"), ("toxT", "ACTIVATOR", "enzC")}
    # without a compound agent the governed nominal still states nothing of its own
    assert triples("[drugX|DRUG] reduced the activation of [recX|RECEPTOR] in cells.") == {
        ("drugX", "INHIBITOR", "recX")}


def test_relate_inducers_and_stimulators_are_activators():
    assert triples("Known [NRF2|RECEPTOR] inducers such as [drugS|DRUG] were used.") == {
        ("drugS", "ACTIVATOR", "NRF2")}


@pytest.mark.parametrize(("marked", "expected"), [
    # an indefinite description may carry a long run of modifiers
    ("The efficacy of [drugL|DRUG], a new, long acting, oral [recL receptor|RECEPTOR] antagonist was "
     "compared to placebo.", {("drugL", "ANTAGONIST", "recL receptor")}),
    ("[drugM|DRUG], a potent and competitive inhibitor of the [recM|RECEPTOR] given orally, was tested.",
     {("drugM", "INHIBITOR", "recM")}),
    ("[drugN|DRUG] is an orally active, long acting and highly selective [recN receptor|RECEPTOR] agonist.",
     {("drugN", "AGONIST", "recN receptor")}),
    # a preposition or a non-agent head in the run: the description is of something else
    ("[drugP|DRUG], a major metabolite of the new, potent and selective [recP receptor|RECEPTOR] "
     "antagonist, was measured.", set()),
    ("[drugQ|DRUG], a new, long acting, oral drug with weak [recQ receptor|RECEPTOR] antagonist "
     "activity.", set()),
    # no article: not a description of the drug
    ("[drugR|DRUG] was given orally, and then new, long acting, oral [recR receptor|RECEPTOR] "
     "antagonists were compared.", set()),
])
def test_relate_long_indefinite_descriptions(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # a list introduced further on by "including", "such as", "e.g." names members of the class
    ("Several inhibitors of [recA|RECEPTOR] have been described, including [druga|DRUG], which is in "
     "trials.", {("druga", "INHIBITOR", "recA")}),
    ("Direct-acting [recB|RECEPTOR] agonists, including the natural [drugb|DRUG], [drugc|DRUG] and "
     "[drugd|DRUG], were tested.",
     {("drugb", "AGONIST", "recB"), ("drugc", "AGONIST", "recB"), ("drugd", "AGONIST", "recB")}),
    ("Known [recC|RECEPTOR] poisons (e.g. [druge|DRUG] and [drugf|DRUG]) were tested.",
     {("druge", "INHIBITOR", "recC"), ("drugf", "INHIBITOR", "recC")}),
    ("[recD|RECEPTOR] inhibitors in clinical testing include the compounds [drugg|DRUG] and "
     "[drugh|DRUG] now.", {("drugg", "INHIBITOR", "recD"), ("drugh", "INHIBITOR", "recD")}),
    # a verb or a relative clause in between starts another statement: its list is not the class's
    ("[recE|RECEPTOR] inhibitors reduced the effects of several drugs, including [drugi|DRUG] now.", set()),
    ("[recF|RECEPTOR] inhibitors were studied in patients who took other medicines, including "
     "[drugj|DRUG] now.", set()),
])
def test_relate_lists_introduced_after_a_class_phrase(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected"), [
    # "by V-ing Y": the agent is the main clause's subject, not the nearest name
    ("We report that [druga|DRUG] reduce [drugb|DRUG] synthesis by inhibiting [recA|RECEPTOR] activity.",
     {("druga", "INHIBITOR", "recA")}),
    ("[drugc|DRUG] may enhance the effect of [drugd|DRUG] by selectively inhibiting [recB|RECEPTOR] now.",
     {("drugc", "INHIBITOR", "recB")}),
    ("[druge|DRUG] and [drugf|DRUG] lower [drugg|DRUG] levels by blocking [recC|RECEPTOR] now.",
     {("druge", "INHIBITOR", "recC"), ("drugf", "INHIBITOR", "recC")}),
    ("Chronic administration of [drugh|DRUG] restored autophagy by activating [recD|RECEPTOR] now.",
     {("drugh", "ACTIVATOR", "recD")}),
    # a clause whose names are all governed by prepositions hands no agent on
    ("Blockade of [recE|RECEPTOR] by [drugi|DRUG] could confer benefit by inhibiting the [recF|RECEPTOR] "
     "now.", {("drugi", "INHIBITOR", "recE")}),
])
def test_relate_means_clause_takes_the_main_subject(marked, expected):
    assert triples(marked) == expected


def test_relate_target_coordination_reads_past_aspect_nouns():
    # "signaling" is shaped like a verb, but after a target it names what is acted on
    assert triples("[drugs|DRUG] inhibited [recJ|RECEPTOR] signaling and [recK|RECEPTOR] expression.") == {
        ("drugs", "INHIBITOR", "recJ"), ("drugs", "INHIBITOR", "recK")}
    # a real verb in the gap still starts another predicate
    assert triples("[drugt|DRUG] inhibited [recL|RECEPTOR] and, binding [recM|RECEPTOR], did more.") == {
        ("drugt", "INHIBITOR", "recL"), ("drugt", "BINDS", "recM")}


def test_relate_passive_reaches_back_over_aspect_nouns():
    assert triples("Moreover, [recM|RECEPTOR] transcription and translation were fully inhibited "
                   "by [drugm|DRUG] now.") == {("drugm", "INHIBITOR", "recM")}
    # other words in a long gap: the patient belongs to another predicate
    assert triples("[recN|RECEPTOR] was given to mice and later inhibited by [drugn|DRUG] now.") == set()


@pytest.mark.parametrize(("marked", "expected"), [
    ("[drugz|DRUG], a [recP|RECEPTOR] inhibitor selective for the [recQ|RECEPTOR], has shown activity.",
     {("drugz", "INHIBITOR", "recP"), ("drugz", "INHIBITOR", "recQ")}),
    ("[drugx|DRUG] is a potent [recU|RECEPTOR] inhibitor with selectivity for [recV|RECEPTOR] over "
     "[recW|RECEPTOR] now.",
     {("drugx", "INHIBITOR", "recU"), ("drugx", "INHIBITOR", "recV"), ("drugx", "INHIBITOR", "recW")}),
    # selectivity with no class noun states no type
    ("[drugw|DRUG] is selective for [recS|RECEPTOR] over [recT|RECEPTOR] now.", set()),
])
def test_relate_class_noun_selective_for(marked, expected):
    assert triples(marked) == expected


@pytest.mark.parametrize(("marked", "expected", "absent"), [
    ("[drugA|DRUG] and [drugB|DRUG] inhibited the LPS induced [TNF|RECEPTOR] release in blood.",
     ("drugB", "INHIBITOR", "TNF"), ("drugA", "ACTIVATOR", "TNF")),
    ("[drugA|DRUG] suppresses toxin-induced dimerization of [recT|RECEPTOR] in cells.",
     ("drugA", "INHIBITOR", "recT"), ("drugA", "ACTIVATOR", "recT")),
])
def test_relate_participle_inside_an_outer_verbs_object(marked, expected, absent):
    got = triples(marked)
    assert expected in got and absent not in got


def test_relate_participle_before_via_is_not_skipped():
    assert triples("the ability of [drugA|DRUG] to activate signals mediated via [CD2|RECEPTOR].") == set()


def test_relate_by_without_an_agent_leaves_the_active_reading():
    assert ("drugA", "INHIBITOR", "recV") in triples(
        "[drugA|DRUG] inhibited the activity of [recV|RECEPTOR] by a route distinct from the older drugs'.")
    # a nominal cue still needs its agent: the NER missed "glucocorticoid"
    missed_agent = "[drugA|DRUG] counteracts suppression of [IL-11|RECEPTOR] expression by glucocorticoid."
    assert triples(missed_agent) == set()


@pytest.mark.parametrize(("marked", "expected"), [
    ("[zorbic hydroxylase|RECEPTOR] (ZH), the rate-limiting enzyme in [zorbamine|CHEMICAL] biosynthesis, "
     "was assayed.", ("zorbamine", "PRODUCT", "zorbic hydroxylase")),
    ("[Zorbate reductase|RECEPTOR] is the key enzyme in [zorbate|DRUG] respiration.",
     ("zorbate", "SUBSTRATE", "Zorbate reductase")),
    ("Role of [cytochrome P450 9Z9|RECEPTOR] in [drugM|DRUG] metabolism.",
     ("drugM", "SUBSTRATE", "cytochrome P450 9Z9")),
    ("[drugH|DRUG] glucuronidation by [UGT9Z9|RECEPTOR] was slow.", ("drugH", "SUBSTRATE", "UGT9Z9")),
    ("[Levodopa|DRUG] is rapidly catabolized by [COMT|RECEPTOR].", ("Levodopa", "SUBSTRATE", "COMT")),
])
def test_relate_enzyme_roles_and_compound_reactions(marked, expected):
    assert expected in triples(marked)


@pytest.mark.parametrize("marked", [
    "[ZETs|DRUG] production by [CYP9Z9|RECEPTOR] overexpression protects the heart.",  # a cause, no catalyst
    "[NMDA receptors|RECEPTOR] in [glutamate|CHEMICAL] metabolism were studied.",  # no enzyme named
    "[COX-2|RECEPTOR] was induced, and the [PGE2|DRUG] synthesis rose.",  # no role words
])
def test_relate_enzyme_role_traps(marked):
    assert not {t for t in triples(marked) if t[1] == "SUBSTRATE"}


@pytest.mark.parametrize(("marked", "expected"), [
    ("[drugA|DRUG] inhibited [M-CSF|RECEPTOR]-induced osteoclast survival.", ("drugA", "INHIBITOR", "M-CSF")),
    ("[drugA|DRUG] suppressed [recT|RECEPTOR]-mediated activation of gene expression.",
     ("drugA", "INHIBITOR", "recT")),
    ("[drugA|DRUG] suppressed [AMPK|RECEPTOR] activation, [GSK3|RECEPTOR] phosphorylation and growth.",
     ("drugA", "INHIBITOR", "GSK3")),
])
def test_relate_down_verbs_reach_stimuli_and_listed_targets(marked, expected):
    assert expected in triples(marked)


def test_relate_up_verbs_do_not_activate_a_stimulus():
    assert triples("[drugA|DRUG] increased [M-CSF|RECEPTOR]-induced osteoclast survival.") == set()


def test_relate_compounds_evaluated_for_their_activity():
    got = triples("Several cinnamic esters, such as [drugA|DRUG], [drugB|DRUG] and [drugC|DRUG], were then "
                  "tested for their inhibitory effects on [zorbase|RECEPTOR].")
    assert {("drugA", "INHIBITOR", "zorbase"), ("drugC", "INHIBITOR", "zorbase")} <= got
    # no study verb: "their" may be anyone's
    assert triples("[drugA|DRUG] was given to mice, and we recorded their inhibitory effects against "
                   "[carbonic anhydrase|RECEPTOR].") == set()


def test_relate_bracketed_members_of_a_class_phrase():
    got = triples("Inhibitors of [PDE4|RECEPTOR] ([rolipram|DRUG]; 1 microM) and [PDE3|RECEPTOR] "
                  "([cilostazol|DRUG]; 1 microM) delayed apoptosis.")
    assert {("rolipram", "INHIBITOR", "PDE4"), ("cilostazol", "INHIBITOR", "PDE3")} <= got
    assert ("cilostazol", "INHIBITOR", "PDE4") not in got
    got = triples("It is given with inhibitors of [AADC|RECEPTOR] ([carbidopa|DRUG] or [benserazide|DRUG]).")
    assert {("carbidopa", "INHIBITOR", "AADC"), ("benserazide", "INHIBITOR", "AADC")} <= got


def test_relate_class_phrase_governed_by_a_preposition_describes_no_one():
    assert triples("[COMT|RECEPTOR] degrades [levodopa|DRUG], the drug is given with inhibitors of "
                   "[AADC|RECEPTOR].") == set()
    assert triples("[drugA|DRUG] and [drugB|DRUG] are unrelated to [H1R|RECEPTOR] antagonists.") == set()


def test_relate_brackets_glued_inside_tokens_do_not_unbalance_the_sentence():
    got = triples("Application of [drugA|DRUG] (EC(50) = 25 microM) and [drugB|DRUG] (EC(50) = 2.6 microM) "
                  "resulted in the activation of [KCNQ2|RECEPTOR] currents.")
    assert {("drugA", "ACTIVATOR", "KCNQ2"), ("drugB", "ACTIVATOR", "KCNQ2")} <= got


def test_relate_each_bracketed_description_describes_its_own_drug():
    got = triples("We compared [drugA|DRUG] (a [D1R|RECEPTOR] antagonist), and [drugB|DRUG] "
                  "(a [D2R|RECEPTOR] antagonist).")
    assert ("drugB", "ANTAGONIST", "D2R") in got and ("drugA", "ANTAGONIST", "D2R") not in got


def test_relate_verb_then_noun_cue_composes():
    assert ("drugA", "ACTIVATOR", "CA II") in triples(
        "[drugA|DRUG] induces an increase in erythrocyte [CA II|RECEPTOR] activity.")
    assert ("drugA", "INHIBITOR", "p53") in triples(
        "[drugA|DRUG] blocked the increase in [p53|RECEPTOR] levels.")


def test_relate_copular_description_before_a_relative_pronoun():
    got = triples("[drugA|DRUG] and [drugB|DRUG] are two fairly recent analgesic drugs "
                  "(NSAIDs) that selectively inhibit the [recC|RECEPTOR] isoform.")
    assert {("drugA", "INHIBITOR", "recC"), ("drugB", "INHIBITOR", "recC")} <= got


@pytest.mark.parametrize(("marked", "expected"), [
    ("[Zorbases|RECEPTOR] metabolize many kinds of substrates, including [zorbanes|DRUG].",
     ("zorbanes", "SUBSTRATE", "Zorbases")),
    ("We used [bupropion|DRUG] as a [CYP2B6|RECEPTOR] probe substrate.",
     ("bupropion", "SUBSTRATE", "CYP2B6")),
])
def test_relate_substrate_lists_and_probe_substrates(marked, expected):
    assert expected in triples(marked)


def test_relate_object_phrase_listing_its_members():
    got = triples("[drugA|DRUG] increased the gene expression of [HIF|RECEPTOR]-target genes in the liver, "
                  "including [EPO|RECEPTOR], [HO-1|RECEPTOR] and [VEGF|RECEPTOR].")
    assert {("drugA", "ACTIVATOR", "EPO"), ("drugA", "ACTIVATOR", "VEGF")} <= got
    assert ("drugA", "ACTIVATOR", "HIF") not in got  # "HIF-target genes" names other genes


def test_relate_transport_steps_make_substrates():
    assert ("cholesterol", "SUBSTRATE", "ABCA1") in triples(
        "[ABCA1|RECEPTOR] mediates the efflux of [cholesterol|DRUG] from cells.")
    assert ("PGE2", "SUBSTRATE", "COX-2") in triples(
        "We measured [COX-2|RECEPTOR]-mediated [PGE2|DRUG] release.")


def test_relate_catalysis_subject_beyond_an_apposition():
    got = triples("[zorbine dehydratase|RECEPTOR] (ZDH), one of the many vitamin "
                  "B6-dependent enzymes, catalyzes the deamination of [zorbine|DRUG].")
    assert ("zorbine", "SUBSTRATE", "zorbine dehydratase") in got
    # a receptor is no catalyst
    assert triples("[D2 receptor|RECEPTOR], a target of many drugs in the clinic, is said to catalyze the "
                   "conversion of [dopamine|CHEMICAL].") == set()


@pytest.mark.parametrize(("marked", "expected"), [
    ("The [carbamate|DRUG] ([capecitabine|DRUG]) is converted to [5-FU|DRUG] by [TP|RECEPTOR].",
     ("capecitabine", "SUBSTRATE", "TP")),
    ("[Levodopa|DRUG] is rapidly catabolized by [AADC|RECEPTOR] and [COMT|RECEPTOR].",
     ("Levodopa", "SUBSTRATE", "COMT")),
    ("[zorbide|DRUG] is synthesized from [zorbinol|DRUG] via the action of [ZSE|RECEPTOR] and "
     "[ZBS|RECEPTOR].",
     ("zorbinol", "SUBSTRATE", "ZBS")),
])
def test_relate_passive_reactions_with_aliases_and_enzyme_lists(marked, expected):
    assert expected in triples(marked)


def test_relate_glued_activity_owned_by_a_drug_after_it():
    got = triples("The [AChE|RECEPTOR] inhibitory activities of a series of [drugA|DRUG] and [drugB|DRUG] "
                  "were evaluated.")
    assert {("drugA", "INHIBITOR", "AChE"), ("drugB", "INHIBITOR", "AChE")} <= got


@pytest.mark.parametrize("marked", [
    # the bracket describes EHNA, which the NER missed, not the drug before it
    "[theophylline|DRUG] (unspecific [PDE|RECEPTOR] inhibitor), EHNA ([PDE2|RECEPTOR] inhibitor) were weak.",
    # a coordination, not a description
    "These include S-[oxybutynin|DRUG], as well as selective [M2 receptor|RECEPTOR] antagonists.",
])
def test_relate_descriptions_that_belong_to_someone_else(marked):
    got = triples(marked)
    assert ("theophylline", "INHIBITOR", "PDE2") not in got
    assert ("oxybutynin", "ANTAGONIST", "M2 receptor") not in got


@pytest.mark.parametrize(("marked", "expected"), [
    ("The [drugL|DRUG]-induced [recN|RECEPTOR] mRNA downregulation was prevented.",
     ("drugL", "INHIBITOR", "recN")),
    ("[drugM|DRUG]-induced reductions in [recS|RECEPTOR] density were seen.", ("drugM", "INHIBITOR", "recS")),
])
def test_relate_inner_nominal_cue_after_aspect_nouns(marked, expected):
    got = triples(marked)
    assert expected in got and (expected[0], "ACTIVATOR", expected[2]) not in got


def test_relate_inner_cue_must_be_a_noun():
    got = triples("[drugA|DRUG] increased the [AQP5|RECEPTOR] protein level reduced by CTD.")
    assert ("drugA", "INHIBITOR", "AQP5") not in got


def test_relate_passive_patient_never_acts_on_the_agent():
    got = triples("The [PGE1|DRUG] stimulation is inhibited by [PKAI|RECEPTOR] expression.")
    assert ("PGE1", "INHIBITOR", "PKAI") not in got
    assert ("drugA", "SUBSTRATE", "CYP3A4") in triples("[drugA|DRUG] is metabolized by [CYP3A4|RECEPTOR].")


def test_relate_reversing_an_upregulation_inhibits():
    got = triples("[drugA|DRUG] markedly reversed the up-regulation of [recR|RECEPTOR] in astrocytes.")
    assert ("drugA", "INHIBITOR", "recR") in got and ("drugA", "ACTIVATOR", "recR") not in got


def test_relate_target_list_past_a_bracketed_remark():
    got = triples("[drugA|DRUG] also inhibited [ALP|RECEPTOR] activity (58-75%, p<0.046) and "
                  "[osteocalcin|RECEPTOR] production.")
    assert ("drugA", "INHIBITOR", "osteocalcin") in got


@pytest.mark.parametrize(("marked", "expected"), [
    ("We measured the [H2S|DRUG]-synthesizing enzymes, [CSE|RECEPTOR] and [CBS|RECEPTOR], in acini.",
     ("H2S", "PRODUCT", "CBS")),
    ("Both genes, the [drugW|DRUG] metabolic enzyme [CYP9Z9|RECEPTOR] and ZKORC1, were sequenced.",
     ("drugW", "SUBSTRATE", "CYP9Z9")),
    ("PGE2 is synthesized from [arachidonic acid|DRUG] by [COX|RECEPTOR] and [PGES|RECEPTOR].",
     ("arachidonic acid", "SUBSTRATE", "PGES")),
    ("Hepatocytes take up [zorbinine|DRUG] mostly through [ASCT9|RECEPTOR]. Their [zorbinine|DRUG] uptake "
     "through [ASCT9|RECEPTOR] was fast.", ("zorbinine", "SUBSTRATE", "ASCT9")),
])
def test_relate_process_enzymes_and_sources(marked, expected):
    assert expected in triples(marked)


def test_relate_uppercase_no_is_nitric_oxide_not_a_negation():
    got = facts("[drugA|DRUG] reduced cytokines and NO and increased [HO-1|RECEPTOR] activity.")
    assert ("drugA", "ACTIVATOR", "HO-1", False, False) in got


def test_relate_noun_cue_list_whose_first_item_names_no_target():
    got = triples("[drugA|DRUG] treatment resulted in an increase in membrane oxidation, [GPx|RECEPTOR] and "
                  "[G6PD|RECEPTOR] activities.")
    assert {("drugA", "ACTIVATOR", "GPx"), ("drugA", "ACTIVATOR", "G6PD")} <= got
    # a verb's object list is not read this way: "X increased weight, Y ..." may start a new clause
    assert triples("[drugA|DRUG] increased weight, [GPx|RECEPTOR] was unchanged.") == set()
