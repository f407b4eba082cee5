"""Working days inside SQL: a calendar table built from ``portal.rules`` for one report.

Timeliness counts working days (2006 Regulations, reg. 2; domain.md 3), which depend on the
council's bank holidays and closure days, so the database cannot count them alone. For
each report a temporary table holds one row per day of the span it looks at, with the
number of working days from the span's start up to and including that day. Then

    working days after A, up to and including B  =  n(B) - n(A)

which is ``portal.rules.working_days_between(A, B)``, computed for every case at once by
joining the table twice. The table lives in the report's own database connection (a
temporary table) and is dropped when the report is built.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Column, Date, Integer, MetaData, Table, insert, text

from portal.reporting.periods import Period
from portal.rules import current_settings, is_working_day

NAME = "report_working_days"

#: Not part of the application's metadata: migrations and test clean-up never see it.
calendar = Table(
    NAME, MetaData(),
    Column("day", Date, primary_key=True),
    Column("n", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


def rows(period: Period, *, settings=None) -> list[dict]:
    """One row per day of ``period``: the day, and working days so far (that day included)."""
    settings = settings or current_settings()
    out, n, day = [], 0, period.start
    while day <= period.end:
        if is_working_day(day, settings=settings):
            n += 1
        out.append({"day": day, "n": n})
        day += timedelta(days=1)
    return out


@contextmanager
def working_days(session, period: Period, *, settings=None):
    """Make the calendar for ``period`` available to queries on ``session``'s connection."""
    connection = session.connection()
    connection.execute(text(f"DROP TABLE IF EXISTS {NAME}"))
    calendar.create(connection)
    connection.execute(insert(calendar), rows(period, settings=settings))
    yield calendar
    # Not on an error: the caller rolls back, which on PostgreSQL must come first (and
    # takes the table with it); the next report drops any table left behind.
    connection.execute(text(f"DROP TABLE IF EXISTS {NAME}"))
