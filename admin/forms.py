"""The officers' forms. Choices come from the rules' vocabulary; every message is whole
and translated (design.md, pitfalls)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.rules.routing import needs_about
from portal.rules.vocabulary import (
    ABOUT,
    CHANNELS,
    FINDINGS,
    KINDS,
    OFFICER_ROLES,
    OMBUDSMAN_OUTCOMES,
    REMEDIES,
    ROLES,
    SERVICES,
    SUSPENSION_CAUSES,
)
from portal.web.fields import YES_NO_DID, YES_NO_IS_THERE, YES_NO_WOULD_LIKE, ChoiceField, DatePartsField, RequiredWhen
from portal.web.fields import PoundsField, SelectField, SubmitInput
from portal.web.fields import WebForm as FlaskForm

TEXT = 5000


def choices(table):
    return [(term.id, _l(term.label)) for term in table.values()]


def _reason(label=None):
    return TextAreaField(label or _l("Reason"), widget=GovTextArea(), validators=[
        DataRequired(_l("Enter the reason")),
        Length(max=TEXT, message=_l("The reason must be 5,000 characters or fewer")),
    ])


def _date(label, required_message=None, description=None):
    return DatePartsField(label, description=description,
                          required_message=required_message or _l("Enter the date"))


def _optional_date(label, description=None):
    return DatePartsField(label, description=description)


def _text(label, message, max_length=200, description=None):
    return StringField(label, description=description, widget=GovTextInput(), validators=[
        DataRequired(message), Length(max=max_length, message=_l("This must be %(n)d characters or fewer", n=max_length)),
    ])


def _optional_text(label, max_length=200, description=None):
    return StringField(label, description=description, widget=GovTextInput(), validators=[
        Optional(), Length(max=max_length, message=_l("This must be %(n)d characters or fewer", n=max_length)),
    ])


def _long_text(label, message, description=None):
    return TextAreaField(label, description=description, widget=GovTextArea(), validators=[
        DataRequired(message), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer")),
    ])


class ActionForm(FlaskForm):
    submit = SubmitField(_l("Save"), widget=SubmitInput())


# Signing in -----------------------------------------------------------------------------

class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), widget=GovTextInput(), validators=[
        InputRequired(_l("Enter your email address")), Length(max=320, message=_l("This must be 320 characters or fewer"))])
    password = PasswordField(_l("Password"), widget=GovPasswordInput(), validators=[
        InputRequired(_l("Enter your password")), Length(max=200, message=_l("This must be 200 characters or fewer"))])
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class CodeForm(FlaskForm):
    code = StringField(_l("Security code"), widget=GovTextInput(),
                       description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
                       validators=[InputRequired(_l("Enter the security code")),
                                   Length(max=40, message=_l("Enter the security code"))])
    submit = SubmitField(_l("Sign in"), widget=SubmitInput())


class SetUpForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter the 6-digit code from your authenticator app")),
                                   Length(max=10, message=_l("Enter the 6-digit code from your authenticator app"))])
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField(_l("Sign out everywhere"), widget=SubmitInput())


# Officers (administrators) ---------------------------------------------------------------

class OfficerForm(FlaskForm):
    name = _text(_l("Full name"), _l("Enter the officer's name"))
    email = EmailField(_l("Email address"), widget=GovTextInput(), validators=[
        InputRequired(_l("Enter the officer's email address")),
        Email(_l("Enter an email address in the correct format, like name@example.gov.uk")),
        # Every change an officer makes is audited under their address (AuditEvent.actor: 100).
        Length(max=100, message=_l("This must be %(n)d characters or fewer", n=100))])
    role = ChoiceField(_l("Role"), choices=choices(OFFICER_ROLES),
                       invalid_message=_l("Select a role"), validators=[InputRequired(_l("Select a role"))])
    team = _optional_text(_l("Team (optional)"), 80)
    password = PasswordField(_l("First password"), widget=GovPasswordInput(),
                             description=_l("At least 12 characters. Give it to the officer safely; they set up their authenticator when they first sign in."),
                             validators=[InputRequired(_l("Enter a first password")),
                                         Length(min=12, max=200, message=_l("The password must be between 12 and 200 characters"))])
    submit = SubmitField(_l("Add officer"), widget=SubmitInput())


class OfficerChangeForm(FlaskForm):
    role = ChoiceField(_l("Role"), choices=choices(OFFICER_ROLES),
                       invalid_message=_l("Select a role"), validators=[InputRequired(_l("Select a role"))])
    team = _optional_text(_l("Team (optional)"), 80)
    active = BooleanField(_l("Can sign in"), widget=GovCheckboxInput())
    reset_second_factor = BooleanField(_l("Reset their authenticator (they set it up again at next sign-in)"),
                                       widget=GovCheckboxInput())
    submit = SubmitField(_l("Save changes"), widget=SubmitInput())


# Case actions -----------------------------------------------------------------------------

class FlagDecisionForm(ActionForm):
    choice = ChoiceField(_l("Decision"), choices=[], invalid_message=_l("Select a decision"),
                         validators=[InputRequired(_l("Select a decision"))])
    reason = _reason(_l("Why"))


class ProcedureForm(ActionForm):
    procedure = ChoiceField(_l("Procedure"), choices=[
        ("statutory", _l("Children's complaints procedure")), ("corporate", _l("Council complaints procedure"))],
        invalid_message=_l("Select a procedure"), validators=[InputRequired(_l("Select a procedure"))])
    reason = _reason(_l("Why this procedure"))


class AcknowledgementForm(ActionForm):
    method = ChoiceField(_l("How was it acknowledged?"), choices=[
        ("post", _l("Letter by post")), ("phone", _l("Phone call")),
        ("email", _l("Email sent outside the portal")), ("in-person", _l("In person"))],
        invalid_message=_l("Select how it was acknowledged"),
        validators=[InputRequired(_l("Select how it was acknowledged"))])
    on = _date(_l("Date acknowledged"), _l("Enter the date it was acknowledged"))


class AssignForm(ActionForm):
    handler = SelectField(_l("Handler"), widget=GovSelect(), choices=[], validate_choice=False)
    team = _optional_text(_l("Team (optional)"), 80)


class ExtendForm(ActionForm):
    step = SelectField(_l("Deadline"), widget=GovSelect(), choices=[], validate_choice=False)
    new_due = _date(_l("New date"), _l("Enter the new date"))
    reason = _reason(_l("Why more time is needed (the person is told this)"))


class SuspendForm(ActionForm):
    cause = ChoiceField(_l("Why is the clock paused?"), choices=choices(SUSPENSION_CAUSES),
                        invalid_message=_l("Select why the clock is paused"),
                        validators=[InputRequired(_l("Select why the clock is paused"))])
    reason = _reason(_l("Reasons (the person is told these in writing)"))
    on = _date(_l("Paused from"), _l("Enter the date the clock is paused from"))


class DateForm(ActionForm):
    on = _date(_l("Date"), _l("Enter the date"))


class PointForm(ActionForm):
    summary = _long_text(_l("Point of complaint"), _l("Enter the point of complaint"),
                         description=_l("One thing the person is unhappy about, in their words where you can."))


class FindingForm(ActionForm):
    finding = ChoiceField(_l("Finding"), choices=choices(FINDINGS), invalid_message=_l("Select a finding"),
                          validators=[InputRequired(_l("Select a finding"))])
    explanation = TextAreaField(_l("What was found, and why (optional)"), widget=GovTextArea(), validators=[
        Optional(), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer"))])


class ResponseForm(ActionForm):
    on = _date(_l("Date the response was sent"), _l("Enter the date the response was sent"))
    summary = TextAreaField(_l("Summary of the response (optional)"), widget=GovTextArea(), validators=[
        Optional(), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer"))])


class NextStageForm(ActionForm):
    asked_on = _date(_l("Date the person asked"), _l("Enter the date the person asked"))
    late_reason = TextAreaField(_l("If they asked after the last day: why you accept it"), widget=GovTextArea(),
                                validators=[Optional(), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer"))])


class StatementForm(ActionForm):
    agreed_on = _date(_l("Date the statement of complaint was agreed"), _l("Enter the date the statement was agreed"))
    statement = _long_text(_l("Statement of complaint"), _l("Enter the statement of complaint"))
    investigating_officer = _text(_l("Investigating Officer"), _l("Enter the Investigating Officer's name"))
    independent_person = _text(_l("Independent Person"), _l("Enter the Independent Person's name"))


class AdjudicatorForm(ActionForm):
    adjudicator = _text(_l("Adjudicating officer (a senior manager)"), _l("Enter the adjudicating officer's name"))


class PanelForm(ActionForm):
    panel_on = _date(_l("Date the review panel met"), _l("Enter the date the panel met"))
    chair = _text(_l("Chair (independent)"), _l("Enter the chair's name"))
    member_2 = _text(_l("Second panel member"), _l("Enter the second panel member's name"))
    member_3 = _text(_l("Third panel member"), _l("Enter the third panel member's name"))
    report_on = _optional_date(_l("Date the panel's report was received (optional)"))
    cost = PoundsField(_l("Cost of the panel in pounds (optional)"), widget=GovTextInput(), validators=[
        Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a whole number of pounds"))])


class RemedyForm(ActionForm):
    kind = SelectField(_l("Remedy"), widget=GovSelect(), choices=choices(REMEDIES))
    detail = _long_text(_l("What will happen"), _l("Enter what will happen"))
    due_on = _optional_date(_l("By when (optional)"))
    amount = PoundsField(_l("Amount in pounds, for a financial remedy (optional)"), widget=GovTextInput(),
                          validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a whole number of pounds"))])


class LearningForm(ActionForm):
    service = SelectField(_l("Service"), widget=GovSelect(), choices=choices(SERVICES))
    action = _long_text(_l("Learning and the action that follows"), _l("Enter the learning and action"))
    due_on = _optional_date(_l("By when (optional)"))


class OmbudsmanForm(ActionForm):
    referred_on = _date(_l("Date the Ombudsman told us of the complaint"), _l("Enter the date"))
    reference = _optional_text(_l("Ombudsman's reference (optional)"), 40)
    outcome = SelectField(_l("Outcome (when known)"), widget=GovSelect(),
                          choices=[("", _l("Not decided yet"))] + choices(OMBUDSMAN_OUTCOMES))
    decided_on = _optional_date(_l("Date of the Ombudsman's decision (optional)"))


class RestrictForm(ActionForm):
    restriction = _long_text(_l("What contact is allowed"), _l("Enter what contact is allowed"),
                             description=_l("For example: one email address only, to the complaints team."))
    reason = _reason(_l("Why contact is restricted"))
    starts_on = _date(_l("From"), _l("Enter the start date"))
    ends_on = _date(_l("Until"), _l("Enter the end date"))
    review_on = _date(_l("Review by"), _l("Enter the review date"))


class NoteForm(ActionForm):
    text = _long_text(_l("Internal note"), _l("Enter the note"),
                      description=_l("Only officers see notes. The person never does."))


class WithdrawForm(ActionForm):
    on = _date(_l("Date withdrawn"), _l("Enter the date it was withdrawn"))
    reason = TextAreaField(_l("Reason given (optional)"), widget=GovTextArea(), validators=[
        Optional(), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer"))])


class RevokeLinksForm(FlaskForm):
    submit = SubmitField(_l("Stop the links working"), widget=SubmitInput())


class AlertHandledForm(FlaskForm):
    submit = SubmitField(_l("Mark as handled"), widget=SubmitInput())


#: How someone wants to be contacted, in officers' words (the public form speaks as "I").
CONTACT_METHODS = [("email", _l("Email")), ("phone", _l("Phone or text")), ("post", _l("Post")),
                   ("advocate", _l("Through their advocate"))]


class RecordCaseForm(ActionForm):
    """Feedback received another way goes through the same use case as the web form."""

    channel = ChoiceField(_l("How did it reach us?"), choices=choices(CHANNELS)[1:],
                          invalid_message=_l("Select how it reached us"),
                          validators=[InputRequired(_l("Select how it reached us"))])
    received = _date(_l("Date received"), _l("Enter the date it was received"))
    kind = ChoiceField(_l("What is it?"), choices=choices(KINDS), invalid_message=_l("Select what it is"),
                       validators=[InputRequired(_l("Select what it is"))])
    role = SelectField(_l("Who is it from?"), widget=GovSelect(), choices=choices(ROLES))
    service = SelectField(_l("Which service is it about?"), widget=GovSelect(), choices=choices(SERVICES))
    about = SelectField(_l("What is it about?"), widget=GovSelect(),
                        choices=[("", _l("Not asked"))] + choices(ABOUT))
    description = _long_text(_l("What they told us"), _l("Enter what they told us"))
    desired_outcome = TextAreaField(_l("What would put it right (optional)"), widget=GovTextArea(),
                                    validators=[Optional(), Length(max=TEXT, message=_l("This must be 5,000 characters or fewer"))])
    events_date = _optional_date(_l("When it happened (optional)"))
    name = _text(_l("Their name"), _l("Enter their name"))
    contact_method = ChoiceField(_l("How do they want us to contact them?"), choices=CONTACT_METHODS,
        invalid_message=_l("Select how they want us to contact them"),
        validators=[InputRequired(_l("Select how they want us to contact them"))])
    email = EmailField(_l("Email address"), widget=GovTextInput(), validators=[
        RequiredWhen(lambda form: form.contact_method.data == "email", _l("Enter their email address")),
        Optional(), Email(_l("Enter an email address in the correct format, like name@example.com")),
        Length(max=320, message=_l("This must be 320 characters or fewer"))])
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[
        RequiredWhen(lambda form: form.contact_method.data == "phone", _l("Enter their phone number")),
        Optional(), Length(max=40, message=_l("This must be 40 characters or fewer"))])
    address = TextAreaField(_l("Postal address"), widget=GovTextArea(), validators=[
        RequiredWhen(lambda form: form.contact_method.data == "post", _l("Enter their postal address")),
        Optional(), Length(max=1000, message=_l("This must be 1,000 characters or fewer"))])
    child_name = _optional_text(_l("The child's name, if different (optional)"))
    legal_proceedings = ChoiceField(_l("Is there a court case or police investigation about it?"), choices=YES_NO_IS_THERE,
                                    invalid_message=_l("Select yes or no"), validators=[InputRequired(_l("Select yes or no"))])
    unsafe_now = ChoiceField(_l("Did they say a child is not safe now?"), choices=YES_NO_DID,
                             invalid_message=_l("Select yes or no"), validators=[InputRequired(_l("Select yes or no"))])
    wants_advocate = ChoiceField(_l("Would they like an advocate?"), choices=YES_NO_WOULD_LIKE,
                                 invalid_message=_l("Select yes or no"), validators=[InputRequired(_l("Select yes or no"))])

    def validate_about(self, field):
        # Rule 5: the procedure for a parent's complaint turns on what it is about.
        if not field.data and needs_about(kind=self.kind.data, complainant=self.role.data,
                                          service=self.service.data):
            raise ValidationError(_l("Select what the complaint is about"))
