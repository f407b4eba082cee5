"""Rules for handling a complaint once it is open: extensions, suspensions, stages.

Pure functions on plain values, like the rest of the package. Each refusal raises
``Refused`` with a code the web layer turns into a translated message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.rules.timescales import deadline
from portal.rules.working_days import add_working_days, working_days_between

#: Steps whose time may be extended, and the stage each belongs to.
EXTENDABLE = {"statutory": ("stage1", "stage2"), "corporate": ("stage1", "stage2")}

#: The last stage of each procedure (statutory: review panel; corporate: stage 2).
LAST_STAGE = {"statutory": 3, "corporate": 2}


class Refused(ValueError):
    """An action the rules do not allow; ``code`` says which rule."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


def latest_extension(procedure: str, step: str, started_on: date) -> date:
    """The furthest a deadline may be moved: statutory stage 1, 20 working days in all
    (reg. 14); stage 2, 65 (reg. 17); corporate stage 1 and 2, 10 and 20 more (the Code)."""
    if step not in EXTENDABLE.get(procedure, ()):
        raise Refused("not-extendable", step=step)
    return deadline(procedure, step, started_on, extended=True)


def check_extension(procedure: str, step: str, started_on: date, current_due: date,
                    new_due: date) -> date:
    """Return ``new_due`` if it is a permitted extension; raise ``Refused`` otherwise."""
    latest = latest_extension(procedure, step, started_on)
    if new_due <= current_due:
        raise Refused("not-later", current=current_due)
    if new_due > latest:
        raise Refused("past-maximum", latest=latest)
    return new_due


def moved_by_suspension(due_on: date, suspended_on: date, resumed_on: date) -> date:
    """A deadline moves by the working days the clock was paused (domain.md 3.3)."""
    paused = working_days_between(suspended_on, resumed_on)
    return add_working_days(due_on, paused) if paused > 0 else due_on


@dataclass(frozen=True)
class NextStage:
    """Whether the person may ask for the next stage, and until when."""

    stage: int
    last_day: date
    in_time: bool
    is_right: bool


def next_stage(procedure: str, current_stage: int, responded_on: date, asked_on: date) -> NextStage:
    """The window to ask for the next stage (domain.md 3.1, 3.2: 20 working days).

    Statutory stages 2 and 3 are a right within the window: the council cannot refuse,
    only discuss. Outside it, or for the corporate procedure, the request still goes to an
    officer to decide; it is never turned away automatically.
    """
    if current_stage >= LAST_STAGE[procedure]:
        raise Refused("no-further-stage", stage=current_stage)
    step = f"stage{current_stage + 1}-request"
    last_day = deadline(procedure, step, responded_on)
    in_time = asked_on <= last_day
    return NextStage(stage=current_stage + 1, last_day=last_day, in_time=in_time,
                     is_right=in_time and procedure == "statutory")


def check_stage2_handler(procedure: str, stage1_handler: int | None, stage2_handler: int | None) -> None:
    """Corporate stage 2 is answered by a different person from stage 1 (the Code)."""
    if procedure == "corporate" and stage2_handler is not None and stage2_handler == stage1_handler:
        raise Refused("same-handler")
