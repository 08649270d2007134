"""Activity frames: a drug's *property* against a target, stated with an adjective or a compound
nominal rather than a verb — "X showed potent Y inhibitory activity", "the inhibitory effect of X on
Y", "X exhibited strong Y inhibition", "X has agonistic activity at Y".

Medicinal-chemistry abstracts report most of their findings this way. Without a parser the frame is a
closed template: the target is either glued before the cue ("Y inhibitory", "Y-inhibitory", "Y (alias)
inhibition") or follows a short run of activity nouns and one preposition ("inhibitory activity
against Y"); the drug is either named inside the template ("effect of X on Y") or is the subject of a
verb of having or showing ("showed", "exhibited", "possesses") between it and the cue. Anything else
("the inhibitory activity was measured") has no agent and yields nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.arguments import first_right, group, nearest_left
from pipeline.relate.negation import clause_start, hedged_in, negated_before
from pipeline.relate.sentence import AGENT_LABELS, Sent, close_paren_left, emit, is_agent, low, non_agent
from pipeline.schema import RECEPTOR

HOLDER_GAP = 10  # "X (alias) dilates cerebral arteries via Y activation"; farther, another clause holds it
ACTIVITY_WINDOW = 3  # "inhibitory activity against", "inhibitory effects of X on": nouns + preposition


def _glued_target(doc: Doc, s: Sent, i: int) -> Span | None:
    """The RECEPTOR right before the cue: 'Y inhibitory', 'Y-inhibitory', 'Y (alias) inhibitory'."""
    j = i - 1
    if j >= s.start and doc[j].text == "-" and not doc[j].whitespace_:
        j -= 1
    if j >= s.start and doc[j].text == ")":
        j = close_paren_left(doc, j, s.start) - 1
    ent = s.ent_of.get(j)
    return ent if ent is not None and ent.label_ == RECEPTOR else None


def _template(doc: Doc, s: Sent, i: int) -> tuple[Span | None, Span | None, int]:
    """'inhibitory activity (of X) against/on Y': the drug named inside (or None), the target, and the
    index after the template."""
    j, drug = i + 1, None
    while j < s.end and j - i <= ACTIVITY_WINDOW and low(doc, j) in cues.ACTIVITY_NOUNS:
        j += 1
    if j + 1 < s.end and low(doc, j) == "of":  # "effects of X on Y"
        drug = first_right(doc, s, j + 1, 1)
        if not is_agent(drug):
            return None, None, i + 1
        j = drug.end
    if j == i + 1 or j >= s.end or low(doc, j) not in cues.ACTIVITY_PREPOSITIONS:
        return None, None, i + 1
    target = first_right(doc, s, j + 1, 2)
    if target is None or target.label_ != RECEPTOR:
        return None, None, i + 1
    return drug, target, target.end


OWNER_GAP = 3  # "the Y inhibitory activities of a series of X"


def _owner_after(doc: Doc, s: Sent, i: int) -> Span | None:
    """'the Y inhibitory activity of X', 'the Y1 and Y2 inhibitory activities of a series of X': the drug
    named after the activity nouns that follow a glued cue."""
    j = i + 1
    while j < s.end and j - i <= ACTIVITY_WINDOW and low(doc, j) in cues.ACTIVITY_NOUNS:
        j += 1
    if j == i + 1 or j >= s.end or low(doc, j) != "of":
        return None
    drug = first_right(doc, s, j + 1, OWNER_GAP)
    return drug if is_agent(drug) else None


def _holder(doc: Doc, s: Sent, i: int) -> Span | None:
    """The drug that 'shows'/'exhibits'/'possesses' the activity: the nearest DRUG before the cue, with a
    verb of having or showing between them."""
    subj = nearest_left(doc, s, i, AGENT_LABELS)
    if not isinstance(subj, Span) or subj.start < s.start:
        return None
    words = [low(doc, k) for k in range(subj.end, i)]
    if len(words) > HOLDER_GAP or "by" in words:  # "the signal caused by activation of Y": no holder
        return None
    return subj if set(words) & cues.PROPERTY_VERBS else None


POSSESSOR_GAP = 3  # "their in vitro inhibitory", "their potential inhibitory"


def _evaluated_holder(doc: Doc, s: Sent, i: int) -> Span | None:
    """'Compounds X, Z and W were then tested for their inhibitory activity on Y': the compounds a
    study verb tested, when the activity is theirs ("their", "its" right before the cue, with at most a
    few modifiers between)."""
    k = i - 1
    while k >= s.start and i - k <= POSSESSOR_GAP and low(doc, k) not in ("their", "its"):
        if k in s.ent_of or low(doc, k) in cues.CUES or not doc[k].is_alpha and doc[k].text != "-":
            return None
        k -= 1
    if k < s.start or low(doc, k) not in ("their", "its") or k - 1 < s.start \
            or low(doc, k - 1) not in ("for", "of", "on"):
        return None
    subj = nearest_left(doc, s, k, AGENT_LABELS)
    if not isinstance(subj, Span) or subj.start < s.start:
        return None
    words = {low(doc, m) for m in range(subj.end, k)}
    return subj if words & cues.EVALUATION_VERBS and not words & cues.CLAUSE_BOUNDARIES else None


def activity_frame(doc: Doc, s: Sent, i: int, out: list) -> None:
    """Token i is an activity cue (`cues.ACTIVITY_CUES`); emit its drug -> target facts."""
    relation = cues.ACTIVITY_CUES[low(doc, i)]
    glued = _glued_target(doc, s, i)
    drug, target, end = _template(doc, s, i) if glued is None else (None, glued, i + 1)
    if target is None or (glued is not None and low(doc, i).endswith("ion") and i + 1 < s.end
                          and low(doc, i + 1) == "of"):
        return
    if drug is None and glued is not None:
        drug = _owner_after(doc, s, i)
    if drug is None:
        drug = _holder(doc, s, glued.start if glued is not None else i)
    if drug is None:
        drug = _evaluated_holder(doc, s, glued.start if glued is not None else i)
    if drug is None or non_agent(doc, drug):
        return
    first = glued.start if glued is not None else i
    targets = group(doc, s, target, rightward=glued is None)
    drugs = group(doc, s, drug, rightward=drug.start > first)
    hedged = hedged_in(doc, clause_start(doc, s, i), end)
    emit(out, s, drugs, targets, relation, negated_before(doc, s, first), hedged, f"activity:{low(doc, i)}")
