"""The cue lexicon for relation extraction: which words signal which relation, and which words are glue.

Kept apart from the frames so pharmacologists can read and extend the vocabulary without reading the
matching code. Every entry is a lower-cased surface form: the pipeline has no lemmatizer or tagger
(scispacy's trained models cannot be installed), so inflections are spelled out by `_forms`.

Cues were chosen from the general phrasing of pharmacology writing ("X inhibited Y", "the Y antagonist
X", "X is metabolized by CYP3A4", "X-induced Y"), not from any one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.schema import DRUG, EFFECT, RECEPTOR


@dataclass(frozen=True)
class Cue:
    """One predicate word. `rels` maps the object's label to the relation it signals.

    kind: "noun" for class nouns read in apposition/compound frames ("the Y antagonist X"); "verb" for
    verbs and nominalizations read in subject-verb-object, passive and "of ... by" frames.
    subject: the label the fact's subject must carry (DRUG, or RECEPTOR for "mediated by").
    """

    family: str
    kind: str
    rels: tuple[tuple[str, str], ...]
    subject: str = DRUG

    def relation_for(self, object_label: str) -> str | None:
        return dict(self.rels).get(object_label)


def _forms(stem: str, *suffixes: str) -> tuple[str, ...]:
    return tuple(stem + s for s in suffixes)


_VERB_SUFFIXES = ("", "s", "d", "ed", "es", "ing")

# (surface forms, family, kind, {object label: relation}, subject label)
_CUE_TABLE: tuple[tuple[tuple[str, ...], str, str, dict[str, str], str], ...] = (
    # Class nouns: "X, a Y antagonist", "the Y inhibitor X".
    (("antagonist", "antagonists"), "antagonist", "noun", {RECEPTOR: "ANTAGONIST"}, DRUG),
    (("agonist", "agonists"), "agonist", "noun", {RECEPTOR: "AGONIST"}, DRUG),
    (("inhibitor", "inhibitors"), "inhibitor", "noun", {RECEPTOR: "INHIBITOR"}, DRUG),
    (("blocker", "blockers"), "blocker", "noun", {RECEPTOR: "INHIBITOR"}, DRUG),
    # "topoisomerase II poisons such as X": a poison of an enzyme traps and inhibits it.
    (("poison", "poisons"), "poison", "noun", {RECEPTOR: "INHIBITOR"}, DRUG),
    (("modulator", "modulators", "modulation"), "modulator", "noun", {RECEPTOR: "MODULATOR"}, DRUG),
    (("potentiator", "potentiators"), "potentiator", "noun", {RECEPTOR: "POSITIVE_MODULATOR"}, DRUG),
    (("activator", "activators", "opener", "openers", "inducer", "inducers", "stimulator", "stimulators"),
     "activator", "noun", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (("substrate", "substrates"), "substrate", "noun", {RECEPTOR: "SUBSTRATE"}, DRUG),
    (("ligand", "ligands"), "ligand", "noun", {RECEPTOR: "BINDS"}, DRUG),
    # Verbs and nominalizations towards targets.
    (_forms("inhibit", "", "s", "ed", "ing", "ion"), "inhibit", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("suppress", "", "es", "ed", "ing", "ion"), "suppress", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("block", "", "s", "ed", "ing", "ade"), "block", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("antagoniz", "e", "es", "ed", "ing") + _forms("antagonis", "e", "es", "ed", "ing"),
     "antagonize", "verb", {RECEPTOR: "ANTAGONIST"}, DRUG),
    (_forms("downregulat", "e", "es", "ed", "ing", "ion") + _forms("down-regulat", "e", "es", "ed", "ing"),
     "downregulate", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("decrease", "", "s", "d") + ("decreasing",), "decrease", "verb",
     {RECEPTOR: "INHIBITOR", EFFECT: "TREATS"}, DRUG),
    (_forms("reduc", "e", "es", "ed", "ing", "tion", "tions"), "reduce", "verb",
     {RECEPTOR: "INHIBITOR", EFFECT: "TREATS"}, DRUG),
    (_forms("attenuat", "e", "es", "ed", "ing", "ion"), "attenuate", "verb",
     {RECEPTOR: "INHIBITOR", EFFECT: "TREATS"}, DRUG),
    (_forms("degrad", "e", "es", "ed", "ing", "ation"), "degrade", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("abolish", "", "es", "ed", "ing"), "abolish", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    # "X reversed the up-regulation of Y": undoing an up/down change of a target is the opposite change
    # "X reversed the depressive-like behaviour induced by stress": undoing a disease state treats it.
    (_forms("revers", "e", "es", "ed", "ing"), "reverse", "verb", {RECEPTOR: "INHIBITOR", EFFECT: "TREATS"},
     DRUG),
    (_forms("activat", "e", "es", "ed", "ing", "ion"), "activate", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("increase", "", "s", "d") + ("increasing",), "increase", "verb",
     {RECEPTOR: "ACTIVATOR", EFFECT: "CAUSES"}, DRUG),
    (_forms("enhanc", "e", "es", "ed", "ing", "ement"), "enhance", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("upregulat", "e", "es", "ed", "ing", "ion") + _forms("up-regulat", "e", "es", "ed", "ing"),
     "upregulate", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("stimulat", "e", "es", "ed", "ing", "ion"), "stimulate", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("potentiat", "e", "es", "ed", "ing", "ion"), "potentiate", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("elevat", "e", "es", "ed", "ing"), "elevate", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("promot", "e", "es", "ed", "ing") + _forms("augment", "", "s", "ed", "ing", "ation")
     + _forms("rais", "e", "es", "ed", "ing"), "promote", "verb", {RECEPTOR: "ACTIVATOR"}, DRUG),
    (_forms("diminish", "", "es", "ed", "ing") + _forms("impair", "", "s", "ed", "ing", "ment")
     + _forms("deplet", "e", "es", "ed", "ing", "ion"), "diminish", "verb", {RECEPTOR: "INHIBITOR"}, DRUG),
    (_forms("induc", "e", "es", "ed", "ing", "tion"), "induce", "verb",
     {RECEPTOR: "ACTIVATOR", EFFECT: "CAUSES"}, DRUG),
    (_forms("bind", "", "s", "ing") + ("bound",), "bind", "verb", {RECEPTOR: "BINDS"}, DRUG),
    # "X (positively) modulates Y": the direction, when stated, comes from the adverb (frames.verb_frame).
    (_forms("modulat", "e", "es", "ed", "ing"), "modulate", "verb", {RECEPTOR: "MODULATOR"}, DRUG),
    # "X is transported by Y", "transport of X by Y": the carried drug is the transporter's substrate.
    (_forms("transport", "", "s", "ed", "ing"), "transport", "verb", {RECEPTOR: "SUBSTRATE"}, DRUG),
    (_forms("target", "s", "ed", "ing"), "target", "verb", {RECEPTOR: "BINDS"}, DRUG),
    (_forms("metaboliz", "e", "es", "ed", "ing") + _forms("metabolis", "e", "es", "ed", "ing")
     + ("metabolism",), "metabolize", "verb", {RECEPTOR: "SUBSTRATE"}, DRUG),
    # Verbs and nominalizations towards effects.
    (_forms("treat", "", "s", "ed", "ing", "ment"), "treat", "verb", {EFFECT: "TREATS"}, DRUG),
    (("approved", "indicated"), "approved", "verb", {EFFECT: "TREATS"}, DRUG),
    (_forms("improv", "e", "es", "ed", "ing", "ement"), "improve", "verb", {EFFECT: "TREATS"}, DRUG),
    (_forms("alleviat", "e", "es", "ed", "ing", "ion") + _forms("ameliorat", "e", "es", "ed", "ing", "ion")
     + _forms("reliev", "e", "es", "ed", "ing") + ("relief",), "alleviate", "verb", {EFFECT: "TREATS"}, DRUG),
    (_forms("prevent", "", "s", "ed", "ing", "ion"), "prevent", "verb", {EFFECT: "TREATS"}, DRUG),
    (("efficacy", "effective", "efficacious"), "efficacy", "verb", {EFFECT: "TREATS"}, DRUG),
    (_forms("manag", "e", "es", "ed", "ing", "ement"), "manage", "verb", {EFFECT: "TREATS"}, DRUG),
    # ("X does not produce dissociative symptoms": produce is cause's plain synonym towards an effect)
    (_forms("caus", "e", "es", "ed", "ing") + _forms("produc", "e", "es", "ed", "ing"), "cause", "verb",
     {EFFECT: "CAUSES"}, DRUG),
    (("risk", "risks"), "risk", "verb", {EFFECT: "CAUSES"}, DRUG),
    (_forms("experienc", "e", "es", "ed", "ing"), "experience", "verb", {EFFECT: "CAUSES"}, DRUG),
    (_forms("provok", "e", "es", "ed", "ing") + _forms("precipitat", "e", "es", "ed", "ing")
     + _forms("trigger", "", "s", "ed", "ing") + ("provocation",), "provoke", "verb",
     {EFFECT: "CAUSES"}, DRUG),
    # "X worsened/exacerbated/aggravated Y": making a condition worse is an adverse effect of X. (The
    # nouns "worsening", "exacerbation" stay fillers: "X-induced exacerbation of Y", "may cause worsening
    # of Y" are read by the outer cue.)
    (("worsen", "worsens", "worsened") + _forms("exacerbat", "e", "es", "ed", "ing")
     + _forms("aggravat", "e", "es", "ed", "ing"), "worsen", "verb", {EFFECT: "CAUSES"}, DRUG),
    # Target -> effect.
    (_forms("mediat", "e", "es", "ed", "ing"), "mediate", "verb", {EFFECT: "MEDIATES"}, RECEPTOR),
)


# Prefixes the tokenizer splits off with a hyphen: "up-regulated" is read as "upregulated".
CUE_PREFIXES = frozenset({"up", "down"})


def build_cue_index() -> dict[str, Cue]:
    """Surface form -> Cue, built once at import; later table rows never overwrite earlier ones."""
    index: dict[str, Cue] = {}
    for forms, family, kind, rels, subject in _CUE_TABLE:
        cue = Cue(family=family, kind=kind, rels=tuple(sorted(rels.items())), subject=subject)
        for form in forms:
            index.setdefault(form, cue)
    return index


CUES = build_cue_index()

# Two-word cues read as one predicate: "acts on", "side effects", "adverse effects".
PHRASE_CUES = {
    ("act", "on"): Cue("act_on", "verb", ((RECEPTOR, "BINDS"),)),
    ("acts", "on"): Cue("act_on", "verb", ((RECEPTOR, "BINDS"),)),
    ("acting", "on"): Cue("act_on", "verb", ((RECEPTOR, "BINDS"),)),
    ("interacts", "with"): Cue("act_on", "verb", ((RECEPTOR, "BINDS"),)),
    ("side", "effects"): Cue("side_effect", "verb", ((EFFECT, "CAUSES"),)),
    ("adverse", "effects"): Cue("side_effect", "verb", ((EFFECT, "CAUSES"),)),
    ("adverse", "events"): Cue("side_effect", "verb", ((EFFECT, "CAUSES"),)),
    ("toxic", "effects"): Cue("side_effect", "verb", ((EFFECT, "CAUSES"),)),
    ("adverse", "reactions"): Cue("side_effect", "verb", ((EFFECT, "CAUSES"),)),
    # "Long-term ketamine use can lead to ulcerative cystitis": cause's phrasal synonym
    **{(word, "to"): Cue("cause", "verb", ((EFFECT, "CAUSES"),))
       for word in ("lead", "leads", "led", "leading")},
    # label warnings: "X carries a boxed warning for Y", "warnings about Y"
    **{(word, prep): Cue("risk", "verb", ((EFFECT, "CAUSES"),))
       for word in ("warning", "warnings") for prep in ("for", "about", "of", "regarding")},
    # "mTOR signalling is required for the antidepressant effects of X": the target underlies the effect.
    **{(word, "for"): Cue("required_for", "verb", ((EFFECT, "MEDIATES"),), RECEPTOR)
       for word in ("required", "necessary", "essential", "critical", "crucial", "indispensable")},
}

# Modifiers that may sit between a target and its class noun: "NMDA channel blocker",
# "AMPA receptor positive allosteric modulator", "glycine site antagonist".
CLASS_NOUN_MODIFIERS = frozenset(
    """receptor receptors channel channels site sites subunit subunits subtype subtypes selective specific
    potent positive negative pos. neg. allosteric competitive noncompetitive non-competitive uncompetitive
    partial full inverse reversible irreversible - / kinase enzyme transporter reuptake type dual mixed
    highly non competitive glycine-site pore probe model""".split()
)
POSITIVE_WORDS = frozenset({"positive", "pos.", "pos"})
NEGATIVE_WORDS = frozenset({"negative", "neg.", "neg"})

# Words that introduce the member of a class after the class noun: "antagonists, such as ketamine".
MEMBER_INTRODUCERS = frozenset(
    """, ( such as like including e.g. e.g eg i.e. namely - also known called termed""".split()
)

# Between a drug and its apposed class description: "X, a potent Y antagonist", "X acts as a Y agonist".
# One of these must be present so that two unrelated noun phrases are not glued together.
APPOSITION_ANCHORS = frozenset({",", "is", "are", "was", "were", "as", "be", "been", "being"})

# Stop a cue from reaching across clauses. Commas are not here: lists and appositions need them.
CLAUSE_BOUNDARIES = frozenset(
    """; : but whereas although though however nevertheless unlike while whilst""".split()
)

# What may stand between a subject and its verb in a coordinated verb phrase ("..., but does not
# inhibit"), so a subject can be shared across "and"/"but" when the second clause has none of its own.
VERB_PHRASE_GLUE = frozenset(
    """does do did not also may might can could would will has have had been is are was were be being
    further then still therefore thus n't to and , but""".split()
)

