"""Bad input to the officers' forms: signing in, every action on a case, flag decisions,
findings, recording feedback received another way, and adding an officer."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from admin import actions
from admin.forms import CodeForm, FindingForm, OfficerForm, RecordCaseForm, SignInForm
from portal import casework, handling, officers
from portal.casework import Submission
from portal.extensions import db
from portal.models import AuditEvent, Case, Officer, Point
from portal.rules import add_working_days, deadline
from tests.admin.conftest import PASSWORD, sign_in
from tests.fuzz import strategies as S
from tests.fuzz.conftest import ADMIN_ACTIONS, fuzz_settings
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
               contact_method="email", email="pat@example.com")
ADMIN_EMAIL = "ada@example.gov.uk"


def _make_officer(app, email, role="administrator"):
    """An officer whose authenticator is set up (as tests/admin/conftest.py makes them)."""
    with app.app_context():
        officer = officers.create(db.session, email=email, name="Ada Admin", password=PASSWORD, role=role)
        secret = pyotp.random_base32()
        earlier = datetime.now(timezone.utc) - timedelta(seconds=60)
        officers.confirm_second_factor(db.session, officer.id, secret, pyotp.TOTP(secret).at(earlier), now=earlier)
        officer_id = officer.id
        db.session.remove()
    return officer_id, secret


@pytest.fixture
def administrator(fuzz_app, client_request):
    """Signed in as an administrator, who may do everything an officer can."""
    officer_id, secret = _make_officer(fuzz_app, ADMIN_EMAIL)
    assert sign_in(client_request, ADMIN_EMAIL, secret).endswith("/admin/queue")
    client_request.officer_id = officer_id
    return client_request


# Cases in the state each action needs ---------------------------------------------------------

def _use(app, reference, use_case, **kwargs):
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.reference == reference))
        by = db.session.scalar(select(Officer).where(Officer.email == ADMIN_EMAIL))
        result = getattr(handling, use_case)(db.session, case_id, by, **kwargs)
        result_id = getattr(result, "id", None)
        db.session.remove()
    return result_id


def _received(app, reference):
    with app.app_context():
        try:
            return db.session.scalar(select(Case.received_on).where(Case.reference == reference))
        finally:
            db.session.remove()


def _respondable(app, reference):
    point = _use(app, reference, "add_point", summary="Family time cancelled")
    _use(app, reference, "record_finding", point_id=point, finding="upheld", explanation=None)


def _responded(app, reference):
    _respondable(app, reference)
    _use(app, reference, "record_response", on=_received(app, reference), summary=None)


def _stage_2(app, reference):
    _responded(app, reference)
    _use(app, reference, "request_next_stage", asked_on=_received(app, reference))


def _stage_3(app, reference):
    _stage_2(app, reference)
    received = _received(app, reference)
    _use(app, reference, "record_statement", agreed_on=received, statement="Statement",
         investigating_officer="Ivy", independent_person="Ian")
    _responded(app, reference)
    _use(app, reference, "request_next_stage", asked_on=received)


SET_UP = {
    "resume": lambda app, ref: _use(app, ref, "suspend", cause="advocate", reason="Advocate awaited",
                                    on=_received(app, ref)),
    "respond": _respondable,
    "next-stage": _responded,
    "close": _responded,
    "statement": _stage_2,
    "adjudicator": _stage_2,
    "panel": _stage_3,
}


BLANK = ["", "", ""]


def parts(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def good_answers(name, received, officer_id) -> dict:
    """A good answer to each action's form, for a case received on `received`."""
    return {
        "procedure": {"procedure": "corporate", "reason": "Only about the father's treatment"},
        "acknowledge": {"method": "post", "on": parts(received)},
        "assign": {"handler": str(officer_id), "team": "North"},
        "extend": {"step": "stage1", "new_due": parts(deadline("statutory", "stage1", received, True)),
                   "reason": "Three services to interview"},
        "suspend": {"cause": "information", "reason": "Waiting for the school's report", "on": parts(received)},
        "resume": {"on": parts(add_working_days(received, 2))},
        "point": {"summary": "Nobody called back"},
        "respond": {"on": parts(received), "summary": "Letter sent"},
        "next-stage": {"asked_on": parts(received), "late_reason": ""},
        "statement": {"agreed_on": parts(received), "statement": "Two points", "investigating_officer": "Ivy Io",
                      "independent_person": "Ian Ip"},
        "adjudicator": {"adjudicator": "Sue Senior"},
        "panel": {"panel_on": parts(received), "chair": "Cara Chair", "member_2": "Sam Second",
                  "member_3": "Tia Third", "report_on": BLANK, "cost": "1200"},
        "remedy": {"kind": "apology", "detail": "A letter of apology", "due_on": parts(received), "amount": ""},
        "learning": {"service": "children-in-care", "action": "Tell families about cancellations", "due_on": BLANK},
        "ombudsman": {"referred_on": parts(received), "reference": "26 001 234", "outcome": "premature",
                      "decided_on": BLANK},
        "restrict": {"restriction": "One email address only", "reason": "Abusive calls", "starts_on": parts(received),
                     "ends_on": parts(add_working_days(received, 250)),
                     "review_on": parts(add_working_days(received, 120))},
        "note": {"text": "Father was upset on the phone"},
        "revoke-links": {},
        "close": {"on": parts(received)},
        "withdraw": {"on": parts(received), "reason": "Sorted out"},
    }[name]


