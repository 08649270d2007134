"""The knowledge base the NER links mentions to: concepts, their surface forms, and why each is there.

Built from three PyPI vocabularies plus the curated supplement in ``pipeline/data/supplement``
(see ``pipeline.kb_sources`` for what is trusted from each source). Merge rules, in order:

1. The supplement wins. Its concepts override a vocabulary concept with the same id (that is how
   endogenous neurotransmitters and ions -- glutamate, GABA, glycine, dopamine, calcium ... -- become
   ``CHEMICAL`` rather than ``DRUG``: they are signalling molecules of the body, and a pharmacologist
   does not list them as drugs given; "glutamate receptor" is a ``RECEPTOR``), and a surface form the
   supplement names is removed from every vocabulary concept.
2. Vocabularies in ``kb_sources.LOADERS`` order (drug-ner, medical-ner, hpo): a case-insensitive surface
   form belongs to the first concept that claims it, so each form resolves to exactly one concept.
3. Derived forms last (``kb_sources.anion_variants``): the anion name of an acid ("lactate" for
   "lactic acid"), only where no source claims that form.
4. Case-sensitive short forms (acronyms) may belong to several concepts; those are marked
   ``needs_context`` so the NER accepts them only from an abbreviation definition or strong context.

Identifiers: ``DRUGBANK:``, ``MESH:``, ``MEDLINEPLUS:``, ``HP:``, ``HGNC:`` (gene symbol) and documented
``LOCAL:<LABEL>:<NAME>`` ids for families, complexes, combinations and effects no vocabulary has.

``load_kb()`` is cached per process and, across processes, as a pickle under the user cache directory
keyed by ``KnowledgeBase.version`` (a hash of every source file, supplement file and this code).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline import kb_genes, kb_sources
from pipeline.kb_sources import SourceConcept, SourceTerm, SupplementError
from pipeline.schema import CHEMICAL as CHEMICAL_LABEL
from pipeline.schema import DRUG as DRUG_LABEL
from pipeline.schema import EFFECT as EFFECT_LABEL

__all__ = [
    "Concept", "KnowledgeBase", "SupplementError", "Term", "format_lookup", "format_stats", "load_kb",
    "normalize_key", "DEFAULT_SUPPLEMENT", "ALL_SOURCES", "PATTERN_PREFIX", "pattern_concept_id",
]

log = logging.getLogger(__name__)
DEFAULT_SUPPLEMENT = Path(__file__).parent / "data" / "supplement"
# Vocabulary loaders in precedence order: drugs, diseases, phenotypes, then targets (pipeline.kb_genes).
LOADERS = {**kb_sources.LOADERS, **kb_genes.LOADERS}
ALL_SOURCES = tuple(LOADERS)
SPECIAL_FILES = ("flags.tsv", "deny.tsv")
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
         "μ": "mu", "µ": "mu", "σ": "sigma", "ω": "omega", "θ": "theta"}
# Hyphens, dashes, underscores, brackets and whitespace are all one separator for matching keys:
# "GABA-A" == "GABA A" == "GABA(A)", "NMDA-receptor" == "NMDA receptor".
SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015\u2212_()\[\]/]+")
# Supplement synonyms written all-caps and this short are acronyms, matched with their exact case.
ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]{1,4}$")
# Concepts minted by the NER's morphology rules for names no vocabulary lists (a systematic chemical
# name, a code name in drug context, "nephrotoxicity"). The id carries the label and the lower-cased
# name, so any process -- including a worker of nlp.pipe(n_process=2) -- can resolve it without state.
PATTERN_PREFIX = "PATTERN:"


@dataclass(frozen=True, slots=True)
class Concept:
    concept_id: str
    canonical_name: str
    label: str
    source: str

    def __reduce__(self):
        # Pickled as a constructor call: the default for a frozen slots dataclass restores each field
        # through object.__setattr__, and the KB cache holds ~190k of these (Concept and Term), which
        # every process -- each pool worker included -- unpickles at start (0.9 -> 0.5 s).
        return (Concept, (self.concept_id, self.canonical_name, self.label, self.source))


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    concept_id: str
    case_sensitive: bool
    needs_context: bool
    source: str

    def __reduce__(self):  # see Concept.__reduce__
        return (Term, (self.text, self.concept_id, self.case_sensitive, self.needs_context, self.source))


def normalize_key(text: str) -> str:
    """Case- and punctuation-insensitive matching key shared by the KB and the NER.

    NFKC, Greek letters spelt out (γ-aminobutyric -> gamma aminobutyric), curly quotes straightened,
    lower case, and every run of hyphens/dashes/brackets/slashes/spaces collapsed to one space.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(GREEK.get(ch, ch) for ch in text).lower()
    return SEPARATORS_RE.sub(" ", text).strip()


