"""Every email template renders in every shipped language, with no missing variable."""

from __future__ import annotations

from datetime import date, datetime, timezone

import jinja2
import pytest

from portal import correspondence
from portal.models import Case, Contact, Deadline, SafeguardingAlert


def _case(language: str, procedure: str, easy_read: bool) -> Case:
    case = Case(id=1, reference="KM4P-7XQA", kind="complaint", procedure=procedure,
                flags=["advocacy", "own-treatment"], reasons=["A reason."], needs_review=True,
                received_on=date(2026, 11, 25), complainant_role="parent", service="children-in-care",
                description="What happened", desired_outcome="An apology", language=language,
                easy_read=easy_read, adjustments=["large-print"], wants_advocate=True)
    case.contacts = [Contact(role="complainant", name="Pat", email="pat@example.com",
                             preferred_method="email", phone="07700 900982")]
    case.deadlines = [Deadline(step="acknowledgement", started_on=date(2026, 11, 25), due_on=date(2026, 11, 27)),
                      Deadline(step="stage1", started_on=date(2026, 11, 25), due_on=date(2026, 12, 9))]
    return case


@pytest.fixture
def strict(app):
    previous = app.jinja_env.undefined
    app.jinja_env.undefined = jinja2.StrictUndefined
    yield app
    app.jinja_env.undefined = previous


@pytest.mark.parametrize("procedure", ["statutory", "corporate"])
@pytest.mark.parametrize("easy_read", [False, True])
def test_every_notice_renders_in_every_language(strict, procedure, easy_read):
    with strict.app_context(), strict.test_request_context():
        for language in strict.config["LANGUAGES"]:
            case = _case(language, procedure, easy_read)
            messages = correspondence.for_new_case(case)
            messages += [
                correspondence.extension_notice(case, new_date=date(2026, 12, 23), reason="Complex"),
                correspondence.suspension_notice(case, reason="Court", legal=True),
                correspondence.stage_response(case, next_stage_by=date(2027, 1, 20)),
                correspondence.for_safeguarding_alert(
                    SafeguardingAlert(id=3, raised_at=datetime.now(timezone.utc), source="journey"), case),
            ]
            purposes = {m.purpose for m in messages}
            assert purposes == {"acknowledgement", "advocacy-referral", "extension-notice",
                                "suspension-notice", "stage-response", "safeguarding-alert"}
            for message in messages:
                assert "KM4P-7XQA" in message.body_text or message.purpose == "safeguarding-alert"
                assert message.subject


def test_corporate_extension_gives_the_ombudsmans_details_and_statutory_does_not(strict):
    with strict.app_context(), strict.test_request_context():
        corporate = correspondence.extension_notice(_case("en", "corporate", False),
                                                    new_date=date(2026, 12, 23), reason="Complex")
        statutory = correspondence.extension_notice(_case("en", "statutory", False),
                                                    new_date=date(2026, 12, 23), reason="Complex")
    assert "Ombudsman" in corporate.body_text and "23 December 2026" in corporate.body_text
    assert "Ombudsman" not in statutory.body_text
