"""The periods a report covers: a financial year (1 April to 31 March, domain.md 8) or any
range of dates, and the period it is compared with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def financial_year(self) -> int | None:
        """The year a financial year starts in, if the period is exactly one."""
        if (self.start.month, self.start.day) == (4, 1) and self.end == date(self.start.year + 1, 3, 31):
            return self.start.year
        return None

    @property
    def label(self) -> str:
        """'2024/25' for a financial year, otherwise '2024-05-01 to 2024-07-31'."""
        year = self.financial_year
        if year is not None:
            return f"{year}/{str(year + 1)[-2:]}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def slug(self) -> str:
        """For file names: '2024-25', or '2024-05-01_2024-07-31'."""
        year = self.financial_year
        if year is not None:
            return f"{year}-{str(year + 1)[-2:]}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period it is compared with: the same dates a year earlier (or, for a period
        longer than a year, as many whole years earlier as it needs not to overlap)."""
        years = 1
        while _years_before(self.end, years) >= self.start:
            years += 1
        return Period(_years_before(self.start, years), _years_before(self.end, years))

    def query(self) -> dict[str, str]:
        """The report page's query string for this period."""
        year = self.financial_year
        if year is not None:
            return {"year": str(year)}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def financial_year(year: int) -> Period:
    """The financial year starting on 1 April of ``year``: ``financial_year(2024)`` is 2024/25."""
    return Period(date(year, 4, 1), date(year + 1, 3, 31))


def financial_year_of(day: date) -> int:
    """The year the financial year holding ``day`` starts in."""
    return day.year if day.month >= 4 else day.year - 1


_YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")


def parse_year(text: str) -> int:
    """'2024', '2024/25', '2024-25' or '2024/2025' → 2024. Raises ValueError otherwise."""
    match = _YEAR.match((text or "").strip())
    if not match:
        raise ValueError(f"not a financial year: {text!r} (write it as 2024 or 2024/25)")
    year = int(match.group(1))
    following = match.group(2)
    if following and int(following) % 100 != (year + 1) % 100:
        raise ValueError(f"not a financial year: {text!r} (the second year must follow the first)")
    return year


def last_complete_year(today: date) -> int:
    """The financial year most recently ended: the one a council reports on."""
    return financial_year_of(today) - 1


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def span(*periods: Period) -> Period:
    """The smallest period holding all of ``periods``."""
    return Period(min(p.start for p in periods), max(p.end for p in periods))

