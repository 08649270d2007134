"""Molecular targets no vocabulary lists in full: enzymes, receptors, transporters, channels, gene symbols.

The knowledge base names a few thousand proteins; the literature names many more, in a handful of
regular shapes. This component recognizes those shapes in the gaps the KB-based components left:

* **head-noun phrases** -- a protein head noun ("receptor", "transporter", "channel", "kinase",
  "synthase", any enzyme word in "-ase") with the name parts before it ("beta2-adrenergic receptor",
  "tyrosine kinase", "5-HT1A receptor", "protein kinase C") and an isoform/subtype after it
  ("estrogen receptor alpha", "receptor type 1"). A bare generic head ("receptor", "kinase") is no name;
  a specific enzyme word alone ("acetylcholinesterase", "tyrosinase") is;
* **gene-symbol tokens** -- 2-8 characters, capital letters and digits ("CYP2D6", "MAPK1", "COX-2",
  "PPARγ"), accepted only with evidence: a protein context word right after it ("AKT phosphorylation",
  "COX-2 inhibitors", "IL-6 expression"), or the KB lists it as a gene symbol and it carries a digit;
* **abbreviations** the document defines for a target recognized here ("cyclooxygenase-2 (COX-2)"):
  every occurrence of the short form gets the long form's concept (the abbreviation component ran
  before this one and could not link a long form no vocabulary has).

Ids: the KB concept when the span's text links exactly to a RECEPTOR concept, else a minted
``LOCAL:TARGET:<NAME>`` id (`target_id`), which `pipeline.kb.KnowledgeBase.concept` resolves.
Existing entities win every overlap except when a target phrase contains them as a modifier
("estrogen receptor" over DRUG "estrogen"): the longer span wins, as everywhere in the pipeline.
Sets `doc.ents` (label RECEPTOR, `kb_id_`, `Span._.ner_source == "target"`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.kb_index import KBIndex
from pipeline.components.keys import GREEK
from pipeline.components.lexicon import AMBIGUOUS_KEY, ensure_extensions
from pipeline.components.spans import set_source
from pipeline.components.tokens import doc_text, positions, token_texts
from pipeline.kb_genes import target_id
from pipeline.schema import DRUG, RECEPTOR

SOURCE = "target"

# Head nouns of target names. Generic ones need a name part before them ("receptor" alone is no name).
GENERIC_HEADS = frozenset(
    """receptor transporter channel kinase phosphatase synthase synthetase oxidase reductase
    dehydrogenase hydroxylase transferase protease peptidase esterase lipase cyclase isomerase ligase
    polymerase nuclease oxygenase dioxygenase monooxygenase deaminase decarboxylase carboxylase
    hydrolase lyase mutase enzyme isoenzyme isozyme exchanger pump subunit protein factor""".split()
)
# Heads that make a phrase a target only with a modifier that is itself target-like (capital/digit):
# "protein", "factor", "subunit", "enzyme" follow far too many ordinary words ("plasma protein").
WEAK_HEADS = frozenset("protein factor subunit enzyme isoenzyme isozyme exchanger pump".split())
# English words ending in "-ase" that are no enzymes ("increase", "phase", "database").
NOT_ENZYME_SUFFIXES = ("ease", "phase", "phrase", "base", "case", "chase", "vase")
ENZYMES_ENDING_EASE = ("protease", "nuclease", "lipase")  # real enzymes the suffix rule above would drop
# Lower-case name parts allowed before a head noun besides capitalised/digit tokens and entities.
MODIFIER_WORDS = frozenset(
    """tyrosine serine threonine protein receptor lipid histone glucose amino fatty acid ion anion cation
    organic vesicular neuronal endothelial inducible soluble adenylyl adenylate guanylyl guanylate
    nitric oxide cyclic nucleotide monoamine opioid cannabinoid steroid estrogen oestrogen androgen
    glucocorticoid mineralocorticoid progesterone thyroid insulin growth hormone aryl hydrocarbon
    xanthine aldehyde alcohol aldose monoamine heme haem glutathione cytochrome ornithine tryptophan
    phenylalanine choline acetylcholine glutamine glutamate aromatic retinoic retinoid farnesoid
    peroxisome proliferator activated dependent coupled gated sensitive regulated type like related
    binding converting specific transfer uptake reuptake sodium potassium calcium chloride proton
    map mitogen kinase phosphodiesterase cyclooxygenase lipoxygenase prostaglandin leukotriene""".split()
)
# Adjective endings of receptor classes ("adrenergic", "muscarinic", "metabotropic", "cannabinoid").
MODIFIER_SUFFIXES = ("ergic", "inic", "tropic", "oid")
# Words that end a name on the left even though they match a suffix rule or look like name parts.
NOT_MODIFIERS = frozenset("specific nonspecific selective human rat mouse murine bovine porcine".split())
# Words after a head noun that name the isoform: Greek letters, digits, single capitals, roman numerals.
SUBTYPE_RE = re.compile(r"^(?:[0-9]{1,2}[A-Za-z]?|[A-Z]|[A-Z][0-9]{1,2}|I{1,3}|IV|V|alpha|beta|gamma|delta|"
                        r"epsilon|kappa|[α-ω][0-9]?)$")
SUBTYPE_GREEK = frozenset("alpha beta gamma delta epsilon kappa".split())
MAX_LEFT = 4  # name parts before a head: "mitogen activated protein kinase" is 3 (hyphens not counted)
ION_OPEN_RE = re.compile(r"^[A-Z][a-z]?\([0-9]?\+?$")  # "K(+", "Ca(2" before ")" or "+"

# A gene-symbol token: starts with a capital, 2-8 characters of letters/digits, at least two capitals
# ("CYP2D6", "MAPK1", "AKT", "TrkB"); a Greek isoform letter may be attached ("PPARγ", "ERα").
SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]{1,7}[α-ω]?$")
# Words right after a symbol that say it names a gene or protein.
PROTEIN_CONTEXT = frozenset(
    """gene genes protein proteins mrna expression receptor receptors kinase kinases phosphorylation
    inhibitor inhibitors inhibition antagonist antagonists agonist agonists activity activation
    knockdown knockout sirna shrna promoter transcription isoform isoforms subunit subunits enzyme
    enzymes channel channels transporter transporters signaling signalling pathway polymorphism
    polymorphisms variant variants allele alleles deficiency deficient overexpression immunoreactivity
    levels level ligand ligands blocker blockers activator activators current currents""".split()
)
# Capitalised short forms of the symbol shape that are never genes: techniques, molecules, units.
NOT_SYMBOLS = frozenset(
    """DNA RNA CDNA MRNA ATP ADP AMP GTP GDP CAMP CGMP NAD NADH NADP NADPH FAD PCR RT QPCR HPLC ELISA
    IC50 EC50 ED50 LD50 KI KD KM VMAX CNS PNS BBB ROS USA UK EU FDA WHO NIH II III IV VI MS NMR MRI
    CT PET SD SEM SE CI OR HR RR ANOVA LPS SDS PBS DMSO BSA FBS NO CO CO2 H2O H2O2 PH UV IR IN AN AS
    AT BY IF IS IT OF ON TO UP WE HE DE LA EC HEK HEK293 CHO COS PC12 MCF7 HT29 HELA SHSY5Y
    PBMC PBMCS""".split()
)


# Words after a DRUG that make it a gene product (see TargetRecognizer._gene_products). "production",
# "secretion", "levels" and "release" are left out: prostaglandins, steroids and lactate are produced,
# secreted and measured as much as cytokines and hormones are.
GENE_PRODUCT_CONTEXT = frozenset(
    "expression mrna gene genes transcription transcripts immunoreactivity overexpression".split())


CYTOKINE_RE = re.compile(
    r"^(?:IL|[Ii]nterleukin)[- ]?[0-9]{1,2}[A-Za-zα-ω]{0,5}$|^TNF\b|^[Tt]umou?r necrosis factor|"
    r"^IFN[- ]?(?:γ|gamma)$|^[Ii]nterferon[- ]gamma$|"  # interferon gamma; the alfa/beta medicines stay drugs
    r"^(?:[Cc]oagulation )?[Ff]actor (?:I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,3})a?$|^(?:pro)?thrombin$|"
    r"^plasmin(?:ogen)?$|^fibrinogen$|^GLP-1$|^[Gg]lucagon-like peptide-1$")
MEDICINE_INTERFERON_RE = re.compile(r"(?:α|β|alpha|beta|alfa)", re.IGNORECASE)
# "IL-2" and "interleukin-2" share one minted id.
INTERLEUKIN_SHORT_RE = re.compile(r"^IL[- ]?(?=[0-9])")


# Reporter enzymes of the laboratory: measured as read-outs, never a drug's target.
REPORTER_ENZYMES = frozenset({"luciferase", "luciferases"})


def is_enzyme_word(word: str) -> bool:
    """A lower-case word in "-ase"/"-ases" that is an enzyme name, not "increase", "phase" or "database"."""
    lower = word.lower()
    stem = lower[:-1] if lower.endswith("ases") else lower
    if lower in REPORTER_ENZYMES or len(stem) < 6 or not stem.endswith("ase") or not stem.isalpha():
        return False
    return not stem.endswith(NOT_ENZYME_SUFFIXES) or stem.endswith(ENZYMES_ENDING_EASE)


@lru_cache(maxsize=100_000)
def head_kind(word: str) -> str | None:
    """"generic" for a head noun that needs a modifier, "specific" for an enzyme name alone, else None."""
    lower = word.lower()
    singular = lower[:-1] if lower.endswith("s") and lower[:-1] in GENERIC_HEADS else lower
    if singular in GENERIC_HEADS:
        return "generic"
    if is_enzyme_word(word):
        return "specific"
    return None


def is_modifier(word: str) -> bool:
    """A name part allowed before a head noun (see MODIFIER_WORDS / MODIFIER_SUFFIXES)."""
    lower = word.lower()
    if not word or lower in NOT_MODIFIERS or lower in STOP_WORDS or not word[0].isalnum():
        return False
    if any(ch.isupper() or ch.isdigit() for ch in word) or any(ch in GREEK for ch in word):
        return True
    return lower in MODIFIER_WORDS or lower.endswith(MODIFIER_SUFFIXES) or is_enzyme_word(word)


def is_symbol(word: str) -> bool:
    """Gene-symbol shape (SYMBOL_RE, two capitals or more) and not a known non-gene short form."""
    if not SYMBOL_RE.match(word) or word.upper() in NOT_SYMBOLS:
        return False
    return sum(ch.isupper() for ch in word) >= 2


HYPHENS = frozenset("-‐‑–")


def phrase_spans(words: list[str], entity_tokens: set[int]) -> list[tuple[int, int]]:
    """Token spans (start, end) of head-noun target phrases, as described in the module docstring."""
    found = []
    n = len(words)
    for i in positions(words, {word for word in set(words) if head_kind(word) is not None}):
        word = words[i]
        kind = head_kind(word)
        start, parts, strong = i, 0, False
        k = i - 1
        while k >= 0 and parts < MAX_LEFT:
            if words[k] in HYPHENS and k > 0:
                k -= 1
                continue
            if k > 0 and (words[k] == "+" or words[k] == ")" and (ION_OPEN_RE.match(words[k - 1])
                                                                   or words[k - 1] == "+")):
                k -= 1  # the charge of an ion name: "Ca2+ channels", "K(+) channels", "Ca(2+) channels"
                continue
            if not (is_modifier(words[k]) or k in entity_tokens):
                break
            strong = strong or k in entity_tokens or any(c.isupper() or c.isdigit() for c in words[k])
            start, parts, k = k, parts + 1, k - 1
        end = i + 1
        while end < n and SUBTYPE_RE.match(words[end]) and end - i <= 2:
            end += 1
        if end == i + 1 and end + 1 < n and words[end] in HYPHENS and SUBTYPE_RE.match(words[end + 1]) \
                and words[end + 1] not in SUBTYPE_GREEK:
            end += 2  # "monoamine oxidase-A", "protein kinase-C": the isoform after a hyphen
        elif end == i + 1 and end + 1 < n and words[end].lower() in ("type", "isoform", "subtype") \
                and SUBTYPE_RE.match(words[end + 1]) and words[end + 1] not in SUBTYPE_GREEK:
            end += 2  # "monoamine oxidase type B", "receptor subtype 2"
        if kind == "generic" and (parts == 0 or word.lower().rstrip("s") in WEAK_HEADS and not strong):
            continue
        found.append((start, end))
    return found


# Root symbols of gene families whose members are named root + number (HGNC nomenclature): "COX-2",
# "IL-6", "MMP-9", "PDE4", "HDAC1", "Nox4", "Smad3", "MAO-A", "ERK1/2". Root + member is a protein name
# without further context; the root alone ("IL", "COX") is not.
FAMILY_ROOTS = frozenset(
    """IL COX MMP CYP HO IGF TGF TNF IFN ERK JNK MAPK MEK PKC PKA PKG PDE MAO NOS HDAC SIRT CDK STAT
    SMAD TLR GLUT SGLT OATP OAT OCT OCTN MRP MDR BCRP ABC SLC UGT SULT GST GSTA GSTM GSTP ALDH ADH COMT
    CES FGF FGFR VEGF VEGFR EGFR PDGF PDGFR BMP CXCL CCL CXCR CCR JAK TRPV TRPA TRPM TRPC KCNQ KCNJ KCNK
    NAV KV CAV KIR HCN ASIC P2X P2Y GPR HSP PARP CASP TOP DNMT PPAR RXR RAR LXR ROR PI3K PIK3 AKT GSK
    S6K PLA2 PLC PLD LOX ALOX NOX SOD GPX TRX CAT MCT ENT CNT PEPT NHE NKCC KCC AQP ADAM MAP2K NR
    CHRM CHRNA ADRA ADRB HTR DRD HRH OPR GRIN GRIA GRM GABRA CNR NPY MC ACE AT EP DP FP IP TP""".split()
)
# Member ids after a root: "2", "1A", "3A4", "1B3", "A"/"B" (MAO-A), "1.5" (Nav1.5), Greek isoforms.
MEMBER_RE = re.compile(r"^(?:[0-9]{1,2}[A-Za-z]?[0-9]{0,2}(?:\.[0-9]{1,2})?|[AB])[α-ω]?$")
# Protein names by molecular weight: "p53", "p38", "p21", "p65", "p300", "p38α".
WEIGHT_NAME_RE = re.compile(r"^p[0-9]{2,3}[α-ω]?$")
# A root glued to its member id in one token ("PDE4", "Nox4", "Smad3", "Kv1.5"): the root as written
# in capitals or in gene-style capitalised case, then a member id.
GLUED_RE = re.compile(r"^([A-Z][A-Za-z]{1,4}[0-9]?)([0-9]{1,2}[A-Za-z]?[0-9]{0,2}(?:\.[0-9]{1,2})?[α-ω]?)$")
# Greek isoform/family suffixes written out or as a letter, alone or with a capital: "κB", "kappaB".
GREEK_SUFFIX_RE = re.compile(r"^(?:[0-9]{0,2}(?:[α-ω]|alpha|beta|gamma|delta|epsilon|kappa)[0-9]?[A-Z]?)$")


SPECIES_PREFIXES = frozenset("hrm")  # human, rat, mouse
ALNUM_RE = re.compile(r"[^A-Za-z0-9]")
SPELT_GREEK_RE = re.compile(r"[0-9A-Za-z](?:alpha|beta|gamma|delta|kappa)[0-9]?[A-Z]?$")
CELL_WORDS = frozenset("cell cells line lines".split())


def family_root(word: str) -> bool:
    """A gene-family root as written: all capitals ("COX") or capitalised gene style ("Nox", "Smad")."""
    return word.upper() in FAMILY_ROOTS and (word.isupper() or word[:1].isupper() and word[1:].islower())


def glued_member(word: str) -> bool:
    """One token that is a family root plus member id ("PDE4", "HDAC1", "Nox4", "Kv1.5")."""
    m = GLUED_RE.match(word)
    return bool(m) and family_root(m.group(1))


def symbol_end(words: list[str], i: int) -> tuple[int, str | None]:
    """Where the symbol starting at token i ends, and what its hyphen suffix is: "greek", "member", None.

    Takes "-2"/"-1A"/"-A" member ids, Greek suffixes ("-κB", "-1alpha", "-kappa B"), and "/"-joined
    family members ("ERK1/2", "5HT1B/1D").
    """
    n, end, suffix = len(words), i + 1, None
    if end + 1 < n and words[end] in HYPHENS:
        nxt = words[end + 1]
        if GREEK_SUFFIX_RE.match(nxt) or nxt in GREEK:
            end, suffix = end + 2, "greek"
            if nxt.lower() == "kappa" and end < n and words[end] == "B":
                end += 1
        elif MEMBER_RE.match(nxt):
            end, suffix = end + 2, "member"
    if end + 1 < n and words[end] == "/" and re.match(r"^[0-9]{1,2}[A-Z]?$", words[end + 1]) and \
            any(ch.isdigit() for ch in words[end - 1]):
        end += 2
    return end, suffix


def known_prefixes(symbols: set[str]) -> frozenset[str]:
    """Every symbol the KB knows and each of its prefixes of 3+ characters, upper-cased ("PDE4D" gives
    "PDE", "PDE4", "PDE4D"): a family member written without its isoform letter is still a known gene."""
    return frozenset(sym.upper()[:k] for sym in symbols for k in range(3, len(sym) + 1))


def known_member(key: str, families: frozenset[str]) -> bool:
    """The KB knows this family member, or a sibling of its subfamily: "UGT1A6" is a member because
    UGT1A1 is known (prefix "UGT1"); "COX9" is none, as no known symbol starts "COX9"."""
    return any(key[:k] in families for k in range(len(key), 2, -1) if any(ch.isdigit() for ch in key[:k]))


SPECIES_SHAPE = (False, False, False, False)  # `_symbol_shape` of "hSERT": a species letter before a symbol
# Prostanoids and leukotrienes are lipids, not proteins, though shaped like symbols: "TXB2", "PGE2",
# "LTB4", "LT" ("LT production", "LT inhibitors").
PROSTANOID_RE = re.compile(r"^(?:TX|PG|LT)(?:[A-J][0-9]?(?:alpha|α)?)?$")


@lru_cache(maxsize=100_000)
def _symbol_shape(word: str) -> tuple[bool, bool, bool, bool] | None:
    """What `symbol_spans` reads of a word alone: SPECIES_SHAPE, (shaped, family, weight, gene style)
    when the word may start a symbol, else None (most words). Cached: most words recur across
    documents."""
    if word[:1] in SPECIES_PREFIXES and word[1:2].isupper() and len(word) >= 4:
        return SPECIES_SHAPE
    if not (word[:1].isupper() or word[:1] == "p"):  # every shape below starts so; most words do not
        return None
    if PROSTANOID_RE.match(word):
        return None
    shaped = is_symbol(word)
    family = family_root(word) or glued_member(word)
    weight = bool(WEIGHT_NAME_RE.match(word))
    style = not shaped and _shaped(word)
    if not (shaped or family or weight or style):
        return None
    return shaped, family, weight, style


# Mouse/rat gene style: one capital, lower-case letters, a number ("Panx1", "Ctr1", "Pyk2"). Shaped like
# a symbol only for the context rules (a protein word after it, a head noun before it), never alone.
GENE_STYLE_RE = re.compile(r"^[A-Z][a-z]{1,4}[0-9]{1,2}[A-Za-z]?$")
# Cellular proto-oncogene products written "c-" + the viral oncogene's name: "c-Src", "c-Fos", "c-Kit".
ONCOGENE_RE = re.compile(r"^[A-Z][a-z]{1,3}[0-9]?$")
# Words right after a symbol that say it names a protein only when the symbol is a target already
# named so elsewhere: "Y currents", "Y-mediated" are read as context in coordinated lists too.
LIST_GLUE = frozenset({",", "and", "or", "/", "and/or"})
# Head nouns right before a symbol that name it ("the tyrosine kinase Pyk2", "the receptor TRPM8").
# Context too weak to name a symbol a target for the whole document: prostanoids and hormones have levels.
WEAK_CONTEXT = frozenset({"level", "levels"})
NAMING_HEADS = frozenset("""receptor kinase channel transporter protein enzyme gene phosphatase exchanger
    isoform isozyme isoenzyme subunit ligase oxidase protease""".split())


def _shaped(word: str) -> bool:
    """Symbol shape for the context rules: `is_symbol` or the gene style ("Panx1")."""
    return is_symbol(word) or bool(GENE_STYLE_RE.match(word)) and word.upper() not in NOT_SYMBOLS


def _oncogene(words: list[str], i: int) -> bool:
    """'c', '-', 'Src' at token i."""
    return (i + 2 < len(words) and words[i] == "c" and words[i + 1] in HYPHENS
            and bool(ONCOGENE_RE.match(words[i + 2])))


# Protein aspects before "of" that say the symbols after them name proteins: "expression of A and B".
# Not "inhibition/induction of" (of dopamine uptake, of PGE2), which chemicals follow as often.
OF_CONTEXT = frozenset("""expression overexpression phosphorylation knockdown transcription translocation
    upregulation downregulation""".split())


def _list_after(words: list[str], end: int) -> set[int]:
    """Start indices of the symbols coordinated after the one ending at `end` ("A, B, and C")."""
    found: set[int] = set()
    n, j = len(words), end
    while j + 1 < n and words[j] in LIST_GLUE:
        k = j + 1
        if k < n and words[k] in LIST_GLUE:  # ", and"
            k += 1
        if k < n and _oncogene(words, k):
            found.add(k)
            j = k + 3
        elif k < n and _shaped(words[k]):
            found.add(k)
            j, _ = symbol_end(words, k)
        else:
            break
    return found


def list_context(words: list[str], end: int) -> bool:
    """The protein word after a coordinated list of symbols applies to each of them: in "A, B and C
    expression" A and B have the context C has. `end` is the index after the symbol."""
    n = len(words)
    j = end
    while j + 1 < n and words[j] in LIST_GLUE:
        if _oncogene(words, j + 1):
            j += 4
        elif _shaped(words[j + 1]):
            j, _ = symbol_end(words, j + 1)
        else:
            return False
    return j > end and j < n and words[j].lower() in PROTEIN_CONTEXT


