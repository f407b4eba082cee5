"""Use cases for handling a case after it arrives (design.md, layer 3).

One function per thing an officer (or, for a few, the person) does. Each loads the case,
applies `portal.rules`, writes the change, the outbox messages and an audit event in one
transaction, and returns what happened. The officers' area and the tracking pages both
call these; no rule lives in a view.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from portal import correspondence, rules
from portal.database import writing
from portal.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseUpdate,
    ContactRestriction,
    Deadline,
    Decision,
    Extension,
    Learning,
    Note,
    Officer,
    Point,
    Remedy,
    SafeguardingAlert,
    Stage,
    Suspension,
)
from portal.rules import Refused
from portal.rules.vocabulary import (
    COMPLAINT_PROCEDURES,
    FINDINGS,
    FLAG_DECISIONS,
    OMBUDSMAN_OUTCOMES,
    REMEDIES,
    SERVICES,
    SUSPENSION_CAUSES,
    check_id,
)

#: Flags that are told, not decided: they never hold a case in review (domain.md 4.2).
INFORMATIONAL_FLAGS = {"advocacy", "safeguarding"}

#: Statuses a case moves through, in plain words on the pages.
OPEN_STATUSES = ("received", "in-progress", "suspended", "responded", "stage-request-pending")
CLOSED_STATUSES = ("closed", "withdrawn", "not-accepted")

ACKNOWLEDGEMENT_METHODS = ("email", "post", "phone", "in-person")


def _actor(by: Officer | None) -> dict:
    return {"actor": by.email if by else "public", "officer_id": by.id if by else None}


def _audit(session, case: Case, by: Officer | None, action: str, **detail) -> None:
    session.add(AuditEvent(case_id=case.id, action=action, detail=_plain(detail), **_actor(by)))


def _plain(detail: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in detail.items()}


def _case(session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(case_id)
    return case


def _require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("reason-required")
    return reason


def _require_open(case: Case) -> None:
    if case.status in CLOSED_STATUSES:
        raise Refused("case-closed")


def pending_flags(case: Case) -> list[str]:
    """Flags still waiting for an officer's decision, in the order they were raised."""
    return [flag for flag in case.flags
            if flag not in INFORMATIONAL_FLAGS and case.decision_on(flag) is None]


def record_view(session, case_id: int, by: Officer) -> None:
    """Officers' views of a case are audited: it is children's personal data."""
    with writing(session):
        case = _case(session, case_id)
        _audit(session, case, by, "case-viewed")


def record_export(session, case_id: int, by: Officer, fmt: str) -> None:
    with writing(session):
        case = _case(session, case_id)
        _audit(session, case, by, "case-exported", format=fmt)


def decide_flag(session, case_id: int, by: Officer, *, flag: str, choice: str, reason: str,
                on: date) -> Decision:
    """Record the decision a flag calls for (domain.md 4.2), with the reason."""
    with writing(session):
        case = _case(session, case_id)
        if flag not in case.flags or flag not in FLAG_DECISIONS:
            raise Refused("no-such-flag", flag=flag)
        check_id(choice, FLAG_DECISIONS[flag], f"{flag} decision")
        decision = Decision(case_id=case.id, subject=flag, choice=choice,
                            reason=_require_reason(reason), officer_id=by.id)
        case.decisions.append(decision)
        if flag == "late" and choice == "refused":
            # Never automatic (domain.md 4.2): only an officer's recorded decision closes it.
            case.status = "not-accepted"
            case.closed_on = on
        if flag == "legal-proceedings" and choice == "suspend":
            _start_suspension(session, case, by, "legal-proceedings", decision.reason, on)
        if (flag, choice) in PROCEDURE_FOLLOWS and case.stage == 1:
            _set_procedure(session, case, by, PROCEDURE_FOLLOWS[(flag, choice)], decision.reason)
        case.needs_review = bool(pending_flags(case))
        _audit(session, case, by, "flag-decided", flag=flag, choice=choice, reason=decision.reason)
    return decision


def override_procedure(session, case_id: int, by: Officer, *, procedure: str, reason: str) -> Case:
    """Confirm or change the provisional procedure, with a reason (domain.md 4: audited).

    Clocks not yet met are reset to the new procedure's timescales from the day received.
    """
    with writing(session):
        case = _case(session, case_id)
        _set_procedure(session, case, by, procedure, reason)
    return case


