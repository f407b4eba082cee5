"""The annual report (domain.md 8), produced from the portal's own records.

``build_report(session, period)`` computes every table by SQL aggregation; the bench times
it. ``portal.reporting.periods`` makes the periods, ``charts`` draws them, ``exports``
writes CSV and text, ``history_import`` loads past years from CSV and ``self_assessment``
sets the Ombudsman's Code checklist beside the figures.
"""

from portal.reporting.periods import Period, financial_year
from portal.reporting.report import Report, build_report

__all__ = ["Period", "Report", "build_report", "financial_year"]