def new_case(app, action=None, **answers) -> str:
    """A case sent through the web form's use case, brought to where `action` is offered."""
    with app.app_context():
        reference = casework.submit(db.session, Submission(**{**ANSWERS, **answers})).reference
        db.session.remove()
    if action in SET_UP:
        SET_UP[action](app, reference)
    return reference


def check_officer_response(app, response, sent: Sent, *, accepted_to: str):
    assert_no_server_error(response, sent)
    if too_large(response, sent, app):
        return page_of(response)
    assert response.status_code in (302, 400), (response.status_code, sent)
    if response.status_code == 302:
        assert sent.csrf_ok and response.location.startswith(accepted_to), (response.location, sent)
        return None
    page = page_of(response)
    assert_nothing_injected(response, page, sent)
    if sent.csrf_ok:
        assert_rejection_shown(page, sent)
        assert_answers_kept(page, sent)
    return page


def _case_page_shows_it_as_text(client, reference, sent):
    """What was saved is on the case page as text, never as markup."""
    response = client.get(f"/admin/cases/{reference}")
    assert response.status_code == 200
    assert_nothing_injected(response, page_of(response), sent)


# Signing in -----------------------------------------------------------------------------------

def test_signing_in_refuses_bad_input_safely(fuzz_app, client_request, input_counter):
    target = "admin:sign-in"
    client = client_request.client
    _make_officer(fuzz_app, ADMIN_EMAIL)
    token = client_request.csrf_token("/admin/sign-in")
    specs = specs_of(fuzz_app, SignInForm)

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"email": ADMIN_EMAIL, "password": PASSWORD}), real=st.booleans())
    def run(sent, real):
        if real and "email" in sent.texts:  # a real account, with the wrong password
            sent.data.setlist("email", [ADMIN_EMAIL.upper()])
            sent.texts["email"] = ADMIN_EMAIL.upper()
        input_counter.add(target)
        response = post(client, "/admin/sign-in", sent)
        check_officer_response(fuzz_app, response, sent, accepted_to="/admin/sign-in/")

    run()