# The flag decisions that settle the procedure (domain.md 4.2 rules 5 and 6).
PROCEDURE_FOLLOWS = {("eligibility", "refused"): "corporate", ("own-treatment", "changed"): "statutory"}


def _set_procedure(session, case: Case, by: Officer, procedure: str, reason: str) -> None:
    check_id(procedure, COMPLAINT_PROCEDURES, "procedure")
    if case.kind != "complaint":
        raise Refused("not-a-complaint")
    if case.stage != 1:
        raise Refused("procedure-fixed-after-stage-1")
    reason = _require_reason(reason)
    previous = case.procedure
    case.procedure = procedure
    case.decisions.append(Decision(case_id=case.id, subject="procedure",
                                   choice="confirmed" if previous == procedure else "changed",
                                   reason=reason, officer_id=by.id))
    if previous != procedure:
        from portal.casework import opening_deadlines, opening_start

        opening = opening_deadlines(procedure, case.kind, case.received_on)
        for step, due in opening.items():
            start = opening_start(procedure, step, case.received_on, opening)
            existing = case.deadline_for(step)
            if existing is None:
                case.deadlines.append(Deadline(step=step, started_on=start, due_on=due))
            elif existing.met_on is None and not existing.extended:
                existing.started_on, existing.due_on = start, due
    _audit(session, case, by, "procedure-decided", previous=previous, procedure=procedure, reason=reason)


def record_acknowledgement(session, case_id: int, by: Officer, *, method: str, on: date,
                           step: str = "acknowledgement") -> Deadline:
    """An acknowledgement sent by post or phone (or email outside the portal) stops its clock.

    Corporate stage 1 runs from the acknowledgement, at the latest from its due date
    (domain.md 3.2); corporate stage 2 from the stage 2 acknowledgement likewise.
    """
    if method not in ACKNOWLEDGEMENT_METHODS:
        raise ValueError(f"unknown acknowledgement method {method!r}")
    with writing(session):
        case = _case(session, case_id)
        deadline = case.deadline_for(step)
        if deadline is None:
            raise Refused("no-such-deadline", step=step)
        if deadline.met_on is None:
            deadline.met_on = on
        if case.status == "received":
            case.status = "in-progress"
        if case.procedure == "corporate":
            answered = "stage1" if step == "acknowledgement" else "stage2"
            following = case.deadline_for(answered)
            start = min(on, deadline.due_on)
            if following is not None and following.met_on is None and not following.extended:
                following.started_on = start
                following.due_on = rules.deadline("corporate", answered, start)
            elif following is None and step == "stage2-acknowledgement":
                case.deadlines.append(Deadline(step="stage2", started_on=start,
                                               due_on=rules.deadline("corporate", "stage2", start)))
        _audit(session, case, by, "acknowledged", step=step, method=method, on=on)
    return deadline


def assign(session, case_id: int, by: Officer, *, handler_id: int | None, team: str | None) -> Case:
    """Give the case a handler and a team; corporate stage 2 needs a different handler."""
    with writing(session):
        case = _case(session, case_id)
        if handler_id is not None and session.get(Officer, handler_id) is None:
            raise Refused("no-such-officer")
        stage = case.stage_record()
        if case.stage == 2:
            first = case.stage_record(1)
            rules.check_stage2_handler(case.procedure, first.handler_id if first else None, handler_id)
        case.handler_id = handler_id
        case.team = (team or "").strip() or None
        if stage is not None:
            stage.handler_id = handler_id
        _audit(session, case, by, "assigned", handler=handler_id, team=case.team)
    return case


