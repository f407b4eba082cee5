"""The annual report's forms: which period, and a file of past years to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect
from wtforms import SelectField, SubmitField
from wtforms.validators import ValidationError

from portal.web.fields import DatePartsField, SubmitInput


class YearForm(FlaskForm):
    """A financial year, chosen from a list (sent by GET: nothing changes)."""

    class Meta:
        csrf = False

    year = SelectField(_l("Financial year"), widget=GovSelect(), validate_choice=False)
    show = SubmitField(_l("Show this year"), widget=SubmitInput())


class RangeForm(FlaskForm):
    """Any range of dates (sent by GET: nothing changes)."""

    class Meta:
        csrf = False

    start = DatePartsField(_l("From"), required_message=_l("Enter the first day of the period"))
    end = DatePartsField(_l("To"), required_message=_l("Enter the last day of the period"))
    show_dates = SubmitField(_l("Show these dates"), widget=SubmitInput())

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day must be the same as or after the first day"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file of past cases"), widget=GovFileInput(),
                     validators=[FileRequired(_l("Choose a CSV file to import"))])
    submit = SubmitField(_l("Check and import"), widget=SubmitInput())
