"""Abbreviations defined in the document take the concept of their long form.

Detection is scispacy's (Schwartz & Hearst 2003: "long form (SF)" and "SF (long form)"): its
`filter_matches` and `find_abbreviation` over bracket candidates found by a linear scan
(`parenthesis_candidates`; the detector's own Matcher pattern was ~20x slower), then
`AbbreviationDetector.find_matches_for`'s selection of definitions and occurrences, reimplemented over
token texts (`find_definitions`; its Matcher pass was a third of this component's time).
`doc._.abbreviations` is always a list of JSON-friendly dicts (the detector's serializable shape), so
docs survive `nlp.pipe(n_process=2)`.

The long form's window is grown to whole written words (`whole_words`: scispacy counts it in tokens,
and a hyphenated systematic name is many tokens), and the long form found in it always starts a
written word (`word_start`: "(R)-alpha-methylhistamine", not "-alpha-methylhistamine").

Resolution, per (short form, long form) pair:
* the long form's concept is the entity that ends where the long form ends (its head), else an exact
  link of the whole long form text (see `long_form_entry` for why no fuzzy link and no inner entity);
* every occurrence of the short form in the document then gets that concept with
  `Span._.ner_source == "abbreviation"` — unless it lies inside a longer entity (longest span wins);
* a long form that is no entity but is shaped like a chemical name (`chemical_long_form`:
  "thioperamide (THP)", "pyrrolidine dithiocarbamate (PDTC)") becomes a DRUG with a concept minted
  from its name, and so does its short form: writers define abbreviations for the compounds they
  study, and no vocabulary lists every one of them;
* a short form defined with a long form that is no entity at all ("electroconvulsive therapy (ECT)")
  loses any bare lexicon match: the document's own definition beats the vocabulary.
Ambiguous short forms waiting in `doc.spans["ambiguous"]` (NK, ALS, MOR, DCS) are accepted only through
this component, i.e. only when the document defines them.
Sets `doc.ents`, `doc._.abbreviations` (list of dicts, scispacy's serializable form).
"""

from __future__ import annotations

import re
from collections import Counter

from scispacy.abbreviation import AbbreviationDetector, filter_matches, find_abbreviation
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.kb_index import Entry, KBIndex
from pipeline.components.morphology import CHEM_MORPHEMES
from pipeline.components.spans import KBComponent, commit
from pipeline.components.tokens import span_text, token_texts
from pipeline.kb import pattern_concept_id
from pipeline.schema import DRUG, RECEPTOR

# scispacy's filter_matches ignores parentheses holding more than 8 tokens; look no further.
MAX_PAREN_TOKENS = 8
MAX_SHORT_TOKENS = 3  # scispacy's own limit for a short form inside brackets ("5", "-", "AzC")
MAX_SHORT_CHARS = 10
# Endings of chemical names (IUPAC and trivial): amines, amides, alcohols, ketones, salts/anions,
# alkanes/alkenes, aldehydes, acids and esters. With a chemical morpheme in the name, they mark a
# substance ("thioperamide", "chloroacetaldehyde", "mercaptopropionic acid").
CHEMICAL_ENDING = re.compile(
    r"(?:ine|ines|ide|ides|ate|ates|ite|ol|ole|one|ane|ene|yne|yl|ium|hyde|carbons?|acid|acids|ester)$",
    re.IGNORECASE,
)
MAX_CHEMICAL_LONG_FORM_WORDS = 4  # "caffeic acid phenethyl ester"
MIN_CHEMICAL_WORD = 6  # "zone", "gene", "rate" are words, not names
MIN_TRIVIAL_NAME = 9  # a one-word long form without a chemical morpheme: "medicine", "baseline" are shorter
# Chemical-looking endings of words that are no small molecule: cell parts, peptides and polymers
# ("lipopolysaccharide" is a bacterial macromolecule, not a compound of a chemical relation).
NOT_SMALL_MOLECULE = re.compile(r"(?:membrane|peptide|protein|ome|zyme|polysaccharide)s?$", re.IGNORECASE)


