"""Per-document token arrays every component reads: token texts, lower-cased texts, trailing-space flags
and the text.

Read once per document from the doc's C arrays (no Token objects: creating one per word costs more
than most rules that read them) and kept in ``doc.user_data``, so the components after the first reuse
them instead of each reading the arrays, or re-joining ``Doc.text`` from Token objects, again. The
pipeline's tokenizer (`pipeline.tokenizer`) fills the cache as it makes the doc (`prime`): it holds the
text, words and flags already. The cached lists are shared: callers must not mutate them.

Retokenization changes the tokens: `forget` drops the cache (the sentencizer, the only component that
retokenizes, calls it), and a cached list whose length is not the doc's is never returned. The text
never changes (a retokenization must keep it). The values are plain lists and a string, so a doc still
serializes (``nlp.pipe(n_process=...)``).
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span

WORDS_KEY = "pharma_tokens.words"
SPACES_KEY = "pharma_tokens.spaces"
LOWERS_KEY = "pharma_tokens.lowers"
TEXT_KEY = "pharma_tokens.text"


def token_texts(doc: Doc) -> list[str]:
    """The token texts (``[t.text for t in doc]``), cached on the doc."""
    words = doc.user_data.get(WORDS_KEY)
    if words is None or len(words) != len(doc):
        strings = doc.vocab.strings
        words = doc.user_data[WORDS_KEY] = [strings[orth] for orth in doc.to_array("ORTH").tolist()]
    return words


def token_lowers(doc: Doc) -> list[str]:
    """The lower-cased token texts (``[t.lower_ for t in doc]``: spaCy's LOWER is ``str.lower``), cached."""
    lowers = doc.user_data.get(LOWERS_KEY)
    if lowers is None or len(lowers) != len(doc):
        lowers = doc.user_data[LOWERS_KEY] = [word.lower() for word in token_texts(doc)]
    return lowers


def token_spaces(doc: Doc) -> list[bool]:
    """Whether each token is followed by a space (``[bool(t.whitespace_) for t in doc]``), cached."""
    spaces = doc.user_data.get(SPACES_KEY)
    if spaces is None or len(spaces) != len(doc):
        spaces = doc.user_data[SPACES_KEY] = doc.to_array("SPACY").astype(bool).tolist()
    return spaces


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once from the cached arrays and cached."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        pairs = zip(token_texts(doc), token_spaces(doc), strict=True)
        text = "".join([word + " " if space else word for word, space in pairs])
        doc.user_data[TEXT_KEY] = text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the cached doc text (`Span.text` joins a Token object per word)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def positions(words: list[str], wanted: Container[str]) -> list[int]:
    """Indices of the tokens whose text is in `wanted`, ascending.

    For rules that look at a few kinds of word only: they test each *distinct* word of the document
    once (``{w for w in set(words) if rule(w)}``, most words recur) and then visit just these tokens,
    instead of calling the rule on every token."""
    if not wanted:
        return []
    return [i for i, word in enumerate(words) if word in wanted]


def prime(doc: Doc, text: str, words: list[str] | None = None, spaces: list[bool] | None = None) -> None:
    """Cache what the tokenizer already holds when it makes `doc`: the text it was given, which is
    ``doc.text`` (spaCy's tokenizer keeps every character, and the pipeline's offsets rely on it), and
    the words and trailing-space flags `doc` was built from (``Doc(vocab, words, spaces)``), so the
    components need not read them back from the doc's arrays."""
    doc.user_data[TEXT_KEY] = text
    if words is not None and spaces is not None:
        doc.user_data[WORDS_KEY] = words
        doc.user_data[SPACES_KEY] = spaces


def forget(doc: Doc) -> None:
    """Drop the cached token arrays (call after a retokenization)."""
    doc.user_data.pop(WORDS_KEY, None)
    doc.user_data.pop(SPACES_KEY, None)
    doc.user_data.pop(LOWERS_KEY, None)
