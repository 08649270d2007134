"""Names no vocabulary lists, recognised by their shape: drug-name stems, systematic chemical names,
chemical formulas, organ toxicity words and organ + damage phrases.

Vocabularies list approved drugs and MeSH headings; the literature also names investigational
compounds by their INN stem ("flestolol" is a beta blocker by its "-olol"), chemicals by systematic
IUPAC-style names ("1,2-dimethylhydrazine", "N-methyl-N-nitrosourea") and organ damage by a
combining form ("hepatotoxicity") or an adjective + damage noun ("renal injury"). Each rule here:

* never cuts across a KB lexicon entity (the vocabulary wins), but a lexicon entity lying inside the
  rule's span is replaced by the longer span ("toxicity" -> "cardiac toxicity");
* yields a whole-token span and a concept id minted from the name (`pipeline.kb.pattern_concept_id`,
  canonical name = the lower-cased name), with `Span._.ner_source == "pattern"`;
* is a pure function of the text (`find_morphology`), tested on hand-made sentences.

Last, a DRUG entity grows over an adjacent salt or cation word ("gentamicin sulfate", "sodium
valproate"), keeping its concept: the active moiety is the same drug.
Runs before the abbreviation component so that "1-methyl-4-phenyl-1,2,3,6-tetrahydropyridine (MPTP)"
also gives MPTP its concept. Sets `doc.ents`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.spans import KBComponent, mark, source
from pipeline.components.tokens import doc_text, positions, token_spaces, token_texts
from pipeline.kb import pattern_concept_id
from pipeline.schema import DRUG, EFFECT

# WHO INN / USAN stems that mark a drug class at the end of a name (WHO "The use of stems in the
# selection of INNs"). Only stems no common English word ends in; a word must also be >= 7 letters
# (3 before the stem at least), so "april" or "vaccine" never match.
INN_STEMS = (
    "azepam", "azolam", "olol", "pril", "sartan", "vastatin", "caine", "mycin", "micin", "cillin",
    "oxacin", "tidine", "prazole", "afil", "triptan", "platin", "rubicin", "conazole", "dipine", "tinib",
    "barbital", "profen", "setron", "semide", "triptyline", "pramine", "oxetine", "peridol", "zumab",
    "ximab", "mumab", "coxib", "gliptin", "gliflozin", "parinux", "tegravir", "previr", "buvir", "navir",
)
INN_STEM_RE = re.compile(rf"(?<![\w-])([A-Za-z]{{3,}}(?:{'|'.join(INN_STEMS)}))(?![\w-])", re.IGNORECASE)
# The same test, fast: a match of INN_STEM_RE is a whole run of letters (free of word characters and
# hyphens on both sides) that ends in a stem. Scanning with INN_STEM_RE itself backtracks through the
# 40 stems at every letter of every word (half of this module's time); instead the runs are found in
# one pass, gated by their last four letters (a necessary condition: every stem ends in one of these),
# and only the survivors are tried against the stems.
# (The last letter is tested first, as one character class: most words fail there.)
_STEM_ENDS = "|".join(sorted({stem[-4:] for stem in INN_STEMS}))
_STEM_LAST = "".join(sorted({stem[-1] for stem in INN_STEMS}))
INN_RUN_RE = re.compile(
    rf"(?<![\w-])[A-Za-z]{{3,}}+(?![\w-])(?<=[{_STEM_LAST}])(?<={_STEM_ENDS})", re.IGNORECASE
)
INN_NAME_RE = re.compile(rf"[A-Za-z]{{3,}}(?:{'|'.join(INN_STEMS)})", re.IGNORECASE)

# Morphemes of substituent and ring names in systematic (IUPAC-style) chemical nomenclature.
CHEM_MORPHEMES = re.compile(
    r"(meth|eth|prop|but|pent|hex|phenyl|benz|hydroxy|chlor|fluor|brom|iod|amino|nitro|oxo|carbox|"
    r"sulf|sulph|phosph|piperazin|piperidin|pyridin|pyrimidin|quinolin|indol|imidazol|pyrrol|furan|"
    r"thiazol|acetyl|amide|azin|oxy|cyano|thio|nitroso|urea|glycer|ester)",
    re.IGNORECASE,
)
# A locant ("1,2-", "4'-", "N-", "N,N'-", "3alpha-", "(2R)-", the benzene ring's "o-", "m-", "p-") or a
# ring/bracket fusion marks a systematic name; plain words with a chemical morpheme ("methods",
# "ethanol") do not have one.
LOCANT = re.compile(
    r"(?:^|[\[(\-,])(?:\d+[a-z]?['′]?(?:,\d+[a-z]?['′]?)*|[NOS](?:,[NOS])?['′]*|\d+(?:alpha|beta)|[omp])-"
)
# Whitespace chunks holding a hyphen: every locant ends in one, and testing only these chunks keeps the
# rule off >95% of words (it ran on every chunk and cost a quarter of the annotation time).
CHUNK_RE = re.compile(r"(?<!\S)\S*-\S*")
HYPHEN = re.compile("-")  # `systematic_names` finds CHUNK_RE's chunks from their hyphens (`chunks_holding`)
NAME_TAIL = re.compile(r" ([a-z]+)\b")
LETTER_RUNS = re.compile(r"[A-Za-z]{4,}")
# Words that may follow a systematic name as part of it ("... carboxylic acid", "... methyl ester").
NAME_TAILS = frozenset({"acid", "ester", "hydrochloride", "salt"})
MIN_SYSTEMATIC_LETTERS = 6  # "2-OH", "N-1" are labels, not names: ask for a real stem

# "hepatotoxicity", "nephrotoxic": an organ combining form + toxic(ity). "cytotoxic" is a laboratory
# read-out (cell death in culture), not an adverse effect, so "cyto-" is left out.
ORGAN_TOXICITY_RE = re.compile(r"(?<![\w-])((?!cyto)[a-z]{2,}o-?toxic(?:ity|ities)?)(?![\w-])", re.IGNORECASE)
# Organ or system adjective + damage noun ("renal injury", "myocardial damage", "axonal damage").
ORGANS = (
    "renal|hepatic|liver|myocardial|cardiac|kidney|hippocampal|neuronal|brain|axonal|neural|tubular|"
    "pulmonary|lung|cerebral|retinal|mitochondrial|vascular|endothelial|gastric|intestinal|cochlear|"
    "sexual|respiratory|ventricular|erectile|cognitive|neurological|neurologic|spinal cord|testicular"
)
DAMAGE = "injury|injuries|damage|dysfunction|dysfunctions|failure|toxicity|insufficiency|impairment|lesions?"
ORGAN_DAMAGE_RE = re.compile(rf"(?<![\w-])((?:{ORGANS}) (?:{DAMAGE}))(?![\w-])", re.IGNORECASE)
# Parts every match of the two rules above holds (same flags). The rules are not run over the whole
# text, which tries them at every character (most abstracts name no organ damage), but only where a
# part is: `organ_toxicity` runs ORGAN_TOXICITY_RE over the white-space chunks holding "toxic";
# `organ_damage` reads the organ right before each damage noun.
TOXIC_PART = re.compile("toxic", re.IGNORECASE)
DAMAGE_PART = re.compile(rf" (?:{DAMAGE})(?![\w-])", re.IGNORECASE)
# The organ of ORGAN_DAMAGE_RE ending where a DAMAGE_PART starts (searched in the few characters before).
ORGAN_BEFORE = re.compile(rf"(?<![\w-])(?:{ORGANS})\Z", re.IGNORECASE)
MAX_ORGAN_LEN = max(len(organ) for organ in ORGANS.split("|"))


def chunks_holding(text: str, part: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of each white-space-free chunk of `text` that holds a match of `part` (a pattern
    that matches no white space), in order.

    A rule whose matches hold no white space and a `part` each, and whose look-arounds read white space
    as they read the text's ends, finds the same matches run over these chunks alone
    (``rule.finditer(text, start, end)``: the look-behinds still see the text before `start`) as over
    the whole text, at a fraction of the cost when `part` is rare.
    """
    found: list[tuple[int, int]] = []
    for match in part.finditer(text):
        if found and match.start() < found[-1][1]:
            continue  # in the chunk just found
        start = match.start()
        while start > 0 and not text[start - 1].isspace():  # `str.isspace` is `re`'s \s
            start -= 1
        found.append((start, _NON_SPACE.match(text, match.start()).end()))
    return found