def extend(session, case_id: int, by: Officer, *, step: str, new_due: date, reason: str) -> Extension:
    """Move a response deadline later, within the maximum, and tell the person why."""
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        reason = _require_reason(reason)
        deadline = case.deadline_for(step)
        if deadline is None or deadline.met_on is not None:
            raise Refused("no-such-deadline", step=step)
        rules.check_extension(case.procedure, step, deadline.started_on, deadline.due_on, new_due)
        extension = Extension(case_id=case.id, step=step, previous_due_on=deadline.due_on,
                              new_due_on=new_due, reason=reason, officer_id=by.id)
        case.extensions.append(extension)
        deadline.due_on = new_due
        deadline.extended = True
        notice = correspondence.extension_notice(case, new_date=new_due, reason=reason)
        if notice is not None:
            session.add(notice)
        _audit(session, case, by, "deadline-extended", step=step, previous=extension.previous_due_on,
               new=new_due, reason=reason)
    return extension


def _start_suspension(session, case: Case, by: Officer, cause: str, reason: str, on: date) -> Suspension:
    if case.open_suspension() is not None:
        raise Refused("already-suspended")
    suspension = Suspension(case_id=case.id, cause=cause, reason=reason, started_on=on, officer_id=by.id)
    case.suspensions.append(suspension)
    case.status = "suspended"
    notice = correspondence.suspension_notice(case, reason=reason, legal=cause == "legal-proceedings")
    if notice is not None:
        session.add(notice)
    _audit(session, case, by, "clock-suspended", cause=cause, reason=reason, on=on)
    return suspension


def suspend(session, case_id: int, by: Officer, *, cause: str, reason: str, on: date) -> Suspension:
    """Pause the clocks (domain.md 3.3), telling the person why in writing (reg. 8)."""
    check_id(cause, SUSPENSION_CAUSES, "suspension cause")
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        return _start_suspension(session, case, by, cause, _require_reason(reason), on)


def resume(session, case_id: int, by: Officer, *, on: date) -> Suspension:
    """Restart the clocks; each open deadline moves by the working days paused."""
    with writing(session):
        case = _case(session, case_id)
        suspension = case.open_suspension()
        if suspension is None:
            raise Refused("not-suspended")
        if on < suspension.started_on:
            raise Refused("resume-before-suspension", started=suspension.started_on)
        suspension.ended_on = on
        for deadline in case.deadlines:
            if deadline.met_on is None:
                deadline.due_on = rules.moved_by_suspension(deadline.due_on, suspension.started_on, on)
        case.status = "in-progress"
        _audit(session, case, by, "clock-resumed", on=on)
    return suspension


def add_point(session, case_id: int, by: Officer, *, summary: str) -> Point:
    """A point of complaint at the current stage, to be answered in the response."""
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        summary = (summary or "").strip()
        if not summary:
            raise Refused("summary-required")
        point = Point(case_id=case.id, stage=case.stage, summary=summary)
        case.points.append(point)
        _audit(session, case, by, "point-added", stage=case.stage)
    return point


def record_finding(session, case_id: int, by: Officer, *, point_id: int, finding: str,
                   explanation: str | None) -> Point:
    check_id(finding, FINDINGS, "finding")
    with writing(session):
        case = _case(session, case_id)
        point = next((p for p in case.points if p.id == point_id), None)
        if point is None:
            raise Refused("no-such-point")
        point.finding = finding
        point.explanation = (explanation or "").strip() or None
        _audit(session, case, by, "finding-recorded", point=point.id, finding=finding)
    return point


def _response_step(case: Case) -> str:
    return {1: "stage1", 2: "stage2", 3: "stage3-response"}[case.stage]


def record_response(session, case_id: int, by: Officer, *, on: date, summary: str | None) -> Stage:
    """The stage's response is sent: every point has a finding; the person is told how to
    go to the next stage and by when (domain.md 6)."""
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        if case.kind != "complaint":
            raise Refused("not-a-complaint")
        points = [p for p in case.points if p.stage == case.stage]
        if not points:
            raise Refused("no-points")
        if any(p.finding is None for p in points):
            raise Refused("finding-missing")
        stage = _stage(case)
        stage.responded_on = on
        stage.response_summary = (summary or "").strip() or None
        deadline = case.deadline_for(_response_step(case))
        if deadline is not None and deadline.met_on is None:
            deadline.met_on = on
        last = case.stage >= rules.LAST_STAGE[case.procedure]
        next_stage_by = None if last else rules.deadline(case.procedure, f"stage{case.stage + 1}-request", on)
        case.status = "closed" if last else "responded"
        if last:
            case.closed_on = on
        elif case.deadline_for(f"stage{case.stage + 1}-request") is None:
            # The person's window to ask for the next stage, shown with the other clocks.
            case.deadlines.append(Deadline(step=f"stage{case.stage + 1}-request", started_on=on,
                                           due_on=next_stage_by))
        notice = correspondence.stage_response(case, next_stage_by=next_stage_by)
        if notice is not None:
            session.add(notice)
        _audit(session, case, by, "response-sent", stage=case.stage, on=on,
               findings={str(p.id): p.finding for p in points})
    return stage