def chemical_long_form(words: list[str]) -> bool:
    """True for a long form of 1-4 words whose last word ends like a chemical name and whose text
    holds a chemical morpheme (see CHEMICAL_ENDING); capitalised multi-word phrases are names of
    scales and trials, not substances."""
    # Words as written: the tokenizer splits "tri-ortho-tolyl" into five tokens of one word.
    words = " ".join(words).replace(" - ", "-").replace(" ( ", "(").replace(" ) ", ")").split()
    if not 1 <= len(words) <= MAX_CHEMICAL_LONG_FORM_WORDS:
        return False
    last = words[-1]
    head = last if last.lower() not in ("acid", "acids", "ester") or len(words) == 1 else words[-2]
    if len(head) < MIN_CHEMICAL_WORD or not CHEMICAL_ENDING.search(last):
        return False
    if len(words) > 1 and sum(w[:1].isupper() for w in words) > 1:
        return False
    if len(words) == 1 and len(last) >= MIN_TRIVIAL_NAME and not NOT_SMALL_MOLECULE.search(last):
        # A long word with a chemical ending that the document abbreviates names a compound even
        # without a systematic morpheme: trivial names of natural products ("salsolinol",
        # "fangchinoline", "arachidate").
        return True
    return bool(CHEM_MORPHEMES.search("".join(words)))


def parenthesis_candidates(words: list[str]) -> list[tuple[int, int, int]]:
    """(0, start, end) for the tokens inside each innermost "( ... )" of up to MAX_PAREN_TOKENS.

    Replaces the detector's Matcher pattern `( +)` ("OP": "+" between brackets), which enumerates
    every bracket pair of a document and made abbreviation detection the slowest step by far.
    A short form may also open a bracket that goes on after a semicolon or comma ("(MPEP; 5 mg/kg)",
    "(DES, 8-10 mg)"): the tokens before that separator are a candidate of their own. Or close a
    bracket that names its long form first ("(pirfenidone, PFD)"): the tokens after the last separator
    are one too, and the long-form window before them takes in the name.
    """
    found = []
    for i, word in enumerate(words):
        if word != "(":
            continue
        separator = None
        for k in range(i + 1, min(len(words), i + MAX_PAREN_TOKENS + 2)):
            if words[k] == "(":
                break
            if words[k] in (";", ","):
                if separator is None and 1 <= k - i - 1 <= MAX_SHORT_TOKENS:
                    found.append((0, i + 1, k))
                separator = k
            if words[k] == ")":
                if separator is None and k > i + 1:
                    found.append((0, i + 1, k))
                elif separator is not None and 1 <= k - separator - 1 <= MAX_SHORT_TOKENS:
                    # "(pirfenidone, PFD)": the short form closes a bracket that names its long form
                    found.append((0, separator + 1, k))
                break
    return found


def short_form_ok(span: Span) -> bool:
    """Schwartz & Hearst's short-form test on the written form, not on each token.

    scispacy asks every token to be 2-10 characters and the first character to be a letter, so the
    hyphen-split "D-pen", "gamma-HCH" or "5-AzC" never passed. Here: one word (no white space inside),
    2-10 characters, at least half of them letters, starting with a letter or digit.
    """
    text = span.text
    return (2 <= len(text) <= MAX_SHORT_CHARS and " " not in text and text[0].isalnum()
            and sum(c.isalpha() for c in text) * 2 >= len(text))


# Nouns after which a short form is a modifier naming a receptor or channel: "NMDA antagonists",
# "NMDA blockade". There the vocabulary's RECEPTOR reading of the bare short form stands, even when
# the document defines it by a chemical ("N-methyl-D-aspartate (NMDA)").
TARGET_HEADS = frozenset(
    "antagonist antagonists antagonism agonist agonists agonism blockade blocker blockers blocking "
    "receptor receptors channel channels subunit subunits site sites".split()
)


