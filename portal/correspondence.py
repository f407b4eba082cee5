"""What the portal writes to people (domain.md section 6), as outbox messages.

Messages are rendered when they are queued, in the person's language (and easy read
if they asked), so what was sent is exactly what is stored.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.models import Case, Message, SafeguardingAlert
from portal.tracking import PLACEHOLDER
from portal.web import easy_read


def _locale_for(language: str) -> str:
    return language if language in current_app.config["LANGUAGES"] else "en"


def _render(name: str, language: str, **context) -> tuple[str, str | None]:
    with force_locale(_locale_for(language)):
        text = render_template(f"emails/{name}.txt", **context)
        try:
            html = render_template(f"emails/{name}.html", **context)
        except Exception as error:  # noqa: BLE001 - a template without an HTML part
            from jinja2 import TemplateNotFound

            if not isinstance(error, TemplateNotFound):
                raise
            html = None
    return text, html


def _subject(language: str, message: str, **values) -> str:
    with force_locale(_locale_for(language)):
        return _(message, **values)


def for_new_case(case: Case) -> list[Message]:
    """The messages a new case causes: acknowledgement, referrals, forwards."""
    config = current_app.config
    messages = []
    complainant = case.contact("complainant")
    context = {"case": case, "complainant": complainant, "config": config,
               "acknowledgement": case.deadline_for("acknowledgement"),
               "response": case.deadline_for("stage1"),
               # Easy read where they asked and their language has it; else the standard letter.
               "easy_read": case.easy_read and easy_read.available(_locale_for(case.language)),
               "tracking_link": PLACEHOLDER}
    wants_email = complainant is not None and complainant.preferred_method == "email" and complainant.email
    if case.kind == "compliment":
        manager = config["SERVICE_MANAGER_EMAILS"].get(case.service) or config["COUNCIL_COMPLAINTS_EMAIL"]
        text, html = _render("compliment_forward", "en", **context)
        messages.append(Message(purpose="compliment-forward", recipient=manager, language="en",
                                subject=_subject("en", "A compliment for your service: %(reference)s",
                                                 reference=case.reference),
                                body_text=text, body_html=html))
        if wants_email:
            text, html = _render("compliment_thanks", case.language, **context)
            messages.append(Message(purpose="compliment-thanks", recipient=complainant.email,
                                    language=case.language, body_text=text, body_html=html,
                                    subject=_subject(case.language, "Thank you for your compliment")))
    elif case.kind != "comment" and wants_email:
        text, html = _render("acknowledgement", case.language, **context)
        messages.append(Message(purpose="acknowledgement", recipient=complainant.email,
                                language=case.language, body_text=text, body_html=html,
                                subject=_subject(case.language, "We have received it: %(reference)s",
                                                 reference=case.reference)))
    if case.wants_advocate:
        messages.append(advocacy_referral(case))
    for message in messages:
        message.case_id = case.id
    return messages


def advocacy_referral(case: Case) -> Message:
    """The advocacy service is asked to contact someone who wants an advocate (s.26A)."""
    config = current_app.config
    text, html = _render("advocacy_referral", "en", case=case, complainant=case.contact("complainant"),
                         config=config, acknowledgement=case.deadline_for("acknowledgement"),
                         response=case.deadline_for("stage1"), easy_read=case.easy_read)
    return Message(purpose="advocacy-referral", recipient=config["ADVOCACY_SERVICE_EMAIL"], language="en",
                   case_id=case.id, body_text=text, body_html=html,
                   subject=_subject("en", "Advocacy request: %(reference)s", reference=case.reference))


def for_safeguarding_alert(alert: SafeguardingAlert, case: Case | None) -> Message:
    """An urgent alert with only what the safeguarding team needs to act."""
    text, html = _render("safeguarding_alert", "en", alert=alert, case=case,
                         config=current_app.config)
    return Message(purpose="safeguarding-alert", recipient=current_app.config["SAFEGUARDING_EMAIL"],
                   urgent=True, language="en", alert_id=alert.id,
                   case_id=case.id if case else None, body_text=text, body_html=html,
                   subject=_subject("en", "URGENT: a child may not be safe (alert %(number)d)",
                                    number=alert.id))


def alert_team_of_failed_safeguarding(session, failed: Message) -> None:
    """A safeguarding alert that cannot be delivered must reach a person another way."""
    text, html = _render("safeguarding_failed", "en", failed=failed, config=current_app.config)
    session.add(Message(purpose="safeguarding-failed", urgent=True, language="en",
                        recipient=current_app.config["COUNCIL_COMPLAINTS_EMAIL"],
                        case_id=failed.case_id, alert_id=failed.alert_id,
                        subject=_subject("en", "URGENT: a safeguarding alert could not be sent"),
                        body_text=text, body_html=html))


def _to_complainant(case: Case, purpose: str, template: str, subject: str, **context) -> Message | None:
    """A notice to the complainant by email; None where they chose another way (an officer
    then sends it by post or phone and records that they did)."""
    complainant = case.contact("complainant")
    if complainant is None or not complainant.email or complainant.preferred_method != "email":
        return None
    text, html = _render(template, case.language, case=case, complainant=complainant,
                         config=current_app.config, tracking_link=PLACEHOLDER, **context)
    return Message(purpose=purpose, recipient=complainant.email, language=case.language,
                   case_id=case.id, body_text=text, body_html=html,
                   subject=_subject(case.language, subject, reference=case.reference))


def extension_notice(case: Case, *, new_date, reason: str) -> Message | None:
    """The person is told why, and the new date (corporate: with the Ombudsman's details)."""
    return _to_complainant(case, "extension-notice", "extension_notice",
                           "We need more time: %(reference)s", new_date=new_date, reason=reason)


def suspension_notice(case: Case, *, reason: str, legal: bool) -> Message | None:
    """reg. 8: a pause for court or police proceedings is explained in writing, with the
    right to resubmit within a year after they end."""
    return _to_complainant(case, "suspension-notice", "suspension_notice",
                           "Your complaint is paused: %(reference)s", reason=reason, legal=legal)


def stage_response(case: Case, *, next_stage_by) -> Message | None:
    """The covering message sent with a stage's response letter."""
    return _to_complainant(case, "stage-response", "stage_response",
                           "Our answer to your complaint: %(reference)s", next_stage_by=next_stage_by)


def new_tracking_link(case: Case) -> Message:
    """A fresh private link, by email; or, for someone who gave only a phone number, to
    the complaints team to text it on (the outbox puts the link in when it sends)."""
    complainant = case.contact("complainant")
    if complainant is not None and complainant.email:
        text, html = _render("tracking_link", case.language, case=case, complainant=complainant,
                             config=current_app.config, tracking_link=PLACEHOLDER)
        return Message(purpose="tracking-link", recipient=complainant.email, language=case.language,
                       case_id=case.id, body_text=text, body_html=html,
                       subject=_subject(case.language, "Your link to follow %(reference)s",
                                        reference=case.reference))
    text, html = _render("tracking_link_by_phone", "en", case=case, config=current_app.config,
                         tracking_link=PLACEHOLDER)
    return Message(purpose="tracking-link-by-phone", recipient=current_app.config["COUNCIL_COMPLAINTS_EMAIL"],
                   language="en", case_id=case.id, body_text=text, body_html=html,
                   subject=_subject("en", "Please text a tracking link: %(reference)s", reference=case.reference))


def action_received(case: Case, action: str) -> list[Message]:
    """The person acted on their case: they are told we have it, and so is the handler."""
    messages = []
    person = _to_complainant(case, "action-received", "action_received",
                             "We have your request: %(reference)s", action=action)
    if person is not None:
        messages.append(person)
    handler = case.handler.email if case.handler else current_app.config["COUNCIL_COMPLAINTS_EMAIL"]
    text, html = _render("handler_notice", "en", case=case, action=action, config=current_app.config)
    messages.append(Message(purpose="handler-notice", recipient=handler, language="en", case_id=case.id,
                            body_text=text, body_html=html,
                            subject=_subject("en", "The person acted on case %(reference)s",
                                             reference=case.reference)))
    return messages