def symbol_spans(words: list[str], known: set[str], families: frozenset[str] = frozenset()
                 ) -> list[tuple[int, int]]:
    """Token spans of gene symbols with evidence.

    Evidence is one of: a PROTEIN_CONTEXT word next; a KB gene symbol with a digit; a gene-family root
    with its member id that the KB's gene symbols know, exactly or as a prefix (`families`, from
    `known_prefixes`: "IL-6" -> IL6, "PDE4" -> PDE4D, "Smad3" -> SMAD3); a Greek isoform suffix on a
    capitalised symbol ("NF-κB", "HIF-1alpha", "PKCδ"); a molecular-weight name ("p53", "p38α"); a
    species letter (h, r, m) before a symbol the KB knows ("hSERT", "hCOX-2").
    "COX-2" is three tokens after the hyphen split.
    """
    found, seeds = [], []
    vouched: set[int] = set()  # symbol starts in a list after "expression of"
    n = len(words)
    # Only "c" and words with a symbol shape can start a symbol: the loop visits those tokens alone.
    starts = {word for word in set(words) if word == "c" or _symbol_shape(word) is not None}
    for i in positions(words, starts):
        word = words[i]
        prev = words[i - 1].lower() if i else ""
        if word == "c" and _oncogene(words, i):
            found.append((i, i + 3))  # "c-Src", "c-Fos": the c- prefix says proto-oncogene product
            continue
        shape = _symbol_shape(word)
        if shape is None:
            continue
        if shape == SPECIES_SHAPE:
            # "hSERT", "hCOX-2", "rD2": a species letter before a symbol the KB knows, or before a
            # symbol-shaped name with protein context ("rCtr1 protein")
            end, _ = symbol_end(words, i)
            inner = ALNUM_RE.sub("", "".join(words[i:end]))[1:]
            nxt = words[end].lower() if end < n else ""
            if inner.upper() not in NOT_SYMBOLS and (
                    inner in known or any(ch.isdigit() for ch in inner) and inner.upper() in families
                    or _shaped(word[1:]) and (nxt in PROTEIN_CONTEXT or prev in NAMING_HEADS)):
                found.append((i, end))
            continue
        shaped, family, weight, style = shape
        end, suffix = symbol_end(words, i)
        text = "".join(words[i:end])
        nxt = words[end].lower() if end < n else ""
        has_digit = any(ch.isdigit() for ch in text)
        greek = suffix == "greek" or any(ch in GREEK for ch in word) or bool(SPELT_GREEK_RE.search(word))
        member = family and (suffix is not None or glued_member(word))
        member = member and known_member(ALNUM_RE.sub("", text).upper(), families)
        if nxt in CELL_WORDS:  # "DLD-1 cells", "HEK293 cell line": a cell line, not a gene
            continue
        if word.upper() == "IFN" and MEDICINE_INTERFERON_RE.search(text):
            continue  # "IFN-α", "IFN-beta": the medicines (interferon alfa/beta), as in CYTOKINE_RE
        after = end  # "SRC/ABL inhibitor", "PI3K/Akt signaling": the context word follows the whole chain
        while after + 1 < n and words[after] == "/" and is_symbol(words[after + 1]):
            after += 2
        if after > end and after < n and words[after].lower() in PROTEIN_CONTEXT and shaped:
            found.extend((k, k + 1) for k in range(end + 1, after, 2))
            nxt = words[after].lower()
        # A head noun before the symbol names it ("the tyrosine kinase Pyk2"); a protein word after a
        # coordinated list applies to every symbol in it ("A, B and C expression"), and so does a protein
        # aspect before it ("expression of A, B and C").
        of_aspect = prev == "of" and i >= 2 and words[i - 2].lower() in OF_CONTEXT
        if of_aspect:
            vouched.update(_list_after(words, end))
        context = (nxt in PROTEIN_CONTEXT or prev in NAMING_HEADS or list_context(words, end) or of_aspect
                   or i in vouched)
        if (context and (shaped or family or style) or (shaped and word in known and has_digit)
                or member or weight or shaped and greek and word.upper() not in NOT_SYMBOLS):
            found.append((i, end))
            if nxt not in WEAK_CONTEXT:
                seeds.append((i, end))
    return _same_symbol_elsewhere(words, list(dict.fromkeys(found)), seeds)


