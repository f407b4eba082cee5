"""The report reproduces a council's published tables from records imported as CSV.

The CSV is built by tests/reporting/data/herefordshire.py from the figures Herefordshire
Council published in its Children's Complaints and Representations Statutory Annual Report
2024/2025 (shared/seeds/003_3f74b407f94f864c.txt); each figure below names its section.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal import rules
from portal.extensions import db
from portal.reporting import build_report, financial_year
from portal.reporting.history_import import import_history
from portal.reporting.report import number
from portal.rules.settings import CouncilSettings
from tests.conftest import empty_tables
from tests.reporting.data import herefordshire
from tests.reporting.dates import TODAY

PUBLISHED = herefordshire.PUBLISHED


@pytest.fixture(scope="module")
def herefordshire_settings():
    """Herefordshire answers corporate stage 1 in 15 working days (section 2.3)."""
    previous = rules.current_settings()
    rules.configure(CouncilSettings(timescales={("corporate", "stage1"): herefordshire.CORPORATE_STAGE1_DAYS}))
    yield
    rules.configure(previous)


@pytest.fixture(scope="module")
def imported(app, herefordshire_settings):
    """Imported once for the module (about 1,200 rows), then the tables are emptied."""
    with app.app_context():
        result = import_history(db.session, herefordshire.csv_text().encode(), today=TODAY,
                                file_name="herefordshire.csv")
        assert result.ok, [p.message() for p in result.problems[:5]]
        reports = {year: build_report(db.session, financial_year(year)) for year in (2022, 2023, 2024)}
        db.session.rollback()
    yield reports
    empty_tables(app)


@pytest.fixture(autouse=True)
def _empty_tables():
    """Instead of tests/conftest.py's: the imported records stay for the whole module."""
    yield


def _value(report, table, row, scope="all", which="current"):
    return number(report.value(table, row, scope, which))


def test_composition_of_feedback_received(imported):
    """Section 1.4, "Composition of Total Feedback Received", 2023/24 beside 2024/25."""
    report = imported[2024]
    for which, year in (("current", 2024), ("previous", 2023)):
        assert _value(report, "received", "stage-1", "statutory", which) == PUBLISHED["statutory_stage1"][year]
        assert _value(report, "received", "stage-2", "statutory", which) == PUBLISHED["statutory_stage2"][year]
        assert _value(report, "received", "stage-3", "statutory", which) == PUBLISHED["statutory_stage3"][year]
        assert _value(report, "received", "stage-1", "corporate", which) == PUBLISHED["corporate_stage1"][year]
        assert _value(report, "ombudsman", "base", "all", which) == sum(PUBLISHED["ombudsman"][year].values())
    assert _value(report, "other-feedback", "compliment") == PUBLISHED["compliments"][2024]


def test_complaints_received_year_by_year(app, imported):
    """Sections 2.1 and 3.1: each procedure's complaints, year by year."""
    with app.app_context():
        for year, count in PUBLISHED["statutory_stage1"].items():
            report = build_report(db.session, financial_year(year))
            assert _value(report, "received", "stage-1", "statutory") == count, year
            assert _value(report, "received", "stage-1", "corporate") == PUBLISHED["corporate_stage1"].get(year, 0)


def test_statutory_outcomes(imported):
    """Section 3.4, "Outcomes from complaint investigations", both years."""
    report = imported[2024]
    for which, year in (("current", 2024), ("previous", 2023)):
        for outcome, count in PUBLISHED["statutory_outcomes"][year].items():
            assert _value(report, "outcomes-stage-1", outcome, "statutory", which) == count, (year, outcome)


def test_corporate_outcomes(imported):
    """Section 2.4, "Outcomes of complaint investigations" (corporate), 2024/25."""
    for outcome, count in PUBLISHED["corporate_outcomes"][2024].items():
        assert _value(imported[2024], "outcomes-stage-1", outcome, "corporate") == count, outcome


def test_statutory_stage_1_response_times(imported):
    """Section 3.5's table: within 10, 11 to 20, over 20 working days, with its percentages."""
    table = imported[2024].table("stage-1-response-times", "statutory")
    lines = {line.key: line for line in table.lines}
    for which, year in (("current", 2024), ("previous", 2023)):
        for band, count in PUBLISHED["statutory_stage1_days"][year].items():
            assert number(getattr(lines[band], which)) == count, (year, band)
    assert round(lines["within-10"].share("current"), 1) == 40.0  # "40%"
    assert round(lines["over-20"].share("previous"), 1) == 41.2  # "41.2%"


def test_corporate_responses_over_the_councils_time_limit(imported):
    """Section 2.3: corporate responses later than 15 working days, and 12.5% in 2024/25."""
    table = imported[2024].table("time-limits", "corporate")
    late = next(line for line in table.lines if line.key == "stage1/late")
    assert (late.current, late.previous) == (PUBLISHED["corporate_over_15_days"][2024],
                                             PUBLISHED["corporate_over_15_days"][2023])
    assert late.share("current") == 12.5
    assert late.share("previous") == 20.0


def test_progression_to_stage_2(imported):
    """Section 3.6's table: stage 1 complaints, stage 2 investigations, the percentage."""
    for year, percent in ((2024, 29.33), (2023, 18.63), (2022, 18.18)):
        line = next(line for line in imported[year].table("progression", "statutory").lines
                    if line.key == "to-stage-2")
        assert (line.current, line.current_base) == (PUBLISHED["statutory_stage2"][year],
                                                     PUBLISHED["statutory_stage1"][year])
        assert round(line.share("current"), 2) == percent


def test_children_and_advocates(imported):
    """Sections 3.2 and 5.1: 19 complaints directly from children, 14 with an advocate."""
    report = imported[2024]
    assert _value(report, "children-and-advocates", "from-children") == PUBLISHED["from_children"][2024]
    assert _value(report, "children-and-advocates", "with-advocate") == PUBLISHED["children_with_advocate"][2024]


def test_ombudsman_decisions(imported):
    """Section 6.1: complaints taken to the LGSCO and what it decided, both years."""
    report = imported[2024]
    for which, year in (("current", 2024), ("previous", 2023)):
        for outcome, count in PUBLISHED["ombudsman"][year].items():
            assert _value(report, "ombudsman", outcome, "all", which) == count, (year, outcome)


def test_costs_of_stage_2_and_3(imported):
    """Section 6.3: what concluded stage 2 and 3 complaints cost, three years."""
    for year, pence in PUBLISHED["costs"].items():
        report = imported[year]
        total = _value(report, "costs", "stage-2-cost") + _value(report, "costs", "stage-3-cost")
        assert total == Decimal(pence) / 100, year