# After these the named drug is excluded, not described: "NMDA antagonists other than ketamine".
EXCLUDERS = frozenset({"other", "except", "unlike", "versus", "vs", "vs.", "than", "besides"})

# A drug followed by these is not the agent: "ketamine metabolites activate AMPA receptors".
NON_AGENT_HEADS = frozenset(
    {"metabolite", "metabolites", "analog", "analogs", "analogue", "analogues", "derivative", "derivatives",
     # "PC12 cells", "SGC-7901 cells": a name before "cells" is a cell line, whatever the NER took it for
     "cell", "cells"}
)

# "Y-induced", "Y-dependent": Y modifies the next noun and is not acted on.
MODIFIER_HEADS = frozenset(
    """induced mediated dependent independent deficient knockout null related stimulated treated evoked
    positive negative expressing transfected like containing specific selective derived target regulated
    """.split()
)
# "KIT mutations", "the Y inhibitor": the entity names a variant or a class, not the target acted on.
MODIFIED_NOUNS = frozenset(
    """mutation mutations mutant mutants knockout deficient inhibitor inhibitors antagonist antagonists
    agonist agonists blocker blockers modulator modulators""".split()
)

# Endogenous chemicals are subjects of a verb only when they stand as one: not as ions, which are
# carried, not acting ("calcium influx"), not after a preposition ("response to noradrenaline", "the
# effect of norepinephrine on Z"), and not as the modifier of a noun ("5-HT neurons", "the calcium
# signal", "the glutamate binding site").
IONS = frozenset({"calcium", "magnesium", "sodium", "potassium", "zinc", "iron", "copper", "chloride",
                  "lithium", "manganese", "cadmium"})
