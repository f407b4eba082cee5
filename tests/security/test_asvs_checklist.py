"""docs/asvs-l2.md points only at code and tests that exist, and the README links to it."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = ROOT / "docs" / "asvs-l2.md"
REFERENCE = re.compile(r"`((?:portal|admin|tests|templates|docs|static)/[\w/.-]*?)(?:::(\w+))?`")


@cache
def _tests_in(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text())
    return frozenset(node.name for node in ast.walk(tree)
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))


def test_every_file_and_test_the_checklist_names_exists():
    references = REFERENCE.findall(CHECKLIST.read_text())
    assert len(references) > 50
    missing = []
    for path, test in references:
        target = ROOT / path
        if not target.exists():
            missing.append(path)
        elif test and test not in _tests_in(target):
            missing.append(f"{path}::{test}")
    assert missing == []


def test_the_checklist_states_a_status_for_every_row():
    statuses = re.compile(r"\| (met|partly|\*\*not met\*\*|n/a|deployment|met, with one capability URL|"
                          r"\*\*not met\*\* by the application|deployment, partly in code) \|")
    rows = [line for line in CHECKLIST.read_text().splitlines()
            if line.startswith("| ") and not line.startswith("| #") and not line.startswith("| ---")]
    assert rows
    assert [row for row in rows if not statuses.search(row)] == []


def test_the_readme_links_to_the_checklist():
    assert "(docs/asvs-l2.md)" in (ROOT / "README.md").read_text()
