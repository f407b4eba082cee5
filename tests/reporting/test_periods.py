"""Financial years, ranges of dates, and the period each is compared with."""

from __future__ import annotations

from datetime import date

import pytest

from portal.reporting.periods import Period, financial_year, financial_year_of, last_complete_year, parse_year


def test_a_financial_year_runs_from_1_april_to_31_march():
    year = financial_year(2024)
    assert (year.start, year.end, year.label, year.slug) == (date(2024, 4, 1), date(2025, 3, 31), "2024/25", "2024-25")
    assert year.previous() == financial_year(2023)


@pytest.mark.parametrize("text", ["2024", "2024/25", "2024-25", "2024/2025", " 2024 "])
def test_a_financial_year_is_written_several_ways(text):
    assert parse_year(text) == 2024


@pytest.mark.parametrize("text", ["", "24", "2024/26", "last year"])
def test_what_is_not_a_financial_year(text):
    with pytest.raises(ValueError):
        parse_year(text)


def test_which_financial_year_a_day_is_in_and_the_last_one_ended():
    assert financial_year_of(date(2025, 3, 31)) == 2024
    assert financial_year_of(date(2025, 4, 1)) == 2025
    assert last_complete_year(date(2025, 6, 1)) == 2024


def test_a_range_is_compared_with_the_same_dates_a_year_before():
    quarter = Period(date(2024, 4, 1), date(2024, 6, 30))
    assert quarter.label == "2024-04-01 to 2024-06-30"
    assert quarter.previous() == Period(date(2023, 4, 1), date(2023, 6, 30))
    assert Period(date(2024, 2, 29), date(2024, 3, 1)).previous() == Period(date(2023, 2, 28), date(2023, 3, 1))


def test_a_range_longer_than_a_year_is_compared_with_one_that_does_not_overlap_it():
    two_years = Period(date(2022, 4, 1), date(2024, 3, 31))
    assert two_years.previous() == Period(date(2020, 4, 1), date(2022, 3, 31))


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2024, 5, 2), date(2024, 5, 1))
