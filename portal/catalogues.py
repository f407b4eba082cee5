"""How complete each language's catalogue is, for the README and `flask translations status`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po


@dataclass(frozen=True)
class Completeness:
    code: str
    name: str
    direction: str
    translated: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.translated / self.total)


def completeness(translations: Path, languages: dict) -> list[Completeness]:
    """Messages translated (not fuzzy, every plural form filled) out of those in each catalogue."""
    rows = []
    for code, info in languages.items():
        path = translations / code / "LC_MESSAGES" / "messages.po"
        if code == "en" or not path.exists():
            with (translations / "messages.pot").open("rb") as handle:
                total = sum(1 for m in read_po(handle) if m.id)
            rows.append(Completeness(code, info["name"], info["dir"], total if code == "en" else 0, total))
            continue
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        messages = [m for m in catalogue if m.id]
        done = sum(1 for m in messages if not m.fuzzy and _filled(m.string))
        rows.append(Completeness(code, info["name"], info["dir"], done, len(messages)))
    return rows


def _filled(string) -> bool:
    if isinstance(string, (tuple, list)):
        return all(part for part in string)
    return bool(string)


def markdown(rows: list[Completeness]) -> str:
    lines = ["| language | code | direction | translated |", "| --- | --- | --- | --- |"]
    for row in rows:
        source = " (source)" if row.code == "en" else ""
        lines.append(f"| {row.name}{source} | `{row.code}` | {row.direction} | "
                     f"{row.translated} of {row.total} ({row.percent}%) |")
    return "\n".join(lines)