def _same_symbol_elsewhere(words: list[str], found: list[tuple[int, int]], seeds: list[tuple[int, int]]
                           ) -> list[tuple[int, int]]:
    """One name, one sense per document: a symbol accepted with evidence once (`seeds`; "levels" is too
    weak: hormones and prostanoids have levels too) is a target wherever the document writes it again
    ("TRPM8 channel ... menthol activates TRPM8"), except inside a hyphenated name or before cell words."""
    if not seeds:
        return found
    accepted = {tuple(words[s:e]) for s, e in seeds}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for seq in accepted:
        by_first.setdefault(seq[0], []).append(seq)
    have = set(found)
    n = len(words)
    for i, word in enumerate(words):
        for seq in by_first.get(word, ()):
            end = i + len(seq)
            if (i, end) in have or tuple(words[i:end]) != seq:
                continue
            if end < n and (words[end] in HYPHENS or words[end].lower() in CELL_WORDS):
                continue  # part of a longer hyphenated name, or a cell line
            if i and words[i - 1] in HYPHENS:
                continue
            found.append((i, end))
            have.add((i, end))
    return found


# Target names written in a nomenclature of their own, recognized by shape alone:
# enzyme commission numbers ("EC 4.2.1.1"); IUPHAR channel names ("Kir6.2", "Nav1.5", "Cav1.2");
# adrenoceptor abbreviations ("β2-AR", "beta1AR", "alpha2-adrenoceptor"); receptor subtypes with the
# subscript written in brackets, which the tokenizer splits ("5-HT(1A)", "D(2) receptor", "MT(1)").
EC_NUMBER_RE = re.compile(r"^[1-7]\.[0-9]{1,2}\.[0-9]{1,3}\.(?:[0-9]{1,3}|-)$")
CHANNEL_RE = re.compile(r"^(?:Nav|Cav|Kv|Kir|KCa|K2P|Hv|Kvβ|Kvbeta)[0-9]{1,2}\.[0-9]{1,2}$")
ADRENOCEPTOR_RE = re.compile(r"^(?:alpha|beta|α|β)(?:[0-9][A-D]?|\([0-9][A-D]?\))(?:ARs?)?$")
# One token with the bracketed subscript inside and the receptor's "R" after it: "CysLT(1)R", "AT(1)R".
SUBSCRIPT_R_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,5}\([0-9]{1,2}[A-Za-z]?\)Rs?$")
NOMENCLATURE_STARTS = ("Nav", "Cav", "Kv", "Kir", "KCa", "K2P", "Hv", "alpha", "beta", "α", "β")
ADRENOCEPTOR_HEADS = frozenset("ar ars adrenoceptor adrenoceptors adrenergic".split())
# "HT(1A", "D(2", "P2Y(2", "K(ATP", "MT(1": a base and an opened subscript, ")" the next token.
SUBSCRIPT_RE = re.compile(r"^([A-Za-z][A-Za-z0-9]{0,5})\(([0-9]{1,2}[A-Za-z]{0,2}|[A-Z]{1,3})$")
# Bases whose bracketed subscript names a receptor subtype even with no head noun after it.
SUBSCRIPT_BASES = frozenset("HT D H M A MT CB AT ET NK EP DP FP IP TP P2X P2Y CysLT".split())
RECEPTOR_HEADS = frozenset(
    "receptor receptors channel channels R subunit subunits autoreceptor autoreceptors".split())


