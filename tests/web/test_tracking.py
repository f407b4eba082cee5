"""Following a case by private link: access rules, the status page, and what the person
can do there (add information, withdraw, ask for an advocate or the next stage)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal import handling, outbox, tracking
from portal.extensions import db
from portal.models import AuditEvent, Case, CaseUpdate, Message, Officer, TrackingLink
from portal.rules import add_working_days
from tests.conftest import normalise
from tests.web.journey import complete_journey, path_of


def _submit(client_request, overrides=None):
    _visited, confirmation = complete_journey(client_request, overrides)
    page = client_request.get(confirmation)
    link = page.select_one(".app-tracking-link a")["href"]
    return confirmation.rsplit("/", 1)[1], path_of(link)


def _text(response):
    return normalise(BeautifulSoup(response.data, "html.parser"))


def _case(app, reference):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        db.session.expunge(case)
        return case


def _officer(app):
    with app.app_context():
        officer = Officer(email="o@example.gov.uk", name="Olive", password_hash="x")
        db.session.add(officer)
        db.session.commit()
        return db.session.get(Officer, officer.id)


def test_the_confirmation_link_opens_the_status_page_without_an_account(app, client_request):
    reference, link = _submit(client_request)
    assert link.startswith("/track/") and len(link.split("/")[-1]) >= 32
    assert client_request.get(link, expected_status=302).endswith("/track/case")
    page = client_request.get("/track/case")
    text = normalise(page)
    assert reference in text
    # The acknowledgement went at once (to the file sink), so the case is under way.
    assert "Being looked into" in text and "We aim to send our answer by" in text
    assert "We wrote to say we have it." in text
    assert "Children's complaints procedure" in text
    assert "Family time was cancelled three times." in text  # what they told us


def test_a_new_browser_with_the_link_sees_the_case_and_one_without_sees_nothing(app, client_request, client):
    reference, link = _submit(client_request)
    fresh = app.test_client()
    assert fresh.get("/track/case").status_code == 404
    assert fresh.get(link).status_code == 302
    assert reference in fresh.get("/track/case").get_data(as_text=True)


def test_tokens_are_stored_hashed_and_emails_carry_a_working_link(app, client_request, tmp_path):
    reference, _link = _submit(client_request)
    with app.app_context():
        stored = db.session.scalar(select(Message).where(Message.purpose == "acknowledgement"))
        assert tracking.PLACEHOLDER in stored.body_text and "/track/" not in stored.body_text
        assert stored.status == "sent"  # sent after the response, to the file sink
        hashes = db.session.scalars(select(TrackingLink.token_hash)).all()
    sent = next(Path(app.config["MAIL_SINK_FOLDER"]).glob(f"{stored.id:08d}-acknowledgement.eml")).read_text()
    url = next(line for line in sent.splitlines() if "/track/" in line).strip()
    token = url.rsplit("/track/", 1)[1]
    assert token not in hashes and tracking._hash(token) in hashes
    fresh = app.test_client()
    assert fresh.get(f"/track/{token}").status_code == 302
    assert reference in fresh.get("/track/case").get_data(as_text=True)


@pytest.mark.parametrize("token", ["nope", "A" * 32, "x" * 500, "KM4P-7XQA"])
def test_wrong_tokens_get_the_same_answer(app, client, token):
    response = client.get(f"/track/{token}")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_expired_and_revoked_links_get_the_same_answer_as_wrong_ones(app, client_request):
    reference, link = _submit(client_request)
    wrong = _text(app.test_client().get("/track/" + "B" * 32))
    with app.app_context():
        for stored in db.session.scalars(select(TrackingLink)):
            stored.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
        db.session.commit()
    expired = app.test_client().get(link)
    assert expired.status_code == 404 and _text(expired) == wrong
    with app.app_context():
        for stored in db.session.scalars(select(TrackingLink)):
            stored.expires_at = datetime.now(timezone.utc) + timedelta(days=1)
        db.session.commit()
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        tracking.revoke_all(db.session, case.id, db.session.merge(_officer(app)))
    revoked = app.test_client().get(link)
    assert revoked.status_code == 404 and _text(revoked) == wrong
    # A browser that opened the link before it was revoked loses the page too.
    assert client_request.client.get("/track/case").status_code == 404


def test_a_link_opens_only_its_own_case(app, client_request):
    first, link = _submit(client_request)
    second, _other = _submit(client_request)
    fresh = app.test_client()
    fresh.get(link)
    page = fresh.get("/track/case").get_data(as_text=True)
    assert first in page and second not in page


def test_a_lost_link_is_sent_again_only_when_reference_and_contact_match(app, client_request):
    reference, _link = _submit(client_request)
    client_request.get("/track/")
    sent_page = client_request.get(client_request.post("/track/", {"reference": reference.lower().replace("-", ""),
                                                                   "contact": "PAT@example.com"}))
    other = client_request.get(client_request.post("/track/", {"reference": reference, "contact": "someone@else.com"}))
    unknown = client_request.get(client_request.post("/track/", {"reference": "ZZZZ-ZZZZ", "contact": "pat@example.com"}))
    assert normalise(sent_page) == normalise(other) == normalise(unknown)
    with app.app_context():
        links = db.session.scalars(select(Message).where(Message.purpose == "tracking-link")).all()
        assert len(links) == 1 and links[0].recipient == "pat@example.com"


def test_the_lookup_form_keeps_what_was_typed_when_something_is_missing(client_request):
    page = client_request.post("/track/", {"reference": "KM4P-7XQA", "contact": ""}, expected_status=400)
    assert page.select_one("input[name=reference]")["value"] == "KM4P-7XQA"
    assert "Enter the email address or phone number you gave us" in normalise(page.select_one(".govuk-error-summary"))


def test_phone_only_people_get_their_link_through_the_complaints_team(app, client_request):
    reference, _link = _submit(client_request, {"contact": {"name": "Pat", "contact_method": "phone",
                                                            "phone": "07700 900123"}})
    client_request.post("/track/", {"reference": reference, "contact": "07700900123"})
    with app.app_context():
        message = db.session.scalar(select(Message).where(Message.purpose == "tracking-link-by-phone"))
        assert message.recipient == app.config["COUNCIL_COMPLAINTS_EMAIL"]


def test_adding_information_reaches_the_case_and_the_handler(app, client_request):
    reference, link = _submit(client_request)
    client_request.get(link, expected_status=302)
    client_request.get("/track/case/add-information")
    page = client_request.post("/track/case/add-information", {"text": ""}, expected_status=400)
    assert "Enter what you would like to add, or choose a file" in normalise(page)
    location = client_request.post("/track/case/add-information", {"text": "The meeting on 3 March was also cancelled."})
    page = client_request.get(path_of(location))
    assert "We have added it to your case" in normalise(page)
    assert "You sent us more information." in normalise(page)
    with app.app_context():
        assert db.session.scalar(select(CaseUpdate.text)) == "The meeting on 3 March was also cancelled."
        purposes = db.session.scalars(select(Message.purpose)).all()
        assert "handler-notice" in purposes and "action-received" in purposes
        assert "information-added" in db.session.scalars(select(AuditEvent.action)).all()


def test_withdrawing_closes_the_complaint(app, client_request):
    reference, link = _submit(client_request)
    client_request.get(link, expected_status=302)
    client_request.get("/track/case/withdraw")
    page = client_request.get(path_of(client_request.post("/track/case/withdraw", {"reason": "Sorted now."})))
    assert "Withdrawn" in normalise(page)
    assert _case(app, reference).status == "withdrawn"
    assert "Withdraw your complaint" not in normalise(page)


def test_asking_for_an_advocate_tells_the_advocacy_service(app, client_request):
    reference, link = _submit(client_request)
    client_request.get(link, expected_status=302)
    client_request.get("/track/case/advocate")
    client_request.post("/track/case/advocate", {})
    case = _case(app, reference)
    assert case.wants_advocate and "advocacy" in case.flags
    with app.app_context():
        assert db.session.scalar(select(Message).where(Message.purpose == "advocacy-referral")) is not None


def _respond(app, reference, on):
    officer = _officer(app)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        handling.add_point(db.session, case.id, officer, summary="Family time cancelled")
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        handling.record_finding(db.session, case.id, officer, point_id=case.points[0].id, finding="upheld",
                                explanation=None)
        handling.record_response(db.session, case.id, officer, on=on, summary="Sorry.")


@pytest.mark.parametrize("late", [False, True])
def test_asking_for_the_next_stage_inside_and_after_the_window(app, client_request, monkeypatch, late):
    reference, link = _submit(client_request)
    responded = date(2026, 3, 2)
    _respond(app, reference, responded)
    last_day = add_working_days(responded, 20)
    asked = add_working_days(last_day, 1) if late else last_day
    monkeypatch.setattr("portal.web.tracking.today", lambda: asked)
    monkeypatch.setattr("portal.case_status.date", date)  # nothing else moves
    client_request.get(link, expected_status=302)
    page = client_request.get("/track/case")
    assert "Ask for the next stage" in normalise(page)
    client_request.get("/track/case/next-stage")
    page = client_request.get(path_of(client_request.post("/track/case/next-stage", {})))
    case = _case(app, reference)
    if late:
        assert case.status == "stage-request-pending" and case.needs_review and case.stage == 1
        assert "a complaints officer will decide" in normalise(page)
    else:
        assert case.status == "in-progress" and case.stage == 2
        assert "We have started the next stage" in normalise(page)


def test_an_advocate_sees_only_where_the_case_is_until_the_child_agrees(app, client_request):
    reference, link = _submit(client_request, {"role": {"role": "advocate"}, "consent": {"consent": "no"}})
    client_request.get(link, expected_status=302)
    text = normalise(client_request.get("/track/case"))
    assert reference in text
    assert "Family time was cancelled three times." not in text
    assert "We are checking that the child or young person agrees" in text


def test_internal_notes_never_reach_the_status_page(app, client_request):
    reference, link = _submit(client_request)
    officer = _officer(app)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        handling.add_note(db.session, case.id, officer, text="Internal: mother is difficult")
    client_request.get(link, expected_status=302)
    assert "Internal: mother is difficult" not in normalise(client_request.get("/track/case"))
