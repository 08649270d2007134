"""Score our annotation end to end against the benchmark corpora, and write what it got wrong.

``evaluate_ner`` compares mentions with a PubTator corpus (BC5CDR; BioRED works too), strict (same
span, same type) and overlap (any shared character, same type). ``evaluate_relations`` maps each
fact's subject and object spans onto the gold entities they overlap and compares the resulting tuples
with the gold relations (ChemProt, BC5CDR CID, BioRED pairs). Both run the same annotator as the flow
(``pipeline.annotate.annotate_texts``, injectable for tests), time it, and write into ``report_dir``:
``summary.json``, ``summary.txt`` and a TSV of false positives and misses, each with context, for
reading. Everything written is sorted, so two runs on the same input give identical files.

Decisions, stated once here and repeated in the report text:

- Per-label counts are kept per label and summed as a *list* (scispacy's per-class scorer sums a set
  of counts, so two labels with equal counts collapse into one).
- Overlap scoring counts matched predictions (precision) and matched gold mentions (recall)
  separately: one prediction may cover two gold mentions.
- Negated facts are never predictions. Hedged facts are, and their number is reported.
- A fact whose subject or object overlaps no gold entity of the needed type is still a prediction,
  keyed by our canonical name (``?name``): the corpora annotate every chemical/gene/disease, so the
  benchmark says that pair is not a relation. This is what the official end-to-end evaluations do;
  ``mapped_only`` shows the score without them, separating NER disagreement from relation errors.
- When a span overlaps several nested gold entities, the ones with the largest overlap are used.
- ChemProt: only relations that map to a CPR group (``schema.CHEMPROT_CPR``) are scored, typed and
  untyped alike, so both figures measure the same predictions; BINDS/MODULATOR facts are counted as
  ``unscored``.

Modules: ``scoring`` (counts and span matching), ``run`` (the timed annotator), ``ner``,
``relations``, and ``report`` (error files, summaries and their text).
"""

from pipeline.evaluate.ner import HEADLINE_NER, NER_COMPARISONS, NER_ERROR_HEADER, evaluate_ner
from pipeline.evaluate.relations import (
    CORPORA,
    LABEL_CLASS,
    REL_ERROR_HEADER,
    RELATION_CORPORA,
    covered_args,
    evaluate_relations,
)
from pipeline.evaluate.report import CONTEXT_CHARS, context, format_report
from pipeline.evaluate.run import Annotate, run_annotator
from pipeline.evaluate.scoring import GOLD_CLASSES, Score, Span, best_overlaps, match_spans, micro, score_keys

__all__ = [
    # scoring
    "GOLD_CLASSES", "Score", "Span", "best_overlaps", "match_spans", "micro", "score_keys",
    # run
    "Annotate", "run_annotator",
    # ner
    "HEADLINE_NER", "NER_COMPARISONS", "NER_ERROR_HEADER", "evaluate_ner",
    # relations
    "CORPORA", "LABEL_CLASS", "REL_ERROR_HEADER", "RELATION_CORPORA", "covered_args", "evaluate_relations",
    # report
    "CONTEXT_CHARS", "context", "format_report",
]