def _stage(case: Case) -> Stage:
    """The current stage's record; stage 1's is made when first needed."""
    stage = case.stage_record()
    if stage is None:
        stage = Stage(number=case.stage, requested_on=case.received_on, handler_id=case.handler_id)
        case.stages.append(stage)
    return stage


def close(session, case_id: int, by: Officer | None, *, on: date) -> Case:
    """Close a case whose response is sent and whose person did not ask for more."""
    with writing(session):
        case = _case(session, case_id)
        if case.status != "responded" and case.kind == "complaint":
            raise Refused("not-responded")
        case.status = "closed"
        case.closed_on = on
        _audit(session, case, by, "case-closed", on=on)
    return case


def request_next_stage(session, case_id: int, by: Officer | None, *, asked_on: date,
                       accept_late_reason: str | None = None) -> rules.NextStage:
    """The person asks for the next stage (no reasons needed).

    Within the window it opens at once (statutory: a right). After the window the request
    waits for an officer, who may accept it with a reason; it is never refused unread.
    """
    with writing(session):
        case = _case(session, case_id)
        if case.kind != "complaint" or case.status not in ("responded", "closed", "stage-request-pending"):
            raise Refused("not-responded")
        responded = case.stage_record()
        window = rules.next_stage(case.procedure, case.stage, responded.responded_on, asked_on)
        _meet(case, f"stage{window.stage}-request", asked_on)
        if window.in_time or (by is not None and (accept_late_reason or "").strip()):
            if not window.in_time:
                case.decisions.append(Decision(case_id=case.id, subject="late-stage-request",
                                               choice="accepted", reason=accept_late_reason.strip(),
                                               officer_id=by.id))
            _open_stage(case, window.stage, asked_on)
            action = "stage-requested"
            _audit(session, case, by, action, stage=window.stage, on=asked_on, in_time=window.in_time)
        else:
            case.status = "stage-request-pending"
            case.closed_on = None
            case.needs_review = True
            action = "late-stage-request"
            _audit(session, case, by, action, stage=window.stage, on=asked_on, last_day=window.last_day)
        if by is None:
            session.add_all(correspondence.action_received(case, action))
    return window


def _open_stage(case: Case, number: int, requested_on: date) -> Stage:
    case.stage = number
    case.status = "in-progress"
    case.closed_on = None
    case.needs_review = bool(pending_flags(case))
    stage = Stage(number=number, requested_on=requested_on)
    case.stages.append(stage)
    if case.procedure == "corporate":
        # A different person answers stage 2 (the Code): the handler is chosen afresh.
        case.handler_id = None
        ack = rules.deadline("corporate", "stage2-acknowledgement", requested_on)
        case.deadlines.append(Deadline(step="stage2-acknowledgement", started_on=requested_on, due_on=ack))
        case.deadlines.append(Deadline(step="stage2", started_on=ack,
                                       due_on=rules.deadline("corporate", "stage2", ack)))
    elif number == 3:
        case.deadlines.append(Deadline(step="stage3-panel", started_on=requested_on,
                                       due_on=rules.deadline("statutory", "stage3-panel", requested_on)))
    # Statutory stage 2's clock starts when the statement of complaint is agreed.
    return stage


