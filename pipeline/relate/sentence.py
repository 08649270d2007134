"""The shared vocabulary of every rule: a `Relation`, the per-sentence entity table `Sent`, and pure
token helpers (cue lookup, parentheses, aliases, effect kinds) that read surface tokens only.

Without a parser (scispacy's trained models cannot be installed), rules cannot ask "what is the subject
of this verb"; they ask these helpers about neighbouring tokens instead. `emit` is the one place a fact
is made, and it enforces `schema.RELATION_SIGNATURES`, so no rule can produce a mistyped fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.components.tokens import token_lowers, token_spaces
from pipeline.relate import cues
from pipeline.schema import CHEMICAL, RELATION_SIGNATURES, TARGET_SUBJECT_LABELS

# Subjects may stand far from their verb ("Rapastinel (Glyx-13), an NMDA receptor modulator with
# glycine-like properties, appears to ... activate AMPA receptors" ~ 25 tokens).
SUBJECT_WINDOW = 40
PASSIVE_WINDOW = 4  # "Y was significantly inhibited by X"


@dataclass(frozen=True)
class Relation:
    """One fact read from one sentence; spans are entities from `doc.ents`."""

    sentence_id: int
    subject: Span
    relation: str
    object: Span
    negated: bool
    hedged: bool
    method: str


@dataclass
class Sent:
    """Per-sentence lookup tables built once, so rules never rescan `doc.ents`."""

    index: int
    start: int
    end: int
    ent_of: dict[int, Span]


def low(doc: Doc, i: int) -> str:
    """The lower-cased text of token i, from the per-document list the NER layer caches (doc[i] would
    create a Token object per call: over a million calls per thousand abstracts)."""
    return token_lowers(doc)[i]


def cue_at(doc: Doc, i: int) -> tuple[cues.Cue, int] | None:
    """The cue starting at token i and the index after it, or None. Compound modifiers
    ("treatment-resistant") are not predicates, so a cue followed by a hyphen is ignored."""
    lowers = token_lowers(doc)  # called at most tokens of a sentence: no Token objects here
    word = lowers[i]
    if i + 1 < len(lowers):
        phrase = cues.PHRASE_CUES.get((word, lowers[i + 1]))
        if phrase is not None:
            return phrase, i + 2
        if lowers[i + 1] == "-" and not (spaces := token_spaces(doc))[i]:
            # The tokenizer splits "up-regulated" into three tokens; the prefix and the rest form one cue.
            glued = cues.CUES.get(word + lowers[i + 2]) if word in cues.CUE_PREFIXES and i + 2 < len(lowers) \
                and not spaces[i + 1] else None
            return (glued, i + 3) if glued is not None else None
    cue = cues.CUES.get(word)
    return (cue, i + 1) if cue is not None else None


def is_therapeutic(span: Span) -> bool:
    text = span.text.lower()
    return any(word in text for word in cues.THERAPEUTIC_EFFECT_WORDS)


def is_physiological(span: Span) -> bool:
    """'synaptic plasticity', 'neurogenesis': a normal process, which a drug increases but does not *cause*
    in the adverse-event sense. Read from the text and the concept id, so abbreviations count too."""
    text = f"{span.text} {span.kb_id_}".lower().replace("_", " ")
    return any(word in text for word in cues.PHYSIOLOGICAL_EFFECT_WORDS)


def mentions_receptor(doc: Doc, span: Span) -> bool:
    """'NMDA receptor' whether or not the NER put 'receptor' inside the span."""
    if "receptor" in span.text.lower():
        return True
    return span.end < len(doc) and doc[span.end].lower_.startswith("receptor")


def _paren_balance(text: str) -> int:
    """Closing minus opening brackets in a token: the tokenizer keeps some inside words ("EC(50", "K(+")."""
    return text.count(")") - text.count("(") if len(text) > 1 else {")": 1, "(": -1}.get(text, 0)


def close_paren_left(doc: Doc, i: int, lo: int) -> int:
    """Index of the '(' matching the ')' at i, or lo-1 when unbalanced within the sentence. A bracket
    glued inside a token counts too: in "(EC(50) = 25 microM)" the "(" of "EC(50" closes first."""
    depth = 0
    for j in range(i, lo - 1, -1):
        depth += _paren_balance(doc[j].text)
        if depth == 0 and doc[j].text == "(":
            return j
        if depth < 0:
            return lo - 1
    return lo - 1


def skip_alias(doc: Doc, j: int, hi: int) -> int:
    """After an entity, jump over '(alias)' so 'X (Y) for Z' reads as 'X for Z'."""
    if j < hi and doc[j].text == "(":
        depth = 0
        for k in range(j, hi):
            depth -= _paren_balance(doc[k].text)
            if depth == 0:
                return k + 1 if k - j <= 8 else j
    return j


def is_stop(word: str, verb_shaped: bool = True) -> bool:
    """A word no coordination or apposition gap may contain (boundaries, cues, and words shaped like
    verbs: "activating hAR and potentially interacting with hGR" is two predicates, not one list)."""
    return (word in cues.CLAUSE_BOUNDARIES or word in cues.EXCLUDERS or word == "." or word in cues.CUES
            or word in cues.RELATIVE_PRONOUNS
            or (verb_shaped and len(word) > 4 and word.endswith(("ing", "ed"))))


POLARITY = {"ACTIVATOR": 1, "AGONIST": 1, "INHIBITOR": -1, "ANTAGONIST": -1}


def is_nominal(word: str) -> bool:
    return word.endswith(("ion", "ment", "ade", "ance"))


def non_agent(doc: Doc, ent: Span) -> bool:
    """'ketamine metabolites', "ketamine's metabolites": the drug is not the actor."""
    j = ent.end
    if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
        j += 1
    return j < len(doc) and doc[j].lower_ in cues.NON_AGENT_HEADS


# Labels of what acts on a target: drugs, and endogenous chemicals (schema.TARGET_SUBJECT_LABELS).
AGENT_LABELS = frozenset(TARGET_SUBJECT_LABELS)


def is_agent(span: Span | None) -> bool:
    """A DRUG or CHEMICAL entity: something that can act on a target (not on an effect, see schema)."""
    return span is not None and span.label_ in AGENT_LABELS


def _after(doc: Doc, ent: Span) -> str:
    j = skip_alias(doc, ent.end, len(doc))
    return doc[j].lower_ if j < len(doc) else ""


def not_an_agent_chemical(ent: Span) -> bool:
    """A CHEMICAL that acts on nothing in any frame: an ion (carried through a channel, not acting on
    it: "calcium influx", "calcium antagonists"), or a modifier of a part ("5-HT neurons", "glutamate
    residues", "the glutamate binding site")."""
    if ent.label_ != CHEMICAL:
        return False
    name = f"{ent.text} {ent.kb_id_.rsplit(':', 1)[-1]}".lower()
    return any(ion in name for ion in cues.IONS) or cues.ION_FORMULA.match(ent.text) is not None \
        or _after(ent.doc, ent) in cues.CHEMICAL_PART_HEADS


def loose_chemical(doc: Doc, ent: Span, lo: int) -> bool:
    """A CHEMICAL that does not stand as a clause's subject: `not_an_agent_chemical`, or governed by a
    preposition ("response to noradrenaline"), or the modifier of a noun or compound ("the calcium
    signal", "glutamate release", "acetylcholine-producing"); `lo` is the sentence start. Drugs are never
    loose: their guards are the frames' own."""
    if ent.label_ != CHEMICAL:
        return False
    before = doc[ent.start - 1].lower_ if ent.start - 1 >= lo else ""
    after = _after(doc, ent)
    return not_an_agent_chemical(ent) or before in cues.CHEMICAL_GOVERNORS or after == "-" \
        or after in cues.CHEMICAL_MODIFIED_HEADS


def emit(out: list, s: Sent, subjects: Iterable[Span], objects: Iterable[Span], relation: str,
          negated: bool, hedged: bool, method: str) -> None:
    signatures = RELATION_SIGNATURES[relation]
    for subj in subjects:
        for obj in objects:
            if (subj.label_, obj.label_) not in signatures or subj.start == obj.start \
                    or not_an_agent_chemical(subj):
                continue
            if subj.kb_id_ and subj.kb_id_ == obj.kb_id_:
                continue
            out.append(Relation(s.index, subj, relation, obj, negated, hedged, method))


# Marks of an enzyme or a carrier in a target's name or id: what can metabolize or transport a drug.
ENZYME_MARKS = ("ase", "cyp", "p450", "p-450", "transport", "carrier", "pump", "exchanger", "ugt", "sult",
                "slc", "abc", "oatp", "oat", "oct", "mate", "mrp", "mdr", "p-gp", "pgp", "bcrp", "gst", "nat",
                "comt", "mao", "fmo", "ces", "adh", "aldh", "ent", "cnt", "pept", "glut", "sglt", "mct",
                "sert", "dat", "net", "vmat", "eaat", "gat", "lat", "asct", "cox", "lox", "nos", "hsd", "akr")


def enzyme_like(span: Span) -> bool:
    """A target that can metabolize or carry a drug: its text or id names an enzyme ("-ase", CYP, UGT)
    or a transporter (SLC, ABC, OATP, P-gp, "transporter"); a receptor or a transcription factor cannot."""
    text = f"{span.text} {span.kb_id_}".lower()
    return any(mark in text for mark in ENZYME_MARKS)
