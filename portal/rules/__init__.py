"""The rules of the portal: routing, working days and deadlines (domain.md sections 3 and 4).

Plain Python on plain values, importable without the application or a database. The names
below are the package's public interface.
"""

from portal.rules.handling import (
    LAST_STAGE,
    NextStage,
    Refused,
    check_extension,
    check_stage2_handler,
    latest_extension,
    moved_by_suspension,
    next_stage,
)
from portal.rules.i18n import N_
from portal.rules.routing import Decision, one_year_before, route
from portal.rules.settings import (
    CouncilSettings,
    configure,
    current_settings,
    settings_keys,
)
from portal.rules.timescales import STEPS, deadline
from portal.rules.working_days import (
    add_working_days,
    is_working_day,
    received_on,
    working_days_between,
)

__all__ = [
    "LAST_STAGE",
    "N_",
    "NextStage",
    "Refused",
    "check_extension",
    "check_stage2_handler",
    "latest_extension",
    "moved_by_suspension",
    "next_stage",
    "STEPS",
    "CouncilSettings",
    "Decision",
    "add_working_days",
    "configure",
    "current_settings",
    "deadline",
    "is_working_day",
    "one_year_before",
    "received_on",
    "route",
    "settings_keys",
    "working_days_between",
]
