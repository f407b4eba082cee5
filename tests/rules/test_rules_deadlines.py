"""Deadlines for every step (domain.md 3.1, 3.2), with the default timescales.

All the expected dates count from Thursday 17 April 2025. Working days after it, in order
(Good Friday 18 April, Easter Monday 21 April, and the May bank holidays on the 5th and
26th are skipped):

     1 Tue 22 Apr    2 Wed 23 Apr    3 Thu 24 Apr    5 Mon 28 Apr   10 Tue  6 May
    15 Tue 13 May   20 Tue 20 May   25 Wed 28 May   30 Wed  4 Jun   40 Wed 18 Jun
    65 Wed 23 Jul
"""

from datetime import date

import pytest

from portal.rules import STEPS, CouncilSettings, deadline

START = date(2025, 4, 17)


@pytest.mark.parametrize("procedure, step, expected", [
    ("statutory", "acknowledgement", date(2025, 4, 23)),   # 2
    ("statutory", "stage1", date(2025, 5, 6)),             # 10, reg. 14
    ("statutory", "stage2-request", date(2025, 5, 20)),    # 20
    ("statutory", "stage2", date(2025, 5, 28)),            # 25, reg. 17
    ("statutory", "stage3-request", date(2025, 5, 20)),    # 20
    ("statutory", "stage3-panel", date(2025, 6, 4)),       # 30, reg. 19
    ("statutory", "stage3-report", date(2025, 4, 28)),     # 5
    ("statutory", "stage3-response", date(2025, 5, 13)),   # 15
    ("corporate", "acknowledgement", date(2025, 4, 24)),   # 3
    ("corporate", "stage1", date(2025, 5, 6)),             # 10
    ("corporate", "stage2-request", date(2025, 5, 20)),    # 20
    ("corporate", "stage2-acknowledgement", date(2025, 4, 24)),  # 3
    ("corporate", "stage2", date(2025, 5, 20)),            # 20
])
def test_default_deadline_for_each_step(procedure, step, expected):
    assert deadline(procedure, step, START) == expected


@pytest.mark.parametrize("procedure, step, expected", [
    ("statutory", "stage1", date(2025, 5, 20)),   # at most 20 in total
    ("statutory", "stage2", date(2025, 7, 23)),   # at most 65 in total
    ("corporate", "stage1", date(2025, 5, 20)),   # 10 + 10
    ("corporate", "stage2", date(2025, 6, 18)),   # 20 + 20
])
def test_extended_deadline_is_the_longest_permitted(procedure, step, expected):
    assert deadline(procedure, step, START, extended=True) == expected


@pytest.mark.parametrize("procedure, step", [
    (procedure, step)
    for procedure, steps in STEPS.items()
    for step in steps
    if (procedure, step) not in {("statutory", "stage1"), ("statutory", "stage2"),
                                 ("corporate", "stage1"), ("corporate", "stage2")}
])
def test_steps_that_cannot_be_extended_keep_their_deadline(procedure, step):
    assert deadline(procedure, step, START, extended=True) == deadline(procedure, step, START)


def test_steps_are_those_of_the_domain():
    assert list(STEPS) == ["statutory", "corporate"]
    assert list(STEPS["statutory"]) == [
        "acknowledgement", "stage1", "stage2-request", "stage2", "stage3-request",
        "stage3-panel", "stage3-report", "stage3-response"]
    assert list(STEPS["corporate"]) == [
        "acknowledgement", "stage1", "stage2-request", "stage2-acknowledgement", "stage2"]


def test_every_step_says_when_its_clock_starts():
    for steps in STEPS.values():
        for step in steps.values():
            assert step.label and step.counted_from.endswith(".")


def test_deadline_from_a_weekend_counts_from_the_next_working_day():
    # Saturday 11 January 2025: Mon 13 (1), Tue 14 (2).
    assert deadline("statutory", "acknowledgement", date(2025, 1, 11)) == date(2025, 1, 14)


def test_deadline_uses_the_councils_closure_days():
    closed = CouncilSettings(closure_days=frozenset({date(2025, 4, 22), date(2025, 4, 23)}))
    # Closed on the 22nd and 23rd: the two working days are Thu 24 and Fri 25 April.
    assert deadline("statutory", "acknowledgement", START, settings=closed) == date(2025, 4, 25)


@pytest.mark.parametrize("procedure", ["compliment", "comment", "service-request", "other"])
def test_deadline_for_a_procedure_without_stages_is_refused(procedure):
    with pytest.raises(ValueError, match="statutory, corporate"):
        deadline(procedure, "stage1", START)


def test_unknown_step_is_refused_with_the_procedures_steps():
    with pytest.raises(ValueError) as error:
        deadline("corporate", "stage3-panel", START)
    message = str(error.value)
    assert "'stage3-panel'" in message
    assert "acknowledgement, stage1, stage2-request, stage2-acknowledgement, stage2" in message
