"""The date a submission counts as received (domain.md 3, Counting): cut-off and time zones."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from portal.rules import CouncilSettings, received_on

UTC = timezone.utc
WEDNESDAY_IN_JANUARY = date(2025, 1, 15)  # GMT: London is UTC+0
TUESDAY_IN_JULY = date(2025, 7, 15)       # BST: London is UTC+1


@pytest.mark.parametrize("day", [WEDNESDAY_IN_JANUARY, TUESDAY_IN_JULY])
@pytest.mark.parametrize("hour, minute, next_day", [
    (9, 0, False),
    (16, 59, False),
    (17, 0, True),   # the working day ends at the cut-off
    (17, 1, True),
    (23, 59, True),
])
def test_local_time_against_the_1700_cutoff(day, hour, minute, next_day):
    moment = datetime.combine(day, time(hour, minute))
    expected = day + timedelta(days=1) if next_day else day
    assert received_on(moment) == expected


def test_last_second_before_the_cutoff_is_the_same_day():
    assert received_on(datetime(2025, 1, 15, 16, 59, 59)) == date(2025, 1, 15)


@pytest.mark.parametrize("utc_time, expected", [
    (time(16, 59), date(2025, 1, 15)),  # 16:59 GMT
    (time(17, 0), date(2025, 1, 16)),   # 17:00 GMT
    (time(17, 1), date(2025, 1, 16)),   # 17:01 GMT
])
def test_utc_time_in_winter_is_london_time(utc_time, expected):
    moment = datetime.combine(WEDNESDAY_IN_JANUARY, utc_time, tzinfo=UTC)
    assert received_on(moment) == expected


@pytest.mark.parametrize("utc_time, expected", [
    (time(15, 59), date(2025, 7, 15)),  # 16:59 BST
    (time(16, 0), date(2025, 7, 16)),   # 17:00 BST
    (time(16, 1), date(2025, 7, 16)),   # 17:01 BST
    (time(16, 30), date(2025, 7, 16)),  # 17:30 BST, though only 16:30 UTC
])
def test_utc_time_in_summer_is_an_hour_behind_london(utc_time, expected):
    moment = datetime.combine(TUESDAY_IN_JULY, utc_time, tzinfo=UTC)
    assert received_on(moment) == expected


def test_late_utc_evening_in_summer_is_already_the_next_day_in_london():
    # Thursday 10 July 2025 23:30 UTC is Friday 11 July 00:30 BST: before the cut-off.
    assert received_on(datetime(2025, 7, 10, 23, 30, tzinfo=UTC)) == date(2025, 7, 11)


def test_utc_friday_night_in_summer_is_a_saturday_in_london_so_counts_from_monday():
    # Friday 11 July 2025 23:30 UTC is Saturday 12 July 00:30 BST.
    assert received_on(datetime(2025, 7, 11, 23, 30, tzinfo=UTC)) == date(2025, 7, 14)


def test_other_time_zones_are_converted_to_london():
    paris_summer = timezone(timedelta(hours=2))
    # 17:30 in Paris is 16:30 in London: before the cut-off.
    assert received_on(datetime(2025, 7, 15, 17, 30, tzinfo=paris_summer)) == TUESDAY_IN_JULY


def test_submission_at_a_weekend_counts_from_monday():
    assert received_on(datetime(2025, 1, 11, 10, 0)) == date(2025, 1, 13)


def test_friday_evening_submission_counts_from_monday():
    assert received_on(datetime(2025, 1, 10, 17, 30)) == date(2025, 1, 13)


def test_thursday_evening_before_easter_counts_from_tuesday():
    assert received_on(datetime(2025, 4, 17, 18, 0)) == date(2025, 4, 22)


def test_morning_of_a_bank_holiday_counts_from_the_next_working_day():
    assert received_on(datetime(2025, 5, 5, 9, 0)) == date(2025, 5, 6)  # early May 2025


def test_a_date_without_a_time_only_moves_when_it_is_not_a_working_day():
    assert received_on(date(2025, 1, 15)) == date(2025, 1, 15)
    assert received_on(date(2025, 1, 12)) == date(2025, 1, 13)


def test_the_council_can_set_its_own_cutoff():
    early = CouncilSettings(cutoff=time(16, 0))
    assert received_on(datetime(2025, 1, 15, 15, 59), settings=early) == date(2025, 1, 15)
    assert received_on(datetime(2025, 1, 15, 16, 30), settings=early) == date(2025, 1, 16)


def test_submission_on_a_closure_day_counts_from_the_next_working_day():
    closed = CouncilSettings(closure_days=frozenset({date(2025, 1, 15)}))
    assert received_on(datetime(2025, 1, 15, 10, 0), settings=closed) == date(2025, 1, 16)
