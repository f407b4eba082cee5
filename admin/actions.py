"""Each thing an officer can do to a case: its form, who may do it, when it is offered,
and the use case it calls. One registry, so every action page works the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _l

from admin import forms
from portal import handling, tracking
from portal.extensions import db
from portal.models import Case, Officer
from portal.rules import STEPS, Refused
from portal.rules.vocabulary import FLAG_DECISIONS
from portal.clock import today

#: Words for each refusal code the rules or use cases can give.
REFUSALS = {
    "reason-required": _l("Enter the reason"),
    "case-closed": _l("This case is closed, so it cannot be changed this way"),
    "not-later": _l("The new date must be later than the current deadline"),
    "past-maximum": _l("The new date must be no later than %(latest)s, the longest extension allowed"),
    "not-extendable": _l("This deadline cannot be extended"),
    "no-such-deadline": _l("Select a deadline that is still open"),
    "same-handler": _l("Choose a different handler: stage 2 of a council complaint is answered by someone who did not answer stage 1"),
    "already-suspended": _l("The clock is already paused"),
    "not-suspended": _l("The clock is not paused"),
    "resume-before-suspension": _l("The date must be on or after the day the clock was paused"),
    "no-points": _l("Add the points of complaint before recording the response"),
    "finding-missing": _l("Record a finding for every point of complaint first"),
    "not-responded": _l("The response to this stage has not been recorded yet"),
    "no-further-stage": _l("This is the last stage of the procedure"),
    "not-a-complaint": _l("Only a complaint has a procedure and stages"),
    "procedure-fixed-after-stage-1": _l("The procedure can only be changed at stage 1"),
    "panel-needs-three": _l("A review panel has three members"),
    "not-statutory-stage-2": _l("This is only for stage 2 of the children's complaints procedure"),
    "not-stage-3": _l("This is only for a review panel at stage 3"),
    "restriction-dates": _l("The review date must be between the start and end dates"),
    "no-such-officer": _l("Select a handler from the list"),
    "no-such-flag": _l("This case does not have that flag"),
    "no-such-point": _l("That point of complaint is not on this case"),
    "no-such-action": _l("That action is not on this case"),
    "summary-required": _l("Enter the point of complaint"),
    "note-required": _l("Enter the note"),
}


@dataclass(frozen=True)
class Action:
    name: str
    title: object
    form: type
    permission: str
    offered: Callable[[Case], bool]
    run: Callable
    prepare: Callable | None = None
    field: str | None = None  # where a refusal is shown; else the form's first field


def _open(case: Case) -> bool:
    return case.status not in handling.CLOSED_STATUSES


def _complaint_open(case: Case) -> bool:
    return case.kind == "complaint" and _open(case)


def _open_steps(case: Case, extendable_only=False):
    steps = STEPS.get(case.procedure, {})
    result = []
    for deadline in case.deadlines:
        if deadline.met_on is None and deadline.step in steps:
            if extendable_only and deadline.step not in ("stage1", "stage2"):
                continue
            result.append((deadline.step, _l(steps[deadline.step].label)))
    return result


def _prepare_assign(form, case, officers):
    form.handler.choices = [("", _l("No handler yet"))] + [(str(o.id), o.name) for o in officers]
    if not form.is_submitted():
        form.handler.data = str(case.handler_id or "")
        form.team.data = case.team


def _prepare_extend(form, case, _officers):
    form.step.choices = _open_steps(case, extendable_only=True)


def _assign(form, case, by):
    typed = (form.handler.data or "").strip()
    if not typed:
        handler = None  # "No handler yet"
    elif typed.isascii() and typed.isdigit() and len(typed) <= 9:  # an officer's id: never "x" or 10**5000
        handler = int(typed)
    else:
        raise Refused("no-such-officer")
    return handling.assign(db.session, case.id, by, handler_id=handler, team=form.team.data)


def _panel(form, case, by):
    return handling.record_panel(
        db.session, case.id, by, panel_on=form.panel_on.data,
        members=[form.chair.data, form.member_2.data, form.member_3.data],
        report_on=form.report_on.data, cost_pence=form.cost.data * 100 if form.cost.data is not None else None)


def _remedy(form, case, by):
    return handling.add_remedy(db.session, case.id, by, kind=form.kind.data, detail=form.detail.data,
                               due_on=form.due_on.data,
                               amount_pence=form.amount.data * 100 if form.amount.data is not None else None)


def _ack_offered(case):
    return any(d.step in ("acknowledgement", "stage2-acknowledgement") and d.met_on is None
               for d in case.deadlines)


def _ack(form, case, by):
    step = next(d.step for d in case.deadlines
                if d.step in ("acknowledgement", "stage2-acknowledgement") and d.met_on is None)
    return handling.record_acknowledgement(db.session, case.id, by, method=form.method.data,
                                           on=form.on.data, step=step)


ACTIONS = {a.name: a for a in [
    Action("procedure", _l("Confirm or change the procedure"), forms.ProcedureForm, "handle-cases",
           lambda c: c.kind == "complaint" and c.stage == 1 and _open(c),
           lambda f, c, by: handling.override_procedure(db.session, c.id, by, procedure=f.procedure.data,
                                                        reason=f.reason.data)),
    Action("acknowledge", _l("Record an acknowledgement sent another way"), forms.AcknowledgementForm,
           "handle-cases", _ack_offered, _ack),
    Action("assign", _l("Assign a handler and team"), forms.AssignForm, "handle-cases", _open, _assign,
           _prepare_assign, "handler"),
    Action("extend", _l("Extend a deadline"), forms.ExtendForm, "handle-cases",
           lambda c: _complaint_open(c) and bool(_open_steps(c, True)),
           lambda f, c, by: handling.extend(db.session, c.id, by, step=f.step.data, new_due=f.new_due.data,
                                            reason=f.reason.data), _prepare_extend, "new_due"),
    Action("suspend", _l("Pause the clock"), forms.SuspendForm, "handle-cases",
           lambda c: _complaint_open(c) and c.open_suspension() is None,
           lambda f, c, by: handling.suspend(db.session, c.id, by, cause=f.cause.data, reason=f.reason.data,
                                             on=f.on.data)),
    Action("resume", _l("Restart the clock"), forms.DateForm, "handle-cases",
           lambda c: c.open_suspension() is not None,
           lambda f, c, by: handling.resume(db.session, c.id, by, on=f.on.data), field="on"),
    Action("point", _l("Add a point of complaint"), forms.PointForm, "handle-cases", _complaint_open,
           lambda f, c, by: handling.add_point(db.session, c.id, by, summary=f.summary.data)),
    Action("respond", _l("Record the response"), forms.ResponseForm, "handle-cases",
           lambda c: _complaint_open(c) and c.status != "responded",
           lambda f, c, by: handling.record_response(db.session, c.id, by, on=f.on.data, summary=f.summary.data),
           field="on"),
    Action("next-stage", _l("Move to the next stage"), forms.NextStageForm, "handle-cases",
           lambda c: c.kind == "complaint" and c.status in ("responded", "closed", "stage-request-pending")
           and c.stage < handling.rules.LAST_STAGE.get(c.procedure, 0),
           lambda f, c, by: handling.request_next_stage(db.session, c.id, by, asked_on=f.asked_on.data,
                                                        accept_late_reason=f.late_reason.data),
           field="asked_on"),
    Action("statement", _l("Record the agreed statement of complaint"), forms.StatementForm, "handle-cases",
           lambda c: c.procedure == "statutory" and c.stage == 2 and _open(c),
           lambda f, c, by: handling.record_statement(
               db.session, c.id, by, agreed_on=f.agreed_on.data, statement=f.statement.data,
               investigating_officer=f.investigating_officer.data, independent_person=f.independent_person.data)),
    Action("adjudicator", _l("Name the adjudicating officer"), forms.AdjudicatorForm, "adjudicate",
           lambda c: c.procedure == "statutory" and c.stage == 2 and _open(c),
           lambda f, c, by: handling.record_adjudicator(db.session, c.id, by, adjudicator=f.adjudicator.data)),
    Action("panel", _l("Record the review panel"), forms.PanelForm, "handle-cases",
           lambda c: c.procedure == "statutory" and c.stage == 3 and _open(c), _panel),
    Action("remedy", _l("Add a remedy"), forms.RemedyForm, "handle-cases", lambda c: c.kind == "complaint", _remedy),
    Action("learning", _l("Add learning for the service"), forms.LearningForm, "handle-cases", lambda c: True,
           lambda f, c, by: handling.add_learning(db.session, c.id, by, service=f.service.data,
                                                  action=f.action.data, due_on=f.due_on.data)),
    Action("ombudsman", _l("Record an Ombudsman referral"), forms.OmbudsmanForm, "adjudicate",
           lambda c: c.kind == "complaint",
           lambda f, c, by: handling.record_ombudsman(db.session, c.id, by, referred_on=f.referred_on.data,
                                                      reference=f.reference.data, outcome=f.outcome.data,
                                                      decided_on=f.decided_on.data)),
    Action("restrict", _l("Restrict contact"), forms.RestrictForm, "restrict-contact", lambda c: True,
           lambda f, c, by: handling.restrict_contact(db.session, c.id, by, restriction=f.restriction.data,
                                                      reason=f.reason.data, starts_on=f.starts_on.data,
                                                      ends_on=f.ends_on.data, review_on=f.review_on.data),
           field="review_on"),
    Action("note", _l("Add an internal note"), forms.NoteForm, "handle-cases", lambda c: True,
           lambda f, c, by: handling.add_note(db.session, c.id, by, text=f.text.data)),
    Action("revoke-links", _l("Stop the person's private links working"), forms.RevokeLinksForm, "handle-cases",
           lambda c: True, lambda f, c, by: tracking.revoke_all(db.session, c.id, by)),
    Action("close", _l("Close the case"), forms.DateForm, "handle-cases",
           lambda c: c.status == "responded" or (c.kind != "complaint" and _open(c)),
           lambda f, c, by: handling.close(db.session, c.id, by, on=f.on.data), field="on"),
    Action("withdraw", _l("Record that it was withdrawn"), forms.WithdrawForm, "handle-cases", _complaint_open,
           lambda f, c, by: handling.withdraw(db.session, c.id, by, on=f.on.data, reason=f.reason.data)),
]}


def offered(case: Case, can) -> list[Action]:
    return [a for a in ACTIONS.values() if a.offered(case) and can(a.permission)]


def prepare(action: Action, form, case: Case, officers: list[Officer]) -> None:
    for name in ("on", "asked_on", "agreed_on", "panel_on", "starts_on", "referred_on"):
        if name in form and not form.is_submitted():
            form[name].process_data(today())
    if action.prepare:
        action.prepare(form, case, officers)


def flag_form(flag: str):
    form = forms.FlagDecisionForm()
    form.choice.choices = [(term.id, _l(term.label)) for term in FLAG_DECISIONS[flag].values()]
    return form
