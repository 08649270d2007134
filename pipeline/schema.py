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
)
DRUG_EFFECT_RELATIONS = ("TREATS", "CAUSES")
TARGET_EFFECT_RELATIONS = ("MEDIATES",)
RELATION_SIGNATURES = {
    **{rel: (DRUG, RECEPTOR) for rel in DRUG_TARGET_RELATIONS},
    **{rel: (DRUG, EFFECT) for rel in DRUG_EFFECT_RELATIONS},
    **{rel: (RECEPTOR, EFFECT) for rel in TARGET_EFFECT_RELATIONS},
}
RELATIONS = tuple(RELATION_SIGNATURES)

# ChemProt (BioCreative VI) groups scored by the official evaluation. Relations not listed here
# (POSITIVE_MODULATOR, NEGATIVE_MODULATOR, MODULATOR, BINDS) have no CPR group that is scored.
CHEMPROT_CPR = {
    "ACTIVATOR": "CPR:3",
    "INHIBITOR": "CPR:4",
    "AGONIST": "CPR:5",
    "ANTAGONIST": "CPR:6",
    "SUBSTRATE": "CPR:9",
}

# BioCreative V CDR: chemical-induced disease.
BC5CDR_CID = {"CAUSES": "CID"}
