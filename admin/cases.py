"""The queue, the case page, each action on a case, and recording feedback received
another way. Views parse a form, call one use case, and render or redirect."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin import actions, bp
from admin.access import can, requires
from admin.forms import CONTACT_METHODS, AlertHandledForm, RecordCaseForm
from portal import casework, handling, queue
from portal.clock import LONDON, today
from portal.extensions import db
from portal.web import outbox_delivery
from portal.journey.forms import ADJUSTMENTS
from portal.models import Attachment, Case, Officer, SafeguardingAlert
from portal.rules import STEPS, Refused
from portal.rules.vocabulary import (
    ABOUT, CHANNELS, FINDINGS, FLAGS, FLAG_DECISIONS, KINDS, OMBUDSMAN_OUTCOMES, PROCEDURES,
    QUEUE_CATEGORIES, REMEDIES, ROLES, SERVICES, STATUSES, SUSPENSION_CAUSES,
)

#: Where each message of the outbox stands (portal/outbox.py), as officers see it.
DELIVERY = {"queued": _l("Waiting to send"), "sending": _l("Sending"), "sent": _l("Sent"),
            "failed": _l("Failed, trying again"), "given-up": _l("Not delivered")}

VOCABULARY = {"kinds": KINDS, "roles": ROLES, "services": SERVICES, "procedures": PROCEDURES,
              "flags": FLAGS, "findings": FINDINGS, "remedies": REMEDIES, "channels": CHANNELS,
              "causes": SUSPENSION_CAUSES, "ombudsman_outcomes": OMBUDSMAN_OUTCOMES, "about": ABOUT,
              "steps": STEPS, "categories": QUEUE_CATEGORIES, "statuses": STATUSES,
              "adjustments": dict(ADJUSTMENTS), "contact_methods": dict(CONTACT_METHODS),
              "delivery": DELIVERY}


def _officers() -> list[Officer]:
    return list(db.session.scalars(select(Officer).where(Officer.active.is_(True)).order_by(Officer.name)))


def _case_or_404(reference: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.reference == reference.upper()))
    if case is None:
        abort(404)
    return case


@bp.get("/")
@requires("view-cases")
def queue_page():
    return redirect(url_for("admin.queue"))


@bp.get("/queue", endpoint="queue")
@requires("view-cases")
def queue_view():
    filters = {name: request.args.get(name, "") for name in queue.FILTERS}
    page = request.args.get("page", "1")
    result = queue.build(db.session, today=today(), filters=_valid_filters(filters),
                         page=int(page) if page.isdigit() else 1)
    people = _officers()
    return render_template("admin/queue.html", result=result, filters=filters,
                           filter_options=_filter_options(people, queue.teams(db.session)), alerts=queue.unhandled_alerts(db.session),
                           days_left=queue.days_left, today=today(), alert_form=AlertHandledForm(),
                           **VOCABULARY)


def _filter_options(people, teams):
    def labelled(table):
        return [(key, _(term.label)) for key, term in table.items()]

    return [
        ("category", _("Needs"), labelled(QUEUE_CATEGORIES)),
        ("procedure", _("Procedure"), labelled(PROCEDURES)),
        ("stage", _("Stage"), [("1", "1"), ("2", "2"), ("3", "3")]),
        ("kind", _("Kind"), labelled(KINDS)),
        ("service", _("Service"), labelled(SERVICES)),
        ("team", _("Team"), [(team, team) for team in teams]),
        ("handler", _("Handler"), [("none", _("No handler yet"))] + [(str(o.id), o.name) for o in people]),
    ]


def _valid_filters(filters: dict) -> dict:
    allowed = {"procedure": PROCEDURES, "service": SERVICES, "kind": KINDS,
               "category": dict.fromkeys(queue.CATEGORIES)}
    clean = {}
    for name, value in filters.items():
        if not value:
            continue
        if name in allowed and value not in allowed[name]:
            continue
        if name == "stage" and value not in ("1", "2", "3"):
            continue
        if name == "handler" and not (value == "none" or value.isdigit()):
            continue
        clean[name] = value
    return clean


@bp.get("/cases/<reference>")
@requires("view-cases")
def case_page(reference):
    case = _case_or_404(reference)
    handling.record_view(db.session, case.id, current_user)
    case = _case_or_404(reference)
    return render_template("admin/case.html", case=case, offered=actions.offered(case, can),
                           pending=handling.pending_flags(case), history=handling.history(db.session, case.id),
                           officers={o.id: o for o in db.session.scalars(select(Officer))},
                           days_left=queue.days_left, today=today(), flag_decisions=FLAG_DECISIONS,
                           **VOCABULARY)


@bp.route("/cases/<reference>/<name>", methods=["GET", "POST"])
@requires("handle-cases")
def case_action(reference, name):
    action = actions.ACTIONS.get(name)
    if action is None:
        abort(404)
    if not can(action.permission):
        abort(403)
    case = _case_or_404(reference)
    if not action.offered(case):
        flash(_("That action is not available for this case now."), "info")
        return redirect(url_for("admin.case_page", reference=case.reference))
    form = action.form()
    actions.prepare(action, form, case, _officers())
    if form.validate_on_submit():
        try:
            action.run(form, case, current_user)
        except Refused as refusal:
            _show_refusal(form, action.field, refusal)
        else:
            outbox_delivery.after_response(case.id)  # notices go now, not at the next outbox run
            flash(_("Saved: %(what)s", what=action.title), "success")
            return redirect(url_for("admin.case_page", reference=case.reference))
    status = 400 if form.errors else 200
    return render_template("admin/action.html", form=form, case=case, title=action.title), status


@bp.route("/cases/<reference>/flags/<flag>", methods=["GET", "POST"])
@requires("handle-cases")
def decide_flag(reference, flag):
    case = _case_or_404(reference)
    if flag not in case.flags or flag not in FLAG_DECISIONS:
        abort(404)
    form = actions.flag_form(flag)
    if form.validate_on_submit():
        try:
            handling.decide_flag(db.session, case.id, current_user, flag=flag, choice=form.choice.data,
                                 reason=form.reason.data, on=today())
        except Refused as refusal:
            _show_refusal(form, "choice", refusal)
        else:
            outbox_delivery.after_response(case.id)
            flash(_("Decision recorded."), "success")
            return redirect(url_for("admin.case_page", reference=case.reference))
    status = 400 if form.errors else 200
    return render_template("admin/action.html", form=form, case=case, title=_(FLAGS[flag].label),
                           guidance=_(FLAGS[flag].officer_action)), status


@bp.route("/cases/<reference>/points/<int:point_id>", methods=["GET", "POST"])
@requires("handle-cases")
def record_finding(reference, point_id):
    from admin.forms import FindingForm

    case = _case_or_404(reference)
    point = next((p for p in case.points if p.id == point_id), None)
    if point is None:
        abort(404)
    form = FindingForm(data={"finding": point.finding, "explanation": point.explanation}
                       if request.method == "GET" else None)
    if form.validate_on_submit():
        handling.record_finding(db.session, case.id, current_user, point_id=point.id,
                                finding=form.finding.data, explanation=form.explanation.data)
        flash(_("Finding recorded."), "success")
        return redirect(url_for("admin.case_page", reference=case.reference))
    status = 400 if form.errors else 200
    return render_template("admin/action.html", form=form, case=case, title=_("Finding"),
                           guidance=point.summary), status


@bp.post("/cases/<reference>/done/<what>/<int:item_id>")
@requires("handle-cases")
def complete(reference, what, item_id):
    from admin.forms import ActionForm

    if what not in ("remedy", "learning"):
        abort(404)
    case = _case_or_404(reference)
    if ActionForm().validate_on_submit():
        try:
            handling.complete_action(db.session, case.id, current_user, what=what, item_id=item_id, on=today())
        except Refused:
            abort(404)
        flash(_("Marked as done."), "success")
    return redirect(url_for("admin.case_page", reference=case.reference))


@bp.get("/cases/<reference>/attachments/<int:attachment_id>")
@requires("view-cases")
def attachment(reference, attachment_id):
    case = _case_or_404(reference)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.case_id != case.id:
        abort(404)
    handling.record_view(db.session, case.id, current_user)
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], item.stored_name, as_attachment=True,
                               download_name=item.original_name, mimetype=item.content_type)


@bp.post("/alerts/<int:alert_id>/handled")
@requires("handle-cases")
def alert_handled(alert_id):
    if AlertHandledForm().validate_on_submit():
        if db.session.get(SafeguardingAlert, alert_id) is None:
            abort(404)
        handling.handle_alert(db.session, alert_id, current_user)
        flash(_("Safeguarding alert marked as handled."), "success")
    return redirect(url_for("admin.queue"))


@bp.route("/cases/new", methods=["GET", "POST"])
@requires("record-case")
def record_case():
    """Feedback by phone, email, letter or in person, through the web form's use case."""
    form = RecordCaseForm()
    if not form.is_submitted():
        form.received.process_data(today())
    if form.validate_on_submit():
        case = casework.submit(db.session, _submission(form),
                               submitted_at=datetime.combine(form.received.data, time(9), LONDON),
                               actor=current_user.email)
        flash(_("Recorded as %(reference)s.", reference=case.reference), "success")
        return redirect(url_for("admin.case_page", reference=case.reference))
    status = 400 if form.errors else 200
    return render_template("admin/record_case.html", form=form), status


