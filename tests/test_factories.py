"""Every spaCy factory the package registers is declared as a spacy_factories entry point."""

import re
import tomllib

from conftest import REPO


def test_factories_every_factory_is_an_entry_point():
    source = (REPO / "pipeline" / "factories.py").read_text(encoding="utf-8")
    registered = dict(re.findall(r'@Language\.factory\(\s*"(\w+)".*?\)\ndef (\w+)\(', source, re.S))
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = pyproject["project"]["entry-points"]["spacy_factories"]
    assert registered, "no factories found in pipeline/factories.py"
    assert declared == {name: f"pipeline.factories:{func}" for name, func in registered.items()}
