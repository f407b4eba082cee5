"""Deadlines for each step of the two complaint procedures (domain.md 3.1 and 3.2).

The figures are per-council settings (``CouncilSettings.timescales``) with the defaults of
section 3. ``deadline`` counts working days from the day the clock starts; what starts each
clock is in ``STEPS[procedure][step].counted_from``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from portal.rules.i18n import N_
from portal.rules.settings import CouncilSettings, resolve
from portal.rules.vocabulary import COMPLAINT_PROCEDURES, check_id
from portal.rules.working_days import add_working_days


@dataclass(frozen=True)
class Step:
    """A step with a time limit, what it is called, and the day its clock starts from."""

    id: str
    label: str
    counted_from: str


def _steps(*steps: Step) -> Mapping[str, Step]:
    return {step.id: step for step in steps}


STEPS: Mapping[str, Mapping[str, Step]] = {
    "statutory": _steps(
        Step("acknowledgement", N_("Acknowledgement"),
             N_("The day we received the complaint.")),
        Step("stage1", N_("Stage 1 response"),
             N_("The day we received the complaint.")),
        Step("stage2-request", N_("Last day to ask for stage 2"),
             N_("The day we sent the stage 1 response.")),
        Step("stage2", N_("Stage 2 response"),
             N_("The day the written statement of complaint was agreed.")),
        Step("stage3-request", N_("Last day to ask for a review panel"),
             N_("The day we sent the stage 2 adjudication.")),
        Step("stage3-panel", N_("Review panel meets"),
             N_("The day we received the request for a review panel.")),
        Step("stage3-report", N_("Review panel's report"),
             N_("The day the review panel met.")),
        Step("stage3-response", N_("Council's response to the review panel"),
             N_("The day we received the review panel's report.")),
    ),
    "corporate": _steps(
        Step("acknowledgement", N_("Acknowledgement"),
             N_("The day we received the complaint.")),
        Step("stage1", N_("Stage 1 response"),
             N_("The day we acknowledged the complaint.")),
        Step("stage2-request", N_("Last day to ask for stage 2"),
             N_("The day we sent the stage 1 response.")),
        Step("stage2-acknowledgement", N_("Stage 2 acknowledgement"),
             N_("The day we received the request for stage 2.")),
        Step("stage2", N_("Stage 2 response"),
             N_("The day we acknowledged the request for stage 2.")),
    ),
}


def deadline(procedure: str, step: str, start: date, extended: bool = False, *,
             settings: CouncilSettings | None = None) -> date:
    """The last day for ``step`` of ``procedure``, counting from ``start``.

    ``extended=True`` gives the longest time permitted with an extension (by default:
    statutory stage 1, 20 working days in total, reg. 14; statutory stage 2, 65, reg. 17;
    corporate stage 1, 10 + 10; corporate stage 2, 20 + 20). Steps that cannot be extended
    give the same date either way.
    """
    check_id(procedure, COMPLAINT_PROCEDURES, "procedure")
    check_id(step, STEPS[procedure], f"{procedure} step")
    settings = resolve(settings)
    days = settings.days_allowed(procedure, step, extended=extended)
    return add_working_days(start, days, settings=settings)
