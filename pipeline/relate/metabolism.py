"""Substrate frames: a drug or endogenous chemical undergoing a metabolic reaction or a transport step is a
SUBSTRATE of the enzyme or carrier carrying it out ("CYP3A4 is responsible for X's N-demethylation",
"hydroxylation of X by CYP2D6", "X glucuronidation by UGT1A9", "ABCA1 mediates the efflux of X", "X is
converted to Y via the action of E", "E, the rate-limiting enzyme in X biosynthesis").

The reaction noun is found by suffix, so it matches even when the NER tagged the nominalization; the
enzyme is the "by" agent or a RECEPTOR before a catalysis word — the role a parser's arcs would give —
and where it is only named in a role ("the key enzyme in", "the role of E in") it must look like an
enzyme or carrier (`sentence.enzyme_like`).

The chemical a reaction makes is the enzyme's PRODUCT, not its SUBSTRATE: "ketamine is metabolized to
norketamine by CYP3A4" makes ketamine a CYP3A4 substrate and norketamine a CYP3A4 product; so do "Y is
formed (synthesized, produced) by E", "E catalyzes the formation of Y", "E converts X to Y", "E-derived
Y" and "E, the rate-limiting enzyme in Y biosynthesis". A reader of the tables then never takes a
metabolite for something the enzyme acts on (ChemProt's CPR:9 counts both).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.relate import cues
from pipeline.relate.arguments import first_right, group, nearest_left, past_degree
from pipeline.relate.negation import clause_start, hedged_in, negated_before
from pipeline.relate.sentence import (
    SUBJECT_WINDOW,
    Sent,
    close_paren_left,
    emit,
    enzyme_like,
    is_agent,
    low,
    skip_alias,
)
from pipeline.schema import RECEPTOR

# Words of making: the chemical they name is what the enzyme forms (PRODUCT), not what it acts on.
# Kept here rather than in cues.py: only the substrate frames read them.
FORMATION_NOUNS = frozenset("""formation synthesis biosynthesis production generation""".split())
FORMATION_PARTICIPLES = frozenset("""formed produced generated synthesized synthesised biosynthesized
    biosynthesised derived""".split())
FORMATION_ADJECTIVES = frozenset("""synthesizing synthesising producing biosynthetic generating
    forming""".split())
# "E synthesizes X": the object of these catalysis verbs is made, not consumed.
SYNTHESIS_VERBS = frozenset(w for w in cues.CATALYSIS_VERBS if w.startswith(("synthes", "biosynthes")))


def _role(word: str) -> str:
    """PRODUCT after a word of making ("X synthesis", "X-synthesizing", "X produced by"), else SUBSTRATE."""
    made = word in FORMATION_NOUNS or word in FORMATION_PARTICIPLES or word in FORMATION_ADJECTIVES \
        or word in SYNTHESIS_VERBS
    return "PRODUCT" if made else "SUBSTRATE"


METABOLITE_WORDS = frozenset("""its their an a the active inactive major main primary principal minor
    pharmacologically metabolite metabolites""".split()) | {","}


def _product_after(doc: Doc, s: Sent, j: int) -> Span | None:
    """The chemical named right after "to"/"into" at j ("converted to Y", "metabolized by E into Y",
    "metabolized to its active metabolite, Y")."""
    if j + 1 < s.end and low(doc, j) in ("to", "into"):
        product = first_right(doc, s, j + 1, 5, allowed=METABOLITE_WORDS)
        if is_agent(product):
            return product
    return None


def metabolic_step(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'CYP3A4 is the main enzyme responsible for X's N-demethylation', 'hydroxylation of X by CYP2D6':
    the drug undergoing a metabolic reaction is a SUBSTRATE of the enzyme that carries it out."""
    j = (s.ent_of[i].start if i in s.ent_of else i) - 1
    while j >= s.start and (doc[j].text == "-" or len(doc[j].text) == 1 and doc[j].text.isalpha()):
        j -= 1  # "N-", "O-"
    drug, compound = None, False
    if j - 1 >= s.start and low(doc, j) in ("'s", "’s"):
        drug = s.ent_of.get(j - 1)
    elif i + 1 < s.end and low(doc, i + 1) == "of":
        drug = first_right(doc, s, i + 2, 1)
    elif j >= s.start and _agent_marker(doc, s, i + 1) is not None and i not in s.ent_of:
        drug, compound = s.ent_of.get(j), True  # "X glucuronidation by E", "X uptake through E"
    if not is_agent(drug):
        return
    enzyme = None
    drugs = [drug]
    after = i + 1 if compound else skip_alias(doc, drug.end, s.end)
    product = _product_after(doc, s, after)  # "conversion of X to Y by E": Y is what the reaction makes
    if product is not None:
        after = skip_alias(doc, product.end, s.end)
    marker = _agent_marker(doc, s, after) if after + 1 < s.end else None
    if marker is not None:
        enzyme = first_right(doc, s, marker, 2)
        if enzyme is not None and low(doc, after) != "by" and not enzyme_like(enzyme):
            return  # "Ca2+ influx through NMDA receptors": a channel lets it pass, no enzyme acts on it
        if enzyme is not None and enzyme.end < s.end and low(doc, enzyme.end) in MECHANISM_NOUNS:
            return  # "X production by E overexpression": a cause, not the catalyst
    elif compound:
        return
    else:
        words = []
        k = min(j, drug.start) - 1
        while k >= max(s.start, i - SUBJECT_WINDOW):
            inner = s.ent_of.get(k - 1)
            if doc[k].text == ")" and not (inner is not None and inner.label_ == RECEPTOR
                                           and enzyme_like(inner)):
                k = close_paren_left(doc, k, s.start) - 1  # "E (symbol) is an enzyme involved in the
                continue  # conversion of X": the long form when the symbol does not look like an enzyme
            ent = s.ent_of.get(k)
            if ent is not None and ent.label_ == RECEPTOR:
                if cues.CATALYSIS_WORDS & set(words) and enzyme_like(ent):
                    enzyme = ent
                break
            if low(doc, k) in cues.CLAUSE_BOUNDARIES:
                break
            words.append(low(doc, k))
            k -= 1
    if enzyme is None or enzyme.label_ != RECEPTOR:
        return
    if product is None and marker is not None:  # "metabolism of X by E to Y"
        product = _product_after(doc, s, skip_alias(doc, enzyme.end, s.end))
    negated = negated_before(doc, s, i)
    hedged = hedged_in(doc, clause_start(doc, s, i), max(i + 1, enzyme.end))
    emit(out, s, drugs, [enzyme], _role(low(doc, i)), negated, hedged, "metabolic_step")
    if product is not None:
        emit(out, s, [product], [enzyme], "PRODUCT", negated, hedged, "metabolic_step:product")