def nomenclature_spans(words: list[str]) -> list[tuple[int, int]]:
    """Token spans of EC numbers, channel names, adrenoceptor abbreviations and bracketed subtypes."""
    found = []
    n = len(words)
    # The shapes below all start so: a gate on the document's distinct words before the expressions.
    gate = {word for word in set(words)
            if word == "EC" or "(" in word or word.startswith(NOMENCLATURE_STARTS)}
    for i in positions(words, gate):
        word = words[i]
        if word == "EC" and i + 1 < n and EC_NUMBER_RE.match(words[i + 1]):
            found.append((i, i + 2))
        elif CHANNEL_RE.match(word) or SUBSCRIPT_R_RE.match(word):
            found.append((i, i + 1))
        elif ADRENOCEPTOR_RE.match(word):
            if word.endswith(("AR", "ARs")):
                found.append((i, i + 1))
            elif i + 2 < n and words[i + 1] in HYPHENS and words[i + 2].lower() in ADRENOCEPTOR_HEADS:
                found.append((i, i + 3))
        elif "(" in word and i + 1 < n and words[i + 1] == ")":
            m = SUBSCRIPT_RE.match(word)
            if m is None:
                continue
            start, end = i, i + 2
            if m.group(1) == "HT" and i >= 2 and words[i - 1] in HYPHENS and words[i - 2] == "5":
                start = i - 2  # "5-HT(1A)"
            elif m.group(1) == "HT":
                continue
            if end < n and words[end] in RECEPTOR_HEADS:
                found.append((start, end + 1))
            elif m.group(1) in SUBSCRIPT_BASES:
                found.append((start, end))
    return found


