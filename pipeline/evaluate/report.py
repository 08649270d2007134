"""What an evaluation writes: error files with context, ``summary.json`` and the text summary."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

CONTEXT_CHARS = 60  # characters either side of a mention in error files: about one clause


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The mention in ``[[...]]`` with ``width`` characters either side, on one line."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    return f"{left}[[{text[start:end]}]]{right}".replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _write_tsv(path: Path, header: tuple[str, ...], rows: Iterable[tuple]) -> None:
    def cell(value) -> str:
        return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")

    lines = ["\t".join(header)] + ["\t".join(cell(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _finish(result: dict, report_dir: Path) -> dict:
    report_dir.mkdir(parents=True, exist_ok=True)
    result["files"]["summary_json"] = str(report_dir / "summary.json")
    result["files"]["summary_txt"] = str(report_dir / "summary.txt")
    (report_dir / "summary.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")
    (report_dir / "summary.txt").write_text(format_report(result) + "\n", encoding="utf-8")
    return result


def _row(name: str, s: dict) -> str:
    return (f"  {name:<28}{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
            f"{s['precision']:>9.3f}{s['recall']:>9.3f}{s['f1']:>9.3f}")


_HEAD = f"  {'':<28}{'TP':>7}{'FP':>7}{'FN':>7}{'P':>9}{'R':>9}{'F1':>9}"

_NER_NOTES = (
    "strict = same span and type; overlap = any shared character and type (P counts matched",
    "predictions, R matched gold mentions). BC5CDR's Chemical includes endogenous chemicals, which",
    "we label CHEMICAL, not DRUG: CHEMICAL alone has low recall by design, DRUG+CHEMICAL scores the",
    "union against Chemical. Gold mentions with id -1 and composite mentions count as plain spans.",
)
_REL_NOTES = (
    "Negated facts are never predictions; hedged facts are. Facts whose subject or object overlaps no",
    "gold entity count as false positives under our own name (mapped_only leaves them out).",
    "ChemProt: only relations with a CPR group are scored, typed and untyped alike.",
)


def format_report(result: dict) -> str:
    """The human-readable summary the CLI prints (also written to summary.txt)."""
    speed = result["speed"]
    lines = []
    if result["task"] == "ner":
        lines.append(f"NER evaluation: {result['source']} ({speed['documents']} documents)")
        for mode in ("strict", "overlap"):
            lines += ["", f" {mode}", _HEAD]
            lines += [_row(name, modes[mode]) for name, modes in result["scores"].items()]
            lines.append(_row(f"micro {'+'.join(result['micro_labels'])}", result["micro"][mode]))
        if result["not_scored"]:
            lines += ["", f"not scored (no gold mentions of that class): {', '.join(result['not_scored'])}"]
        notes = _NER_NOTES
    else:
        facts = result["facts"]
        lines.append(f"Relation evaluation ({result['corpus']}): {result['source']} "
                     f"({speed['documents']} documents)")
        lines.append(f"scored relations: {', '.join(result['scored_relations'])}")
        for mode in ("all", "mapped_only"):
            lines += ["", f" {mode}", _HEAD]
            lines += [_row(v + (" *" if v == result["headline"] else ""), s[mode])
                      for v, s in result["scores"].items()]
        lines += ["", f"facts: {facts['facts']} total, {facts['negated']} negated (excluded), "
                      f"{facts['unscored_relation']} with relations this corpus does not score, "
                      f"{facts['scored']} scored ({facts['hedged']} hedged, {facts['unmapped']} unmapped); "
                      f"{facts['hedged_only_true_positives']} true positives rest on hedged facts only"]
        lines += [f"gold relations whose two arguments our NER found (recall ceiling): {v} "
                  f"{result['reachable'][v]}/{s['all']['n_gold']}" for v, s in result["scores"].items()]
        positive = ", ".join(f"{rel} {n}" for rel, n in facts["by_relation"].items()) or "none"
        lines.append(f"positive facts by relation: {positive}")
        notes = _REL_NOTES
    wps = speed["words_per_second"] if speed["words_per_second"] is not None else "n/a"
    lines += ["", f"speed: {speed['documents']} documents, {speed['words']} words in {speed['seconds']} s"
                  f" = {wps} words/s (pipeline start-up {speed['startup_seconds']} s)"]
    lines += ["", *notes, "", *(f"{name}: {p}" for name, p in sorted(result["files"].items()))]
    return "\n".join(lines)
