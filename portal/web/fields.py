"""WTForms fields and widgets that speak the person's language.

govuk-frontend-wtf hard-codes English in its date widget and WTForms has English
messages of its own; every message here is ours and translated (design.md, pitfalls).
"""

from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovDateInput, GovRadioInput, GovSubmitInput
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field, FileField, IntegerField, RadioField
from wtforms import SelectField as WTFormsSelectField
from wtforms.validators import StopValidation, ValidationError

from portal.web import fragments


class WebForm(FlaskForm):
    """Flask-WTF's form, reading only what a browser's form can send.

    Flask-WTF hands an uploaded file to whichever field has its name, and reads a JSON
    body as the form: a text field then gets a file or a number and fails with a server
    error. Here a file reaches only a file field, and a JSON body is not a form.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is None or hasattr(formdata, "getlist"):
                return formdata  # passed in by the view
            if not form.is_submitted():
                return None
            file_fields = {field.name for field in form if isinstance(field, FileField)}
            files = MultiDict([(name, value) for name, value in request.files.items(multi=True)
                               if name in file_fields])
            return CombinedMultiDict((files, request.form)) if files else request.form

# Yes and No as answers to one kind of question. Welsh answers with the question's own
# verb (Ydy/Nac ydy, Oes/Nac oes, Hoffwn/Na hoffwn, Do/Naddo), so each kind of question
# has its own context (design.md, pitfalls).
YES_NO_IS = [("yes", lazy_pgettext("answer to 'is it'", "Yes")), ("no", lazy_pgettext("answer to 'is it'", "No"))]
YES_NO_IS_THERE = [("yes", lazy_pgettext("answer to 'is there'", "Yes")),
                   ("no", lazy_pgettext("answer to 'is there'", "No"))]
YES_NO_DOES = [("yes", lazy_pgettext("answer to 'does it'", "Yes")), ("no", lazy_pgettext("answer to 'does it'", "No"))]
YES_NO_WOULD_LIKE = [("yes", lazy_pgettext("answer to 'would you like'", "Yes")),
                     ("no", lazy_pgettext("answer to 'would you like'", "No"))]
YES_NO_DID = [("yes", lazy_pgettext("answer to 'did they'", "Yes")), ("no", lazy_pgettext("answer to 'did they'", "No"))]


class RequiredWhen:
    """Required when another answer calls for it, e.g. an email address when email is chosen.

    Put it before Optional(): Optional stops the chain on an empty field, so a form's
    own validate_<field> method would never see the field empty.
    """

    def __init__(self, condition, message):
        self.condition = condition
        self.message = message

    def __call__(self, form, field):
        value = field.data
        empty = not value.strip() if isinstance(value, str) else not value
        if empty and self.condition(form):
            raise StopValidation(self.message)


class _RenderedOnce:
    """A GOV.UK widget whose parameters hold only fixed choices and our own words, so
    it is rendered once per distinct parameters and reused (portal/web/fragments.py)."""

    def render(self, params):
        return fragments.render_component(self.template, params)


class RadioInput(_RenderedOnce, GovRadioInput):
    pass


class CheckboxesInput(_RenderedOnce, GovCheckboxesInput):
    pass


class SubmitInput(_RenderedOnce, GovSubmitInput):
    pass


class ChoiceField(RadioField):
    """Radios whose 'not one of the choices' message is translated, not WTForms' English."""

    widget = RadioInput()

    def __init__(self, label=None, validators=None, *, invalid_message, hints=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message
        self.hints = hints or {}

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.iter_choices_values()}:
            raise ValidationError(self.invalid_message)

    def iter_choices_values(self):
        for choice in self.choices:
            yield choice[0], choice[1]

    def process_formdata(self, valuelist):
        # A duplicated field takes its first value; WTForms would too, but never raise.
        self.data = valuelist[0] if valuelist else None

    def gov_params(self):
        """Item hints for govukRadios, in the order of the choices."""
        return {
            "items": [
                {"hint": {"text": self.hints[value]}} if value in self.hints else {}
                for value, _label in self.iter_choices_values()
            ]
        }


class SelectField(WTFormsSelectField):
    """A select whose 'not one of the choices' message is ours and translated, not WTForms' English.

    A browser only sends an option of the list; anything else is a crafted request."""

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(_l("Select from the list")) from None


class PoundsField(IntegerField):
    """A whole number of pounds, with our translated message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
            if self.data is not None:
                float(self.data)  # NumberRange compares it as a float: 10**400 is no sum of money
        except (ValueError, OverflowError):
            self.data = None
            raise ValueError(_l("Enter a whole number of pounds")) from None


class SafeDateInput(GovDateInput):
    """The GOV.UK date input with translated part labels, safe with missing parts."""

    def map_gov_params(self, field, **kwargs):
        parts = list(field.raw_data or [])
        if len(parts) != 3:
            # A partial or malformed POST: show what there is, never raise.
            parts = (parts + ["", "", ""])[:3]
        saved = field.raw_data
        field.raw_data = parts if field.raw_data is not None else None
        try:
            params = super().map_gov_params(field, **kwargs)
        finally:
            field.raw_data = saved
        labels = (_l("Day"), _l("Month"), _l("Year"))
        for item, label in zip(params["items"], labels):
            item["label"] = str(label)
        return params


#: The years a date in a form can be in: no child, complaint or deadline is outside them.
FIRST_YEAR, LAST_YEAR = 1900, 2199


class DatePartsField(Field):
    """A date typed as day, month and year, as GOV.UK asks for it.

    Kept as typed when it is wrong, so the person can correct it rather than retype it.
    """

    widget = SafeDateInput()

    def __init__(self, label=None, validators=None, *, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def _value(self):
        return ""

    def process_formdata(self, valuelist):
        self.raw_data = [str(v).strip() for v in valuelist[:3]]
        if len(self.raw_data) < 3:
            self.raw_data += [""] * (3 - len(self.raw_data))
        self.data = None
        day, month, year = self.raw_data
        if len(valuelist) > 3:
            # Not sent by a browser: which parts are the date cannot be known.
            raise ValueError(_l("Enter the date as numbers for the day, month and year, like 27 3 2025"))
        if not any(self.raw_data):
            return
        if not all(p.isdigit() for p in self.raw_data) or len(year) != 4:
            raise ValueError(_l("Enter the date as numbers for the day, month and year, like 27 3 2025"))
        try:
            self.data = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # 31 2 2025; a day of 99999999999999999999
            raise ValueError(_l("Enter a real date, like 27 3 2025")) from error
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            # Deadlines are counted in working days from it: 9999 would run off the calendar.
            self.data = None
            raise ValueError(_l("Enter a real date, like 27 3 2025"))

    def process_data(self, value):
        if isinstance(value, str) and value:
            value = date.fromisoformat(value)
        self.data = value
        self.raw_data = value.strftime("%-d %-m %Y").split(" ") if value else None

    def pre_validate(self, form):
        if self.process_errors:
            return
        if self.data is None and self.required_message:
            raise ValidationError(self.required_message)