class TargetRecognizer:
    """Adds RECEPTOR entities for target names and gene symbols; see the module docstring."""

    def __init__(self, name: str = "pharma_targets") -> None:
        self.name = name
        self.index: KBIndex | None = None
        self.symbols: set[str] = set()
        self.families: frozenset[str] = frozenset()
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, index: KBIndex | None = None) -> None:
        self.index = index
        # Case-sensitive RECEPTOR forms of the KB that have the symbol shape: the gene symbols it knows.
        cased = index.cased.items() if index is not None else ()
        self.symbols = {key for key, entry in cased if entry.label == RECEPTOR}
        self.families = known_prefixes(self.symbols)

    def link(self, text: str) -> str:
        """The KB's RECEPTOR concept for exactly this text, else a minted `target_id`."""
        entry = self.index.exact(text) if self.index is not None else None
        if entry is not None and entry.label == RECEPTOR:
            return entry.concept_id
        return target_id(text)

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None:
            raise ValueError(
                f"Component '{self.name}' has no knowledge base index. Build the pipeline with "
                "pipeline.nlp.build_nlp(), which calls initialize(index=KBIndex(kb)) on it."
            )
        words = token_texts(doc)
        ents = list(doc.ents)
        ent_tokens = {i for e in ents for i in range(e.start, e.end)}
        candidates = (phrase_spans(words, ent_tokens) + symbol_spans(words, self.symbols, self.families)
                      + nomenclature_spans(words))
        # Ambiguous KB gene symbols ("MAX", "REST") waiting for context: protein context right after.
        candidates += [(s.start, s.end) for s in doc.spans.get(AMBIGUOUS_KEY, ()) if s.label_ == RECEPTOR
                       and s.end < len(doc) and words[s.end].lower() in PROTEIN_CONTEXT]
        new: list[Span] = []
        for start, end in candidates:
            inner = [e for e in ents if e.start >= start and e.end <= end]
            overlapping = [e for e in ents if e.start < end and start < e.end]
            # Fill gaps, or grow over entities wholly inside the phrase; never cut an entity in two.
            if len(overlapping) != len(inner) or any((e.start, e.end) == (start, end) for e in inner):
                continue
            text = doc[start:end].text
            new.append(Span(doc, start, end, label=RECEPTOR, kb_id=self.link(text)))
        new += self._gene_products(doc, ents, words)
        new += self._abbreviations(doc, new)
        if new:
            covered = {(s.start, s.end) for s in new}
            merged = filter_spans(new + ents)
            for span in merged:
                if (span.start, span.end) in covered:
                    set_source(span, SOURCE)
            doc.set_ents(merged, default="outside")
        return doc

    def _gene_products(self, doc: Doc, ents: list[Span], words: list[str]) -> list[Span]:
        """DRUG entities the text treats as gene products: "IL-2 expression", "GnRH mRNA". Peptide hormones
        and cytokines are drugs too (aldesleukin, corticotropin); expressed they are the body's proteins.
        Interleukins, TNF, interferon gamma, coagulation factors, (pro)thrombin, plasmin(ogen) and GLP-1
        are read as proteins everywhere: the medicines made from them mostly go by their own names
        (aldesleukin, alteplase, liraglutide). Interferon alfa and beta stay drugs
        ("interferon-alpha-induced depression" is about the medicine)."""
        out = []
        text = doc_text(doc)
        for ent in ents:
            if ent.label_ != DRUG:
                continue
            nxt = words[ent.end].lower() if ent.end < len(doc) else ""
            ent_text = text[ent.start_char : ent.end_char]  # == ent.text, without a Token per word
            if nxt in GENE_PRODUCT_CONTEXT or CYTOKINE_RE.match(ent_text):
                name = INTERLEUKIN_SHORT_RE.sub("interleukin-", ent_text)
                out.append(Span(doc, ent.start, ent.end, label=RECEPTOR, kb_id=self.link(name)))
        return out

    def _abbreviations(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Short forms the document defines for a target found here take its concept (module docstring)."""
        if not found or not doc.has_extension("abbreviations") or not doc._.abbreviations:
            return []
        by_end = {s.end: s for s in found}
        out = []
        for abbr in doc._.abbreviations:
            target = by_end.get(abbr["long_end"])
            if target is not None and target.start >= abbr["long_start"]:
                start, end = abbr["short_start"], abbr["short_end"]
                out.append(Span(doc, start, end, label=RECEPTOR, kb_id=target.kb_id_))
        return out