ION_FORMULA = re.compile(r"^(ca|na|k|mg|zn|fe|cu|cl|li|mn|cd)\s*\(?\d*[+-]\)?$", re.IGNORECASE)  # "Ca2+"
CHEMICAL_GOVERNORS = frozenset("of with in by on for to from at into than via through against after upon"
                               .split())
CHEMICAL_MODIFIED_HEADS = frozenset("""neuron neurons neuronal residue residues signal signals signaling
    signalling binding site sites production synthesis release levels level metabolism influx efflux uptake
    transport concentration concentrations content receptor receptors response responses entry channel
    channels neurotransmission transmission system systems turnover homeostasis depletion deficiency
    transporter transporters reuptake pathway pathways producing containing induced mediated dependent
    stimulated evoked treatment administration group groups""".split())
# Whatever the frame, a chemical before these names something else: "5-HT neurons", "glutamate residues".
CHEMICAL_PART_HEADS = frozenset("""neuron neurons neuronal residue residues signal signals binding site
    sites receptor receptors""".split()) | MODIFIED_NOUNS

# Relative pronouns: "signaling that causes seizures" — the subject is the noun before "that".
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})

# Per-fact negation. Single-token cues from negspacy's English preceding-negation list plus
# pharmacology phrasings ("failed to", "lack of"); "not only" is a pseudo-negation and is excluded.
NEGATION_WORDS = frozenset(
    """not no never cannot n't without neither nor failed fail fails lack lacks lacked unable absence
    doesn't didn't don't isn't aren't wasn't weren't""".split()
)
PSEUDO_NEGATION_NEXT = frozenset({"only", "further", "necessarily"})