def _names_its_target(doc: Doc, lexicon_ent: Span | None, end: int) -> bool:
    """True when the lexicon read this short form as a RECEPTOR and a target head noun follows it."""
    return (lexicon_ent is not None and lexicon_ent.label_ == RECEPTOR and end < len(doc)
            and doc[end].text.lower() in TARGET_HEADS)


def _defined_in_a_target_name(doc: Doc, end: int, reach: int = 6) -> bool:
    """The bracketed short form ending at token ``end`` is followed by a target head noun, right after
    its bracket or after coordinated names: "(NMDA) antagonists", "(AMPA), and kainate receptors"."""
    i = end + 1 if end < len(doc) and doc[end].text in ")]" else end
    for token in doc[i : i + reach]:
        word = token.text
        if word.lower() in TARGET_HEADS:
            return True
        if not (word in (",", "/", "and", "or") or word[:1].isupper() or token.is_space):
            return False
    return False


def _is_acronym_part(text: str) -> bool:
    return len(text) > 1 and text[0].isalpha() and any(c.isupper() for c in text)


def candidate_pairs(matches: list[tuple[int, int, int]], doc: Doc) -> list[tuple[Span, Span]]:
    """scispacy's `filter_matches` with `short_form_ok` for short forms of several tokens.

    Candidates scispacy already accepts are kept as they are; a bracket of up to MAX_SHORT_TOKENS
    tokens that it rejects is tried as one short form by `short_form_ok`, with scispacy's window for
    the long form before it.
    """
    pairs = [(whole_words(long), short) for long, short in filter_matches(matches, doc)]
    taken = {(short.start, short.end) for _, short in pairs}
    counts: Counter[str] | None = None
    for _, start, end in matches:
        if end - start > MAX_SHORT_TOKENS or start < 2 or (start, end) in taken:
            continue
        if end - start == 1 and not doc[start].text[:1].isdigit():
            continue  # one token scispacy rejected for a reason of its own; only "5HHMF"-like forms that
            # start with a digit (scispacy asks for a letter first) are tried again
        short = doc[start:end]
        if not short_form_ok(short) or "/" in short.text:
            continue
        if counts is None:
            counts = Counter(token_texts(doc))
        # A compound of short forms used on their own ("ATT-ALF", "dex-HT": a drug-induced finding)
        # abbreviates a phrase, not one compound: an acronym part (two letters or more, one capital)
        # seen alone rules it out; "alpha" in "alpha-TC" is a word of its own anyway.
        least = min(counts[t.text] for t in short)
        if any(_is_acronym_part(t.text) and counts[t.text] > least for t in short):
            continue
        length = len(short.text)
        max_words = min(length + 5, length * 2)
        pairs.append((whole_words(doc[max(start - max_words - 1, 0): start - 1]), short))
    return pairs


def word_start(doc: Doc, i: int) -> int:
    """Index of the first token of the written word that doc[i] is part of.

    The tokenizer splits a name at hyphens and brackets ("(R)-alpha-methylhistamine" is six tokens),
    and Schwartz & Hearst stop at the first letter the short form spells ("-alpha-methylhistamine
    (RAMH)"). Tokens glued to doc[i] without white space belong to its word, except an opening bracket
    right before it: "(long form)" after a short form starts inside that bracket.
    """
    if i > 0 and doc[i - 1].text in "([":
        return i
    while i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].is_space and doc[i - 1].text not in ".;,":
        i -= 1
    return i


def whole_words(window: Span) -> Span:
    """The long-form window grown back to the start of the written word it cuts into.

    scispacy counts its window (short form length + 5 words at most) in tokens, and the tokenizer
    splits a systematic name at every hyphen: "trans-2,4-dimethyl-3,5-epoxyhexane-1-one (DMEH)" is
    15 tokens, so the window held only its tail and the definition was never found.
    """
    if any(token.text == "." for token in window):  # a window across a sentence end stays as it is
        return window
    start = word_start(window.doc, window.start)
    return window.doc[start:window.end] if start < window.start else window