def singular_candidates(text: str) -> list[str]:
    """Singular forms to retry when a plural is not in the KB ("receptors" -> "receptor")."""
    if len(text) < 4 or text[-1] not in "sS":
        return []
    if text.lower().endswith("ies"):
        return [text[:-3] + "y"]
    return [text[:-1]] + ([text[:-2]] if text.lower().endswith("es") else [])


def pattern_concept_id(label: str, text: str) -> str:
    """Stable id of a rule-found name: "PATTERN:DRUG:n-methyl-n-nitrosourea" (whitespace -> "_")."""
    return f"{PATTERN_PREFIX}{label}:{'_'.join(text.lower().split())}"


def pattern_concept(concept_id: str) -> Concept:
    """The Concept behind a `pattern_concept_id`; raises KeyError for a malformed id."""
    label, _, name = concept_id[len(PATTERN_PREFIX):].partition(":")
    if not name:
        raise KeyError(f"Malformed pattern concept id '{concept_id}'. Expected PATTERN:<LABEL>:<name>.")
    return Concept(concept_id, name.replace("_", " "), label, "pattern")


class KnowledgeBase:
    """Concepts, surface forms and two indexes: exact text (case-sensitive) and ``normalize_key``."""

    def __init__(self, concepts: Mapping[str, Concept], terms: Iterable[Term], version: str,
                 dropped: Mapping[str, str] | None = None, _indexes: tuple[dict, dict] | None = None) -> None:
        self.version = version
        self.concepts: Mapping[str, Concept] = dict(concepts)
        self._terms = tuple(terms)
        self._dropped = dict(dropped or {})
        if _indexes is not None:  # restored from the disk cache: indexes were pickled with the terms
            self._by_key, self._by_text = _indexes
            return
        self._by_key: dict[str, list[int]] = {}
        self._by_text: dict[str, list[int]] = {}
        for i, term in enumerate(self._terms):
            if term.concept_id not in self.concepts:
                raise ValueError(f"Term '{term.text}' points to unknown concept '{term.concept_id}'.")
            if term.case_sensitive:
                self._by_text.setdefault(term.text, []).append(i)
            else:
                self._by_key.setdefault(normalize_key(term.text), []).append(i)

    @classmethod
    def from_files(cls, supplement_dir: Path | str = DEFAULT_SUPPLEMENT,
                   sources: Iterable[str] = ALL_SOURCES) -> KnowledgeBase:
        """Build without any disk cache; ``sources=()`` gives a supplement-only KB (tests, fixtures)."""
        supplement_dir = Path(supplement_dir)
        sources = tuple(sources)
        return build(supplement_dir, sources, compute_version(supplement_dir, sources))

    def terms(self) -> Iterator[Term]:
        return iter(self._terms)

    def concept(self, concept_id: str) -> Concept:
        if concept_id.startswith(PATTERN_PREFIX):
            return pattern_concept(concept_id)
        try:
            return self.concepts[concept_id]
        except KeyError:
            if concept_id.startswith(kb_genes.TARGET_PREFIX):  # minted by the NER for unlisted targets
                return Concept(concept_id, kb_genes.canonical_from_id(concept_id), kb_genes.TARGET_LABEL,
                               kb_genes.TARGET_SOURCE)
            raise KeyError(
                f"Unknown concept_id '{concept_id}'. Use `python -m pipeline kb lookup NAME` to find ids."
            ) from None

    def lookup(self, text: str) -> list[tuple[Term, Concept, str]]:
        """Every concept ``text`` resolves to, with how it matched (exact case, key, plural)."""
        found = self._lookup_once(text, "")
        for singular in [] if found else singular_candidates(text):
            found = self._lookup_once(singular, f" after singularising '{text}' -> '{singular}'")
            if found:
                break
        return found

    def _lookup_once(self, text: str, suffix: str) -> list[tuple[Term, Concept, str]]:
        out = []
        for i in self._by_text.get(text, ()):
            term = self._terms[i]
            out.append((term, self.concepts[term.concept_id], f"exact case-sensitive match{suffix}"))
        key = normalize_key(text)
        for i in self._by_key.get(key, ()):
            term = self._terms[i]
            how = "exact match" if term.text == text else f"case/punctuation-insensitive key '{key}'"
            out.append((term, self.concepts[term.concept_id], how + suffix))
        return out

    def why_dropped(self, text: str) -> str | None:
        """Why a vocabulary surface form is not in the KB (noise rule, deny list, claimed elsewhere)."""
        return self._dropped.get(text.lower())

    def stats(self) -> dict[str, object]:
        by_label = Counter(c.label for c in self.concepts.values())
        terms_by_source = Counter(t.source for t in self._terms)
        return {
            "version": self.version,
            "n_concepts": len(self.concepts),
            "n_terms": len(self._terms),
            "concepts_per_label": dict(sorted(by_label.items())),
            "concepts_per_source": dict(sorted(Counter(c.source for c in self.concepts.values()).items())),
            "terms_per_source": dict(sorted(terms_by_source.items())),
            "case_sensitive_terms": sum(t.case_sensitive for t in self._terms),
            "needs_context_terms": sum(t.needs_context for t in self._terms),
            "dropped_forms": len(self._dropped),
        }

    def __reduce__(self):
        indexes = (self._by_key, self._by_text)
        return (KnowledgeBase, (self.concepts, self._terms, self.version, self._dropped, indexes))


