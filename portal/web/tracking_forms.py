"""Forms for following a case: finding it again, adding information, withdrawing,
asking for the next stage or an advocate."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea, GovTextInput
from wtforms import FileField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.web.fields import SubmitInput
from portal.web.fields import WebForm as FlaskForm

LONG_TEXT = 5000


class LookupForm(FlaskForm):
    reference = StringField(_l("Your reference"), widget=GovTextInput(),
                            description=_l("It looks like KM4P-7XQA. It is on the page you saw when you sent it, and in our emails."),
                            validators=[InputRequired(_l("Enter your reference")),
                                        Length(max=20, message=_l("Enter your reference, like KM4P-7XQA"))])
    contact = StringField(_l("The email address or phone number you gave us"), widget=GovTextInput(),
                          validators=[InputRequired(_l("Enter the email address or phone number you gave us")),
                                      Length(max=320, message=_l("This must be 320 characters or fewer"))])
    submit = SubmitField(_l("Send me a new link"), widget=SubmitInput())


class AddInformationForm(FlaskForm):
    text = TextAreaField(_l("What would you like to add?"), widget=GovTextArea(),
                         validators=[Optional(), Length(max=LONG_TEXT, message=_l("This must be 5,000 characters or fewer"))])
    attachment = FileField(_l("Add a file (optional)"), widget=GovFileInput())
    submit = SubmitField(_l("Send"), widget=SubmitInput())


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why are you withdrawing it? (optional)"), widget=GovTextArea(),
                           description=_l("You do not have to tell us."),
                           validators=[Optional(), Length(max=LONG_TEXT, message=_l("This must be 5,000 characters or fewer"))])
    submit = SubmitField(_l("Withdraw my complaint"), widget=SubmitInput())


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Yes, ask now"), widget=SubmitInput())
