"""The journey's pages: thin views that parse a form, save the draft, and move on."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal import casework, tracking, uploads
from portal.web import outbox_delivery
from portal.database import writing
from portal.extensions import db, limiter
from portal.journey import drafts, flow
from portal.journey.answers import to_submission
from portal.journey.forms import SaveDraftForm, SubmitCaseForm
from portal.journey.summary import summary_rows
from portal.models import Attachment, Case

bp = Blueprint("journey", __name__, url_prefix="/tell-us")

SUBMITTED_KEY = "submitted_cases"
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL)
TRACKING_KEY = "tracking_tokens"


def _language_choices():
    languages = current_app.config["LANGUAGES"]
    return [(code, info["name"]) for code, info in languages.items()] + [
        ("other", _("Another language"))
    ]


def _form_for(step, formdata=None, data=None):
    form = step.form(formdata=formdata, data=data or {})
    if step.id == "language":
        form.language.choices = _language_choices()
    if step.id == "attachments":
        form.attachment.description = _(
            "Photos, letters or documents. PDF, JPG, PNG, Word or text files, up to %(size)s each.",
            size=uploads.size_text(current_app.config["MAX_UPLOAD_BYTES"]))
    return form


@bp.get("/")
def begin():
    if drafts.current(db.session) is None and drafts.sent_case_id(db.session):
        return _already_sent()
    draft = drafts.start(db.session)
    step = flow.first_unanswered(draft.answers or {})
    if step is None:
        return redirect(url_for(".check"))
    return redirect(url_for(".question", step_id=step.id))


def _render_question(step, form, draft, *, expired=False, upload_error=None):
    answers = draft.answers or {}
    n, m = flow.progress(answers, step.id)
    previous = flow.previous_step(answers, step.id)
    changing = request.args.get("change") == "1"
    if changing:
        back = url_for(".check")
    elif previous:
        back = url_for(".question", step_id=previous.id)
    else:
        back = url_for("public.start")
    attachments = list(draft.attachments) if step.id == "attachments" else []
    status = 400 if (form.errors or expired or upload_error) else 200
    return render_template(
        [f"portal/questions/{step.id}.html", "portal/question.html"],
        step=step,
        form=form,
        progress=(n, m),
        back_url=back,
        changing=changing,
        expired=expired,
        upload_error=upload_error,
        attachments=attachments,
        kind=flow.flatten(answers).get("kind"),
    ), status


@bp.route("/save", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SUBMISSION_RATE_LIMIT"], methods=["POST"])
def save():
    """Save and come back later: a link by email, no account."""
    draft = drafts.current(db.session)
    if draft is None:
        return redirect(url_for(".begin"))
    contact = (draft.answers or {}).get("contact") or {}
    form = SaveDraftForm(data={"email": contact.get("email")} if request.method == "GET" else None)
    if form.validate_on_submit():
        with writing(db.session):
            db.session.add(drafts.resume_message(draft, form.email.data.strip()))
        outbox_delivery.after_response()
        return redirect(url_for(".saved"))
    status = 400 if form.errors else 200
    return render_template("portal/save_draft.html", form=form,
                           days=current_app.config["DRAFT_LIFETIME_DAYS"]), status


@bp.get("/saved")
def saved():
    return render_template("portal/save_draft_sent.html")


@bp.get("/resume/<token>")
def resume(token):
    if drafts.resume(db.session, token) is None:
        return render_template("portal/resume_invalid.html"), 404
    return redirect(url_for(".begin"))


@bp.route("/<step_id>", methods=["GET", "POST"])
def question(step_id):
    step = flow.STEPS_BY_ID.get(step_id)
    if step is None:
        abort(404)
    draft = drafts.current(db.session)
    if draft is None:
        return redirect(url_for(".begin"))
    answers = draft.answers or {}
    if not flow.is_reachable(answers, step_id):
        return redirect(url_for(".begin"))

    if request.method == "GET":
        return _render_question(step, _form_for(step, data=answers.get(step_id)), draft)

    form = _form_for(step, formdata=request.form if request.form else MultiDict())
    if step.id == "attachments":
        return _attachments_post(step, form, draft)
    if not form.validate():
        return _render_question(step, form, draft)
    answers = drafts.save_answers(db.session, draft, step.id, form.answers())
    if step.id == "language" and form.easy_read.data == "yes":
        session["easy_read"] = True  # "easy read letters and pages": the pages from here on too
    return _go_on(step, answers)


def _go_on(step, answers):
    if request.args.get("change") == "1":
        missing = flow.first_unanswered(answers)
        if missing is None:
            return redirect(url_for(".check"))
        return redirect(url_for(".question", step_id=missing.id, change="1"))
    following = flow.next_step(answers, step.id)
    if following is None:
        return redirect(url_for(".check"))
    return redirect(url_for(".question", step_id=following.id))


def _attachments_post(step, form, draft):
    if "upload" in request.form or request.files.get("attachment"):
        upload = request.files.get("attachment")
        if not upload or not upload.filename:
            return _render_question(step, form, draft, upload_error=_("Select a file to upload"))
        if len(draft.attachments) >= current_app.config["MAX_ATTACHMENTS"]:
            return _render_question(step, form, draft, upload_error=ngettext(
                "You can add up to %(num)d file", "You can add up to %(num)d files",
                current_app.config["MAX_ATTACHMENTS"]))
        try:
            stored = uploads.store(upload, current_app.config["UPLOAD_FOLDER"],
                                   current_app.config["MAX_UPLOAD_BYTES"])
        except uploads.UploadRejected as rejected:
            return _render_question(step, form, draft, upload_error=str(rejected.args[0]))
        with writing(db.session):
            db.session.add(Attachment(draft_id=draft.id, stored_name=stored.stored_name,
                                      original_name=stored.original_name,
                                      content_type=stored.content_type, size=stored.size))
        return redirect(_same_step(step))
    if "remove" in request.form:
        with writing(db.session):
            attachment_id = _int(request.form.get("remove"))
            attachment = db.session.get(Attachment, attachment_id) if attachment_id else None
            removed = None
            if attachment is not None and attachment.draft_id == draft.id and attachment.case_id is None:
                removed = attachment.stored_name
                db.session.delete(attachment)
        if removed:
            # The person took it back: keep no copy of it.
            uploads.discard(current_app.config["UPLOAD_FOLDER"], removed)
        return redirect(_same_step(step))
    return _go_on(step, drafts.save_answers(db.session, draft, step.id, {}))


def _same_step(step):
    """Back to the same question, still "changing an answer" if it was (and nothing else from
    the address: any other argument could clash with url_for's own, e.g. ?_method=1)."""
    return url_for(".question", step_id=step.id, **({"change": "1"} if request.args.get("change") == "1" else {}))


def _int(value):
    """A row's id from a form, or None: ids are positive and fit in a database integer."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def render_expired(step_id):
    """A form posted after its CSRF token expired: show it again with what was typed."""
    step = flow.STEPS_BY_ID.get(step_id)
    draft = drafts.current(db.session)
    if step is None or draft is None:
        return None
    form = _form_for(step, formdata=request.form)
    # Nothing is validated: the person only needs to press Continue again.
    return _render_question(step, form, draft, expired=True)


@bp.route("/check-your-answers", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SUBMISSION_RATE_LIMIT"], methods=["POST"])
def check():
    draft = drafts.current(db.session)
    if draft is None:
        if drafts.sent_case_id(db.session):
            return _already_sent()
        return redirect(url_for(".begin"))
    answers = draft.answers or {}
    missing = flow.first_unanswered(answers)
    if missing is not None:
        return redirect(url_for(".question", step_id=missing.id))
    form = SubmitCaseForm()
    if request.method == "POST":
        if form.validate_on_submit():
            return _submit(draft)
    return render_template(
        "portal/check.html",
        form=form,
        rows=summary_rows(answers, current_app.config["LANGUAGES"]),
        attachments=list(draft.attachments),
        back_url=url_for(".question", step_id=flow.applicable(answers)[-1].id),
    )


def _submit(draft):
    submission = to_submission(draft.answers or {})
    attachment_ids = [a.id for a in draft.attachments]
    try:
        # The case, and the draft marked sent, in one transaction.
        case = casework.submit(db.session, submission, attachment_ids=attachment_ids,
                               draft_id=draft.id)
    except casework.DraftAlreadySent:
        return _already_sent()
    drafts.forget()
    outbox_delivery.after_response(case.id)
    return _confirm(case.reference)


def _already_sent():
    """This browser's draft was sent already (twice pressed, or the reply was lost when the
    database restarted as it committed): show its confirmation, never a second case."""
    case = db.session.get(Case, drafts.sent_case_id(db.session))
    drafts.forget()
    if case is None:
        return redirect(url_for(".begin"))
    return _confirm(case.reference)


def _confirm(reference):
    session[SUBMITTED_KEY] = (session.get(SUBMITTED_KEY) or [])[-9:] + [reference]
    return redirect(url_for(".confirmation", reference=reference))


@bp.get("/confirmation/<reference>")
def confirmation(reference):
    # Only the browser that sent it sees this page; following a case is by private link.
    if reference not in (session.get(SUBMITTED_KEY) or []):
        abort(404)
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    return render_template("portal/confirmation.html", case=case, tracking_url=_tracking_link(case))


def _tracking_link(case):
    """The private link to follow the case, made once for this browser and kept in its session."""
    links = session.get(TRACKING_KEY) or {}
    if case.reference not in links:
        with writing(db.session):
            token = tracking.new_link(db.session.merge(case))
        links = {**links, case.reference: token}
        session[TRACKING_KEY] = dict(list(links.items())[-10:])
    return url_for("tracking.open_link", token=links[case.reference], _external=True)
