"""Readers for the benchmark corpora the evaluation scores against (PubTator and ChemProt TSV).

Every reader returns :class:`GoldDocument` objects whose ``text`` is ``title + "\\n" + abstract``: the
corpora compute their character offsets over exactly that string, so ``text[start:end]`` is the gold
mention. Each reader checks that invariant and fails loudly when a file breaks it, because a silent
one-character shift would turn every strict match into a miss and the scores into nonsense.

Formats (see ../shared/eval/README.md):

- PubTator (BC5CDR, BioRED): ``PMID|t|title``, ``PMID|a|abstract``, then tab-separated mention lines
  ``PMID start end text type ids [individual mentions]`` and relation lines. BioRED uses CRLF line ends;
  lines are split on ``\\n`` only and a trailing ``\\r`` is dropped (``str.splitlines`` would also split
  on U+2028 and friends, which may occur inside an abstract).
- Ids: BC5CDR joins a composite mention's ids with ``|`` (7th column: the individual mentions); BioRED
  joins several ids of one mention with ``,``. ``-1`` (BC5CDR) and ``-`` (BioRED) mean "no concept":
  such a mention keeps its span (it is still a gold mention for NER) but has ``ids == ()``, so it can
  never take part in a concept-level relation pair.
- ChemProt: a split folder holding ``*_abstracts.tsv``, ``*_entities.tsv`` and ``*_gold_standard.tsv``;
  the gold standard file is the official scoring file (CPR:3/4/5/6/9 only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Ids that mean "annotated mention, but no concept" in the corpora.
_NO_ID = frozenset({"-1", "-", ""})


class GoldFormatError(ValueError):
    """A benchmark file does not have the shape its reader expects."""


@dataclass(frozen=True)
class GoldEntity:
    """One gold mention. ``ref`` is ChemProt's T# (empty for PubTator); ``ids`` are concept ids."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...] = ()
    ref: str = ""
    parts: tuple[str, ...] = ()  # BC5CDR composite mentions: the individual mentions (7th column)

    @property
    def composite(self) -> bool:
        return len(self.parts) > 1 or len(self.ids) > 1


@dataclass(frozen=True)
class GoldRelation:
    """One gold relation line: ``type`` (CID, CPR:4, Association ...) between ``arg1`` and ``arg2``.

    For PubTator the args are concept ids, for ChemProt they are T# refs of entities.
    """

    doc_id: str
    type: str
    arg1: str
    arg2: str


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    text: str
    entities: tuple[GoldEntity, ...] = field(default=())
    relations: tuple[GoldRelation, ...] = field(default=())


def split_ids(raw: str) -> tuple[str, ...]:
    """``"D1|D2"`` / ``"D1,D2"`` -> ``("D1", "D2")``; ``"-1"``, ``"-"`` and empties are dropped."""
    parts = raw.replace(",", "|").split("|")
    return tuple(p.strip() for p in parts if p.strip() not in _NO_ID)