_NON_SPACE = re.compile(r"\S*")


def organ_toxicity(text: str) -> list[tuple[int, int]]:
    """Spans of ORGAN_TOXICITY_RE's group 1 in `text`: the rule run over the chunks holding "toxic"
    (its matches are letters and a hyphen, bounded by look-arounds that white space satisfies)."""
    return [m.span(1) for start, end in chunks_holding(text, TOXIC_PART)
            for m in ORGAN_TOXICITY_RE.finditer(text, start, end)]


def organ_damage(text: str) -> list[tuple[int, int]]:
    """Spans of ORGAN_DAMAGE_RE's matches in `text`, found from their damage nouns.

    Every match is an organ, then a DAMAGE_PART (the same alternatives and look-ahead); DAMAGE_PART's
    matches cannot overlap, and no organ name ends with another one after a space or hyphen, so each
    damage noun has at most one organ before it: the one ORGAN_BEFORE finds ending there."""
    found = []
    for match in DAMAGE_PART.finditer(text):
        organ = ORGAN_BEFORE.search(text, max(0, match.start() - MAX_ORGAN_LEN), match.start())
        if organ is not None:
            found.append((organ.start(), match.end()))
    return found


def _trim(chunk: str) -> str:
    """Drop sentence punctuation and unbalanced brackets from the ends of a whitespace chunk."""
    while chunk and (chunk[-1] in ".,;:" or chunk[-1] in ")]" and chunk.count(chunk[-1]) >
                     chunk.count("(" if chunk[-1] == ")" else "[")):
        chunk = chunk[:-1]
    while chunk and chunk[0] in "([" and chunk.count(chunk[0]) > chunk.count(")" if chunk[0] == "(" else "]"):
        chunk = chunk[1:]
    while len(chunk) > 2 and chunk[0] + chunk[-1] in ("()", "[]") and _balanced(chunk[1:-1]):
        chunk = chunk[1:-1]  # a name in brackets: "(N,N-dimethylpropranolol)"
    return chunk


