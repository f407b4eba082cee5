"""Bad input to the public forms outside the journey: "Get help now", finding a case again,
and what a person can do from their private link (add information, withdraw)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal import casework, tracking
from portal.casework import Submission
from portal.database import writing
from portal.extensions import db
from portal.journey.forms import SafetyAlertForm
from portal.models import Attachment, AuditEvent, Case, CaseUpdate, SafeguardingAlert
from portal.web.tracking_forms import AddInformationForm, LookupForm, WithdrawForm
from tests.fuzz import strategies as S
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.forms import post, requests, specs_of
from tests.fuzz.properties import (
    Sent,
    as_received,
    assert_answers_kept,
    assert_no_server_error,
    assert_nothing_injected,
    assert_rejection_shown,
    page_of,
    too_large,
)

ANSWERS = dict(kind="complaint", role="parent", service="children-in-care", about="child",
               description="Family time was cancelled three times.", name="Pat Jones",
               contact_method="email", email="pat@example.com", phone="07700 900982")

#: Where a page says the person came from: the safety link carries it, or the Referer.
came_from = st.one_of(st.sampled_from([
    "/tell-us/kind", "/tell-us/what-happened?change=1", "http://localhost/track/case", "https://evil.example/x",
    "//evil.example/x", "javascript:alert(1)", "http://[abc", "//[", "http://a:99999999/", "/" + "a" * 400,
    "/tell-us/<script>alert(1)</script>", "/\x00", "\\\\evil.example", ""]), S.nasty_text)


def check_form_response(app, response, sent: Sent, *, accepted_to: str):
    """A form outside the journey: accepted (a redirect to `accepted_to`) or refused on the same page."""
    assert_no_server_error(response, sent)
    if too_large(response, sent, app):
        return page_of(response)
    assert response.status_code in (302, 400), (response.status_code, sent)
    if response.status_code == 302:
        assert sent.csrf_ok and response.location.startswith(accepted_to), response.location
        return None
    page = page_of(response)
    assert_nothing_injected(response, page, sent)
    if sent.csrf_ok:
        assert_rejection_shown(page, sent)
        assert_answers_kept(page, sent)
    return page


def test_get_help_now_refuses_bad_input_safely(fuzz_app, client_request, input_counter):
    target = "help-now"
    client = client_request.client
    token = client_request.csrf_token("/help-now")
    specs = specs_of(fuzz_app, SafetyAlertForm)

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"message": "My dad hit me.", "contact": "07700 900982"}),
           origin=came_from, as_referrer=st.booleans())
    def run(sent, origin, as_referrer):
        if as_referrer:
            # A header can carry only Latin-1; a browser would percent-encode the rest.
            header = origin.encode("utf-8").decode("latin-1")
            sent.headers["Referer"] = "".join(c for c in header if c not in "\r\n\x00")
        else:
            sent.query = urlencode({"from": origin})
        input_counter.add(target)
        response = post(client, "/help-now", sent)
        if check_form_response(fuzz_app, response, sent, accepted_to="/help-now/sent") is None:
            with fuzz_app.app_context():
                alert = db.session.scalars(select(SafeguardingAlert).order_by(SafeguardingAlert.id.desc())).first()
                assert alert.message == (as_received(sent.texts.get("message") or "").strip() or None)
                assert alert.contact == (as_received(sent.texts.get("contact") or "").strip() or None)
                assert alert.page is None or alert.page.startswith("/")
                db.session.remove()

    run()


def _new_case(app, **answers) -> tuple[str, str]:
    """A case sent through the web form's use case, and a private link to it."""
    with app.app_context():
        case = casework.submit(db.session, Submission(**{**ANSWERS, **answers}))
        with writing(db.session):
            token = tracking.new_link(db.session.merge(case))
        reference = case.reference
        db.session.remove()
    return reference, token


def test_finding_a_case_again_refuses_bad_input_safely(fuzz_app, client_request, input_counter):
    target = "track:lookup"
    client = client_request.client
    reference, _token = _new_case(fuzz_app)
    token = client_request.csrf_token("/track/")
    specs = specs_of(fuzz_app, LookupForm)
    near_reference = st.sampled_from([reference, reference.lower(), reference.replace("-", ""),
                                      f" {reference} ", reference[:-1], reference + "X", reference.replace("-", " ")])
    near_contact = st.sampled_from(["pat@example.com", "PAT@example.com ", "07700 900982", "07700900982",
                                    "+44 7700 900982", "pat@example", "900982"])

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"reference": reference, "contact": "pat@example.com"}),
           ref=near_reference, contact=near_contact, real=st.booleans())
    def run(sent, ref, contact, real):
        if real:  # half the time, something close to a real case
            for name, value in (("reference", ref), ("contact", contact)):
                if name in sent.texts:
                    sent.data.setlist(name, [value] + sent.data.getlist(name)[1:])
                    sent.texts[name] = value
        input_counter.add(target)
        response = post(client, "/track/", sent)
        check_form_response(fuzz_app, response, sent, accepted_to="/track/sent")

    run()


def _open_link(client, token):
    assert client.get(f"/track/{token}").status_code == 302


def test_adding_information_refuses_bad_text_and_files_safely(fuzz_app, client_request, input_counter):
    target = "track:add-information"
    client = client_request.client
    _reference, link = _new_case(fuzz_app)
    _open_link(client, link)
    path = "/track/case/add-information"
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, AddInformationForm)
    limit = fuzz_app.config["MAX_UPLOAD_BYTES"]
    folder = Path(fuzz_app.config["UPLOAD_FOLDER"])

    @fuzz_settings(target)
    @given(sent=requests(specs, token, upload_limit=limit, baseline={"text": "Here is the school's letter."}))
    def run(sent):
        with fuzz_app.app_context():
            before = db.session.scalar(select(CaseUpdate.id).order_by(CaseUpdate.id.desc()).limit(1)) or 0
            db.session.remove()
        input_counter.add(target)
        response = post(client, path, sent)
        if check_form_response(fuzz_app, response, sent, accepted_to="/track/case") is not None:
            return
        with fuzz_app.app_context():
            update = db.session.scalars(select(CaseUpdate).where(CaseUpdate.id > before)).one()
            if "text" in sent.texts:
                assert update.text == as_received(sent.texts["text"]).strip()
            for item in db.session.scalars(select(Attachment).where(Attachment.case_id == update.case_id)):
                assert (folder / item.stored_name).resolve().parent == folder.resolve()
                assert "/" not in item.original_name and 0 < item.size <= limit
            db.session.remove()

    run()


def test_withdrawing_refuses_bad_input_safely(fuzz_app, client_request, input_counter):
    target = "track:withdraw"
    client = client_request.client
    reference, link = _new_case(fuzz_app)
    _open_link(client, link)
    path = "/track/case/withdraw"
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, WithdrawForm)
    current = {"reference": reference}

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"reason": "It is sorted out now."}))
    def run(sent):
        input_counter.add(target)
        response = post(client, path, sent)
        if check_form_response(fuzz_app, response, sent, accepted_to="/track/case") is not None:
            return
        with fuzz_app.app_context():
            case = db.session.scalar(select(Case).where(Case.reference == current["reference"]))
            assert case.status == "withdrawn"
            event = db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                                AuditEvent.action == "withdrawn")).one()
            typed = as_received(sent.texts.get("reason", "")).strip()
            assert event.detail.get("reason") == (typed or None)
            db.session.remove()
        # Withdrawn cases cannot be withdrawn again: the next input goes to a new case.
        current["reference"], new_link = _new_case(fuzz_app)
        _open_link(client, new_link)

    run()