# ---------------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------------


def supplement_files(supplement_dir: Path) -> list[Path]:
    files = sorted(p for p in supplement_dir.glob("*.tsv") if p.name not in SPECIAL_FILES)
    if not files:
        raise FileNotFoundError(
            f"No supplement *.tsv files in '{supplement_dir}'. Expected e.g. drugs.tsv, receptors.tsv; "
            f"pass the package default ({DEFAULT_SUPPLEMENT}) or a fixture directory."
        )
    return files


def source_files() -> dict[str, Path]:
    """Data file of every vocabulary source in LOADERS."""
    return {**kb_sources.source_files(), **kb_genes.source_files()}


def compute_version(supplement_dir: Path, sources: tuple[str, ...]) -> str:
    """Content hash of every input: supplement files, vocabulary files and the KB code itself."""
    unknown = [s for s in sources if s not in LOADERS]
    if unknown:
        raise ValueError(
            f"Unknown KB source(s) {unknown}. Valid sources: {', '.join(LOADERS)}."
        )
    digest = hashlib.sha256()
    paths = [Path(__file__), Path(kb_sources.__file__), Path(kb_genes.__file__)]
    paths += sorted(supplement_dir.glob("*.tsv"))
    files = source_files() if sources else {}
    paths += [files[s] for s in sources]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"kb-{digest.hexdigest()[:16]}"


def _auto_flags(term: SourceTerm, flags: Mapping[str, kb_sources.Flag]) -> SourceTerm:
    """Apply flags.tsv (by case-insensitive text) and the supplement acronym rule."""
    flag = flags.get(term.text) or flags.get(term.text.upper())
    if flag is not None:
        text = term.text.upper() if flag.case_sensitive and term.text.islower() else term.text
        return SourceTerm(text, term.concept_id, term.source, flag.case_sensitive, flag.needs_context)
    if term.source == "supplement" and ACRONYM_RE.match(term.text):
        return SourceTerm(term.text, term.concept_id, term.source, True, term.needs_context)
    return term


def _merge_key(term: SourceTerm) -> tuple[str, str, bool]:
    key = term.text if term.case_sensitive else normalize_key(term.text)
    return key, term.concept_id, term.case_sensitive