# "X-induced", "X-treated": the chemical is X; the suffix is a relation cue, not part of the name.
RELATION_SUFFIX = re.compile(
    r"-(?:induced|treated|related|mediated|dependent|containing|exposed|based)$", re.IGNORECASE
)


# Reactions and processes named like chemicals ("N-demethylation", "O-methylation") are not substances,
# nor their verbs ("is N-demethylated to", "O-glucuronidating"). A salt or ester ends in "-ate(s)".
PROCESS_NOUN = re.compile(r"(?:ation|ations|ysis|ated|ating)$", re.IGNORECASE)


def _balanced(chunk: str) -> bool:
    return chunk.count("(") == chunk.count(")") and chunk.count("[") == chunk.count("]")


def is_systematic_name(chunk: str) -> bool:
    """True for IUPAC-style names: a locant, a chemical morpheme and a real stem of letters.

    A chunk that starts or ends with a hyphen or has unbalanced brackets is a fragment of a name that
    line breaks or spaces cut up ("8-[(4-amino-l-methylbutyl)amino]- 5-..."): a partial span would be
    wrong either way, so fragments are left out.
    """
    letters = LETTER_RUNS.findall(chunk)
    if chunk[:1] == "-" or chunk[-1:] == "-" or not _balanced(chunk) or PROCESS_NOUN.search(chunk):
        return False
    return (bool(LOCANT.search(chunk)) and bool(CHEM_MORPHEMES.search(chunk))
            and sum(map(len, letters)) >= MIN_SYSTEMATIC_LETTERS and not chunk.isupper())


