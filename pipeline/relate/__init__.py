"""Relation extraction: which drug does what to which target, what it treats or causes, and what a
target mediates — read from the entities the NER layer put in `doc.ents`.

Design without a parser. scispacy's trained models (tagger, parser) cannot be installed, so nothing
here reads part-of-speech tags or dependency arcs. Every rule is a sentence-local *frame* anchored on a
cue word from `cues.py` and read over surface tokens; token classes stand in for what a parser would
give (clause boundaries, relative pronouns, parentheticals, coordination, exclusion).

Modules, in the order a fact is built:
- `cues`: the cue lexicon and the closed word classes the frames read;
- `sentence`: `Relation`, the per-sentence entity table, pure token helpers, `emit`;
- `arguments`: a cue's subject, object and coordinated lists (the stand-in for dependency arcs);
- `negation`: per-fact negation and hedging;
- `frames`: drug -> target class-noun and verb frames; `properties`: activity frames ("X showed Y
  inhibitory activity", "X and Z were evaluated for their Y inhibitory activity"); `effects`:
  indications and adverse events; `metabolism`: substrate frames (reactions, catalysis, transport
  steps, an enzyme's named role);
  `document`: title and title-drug rules; `ellipsis`: elided heads;
- `polarity`: a last pass over every fact: a negated subject ("neither A nor B inhibited Y"), a subject
  that is only contrasted ("unlike A, B ..."; dropped), questions and beliefs ("whether A reduces Y",
  "A is thought to block Y"; hedged);
- `extract`: `extract_relations`, which runs them all, deduplicates and applies `polarity`.

Subjects of the drug -> target relations are DRUG or CHEMICAL entities (schema.TARGET_SUBJECT_LABELS):
"glutamate activates NMDA receptors" and "GAD converts glutamate to GABA" are facts about the target,
and the tables carry subject_label so a user can keep drugs only. Effects (TREATS, CAUSES) take DRUG
subjects only: "glutamate causes excitotoxicity" is physiology, not a drug's harm. MEDIATES takes a
RECEPTOR. `emit` enforces schema.RELATION_SIGNATURES. Endogenous chemicals get extra guards
(`sentence.loose_chemical`, `sentence.not_an_agent_chemical`): never an ion ("calcium influx"), never a
modifier ("5-HT neurons", "the glutamate binding site"), and never a verb's subject when a preposition
governs it ("the response to noradrenaline was decreased in Y knockout mice").
"""

from pipeline.relate.ellipsis import TargetResolver, kb_target_id
from pipeline.relate.extract import extract_relations
from pipeline.relate.sentence import Relation

__all__ = ["Relation", "TargetResolver", "extract_relations", "kb_target_id"]
