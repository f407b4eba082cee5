"""`make security` reads pip-audit's report plainly: a vulnerability fails the build, an
unreachable vulnerability service is said out loud instead of passing as "no known
vulnerabilities" (tests/security/dependency_audit.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security import dependency_audit
from tests.security.dependency_audit import UNREACHABLE, verdict

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_looked_up_is_an_unreachable_service_not_a_clean_bill():
    # What pip-audit reports when PyPI's JSON API cannot be reached: every package skipped.
    report = {"dependencies": [
        {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited: flask (3.1.3)"},
        {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited: jinja2 (3.1.6)"},
    ], "fixes": []}
    outcome, lines = verdict(report)
    assert outcome == "unreachable"
    assert lines[0].startswith(UNREACHABLE)


@pytest.mark.parametrize("report", [None, {}, {"error": "boom"}])
def test_no_report_at_all_is_an_unreachable_service(report):
    assert verdict(report)[0] == "unreachable"


def test_a_known_vulnerability_fails():
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "werkzeug", "version": "3.0.0", "vulns": [
            {"id": "GHSA-xxxx", "fix_versions": ["3.0.6"], "aliases": ["CVE-2024-0001"], "description": "…"}]},
    ]}
    outcome, lines = verdict(report)
    assert outcome == "vulnerable"
    assert lines == ["VULNERABLE werkzeug 3.0.0: GHSA-xxxx (fixed in 3.0.6)"]


def test_an_accepted_vulnerability_is_listed_with_its_reason_and_passes(monkeypatch):
    monkeypatch.setattr(dependency_audit, "ACCEPTED", {"CVE-2024-0001": "only affects the debugger, never on"})
    report = {"dependencies": [{"name": "werkzeug", "version": "3.0.0", "vulns": [
        {"id": "GHSA-xxxx", "fix_versions": [], "aliases": ["CVE-2024-0001"]}]}]}
    outcome, lines = verdict(report)
    assert outcome == "clean"
    assert "accepted werkzeug 3.0.0: GHSA-xxxx (fixed in no fixed version yet): only affects the debugger, never on" in lines


def test_a_clean_audit_says_how_much_it_audited_and_what_it_could_not():
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "private-thing", "skip_reason": "Dependency not found on PyPI"},
    ]}
    outcome, lines = verdict(report)
    assert outcome == "clean"
    assert lines == ["pip-audit: 1 distributions audited, no known vulnerabilities", "not audited: private-thing"]


def test_unreachable_fails_only_when_the_audit_is_required(monkeypatch, capsys):
    monkeypatch.setattr(dependency_audit.subprocess, "run",
                        lambda *a, **k: type("Run", (), {"stdout": "", "returncode": 1})())
    monkeypatch.delenv("PIP_AUDIT_REQUIRED", raising=False)
    assert dependency_audit.main() == 0
    assert UNREACHABLE in capsys.readouterr().out
    monkeypatch.setenv("PIP_AUDIT_REQUIRED", "1")
    assert dependency_audit.main() == 1


def test_make_test_runs_the_security_checks_first():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test:.*\bsecurity\b", makefile, re.M)
    target = makefile.split("\nsecurity:", 1)[1].split("\n\n", 1)[0]
    assert "bandit -q -r portal admin -c pyproject.toml" in target
    assert "tests.security.dependency_audit" in target
