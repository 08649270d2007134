"""Phrasings of clinical reports in this field, each once missed or misread. Entities marked inline."""

from __future__ import annotations

from pipeline.relate import extract_relations
from tests.test_relate import facts, make_doc, triples


def test_effect_in_patients_reads_plural_nouns():
    for noun in ("response", "responses", "benefit", "benefits"):
        marked = (f"[Zorbaxine|DRUG] produced rapid antidepressant {noun} in patients with "
                  "[bipolar depression|EFFECT].")
        assert ("Zorbaxine", "TREATS", "bipolar depression", False, False) in facts(marked), noun


def test_drug_treatment_noun_without_preposition_treats_nothing():
    # "X treatment" names the drug's use; what follows is what the treatment brought, not its target.
    for marked in ("[Zorbaxine|DRUG] treatment was associated with [dizziness|EFFECT] and [nausea|EFFECT].",
                   "Patients receiving [zorbaxine|DRUG] treatment reported [headache|EFFECT]."):
        assert not any(f[1] == "TREATS" for f in facts(marked)), marked
    # "treatment of/for Y" still names the indication
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in facts(
        "[Zorbaxine|DRUG] is approved for the treatment of [postpartum depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "depression", False, False) in facts(
        "[Zorbaxine|DRUG] treatment for [depression|EFFECT] was well tolerated.")


def test_parent_drug_of_a_metabolite_is_not_the_subject():
    # "M, a metabolite of X, inhibits Y": M inhibits Y; X only describes M.
    found = facts("[Zorbanol|DRUG], a metabolite of [zorbaxine|DRUG], inhibits [GSK3|RECEPTOR].")
    assert ("Zorbanol", "INHIBITOR", "GSK3", False, False) in found
    assert not any(f[0] == "zorbaxine" for f in found)
    found = facts("[Zorbanol|DRUG], a metabolite formed from [zorbaxine|DRUG], does not bind "
                  "[NMDA receptors|RECEPTOR].")
    assert ("Zorbanol", "BINDS", "NMDA receptors", True, False) in found
    assert not any(f[0] == "zorbaxine" for f in found)
    # the metabolite unnamed: no subject at all
    assert not facts("The active metabolite of [zorbaxine|DRUG] activates [5-HT2A receptors|RECEPTOR].")
    # an enantiomer named in apposition still acts
    assert ("Zorbaxine", "ANTAGONIST", "NMDA receptors", False, False) in facts(
        "[Zorbaxine|DRUG], the S-enantiomer of [quarrelon|DRUG], blocks [NMDA receptors|RECEPTOR].")


def _pipeline_facts(text: str) -> set[tuple[str, str, str, bool, bool]]:
    from pipeline.annotate import annotate_texts

    (ann,) = annotate_texts([text])
    return {(f.subject.canonical_name, f.relation, f.object.canonical_name, f.negated, f.hedged)
            for f in ann.facts}


def test_recreational_use_keeps_the_drug_as_subject():
    # "ketamine abuse" was one EFFECT entity (drug abuse), so the drug causing the harm was lost.
    found = _pipeline_facts("Background. Chronic ketamine abuse causes severe ulcerative cystitis in "
                            "young adults.")
    assert any(s == "ketamine" and r == "CAUSES" and "cystitis" in o and not n for s, r, o, n, _ in found)


def test_psilocin_is_a_drug_of_its_own():
    # Psilocin unrecognized left its parent psilocybin as the nearest subject.
    found = _pipeline_facts("Background. Psilocin, the active metabolite of psilocybin, stimulates "
                            "5-HT2A receptors in cortical neurons.")
    assert any(s == "psilocin" and r == "ACTIVATOR" for s, r, _, _, _ in found)
    assert not any(s.lower() == "psilocybin" for s, _, _, _, _ in found)


def test_reversing_an_induced_state_treats_it():
    # Animal-model phrasing: the participle after the effect opens a reduced relative clause; it is no
    # inner cue of the verb ("induced Y inhibition"), which left the fact with no relation at all.
    for verb in ("reversed", "attenuated", "prevented"):
        found = facts(f"[Zorbaxine|DRUG] {verb} the [depressive-like behaviour|EFFECT] induced by chronic "
                      "social defeat stress.")
        assert ("Zorbaxine", "TREATS", "depressive-like behaviour", False, False) in found, verb
    # reversing a drug's therapeutic effect treats nothing
    assert not facts("[Zorbaxine|DRUG] reversed the [antidepressant effects|EFFECT] of [quarrelon|DRUG].")
    # and the inducer of an adverse state still causes it
    assert ("quarrelon", "CAUSES", "catalepsy", False, False) in facts(
        "[Zorbaxine|DRUG] reversed the [catalepsy|EFFECT] induced by [quarrelon|DRUG] in rats.")


def test_depressive_like_behaviour_is_an_effect():
    found = _pipeline_facts("Background. Arketamine reversed the depression-like behaviors induced by "
                            "repeated social defeat in male mice.")
    assert ("arketamine", "TREATS", "depressive-like behavior", False, False) in found


def test_target_required_for_an_effect_mediates_it():
    for word in ("required", "necessary", "essential", "critical"):
        found = facts(f"[Zorbin kinase|RECEPTOR] signalling is {word} for the "
                      "[antidepressant effects|EFFECT] "
                      "of [zorbaxine|DRUG].")
        assert ("Zorbin kinase", "MEDIATES", "antidepressant effects", False, False) in found, word
    assert ("Zorbin kinase", "MEDIATES", "antidepressant effects", True, False) in facts(
        "[Zorbin kinase|RECEPTOR] is not required for the [antidepressant effects|EFFECT] of "
        "[zorbaxine|DRUG].")
    # a drug "required for" something mediates nothing
    assert not facts("[Zorbaxine|DRUG] is required for [anesthesia|EFFECT] in these patients.")


def test_effect_that_requires_a_target():
    found = facts("The [antidepressant effects|EFFECT] of [zorbaxine|DRUG] require [AMPA receptor|RECEPTOR] "
                  "activation.")
    assert ("AMPA receptor", "MEDIATES", "antidepressant effects", False, False) in found
    found = facts("[Zorbaxine|DRUG]'s [antidepressant effects|EFFECT] depend on [BDNF|RECEPTOR] release and "
                  "[TrkB|RECEPTOR] signalling.")
    assert {("BDNF", "MEDIATES", "antidepressant effects", False, False),
            ("TrkB", "MEDIATES", "antidepressant effects", False, False)} <= found
    assert ("GluN2B receptors", "MEDIATES", "antidepressant effects", True, False) in facts(
        "The [antidepressant effects|EFFECT] of [zorbaxine|DRUG] did not require "
        "[GluN2B receptors|RECEPTOR].")