def test_the_security_code_refuses_bad_input_safely(fuzz_app, client_request, input_counter):
    target = "admin:sign-in-code"
    client = client_request.client
    officer_id, _secret = _make_officer(fuzz_app, ADMIN_EMAIL)
    with fuzz_app.app_context():
        # A wrong code is checked against every unused recovery code (scrypt, slow): keep one.
        officer = db.session.get(Officer, officer_id)
        del officer.recovery_codes[1:]
        db.session.commit()
        db.session.remove()
    assert client_request.post("/admin/sign-in", {"email": ADMIN_EMAIL, "password": PASSWORD}).endswith("/code")
    token = client_request.csrf_token("/admin/sign-in/code")
    specs = specs_of(fuzz_app, CodeForm)
    codes = st.one_of(st.integers(0, 999_999).map(lambda n: f"{n:06d}"), st.sampled_from(
        ["", "000000", "12345", "1234567", "١٢٣٤٥٦", "１２３４５６", " 123456 ", "123 456", "abcd-efgh"]))

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"code": "123456"}), code=codes, data=st.data())
    def run(sent, code, data):
        if "code" in sent.texts and data.draw(st.booleans()):
            sent.data.setlist("code", [code])
            sent.texts["code"] = code
        input_counter.add(target)
        response = post(client, "/admin/sign-in/code", sent)
        assert_no_server_error(response, sent)
        if response.status_code == 302:  # a lucky guess, or the wait between the two pages ran out
            client_request.post("/admin/sign-out", {"csrf_token": token}, csrf=False)
            client_request.post("/admin/sign-in", {"email": ADMIN_EMAIL, "password": PASSWORD})
            return
        check_officer_response(fuzz_app, response, sent, accepted_to="/admin/")

    run()


# Each action on a case -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ADMIN_ACTIONS)
def test_each_action_on_a_case_refuses_bad_input_safely(fuzz_app, administrator, input_counter, name):
    assert set(ADMIN_ACTIONS) == set(actions.ACTIONS), "an action with no fuzz target"
    target = f"admin:action:{name}"
    client = administrator.client
    current = {"reference": new_case(fuzz_app, name)}
    path = lambda: f"/admin/cases/{current['reference']}/{name}"  # noqa: E731
    page = administrator.get(path())
    token = page.select_one("main form input[name=csrf_token]")["value"]
    choices = {"handler": ["", str(administrator.officer_id)], "step": ["stage1"]}
    specs = specs_of(fuzz_app, actions.ACTIONS[name].form, choices)
    baseline = good_answers(name, _received(fuzz_app, current["reference"]), administrator.officer_id)

    @fuzz_settings(target)
    @given(sent=requests(specs, token, query=True, baseline=baseline))
    def run(sent):
        input_counter.add(target)
        response = post(client, path(), sent)
        page = check_officer_response(fuzz_app, response, sent, accepted_to=f"/admin/cases/{current['reference']}")
        if page is not None:
            if response.status_code == 400 and sent.csrf_ok:  # (an expired token gets the "expired" page)
                assert page.select_one("main form")["action"].startswith(path())
            return
        _case_page_shows_it_as_text(client, current["reference"], sent)
        # The action changed the case: the next input goes to a case where it is offered again.
        current["reference"] = new_case(fuzz_app, name)

    run()


def test_flag_decisions_refuse_bad_input_safely(fuzz_app, administrator, input_counter):
    target = "admin:flag"
    client = administrator.client
    current = {"reference": new_case(fuzz_app, role="relative")}  # a relative: eligibility to decide
    path = lambda: f"/admin/cases/{current['reference']}/flags/eligibility"  # noqa: E731
    token = administrator.csrf_token(path())
    with fuzz_app.test_request_context():
        specs = specs_of(fuzz_app, type(actions.flag_form("eligibility")),
                         {"choice": ["accepted", "refused"]})

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"choice": "accepted", "reason": "Grandmother who cares for him"}))
    def run(sent):
        input_counter.add(target)
        response = post(client, path(), sent)
        if check_officer_response(fuzz_app, response, sent, accepted_to=f"/admin/cases/{current['reference']}") is None:
            _case_page_shows_it_as_text(client, current["reference"], sent)
            current["reference"] = new_case(fuzz_app, role="relative")

    run()


