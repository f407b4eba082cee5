"""Properties of working days and deadlines that hold for any date (hypothesis)."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.rules import (
    CouncilSettings,
    add_working_days,
    deadline,
    is_working_day,
    received_on,
    working_days_between,
)
from portal.rules.settings import DEFAULT_TIMESCALES

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
counts = st.integers(min_value=0, max_value=130)
steps = st.sampled_from(sorted(DEFAULT_TIMESCALES))
closures = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
                         max_size=30)
regions = st.sampled_from(["ENG", "WLS"])


@given(start=days, step=steps, extended=st.booleans(), region=regions)
def test_a_deadline_is_always_a_working_day(start, step, extended, region):
    settings = CouncilSettings(region=region)
    due = deadline(*step, start, extended=extended, settings=settings)
    assert is_working_day(due, settings=settings)
    assert due > start


@given(start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)),
       step=steps, closure_days=closures)
def test_a_deadline_never_falls_on_a_closure_day(start, step, closure_days):
    settings = CouncilSettings(closure_days=closure_days)
    assert deadline(*step, start, settings=settings) not in closure_days


@given(start=days, n=counts)
def test_counting_back_the_working_days_added_gives_the_same_number(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(start=days, step=steps)
def test_extending_never_shortens_a_deadline(start, step):
    assert deadline(*step, start, extended=True) >= deadline(*step, start)


@given(start=days, n=counts, more=st.integers(min_value=1, max_value=40))
def test_more_working_days_always_give_a_later_date(start, n, more):
    assert add_working_days(start, n) < add_working_days(start, n + more)


@given(start=days, n=st.integers(min_value=1, max_value=130))
def test_the_nth_working_day_is_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@given(start=days, end=days)
def test_working_days_between_never_exceeds_the_calendar_days(start, end):
    counted = working_days_between(start, end)
    assert 0 <= counted <= max(0, (end - start).days)


@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
def test_received_on_is_a_working_day_no_earlier_than_the_day_sent(moment):
    received = received_on(moment)
    assert is_working_day(received)
    assert moment.date() <= received <= moment.date() + timedelta(days=14)


@given(start=st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31)),
       span=st.integers(min_value=-10, max_value=900), region=regions, closure_days=closures)
def test_working_days_between_counts_exactly_the_working_days_in_the_span(start, span, region, closure_days):
    # working_days_between counts by whole weeks; walking the days one by one must agree.
    settings = CouncilSettings(region=region, closure_days=closure_days)
    end = start + timedelta(days=span)
    walked = sum(1 for n in range(1, span + 1)
                 if is_working_day(start + timedelta(days=n), settings=settings))
    assert working_days_between(start, end, settings=settings) == walked