# Per-fact hedging: modal and evidential words, and adjectives of uncertainty.
HEDGE_WORDS = frozenset(
    """may might could possibly possible potentially potential putative preliminary seems seem seemed
    appears appear appeared likely unlikely perhaps presumably presumed suggest suggests suggested
    suggesting hypothesized hypothesised hypothesize hypothesis postulated postulate speculated
    proposed conceivably probably""".split()
)

# Effects that are the therapeutic benefit itself: blocking or preventing one is not treating anything.
THERAPEUTIC_EFFECT_WORDS = ("antidepressant", "therapeutic", "anxiolytic", "analgesic", "efficacy",
                            "antisuicidal", "neuroprotect", "protective", "beneficial")

# Normal physiological processes: increasing or inducing one is a mechanism, not an adverse effect, so
# CAUSES needs an explicit adverse cue ("side effects", "risk of") before it may take one of these.
PHYSIOLOGICAL_EFFECT_WORDS = ("plasticity", "synaptogenesis", "neurogenesis", "spinogenesis", "neuroprotect",
                              "potentiation", "signaling", "signalling", "neurotransmission", "connectivity",
                              "synaptic strength", "synaptic function", "memory formation")
ADVERSE_FAMILIES = frozenset({"side_effect", "risk"})

# Head nouns a coordinated first conjunct may share by ellipsis: "sodium or calcium channels".
TARGET_HEAD_NOUNS = frozenset({"channel", "channels", "receptor", "receptors", "transporter", "transporters"})