def merge_terms(supplement: list[SourceTerm], vocabularies: list[list[SourceTerm]],
                flags: Mapping[str, kb_sources.Flag]) -> tuple[list[Term], dict[str, str]]:
    """Apply the precedence rules of the module docstring; return terms and dropped-form reasons."""
    owner: dict[str, str] = {}  # normalize_key -> concept_id of the case-insensitive owner
    supplement_keys: dict[str, str] = {}
    cs_owner: dict[str, str] = {}  # exact text -> first vocabulary concept listing it case-sensitively
    claimed_by: dict[str, str] = {}  # exact text -> that vocabulary (ambiguity only within one source)
    # One term per (matching key, concept, case mode): "Spravato" (supplement) and "spravato" (drug-ner)
    # are the same surface form; the higher-precedence spelling is kept.
    merged: dict[tuple[str, str, bool], SourceTerm] = {}
    dropped: dict[str, str] = {}
    for term in map(lambda t: _auto_flags(t, flags), supplement):
        key = normalize_key(term.text)
        other = supplement_keys.get(key)
        if other and other != term.concept_id and not term.case_sensitive:
            raise SupplementError(
                f"Supplement synonym '{term.text}' is listed under both '{other}' and '{term.concept_id}'. "
                "Keep it under one concept, or flag it case-sensitive/needs-context in flags.tsv."
            )
        supplement_keys.setdefault(key, term.concept_id)
        if not term.case_sensitive:
            owner[key] = term.concept_id
        merged.setdefault(_merge_key(term), term)
    for terms in vocabularies:
        for term in map(lambda t: _auto_flags(t, flags), terms):
            key = normalize_key(term.text)
            claimed = supplement_keys.get(key) or (cs_owner if term.case_sensitive else owner).get(
                term.text if term.case_sensitive else key)
            if claimed and claimed != term.concept_id and not (term.case_sensitive and
                                                                claimed_by.get(term.text) == term.source):
                dropped.setdefault(term.text.lower(), f"{term.source} form of {term.concept_id} is owned "
                                   f"by {claimed} (higher precedence)")
                continue
            if term.case_sensitive:  # an acronym belongs to the first vocabulary that lists it
                cs_owner.setdefault(term.text, term.concept_id)
                claimed_by.setdefault(term.text, term.source)
            else:
                owner.setdefault(key, term.concept_id)
            merged.setdefault(_merge_key(term), term)
    # A case-sensitive form shared by several concepts is ambiguous: accept only with context.
    concepts_per_text = Counter(t.text for t in merged.values() if t.case_sensitive)
    result = []
    for term in sorted(merged.values(), key=lambda t: (t.text, t.concept_id, t.case_sensitive)):
        ambiguous = term.case_sensitive and concepts_per_text[term.text] > 1
        result.append(Term(term.text, term.concept_id, term.case_sensitive, term.needs_context or ambiguous,
                           term.source))
    return result, dropped


# "<drug>-induced <effect>" ("heparin-induced thrombocytopenia", "alcohol-induced rhabdomyolysis").
DRUG_INDUCED_RE = re.compile(r"^(.+?)[-\s]induced\s(.+)$", re.IGNORECASE)


def drop_drug_induced(terms: list[Term], labels: Mapping[str, str]) -> tuple[list[Term], dict[str, str]]:
    """Effect terms naming a drug and what it induces are a relation, not one effect: dropped, so the
    text gives the drug and the effect as two mentions (and the relation extractor the CAUSES fact).

    Only where the part before "induced" is itself a DRUG/CHEMICAL form of the knowledge base;
    "exercise-induced asthma" stays one effect.
    """
    substances = {normalize_key(t.text) for t in terms
                  if labels.get(t.concept_id) in (DRUG_LABEL, CHEMICAL_LABEL)}
    kept, dropped = [], {}
    for term in terms:
        match = DRUG_INDUCED_RE.match(term.text) if labels.get(term.concept_id) == EFFECT_LABEL else None
        if match and normalize_key(match.group(1)) in substances:
            dropped[term.text.lower()] = (f"names a drug and what it induces ('{match.group(1)}' is a "
                                          "drug or chemical): two mentions, not one effect")
            continue
        kept.append(term)
    return kept, dropped


