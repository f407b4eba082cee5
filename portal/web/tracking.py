"""Following a case by private link: the status page and what the person can do there.

The token is only in the link: opening it puts the link's id in the signed session and
redirects, so the token does not linger in the address bar, history or Referer.
"""

from __future__ import annotations

from flask import (Blueprint, current_app, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from portal import case_status, handling, tracking, uploads
from portal.clock import now, today
from portal.database import writing
from portal.extensions import db, limiter
from portal.models import Attachment, Case, TrackingLink
from portal.rules import Refused
from portal.rules.vocabulary import KINDS, PROCEDURES, STATUSES
from portal.web import outbox_delivery
from portal.web.tracking_forms import AddInformationForm, ConfirmForm, LookupForm, WithdrawForm

bp = Blueprint("tracking", __name__, url_prefix="/track")

SESSION_KEY = "tracking_link"


def _lookup_limit():
    return current_app.config["TRACKING_LOOKUP_RATE_LIMIT"]


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"])
def lookup():
    form = LookupForm()
    if form.validate_on_submit():
        tracking.send_new_link(db.session, form.reference.data, form.contact.data)
        outbox_delivery.after_response()
        return redirect(url_for(".lookup_sent"))
    status = 400 if form.errors else 200
    return render_template("portal/track_lookup.html", form=form), status


@bp.get("/sent")
def lookup_sent():
    return render_template("portal/track_lookup_sent.html")


@bp.get("/<token>")
@limiter.limit(_lookup_limit)
def open_link(token):
    link = tracking.find(db.session, token)
    if link is None:
        return render_template("portal/track_invalid.html"), 404
    with writing(db.session):
        stored = db.session.get(TrackingLink, link.id)
        stored.last_used_at = now()
    session[SESSION_KEY] = link.id
    case = link_case()
    if "locale" not in session and case.language in current_app.config["LANGUAGES"]:
        session["locale"] = case.language  # the person's language, until they choose another
    if case.easy_read and "easy_read" not in session:
        session["easy_read"] = True
    return redirect(url_for(".status"))


def link_case():
    """The case of the link in this session, checked again on every request."""
    link = db.session.get(TrackingLink, session.get(SESSION_KEY) or 0)
    if not tracking.usable(link):
        session.pop(SESSION_KEY, None)
        return None
    return db.session.get(Case, link.case_id)


@bp.get("/case")
def status():
    case = link_case()
    if case is None:
        return render_template("portal/track_invalid.html"), 404
    return render_template("portal/track_status.html", case=case, kinds=KINDS, procedures=PROCEDURES,
                           statuses=STATUSES, visible=case_status.details_visible(case),
                           timeline=case_status.timeline(case), next_step=case_status.next_step(case, today()),
                           letters=case_status.letters(case), letter_text=case_status.letter_text,
                           can_escalate=case_status.can_ask_for_next_stage(case),
                           done=request.args.get("done"))


@bp.route("/case/add-information", methods=["GET", "POST"])
def add_information():
    case = link_case()
    if case is None:
        return render_template("portal/track_invalid.html"), 404
    form = AddInformationForm()
    upload_error = None
    if form.validate_on_submit():
        attachment_ids = []
        upload = request.files.get("attachment")
        try:
            if upload and upload.filename:
                stored = uploads.store(upload, current_app.config["UPLOAD_FOLDER"],
                                       current_app.config["MAX_UPLOAD_BYTES"])
                with writing(db.session):
                    item = Attachment(stored_name=stored.stored_name, original_name=stored.original_name,
                                      content_type=stored.content_type, size=stored.size)
                    db.session.add(item)
                    db.session.flush()
                    attachment_ids.append(item.id)
            handling.add_information(db.session, case.id, text=form.text.data, attachment_ids=attachment_ids)
        except uploads.UploadRejected as rejected:
            upload_error = str(rejected.args[0])
        except Refused:
            form.text.errors.append(_("Enter what you would like to add, or choose a file"))
        else:
            outbox_delivery.after_response(case.id)
            return redirect(url_for(".status", done="information-added"))
    status_code = 400 if (form.errors or upload_error) else 200
    return render_template("portal/track_action.html", form=form, case=case, upload_error=upload_error,
                           title=_("Add information to your case"), multipart=True), status_code


@bp.route("/case/withdraw", methods=["GET", "POST"])
def withdraw():
    case = link_case()
    if case is None:
        return render_template("portal/track_invalid.html"), 404
    if case.kind != "complaint" or case.status in handling.CLOSED_STATUSES:
        return redirect(url_for(".status"))
    form = WithdrawForm()
    if form.validate_on_submit():
        handling.withdraw(db.session, case.id, None, on=today(), reason=form.reason.data)
        outbox_delivery.after_response(case.id)
        return redirect(url_for(".status", done="withdrawn"))
    status_code = 400 if form.errors else 200
    return render_template("portal/track_action.html", form=form, case=case, title=_("Withdraw your complaint"),
                           intro=_("We will stop looking into it. You can still make a new complaint later.")), status_code


@bp.route("/case/advocate", methods=["GET", "POST"])
def advocate():
    case = link_case()
    if case is None:
        return render_template("portal/track_invalid.html"), 404
    if case.wants_advocate or case.status in handling.CLOSED_STATUSES:
        return redirect(url_for(".status"))
    form = ConfirmForm()
    if form.validate_on_submit():
        handling.ask_for_advocate(db.session, case.id)
        outbox_delivery.after_response(case.id)
        return redirect(url_for(".status", done="advocate-requested"))
    return render_template("portal/track_action.html", form=form, case=case, title=_("Ask for an advocate"),
                           intro=_("An advocate is someone on your side who helps you say what you want. It is free. We will ask the advocacy service to contact you."))


@bp.route("/case/next-stage", methods=["GET", "POST"])
def next_stage():
    case = link_case()
    if case is None:
        return render_template("portal/track_invalid.html"), 404
    if not case_status.can_ask_for_next_stage(case):
        return redirect(url_for(".status"))
    form = ConfirmForm()
    if form.validate_on_submit():
        window = handling.request_next_stage(db.session, case.id, None, asked_on=today())
        outbox_delivery.after_response(case.id)
        return redirect(url_for(".status", done="stage-requested" if window.in_time else "late-stage-request"))
    return render_template("portal/track_action.html", form=form, case=case, title=_("Ask for the next stage"),
                           intro=_("You do not have to give reasons. We will start the next stage and write to tell you what happens."))
