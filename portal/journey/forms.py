"""One form per question of the journey (domain.md section 5: what is collected).

Every message is written whole and translated; choices come from the rules'
vocabulary so forms, routing and reports use the same ids.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovFileInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, FileField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from portal.rules.vocabulary import ABOUT, KINDS, ROLES, SERVICES
from portal.web.fields import WebForm as FlaskForm
from portal.web.fields import (
    YES_NO_DOES,
    YES_NO_IS,
    YES_NO_IS_THERE,
    YES_NO_WOULD_LIKE,
    CheckboxesInput,
    ChoiceField,
    DatePartsField,
    RequiredWhen,
    SubmitInput,
)

LONG_TEXT = 5000


def _choices(table):
    return [(term.id, _l(term.label)) for term in table.values()]


def _hints(table):
    return {term.id: _l(term.hint) for term in table.values() if term.hint}


class QuestionForm(FlaskForm):
    """Every question page has the same Continue button."""

    submit = SubmitField(_l("Continue"), widget=SubmitInput())

    def answers(self) -> dict:
        """The answers this page adds to the draft, as JSON-friendly values."""
        result = {}
        for name, field in self._fields.items():
            if name in ("submit", "csrf_token"):
                continue
            value = field.data
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if isinstance(value, str):
                value = value.strip()
            result[name] = value
        return result


class KindForm(QuestionForm):
    kind = ChoiceField(
        _l("What would you like to tell us?"),
        choices=_choices(KINDS),
        hints=_hints(KINDS),
        validators=[InputRequired(_l("Select what you would like to tell us"))],
        invalid_message=_l("Select what you would like to tell us"),
    )


class RoleForm(QuestionForm):
    role = ChoiceField(
        _l("Who are you?"),
        choices=_choices(ROLES),
        hints=_hints(ROLES),
        validators=[InputRequired(_l("Select who you are"))],
        invalid_message=_l("Select who you are"),
    )


class ChildForm(QuestionForm):
    child_name = StringField(
        _l("What is the name of the child or young person?"),
        description=_l("You can leave this blank if you would rather not say."),
        validators=[Optional(), Length(max=200, message=_l("Name must be 200 characters or fewer"))],
        widget=GovTextInput(),
    )
    child_date_of_birth = DatePartsField(
        _l("What is their date of birth?"),
        description=_l("For example, 27 3 2012. You can leave this blank."),
    )

    def validate_child_date_of_birth(self, field):
        from datetime import date

        if field.data and field.data >= date.today():
            raise ValidationError(_l("Date of birth must be in the past"))


class ServiceForm(QuestionForm):
    service = ChoiceField(
        _l("Which service is it about?"),
        description=_l("Choose the one that fits best. If you are not sure, choose the last one."),
        choices=_choices(SERVICES),
        hints=_hints(SERVICES),
        validators=[InputRequired(_l("Select which service it is about"))],
        invalid_message=_l("Select which service it is about"),
    )


class AboutForm(QuestionForm):
    about = ChoiceField(
        _l("Is your complaint about the child's services, or about how you were treated?"),
        choices=_choices(ABOUT),
        hints=_hints(ABOUT),
        validators=[InputRequired(_l("Select what your complaint is about"))],
        invalid_message=_l("Select what your complaint is about"),
    )


class WhatHappenedForm(QuestionForm):
    description = TextAreaField(
        _l("Tell us what happened"),
        description=_l("Say what happened, who was involved and how it affected you or the child."),
        validators=[
            DataRequired(_l("Tell us what happened")),
            Length(max=LONG_TEXT, message=_l("What happened must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )
    events_date = DatePartsField(
        _l("When did it happen, or when did you find out?"),
        description=_l("For example, 27 3 2025. If you are not sure, give your best guess or leave it blank."),
    )

    def validate_events_date(self, field):
        from datetime import date

        if field.data and field.data > date.today():
            raise ValidationError(_l("The date must be today or in the past"))


class PutRightForm(QuestionForm):
    desired_outcome = TextAreaField(
        _l("What would put things right for you?"),
        description=_l("For example, an apology, a change of worker, or a decision looked at again. You can leave this blank."),
        validators=[
            Optional(),
            Length(max=LONG_TEXT, message=_l("What would put things right must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class PraiseForm(QuestionForm):
    praise_for = TextAreaField(
        _l("Who or which team should we thank?"),
        description=_l("Tell us their name or team, and what they did well."),
        validators=[
            DataRequired(_l("Tell us who or which team should be thanked")),
            Length(max=LONG_TEXT, message=_l("This must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class SafetyForm(QuestionForm):
    unsafe_now = ChoiceField(
        _l("Is a child or young person unsafe right now?"),
        description=_l("If someone is in danger now, call 999."),
        choices=YES_NO_IS,
        validators=[InputRequired(_l("Select yes if a child or young person is unsafe right now"))],
        invalid_message=_l("Select yes if a child or young person is unsafe right now"),
    )


class LegalForm(QuestionForm):
    legal_proceedings = ChoiceField(
        _l("Is there a court case or a police investigation about this?"),
        description=_l("This will not stop us looking at your complaint. It may change when we can answer it."),
        choices=YES_NO_IS_THERE + [("not-sure", lazy_pgettext("answer", "I am not sure"))],
        validators=[InputRequired(_l("Select yes if there is a court case or a police investigation"))],
        invalid_message=_l("Select yes if there is a court case or a police investigation"),
    )


class AdvocateForm(QuestionForm):
    wants_advocate = ChoiceField(
        _l("Would you like an advocate to help you?"),
        description=_l("An advocate is someone who is on your side. They help you say what you want. They do not work for the council's children's services, and it is free."),
        choices=YES_NO_WOULD_LIKE,
        validators=[InputRequired(_l("Select yes if you would like an advocate"))],
        invalid_message=_l("Select yes if you would like an advocate"),
    )


class ConsentForm(QuestionForm):
    consent = ChoiceField(
        _l("Does the child or young person know about this complaint and agree to it?"),
        description=_l("We will check what the child wants before we share their information with you."),
        choices=YES_NO_DOES + [("not-sure", lazy_pgettext("answer", "I am not sure"))],
        validators=[InputRequired(_l("Select whether the child or young person agrees"))],
        invalid_message=_l("Select whether the child or young person agrees"),
    )


CONTACT_METHODS = [
    ("email", _l("Email")),
    ("phone", _l("Phone or text message")),
    ("post", _l("Letter by post")),
    ("advocate", _l("Through my advocate")),
]


class ContactForm(QuestionForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=200, message=_l("Your name must be 200 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    contact_method = ChoiceField(
        _l("How should we contact you?"),
        choices=CONTACT_METHODS,
        validators=[InputRequired(_l("Select how we should contact you"))],
        invalid_message=_l("Select how we should contact you"),
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            RequiredWhen(lambda form: form.contact_method.data == "email",
                         _l("Enter your email address, or choose another way to contact you")),
            Optional(),
            Length(max=320, message=_l("Email address must be 320 characters or fewer")),
            Email(message=_l("Enter an email address in the right format, like name@example.com"), check_deliverability=False),
        ],
        widget=GovTextInput(),
    )
    phone = StringField(
        _l("Phone number"),
        validators=[
            RequiredWhen(lambda form: form.contact_method.data == "phone",
                         _l("Enter your phone number, or choose another way to contact you")),
            Optional(),
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    address = TextAreaField(
        _l("Postal address"),
        validators=[
            RequiredWhen(lambda form: form.contact_method.data == "post",
                         _l("Enter your postal address, or choose another way to contact you")),
            Optional(),
            Length(max=1000, message=_l("Address must be 1,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )

    def validate_phone(self, field):
        value = (field.data or "").strip()
        digits = [c for c in value if c.isdigit()]
        if value and (len(digits) < 10 or any(c not in "0123456789 +()-" for c in value)):
            raise ValidationError(_l("Enter a phone number, like 01632 960 001 or 07700 900 982"))


class LanguageForm(QuestionForm):
    language = ChoiceField(
        _l("Which language should we write to you in?"),
        choices=[],  # filled from the shipped languages at request time
        validators=[InputRequired(_l("Select a language"))],
        invalid_message=_l("Select a language"),
    )
    other_language = StringField(
        _l("Which other language?"),
        validators=[
            RequiredWhen(lambda form: form.language.data == "other",
                         _l("Enter the language you would like us to use")),
            Optional(),
            Length(max=60, message=_l("Language must be 60 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    easy_read = ChoiceField(
        _l("Would you like easy read letters and pages?"),
        description=_l("Easy read uses short sentences and pictures."),
        choices=YES_NO_WOULD_LIKE,
        validators=[InputRequired(_l("Select yes if you would like easy read"))],
        invalid_message=_l("Select yes if you would like easy read"),
    )


ADJUSTMENTS = [
    ("large-print", _l("Large print")),
    ("phone-not-letters", _l("Phone calls instead of letters")),
    ("interpreter", _l("An interpreter")),
    ("easy-read", _l("Easy read")),
    ("more-time", _l("More time to reply to us")),
    ("single-contact", _l("One person to speak to")),
    ("other", _l("Something else")),
]


class AdjustmentsForm(QuestionForm):
    adjustments = SelectMultipleField(
        _l("Do you need us to do anything differently to help you?"),
        description=_l("Select all that apply. You can leave this blank."),
        choices=ADJUSTMENTS,
        widget=CheckboxesInput(),
        validate_choice=False,
    )
    adjustments_detail = TextAreaField(
        _l("Tell us more about what would help"),
        validators=[
            RequiredWhen(lambda form: "other" in (form.adjustments.data or []),
                         _l("Tell us what else would help")),
            Optional(),
            Length(max=2000, message=_l("This must be 2,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )

    def validate_adjustments(self, field):
        allowed = {value for value, _label in ADJUSTMENTS}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Select from the list"))


class AttachmentsForm(QuestionForm):
    attachment = FileField(
        _l("Upload a file (optional)"),
        widget=GovFileInput(),
    )
    upload = SubmitField(_l("Upload file"), widget=SubmitInput())


class SubmitCaseForm(FlaskForm):
    submit = SubmitField(_l("Send"), widget=SubmitInput())


class SafetyAlertForm(FlaskForm):
    message = TextAreaField(
        _l("Tell us what is happening (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("This must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    contact = StringField(
        _l("How can we reach you? (optional)"),
        description=_l("A phone number or email address, or where you are."),
        validators=[Optional(), Length(max=320, message=_l("This must be 320 characters or fewer"))],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Tell the council now"), widget=SubmitInput())


class CommentForm(QuestionForm):
    description = TextAreaField(
        _l("Tell us your comment"),
        description=_l("Tell us your idea or what you think. You do not need a reply."),
        validators=[
            DataRequired(_l("Enter your comment")),
            Length(max=LONG_TEXT, message=_l("Your comment must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class SaveDraftForm(FlaskForm):
    email = EmailField(_l("Your email address"), widget=GovTextInput(), validators=[
        InputRequired(_l("Enter your email address")),
        Email(_l("Enter an email address in the correct format, like name@example.com")),
        Length(max=320, message=_l("This must be 320 characters or fewer")),
    ])
    submit = SubmitField(_l("Send me a link"), widget=SubmitInput())
