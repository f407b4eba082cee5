"""Working days and the date a submission counts as received (domain.md section 3).

2006 Regulations, reg. 2: a working day is not a Saturday, Sunday, Christmas Day, Boxing Day,
Good Friday or a bank holiday. Bank holidays come from the ``holidays`` package (United
Kingdom, subdivision England by default or Wales), including one-off days such as a state
funeral and substitute days when Christmas falls at a weekend. The council's own closure
days are not working days either.

"Within N working days of X": the deadline is the N-th working day after X, and X itself is
not counted.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from portal.rules.settings import CouncilSettings, resolve

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=None)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """The bank holidays of one region in one year (cached: built once per region and year)."""
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def is_working_day(day: date, *, settings: CouncilSettings | None = None) -> bool:
    """Whether ``day`` is a working day for the council (reg. 2, plus closure days)."""
    settings = resolve(settings)
    if isinstance(day, datetime):
        day = day.date()
    return (
        day.weekday() < 5
        and day not in bank_holidays(settings.region, day.year)
        and day not in settings.closure_days
    )


def add_working_days(start: date, n: int, *, settings: CouncilSettings | None = None) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted).

    ``n == 0`` returns ``start`` unchanged, even if it is not a working day.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number of working days, 0 or more, not {n!r}")
    settings = resolve(settings)
    day = start.date() if isinstance(start, datetime) else start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day, settings=settings):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, *,
                         settings: CouncilSettings | None = None) -> int:
    """How many working days fall after ``start``, up to and including ``end``.

    0 when ``end`` is on or before ``start``. So ``working_days_between(x, deadline)`` is the
    N of "within N working days of x".
    """
    settings = resolve(settings)
    start = start.date() if isinstance(start, datetime) else start
    end = end.date() if isinstance(end, datetime) else end
    if end <= start:
        return 0
    # Counted, not walked day by day: the officers' queue asks this of every row, for
    # deadlines up to years overdue. Weekdays by whole weeks, then the days that are
    # weekdays but not working days (bank holidays, closure days) taken away.
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (first + i) % 7 < 5)
    not_working = set(settings.closure_days)
    for year in range(start.year, end.year + 1):
        not_working |= bank_holidays(settings.region, year)
    return weekdays - sum(1 for day in not_working if start < day <= end and day.weekday() < 5)


def received_on(moment: date | datetime, *, settings: CouncilSettings | None = None) -> date:
    """The date the council is taken to have received something sent at ``moment``.

    A naive datetime is the council's local time (Europe/London by default); an aware one is
    converted to it. Anything arriving on a non-working day, or at or after the cut-off time
    (17:00 by default: the working day ends then) on a working day, counts as received on the
    next working day. A plain date (no time known) only moves if it is not a working day.
    """
    settings = resolve(settings)
    if isinstance(moment, datetime):
        local = moment
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            local = moment.astimezone(ZoneInfo(settings.timezone))
        day, too_late = local.date(), local.time() >= settings.cutoff
    else:
        day, too_late = moment, False
    if too_late or not is_working_day(day, settings=settings):
        return add_working_days(day, 1, settings=settings)
    return day