def systematic_names(text: str) -> list[tuple[int, int]]:
    """Character spans of systematic chemical names, with a trailing "acid"/"ester" word joined."""
    found = []
    # The chunks CHUNK_RE matches (the white-space chunks holding a hyphen), found from the hyphens:
    # CHUNK_RE itself is tried at every character.
    for chunk_start, chunk_end in chunks_holding(text, HYPHEN):
        raw = text[chunk_start:chunk_end]
        chunk = RELATION_SUFFIX.sub("", _trim(raw))
        if not chunk or not is_systematic_name(chunk):
            continue
        start = chunk_start + raw.index(chunk)
        end = start + len(chunk)
        tail = NAME_TAIL.match(text, end)
        if tail and tail.group(1) in NAME_TAILS:
            end = tail.end()
        found.append((start, end))
    return found


# Chemical formulas ("NaCl", "CaCl2", "CaCl(2)", "H2O", "CO2", "MgSO4"): element symbols, each with an
# optional count. A run of capitals alone is an acronym ("BNP", "CNS", "NO", "ISO": all element symbols),
# so a formula must show a count (never 1: "CB1") or hold a two-letter element and end in an
# anion-forming one ("NaCl", "NaF"); "HeLa" and "BaP" end in neither.
# The elements of laboratory and clinical chemistry (rare earths and short-lived radioactive elements
# left out: "Pa" in "PaO2" is arterial pressure, not protactinium; boron too: "CB2" is a receptor).
ELEMENTS = frozenset("""H He Li Be C N O F Ne Na Mg Al Si P S Cl Ar K Ca Ti V Cr Mn Fe Co Ni Cu Zn Ga
    Ge As Se Br Kr Rb Sr Zr Mo Ru Rh Pd Ag Cd Sn Sb Te I Xe Cs Ba La Ce Gd W Os Ir Pt Au Hg Tl Pb Bi U
    """.split())
MAX_FORMULA_COUNT = 10  # "IC50", "CSS18", "PC12" are read-outs, strain names and cell lines
CAPITAL_RUN = re.compile(r"[A-Z]{4}")  # "NKCC2", "SOCS3" are gene symbols; "HNO3" has three
ANION_ELEMENTS = frozenset({"F", "Cl", "Br", "I", "O", "S"})
# The lookahead skips plain acronyms ("NMDA", "BDNF") before any group is tried: a formula holds a digit
# or a two-letter element.
# Written to start with its first capital (the engine then skips to capitals): boundary and lookahead
# follow it, and the first of the 2-6 element groups is spelt out. Same matches as
#   (?<![\w-])(?=[A-Z][A-Za-z()]*[\da-z])((?:[A-Z][a-z]?(?:\d{1,2}|\(\d{1,2}\))?){2,6})(?!\w|-\d)
FORMULA_RE = re.compile(
    r"([A-Z](?<![\w-][A-Z])(?=[A-Za-z()]*[\da-z])[a-z]?(?:\d{1,2}|\(\d{1,2}\))?"
    r"(?:[A-Z][a-z]?(?:\d{1,2}|\(\d{1,2}\))?){1,5})(?!\w|-\d)"
)
FORMULA_GROUP = re.compile(r"([A-Z][a-z]?)(\d{1,2}|\(\d{1,2}\))?")


def is_formula(chunk: str) -> bool:
    """True for a chemical formula by the rule above ELEMENTS."""
    groups = FORMULA_GROUP.findall(chunk)
    if len(groups) < 2 or "".join(e + n for e, n in groups) != chunk or CAPITAL_RUN.search(chunk):
        return False
    if any(element not in ELEMENTS for element, _ in groups):
        return False
    counts = [count.strip("()") for _, count in groups if count]
    if "1" in counts:  # chemists never write a count of one: "CB1", "S1P" are receptor and lipid names
        return False
    if any(int(count) > MAX_FORMULA_COUNT for count in counts):
        return False
    return bool(counts) or (groups[-1][0] in ANION_ELEMENTS and chunk != chunk.upper())


# Trivial acid names: an adjective in -ic/-ous before "acid" ("caffeic acid", "syringic acid",
# "artemisinic acid"), a variant letter after it ("salvianolic acid B"). Class words are no names.
ACID_NAME_RE = re.compile(r"(?<![\w-])([A-Za-z][a-z]{3,}(?:ic|ous) acids?(?: [A-H](?![\w-]))?)(?![\w-])")
NOT_ACID_NAMES = frozenset({"nucleic", "organic", "inorganic", "ribonucleic", "deoxyribonucleic", "acidic",
                            "aromatic", "aliphatic", "carboxylic", "phenolic", "hydroxamic", "sulfonic",
                            "phosphonic", "boronic", "carbonic", "dicarboxylic", "tricarboxylic", "gastric"})


