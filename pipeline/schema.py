"""The vocabulary every stage shares: entity labels, relation types and their community mappings.

Keep every mapping onto an external schema here, in one place, so the evaluation code, the
relation extractor and the README cannot drift apart.
"""

from __future__ import annotations

# Entity labels written to mentions.csv / entities.csv.
DRUG = "DRUG"
CHEMICAL = "CHEMICAL"  # endogenous neurotransmitters and ions (glutamate, GABA, glycine, calcium)
RECEPTOR = "RECEPTOR"  # receptors and other molecular targets (channels, transporters, enzymes, kinases)
EFFECT = "EFFECT"  # diseases, symptoms, adverse, therapeutic and pharmacological effects
LABELS = (DRUG, CHEMICAL, RECEPTOR, EFFECT)

# Relation types, grouped by the (subject label, object label) pair they connect.
DRUG_TARGET_RELATIONS = (
    "AGONIST",
    "ANTAGONIST",
    "INHIBITOR",
    "ACTIVATOR",
    "POSITIVE_MODULATOR",
    "NEGATIVE_MODULATOR",
    "MODULATOR",
    "BINDS",
    "SUBSTRATE",
    "PRODUCT",
)
DRUG_EFFECT_RELATIONS = ("TREATS", "CAUSES")
TARGET_EFFECT_RELATIONS = ("MEDIATES",)
# The subjects a drug -> target relation accepts. CHEMICAL subjects are endogenous compounds acting on a
# target ("glutamate activates NMDA receptors", "GAD converts glutamate to GABA"): a fact about a
# target all the same, and relations.csv / drug_targets.csv carry subject_label so a user can filter
# them out. Effects stay DRUG-only: "glutamate causes excitotoxicity" is physiology, not a drug's harm.
TARGET_SUBJECT_LABELS = (DRUG, CHEMICAL)
# relation -> the (subject label, object label) pairs it may connect.
RELATION_SIGNATURES: dict[str, tuple[tuple[str, str], ...]] = {
    **{rel: tuple((subj, RECEPTOR) for subj in TARGET_SUBJECT_LABELS) for rel in DRUG_TARGET_RELATIONS},
    **{rel: ((DRUG, EFFECT),) for rel in DRUG_EFFECT_RELATIONS},
    **{rel: ((RECEPTOR, EFFECT),) for rel in TARGET_EFFECT_RELATIONS},
}
RELATIONS = tuple(RELATION_SIGNATURES)


def subject_labels(relation: str) -> tuple[str, ...]:
    """The labels a relation's subject may carry."""
    return tuple(dict.fromkeys(subj for subj, _ in RELATION_SIGNATURES[relation]))

# ChemProt (BioCreative VI) groups scored by the official evaluation. Relations not listed here
# (POSITIVE_MODULATOR, NEGATIVE_MODULATOR, MODULATOR, BINDS) have no CPR group that is scored.
CHEMPROT_CPR = {
    "ACTIVATOR": "CPR:3",
    "INHIBITOR": "CPR:4",
    "AGONIST": "CPR:5",
    "ANTAGONIST": "CPR:6",
    "SUBSTRATE": "CPR:9",
    "PRODUCT": "CPR:9",  # ChemProt's substrate group holds the metabolite an enzyme forms too
}

# BioCreative V CDR: chemical-induced disease.
BC5CDR_CID = {"CAUSES": "CID"}
