"""Normalized lookup keys shared by every component that matches text against the knowledge base.

Why a string key rather than token patterns: the knowledge base holds ~180k surface forms. Tokenizing
each one into a PhraseMatcher/EntityRuler pattern costs seconds at start-up and hundreds of MB (a 107k
pattern EntityRuler alone takes ~1.8 GB). A key that folds case, Greek letters and the separators that
writers vary freely (spaces, hyphens, slashes, apostrophes) makes "gamma-aminobutyric acid",
"γ-aminobutyric acid" and "GABA-A receptor"/"GABAA receptor" collide on purpose, and the same key can be
computed for a term (once) and for a run of document tokens (concatenating per-token keys), so term
tokenization never has to agree with document tokenization.
"""

from __future__ import annotations

import re
from functools import lru_cache

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Α": "Alpha",
    "Β": "Beta",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Κ": "Kappa",
    "Σ": "Sigma",
    "Ω": "Omega",
    "µ": "mu",  # micro sign, often typed for mu
}
# Separators a writer may add, drop or swap without changing the name. Brackets and commas stay:
# they carry meaning in stereo-descriptors such as "(2R,6R)".
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—/'’`\"·.]+")
_GREEK_RE = re.compile("|".join(map(re.escape, GREEK)))


@lru_cache(maxsize=200_000)
def case_key(text: str) -> str:
    """Key that keeps case: Greek letters spelled out, separators removed ("GABA-A" -> "GABAA")."""
    # Both substitutions are skipped when they cannot apply: every Greek letter is non-ASCII, and a
    # text of letters and digits only holds no separator (keys are made for every distinct word).
    if not text.isascii():
        text = _GREEK_RE.sub(lambda m: GREEK[m.group(0)], text)
    return text if text.isalnum() else _SEPARATORS.sub("", text)


# British spellings fold onto American ones: the digraphs of Greek-derived words ("oestrogen",
# "haemorrhage", "oedema", "diarrhoea", "coeliac") and "sulph-" ("sulphate", "sulphasalazine"). Both
# the vocabulary's term and the text's word are folded, so the key only has to be the same on both sides.
# Only before the letters these spellings put after the digraph (anaemia, anaesthesia, paediatric,
# faecal; oedema, oestrogen, foetal, diarrhoea, coeliac): a bare "oe"/"ae" also joins the parts of a
# compound ("thrombo-embolism", "cauda equina"), which tokens and terms split differently.
_BRITISH_DIGRAPH = re.compile(r"ae(?=[mscd])|oe(?=[dstal])")


@lru_cache(maxsize=200_000)
def fold_key(text: str) -> str:
    """Case-folded `case_key`, British spellings folded: the default key for matching ("NMDA Receptor"
    == "nmda receptor", "oestrogen" == "estrogen")."""
    lower = text.lower()
    if "ae" in lower or "oe" in lower:  # within a word only: a multi-word term's key = its tokens' keys
        lower = _BRITISH_DIGRAPH.sub("e", lower)
    key = case_key(lower).lower()
    return key.replace("sulph", "sulf") if "sulph" in key else key


def plural_variants(key: str) -> tuple[str, ...]:
    """Singular candidates for a folded key that may end in a plural ("receptors", "therapies").

    Only the end of the key is touched: the plural sits on the last token of a multi-word term
    ("NMDA receptors" -> "nmdareceptor"). Keys of 4 characters or fewer are left alone so that
    acronyms such as "mGluRs" still go through ("mglurs" -> "mglur"), but "gas" does not become "ga".
    """
    if len(key) <= 4 or not key.endswith("s") or key.endswith("ss"):
        return ()
    variants = [key[:-1]]
    if key.endswith("ies"):
        variants.append(key[:-3] + "y")
    elif key.endswith("es"):
        variants.append(key[:-2])
    return tuple(variants)


def is_acronym(text: str) -> bool:
    """Short all-capital forms ("ALS", "MDD", "NK") that must match with their exact case."""
    if not 0 < len(text) <= 6:  # most forms are longer: answer before looking at their letters
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
