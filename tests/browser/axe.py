"""axe-core (pinned in package.json, installed in node_modules) run in the page.

The portal sends a strict CSP with a nonce, so the script is not added as a tag:
the scanning context adds it to each new document (conftest), or its source is
evaluated here, both through the DevTools protocol, which the CSP does not govern;
the page keeps the policy real people get.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA as axe-core tags it; target-size (2.5.8) runs only with wcag22aa.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  })
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }))
}"""

_source: str | None = None


def axe_source() -> str:
    global _source
    if _source is None:
        if not AXE_PATH.exists():
            raise FileNotFoundError(f"{AXE_PATH} is missing: run `npm ci` (axe-core is in package.json)")
        _source = AXE_PATH.read_text(encoding="utf-8")
    return _source


def violations(page) -> list[dict]:
    """axe's WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN, TAGS)


def describe(found: list[dict]) -> str:
    """A readable report: each rule with its impact, help and the elements that fail it."""
    lines = []
    for violation in found:
        lines.append(f"  {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            for line in (node["summary"] or "").splitlines():
                lines.append(f"       {line.strip()}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_violations(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe found {len(found)} WCAG 2.2 AA violation(s) on {where or page.url}:\n{describe(found)}"
