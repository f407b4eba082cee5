"""Fixed dates for the report's tests, so no test depends on the day it runs."""

from datetime import date

#: "Today" for imports: every date in the tests' files is before it.
TODAY = date(2026, 1, 15)
