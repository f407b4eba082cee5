"""What the person following a case is shown: where it is, what happens next and when,
what has happened, and the letters sent. Never internal notes or other people's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal import rules
from portal.models import Case, Message
from portal.rules.i18n import N_
from portal.tracking import PLACEHOLDER

#: Messages written to the person themselves (not referrals, alerts or team notices).
PERSON_PURPOSES = ("acknowledgement", "compliment-thanks", "extension-notice", "suspension-notice",
                   "stage-response", "action-received", "tracking-link")


@dataclass(frozen=True)
class Event:
    on: date
    text: str  # a msgid, translated when shown
    values: dict
    detail: str | None = None  # the person's or officer's own words, shown as typed


@dataclass(frozen=True)
class NextStep:
    kind: str  # one of NEXT_STEPS: what the easy-read page says instead of `text`
    text: str  # a msgid with %(date)s
    on: date | None


NEXT_STEPS = ("paused", "decision-pending", "next-stage-open", "next-stage-late", "acknowledgement",
              "answer", "ombudsman")


def details_visible(case: Case) -> bool:
    """An advocate sees the child's information only once the child has agreed (domain.md 4.2)."""
    if case.complainant_role != "advocate":
        return True
    decision = case.decision_on("consent")
    if decision is not None:
        return decision.choice == "confirmed"
    return case.child_consent == "yes"


def timeline(case: Case) -> list[Event]:
    events = [Event(case.received_on, N_("We received it."), {})]
    acknowledgement = case.deadline_for("acknowledgement")
    if acknowledgement and acknowledgement.met_on:
        events.append(Event(acknowledgement.met_on, N_("We wrote to say we have it."), {}))
    for decision in case.decisions:
        if decision.subject == "procedure" and decision.choice == "changed":
            events.append(Event(decision.at.date(), N_("We changed the procedure we use."), {}, decision.reason))
    for extension in case.extensions:
        events.append(Event(extension.at.date(), N_("We needed more time. The new date is %(date)s."),
                            {"date": extension.new_due_on}, extension.reason))
    for suspension in case.suspensions:
        events.append(Event(suspension.started_on, N_("We paused work on it."), {}, suspension.reason))
        if suspension.ended_on:
            events.append(Event(suspension.ended_on, N_("We started work on it again."), {}))
    for update in case.updates:
        events.append(Event(update.at.date(), N_("You sent us more information."), {}))
    for stage in case.stages:
        if stage.number > 1:
            events.append(Event(stage.requested_on, N_("Stage %(n)d started."), {"n": stage.number}))
        if stage.responded_on:
            events.append(Event(stage.responded_on, N_("We sent our answer to stage %(n)d."), {"n": stage.number}))
    if case.status == "withdrawn" and case.closed_on:
        events.append(Event(case.closed_on, N_("You withdrew it."), {}))
    elif case.status in ("closed", "not-accepted") and case.closed_on:
        events.append(Event(case.closed_on, N_("We closed it."), {}))
    return sorted(events, key=lambda event: event.on)


def next_step(case: Case, today: date) -> NextStep | None:
    if case.status == "suspended":
        return NextStep("paused", N_("Work is paused. When it starts again, we will tell you the new date."), None)
    if case.status == "stage-request-pending":
        return NextStep("decision-pending", N_("You asked for the next stage. A complaints officer will decide and write to you."), None)
    if case.status == "responded":
        stage = case.stage_record()
        if stage and stage.responded_on and case.stage < rules.LAST_STAGE.get(case.procedure, 0):
            last_day = rules.deadline(case.procedure, f"stage{case.stage + 1}-request", stage.responded_on)
            if today <= last_day:
                return NextStep("next-stage-open", N_("If you are not happy with our answer, you can ask for the next stage until %(date)s."),
                                last_day)
            return NextStep("next-stage-late", N_("The last day to ask for the next stage was %(date)s. You can still ask: an officer will decide."),
                            last_day)
    open_deadlines = sorted((d for d in case.deadlines
                             if d.met_on is None and not d.step.endswith("-request")), key=lambda d: d.due_on)
    if open_deadlines and case.status not in ("closed", "withdrawn", "not-accepted"):
        first = open_deadlines[0]
        if first.step in ("acknowledgement", "stage2-acknowledgement"):
            return NextStep("acknowledgement", N_("We will write to say we have it by %(date)s."), first.due_on)
        return NextStep("answer", N_("We aim to send our answer by %(date)s."), first.due_on)
    if case.status in ("closed", "not-accepted") and case.kind == "complaint":
        return NextStep("ombudsman", N_("If you are still unhappy, you can ask the Local Government and Social Care Ombudsman to look at it."), None)
    return None


def letters(case: Case) -> list[Message]:
    complainant = case.contact("complainant")
    address = (complainant.email or "").lower() if complainant else ""
    return [m for m in case.messages
            if m.purpose in PERSON_PURPOSES and address and m.recipient.lower() == address]


def letter_text(message: Message, link_words: str) -> str:
    """The letter as sent, with the private link shown as words (each email had its own)."""
    return (message.body_text or "").replace(PLACEHOLDER, link_words)


def can_ask_for_next_stage(case: Case) -> bool:
    return (case.kind == "complaint" and case.status in ("responded", "closed")
            and case.stage < rules.LAST_STAGE.get(case.procedure, 0)
            and case.stage_record() is not None and case.stage_record().responded_on is not None)