def _lines(path: Path) -> list[str]:
    """Lines of a UTF-8 file split on LF only, each without its trailing CR."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise GoldFormatError(f"Benchmark file not found: '{path}'. Pass an existing file path.") from e
    return [line[:-1] if line.endswith("\r") else line for line in raw.split("\n")]


def _check_span(path: Path, lineno: int, text: str, start: int, end: int, surface: str) -> None:
    if not (0 <= start <= end <= len(text)) or text[start:end] != surface:
        found = text[start:end] if 0 <= start <= end <= len(text) else "<out of range>"
        raise GoldFormatError(
            f"Offsets {start}-{end} in {path} line {lineno} do not index the mention '{surface}' "
            f"(the document text there is '{found}'). Documents are built as title + '\\n' + abstract; "
            "check that the file is unmodified (line ends, encoding) and belongs to this reader."
        )


def _int(path: Path, lineno: int, value: str) -> int:
    try:
        return int(value)
    except ValueError as e:
        raise GoldFormatError(
            f"Expected an integer offset in {path} line {lineno}, got '{value}'. "
            "Mention lines are PMID<TAB>start<TAB>end<TAB>text<TAB>type<TAB>ids."
        ) from e


def read_pubtator(path: Path) -> list[GoldDocument]:
    """Read a PubTator file (BC5CDR or BioRED) into documents, in file order.

    Mention lines have 6 or 7 tab-separated fields (the 7th: a composite mention's individual
    mentions); relation lines have 4 (BC5CDR: ``PMID CID chem dis``) or 5 (BioRED: ``PMID type id1
    id2 novelty``). Anything else is an error naming the line.
    """
    path = Path(path)
    docs: list[GoldDocument] = []
    doc_id, title, abstract = None, None, None
    entities: list[GoldEntity] = []
    relations: list[GoldRelation] = []

    def flush() -> None:
        if doc_id is not None:
            text = (title or "") + "\n" + (abstract or "")
            docs.append(GoldDocument(doc_id, text, tuple(entities), tuple(relations)))

    for lineno, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        head = line.split("|", 2)
        if len(head) == 3 and head[1] in ("t", "a") and "\t" not in head[0]:
            if head[1] == "t":
                flush()
                doc_id, title, abstract = head[0], head[2], None
                entities, relations = [], []
            elif head[0] != doc_id:
                raise GoldFormatError(
                    f"Abstract line for PMID {head[0]} in {path} line {lineno} does not follow its title "
                    f"(current document: {doc_id}). Each document starts with PMID|t|title, then PMID|a|."
                )
            else:
                abstract = head[2]
            continue
        fields = line.split("\t")
        if doc_id is None or fields[0] != doc_id:
            raise GoldFormatError(
                f"Annotation line for PMID {fields[0]} in {path} line {lineno} is outside its document "
                f"(current document: {doc_id}). Annotation lines follow their document's title/abstract."
            )
        text = (title or "") + "\n" + (abstract or "")
        if len(fields) in (6, 7) and fields[1].isdigit():
            start, end = _int(path, lineno, fields[1]), _int(path, lineno, fields[2])
            _check_span(path, lineno, text, start, end, fields[3])
            parts = tuple(p for p in fields[6].split("|") if p) if len(fields) == 7 else ()
            entities.append(GoldEntity(doc_id, start, end, fields[3], fields[4], split_ids(fields[5]),
                                       parts=parts))
        elif len(fields) in (4, 5) and not fields[1].isdigit():
            relations.append(GoldRelation(doc_id, fields[1], fields[2], fields[3]))
        else:
            raise GoldFormatError(
                f"Cannot read line {lineno} of {path}: {len(fields)} tab-separated fields. Expected a "
                "mention (6 or 7 fields), a relation (4 or 5 fields) or PMID|t| / PMID|a| text lines."
            )
    flush()
    return docs


def _one(folder: Path, suffix: str) -> Path:
    found = sorted(folder.glob(f"*{suffix}"))
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise GoldFormatError(
            f"Expected exactly one '*{suffix}' file in the ChemProt folder '{folder}', found: {names}. "
            "Pass a split folder such as chemprot/chemprot_development."
        )
    return found[0]


def _tsv(path: Path, n_fields: int) -> list[tuple[int, list[str]]]:
    rows = []
    for lineno, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != n_fields:
            raise GoldFormatError(
                f"Expected {n_fields} tab-separated fields in {path} line {lineno}, got {len(fields)}."
            )
        rows.append((lineno, fields))
    return rows


def read_chemprot(folder: Path) -> list[GoldDocument]:
    """Read a ChemProt split folder; relations come from the official ``*_gold_standard.tsv``.

    Relation args are T# refs (``Arg1:T3`` -> ``T3``); entity ``ids`` are empty (ChemProt links no
    concepts), ``ref`` holds the T#. Documents keep the abstracts file's order.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldFormatError(
            f"ChemProt path '{folder}' is not a folder. Pass the split folder holding *_abstracts.tsv, "
            "*_entities.tsv and *_gold_standard.tsv."
        )
    abstracts = _one(folder, "_abstracts.tsv")
    texts: dict[str, str] = {}
    for _, (pmid, title, abstract) in _tsv(abstracts, 3):
        texts[pmid] = title + "\n" + abstract
    entities: dict[str, list[GoldEntity]] = {pmid: [] for pmid in texts}
    ent_path = _one(folder, "_entities.tsv")
    for lineno, (pmid, ref, etype, s, e, surface) in _tsv(ent_path, 6):
        if pmid not in texts:
            raise GoldFormatError(f"Entity for unknown PMID {pmid} in {ent_path} line {lineno}.")
        start, end = _int(ent_path, lineno, s), _int(ent_path, lineno, e)
        _check_span(ent_path, lineno, texts[pmid], start, end, surface)
        entities[pmid].append(GoldEntity(pmid, start, end, surface, etype, (), ref=ref))
    relations: dict[str, list[GoldRelation]] = {pmid: [] for pmid in texts}
    gold_path = _one(folder, "_gold_standard.tsv")
    for lineno, (pmid, cpr, arg1, arg2) in _tsv(gold_path, 4):
        if pmid not in texts or not arg1.startswith("Arg1:") or not arg2.startswith("Arg2:"):
            raise GoldFormatError(
                f"Cannot read relation in {gold_path} line {lineno}: '{pmid} {cpr} {arg1} {arg2}'. "
                "Expected PMID<TAB>CPR:n<TAB>Arg1:T#<TAB>Arg2:T# for a PMID in the abstracts file."
            )
        relations[pmid].append(GoldRelation(pmid, cpr.strip(), arg1[5:], arg2[5:]))
    return [GoldDocument(p, t, tuple(entities[p]), tuple(relations[p])) for p, t in texts.items()]
