"""`make security`'s dependency audit: pip-audit over the installed environment, read plainly.

    .venv/bin/python -m tests.security.dependency_audit

pip-audit asks a vulnerability service (PyPI's JSON API by default) about every installed
distribution. Where that service cannot be reached it still prints "No known
vulnerabilities found" and exits 0, having audited nothing: each distribution is skipped
as "not found on PyPI". This tells the two apart. A known vulnerability fails the build
(unless ACCEPTED says why it does not apply). An unreachable service prints
"pip-audit: vulnerability service unreachable, skipped" and passes, because the machines
this project builds on (developers' and CI's alike) reach PyPI's packages through a mirror
without its vulnerability API; set PIP_AUDIT_REQUIRED=1 where the service is reachable to
make its absence a failure (docs/asvs-l2.md, V14.2.1).
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs pip-audit, a fixed command with no outside input
import sys

#: Vulnerability id -> why it does not apply to the portal. Empty: nothing accepted.
ACCEPTED: dict[str, str] = {}

UNREACHABLE = "pip-audit: vulnerability service unreachable, skipped"
COMMAND = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--progress-spinner", "off",
           "--format", "json"]


def verdict(report: dict | None) -> tuple[str, list[str]]:
    """("vulnerable" | "unreachable" | "clean", lines to print) for pip-audit's JSON report."""
    if not report or not isinstance(report.get("dependencies"), list):
        return "unreachable", [UNREACHABLE + " (pip-audit gave no report)"]
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    if skipped and not audited:
        return "unreachable", [UNREACHABLE + f" ({len(skipped)} distributions could not be looked up)"]
    lines, found = [], False
    for dependency in audited:
        for vulnerability in dependency.get("vulns") or []:
            ids = [vulnerability.get("id"), *(vulnerability.get("aliases") or [])]
            accepted = next((ACCEPTED[i] for i in ids if i in ACCEPTED), None)
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
            line = f"{dependency['name']} {dependency.get('version')}: {vulnerability.get('id')} (fixed in {fixes})"
            if accepted:
                lines.append(f"accepted {line}: {accepted}")
            else:
                found = True
                lines.append(f"VULNERABLE {line}")
    if skipped:
        lines.append("not audited: " + ", ".join(sorted(d["name"] for d in skipped)))
    if found:
        return "vulnerable", lines
    return "clean", [f"pip-audit: {len(audited)} distributions audited, no known vulnerabilities", *lines]


def main() -> int:
    try:
        run = subprocess.run(COMMAND, capture_output=True, text=True, timeout=600, check=False)  # nosec B603
        report = json.loads(run.stdout) if run.stdout.strip() else None
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        report = None
    outcome, lines = verdict(report)
    for line in lines:
        print(line)
    if outcome == "vulnerable":
        return 1
    if outcome == "unreachable" and os.environ.get("PIP_AUDIT_REQUIRED", "").lower() in ("1", "true", "yes"):
        print("PIP_AUDIT_REQUIRED is set: failing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