def long_form_entry(doc: Doc, ents: list[Span], start: int, end: int, index: KBIndex) -> Entry | None:
    """Concept of the long form doc[start:end]: the entity that ends where it ends, or its exact link.

    The head of an English noun phrase is its last word, so only an entity ending at the long form's
    end names what the short form stands for: in "hepatitis B virus (HBV)" or "endothelial nitric
    oxide synthase (eNOS)" the inner entity is a modifier and the short form is the virus or the enzyme.
    No fuzzy link here: a near-miss long form is a different thing ("systolic blood pressure" is no
    "decreased systolic blood pressure"), and writers vary case, hyphens and Greek letters, which the
    exact key already folds.
    """
    # An entity may also start before the long form, in the same word: Schwartz & Hearst leave out
    # what the short form does not spell ("3-mercaptopropionic acid (MPA)" gives the long form
    # "mercaptopropionic acid"). A separate word before it is a modifier ("increased creatine kinase
    # (CK)": CK is the enzyme, not the finding).
    ending = [e for e in ents if e.end == end and e.start < end
              and not any(doc[k].whitespace_ for k in range(e.start, start))]
    if ending:
        best = max(ending, key=lambda e: e.start)
        return index.exact(best.text) or Entry(best.kb_id_, best.label_, False, "doc")
    entry = index.exact(doc[start:end].text)
    # The long form is taken in whole words ("9-tetrahydrocannabinol"); a vocabulary may list the name
    # without its locant or prefix ("tetrahydrocannabinol"): try the first word from each of its parts.
    k = start
    while entry is None and k + 1 < end and not doc[k].whitespace_:
        k += 1
        if doc[k].text[:1].isalpha():
            entry = index.exact(doc[k:end].text)
    if entry is None and chemical_long_form([t.text for t in doc[start:end]]) and all(
            e.label_ == DRUG for e in ents if e.start < end and start < e.end):
        return Entry(pattern_concept_id(DRUG, doc[start:end].text), DRUG, False, CHEMICAL_SHAPE)
    return entry


CHEMICAL_SHAPE = "chemical-shape"  # Entry.source of a long form recognised by chemical_long_form


def find_definitions(pairs: list[tuple[Span, Span]], doc: Doc) -> list[tuple[Span, set[Span]]]:
    """scispacy's `AbbreviationDetector.find_matches_for` without its Matcher (long forms in whole words).

    Each (long, short) candidate pair goes through scispacy's `find_abbreviation`; a definition whose
    long and short texts are both new is kept, and every token sequence of the document equal to its
    short form is an occurrence. scispacy finds those occurrences with a Matcher pass over Token
    objects (a pattern added and removed per definition); here it is a scan of the token texts.
    """
    occurrences: dict[Span, set[Span]] = {}
    forms: list[tuple[Span, list[str]]] = []
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    words = token_texts(doc)
    for long_candidate, short_candidate in pairs:
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is not None:
            long = doc[word_start(doc, long.start):long.end]  # "3-mercaptopropionic acid", whole
        long_text = span_text(long) if long is not None else None
        new_long = long_text not in seen_long if long else False
        short_text = span_text(short)
        new_short = short_text not in seen_short
        if long is not None and new_long and new_short:
            seen_long.add(long_text)
            seen_short.add(short_text)
            occurrences.setdefault(long, set()).add(short)
            forms.append((long, words[short.start : short.end]))
    if forms:
        for long, orths in forms:
            size = len(orths)
            for i, word in enumerate(words):
                if word == orths[0] and words[i : i + size] == orths:
                    occurrences[long].add(doc[i : i + size])
    return list(occurrences.items())


