"""Working days (2006 Regulations, reg. 2): weekends, bank holidays, closure days."""

from datetime import date

import holidays
import pytest

from portal.rules import CouncilSettings, add_working_days, is_working_day, working_days_between
from portal.rules.working_days import bank_holidays

WALES = CouncilSettings(region="WLS")


# Counting -------------------------------------------------------------------------------

def test_the_first_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 13)


def test_a_weekend_start_counts_from_the_monday():
    assert add_working_days(date(2025, 1, 11), 1) == date(2025, 1, 13)
    assert add_working_days(date(2025, 1, 12), 1) == date(2025, 1, 13)


def test_the_start_day_itself_is_not_counted():
    # Monday 13 January 2025 + 5 working days: Tue, Wed, Thu, Fri, Mon 20 January.
    assert add_working_days(date(2025, 1, 13), 5) == date(2025, 1, 20)


def test_adding_no_working_days_returns_the_same_day_even_at_a_weekend():
    assert add_working_days(date(2025, 1, 11), 0) == date(2025, 1, 11)


@pytest.mark.parametrize("n", [-1, 1.5, True, "3"])
def test_a_number_of_working_days_must_be_a_whole_number_of_zero_or_more(n):
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 13), n)


def test_saturday_and_sunday_are_not_working_days():
    assert not is_working_day(date(2025, 1, 11))
    assert not is_working_day(date(2025, 1, 12))
    assert is_working_day(date(2025, 1, 10))


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    # Friday 10 to Monday 13 January 2025: only the Monday.
    assert working_days_between(date(2025, 1, 10), date(2025, 1, 13)) == 1
    # Monday 13 to Monday 20 January 2025: Tue to Fri and the Monday.
    assert working_days_between(date(2025, 1, 13), date(2025, 1, 20)) == 5


def test_working_days_between_is_zero_when_the_end_is_not_after_the_start():
    assert working_days_between(date(2025, 1, 13), date(2025, 1, 13)) == 0
    assert working_days_between(date(2025, 1, 20), date(2025, 1, 13)) == 0


def test_working_days_between_over_christmas_2025():
    # After Wed 24 Dec 2025: Christmas (Thu), Boxing Day (Fri), weekend; Mon 29, Tue 30,
    # Wed 31 December; New Year's Day (Thu 1 Jan); Fri 2 January 2026.
    assert working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4


# Bank holidays --------------------------------------------------------------------------

def test_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2024, 3, 29))  # Good Friday 2024
    assert not is_working_day(date(2024, 4, 1))   # Easter Monday 2024
    # Thursday 28 March 2024 + 1 skips the Easter weekend to Tuesday 2 April.
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)


def test_easter_2025_is_skipped():
    # Thursday 17 April 2025: Good Friday 18, weekend, Easter Monday 21.
    assert add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)


def test_christmas_2021_at_a_weekend_gives_substitute_days_on_monday_and_tuesday():
    # 25 December 2021 was a Saturday and 26th a Sunday: 27th and 28th were bank holidays.
    assert not is_working_day(date(2021, 12, 27))
    assert not is_working_day(date(2021, 12, 28))
    assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)


def test_christmas_2022_on_a_sunday_gives_a_substitute_day_on_tuesday():
    # 25 December 2022 was a Sunday; Boxing Day Monday 26th; substitute Tuesday 27th.
    assert not is_working_day(date(2022, 12, 26))
    assert not is_working_day(date(2022, 12, 27))
    assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)


def test_new_years_day_2022_on_a_saturday_gives_monday_3_january():
    assert is_working_day(date(2021, 12, 31))
    assert add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)


def test_platinum_jubilee_2022_moved_the_spring_bank_holiday():
    assert not is_working_day(date(2022, 6, 2))
    assert not is_working_day(date(2022, 6, 3))
    assert is_working_day(date(2022, 5, 30))  # the usual last Monday in May was worked
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)


def test_state_funeral_of_queen_elizabeth_ii_was_not_a_working_day():
    assert not is_working_day(date(2022, 9, 19))
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_coronation_of_king_charles_iii_was_not_a_working_day():
    assert not is_working_day(date(2023, 5, 8))
    # Friday 5 May 2023 + 1 skips the weekend and the Coronation to Tuesday 9 May.
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    # The early May bank holiday was Monday 1 May.
    assert add_working_days(date(2023, 4, 28), 1) == date(2023, 5, 2)


# Wales ----------------------------------------------------------------------------------

def test_wales_has_easter_monday_as_a_bank_holiday():
    assert not is_working_day(date(2025, 4, 21), settings=WALES)


def test_st_davids_day_is_a_working_day_in_wales_and_england():
    # 1 March 2024 was a Friday. St David's Day is not a bank holiday.
    assert is_working_day(date(2024, 3, 1), settings=WALES)
    assert is_working_day(date(2024, 3, 1))


def test_the_region_setting_chooses_the_bank_holiday_calendar(monkeypatch):
    asked = []
    invented = date(2030, 7, 1)  # a Monday, made a holiday only in the fake Welsh calendar

    def fake_country_holidays(country, subdiv, years):
        asked.append((country, subdiv, years))
        return {invented: "Invented Welsh holiday"} if subdiv == "WLS" else {}

    bank_holidays.cache_clear()
    monkeypatch.setattr(holidays, "country_holidays", fake_country_holidays)
    try:
        assert not is_working_day(invented, settings=WALES)
        assert is_working_day(invented, settings=CouncilSettings(region="ENG"))
    finally:
        bank_holidays.cache_clear()
    assert ("GB", "WLS", 2030) in asked and ("GB", "ENG", 2030) in asked


def test_each_years_holidays_are_built_once_per_region(monkeypatch):
    real = holidays.country_holidays
    calls = []

    def counting(country, subdiv, years):
        calls.append((subdiv, years))
        return real(country, subdiv=subdiv, years=years)

    bank_holidays.cache_clear()
    monkeypatch.setattr(holidays, "country_holidays", counting)
    try:
        for _ in range(3):
            add_working_days(date(2024, 11, 1), 100)  # runs into 2025
    finally:
        bank_holidays.cache_clear()
    assert sorted(calls) == [("ENG", 2024), ("ENG", 2025)]


# Council closure days -------------------------------------------------------------------

def test_council_closure_days_are_not_working_days():
    closed = CouncilSettings(closure_days=frozenset({date(2025, 12, 29), date(2025, 12, 30),
                                                     date(2025, 12, 31)}))
    assert not is_working_day(date(2025, 12, 30), settings=closed)
    # Wed 24 December 2025 + 1: Christmas, Boxing Day, weekend, three closure days,
    # New Year's Day, then Friday 2 January 2026.
    assert add_working_days(date(2025, 12, 24), 1, settings=closed) == date(2026, 1, 2)
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
