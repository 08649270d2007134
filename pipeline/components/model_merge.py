"""Optional statistical NER plug-in, merged under the knowledge-based entities.

Precedence (stated once, here): knowledge-based spans (lexicon, abbreviation, pattern) win on any
overlap; a model span fills a gap only, and only if (a) its label maps onto one of ours via
`label_map` (unknown labels are dropped) and (b) its text links to a KB concept of that label through
the same linker (exact key, then char 3-gram TF-IDF above the threshold) — unlinkable spans are
dropped, because every entity must carry a KB id. The model runs on the document text with its own
tokenizer; its character offsets are mapped back onto our tokens ("expand" alignment).
Sets `doc.ents` (`Span._.ner_source == "model"`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.components.spans import KBComponent, commit
from pipeline.schema import CHEMICAL, DRUG, EFFECT, LABELS, RECEPTOR

# Labels of common biomedical NER models (scispacy's BC5CDR/CRAFT/JNLPBA, our own) mapped onto ours.
DEFAULT_LABEL_MAP = {
    "CHEMICAL": DRUG,
    "DRUG": DRUG,
    "SIMPLE_CHEMICAL": DRUG,
    "DISEASE": EFFECT,
    "EFFECT": EFFECT,
    "RECEPTOR": RECEPTOR,
    "GENE_OR_GENE_PRODUCT": RECEPTOR,
    "PROTEIN": RECEPTOR,
}


def check_label_map(label_map: dict[str, str]) -> dict[str, str]:
    """Upper-case the model labels and refuse targets that are not our labels."""
    for source, target in label_map.items():
        if target not in LABELS:
            raise ValueError(
                f"Unknown target label '{target}' for model label '{source}' in label_map. "
                f"Expected one of: {', '.join(LABELS)}. Fix the label_map passed to build_nlp()."
            )
    return {k.upper(): v for k, v in label_map.items()}


class ModelEntityMerger(KBComponent):
    """Runs a spaCy NER pipeline loaded from `model` and merges its entities (see module docstring)."""

    def __init__(
        self, name: str = "pharma_model_ents", *, model: str, label_map: dict[str, str] | None = None
    ) -> None:
        import spacy

        super().__init__(name)
        self.model_name = model
        try:
            self.model = spacy.load(model)
        except OSError as e:
            raise ValueError(
                f"Could not load the statistical model '{model}'. Give an installed spaCy pipeline "
                "name or a directory written by nlp.to_disk(), or build without model=."
            ) from e
        self.label_map = check_label_map(label_map or DEFAULT_LABEL_MAP)

    def __call__(self, doc: Doc) -> Doc:
        index = self.require_index()
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new: list[Span] = []
        for ent in self.model(doc.text).ents:
            label = self.label_map.get(ent.label_.upper())
            if label is None:
                continue
            span = doc.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            labels = [DRUG, CHEMICAL] if label == DRUG else [label]
            linked = index.link(span.text, labels=labels)
            if linked is None:
                continue
            entry = linked[0]
            new.append(Span(doc, span.start, span.end, label=entry.label, kb_id=entry.concept_id))
            taken.update(range(span.start, span.end))
        if new:
            commit(doc, list(doc.ents) + new, new, "model")
        return doc