def record_statement(session, case_id: int, by: Officer, *, agreed_on: date, statement: str,
                     investigating_officer: str, independent_person: str) -> Stage:
    """Statutory stage 2: the agreed statement starts the 25 working days (reg. 17)."""
    with writing(session):
        case = _case(session, case_id)
        if case.procedure != "statutory" or case.stage != 2:
            raise Refused("not-statutory-stage-2")
        stage = _stage(case)
        stage.statement_agreed_on = agreed_on
        stage.statement = statement.strip()
        stage.investigating_officer = investigating_officer.strip()
        stage.independent_person = independent_person.strip()
        existing = case.deadline_for("stage2")
        due = rules.deadline("statutory", "stage2", agreed_on)
        if existing is None:
            case.deadlines.append(Deadline(step="stage2", started_on=agreed_on, due_on=due))
        elif existing.met_on is None and not existing.extended:
            existing.started_on, existing.due_on = agreed_on, due
        _audit(session, case, by, "statement-agreed", on=agreed_on,
               investigating_officer=stage.investigating_officer,
               independent_person=stage.independent_person)
    return stage


def record_adjudicator(session, case_id: int, by: Officer, *, adjudicator: str) -> Stage:
    """Statutory stage 2 ends in a senior manager's adjudication on the investigation."""
    with writing(session):
        case = _case(session, case_id)
        if case.procedure != "statutory" or case.stage != 2:
            raise Refused("not-statutory-stage-2")
        stage = _stage(case)
        stage.adjudicator = adjudicator.strip()
        _audit(session, case, by, "adjudicator-named", adjudicator=stage.adjudicator)
    return stage


def record_panel(session, case_id: int, by: Officer, *, panel_on: date, members: list[str],
                 report_on: date | None = None, cost_pence: int | None = None) -> Stage:
    """Statutory stage 3: the review panel (three independent people, one the chair)."""
    members = [m.strip() for m in members if m and m.strip()]
    if len(members) != 3:
        raise Refused("panel-needs-three")
    with writing(session):
        case = _case(session, case_id)
        if case.procedure != "statutory" or case.stage != 3:
            raise Refused("not-stage-3")
        stage = _stage(case)
        stage.panel_on, stage.panel_members, stage.cost_pence = panel_on, members, cost_pence
        _meet(case, "stage3-panel", panel_on)
        if case.deadline_for("stage3-report") is None:
            case.deadlines.append(Deadline(step="stage3-report", started_on=panel_on,
                                           due_on=rules.deadline("statutory", "stage3-report", panel_on)))
        if report_on is not None:
            stage.panel_report_on = report_on
            _meet(case, "stage3-report", report_on)
            if case.deadline_for("stage3-response") is None:
                case.deadlines.append(Deadline(
                    step="stage3-response", started_on=report_on,
                    due_on=rules.deadline("statutory", "stage3-response", report_on)))
        _audit(session, case, by, "panel-recorded", panel_on=panel_on, members=members,
               report_on=report_on)
    return stage


def _meet(case: Case, step: str, on: date) -> None:
    deadline = case.deadline_for(step)
    if deadline is not None and deadline.met_on is None:
        deadline.met_on = on


def add_remedy(session, case_id: int, by: Officer, *, kind: str, detail: str, due_on: date | None,
               amount_pence: int | None = None) -> Remedy:
    check_id(kind, REMEDIES, "remedy")
    with writing(session):
        case = _case(session, case_id)
        remedy = Remedy(case_id=case.id, kind=kind, detail=detail.strip(), due_on=due_on,
                        amount_pence=amount_pence)
        case.remedies.append(remedy)
        _audit(session, case, by, "remedy-added", kind=kind, due_on=due_on)
    return remedy


def add_learning(session, case_id: int, by: Officer, *, service: str, action: str,
                 due_on: date | None) -> Learning:
    check_id(service, SERVICES, "service")
    with writing(session):
        case = _case(session, case_id)
        learning = Learning(case_id=case.id, service=service, action=action.strip(), due_on=due_on)
        case.learning.append(learning)
        _audit(session, case, by, "learning-added", service=service, due_on=due_on)
    return learning


def complete_action(session, case_id: int, by: Officer, *, what: str, item_id: int, on: date):
    """A remedy or a learning action is done: followed to completion (domain.md 5)."""
    with writing(session):
        case = _case(session, case_id)
        items = {"remedy": case.remedies, "learning": case.learning}[what]
        item = next((i for i in items if i.id == item_id), None)
        if item is None:
            raise Refused("no-such-action")
        item.done_on = on
        _audit(session, case, by, f"{what}-done", item=item_id, on=on)
    return item


