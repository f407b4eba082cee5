"""The routing table published for officers and the public."""

import pytest

from portal.rules.table import COLUMNS, routing_table, routing_table_markdown
from portal.rules.vocabulary import SERVICES

STATUTORY = [s for s in SERVICES if SERVICES[s].default_procedure == "statutory"]
CORPORATE = [s for s in SERVICES if SERVICES[s].default_procedure == "corporate" and s != "other"]


def outcomes_for(service):
    row = next(row for row in routing_table() if row.service.id == service)
    return {column: (outcome.procedure, set(outcome.flags))
            for column, outcome in row.outcomes.items()}


def test_table_has_one_row_per_service_in_order():
    assert [row.service.id for row in routing_table()] == list(SERVICES)


def test_table_columns_cover_the_four_groups():
    assert [column.id for column in COLUMNS] == [
        "young-person", "parent-about-child", "parent-about-self", "others"]


@pytest.mark.parametrize("service", STATUTORY)
def test_statutory_service_row_follows_rules_4_5_and_6(service):
    assert outcomes_for(service) == {
        "young-person": ("statutory", set()),
        "parent-about-child": ("statutory", set()),
        "parent-about-self": ("corporate", {"own-treatment"}),
        "others": ("statutory", {"eligibility"}),
    }


@pytest.mark.parametrize("service", CORPORATE)
def test_corporate_service_row_is_corporate_for_everyone(service):
    assert all(outcome == ("corporate", set()) for outcome in outcomes_for(service).values())


def test_unclear_service_row_is_corporate_and_flagged_for_everyone():
    assert all(outcome == ("corporate", {"unclear-service"})
               for outcome in outcomes_for("other").values())


def test_markdown_table_has_a_header_and_a_row_per_service():
    lines = routing_table_markdown().strip().splitlines()
    assert len(lines) == 2 + len(SERVICES)
    assert lines[1].startswith("| --- |")
    assert all(line.count(" | ") == 1 + len(COLUMNS) for line in lines)


def test_markdown_table_shows_labels_ids_and_flags():
    markdown = routing_table_markdown()
    row = next(line for line in markdown.splitlines() if "`children-in-care`" in line)
    assert row.startswith("| Children in care (`children-in-care`) | `statutory` |")
    assert "flagged `own-treatment`" in row
    assert "flagged `eligibility`" in row
    assert "`special-guardian`" in markdown.splitlines()[0]