def _submission(form: RecordCaseForm) -> casework.Submission:
    return casework.Submission(
        kind=form.kind.data, role=form.role.data, service=form.service.data,
        about=form.about.data or None, description=form.description.data.strip(),
        desired_outcome=(form.desired_outcome.data or "").strip() or None,
        events_date=form.events_date.data, name=form.name.data.strip(),
        contact_method=form.contact_method.data, email=_text_or_none(form.email.data),
        phone=_text_or_none(form.phone.data), address=_text_or_none(form.address.data),
        child_name=_text_or_none(form.child_name.data), legal_proceedings=form.legal_proceedings.data == "yes",
        unsafe_now=form.unsafe_now.data == "yes", wants_advocate=form.wants_advocate.data == "yes",
        channel=form.channel.data,
    )


def _text_or_none(value: str | None) -> str | None:
    """What was typed, trimmed; None when it was only spaces (which no length check sees)."""
    return (value or "").strip() or None


def _show_refusal(form, field_name, refusal: Refused):
    message = actions.REFUSALS.get(refusal.code, _("That cannot be done"))
    details = {k: v for k, v in refusal.details.items()}
    if "latest" in details:
        from flask_babel import format_date

        details["latest"] = format_date(details["latest"], format="d MMMM y")
    text = str(message) % details if details and "%(" in str(message) else str(message)
    name = field_name or next(n for n in form._fields if n not in ("csrf_token", "submit"))
    form[name].errors = list(form[name].errors or []) + [text]