def build(supplement_dir: Path, sources: tuple[str, ...], version: str) -> KnowledgeBase:
    sup_concepts, sup_terms = kb_sources.read_supplement(supplement_files(supplement_dir))
    flags_path, deny_path = supplement_dir / "flags.tsv", supplement_dir / "deny.tsv"
    flags = kb_sources.read_flags(flags_path) if flags_path.exists() else {}
    deny = kb_sources.read_deny(deny_path) if deny_path.exists() else {}
    files = source_files() if sources else {}
    concepts: dict[str, SourceConcept] = {}
    vocab_terms, dropped = [], {}
    for source in sources:
        src_concepts, src_terms, src_dropped = LOADERS[source](
            files[source], deny.get(source, deny.get("*", frozenset()))
        )
        for concept in src_concepts:
            concepts.setdefault(concept.concept_id, concept)
        vocab_terms.append(src_terms)
        for text, reason in src_dropped.items():
            dropped.setdefault(text, f"dropped from {source}: {reason}")
    concepts.update({c.concept_id: c for c in sup_concepts})
    labels = {cid: c.label for cid, c in concepts.items()}
    every_term = [*sup_terms, *(t for ts in vocab_terms for t in ts)]
    vocab_terms.append(kb_sources.anion_variants(every_term, labels))
    terms, claimed = merge_terms(sup_terms, vocab_terms, flags)
    for text, reason in claimed.items():
        dropped.setdefault(text, reason)
    terms, induced = drop_drug_induced(terms, {cid: c.label for cid, c in concepts.items()})
    for text, reason in induced.items():
        dropped.setdefault(text, reason)
    used = {t.concept_id for t in terms}
    final = {cid: Concept(c.concept_id, c.canonical_name, c.label, c.source)
             for cid, c in sorted(concepts.items()) if cid in used}
    return KnowledgeBase(final, terms, version, dropped)


def cache_dir() -> Path:
    root = os.environ.get("PIPELINE_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(root) / "pipeline" if root else Path.home() / ".cache" / "pipeline"


@functools.cache
def load_kb(path: Path | str | None = None, sources: tuple[str, ...] = ALL_SOURCES) -> KnowledgeBase:
    """The knowledge base, built once per process and cached on disk by version.

    ``path`` is a supplement directory (default: the package's curated supplement); tests pass
    ``tests/fixtures/kb`` with ``sources=()`` for a tiny KB.
    """
    supplement_dir = Path(path) if path is not None else DEFAULT_SUPPLEMENT
    sources = tuple(sources)
    version = compute_version(supplement_dir, sources)
    cached = cache_dir() / f"{version}.pkl"
    if cached.exists():
        with cached.open("rb") as handle:
            return pickle.load(handle)
    kb = build(supplement_dir, sources, version)
    if sources:  # only the full KB is slow enough to be worth a disk cache
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cached)
        except OSError as error:
            log.warning("could not write KB cache %s (%s); the KB will be rebuilt next run", cached, error)
    return kb


def format_stats(kb: KnowledgeBase) -> str:
    """Human-readable summary for ``python -m pipeline kb --stats``."""
    lines = []
    for key, value in kb.stats().items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {name:<14} {count:>8}" for name, count in value.items()]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def format_lookup(kb: KnowledgeBase, term: str) -> str:
    """Explain how ``term`` resolves, for ``python -m pipeline kb lookup TERM``."""
    hits = kb.lookup(term)
    if not hits:
        reason = kb.why_dropped(term)
        return f"'{term}': not in the knowledge base" + (f" ({reason})." if reason else ".")
    lines = [f"'{term}': {len(hits)} match(es)"]
    for hit, concept, how in hits:
        flags = [name for name, on in (("case-sensitive", hit.case_sensitive),
                                        ("needs context", hit.needs_context)) if on]
        lines.append(
            f"  {concept.concept_id}  {concept.canonical_name}  [{concept.label}]  via '{hit.text}' "
            f"from {hit.source}; {how}" + (f"; {', '.join(flags)}" if flags else "")
        )
    return "\n".join(lines)