def record_ombudsman(session, case_id: int, by: Officer, *, referred_on: date, reference: str | None,
                     outcome: str | None, decided_on: date | None) -> Case:
    if outcome:
        check_id(outcome, OMBUDSMAN_OUTCOMES, "Ombudsman outcome")
    with writing(session):
        case = _case(session, case_id)
        case.ombudsman_referred_on = referred_on
        case.ombudsman_reference = (reference or "").strip() or None
        case.ombudsman_outcome = outcome or None
        case.ombudsman_decided_on = decided_on
        _audit(session, case, by, "ombudsman-recorded", referred_on=referred_on, outcome=outcome)
    return case


def restrict_contact(session, case_id: int, by: Officer, *, restriction: str, reason: str,
                     starts_on: date, ends_on: date, review_on: date) -> ContactRestriction:
    """Limit contact for a set period with the reason (domain.md 7); complaints still count."""
    with writing(session):
        case = _case(session, case_id)
        if not (starts_on <= review_on <= ends_on):
            raise Refused("restriction-dates")
        item = ContactRestriction(case_id=case.id, restriction=restriction.strip(),
                                  reason=_require_reason(reason), starts_on=starts_on,
                                  ends_on=ends_on, review_on=review_on, officer_id=by.id)
        case.restrictions.append(item)
        _audit(session, case, by, "contact-restricted", ends_on=ends_on, review_on=review_on)
    return item


def add_note(session, case_id: int, by: Officer, *, text: str) -> Note:
    """An internal note: never shown to the person."""
    with writing(session):
        case = _case(session, case_id)
        text = (text or "").strip()
        if not text:
            raise Refused("note-required")
        note = Note(case_id=case.id, officer_id=by.id, text=text)
        case.notes.append(note)
        _audit(session, case, by, "note-added")
    return note


def withdraw(session, case_id: int, by: Officer | None, *, on: date, reason: str | None) -> Case:
    """The person no longer wants the complaint looked at; its open points are withdrawn."""
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        case.status = "withdrawn"
        case.closed_on = on
        for point in case.points:
            if point.finding is None:
                point.finding = "withdrawn"
        _audit(session, case, by, "withdrawn", on=on, reason=(reason or "").strip() or None)
        if by is None:
            session.add_all(correspondence.action_received(case, "withdrawn"))
    return case


def handle_alert(session, alert_id: int, by: Officer) -> SafeguardingAlert:
    """An officer confirms the safeguarding team has the alert in hand (domain.md 7)."""
    with writing(session):
        alert = session.get(SafeguardingAlert, alert_id)
        alert.handled_at = datetime.now(timezone.utc)
        session.add(AuditEvent(case_id=alert.case_id, action="safeguarding-alert-handled",
                               detail={"alert": alert.id}, **_actor(by)))
    return alert


def add_information(session, case_id: int, *, text: str, attachment_ids=()) -> CaseUpdate:
    """The person sends more information (and files); the handler is told."""
    with writing(session):
        case = _case(session, case_id)
        text = (text or "").strip()
        if not text and not attachment_ids:
            raise Refused("information-required")
        update = CaseUpdate(case_id=case.id, text=text, attachments=len(attachment_ids))
        case.updates.append(update)
        for attachment in session.scalars(select(Attachment).where(Attachment.id.in_(attachment_ids))):
            attachment.case_id = case.id
        _audit(session, case, None, "information-added", attachments=len(attachment_ids))
        session.add_all(correspondence.action_received(case, "information-added"))
    return update


def ask_for_advocate(session, case_id: int) -> Case:
    """The person asks for an advocate: the advocacy service is told (s.26A duty)."""
    with writing(session):
        case = _case(session, case_id)
        _require_open(case)
        if not case.wants_advocate:
            case.wants_advocate = True
            if "advocacy" not in case.flags:
                case.flags = sorted([*case.flags, "advocacy"])
            session.add(correspondence.advocacy_referral(case))
        _audit(session, case, None, "advocate-requested")
        session.add_all(correspondence.action_received(case, "advocate-requested"))
    return case


def history(session, case_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                .order_by(AuditEvent.at, AuditEvent.id)))