def test_findings_refuse_bad_input_safely(fuzz_app, administrator, input_counter):
    target = "admin:finding"
    client = administrator.client
    reference = new_case(fuzz_app)
    token = administrator.csrf_token(f"/admin/cases/{reference}/note")
    specs = specs_of(fuzz_app, FindingForm)
    summary = S.nasty_text.map(lambda t: as_received(t).strip()[:5000]).filter(bool)

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"finding": "upheld", "explanation": "One call was missed"}),
           point_summary=summary, wrong_id=st.one_of(st.none(), st.sampled_from(["0", "2147483648", "9" * 30])))
    def run(sent, point_summary, wrong_id):
        # The point's own words (typed by an officer) are shown above the form.
        point_id = _use(fuzz_app, reference, "add_point", summary=point_summary)
        input_counter.add(target)
        if wrong_id is not None:  # an id no row can have
            response = post(client, f"/admin/cases/{reference}/points/{wrong_id}", sent)
            assert response.status_code == 404, (response.status_code, wrong_id)
            return
        response = post(client, f"/admin/cases/{reference}/points/{point_id}", sent)
        page = check_officer_response(fuzz_app, response, sent, accepted_to=f"/admin/cases/{reference}")
        if page is not None:
            if response.status_code == 400 and sent.csrf_ok:
                assert " ".join(point_summary.split()) in " ".join(page.get_text(" ").split())
            return
        with fuzz_app.app_context():
            point = db.session.get(Point, point_id)
            typed = as_received(sent.texts.get("explanation") or "").strip()
            assert point.explanation == (typed or None)
            db.session.remove()

    run()


# Recording feedback received another way, and adding an officer --------------------------------

def test_recording_feedback_refuses_bad_input_safely_and_keeps_what_is_accepted(fuzz_app, administrator,
                                                                                input_counter):
    target = "admin:record-case"
    client = administrator.client
    token = administrator.csrf_token("/admin/cases/new")
    specs = specs_of(fuzz_app, RecordCaseForm)
    baseline = {
        "channel": "phone", "received": parts(date.today()), "kind": "complaint", "role": "parent",
        "service": "children-in-care", "about": "child", "description": "Family time was cancelled.",
        "desired_outcome": "", "events_date": BLANK, "name": "Pat Jones", "contact_method": "email",
        "email": "pat@example.com", "phone": "", "address": "", "child_name": "", "legal_proceedings": "no",
        "unsafe_now": "no", "wants_advocate": "no"}

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline=baseline))
    def run(sent):
        input_counter.add(target)
        response = post(client, "/admin/cases/new", sent)
        if check_officer_response(fuzz_app, response, sent, accepted_to="/admin/cases/") is not None:
            return
        reference = response.location.rstrip("/").rsplit("/", 1)[1]
        with fuzz_app.app_context():
            case = db.session.scalar(select(Case).where(Case.reference == reference))
            contact = case.contact("complainant")
            typed = {name: as_received(value) for name, value in sent.texts.items()}
            assert case.description == typed["description"].strip()
            assert contact.name == typed["name"].strip()
            assert case.desired_outcome == (typed.get("desired_outcome", "").strip() or None)
            for name in ("email", "phone", "address"):
                assert getattr(contact, name) == (typed.get(name, "").strip() or None), name
            assert case.description and contact.name  # never accepted blank
            db.session.remove()
        _case_page_shows_it_as_text(client, reference, sent)

    run()


def test_adding_an_officer_refuses_bad_input_safely(fuzz_app, administrator, input_counter):
    target = "admin:officer-new"
    client = administrator.client
    token = administrator.csrf_token("/admin/officers/new")
    specs = specs_of(fuzz_app, OfficerForm)
    actor_length = AuditEvent.__table__.c.actor.type.length
    baseline = {"name": "Olive Officer", "email": "olive@example.gov.uk", "role": "officer", "team": "North",
                "password": PASSWORD}

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline=baseline))
    def run(sent):
        input_counter.add(target)
        response = post(client, "/admin/officers/new", sent)
        if check_officer_response(fuzz_app, response, sent, accepted_to="/admin/officers") is not None:
            return
        email = officers.normalise_email(as_received(sent.texts["email"]))
        with fuzz_app.app_context():
            officer = officers.find(db.session, email)
            assert officer.name == as_received(sent.texts["name"]).strip()
            # Every change an officer makes is audited under their email address.
            assert len(officer.email) <= actor_length
            db.session.remove()
        listing = client.get("/admin/officers")
        assert_nothing_injected(listing, page_of(listing), sent)

    run()