def enzyme_compound(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'Y-mediated X efflux', 'Y-catalyzed X hydrolysis', 'Y-mediated production of X': token i is the
    participle glued to an enzyme or transporter by a hyphen; the drug it processes is its SUBSTRATE."""
    if i - 2 < s.start or doc[i - 1].text != "-" or doc[i - 1].whitespace_:
        return
    enzyme = s.ent_of.get(i - 2)
    if enzyme is None or enzyme.label_ != RECEPTOR:
        return
    drug, relation = None, "SUBSTRATE"
    first = s.ent_of.get(i + 1)
    if is_agent(first) and low(doc, i) in cues.PRODUCT_COMPOUND_WORDS:
        drug, relation = first, "PRODUCT"  # "COX-2-derived PGE2": the product itself
    elif is_agent(first):  # "Y-mediated X efflux"
        after = skip_alias(doc, first.end, s.end)
        if after < s.end and low(doc, after) in cues.SUBSTRATE_PROCESS_NOUNS:
            drug, relation = first, _role(low(doc, after))  # "Y-catalyzed X synthesis": a product
    elif i + 2 < s.end and low(doc, i + 1) in cues.SUBSTRATE_PROCESS_NOUNS and low(doc, i + 2) == "of":
        drug = first_right(doc, s, i + 3, 1)  # "Y-mediated production of (the) X"
        relation = _role(low(doc, i + 1))
    if not is_agent(drug):
        return
    emit(out, s, [drug], [enzyme], relation, negated_before(doc, s, enzyme.start),
         hedged_in(doc, clause_start(doc, s, i), drug.end), f"enzyme_compound:{low(doc, i)}")


# After the "by" agent these make it a mechanism, not the enzyme: "produced by Y activation".
MECHANISM_NOUNS = frozenset("""activation blockade inhibition stimulation antagonism agonism signaling
    signalling deficiency knockdown overexpression expression induction""".split())


ROLE_WINDOW = 8  # "E (alias), the first rate-limiting enzyme in"


def enzyme_role(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'E, the rate-limiting enzyme in X biosynthesis', 'E is the key enzyme in X respiration',
    'the role of E in X metabolism': token i is a process noun
    (`cues.ROLE_PROCESS_NOUNS`) after its chemical; an enzyme or carrier named as the enzyme of that process
    has the chemical as its SUBSTRATE, or its PRODUCT when the process makes it ("X biosynthesis")."""
    chem = s.ent_of.get(i - 1)
    if not is_agent(chem) or i in s.ent_of:
        return
    k = chem.start - 1
    while k >= s.start and low(doc, k) in cues.DETERMINERS:
        k -= 1
    if k < s.start or low(doc, k) not in ("in", "for", "of"):
        return
    words: list[str] = []
    j = k - 1
    while j >= max(s.start, k - ROLE_WINDOW):
        if doc[j].text == ")":
            j = close_paren_left(doc, j, s.start) - 1
            continue
        ent = s.ent_of.get(j)
        if ent is not None:
            break
        words.append(low(doc, j))
        j -= 1
    enzyme = s.ent_of.get(j)
    if enzyme is None or enzyme.label_ != RECEPTOR or not enzyme_like(enzyme):
        return
    if words:
        heads = set(words) & cues.ROLE_HEADS
        anchored = set(words) & cues.APPOSITION_ANCHORS
        if not heads or not anchored or any(w in cues.CLAUSE_BOUNDARIES or w in cues.CUES or w == "."
                                            for w in words):
            return
    elif not (enzyme.start - 2 >= s.start and low(doc, enzyme.start - 1) == "of"
              and low(doc, enzyme.start - 2) in cues.ROLE_HEADS):
        return  # "E in X metabolism" only as "the role of E in X metabolism"
    emit(out, s, [chem], [enzyme], _role(low(doc, i)), negated_before(doc, s, enzyme.start),
         hedged_in(doc, clause_start(doc, s, i), i + 1), f"enzyme_role:{low(doc, i)}")


def process_enzymes(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'H2S-synthesizing enzymes, CSE and CBS', 'the warfarin metabolic enzyme CYP2C9': token i is a
    process adjective (`cues.PROCESS_ADJECTIVES`) between a chemical and "enzyme(s)"; the enzymes named
    right after are the chemical's: its PRODUCT after a word of making ("synthesizing"), else SUBSTRATE."""
    j = i - 1
    if j >= s.start and doc[j].text == "-":
        j -= 1
    chem = s.ent_of.get(j)
    if not is_agent(chem) or i + 1 >= s.end or low(doc, i + 1) not in ("enzyme", "enzymes"):
        return
    enzyme = first_right(doc, s, i + 2, 2, allowed=frozenset({",", "(", "the", "named", "called", ":"}))
    if enzyme is None or enzyme.label_ != RECEPTOR:
        enzyme = _described_before(doc, s, chem.start)
        if enzyme is None:
            return
    enzymes = [e for e in group(doc, s, enzyme, rightward=True) if e.label_ == RECEPTOR]
    emit(out, s, [chem], enzymes, _role(low(doc, i)), negated_before(doc, s, chem.start),
         hedged_in(doc, clause_start(doc, s, i), enzyme.end), f"process_enzyme:{low(doc, i)}")


def _described_before(doc: Doc, s: Sent, j: int) -> Span | None:
    """'E (alias), a tryptophan catabolizing enzyme': the enzyme an indefinite or definite description
    starting at token j (the chemical) stands in apposition to, over the article, a comma and an alias."""
    k = j - 1
    if k < s.start or low(doc, k) not in ("a", "an", "the"):
        return None
    k -= 1
    if k < s.start or doc[k].text != ",":
        return None
    k -= 1
    if k >= s.start and doc[k].text == ")":
        k = close_paren_left(doc, k, s.start) - 1
    enzyme = s.ent_of.get(k)
    return enzyme if enzyme is not None and enzyme.label_ == RECEPTOR and enzyme.end == k + 1 else None


CATALYSIS_WINDOW = 12  # tokens after an active catalysis verb in which its chemicals stand
AGENT_WINDOW = 10  # tokens before it in which its enzyme stands


def _enzyme_left(doc: Doc, s: Sent, i: int) -> Span | None:
    """The RECEPTOR right before a catalysis verb, over a parenthetical ("GAD (EC 4.1.1.15) catalyses")
    and relative glue ("E, which specifically oxidizes"); None past a clause boundary or another drug."""
    j, lo = i - 1, max(s.start, i - AGENT_WINDOW)
    while j >= lo:
        if doc[j].text == ")":
            j = close_paren_left(doc, j, s.start) - 1
            continue
        ent = s.ent_of.get(j)
        if ent is not None:
            return ent if ent.label_ == RECEPTOR else None
        if low(doc, j) in cues.CLAUSE_BOUNDARIES or low(doc, j) == ".":
            return None
        j -= 1
    return None


PRODUCT_REACH = 4  # "to (its active metabolite) Y", "the formation of (the) Y"


def _chemicals_right(doc: Doc, s: Sent, j: int, made: bool = False) -> tuple[list[Span], list[Span]]:
    """The substrates and products in the object phrase after an active catalysis verb: X and Y in "the
    conversion of X to Y", "X to yield Y", "the formation of Y from X"; `made` when the verb itself makes
    its object ("E synthesizes Y")."""
    substrates: list[Span] = []
    products: list[Span] = []
    making, switched = made, j - 1  # whether the entities now read are products, and since where
    recipient = False
    for k in range(j, min(s.end, j + CATALYSIS_WINDOW + (PRODUCT_REACH if making else 0))):
        ent = s.ent_of.get(k)
        if ent is not None:
            if not is_agent(ent) or ent in substrates or ent in products:
                continue
            after = skip_alias(doc, ent.end, s.end)
            if after < s.end and low(doc, after) in FORMATION_NOUNS:  # "E catalyzes Y formation"
                products.append(ent)
            elif making and k - switched <= PRODUCT_REACH:
                products.append(ent)
            elif making:
                break  # "E converts X to a lesser extent than Z"
            else:
                substrates.append(ent)
            continue
        word = low(doc, k)
        recipient = recipient or word in _RECIPIENT_NOUNS  # "the attachment of X to Y": nothing is made
        if word in ("to", "into") and (substrates or products):  # "E converts X to Y": Y is the product
            if making or recipient or not substrates:
                break
            making, switched = True, k
            continue
        if word in FORMATION_NOUNS or word in _YIELD_WORDS and (substrates or products):
            making, switched = True, k  # "the formation of Y", "X to yield Y"
            continue
        if word == "from" and products:  # "the formation of Y from X"
            making = False
            continue
        if (word in cues.CLAUSE_BOUNDARIES or word in cues.CATALYSIS_STOPS or word in cues.RELATIVE_PRONOUNS
                or word == "." or word in cues.CUES and word not in cues.REACTION_NOUNS
                and word not in ("substrate", "substrates")):  # "E metabolizes substrates including X"
            break
    return substrates, products


# Reactions whose "to" names what receives the substrate, not a product: "the transfer of X to Y".
_RECIPIENT_NOUNS = frozenset("""attachment transfer addition ligation coupling binding conjugation
    incorporation""".split())
# After the substrate of an active catalysis verb these introduce its product: "hydrolyzes X to yield Y".
_YIELD_WORDS = frozenset("""yield yields yielding form forming generate generating produce producing give
    giving""".split())


def _agent_marker(doc: Doc, s: Sent, j: int) -> int | None:
    """Index after the words naming a passive reaction's enzyme: "by", "via (the action of)", "through
    (the action of)" — "X is synthesized from P via the action of E1 and E2"."""
    if j >= s.end:
        return None
    if low(doc, j) == "by":
        return j + 1
    if low(doc, j) in ("via", "through"):
        if j + 3 < s.end and low(doc, j + 1) == "the" and low(doc, j + 2) in ("action", "actions") \
                and low(doc, j + 3) == "of":
            return j + 4
        return j + 1
    return None


def _minor_enzymes(doc: Doc, s: Sent, j: int) -> list[Span]:
    """'by CYP2D6 to dextrorphan and, to a lesser extent, by CYP3A4 (to M)': the enzymes after a degree
    phrase that follows the first enzymes' product."""
    if j < s.end and low(doc, j) in ("to", "into"):
        product = first_right(doc, s, j + 1, 1)
        if product is None or product.label_ == RECEPTOR:
            return []
        j = skip_alias(doc, product.end, s.end)
    k = past_degree(doc, s, j)
    first = s.ent_of.get(k) if k is not None else None
    if first is None or first.start != k or first.label_ != RECEPTOR:
        return []
    return [e for e in group(doc, s, first, rightward=True) if e.label_ == RECEPTOR]


def catalysis_frame(doc: Doc, s: Sent, i: int, out: list) -> None:
    """'E catalyzes the conversion of X to Y', 'E hydrolyzes X', 'X is oxidized by E': the chemicals an
    enzyme acts on are its SUBSTRATEs, the chemicals it makes its PRODUCTs: X and Y in "E converts X to
    Y", "X is metabolized to Y by E", "X is metabolized by E to Y", "Y is formed from X by E"; Y alone
    in "Y produced by E", "E synthesizes Y", "E catalyzes the formation of Y".
    A compound adjective ("periodate-oxidized adenosine") states no reaction by an enzyme."""
    if doc[i - 1].text == "-" and not doc[i - 1].whitespace_:
        if not (i - 2 >= s.start and doc[i - 2].text in ("N", "O", "S") and i - 2 not in s.ent_of):
            return
        left = i - 2  # "CYP2B6 N-demethylates ketamine": the position prefix belongs to the verb
    else:
        left = i
    k = left - 1
    while k >= s.start and low(doc, k) in cues.PASSIVE_GLUE:
        k -= 1
    formation = low(doc, i) in cues.FORMATION_VERBS
    reduced = k == left - 1 and k in s.ent_of and low(doc, i + 1) == "by"  # "PGE2 produced by COX-2"
    if k < left - 1 and k >= s.start and doc[k].text == ")":  # "X (alias) is converted to Y by E"
        k = close_paren_left(doc, k, s.start) - 1
    if k < left - 1 and k - 1 > s.start and low(doc, k) == "which" and low(doc, k - 1) == ",":
        k -= 2  # "... to psilocin, which is glucuronidated by UGT1A10"
    # "X is hydrolyzed by E", "X is synthesized via the action of E"
    nxt = i + 1  # "X is glucuronidated mainly by E" (not for formation: its subject is the product)
    while not formation and nxt < s.end and nxt - i <= 2 and nxt not in s.ent_of \
            and low(doc, nxt).endswith("ly") and low(doc, nxt) not in ("only",):
        nxt += 1
    if (k < left - 1 or reduced) and nxt < s.end \
            and low(doc, nxt) in ("by", "to", "into", "from", "via", "through"):
        drug = s.ent_of.get(k)
        subject_made = reduced or _role(low(doc, i)) == "PRODUCT"  # "X is formed (synthesized) by E"
        drugs, products = [], []
        (products if subject_made else drugs).append(drug)
        j = nxt
        if low(doc, j) in ("to", "into", "from"):  # "X is converted to Y by E", "X is formed from P by E"
            # the product after "to" ("to its active metabolite, Y"), the source after "from"
            other = first_right(doc, s, j + 1, 2) if low(doc, j) == "from" else _product_after(doc, s, j)
            if is_agent(other):
                j = skip_alias(doc, other.end, s.end)
                while j < s.end and (doc[j].text == "," or low(doc, j) in cues.PASSIVE_GLUE):
                    j += 1  # "to its active metabolite, Y, mainly by E"
                # The enzyme acts on X in "X is converted to Y", on P in "X is formed from P", and makes
                # the other: "ketamine is metabolized to norketamine by CYP3A4" makes norketamine a
                # CYP3A4 product, never its substrate.
                if low(doc, nxt) == "from":
                    drugs, products = [other], [drug]
                else:
                    products.append(other)
            else:  # "X is biosynthesised from androgens by E": a source the NER does not name
                j = next((m for m in range(j + 1, min(s.end, j + 4))
                          if low(doc, m) in ("by", "via", "through")), j)
                if low(doc, nxt) == "from":
                    drugs, products = [], [drug]
        drugs = [d for d in drugs if is_agent(d)]
        products = [d for d in products if is_agent(d)]
        if not drugs and not products:
            return
        j = _agent_marker(doc, s, j)
        if j is None:
            return
        enzyme = first_right(doc, s, j, 3)
        if enzyme is None or enzyme.label_ != RECEPTOR:
            return
        if enzyme.end < s.end and low(doc, enzyme.end) in MECHANISM_NOUNS:  # "by Y activation": a cause
            return
        enzymes = [e for e in group(doc, s, enzyme, rightward=True) if e.label_ == RECEPTOR]
        minor = _minor_enzymes(doc, s, enzymes[-1].end)
        negated, hedged = negated_before(doc, s, i), hedged_in(doc, clause_start(doc, s, i), enzyme.end)
        method = f"catalysis_passive:{low(doc, i)}"
        emit(out, s, drugs, enzymes + minor, "SUBSTRATE", negated, hedged, method)
        if products:
            emit(out, s, products, enzymes + minor, "PRODUCT", negated, hedged, method)
        elif not subject_made:  # "X is metabolized by E1 to Y1 and, to a lesser extent, by E2 to Y2"
            for agents in (enzymes, minor):
                late = _product_after(doc, s, skip_alias(doc, agents[-1].end, s.end)) if agents else None
                if late is not None:
                    emit(out, s, [late], agents, "PRODUCT", negated, hedged, method)
        return
    enzyme = None if formation else _enzyme_left(doc, s, left)  # "E produced X" may be any cause
    if enzyme is None and not formation:  # "E (SDH), a member of the PLP enzymes, catalyzes"
        far = nearest_left(doc, s, left, RECEPTOR)
        enzyme = far if isinstance(far, Span) and enzyme_like(far) else None
    if enzyme is None:
        return
    drugs, products = _chemicals_right(doc, s, i + 1, made=_role(low(doc, i)) == "PRODUCT")
    if drugs or products:
        negated = negated_before(doc, s, i)
        hedged = hedged_in(doc, clause_start(doc, s, i), max(d.end for d in drugs + products))
        emit(out, s, drugs, [enzyme], "SUBSTRATE", negated, hedged, f"catalysis:{low(doc, i)}")
        emit(out, s, products, [enzyme], "PRODUCT", negated, hedged, f"catalysis:{low(doc, i)}")
