"""Extensions, suspensions and the next-stage window (domain.md 3.1-3.3)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules import (
    Refused,
    add_working_days,
    check_extension,
    check_stage2_handler,
    deadline,
    latest_extension,
    moved_by_suspension,
    next_stage,
    working_days_between,
)

MONDAY = date(2026, 3, 2)


def test_statutory_stage_1_may_be_extended_to_20_working_days_in_all():
    assert latest_extension("statutory", "stage1", MONDAY) == add_working_days(MONDAY, 20)


def test_corporate_stage_2_may_be_extended_by_20_more():
    assert latest_extension("corporate", "stage2", MONDAY) == add_working_days(MONDAY, 40)


def test_an_extension_past_the_maximum_is_refused_and_says_the_latest_date():
    due = deadline("statutory", "stage1", MONDAY)
    with pytest.raises(Refused) as refusal:
        check_extension("statutory", "stage1", MONDAY, due, add_working_days(MONDAY, 21))
    assert refusal.value.code == "past-maximum"
    assert refusal.value.details["latest"] == add_working_days(MONDAY, 20)


def test_the_maximum_itself_is_allowed():
    due = deadline("corporate", "stage1", MONDAY)
    assert check_extension("corporate", "stage1", MONDAY, due, add_working_days(MONDAY, 20)) == add_working_days(MONDAY, 20)


def test_an_extension_must_be_later_than_the_current_date():
    due = deadline("statutory", "stage1", MONDAY)
    with pytest.raises(Refused) as refusal:
        check_extension("statutory", "stage1", MONDAY, due, due)
    assert refusal.value.code == "not-later"


def test_acknowledgements_cannot_be_extended():
    with pytest.raises(Refused) as refusal:
        latest_extension("statutory", "acknowledgement", MONDAY)
    assert refusal.value.code == "not-extendable"


def test_a_suspension_moves_a_deadline_by_the_working_days_it_lasted():
    # Paused Monday 2 March, resumed Monday 9 March: five working days.
    due = date(2026, 3, 16)
    assert moved_by_suspension(due, MONDAY, date(2026, 3, 9)) == add_working_days(due, 5)


def test_a_suspension_ended_the_same_day_moves_nothing():
    assert moved_by_suspension(date(2026, 3, 16), MONDAY, MONDAY) == date(2026, 3, 16)


@given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(0, 60), st.integers(1, 40))
def test_the_time_left_after_resuming_is_the_time_left_when_paused(start, paused_days, days_left):
    resumed = add_working_days(start, paused_days) if paused_days else start
    due = add_working_days(start, days_left)
    moved = moved_by_suspension(due, start, resumed)
    assert working_days_between(resumed, moved) == working_days_between(start, due)


def test_stage_2_can_be_asked_for_up_to_20_working_days_after_the_response():
    last = add_working_days(MONDAY, 20)
    on_time = next_stage("statutory", 1, MONDAY, last)
    assert on_time.in_time and on_time.is_right and on_time.stage == 2 and on_time.last_day == last
    late = next_stage("statutory", 1, MONDAY, add_working_days(MONDAY, 21))
    assert not late.in_time and not late.is_right


def test_corporate_stage_2_in_time_is_not_a_statutory_right_but_is_in_time():
    window = next_stage("corporate", 1, MONDAY, MONDAY)
    assert window.in_time and not window.is_right


def test_there_is_no_stage_after_the_last():
    with pytest.raises(Refused):
        next_stage("statutory", 3, MONDAY, MONDAY)
    with pytest.raises(Refused):
        next_stage("corporate", 2, MONDAY, MONDAY)


def test_corporate_stage_2_needs_a_different_handler():
    with pytest.raises(Refused) as refusal:
        check_stage2_handler("corporate", 7, 7)
    assert refusal.value.code == "same-handler"
    check_stage2_handler("corporate", 7, 8)
    check_stage2_handler("corporate", 7, None)
    check_stage2_handler("statutory", 7, 7)
