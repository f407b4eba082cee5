"""The routing rules as a table: one row per service, one column per group of complainants.

Every cell is worked out by calling ``route()``, for every role in the column, so the
published table cannot drift from the code. If the roles of a column were ever routed
differently, building the table fails rather than printing something untrue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.rules.i18n import N_
from portal.rules.routing import (
    OTHER_ROLES,
    PARENT_ROLES,
    ROUTING_FLAGS,
    YOUNG_PERSON_ROLES,
    route,
)
from portal.rules.vocabulary import PROCEDURES, ROLES, SERVICES, Service

# Any date will do: routing does not depend on it when no events date is given.
_A_RECEIPT_DATE = date(2025, 4, 1)


@dataclass(frozen=True)
class Column:
    """A group of complainant roles, and what their complaint is about (if it matters)."""

    id: str
    label: str
    roles: tuple[str, ...]
    about: tuple[str | None, ...]


@dataclass(frozen=True)
class Outcome:
    """The provisional procedure and the routing flags for one cell of the table."""

    procedure: str
    flags: frozenset[str]


@dataclass(frozen=True)
class Row:
    """One service, and the outcome for each column (keyed by column id)."""

    service: Service
    outcomes: dict[str, Outcome]


def _in_role_order(roles: frozenset[str]) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role in roles)


COLUMNS: tuple[Column, ...] = (
    Column("young-person", N_("A child, young person or their advocate"),
           _in_role_order(YOUNG_PERSON_ROLES), (None,)),
    Column("parent-about-child", N_("A parent or carer, about the help the child gets"),
           _in_role_order(PARENT_ROLES), ("child", "both")),
    Column("parent-about-self", N_("A parent or carer, about how they were treated"),
           _in_role_order(PARENT_ROLES), ("self",)),
    Column("others", N_("A relative, a professional or someone else"),
           _in_role_order(OTHER_ROLES), (None,)),
)


def routing_table() -> list[Row]:
    """One row per service, with the outcome for each column, computed by ``route()``."""
    return [
        Row(service=service,
            outcomes={column.id: _outcome(service.id, column) for column in COLUMNS})
        for service in SERVICES.values()
    ]


def _outcome(service: str, column: Column) -> Outcome:
    outcomes = set()
    for role in column.roles:
        for about in column.about:
            decision = route(kind="complaint", complainant=role, service=service,
                             about=about, received=_A_RECEIPT_DATE)
            outcomes.add(Outcome(decision.procedure, decision.flags & ROUTING_FLAGS))
    if len(outcomes) != 1:
        raise RuntimeError(f"the roles in column {column.id!r} are routed differently "
                           f"for {service!r}: {outcomes}")
    return outcomes.pop()


def routing_table_markdown() -> str:
    """The routing table as Markdown, with English labels and ids."""
    header = ["Service", "Default"] + [_heading(column) for column in COLUMNS]
    lines = [_markdown_row(header), _markdown_row(["---"] * len(header))]
    for row in routing_table():
        cells = [f"{row.service.label} (`{row.service.id}`)",
                 f"`{row.service.default_procedure}`"]
        cells += [_cell(row.outcomes[column.id]) for column in COLUMNS]
        lines.append(_markdown_row(cells))
    return "\n".join(lines) + "\n"


def _heading(column: Column) -> str:
    heading = f"{column.label}: {', '.join(f'`{role}`' for role in column.roles)}"
    if column.about != (None,):
        heading += f"; about {' or '.join(f'`{about}`' for about in column.about)}"
    return heading


def _cell(outcome: Outcome) -> str:
    text = f"{PROCEDURES[outcome.procedure].label} (`{outcome.procedure}`)"
    if outcome.flags:
        text += ", flagged " + ", ".join(f"`{flag}`" for flag in sorted(outcome.flags))
    return text


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