def test_modulate_verb_reads_its_direction_from_the_adverb():
    assert ("Zorbaxine", "POSITIVE_MODULATOR", "GABA-A receptors", False, False) in facts(
        "[Zorbaxine|DRUG], a neuroactive steroid, positively modulates synaptic [GABA-A receptors|RECEPTOR].")
    assert ("Zorbaxine", "NEGATIVE_MODULATOR", "GABA-A receptors", False, False) in facts(
        "[Zorbaxine|DRUG] negatively allosterically modulates [GABA-A receptors|RECEPTOR].")
    assert ("Zorbaxine", "MODULATOR", "BDNF", False, False) in facts(
        "[Zorbaxine|DRUG] modulates [BDNF|RECEPTOR] expression in the hippocampus.")


def test_symptoms_treated_in_a_population_name_its_disease():
    found = facts("[Zorbaxine|DRUG] significantly reduced [depressive symptoms|EFFECT] in women with "
                  "[postpartum depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in found
    found = facts("[Zorbaxine|DRUG] did not improve [depressive symptoms|EFFECT] in adult patients with "
                  "[bipolar depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "bipolar depression", True, False) in found
    assert ("Zorbaxine", "TREATS", "bipolar depression", False, False) not in found
    # another complaint of the population is not its disease
    found = facts("[Zorbaxine|DRUG] reduced [anxiety|EFFECT] in patients with [depression|EFFECT].")
    assert not any(f[2] == "depression" for f in found)


def test_reduced_risk_is_prevention_and_low_risk_a_hedge():
    found = facts("[Zorbaxine|DRUG] plus an oral antidepressant reduced the risk of [relapse|EFFECT].")
    assert ("Zorbaxine", "TREATS", "relapse", False, False) in found
    assert not any(f[1] == "CAUSES" for f in found)
    assert ("Zorbaxine", "CAUSES", "respiratory depression", False, True) in facts(
        "[Zorbaxine|DRUG] has a low risk of [respiratory depression|EFFECT].")
    assert ("Zorbaxine", "CAUSES", "psychosis", False, False) in facts(
        "[Zorbaxine|DRUG] increased the risk of [psychosis|EFFECT].")


def test_trial_that_did_not_separate_from_placebo():
    assert ("Zorbaxine", "TREATS", "major depressive disorder", True, False) in facts(
        "[Zorbaxine|DRUG] failed to separate from placebo in patients with "
        "[major depressive disorder|EFFECT].")
    found = facts("[Zorbaxine|DRUG] did not differ from placebo on [depressive symptoms|EFFECT] in adults "
                  "with [major depressive disorder|EFFECT].")
    assert ("Zorbaxine", "TREATS", "major depressive disorder", True, False) in found
    assert not any(not f[3] for f in found)
    assert ("Zorbaxine", "TREATS", "treatment-resistant depression", False, False) in facts(
        "[Zorbaxine|DRUG] separated from placebo in patients with [treatment-resistant depression|EFFECT].")


def test_absent_side_effects_are_negated_causes():
    assert ("Zorbaxine", "CAUSES", "psychotomimetic side effects", True, False) in facts(
        "[Zorbaxine|DRUG] had no [psychotomimetic side effects|EFFECT] in rodents.")
    assert ("Zorbaxine", "CAUSES", "dissociation", True, False) in facts(
        "[Zorbaxine|DRUG] lacks the [dissociation|EFFECT] seen with older agents.")
    # a therapeutic effect that is absent is no harm denied
    assert not facts("[Zorbaxine|DRUG] showed no [antidepressant effects|EFFECT] in this model.")


def test_metabolic_product_is_not_a_substrate():
    # "X is metabolized to M by E": E acts on X; M is what it makes. SUBSTRATE is X's alone; M is E's
    # PRODUCT.
    for marked in ("[Zorbaxine|DRUG] is metabolized to [norzorbaxine|DRUG] by [CYP3A4|RECEPTOR].",
                   "[CYP3A4|RECEPTOR] converts [zorbaxine|DRUG] to [norzorbaxine|DRUG] in liver microsomes.",
                   "The N-demethylation of [zorbaxine|DRUG] to [norzorbaxine|DRUG] by [CYP3A4|RECEPTOR] "
                   "is fast.",
                   "[Norzorbaxine|DRUG] is formed from [zorbaxine|DRUG] by [CYP3A4|RECEPTOR]."):
        found = triples(marked)
        assert any(s.lower() == "zorbaxine" and r == "SUBSTRATE" for s, r, _ in found), marked
        assert not any(s.lower() == "norzorbaxine" and r == "SUBSTRATE" for s, r, _ in found), marked
        assert any(s.lower() == "norzorbaxine" and r == "PRODUCT" for s, r, _ in found), marked


def test_one_sentence_document_is_no_title():
    # A title names a drug and an adverse condition and nothing else; a lone sentence is prose, and its
    # words must state the link themselves.
    assert not facts("Patients with [bipolar disorder|EFFECT] were excluded from the [zorbaxine|DRUG] arm.")
    # the same words heading an abstract are still its title
    assert ("Zorbaxine", "CAUSES", "cystitis", False, False) in facts(
        "[Zorbaxine|DRUG] and [cystitis|EFFECT]. We report three cases.")


def test_blocking_a_change_another_drug_induced_is_indirect():
    # The blocker stops the rise (it may act anywhere upstream, e.g. at AMPA receptors), not the target.
    found = facts("[Zorbanol|DRUG]-induced increases in [BDNF|RECEPTOR] were blocked by [quarrelon|DRUG].")
    assert ("Zorbanol", "ACTIVATOR", "BDNF", False, False) in found
    assert not any(f[0] == "quarrelon" for f in found)
    assert not any(f[0] == "quarrelon" for f in facts(
        "The increase in [BDNF|RECEPTOR] expression was attenuated by [quarrelon|DRUG] in neurons."))
    # a fall induced by a drug is no activation
    assert not any(f[1] == "ACTIVATOR" for f in facts(
        "The reduction in [SERT|RECEPTOR] activity induced by [zorbaxine|DRUG] was small."))
    # the target itself acted on is still read
    assert ("quarrelon", "INHIBITOR", "GSK3", False, False) in facts(
        "[GSK3|RECEPTOR] was inhibited by [quarrelon|DRUG] in neurons.")


def test_passive_mediated_takes_the_effect_heading_the_subject():
    # The effect is the head of the subject; the drug and the disease after it only say whose effects.
    assert facts("The [antidepressant effects|EFFECT] of [zorbaxine|DRUG] were not mediated by "
                 "[opioid receptors|RECEPTOR].") == {
        ("opioid receptors", "MEDIATES", "antidepressant effects", True, False)}
    found = facts("[Zorbaxine|DRUG]'s [antidepressant effects|EFFECT] in "
                  "[treatment-resistant depression|EFFECT] were not mediated by [opioid receptors|RECEPTOR].")
    assert ("opioid receptors", "MEDIATES", "antidepressant effects", True, False) in found
    assert not any(r == "MEDIATES" and o == "treatment-resistant depression" for _, r, o, _, _ in found)
    found = facts("In patients with [depression|EFFECT], the [antidepressant effects|EFFECT] were "
                  "mediated by [AMPA receptors|RECEPTOR].")
    assert found == {("AMPA receptors", "MEDIATES", "antidepressant effects", False, False)}
    # the harm a protection acts against is not what is mediated
    assert facts("The [neuroprotection|EFFECT] provided by [estradiol|DRUG] against [MPP+|DRUG] "
                 "[toxicity|EFFECT] is mediated by [ERalpha|RECEPTOR].") == {
        ("ERalpha", "MEDIATES", "neuroprotection", False, False)}
    # a process of cells named with their disease: the disease is not what is mediated
    assert not facts("The apoptosis of [melanoma|EFFECT] cells is mediated by [Rho kinase|RECEPTOR].")


def test_second_class_role_after_a_prepositional_target():
    # "an antagonist at Y1 and an agonist at Y2": both roles are the drug's
    for marked in ("[Zorbaxine|DRUG] is an antagonist at [NMDA receptors|RECEPTOR] and an agonist at "
                   "[sigma-1 receptors|RECEPTOR].",
                   "[Zorbaxine|DRUG] acts as an antagonist of [NMDA receptors|RECEPTOR] and a partial "
                   "agonist of [sigma-1 receptors|RECEPTOR] in vitro.",
                   "[Zorbaxine|DRUG] is an [NMDA receptor|RECEPTOR] antagonist and a "
                   "[sigma-1 receptor|RECEPTOR] agonist."):
        found = triples(marked)
        assert any(r == "ANTAGONIST" and o.startswith("NMDA") for _, r, o in found), marked
        assert any(r == "AGONIST" and o.startswith("sigma-1") for _, r, o in found), marked
    assert ("Zorbaxine", "AGONIST", "sigma-1") in triples(
        "[Zorbaxine|DRUG], an [NMDA|RECEPTOR] antagonist and [sigma-1|RECEPTOR] agonist, was combined with "
        "[quarrelon|DRUG].")


def test_worsening_a_condition_is_an_adverse_effect():
    for verb in ("worsens", "exacerbates", "aggravates"):
        assert ("Zorbaxine", "CAUSES", "psychosis", False, False) in facts(
            f"[Zorbaxine|DRUG] {verb} [psychosis|EFFECT] in patients with [schizophrenia|EFFECT].")
    assert ("zorbaxine", "CAUSES", "hypertension", False, False) in facts(
        "Pre-existing [hypertension|EFFECT] was aggravated by [zorbaxine|DRUG] in two patients.")
    assert ("Zorbaxine", "CAUSES", "suicidal ideation", True, False) in facts(
        "[Zorbaxine|DRUG] did not worsen [suicidal ideation|EFFECT] in the trial.")
    assert ("Zorbaxine", "CAUSES", "psychosis", False, False) in facts(
        "[Zorbaxine|DRUG]-induced exacerbation of [psychosis|EFFECT] was seen in two patients.")
    # the condition worsening in patients who receive a drug is still the drug's
    assert ("zorbaxine", "CAUSES", "Depression", False, False) in facts(
        "[Depression|EFFECT] worsened in patients receiving [zorbaxine|DRUG].")
    # worsening a therapeutic effect treats nothing and causes nothing
    assert not facts("[Zorbaxine|DRUG] worsened the [antidepressant response|EFFECT] to [quarrelon|DRUG].")


def test_drug_first_association_with_an_adverse_effect():
    found = facts("[Zorbaxine|DRUG] is associated with [dissociation|EFFECT] and "
                  "[increased blood pressure|EFFECT].")
    assert {("Zorbaxine", "CAUSES", "dissociation", False, False),
            ("Zorbaxine", "CAUSES", "increased blood pressure", False, False)} <= found
    # the drug's use as the subject, and the effect-first order's counterpart
    assert ("Zorbaxine", "CAUSES", "nausea", False, False) in facts(
        "[Zorbaxine|DRUG] treatment was associated with transient [nausea|EFFECT].")
    assert ("Zorbaxine", "CAUSES", "dissociation", False, False) in facts(
        "[Zorbaxine|DRUG] was associated with a higher incidence of [dissociation|EFFECT].")
    assert ("zorbaxine", "CAUSES", "cystitis", False, False) in facts(
        "Chronic use of [zorbaxine|DRUG] has been linked to [cystitis|EFFECT].")
    assert ("Zorbaxine", "CAUSES", "psychosis", True, False) in facts(
        "[Zorbaxine|DRUG] was not associated with [psychosis|EFFECT] in this cohort.")
    assert ("zorbaxine", "CAUSES", "atherosclerosis", False, False) in facts(
        "High-dose [zorbaxine|DRUG] is associated with [atherosclerosis|EFFECT] in older women.")
    # not the subject, or no adverse effect: nothing
    assert not facts("The response to [zorbaxine|DRUG] was associated with [suicidal ideation|EFFECT].")
    assert not facts("Oxidation of membrane [zorbanols|DRUG] is associated with [inflammation|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] was associated with a rapid [antidepressant effect|EFFECT].")
    assert not any(f[1] == "CAUSES" for f in facts(
        "[Zorbaxine|DRUG] was associated with an improvement in [anhedonia|EFFECT]."))


def test_trial_comparison_names_the_indication():
    # a non-drug comparator (ECT) or placebo; the indication is the compared drug's
    for marked in ("[Zorbaxine|DRUG] was non-inferior to ECT in [treatment-resistant depression|EFFECT].",
                   "[Zorbaxine|DRUG] was noninferior to [quarrelon|DRUG] in patients with "
                   "[treatment-resistant depression|EFFECT].",
                   "[Zorbaxine|DRUG] was superior to placebo in [treatment-resistant depression|EFFECT]."):
        found = facts(marked)
        assert ("Zorbaxine", "TREATS", "treatment-resistant depression", False, False) in found, marked
        assert not any(f[0] == "quarrelon" for f in found), marked
    # a failed trial against placebo is a negated indication; losing to an active comparator says nothing
    assert ("Zorbaxine", "TREATS", "major depressive disorder", True, False) in facts(
        "[Zorbaxine|DRUG] was not superior to placebo in adolescents with "
        "[major depressive disorder|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] was not superior to ECT in [treatment-resistant depression|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] was inferior to ECT in [treatment-resistant depression|EFFECT].")


def test_addiction_dependence_and_suicide_are_effects():
    found = _pipeline_facts("Background. Long-term esketamine carries a risk of addiction and dependence.")
    assert ("esketamine", "CAUSES", "addiction", False, False) in found
    found = _pipeline_facts("Background. In this trial, ketamine reduced suicidal thoughts and the risk of "
                            "suicide attempts.")
    assert ("ketamine", "TREATS", "suicide", False, False) in found
    assert not any(r == "CAUSES" for _, r, _, _, _ in found)
    # 'dependence' alone is addiction only beside an unambiguous mention: 'dose dependence' is not
    assert not _pipeline_facts("Background. Ketamine increased BDNF with a clear dose dependence.") & {
        ("ketamine", "CAUSES", "addiction", False, False)}


def test_abuse_potential_the_drug_has():
    assert ("Zorbaxine", "CAUSES", "abuse potential", False, False) in facts(
        "[Zorbaxine|DRUG] has [abuse potential|EFFECT]. It is scheduled.")
    assert ("Zorbaxine", "CAUSES", "abuse potential", False, True) in facts(
        "[Zorbaxine|DRUG] has a low [abuse potential|EFFECT] compared with [quarrelon|DRUG].")
    assert ("Zorbaxine", "CAUSES", "abuse potential", True, False) in facts(
        "[Zorbaxine|DRUG] does not have [abuse potential|EFFECT] in rats.")
    assert ("Zorbaxine", "CAUSES", "abuse potential", True, False) in facts(
        "[Zorbaxine|DRUG] had no [abuse potential|EFFECT] at these doses.")
    # having a disease is no harm done
    assert not any(f[1] == "CAUSES" for f in facts(
        "Patients given [zorbaxine|DRUG] had [depression|EFFECT] at baseline."))


def test_passive_without_an_agent_names_no_actor():
    # "were abolished in mice lacking Y": the effect's drug does not act on the knocked-out target
    assert not facts("The [antidepressant effects|EFFECT] of [zorbaxine|DRUG] were abolished in mice lacking "
                     "[GluN2B|RECEPTOR] in interneurons.")
    assert not facts("[Zorbanol|DRUG] levels were decreased during [hyperthyroidism|EFFECT] in patients.")
    # a passive with its agent, and the passives whose subject is the drug, still read
    assert ("zorbaxine", "INHIBITOR", "GSK3", False, False) in facts(
        "[GSK3|RECEPTOR] was inhibited by [zorbaxine|DRUG] in neurons.")
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in facts(
        "[Zorbaxine|DRUG] is approved for [postpartum depression|EFFECT] in adults.")
    assert ("Zorbaxine", "SUBSTRATE", "CYP3A4", False, False) in facts(
        "[Zorbaxine|DRUG] was only metabolized via [CYP3A4|RECEPTOR] in microsomes.")


def test_drug_treated_group_is_who_received_the_drug():
    # "X-treated patients" names a group; the compound treats nothing that follows
    assert not facts("[Zorbaxine|DRUG]-treated patients had [depression|EFFECT] at baseline.")
    # an event setting in within the group is the drug's adverse effect
    assert {("zorbaxine", "CAUSES", "bladder hyperplasia", False, False),
            ("zorbaxine", "CAUSES", "cystitis", False, False)} <= facts(
        "A quarter of [zorbaxine|DRUG]-treated rats developed [bladder hyperplasia|EFFECT] and "
        "[cystitis|EFFECT].")
    assert ("zorbaxine", "CAUSES", "psychosis", True, False) in facts(
        "No [zorbaxine|DRUG]-treated patient developed [psychosis|EFFECT].")
    # the compound's drug still acts in the sentence's own verb
    assert ("Zorbaxine", "ACTIVATOR", "mTOR", False, False) in facts(
        "[Zorbaxine|DRUG]-treated mice showed increased [mTOR|RECEPTOR] phosphorylation.")


def test_therapeutic_effect_in_a_named_disease():
    assert ("Zorbaxine", "TREATS", "treatment-resistant depression", False, False) in facts(
        "[Zorbaxine|DRUG], an [NMDA receptor|RECEPTOR] antagonist, showed [antidepressant effects|EFFECT] in "
        "[treatment-resistant depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "bipolar depression", True, False) in facts(
        "[Zorbaxine|DRUG] did not show [antidepressant efficacy|EFFECT] in [bipolar depression|EFFECT].")
    # a model of the disease is not the disease
    assert not facts("[Zorbaxine|DRUG] showed [antidepressant effects|EFFECT] in rodent models of "
                     "[depression|EFFECT].")


def test_label_warning_names_an_adverse_effect():
    found = facts("[Zorbaxine|DRUG] carries a boxed warning for [excessive sedation|EFFECT] and sudden "
                  "[loss of consciousness|EFFECT].")
    assert {("Zorbaxine", "CAUSES", "excessive sedation", False, False),
            ("Zorbaxine", "CAUSES", "loss of consciousness", False, False)} <= found
    # a warning about something the patients do names no effect of the drug
    assert not facts("Patients received warnings about driving after [zorbaxine|DRUG] treatment.")


def test_what_a_drugs_users_develop_is_its_adverse_effect():
    assert {("Zorbaxine", "CAUSES", "ulcerative cystitis", False, False),
            ("Zorbaxine", "CAUSES", "hydronephrosis", False, False)} <= facts(
        "[Zorbaxine|DRUG] users frequently develop [ulcerative cystitis|EFFECT] and [hydronephrosis|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] users often have [depression|EFFECT] before they start.")


def test_mediated_via_or_through_a_target():
    assert ("AMPA receptors", "MEDIATES", "antidepressant effects", False, False) in facts(
        "The [antidepressant effects|EFFECT] of [zorbaxine|DRUG] are mediated through "
        "[AMPA receptors|RECEPTOR].")
    assert ("mTOR", "MEDIATES", "antidepressant effects", True, False) in facts(
        "The [antidepressant effects|EFFECT] were not mediated via [mTOR|RECEPTOR] signaling.")


def test_time_to_an_event_is_not_the_event():
    # the verb changes the time, whose direction is the opposite of the event's
    for verb in ("reduced", "shortened", "increased"):
        assert not facts(f"[Zorbaxine|DRUG] {verb} the time to [relapse|EFFECT] in stable remitters."), verb
    assert ("Zorbaxine", "TREATS", "relapse", False, False) in facts(
        "[Zorbaxine|DRUG] reduced the risk of [relapse|EFFECT] in stable remitters.")


def test_position_prefixed_catalysis_verb():
    # "N-demethylates" is a verb with its position prefix, not a compound adjective
    assert triples("[CYP2B6|RECEPTOR] N-demethylates [zorbaxine|DRUG] to [norzorbaxine|DRUG].") == {
        ("zorbaxine", "SUBSTRATE", "CYP2B6"), ("norzorbaxine", "PRODUCT", "CYP2B6")}
    assert not triples("[enzI|RECEPTOR] was blocked by periodate-oxidized [chemI|DRUG] in cells.") & {
        ("chemI", "SUBSTRATE", "enzI")}


def test_disease_of_the_population_is_not_caused():
    # "in patients with Y": Y was there before the drug
    assert not facts("[Zorbaxine|DRUG] worsened positive symptoms in patients with [schizophrenia|EFFECT].")
    assert not any(f[2] == "type 2 diabetes" for f in facts(
        "[Zorbaxines|DRUG] increase the risk of hip fractures in older women with "
        "[type 2 diabetes|EFFECT]."))
    assert ("Zorbaxine", "CAUSES", "hypertension", False, True) in facts(
        "[Zorbaxine|DRUG] may aggravate pre-existing [hypertension|EFFECT].")


def test_members_after_a_degree_phrase_are_coordinated():
    # Drug labels list minor enzymes after "and to a lesser extent (by)": a gap too long for a plain list.
    for marked in ("[Zorbaxine|DRUG] is metabolized mainly by [CYP2B6|RECEPTOR] and [CYP3A4|RECEPTOR], "
                   "and to a lesser extent by [CYP2C19|RECEPTOR] and [CYP2C9|RECEPTOR].",
                   "[Zorbaxine|DRUG] is metabolized primarily by [CYP2B6|RECEPTOR] and [CYP3A4|RECEPTOR] "
                   "and, to a lesser extent, by [CYP2C19|RECEPTOR] and [CYP2C9|RECEPTOR]."):
        found = facts(marked)
        for enzyme in ("CYP2B6", "CYP3A4", "CYP2C19", "CYP2C9"):
            assert ("Zorbaxine", "SUBSTRATE", enzyme, False, False) in found, (enzyme, marked)
    assert {("Zorbaxine", "INHIBITOR", "HCN1"), ("Zorbaxine", "INHIBITOR", "NMDA receptors")} <= triples(
        "[Zorbaxine|DRUG] inhibits [NMDA receptors|RECEPTOR] and, to a lesser degree, [HCN1|RECEPTOR].")
    # without the coordinator the degree phrase is a remark, and a drug after it is no enzyme
    assert ("Zorbaxine", "SUBSTRATE", "quarrelon") not in triples(
        "[Zorbaxine|DRUG] is metabolized by [CYP3A4|RECEPTOR] and to a lesser extent by [quarrelon|DRUG].")


def test_a_repeated_target_opens_a_clause_of_its_own():
    # "inhibit GSK3, and GSK3 inhibition is required ...": the second GSK3 is no member of the first's list,
    # so each fact keeps its own mention (the first GSK3 is what the drugs inhibit, the second mediates).
    doc = make_doc("[Lithium|DRUG] and [zorbaxine|DRUG] both inhibit [GSK3|RECEPTOR], and [GSK3|RECEPTOR] "
                   "inhibition is required for the sustained [antidepressant effects|EFFECT] of "
                   "[zorbaxine|DRUG].")
    found = {(r.subject.text, r.subject.start, r.relation, r.object.text, r.object.start)
             for r in extract_relations(doc)}
    first, second = (e.start for e in doc.ents if e.text == "GSK3")
    assert found == {("Lithium", 0, "INHIBITOR", "GSK3", first), ("zorbaxine", 2, "INHIBITOR", "GSK3", first),
                     ("GSK3", second, "MEDIATES", "antidepressant effects", doc.ents[-2].start)}


def test_class_noun_target_after_location_adjectives():
    # "a positive allosteric modulator of synaptic and extrasynaptic GABA-A receptors" was missed: three
    # words before the target were too many for the class noun's reach.
    assert ("Zorbaxine", "POSITIVE_MODULATOR", "GABA-A receptors", False, False) in facts(
        "[Zorbaxine|DRUG] is a positive allosteric modulator of synaptic and extrasynaptic "
        "[GABA-A receptors|RECEPTOR].")
    assert ("Zorbaxine", "ANTAGONIST", "NMDA receptors", False, False) in facts(
        "[Zorbaxine|DRUG] is an antagonist of both native and recombinant [NMDA receptors|RECEPTOR].")
    # other words still end the reach: what the class noun acts on is not the target
    assert not facts("[Zorbaxine|DRUG] is an inhibitor of the firing of habenular neurons expressing "
                     "[NMDA receptors|RECEPTOR].")


def test_second_class_phrase_after_one_without_a_target():
    # "X is a reuptake inhibitor and a noncompetitive antagonist of Y": the first phrase's target is no
    # receptor (here a chemical), so its apposition was never read and the second lost its drug.
    found = facts("[Zorbaxine|DRUG] is a [norepinephrine|CHEMICAL]-[dopamine|CHEMICAL] reuptake inhibitor "
                  "and a noncompetitive antagonist of [nicotinic acetylcholine receptors|RECEPTOR].")
    assert found == {("Zorbaxine", "ANTAGONIST", "nicotinic acetylcholine receptors", False, False)}
    # a bare first class noun shares the target
    assert {("Zorbaxine", "SUBSTRATE", "CYP3A4"), ("Zorbaxine", "INHIBITOR", "CYP3A4")} <= triples(
        "[Zorbaxine|DRUG] is a substrate and a moderate inhibitor of [CYP3A4|RECEPTOR].")


def test_produce_is_a_cause_verb():
    # "arketamine does not produce dissociative symptoms": the field's usual claim, missed as "produce" was
    # no cue (only "produced no Y" was read).
    found = facts("[Zorbaxine|DRUG] does not produce [dissociative symptoms|EFFECT] or "
                  "[abuse liability|EFFECT] in rodents.")
    assert found == {("Zorbaxine", "CAUSES", "dissociative symptoms", True, False),
                     ("Zorbaxine", "CAUSES", "abuse liability", True, False)}
    assert ("zorbaxine", "CAUSES", "dissociation", False, False) in facts(
        "Intranasal [zorbaxine|DRUG] produced transient [dissociation|EFFECT] in most patients.")
    # a therapeutic effect produced is a treatment, a nominal cue after it is read through it
    assert ("Zorbaxine", "TREATS", "depressive symptoms", False, False) in facts(
        "[Zorbaxine|DRUG] produced sustained improvement of [depressive symptoms|EFFECT].")
    assert ("Zorbaxine", "INHIBITOR", "GSK3", False, False) in facts(
        "[Zorbaxine|DRUG] produced a marked inhibition of [GSK3|RECEPTOR].")
    # a drug named only as what others differ from produces nothing
    assert not facts("Sedatives different from [zorbaxine|DRUG] also produced [hypotension|EFFECT].")


def test_an_effect_without_a_harm_denies_the_harm():
    # "showed antidepressant effects without psychotomimetic side effects": the field's usual claim for the
    # R-enantiomer, missed.
    assert facts("[Zorbaxine|DRUG], the R-enantiomer of [quarrelon|DRUG], showed "
                 "[antidepressant effects|EFFECT] without [psychotomimetic side effects|EFFECT] "
                 "in rodents.") == {
        ("Zorbaxine", "CAUSES", "psychotomimetic side effects", True, False)}
    found = facts("[Zorbaxine|DRUG] reduced [depressive symptoms|EFFECT] without causing "
                  "[dissociation|EFFECT] or [sedation|EFFECT].")
    assert {("Zorbaxine", "CAUSES", "dissociation", True, False),
            ("Zorbaxine", "CAUSES", "sedation", True, False)} <= found
    # who was studied, and what something else brings, are no claims about the drug
    assert not facts("[Zorbaxine|DRUG] was given to patients without [psychosis|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] was taken with or without [nausea|EFFECT] medication.")
    assert ("Zorbaxine", "CAUSES", "hypotension", True, False) not in facts(
        "[Zorbaxine|DRUG] improved [depression|EFFECT] without [quarrelon|DRUG]-induced "
        "[hypotension|EFFECT].")


def test_adverse_events_a_treated_group_reported():
    # Trial abstracts: "Patients receiving X 30 mg reported Y (15%), ..." was missed.
    found = facts("Patients receiving [zorbaxine|DRUG] 30 mg reported [somnolence|EFFECT] (15%), "
                  "[headache|EFFECT] (9%) and [dizziness|EFFECT] (8%).")
    assert found == {("zorbaxine", "CAUSES", e, False, False)
                     for e in ("somnolence", "headache", "dizziness")}
    assert ("zorbaxine", "CAUSES", "seizures", True, False) in facts(
        "None of the patients treated with [zorbaxine|DRUG] developed [seizures|EFFECT].")
    assert ("zorbaxine", "CAUSES", "dissociation", True, False) in facts(
        "Patients receiving [zorbaxine|DRUG] did not report [dissociation|EFFECT].")
    # less of something is no adverse event
    assert not facts("Patients who received [zorbaxine|DRUG] reported less [anxiety|EFFECT].")


def test_effects_listed_before_the_adverse_events_of_a_drug():
    # "A and B were the most frequently reported adverse reactions with X": only the order with the list
    # after the drug was read.
    assert facts("[Somnolence|EFFECT] and [dizziness|EFFECT] were the most frequently reported adverse "
                 "reactions with [zorbaxine|DRUG].") == {("zorbaxine", "CAUSES", "Somnolence", False, False),
                                                         ("zorbaxine", "CAUSES", "dizziness", False, False)}
    assert not facts("[Anxiety|EFFECT] and [insomnia|EFFECT] were not adverse events of [zorbaxine|DRUG].")


def test_a_which_clause_describes_like_an_apposition():
    # "converted to psilocin, which acts as a partial agonist at 5-HT2A receptors" was missed.
    assert facts("[Zorbaxine|DRUG] is converted to [psilocin|DRUG], which acts as a partial agonist at "
                 "[5-HT2A receptors|RECEPTOR].") == {
        ("psilocin", "AGONIST", "5-HT2A receptors", False, False)}
    assert ("Zorbaxine", "ANTAGONIST", "NMDA receptors", True, False) in facts(
        "[Zorbaxine|DRUG], which is not an antagonist of [NMDA receptors|RECEPTOR], was measured.")
    assert ("Zorbaxine", "ANTAGONIST", "NMDA receptors", False, True) in facts(
        "[Zorbaxine|DRUG], which may act as an antagonist of [NMDA receptors|RECEPTOR], was measured.")
    # "the metabolite of X, which ...": the clause may describe the metabolite
    assert not facts("The metabolite of [zorbaxine|DRUG], which acts as an antagonist of "
                     "[NMDA receptors|RECEPTOR], was measured.")


def test_a_that_clause_after_a_class_description_has_the_drug_as_subject():
    # "Lanicemine is a low-trapping NMDA channel blocker that did not separate from placebo in patients with
    # MDD": the failed trial was missed (the target inside the description hid the drug).
    found = facts("[Zorbaxine|DRUG] is a low-trapping [NMDA channel|RECEPTOR] blocker that did not separate "
                  "from placebo in patients with [major depressive disorder|EFFECT].")
    assert ("Zorbaxine", "TREATS", "major depressive disorder", True, False) in found
    assert ("Zorbaxine", "TREATS", "depressive symptoms", False, False) in facts(
        "[Zorbaxine|DRUG] is a neurosteroid that rapidly reduces [depressive symptoms|EFFECT].")


def test_a_receptor_role_is_not_repeated_as_a_vaguer_fact():
    # "X is a Y agonist that promotes Y dimerization": AGONIST says how X activates Y; ACTIVATOR on the same
    # pair from the same sentence only doubles the fact.
    found = triples("[Zorbaxine|DRUG], a [TrkB|RECEPTOR] agonist, promotes [TrkB|RECEPTOR] dimerization.")
    assert ("Zorbaxine", "AGONIST", "TrkB") in found
    assert ("Zorbaxine", "ACTIVATOR", "TrkB") not in found
    found = triples("[Zorbaxine|DRUG], a selective [NMDA receptor|RECEPTOR] antagonist, inhibits "
                    "[NMDA receptor|RECEPTOR] currents.")
    assert found == {("Zorbaxine", "ANTAGONIST", "NMDA receptor")}


def test_a_drug_class_noun_is_no_elided_target():
    # "an oral neuroactive steroid and GABA-A receptor positive allosteric modulator" gave a second target
    # "steroid" (read as an elided "steroid receptor", like "sodium and calcium channels").
    assert facts("[Zorbaxine|DRUG] is an oral neuroactive steroid and [GABA-A receptor|RECEPTOR] positive "
                 "allosteric modulator.") == {
        ("Zorbaxine", "POSITIVE_MODULATOR", "GABA-A receptor", False, False)}
    assert ("Zorbaxine", "INHIBITOR", "voltage-gated sodium") in triples(
        "[Zorbaxine|DRUG] blocks voltage-gated sodium and [calcium channels|RECEPTOR].")


def test_lead_to_is_a_cause_verb():
    # "Long-term ketamine use can lead to ulcerative cystitis" was missed.
    assert {("zorbaxine", "CAUSES", "ulcerative cystitis", False, True),
            ("zorbaxine", "CAUSES", "cognitive impairment", False, True)} <= facts(
        "Long-term [zorbaxine|DRUG] use may lead to [ulcerative cystitis|EFFECT] and "
        "[cognitive impairment|EFFECT].")
    assert ("Zorbaxine", "CAUSES", "dependence", True, False) in facts(
        "[Zorbaxine|DRUG] did not lead to [dependence|EFFECT].")
    # what was led to is the effect's end, or the effect is in a later phrase
    assert facts("[Zorbaxine|DRUG] led to resolution of [psoriasis|EFFECT].") == {
        ("Zorbaxine", "TREATS", "psoriasis", False, False)}
    assert not facts("[Zorbaxine|DRUG] in the line led to recurarization after [flushing|EFFECT] the line.")
    assert ("Zorbaxine", "TREATS", "depressive symptoms", False, False) in facts(
        "[Zorbaxine|DRUG] led to a reduction in [depressive symptoms|EFFECT].")


def test_indication_past_a_combination_remark():
    # Label wording: "X is indicated, in conjunction with an oral antidepressant, for Y" was missed.
    for marked in ("[Zorbaxine|DRUG] nasal spray is indicated, in conjunction with an oral antidepressant, "
                   "for [treatment-resistant depression|EFFECT] in adults.",
                   "[Zorbaxine|DRUG] is indicated in combination with an oral antidepressant for "
                   "[treatment-resistant depression|EFFECT]."):
        found = facts(marked)
        assert ("Zorbaxine", "TREATS", "treatment-resistant depression", False, False) in found, marked


def test_population_indication_past_time_point_and_comparator():
    # "improved depressive symptoms at day 15 compared with placebo in women with postpartum depression":
    # the indication was missed (only an outcome followed right by "in women with D" was read).
    found = facts("[Zorbaxine|DRUG] 50 mg significantly improved [depressive symptoms|EFFECT] at day 15 "
                  "compared with placebo in women with [postpartum depression|EFFECT].")
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in found
    # an outcome that is no measure of the disease still says nothing of it
    assert ("Zorbaxine", "TREATS", "major depressive disorder") not in triples(
        "[Zorbaxine|DRUG] reduced [anxiety|EFFECT] at day 15 in adults with "
        "[major depressive disorder|EFFECT].")


def test_nominal_agent_past_a_location_phrase():
    # Review wording: "Blockade of NMDA receptors on GABAergic interneurons by ketamine disinhibits ..." was
    # missed (the location stood between the target and its agent).
    assert ("zorbaxine", "ANTAGONIST", "NMDA receptors", False, False) in facts(
        "Blockade of [NMDA receptors|RECEPTOR] on GABAergic interneurons by [zorbaxine|DRUG] disinhibits "
        "pyramidal cells.")
    assert not facts("Inhibition of [GSK3|RECEPTOR] in mice by knockout was observed.")


def test_coordinated_verbs_share_their_object():
    # Label wording: "did not inhibit or induce major CYP enzymes" gave only the negated ACTIVATOR fact.
    assert {("Zorbaxine", "INHIBITOR", "CYP enzymes", True, False),
            ("Zorbaxine", "ACTIVATOR", "CYP enzymes", True, False)} <= facts(
        "[Zorbaxine|DRUG] did not inhibit or induce major [CYP enzymes|RECEPTOR] at clinically relevant "
        "concentrations.")


def test_antidepressant_effects_treat_no_other_disease_of_the_patients():
    # "did not alter ketamine's antidepressant effects in alcohol use disorder" gave 'ketamine TREATS alcohol
    # use disorder': an antidepressant effect treats the patients' depression.
    assert not facts("Naltrexone did not alter [zorbaxine|DRUG]'s [antidepressant effects|EFFECT] in "
                     "[alcohol use disorder|EFFECT].")
    assert triples("[Zorbaxine|DRUG] had [antidepressant effects|EFFECT] in patients with [MDD|EFFECT] and "
                   "[PTSD|EFFECT].") == {("Zorbaxine", "TREATS", "MDD")}
    assert ("Zorbaxine", "TREATS", "neuropathic pain") in triples(
        "[Zorbaxine|DRUG] had [analgesic effects|EFFECT] in patients with [neuropathic pain|EFFECT].")


def test_label_metabolism_with_products_and_minor_routes():
    # "metabolized by CYP2D6 to dextrorphan and, to a lesser extent, by CYP3A4 to M" lost CYP3A4;
    # "dephosphorylated by alkaline phosphatase to psilocin, which is glucuronidated by UGT1A10": nothing.
    assert facts("[Zorbaxine|DRUG] is primarily metabolized by [CYP2D6|RECEPTOR] to [zorbanol|DRUG] and, "
                 "to a lesser extent, by [CYP3A4|RECEPTOR] to [nor-zorbaxine|DRUG].") == {
        ("Zorbaxine", "SUBSTRATE", "CYP2D6", False, False),
        ("Zorbaxine", "SUBSTRATE", "CYP3A4", False, False),
        ("zorbanol", "PRODUCT", "CYP2D6", False, False),
        ("nor-zorbaxine", "PRODUCT", "CYP3A4", False, False)}
    assert facts("[Zorbaxine|DRUG] is rapidly dephosphorylated by [alkaline phosphatase|RECEPTOR] to "
                 "[zorbanol|DRUG], which is glucuronidated by [UGT1A10|RECEPTOR].") == {
        ("Zorbaxine", "SUBSTRATE", "alkaline phosphatase", False, False),
        ("zorbanol", "PRODUCT", "alkaline phosphatase", False, False),
        ("zorbanol", "SUBSTRATE", "UGT1A10", False, False)}


def test_class_nouns_coordinated_without_an_article():
    # Label wording: "Brexanolone is not a substrate or inhibitor of major CYP enzymes" gave nothing.
    assert facts("[Zorbaxine|DRUG] is not a substrate or inhibitor of major [CYP enzymes|RECEPTOR].") == {
        ("Zorbaxine", "SUBSTRATE", "CYP enzymes", True, False),
        ("Zorbaxine", "INHIBITOR", "CYP enzymes", True, False)}


def test_the_drug_whose_combined_use_is_the_subject():
    # Label wording: "Concomitant use of zuranolone with alcohol or other CNS depressants may increase the
    # risk of respiratory depression" gave 'alcohol CAUSES respiratory depression', nothing for zuranolone.
    assert facts("Concomitant use of [zorbaxine|DRUG] with [alcohol|DRUG] or other CNS depressants may "
                 "increase the risk of [respiratory depression|EFFECT].") == {
        ("zorbaxine", "CAUSES", "respiratory depression", False, True)}


def test_an_elided_target_over_a_chemical_mention_replaces_it():
    # "inhibits serotonin and norepinephrine transporters": the conjunct "serotonin" is the NER's
    # chemical, but here it names the elided serotonin transporter, a target (the fact's object carries
    # the target's label; tests/test_annotate.py checks the table keeps it apart from the chemical).
    doc = make_doc("[Zorbaxine|DRUG] inhibits [serotonin|CHEMICAL] and "
                   "[norepinephrine transporters|RECEPTOR].")
    found = {(r.subject.text, r.relation, r.object.text, r.object.label_) for r in extract_relations(doc)}
    assert found == {("Zorbaxine", "INHIBITOR", "serotonin", "RECEPTOR"),
                     ("Zorbaxine", "INHIBITOR", "norepinephrine transporters", "RECEPTOR")}


def test_depression_scale_scores_in_a_population():
    # Trial abstracts: "X reduced MADRS scores versus bupropion alone in patients with MDD", "reduced HAM-D
    # scores in women with postpartum depression" were missed; the disease is what the scale measures.
    assert facts("[Zorbaxine|DRUG] rapidly reduced MADRS scores versus [quarrelon|DRUG] alone in patients "
                 "with [major depressive disorder|EFFECT].") == {
        ("Zorbaxine", "TREATS", "major depressive disorder", False, False)}
    assert ("Zorbaxine", "TREATS", "postpartum depression", False, False) in facts(
        "[Zorbaxine|DRUG] infusion reduced HAM-D scores in women with [postpartum depression|EFFECT] within "
        "60 hours.")
    assert facts("[Zorbaxine|DRUG] did not reduce MADRS scores in adults with [MDD|EFFECT].") == {
        ("Zorbaxine", "TREATS", "MDD", True, False)}
    # a score that measures something else says nothing of the population's disease
    assert not facts("[Zorbaxine|DRUG] reduced pain scores in patients with [MDD|EFFECT].")
    assert not facts("[Zorbaxine|DRUG] reduced MADRS scores in patients with [schizophrenia|EFFECT].")


def test_adverse_events_reported_with_a_drug():
    # Trial results naming the event first were missed: "Y was reported in 49% of patients treated with
    # X", "Y occurred more frequently with X than with placebo", "No cases of Y were reported with X".
    assert ("zorbaxine", "CAUSES", "Sedation", False, False) in facts(
        "[Sedation|EFFECT] was reported in 49% of patients treated with [zorbaxine|DRUG] compared with 13% "
        "on placebo.")
    assert ("zorbaxine", "CAUSES", "Dissociation", False, False) in facts(
        "[Dissociation|EFFECT] occurred more frequently with [zorbaxine|DRUG] than with placebo.")
    assert ("zorbaxine", "CAUSES", "psychosis", True, False) in facts(
        "No cases of [psychosis|EFFECT] were reported with [zorbaxine|DRUG] in the long-term study.")
    assert not facts("[Dissociation|EFFECT] occurred more frequently with placebo than with "
                     "[zorbaxine|DRUG].")


def test_an_effect_in_patients_belongs_to_every_coordinated_drug():
    # "Neither memantine nor lanicemine produced sustained antidepressant effects in patients with TRD" gave
    # the failed indication for lanicemine only.
    found = facts("Neither [zorbaxine|DRUG] nor [quarrelon|DRUG] produced sustained "
                  "[antidepressant effects|EFFECT] in patients with [treatment-resistant depression|EFFECT].")
    assert {("zorbaxine", "TREATS", "treatment-resistant depression", True, False),
            ("quarrelon", "TREATS", "treatment-resistant depression", True, False)} <= found


def test_it_after_but_is_the_sentence_drug():
    # Web news: "Ketamine may help people with depression, but it can cause dissociation" was missed.
    assert ("Zorbaxine", "CAUSES", "dissociation", False, False) in facts(
        "[Zorbaxine|DRUG] may help people with [depression|EFFECT], but it can cause [dissociation|EFFECT].")
    # only the one drug opening the sentence
    assert not facts("The trial of [zorbaxine|DRUG] failed, but it caused [nausea|EFFECT] in many.")
    assert not facts("Patients given [zorbaxine|DRUG] or [quarrelon|DRUG] improved, but it caused "
                     "[nausea|EFFECT].")


def test_a_class_description_as_second_predicate():
    # Label wording: "Esketamine does not inhibit CYP enzymes and is not a substrate of P-glycoprotein" lost
    # the second predicate (the apposition scan stopped at the first predicate's target).
    assert facts("[Zorbaxine|DRUG] does not inhibit [CYP enzymes|RECEPTOR] and is not a substrate of "
                 "[P-glycoprotein|RECEPTOR].") == {("Zorbaxine", "INHIBITOR", "CYP enzymes", True, False),
                                                   ("Zorbaxine", "SUBSTRATE", "P-glycoprotein", True, False)}
    # a relative clause in between has a subject of its own
    assert ("Zorbaxine", "SUBSTRATE", "CYP2B6") not in triples(
        "[Zorbaxine|DRUG] inhibits [GSK3|RECEPTOR], which binds [TrkA|RECEPTOR] and is a substrate of "
        "[CYP2B6|RECEPTOR].")


def test_an_effect_depends_on_what_of_a_target():
    # "X's antidepressant effects depend on the release of BDNF and activation of TrkB" was missed (the
    # aspect words before the target were too many), and so was the second target.
    found = triples("[Zorbaxine|DRUG]'s [antidepressant effects|EFFECT] depend on the release of "
                    "[BDNF|RECEPTOR] and activation of [TrkB|RECEPTOR] in mice.")
    assert {("BDNF", "MEDIATES", "antidepressant effects"),
            ("TrkB", "MEDIATES", "antidepressant effects")} <= found


def test_what_a_cause_verb_does_not_cause():
    # Read on benchmark text after 'produce' and 'lead to' became cause verbs: an effect under "no effect
    # on", a compound modifier, or a population "all without Y" is nothing the drug causes.
    assert not facts("[Zorbaxine|DRUG] produced no effect on [pain|EFFECT] ratings in the cold test.")
    assert not facts("A study of [zorbaxine|DRUG] led to expansion of an [MTC|EFFECT]-enriched cohort.")
    assert not any(f[2] == "autoimmune disease" for f in facts(
        "Doses of [zorbaxine|DRUG] in women, all without any [autoimmune disease|EFFECT], were safe."))
    assert not facts("[Zorbaxine|DRUG] was given to 21 patients with angina and to others without "
                     "[angina pectoris|EFFECT].")


def test_reaction_passive_with_an_adverb_before_its_agent():
    # Label wording: "X is glucuronidated mainly by UGT1A10", "N-demethylated primarily by CYP2B6": missed.
    assert facts("[Zorbaxine|DRUG] is glucuronidated mainly by [UGT1A10|RECEPTOR].") == {
        ("Zorbaxine", "SUBSTRATE", "UGT1A10", False, False)}
    assert facts("[Zorbaxine|DRUG] is converted predominantly by [CYP2B6|RECEPTOR] to [zorbanol|DRUG].") == {
        ("Zorbaxine", "SUBSTRATE", "CYP2B6", False, False), ("zorbanol", "PRODUCT", "CYP2B6", False, False)}
