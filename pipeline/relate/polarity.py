"""Whether the sentence asserts a fact about its subject at all: a last pass over every fact.

The frames read negation and hedging next to the cue (`negation`); the ways a sentence withholds a
fact elsewhere in it are read here, and each gave facts the text does not assert:

* the subject itself is negated: "Neither A nor B inhibited Y", "A, but not B, relieved Y" -- the fact
  about B is kept, negated (`subject_negated`), and A, which the verb's nearest-name search passed over,
  gets the positive one (`_kept_subject`);
* the subject is only the term of a contrast: "Unlike A, B does not relieve Y", "Compared with A, B
  reduced Y" -- the sentence says nothing about A's effect on Y, so the fact about A is dropped (not
  negated: "unlike A" implies the opposite, which is no reading a table should carry)
  (`subject_contrasted`);
* the subject is the comparator of an outcome: "A was superior to B in reducing Y" -- the fact is A's,
  negated when A was not superior (`compared_subject`); "A did not improve Y more than B" (an active
  drug) says nothing of A in Y -- dropped (`lost_to_active_comparator`);
* the fact sits in a that-clause whose evidence is denied or weak: "there is no evidence that A treats
  Y" -- negated, "little evidence that ..." -- hedged (`evidence_denied`);
* the object is set aside: "A acts independent of Y inhibition" -- dropped (`object_set_aside`);
* the clause goes on to say the fact has not been shown or studied -- negated or hedged
  (`unsettled_after`);
* a treatment that failed: "A failed to show efficacy as adjunctive treatment in Y", "A was ineffective
  in the treatment of Y" -- negated (`failed_outcome`);
* the fact is a question, a belief or a condition: "whether A reduces Y remains to be determined", "it
  is unclear whether A inhibits Y", "A is thought to block Y", "Does A cause Y?", "If A blocks Y, ..."
  -- the fact is kept, hedged (`believed`).

Class-noun facts ("D (a CYP3A4 inhibitor)") describe their subject whatever the clause says of it and
are exempt from the subject rules.

Scope, as elsewhere without a parser, is by surface position: the words right before the subject (past
a determiner), and the stretch from the start of the fact's own clause (the last comma, semicolon or
clause word before it) to its end. Words inside entities never count ("thought disorder").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from pipeline.components.tokens import token_lowers
from pipeline.relate import cues
from pipeline.relate.sentence import Relation, Sent

# Right before the subject (past a determiner): the subject is negated.
SUBJECT_NEGATIONS = frozenset({"neither", "nor", "not"})
# Open a phrase whose noun is only compared with the sentence's real subject: "unlike A, ...".
CONTRAST_OPENERS = frozenset({"unlike"})
CONTRAST_PHRASES = (("in", "contrast", "to"), ("contrary", "to"), ("compared", "with"), ("compared", "to"),
                    ("as", "opposed", "to"), ("relative", "to"), ("different", "from"), ("other", "than"))
CLASS_NOUN_METHODS = ("apposition:", "noun_compound:")  # frames.class_noun_frame's
# Questions and beliefs: the fact is reported, not asserted.
BELIEF_WORDS = frozenset(
    """whether thought believed unclear unknown uncertain unresolved controversial debated
    speculative assumed expected if""".split()
)
CONTRAST_GAP = 4  # "unlike [the] [NMDA] [receptor] [antagonist] A"
_PREPOSITIONS = frozenset(
    {"by", "of", "in", "with", "for", "on", "at", "from", "to", "than", "after", "during"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "both", "either"})
_STOPS = frozenset({",", ";", ":", "(", ")"}) | cues.CLAUSE_BOUNDARIES


def _word_before(lowers: list[str], s: Sent, i: int) -> int:
    """Index of the word before token i, past determiners; s.start - 1 when there is none."""
    j = i - 1
    while j >= s.start and lowers[j] in _DETERMINERS:
        j -= 1
    return j


def subject_negated(lowers: list[str], s: Sent, subject_start: int) -> bool:
    j = _word_before(lowers, s, subject_start)
    return j >= s.start and lowers[j] in SUBJECT_NEGATIONS


def _kept_subject(lowers: list[str], s: Sent, subj: Span) -> Span | None:
    """'A, but not B, ...' with B the subject: A, the entity the contrast keeps (same label), or None."""
    j = subj.start - 1
    if j - 2 < s.start or lowers[j] != "not" or lowers[j - 1] != "but":
        return None
    k = j - 3 if lowers[j - 2] == "," else j - 2
    ent = s.ent_of.get(k) if k >= s.start else None
    if ent is None or ent.label_ != subj.label_ or ent.end != k + 1:
        return None
    # A must open its clause: "the turnover of A, but not B, ... by decreasing Y" contrasts objects
    before = _word_before(lowers, s, ent.start)
    return None if before >= s.start and lowers[before] in _PREPOSITIONS else ent


def subject_contrasted(lowers: list[str], s: Sent, subject_start: int) -> bool:
    """The subject is the noun of a contrast phrase ("Unlike the NMDA antagonist A, ..."): the phrase
    ends at most CONTRAST_GAP words before it, none of them a preposition or a clause stop ("compared
    with B in the treatment of Y induced by A" is no contrast of A)."""
    for j in range(subject_start - 1, max(s.start, subject_start - 1 - CONTRAST_GAP) - 1, -1):
        if lowers[j] in CONTRAST_OPENERS or any(
            j - len(p) + 1 >= s.start and tuple(lowers[j - len(p) + 1 : j + 1]) == p for p in CONTRAST_PHRASES
        ):
            return True
        if lowers[j] in _STOPS or lowers[j] in _PREPOSITIONS:  # ("unlike" is a clause word: checked first)
            return False
    return False


def believed(lowers: list[str], s: Sent, start: int, end: int) -> bool:
    """A question or belief word in the fact's clause, before or inside the fact (tokens start..end)."""
    j = start - 1
    while j >= s.start and lowers[j] not in _STOPS:
        j -= 1
    # ("expected" only as "expected to": "the expected down-regulation" is no belief)
    return any(lowers[k] in BELIEF_WORDS and k not in s.ent_of
               and (lowers[k] != "expected" or k + 1 < s.end and lowers[k + 1] == "to")
               for k in range(j + 1, end))


# "X was superior to Y in reducing Z", "X outperformed Y in ...", "more effective than Y": Y is the
# comparator of X's outcome, so an indication read with Y as the subject belongs to X.
COMPARATOR_PHRASES = (("superior", "to"), ("inferior", "to"), ("than",), ("outperformed",),
                      ("outperforms",), ("over",))
# What may stand between the compared subject and the comparison: "X was (not) significantly superior
# to", "X was more effective than", "X (n = 12) outperformed".
_COMPARISON_GLUE = frozenset("""is are was were be been being not no significantly statistically clinically
    numerically more less better worse effective efficacious potent rapidly faster slower non - also
    therapy treatment infusion nasal spray""".split())


# Words of a comparator arm before its drug: "superior to adjunctive quetiapine", "than oral X".
_ARM_WORDS = frozenset("""adjunctive adjunct oral intravenous intranasal augmented standard active
    conventional open-label low-dose high-dose""".split())


def _comparator(lowers: list[str], s: Sent, subject_start: int) -> int | None:
    """Index of the first word of a comparison phrase right before the subject (past determiners and
    the words of a treatment arm)."""
    j = _word_before(lowers, s, subject_start)
    while j >= s.start and lowers[j] in _ARM_WORDS:
        j = _word_before(lowers, s, j)
    for p in COMPARATOR_PHRASES:
        k = j - len(p) + 1
        if k >= s.start and tuple(lowers[k:j + 1]) == p:
            return k
    return None


def compared_subject(lowers: list[str], s: Sent, k: int, label: str) -> tuple[Span | None, bool]:
    """The subject a comparison at k is about ('X was superior to'), and whether the comparison
    carries the fact over to it: not when negated ('X was not superior to Y'), nor when X is the worse
    one ('inferior to', 'less effective than'), but when non-inferior."""
    carries = lowers[k] != "inferior" or (k - 2 >= s.start and lowers[k - 2] == "non")
    j = k - 1
    while j >= s.start and j not in s.ent_of:
        if lowers[j] not in _COMPARISON_GLUE:
            return None, False
        carries = carries and lowers[j] not in ("not", "no", "less", "worse", "slower") \
            and not (lowers[j] == "non" and lowers[k] != "inferior")
        j -= 1
    ent = s.ent_of.get(j)
    if ent is None or ent.label_ != label:
        return None, False
    return ent, carries


# "There is no evidence that A treats Y", "No study has shown that A ...": the claim after "that" is
# denied (negated) or only weakly supported ("little evidence that": hedged).
EVIDENCE_WORDS = frozenset("""evidence shown demonstrated proven proved established data support proof
    studies study trials trial""".split())
DENIAL_WORDS = frozenset({"no", "not", "never", "lack", "lacking", "none", "neither", "nor"})
WEAK_WORDS = frozenset({"little", "limited", "insufficient", "scant", "scarce", "few", "inconclusive",
                        "conflicting", "mixed", "weak", "sparse", "inconsistent"})
EVIDENCE_GAP = 6  # "no randomized controlled trial has yet shown that"


def evidence_denied(lowers: list[str], s: Sent, subject_start: int) -> str | None:
    """'negated' or 'hedged' when the subject opens a that-clause whose evidence is denied or weak."""
    j = subject_start - 1
    while j >= s.start and lowers[j] in ("the", "a", "an"):
        j -= 1
    if j < s.start or lowers[j] != "that":
        return None
    words = [lowers[k] for k in range(max(s.start, j - EVIDENCE_GAP), j) if k not in s.ent_of]
    if not EVIDENCE_WORDS & set(words):
        return None
    if DENIAL_WORDS & set(words):
        return "negated"
    return "hedged" if WEAK_WORDS & set(words) else None


# "X exerts its effects independent of Y inhibition": the fact about Y is what the sentence sets aside.
INDEPENDENCE_PHRASES = (("independent", "of"), ("independently", "of"), ("irrespective", "of"),
                        ("regardless", "of"))


def object_set_aside(lowers: list[str], s: Sent, object_start: int) -> bool:
    j = _word_before(lowers, s, object_start)
    return j - 1 >= s.start and (lowers[j - 1], lowers[j]) in INDEPENDENCE_PHRASES


# After the fact, in its clause: "X treatment for Y has not been studied" (hedged: nothing is known),
# "... has not been established/demonstrated" (negated: the claim is denied as shown).
UNSTUDIED = frozenset("""studied evaluated tested investigated examined assessed explored addressed
    determined""".split())
UNPROVEN = frozenset({"established", "demonstrated", "shown", "proven", "proved", "confirmed"})
STATUS_GAP = 8  # "... in adolescents with Y has not yet been"


def unsettled_after(lowers: list[str], s: Sent, end: int) -> str | None:
    """'negated' or 'hedged' when the clause after the fact says it has not been shown or studied."""
    for k in range(end, min(s.end, end + STATUS_GAP)):
        word = lowers[k]
        if word in _STOPS or word == ".":
            return None
        if word in ("not", "never") and k not in s.ent_of:
            m = k + 1
            while m < min(s.end, k + 4) and lowers[m] in ("yet", "been", "be", "fully", "well", "adequately",
                                                          "systematically", "formally", "clearly"):
                m += 1
            if m < s.end and lowers[m] in UNPROVEN:
                return "negated"
            if m < s.end and lowers[m] in UNSTUDIED:
                return "hedged"
            return None
    return None


# "X failed to show efficacy as adjunctive treatment in Y", "X was ineffective in the treatment of Y": the
# failure stands too far before the treatment cue for the frames' negation window.
FAILURE_WORDS = frozenset({"failed", "fail", "fails"})
_SHOWING = frozenset("""show shows demonstrate achieve produce exhibit reach provide yield confer""".split())
_OUTCOME_FILLERS = frozenset("""a an any significant statistically clinically meaningful clinical
    antidepressant therapeutic superior greater additional""".split())
OUTCOME_NOUNS = frozenset("""efficacy benefit benefits superiority effect effects improvement activity
    separation""".split())
INEFFECTIVE_WORDS = frozenset({"ineffective", "inefficacious", "ineffectual"})


def failed_outcome(lowers: list[str], s: Sent, subject_end: int, object_start: int) -> bool:
    """Between a TREATS fact's subject and its object, with no clause stop between: 'failed to show
    (any) efficacy/benefit' or 'ineffective'. Words inside entities never count."""
    for k in range(subject_end, object_start):
        if k in s.ent_of:
            continue
        word = lowers[k]
        if word in cues.CLAUSE_BOUNDARIES or word in (";", "who", "whom"):
            return False
        if word in INEFFECTIVE_WORDS:
            return True
        if word in FAILURE_WORDS and k + 2 < object_start and lowers[k + 1] == "to" \
                and lowers[k + 2] in _SHOWING:
            m = k + 3
            while m < object_start and lowers[m] in _OUTCOME_FILLERS and m - k < 6:
                m += 1
            if m < object_start and lowers[m] in OUTCOME_NOUNS:
                return True
    return False


_PLACEBOS = frozenset({"placebo", "vehicle", "sham", "saline"})


def lost_to_active_comparator(lowers: list[str], s: Sent, object_end: int) -> bool:
    """'X did not improve Y more than midazolam': a negated outcome that is only a comparison with an
    active drug says nothing of X in Y (against placebo it is a failed trial, and stays negated)."""
    k = object_end
    if k + 1 >= s.end or lowers[k] not in ("more", "better", "faster", "further") or lowers[k + 1] != "than":
        return False
    k += 2
    while k < s.end and (lowers[k] in _DETERMINERS or lowers[k] in _ARM_WORDS or lowers[k] in ("that", "of")):
        k += 1
    return k < s.end and lowers[k] not in _PLACEBOS


def assert_polarity(doc: Doc, sents: list[Sent], relations: list[Relation]) -> list[Relation]:
    """The facts the sentences assert, negated or hedged as the module docstring says; drops facts
    about a subject that is only contrasted with another."""
    lowers = token_lowers(doc)
    out = []
    for rel in relations:
        s = sents[rel.sentence_id]
        subj = rel.subject
        # A class noun next to its subject names what the subject is, whatever the clause says of it:
        # "C, but not D (a CYP3A4 inhibitor), inhibited ..." keeps "D INHIBITOR CYP3A4".
        describes = rel.method.startswith(CLASS_NOUN_METHODS)
        if not describes and subject_contrasted(lowers, s, subj.start):
            continue
        if object_set_aside(lowers, s, rel.object.start):
            continue
        if rel.relation == "TREATS" and rel.negated and lost_to_active_comparator(lowers, s, rel.object.end):
            continue
        k = _comparator(lowers, s, subj.start) if rel.relation == "TREATS" else None
        if k is not None:
            subj, carries = compared_subject(lowers, s, k, subj.label_)
            if subj is None or not carries:
                continue
            rel = replace(rel, subject=subj, method=f"{rel.method}+compared")
        denied = evidence_denied(lowers, s, subj.start)
        negated = rel.negated or not describes and subject_negated(lowers, s, subj.start) \
            or denied == "negated"
        start = min(subj.start, rel.object.start)
        end = max(subj.end, rel.object.end)
        status = unsettled_after(lowers, s, end)
        negated = negated or status == "negated" or rel.relation == "TREATS" \
            and subj.end <= rel.object.start and failed_outcome(lowers, s, subj.end, rel.object.start)
        # (a class noun describing its subject stands however the clause is put: "whether the CCR5
        # antagonist A ...", "Does A, an H3R agonist, ...?")
        asked = not describes and (believed(lowers, s, start, end) or lowers[s.end - 1] == "?")
        hedged = rel.hedged or asked or denied == "hedged" or status == "hedged"
        if negated != rel.negated or hedged != rel.hedged:
            rel = replace(rel, negated=negated, hedged=hedged)
        out.append(rel)
        kept = _kept_subject(lowers, s, subj) if not describes and rel.negated else None
        if kept is not None and not denied and status is None:
            # "A, but not B, produced Y": the verb's nearest subject was B; the fact is A's
            out.append(replace(rel, subject=kept, negated=False, method=f"{rel.method}+but_not"))
    seen: set = set()  # a fact carried over to the compared subject may have been read already
    unique = []
    for rel in out:
        key = (rel.sentence_id, rel.subject.start, rel.subject.end, rel.relation, rel.object.start,
               rel.object.end, rel.negated)
        if key not in seen:
            seen.add(key)
            unique.append(rel)
    return unique