def find_morphology(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every shape-recognised name in `text`, in text order."""
    found: list[tuple[int, int, str]] = []
    found += [(*m.span(1), DRUG) for m in FORMULA_RE.finditer(text) if is_formula(m.group(1))]
    for match in INN_RUN_RE.finditer(text):  # == INN_STEM_RE.finditer(text), see INN_RUN_RE
        name = match.group()
        if INN_NAME_RE.fullmatch(name) and name.lower() not in STOP_WORDS:
            found.append((*match.span(), DRUG))
    found += [(s, e, DRUG) for s, e in systematic_names(text)]
    if " acid" in text:
        found += [(*m.span(1), DRUG) for m in ACID_NAME_RE.finditer(text)
                  if m.group(1).split()[0].lower() not in NOT_ACID_NAMES]
    found += [(s, e, EFFECT) for s, e in organ_toxicity(text)]  # == ORGAN_TOXICITY_RE.finditer(text)
    found += [(s, e, EFFECT) for s, e in organ_damage(text)]  # == ORGAN_DAMAGE_RE.finditer(text)
    return sorted(found)


# Salt and ester words that follow a drug name as part of the administered substance ("gentamicin
# sulfate", "desipramine HCl"): the active moiety is the same, so the span grows and keeps its concept.
SALT_WORDS = frozenset(
    """hydrochloride dihydrochloride hcl sulfate sulphate maleate citrate tartrate mesylate besylate
    fumarate succinate hemisuccinate acetate bromide chloride tosylate gluconate digluconate hyclate
    propionate dipropionate valerate decanoate enanthate cypionate undecanoate monohydrate sodium
    potassium calcium""".split()
)
# Cations written before the drug ("sodium valproate", "potassium chloride" stays the lexicon's).
CATION_WORDS = frozenset({"sodium", "potassium", "calcium", "magnesium", "lithium"})


def extend_salts(
    words: list[str], spaces: list[bool], ents: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    """New (start, end) token extents of DRUG entities grown over an adjacent salt or cation word.

    `ents` are (start, end, label) token extents in order; a word already inside another entity is only
    taken when that entity is a single cation/salt word (the lexicon tags "sodium" as CHEMICAL).
    """
    covered = {i: (s, e) for s, e, _ in ents for i in range(s, e)}
    out = []
    for start, end, label in ents:
        if label != DRUG:
            out.append((start, end))
            continue
        after, before = end, start - 1
        if after < len(words) and words[after].lower() in SALT_WORDS and spaces[after - 1] and (
                covered.get(after, (after, after + 1)) == (after, after + 1)):
            end += 1
        if before >= 0 and words[before].lower() in CATION_WORDS and spaces[before] and (
                covered.get(before, (before, start)) == (before, start)):
            start -= 1
        out.append((start, end))
    return out


# Trivial names of natural products and research compounds no vocabulary lists ("wogonin", "catalpol",
# "juglone", "hyperoside"): one word with a chemical ending, accepted only where the text treats it as an
# administered substance (`trivial_names`). The endings alone would take in proteins ("survivin"), which
# the text names in the same frames, so the evidence is what is done with a substance, not to it.
TRIVIAL_RE = re.compile(r"^[A-Z]?[a-z]{3,}(?:in|ol|one|ide|ene|ine)$")
MIN_TRIVIAL = 6
# English and biological words of that shape that follow "treated with", precede "(" and so on.
NOT_TRIVIAL = frozenset("""protein proteins within begin brain chain again certain contain obtain remain
    maintain explain domain origin margin control protocol patrol hormone someone everyone backbone
    determine examine medicine routine baseline saline urine uterine murine bovine porcine canine
    feline intestine decline combine define online pipeline guideline midline machine vaccine alkaline
    vehicle peptide nucleotide nucleoside polypeptide genome outcome welcome become overcome income
    undergone phone alone standalone none bone tone zone gene scene serine glycine lysine arginine cysteine
    alanine leucine valine proline glutamine histidine tyrosine threonine isoleucine methionine
    asparagine tryptophan insulin toxin heparin plasmin thrombin renin trypsin pepsin albumin
    globulin ferritin transferrin actin tubulin keratin collagen elastin fibrin fibronectin laminin
    vimentin cyclin integrin cadherin catenin calmodulin ubiquitin clathrin caveolin survivin
    galectin troponin myosin hemoglobin haemoglobin myoglobin melanin lectin mucin lipoprotein
    interleukin interferon cytokine chemokine kinesin dynamin syntaxin synapsin spectrin filamin
    occludin claudin sirtuin sestrin importin exportin nucleolin tropomyosin endothelin angiotensin
    bradykinin oxytocin vasopressin calcitonin leptin ghrelin galanin orexin relaxin secretin gastrin
    glucagon adiponectin resistin visfatin osteocalcin osteopontin thrombospondin lipopolysaccharide
    polysaccharide""".split())
# Words right after the name that make it an administered substance.
TRIVIAL_AFTER = frozenset("""treatment treatments administration exposure supplementation pretreatment
    pre-treatment cotreatment""".split())
SUBJECT_VERBS = frozenset("""inhibited inhibits suppressed suppresses reduced reduces attenuated attenuates
    blocked blocks activated activates induced induces increased increases decreased decreases enhanced
    enhances stimulated stimulates prevented prevents abolished abolishes ameliorated ameliorates""".split())
TRIVIAL_HYPHEN_AFTER = frozenset("treated pretreated induced fed exposed".split())
# "treated with W", "administration of W": the words before the preposition.
TRIVIAL_GOVERNORS = {"with": frozenset("""treated treatment treatments pretreated pretreatment
                     co-treated cotreated cotreatment incubated exposed supplemented combined""".split()),
                     "of": frozenset("""administration injection infusion doses dose concentrations
                     concentration mg/kg""".split())}
# Chemical class nouns in apposition: "W, a naturally occurring stilbenoid", "the flavonoid W".
CHEMICAL_CLASS_NOUNS = frozenset("""compound compounds flavonoid flavonoids flavone flavones isoflavone
    isoflavones alkaloid alkaloids glycoside glycosides saponin saponins terpenoid terpenoids
    sesquiterpene stilbene stilbenoid polyphenol polyphenols coumarin coumarins lactone chalcone
    quinone naphthoquinone anthraquinone lignan iridoid derivative derivatives analogue analog
    constituent ingredient phytochemical polysaccharide triterpenoid diterpenoid""".split())
APPOSITION_REACH = 6
HYPHEN_OR_SLASH = frozenset({"-", "/"})


@lru_cache(maxsize=100_000)
def _trivial_shape(word: str) -> bool:
    lower = word.lower()
    return (len(word) >= MIN_TRIVIAL and TRIVIAL_RE.match(word) is not None and lower not in NOT_TRIVIAL
            and lower not in STOP_WORDS and not (word[0].isupper() and word[1:].lower() != word[1:])
            and not lower.endswith("gene"))  # "transgene", "oncogene"


def _substance_evidence(words: list[str], i: int, last: int) -> bool:
    """What the text does with the name words[i:last + 1] says it is an administered substance (see
    TRIVIAL_*)."""
    n = len(words)
    nxt = words[last + 1].lower() if last + 1 < n else ""
    if nxt == "(" and last + 2 < n and words[last + 2][:1].isdigit():
        return True  # a dose or concentration: "W (50 mg/kg)", "W (10 microM)"
    if nxt in TRIVIAL_AFTER:
        return True
    if nxt in SUBJECT_VERBS and not words[i].endswith("in"):  # proteins end so too ("survivin inhibits")
        return True
    if nxt == "-" and last + 2 < n and words[last + 2].lower() in TRIVIAL_HYPHEN_AFTER:
        return True
    if i >= 2 and words[i - 1].lower() in TRIVIAL_GOVERNORS and \
            words[i - 2].lower() in TRIVIAL_GOVERNORS[words[i - 1].lower()]:
        return True
    if i >= 1 and words[i - 1].lower() in CHEMICAL_CLASS_NOUNS:
        return True
    if i >= 2 and words[i - 1].lower() == "by" and words[i - 2].lower() in SUBJECT_VERBS:
        return True  # the agent of a passive change: "inhibited by juglone"
    if nxt == ",":
        for k in range(last + 2, min(n, last + 2 + APPOSITION_REACH)):
            if words[k].lower() in CHEMICAL_CLASS_NOUNS:
                return words[last + 2].lower() in ("a", "an", "the")
            if words[k] in (",", ".", ";", "(", ")"):
                break
    return False


# A variant after a trivial name: "neoechinulin A", "cucurbitacin I", "ginsenoside Rb1".
VARIANT_RE = re.compile(r"^(?:[A-H]|I{1,3}|IV|[A-Z][a-z]?[0-9]{1,2}[a-z]?)$")


def trivial_names(words: list[str], taken: set[int], spaces: list[bool] | None = None
                  ) -> list[tuple[int, int]]:
    """Token extents of trivial compound names (TRIVIAL_RE, with a VARIANT_RE word after it) outside
    entities (`taken`): every occurrence of a name the document once treats as a substance
    (`_substance_evidence`). `spaces[k]`: white space follows token k (default: everywhere)."""
    n = len(words)
    extents = []
    for i in positions(words, {word for word in set(words) if _trivial_shape(word)}):
        if i in taken:
            continue
        end = i + 1
        if end < n and end not in taken and VARIANT_RE.match(words[end]) and (spaces is None or spaces[i]) \
                and not (end + 1 < n and words[end + 1] in HYPHEN_OR_SLASH):
            end += 1
        extents.append((i, end))
    if not extents:
        return []
    named = {" ".join(words[s:e]).lower() for s, e in extents if _substance_evidence(words, s, e - 1)}
    return [(s, e) for s, e in extents if " ".join(words[s:e]).lower() in named]


def _crosses(ent: Span, span: Span) -> bool:
    """True when `ent` overlaps `span` without lying inside it: then the vocabulary's reading stands.

    An entity strictly inside the rule's span is a part of it ("toxicity" in "cardiac toxicity") and
    gives way; one with the same extent keeps its curated concept ("excitotoxicity", "cognitive
    dysfunction" are in the KB).
    """
    same = (ent.start, ent.end) == (span.start, span.end)
    inside = span.start <= ent.start and ent.end <= span.end and not same
    return ent.start < span.end and span.start < ent.end and not inside


class MorphologyMatcher(KBComponent):
    """Adds shape-recognised names where the lexicon found nothing; see the module docstring."""

    def __init__(self, name: str = "pharma_morphology") -> None:
        super().__init__(name)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        new = []
        for start, end, label in find_morphology(doc_text(doc)):
            span = doc.char_span(start, end, alignment_mode="strict")
            if span is None or any(_crosses(e, span) for e in ents):
                continue
            kb_id = pattern_concept_id(label, span.text)
            new.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id))
        words = token_texts(doc)  # arrays, not Token objects: this runs on every document
        taken = {i for e in (*ents, *new) for i in range(e.start, e.end)}
        spaces = token_spaces(doc)
        for i, end in trivial_names(words, taken, spaces):
            if (i == 0 or words[i - 1] not in HYPHEN_OR_SLASH) and (end >= len(words) or words[end] != "/"):
                span = Span(doc, i, end, label=DRUG)
                new.append(Span(doc, i, end, label=DRUG, kb_id=pattern_concept_id(DRUG, span.text)))
        mark(new, "pattern")
        merged = filter_spans(new + ents)
        extents = extend_salts(words, spaces, [(e.start, e.end, e.label_) for e in merged])
        grown = []
        for ent, (start, end) in zip(merged, extents, strict=True):
            if (start, end) != (ent.start, ent.end):
                span = Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_)
                grown.extend(mark([span], source(ent)))
        if new or grown:
            doc.set_ents(filter_spans(grown + merged), default="outside")
        return doc
