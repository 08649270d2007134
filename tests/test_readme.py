"""The README documents every table and column the code writes, and the two quick-start commands."""

import re

from conftest import REPO

from pipeline.tables import COLUMNS

README = (REPO / "README.md").read_text(encoding="utf-8")


def documented_columns(table: str) -> list[str]:
    heading = re.search(rf"^### [^\n]*\b{table}\.csv\b[^\n]*$", README, re.M)
    assert heading, f"README has no section for {table}.csv"
    rest = README[heading.end() :]
    block = rest.split("\n### ")[0]
    return [m.group(1) for m in re.finditer(r"^\| ([a-z0-9_]+) \|", block, re.M) if m.group(1) != "column"]


def test_readme_documents_every_column_of_every_table():
    for table, columns in COLUMNS.items():
        assert documented_columns(table) == list(columns), table


def test_readme_quick_start_is_make_run_and_make_test():
    assert "make run" in README and "make test" in README