class AbbreviationLinker(KBComponent):
    """Runs scispacy's detector, then links short forms as described in the module docstring."""

    def __init__(self, nlp: Language, name: str = "pharma_abbreviations") -> None:
        super().__init__(name)
        # Registers scispacy's extensions (doc._.abbreviations); its methods are not called (see
        # `find_definitions`).
        self.detector = AbbreviationDetector(nlp, make_serializable=True)

    def __call__(self, doc: Doc) -> Doc:
        index = self.require_index()
        pairs = candidate_pairs(parenthesis_candidates(token_texts(doc)), doc)
        found = find_definitions(pairs, doc)
        doc._.abbreviations = [
            {
                "short_text": span_text(short),
                "short_start": short.start,
                "short_end": short.end,
                "long_text": span_text(long),
                "long_start": long.start,
                "long_end": long.end,
            }
            for long, shorts in found
            for short in sorted(shorts, key=lambda sp: sp.start)
        ]
        ents = list(doc.ents)
        definitions: dict[str, Entry | None] = {}
        occurrences: dict[str, list[tuple[int, int]]] = {}
        for abbr in doc._.abbreviations:
            short = abbr["short_text"]
            if short not in definitions:
                definitions[short] = long_form_entry(
                    doc, ents, abbr["long_start"], abbr["long_end"], index
                )
            occurrences.setdefault(short, []).append((abbr["short_start"], abbr["short_end"]))
        if not definitions:
            return doc
        new: list[Span] = []
        drop: set[tuple[int, int]] = set()
        for abbr in doc._.abbreviations:
            entry = definitions[abbr["short_text"]]
            if entry is not None and entry.source == CHEMICAL_SHAPE:
                # The long form itself is the compound's name: tag it too (it replaces a shorter
                # lexicon match inside it, "pyrrolidine" in "pyrrolidine dithiocarbamate").
                long_span = Span(doc, abbr["long_start"], abbr["long_end"], label=DRUG,
                                 kb_id=entry.concept_id)
                if long_span not in new:
                    new.append(long_span)
                    drop.update((e.start, e.end) for e in ents
                                if long_span.start <= e.start and e.end <= long_span.end)
        lexicon = {(e.start, e.end): e for e in ents}
        # Short forms defined inside a target's name ("N-methyl-D-aspartate (NMDA) antagonists", "...
        # (AMPA), and kainate receptors"): where the vocabulary reads them as the target they stay the
        # target, and the long form there is part of that name, no compound of its own.
        receptor_named: set[str] = set()
        for abbr in doc._.abbreviations:
            short, lo, hi = abbr["short_text"], abbr["long_start"], abbr["long_end"]
            if definitions[short] is None or definitions[short].label == RECEPTOR:
                continue
            if 0 < abbr["short_start"] - hi <= 2 and _defined_in_a_target_name(doc, abbr["short_end"]):
                receptor_named.add(short)
                new = [sp for sp in new if not (lo <= sp.start and sp.end <= hi)]
                drop.update((e.start, e.end) for e in ents
                            if lo <= e.start and e.end <= hi and e.label_ != RECEPTOR)
        for short, spans in occurrences.items():
            entry = definitions[short]
            for start, end in spans:
                if entry is None:
                    drop.add((start, end))
                    continue
                if _names_its_target(doc, lexicon.get((start, end)), end) and entry.label != RECEPTOR:
                    continue
                if short in receptor_named and getattr(lexicon.get((start, end)), "label_", None) == RECEPTOR:
                    continue
                span = Span(doc, start, end, label=entry.label, kb_id=entry.concept_id)
                new.append(span)
        kept_old = [e for e in ents if (e.start, e.end) not in drop]
        # Longer existing entities win; same-extent lexicon matches are replaced by the local definition.
        covered = {(s.start, s.end) for s in new}
        kept_old = [e for e in kept_old if (e.start, e.end) not in covered]
        commit(doc, sorted(kept_old, key=lambda s: s.start) + new, new, "abbreviation")
        return doc