# "patients with Y who received X": the words between "who" and the drug. An indication only when the
# sentence reports an outcome (OUTCOME_WORDS) — otherwise Y just describes the population studied.
RECEIVED_WORDS = frozenset({"received", "receive", "receiving", "were", "was", "given", "treated", "with",
                            "took", "taking", "responded", "to"})
OUTCOME_WORDS = ("response", "respond", "remission", "antidepressant", "improve", "efficacy", "benefit",
                 "reduction in symptom", "therapeutic")

# Metabolic reactions a drug undergoes (suffixes, so "N-demethylation" and "4-hydroxylation" match), and
# the words that make the enzyme before them its catalyst: "CYP3A4 is responsible for X's demethylation".
# Phosphorylation is left out: kinases phosphorylate proteins, not drugs.
METABOLIC_REACTIONS = ("demethylation", "hydroxylation", "dealkylation", "deethylation", "glucuronidation",
                       "sulfoxidation", "biotransformation")
CATALYSIS_WORDS = frozenset({"responsible", "catalyzes", "catalyses", "catalyze", "catalyzed", "mediates",
                             "mediate", "involved", "carries", "performs"})

# Heads that make the entity before them a modifier, not an actor: "an NMDA antagonist has shown",
# "NMDA antagonism", "NMDA receptors".
CLASS_HEADS = frozenset({"receptor", "receptors", "antagonism", "agonism", "channel", "channels", "site",
                         "subunit", "subunits"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these", "those"})
# What ends the object of an outer verb before a participle (frames._outer_verb): a new clause or list.
OUTER_GAP_STOPS = frozenset("""and or but nor which that who is are was were be been being has have had
    also not to by""".split())
# A participle cue after one of these is an adjective ("on enhanced AMPA throughput"), not a verb.
ATTRIBUTIVE_BEFORE = DETERMINERS | {"on", "of", "with", "in", "for"}

# Links from an adverse event to the drug after it: "Y after X", "Y associated with X", "Y due to X",
# "Y during X therapy". Multi-word so "associated" alone ("associated factors") never fires.
ADVERSE_LINKS = (("after",), ("following",), ("during",), ("under",), ("while", "receiving"),
                 ("while", "taking"), ("while", "on"), ("as", "a", "result", "of"), ("exposed", "to"),
                 ("associated", "with"), ("related", "to"), ("due", "to"), ("attributed", "to"),
                 ("attributable", "to"), ("secondary", "to"), ("caused", "by"), ("induced", "by"),
                 ("linked", "to"), ("in", "association", "with"),
                 # trial results: "Y was reported with X", "Y occurred more frequently with X than with
                 # placebo"
                 ("reported", "with"), ("occurred", "with"), ("observed", "with"), ("seen", "with"),
                 ("occurred", "more", "frequently", "with"), ("occurred", "more", "often", "with"),
                 ("was", "more", "common", "with"), ("were", "more", "common", "with"))
ADVERSE_LINK_STARTS = frozenset(p[0] for p in ADVERSE_LINKS) | {"in"}
# "Y in patients receiving X", "Y in rats treated with X".
EXPOSED_GROUPS = frozenset({"patients", "subjects", "individuals", "people", "users", "women", "men",
                            "children", "adults", "rats", "mice", "animals", "volunteers", "those"})
EXPOSURE_VERBS = (("receiving",), ("treated", "with"), ("taking",), ("given",), ("on",), ("exposed", "to"),
                  ("who", "received"), ("who", "took"), ("using",))
# "X-related Y", "X-associated Y" (compound only; "X-induced" is read by the induce verb cue).
COMPOUND_CAUSE_WORDS = frozenset({"related", "associated", "evoked", "provoked", "precipitated"})
# Words that make a title about something other than an adverse effect of its drug.
TITLE_OPT_OUT = frozenset({"for", "versus", "vs", "vs.", "against", "protects", "protective", "protection",
                           "prevents", "prevention", "reverses", "reversal", "therapy", "treatment",
                           "management", "efficacy", "?", "effect", "effects", "model", "study",
                           "trial", "phase", "in"})

# Words that may stand between a link ("during", "after") and its drug: "during treatment with X",
# "after the oral administration of X". A closed set, so a link never reaches a drug in another phrase.
LINK_FILLERS = frozenset("""the a an of with treatment therapy administration use intake infusion injection
    injections ingestion exposure dose doses single high low high-dose low-dose oral intravenous i.v. systemic
    chronic acute long-term continuous repeated addition combined its their to by reduction""".split())
# "side effects of X include A, B": what introduces the list.
LIST_INTRODUCERS = frozenset({"include", "included", "includes", "including", "are", "were", "was", "is",
                              "such", "like", ":"})
# Words reporting that patients acquired an event: "Seven patients developed Y". "occurred"/"presented"
# are left out: they also describe diseases the patients had before the drug.
ONSET_WORDS = frozenset({"developed", "develop", "develops", "experienced"})

# The property of a target a nominal cue acts on: "inhibition of Y activity by X", "Y mRNA levels".
TARGET_ASPECT_NOUNS = frozenset("""activity activities expression levels level production release function
    mrna protein phosphorylation currents current signaling signalling secretion synthesis""".split())

# Cues spelt alike as verb and noun; after an article they are nouns ("induced an increase in Y").
VERB_NOUN_CUES = frozenset({"increase", "decrease", "increases", "decreases"})

# The same for the nominal cues: "suppressed AMPK activation, GSK3 phosphorylation and ..." lists targets.
TARGET_STATE_NOUNS = frozenset({"activation", "induction", "stimulation", "inhibition", "suppression"})

# "Y-mediated X transport", "Y-catalyzed X hydrolysis", "Y-mediated production of X": an enzyme or
# transporter acting on a drug, which is then its substrate (or product: ChemProt's CPR:9 holds both).
ENZYME_COMPOUND_WORDS = frozenset({"mediated", "catalyzed", "catalysed", "dependent", "driven", "derived",
                                   "generated", "produced", "synthesized", "synthesised"})
# "COX-2-derived PGE2": these participles name the chemical right after them as the enzyme's product.
PRODUCT_COMPOUND_WORDS = frozenset({"derived", "generated", "produced", "synthesized", "synthesised"})
SUBSTRATE_PROCESS_NOUNS = frozenset("""transport efflux uptake influx metabolism hydrolysis oxidation
    reduction conversion formation synthesis production biosynthesis glucuronidation hydroxylation
    demethylation acetylation methylation sulfation activation clearance degradation release""".split())

# "E, the rate-limiting enzyme in X biosynthesis", "the role of E in X metabolism" (metabolism.enzyme_role):
# the processes an enzyme carries a chemical through, and the nouns that name the enzyme's part in them.
ROLE_PROCESS_NOUNS = frozenset("""biosynthesis synthesis metabolism catabolism degradation formation
    production respiration breakdown hydrolysis oxidation conversion transport uptake glucuronidation
    sulfation""".split())
ROLE_HEADS = frozenset("""enzyme enzymes catalyst step role function involvement contribution
    transporter carrier""".split())

# Light verbs hand their subject to the nominal cue after them: "X resulted in activation of Y"; so do
# the means prepositions: "X enhances Z via Y activation", "X acts through inhibition of Y".
LIGHT_VERBS = frozenset("""resulted result results resulting led leads lead leading caused causes produced
    produces elicited elicits exerted exerts exhibited exhibits showed shows displayed displays via
    through""".split())

# Activity frames (properties.py): a drug's property against a target, stated without a verb.
ACTIVITY_CUES = {"inhibitory": "INHIBITOR", "stimulatory": "ACTIVATOR", "agonistic": "AGONIST",
                 "antagonistic": "ANTAGONIST", "inhibition": "INHIBITOR", "antagonism": "ANTAGONIST",
                 "agonism": "AGONIST", "activation": "ACTIVATOR", "suppression": "INHIBITOR",
                 "induction": "ACTIVATOR", "blockade": "INHIBITOR", "downregulation": "INHIBITOR",
                 "upregulation": "ACTIVATOR"}
ACTIVITY_NOUNS = frozenset("""activity activities effect effects potency potencies action actions property
    properties capacity""".split())
ACTIVITY_PREPOSITIONS = frozenset({"against", "on", "towards", "toward", "at", "to"})
# Study verbs whose subject holds the activity they report on: "X were evaluated for their Y inhibitory
# activity" (properties._evaluated_holder).
EVALUATION_VERBS = frozenset("""investigated evaluated tested screened examined assessed studied
    characterized characterised explored compared analyzed analysed measured""".split())
# Verbs of having or showing that make their subject the holder of an activity: "X showed Y inhibition".
PROPERTY_VERBS = LIGHT_VERBS | frozenset("""has have had possess possesses possessed
    possessing exert demonstrated demonstrates demonstrating showing exhibiting displaying""".split())

# Catalysis verbs (metabolism.catalysis_frame): an enzyme acting on a chemical makes it the enzyme's
# SUBSTRATE (ChemProt CPR:9 also holds the product: "E converts X to Y" gives X and Y).
# "E catalyzes the conversion of X to Y", "X is hydrolyzed by E", "E, which oxidizes X".
CATALYSIS_VERBS = frozenset(
    _forms("catalyz", "e", "es", "ed", "ing") + _forms("catalys", "e", "es", "ed", "ing")
    + _forms("convert", "", "s", "ed", "ing") + _forms("hydrolyz", "e", "es", "ed", "ing")
    + _forms("hydrolys", "e", "es", "ed", "ing") + _forms("oxidiz", "e", "es", "ed", "ing")
    + _forms("oxidis", "e", "es", "ed", "ing") + _forms("synthesiz", "e", "es", "ed", "ing")
    + _forms("synthesis", "e", "es", "ed", "ing") + _forms("metaboliz", "e", "es", "ed", "ing")
    + _forms("metabolis", "e", "es", "ed", "ing") + _forms("glucuronidat", "e", "es", "ed", "ing")
    + _forms("hydroxylat", "e", "es", "ed", "ing") + _forms("demethylat", "e", "es", "ed", "ing")
    + _forms("acetylat", "e", "es", "ed", "ing") + _forms("deaminat", "e", "es", "ed", "ing")
    + _forms("decarboxylat", "e", "es", "ed", "ing") + _forms("cleav", "e", "es", "ed", "ing")
    + _forms("cataboliz", "e", "es", "ed", "ing") + _forms("catabolis", "e", "es", "ed", "ing")
    + _forms("biosynthesiz", "e", "es", "ed", "ing") + _forms("biosynthesis", "e", "es", "ed", "ing")
    # ("Psilocybin is dephosphorylated by alkaline phosphatase"; "sulfate" itself is a chemical's name)
    + _forms("dephosphorylat", "e", "es", "ed", "ing") + ("sulfated", "sulphated", "sulfonated")
)
# "X-synthesizing enzymes, E1 and E2", "the X metabolic enzyme E" (metabolism.process_enzymes).
PROCESS_ADJECTIVES = frozenset("""synthesizing synthesising metabolizing metabolising metabolic
    degrading producing converting biosynthetic catabolic catabolizing""".split())
# Participles of formation, read only in the passive: "X is formed from P by E", "X produced by E".
FORMATION_VERBS = frozenset("formed produced generated".split())
# Nouns of a reaction a chemical undergoes, read as "N of X (to Y) by E" (metabolism.metabolic_step).
REACTION_NOUNS = frozenset("""conversion hydrolysis oxidation metabolism biotransformation degradation
    biosynthesis synthesis formation glucuronidation sulfation acetylation methylation deamination
    decarboxylation cleavage reduction efflux uptake reuptake influx""".split())
# What may stand between a passive catalysis verb and its chemical: "X is rapidly hydrolyzed by E".
PASSIVE_GLUE = frozenset("""is are was were be been being also further then rapidly primarily mainly
    predominantly mostly extensively partly partially efficiently readily specifically not""".split())
# Words that end the chemical list after an active catalysis verb.
CATALYSIS_STOPS = frozenset("by via through in with during under within".split())
