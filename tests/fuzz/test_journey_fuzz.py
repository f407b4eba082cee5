"""Bad input to every question of the public journey, to "Check your answers" and to "Save
and come back later": never a server error; a rejection is our translated message on the
same page with everything else kept; nothing typed is echoed as markup; what is accepted is
stored as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal.config import LANGUAGES
from portal.extensions import db
from portal.journey import flow
from portal.journey.forms import (
    ADJUSTMENTS,
    AttachmentsForm,
    SaveDraftForm,
    SubmitCaseForm,
)
from portal.models import Attachment, Case, Draft, Message
from portal.rules.vocabulary import ABOUT, KINDS, ROLES, SERVICES
from tests.fuzz import strategies as S
from tests.fuzz.conftest import JOURNEY_STEPS, fuzz_settings
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
from tests.web.journey import ANSWERS
from tests.web.steps import reach, reach_check

LANGUAGE_CHOICES = {"language": [*LANGUAGES, "other"]}
# Good answers to the fields tests.web.journey.ANSWERS leaves out.
GOOD_ANSWERS = {
    "child": {"child_name": "Sam Jones"},
    "contact": {"phone": "07700 900982", "address": "1 High Street"},
    "language": {"other_language": "Tigrinya"},
    "adjustments": {"adjustments": ["large-print", "other"], "adjustments_detail": "Please call after 4pm"},
}


def _draft_answers(app) -> dict:
    with app.app_context():
        try:
            draft = db.session.scalar(select(Draft).where(Draft.submitted_case_id.is_(None)))
            return dict(draft.answers or {})
        finally:
            db.session.remove()


def _kept_as_typed(value: str) -> str:
    return as_received(value).strip()


def check_answer(app, response, page, sent: Sent, path: str, step_id: str | None, specs=()):
    """What every response to a question page must satisfy."""
    assert_no_server_error(response, sent)
    if too_large(response, sent, app):
        return
    assert response.status_code in (302, 400), (response.status_code, sent)
    if response.status_code == 302:
        assert sent.csrf_ok
        assert response.location.startswith("/"), response.location
        if step_id is not None:
            stored = _draft_answers(app)[step_id]
            for name, typed in sent.texts.items():
                assert stored[name] == _kept_as_typed(typed), (name, typed[:200], stored[name][:200])
            for spec in specs:
                if spec.required and spec.kind == "text":  # never accepted blank
                    assert stored[spec.name], (spec.name, sent)
        return
    assert_nothing_injected(response, page, sent)
    assert page.select_one("main form")["action"].startswith(path.split("?")[0])
    if sent.csrf_ok:
        assert_rejection_shown(page, sent)
    assert_answers_kept(page, sent)


@pytest.mark.parametrize("step_id", JOURNEY_STEPS)
def test_a_question_refuses_bad_input_safely_and_keeps_the_rest(fuzz_app, client_request, input_counter,
                                                                 step_id):
    target = f"question:{step_id}"
    client = client_request.client
    path = reach(client_request, step_id)
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, flow.STEPS_BY_ID[step_id].form, LANGUAGE_CHOICES)
    baseline = {**ANSWERS[step_id], **GOOD_ANSWERS.get(step_id, {})}

    @fuzz_settings(target)
    @given(sent=requests(specs, token, query=True, baseline=baseline))
    def run(sent):
        input_counter.add(target)
        response = post(client, path, sent)
        page = page_of(response) if response.status_code != 302 else None
        check_answer(fuzz_app, response, page, sent, path, step_id, specs)

    run()


# Files ---------------------------------------------------------------------------------------

def _attachments(app) -> list[Attachment]:
    with app.app_context():
        try:
            items = list(db.session.scalars(select(Attachment).where(Attachment.case_id.is_(None))))
            db.session.expunge_all()
            return items
        finally:
            db.session.remove()


def test_files_that_are_too_big_mislabelled_empty_or_oddly_named_are_refused_safely(
        fuzz_app, client_request, input_counter):
    target = "question:attachments"
    client = client_request.client
    path = reach(client_request, "attachments")
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, AttachmentsForm)
    limit = fuzz_app.config["MAX_UPLOAD_BYTES"]
    folder = Path(fuzz_app.config["UPLOAD_FOLDER"])

    @fuzz_settings(target)
    @given(sent=requests(specs, token, upload_limit=limit, query=True), data=st.data())
    def run(sent, data):
        before = _attachments(fuzz_app)
        if data.draw(st.integers(0, 4)) == 0:  # the Remove button of a file listed (or not)
            for name in ("upload", "attachment"):
                sent.data.poplist(name)
            ids = [str(a.id) for a in before]
            sent.data.add("remove", data.draw(st.one_of(st.sampled_from(ids or ["1"]), S.nasty_text, st.sampled_from(
                ["", "0", "-1", "1.0", "1e3", "99999999999999999999", "9" * 5000, "٣", "１"]))))
        input_counter.add(target)
        response = post(client, path, sent)
        assert_no_server_error(response, sent)
        if too_large(response, sent, fuzz_app):
            return
        assert response.status_code in (302, 400), (response.status_code, sent)
        if response.status_code == 400:
            page = page_of(response)
            assert_nothing_injected(response, page, sent)
            if sent.csrf_ok:
                assert_rejection_shown(page, sent)
            return
        assert response.location.startswith("/")
        after = _attachments(fuzz_app)
        added = [a for a in after if a.id not in {b.id for b in before}]
        for item in added:
            # Kept under a random name inside the upload folder, never the name it came with.
            stored = folder / item.stored_name
            assert stored.resolve().parent == folder.resolve() and stored.is_file()
            assert "/" not in item.original_name and len(item.original_name) <= 255
            assert not any(ord(c) < 32 or c in "\u202e\u2066" for c in item.original_name), item.original_name
            assert 0 < item.size <= limit
        if added:
            page = page_of(client.get(path))  # the file's name is listed: as text only
            assert_nothing_injected(response, page, sent)

    run()


# Check your answers --------------------------------------------------------------------------

def _text(limit, required=False):
    text = st.one_of(S.nasty_text, S.text_near(limit)).map(lambda t: t.replace("\x00", "").strip())
    text = text.filter(lambda t: len(t) <= limit)
    return text.filter(bool) if required else text


def _past_date():
    return st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                         max_value=date.today().replace(day=1)).map(date.isoformat))


ANSWER = {
    "kind": st.fixed_dictionaries({"kind": st.sampled_from(list(KINDS))}),
    "role": st.fixed_dictionaries({"role": st.sampled_from(list(ROLES))}),
    "child": st.fixed_dictionaries({"child_name": _text(200), "child_date_of_birth": _past_date()}),
    "service": st.fixed_dictionaries({"service": st.sampled_from(list(SERVICES))}),
    "about": st.fixed_dictionaries({"about": st.sampled_from(list(ABOUT))}),
    "what-happened": st.fixed_dictionaries({"description": _text(5000, True), "events_date": _past_date()}),
    "your-comment": st.fixed_dictionaries({"description": _text(5000, True)}),
    "put-right": st.fixed_dictionaries({"desired_outcome": _text(5000)}),
    "praise": st.fixed_dictionaries({"praise_for": _text(5000, True)}),
    "safety": st.fixed_dictionaries({"unsafe_now": st.sampled_from(["yes", "no"])}),
    "legal": st.fixed_dictionaries({"legal_proceedings": st.sampled_from(["yes", "no", "not-sure"])}),
    "advocate": st.fixed_dictionaries({"wants_advocate": st.sampled_from(["yes", "no"])}),
    "consent": st.fixed_dictionaries({"consent": st.sampled_from(["yes", "no", "not-sure"])}),
    "contact": st.fixed_dictionaries({
        "name": _text(200, True), "contact_method": st.sampled_from(["email", "phone", "post", "advocate"]),
        "email": st.sampled_from(["pat@example.com", "o'brien+x@example.co.uk"]),
        "phone": st.sampled_from(["", "07700 900982", "+44 (0)20 7946 0958"]), "address": _text(1000)}),
    "language": st.fixed_dictionaries({"language": st.sampled_from([*LANGUAGES, "other"]),
                                       "other_language": _text(40), "easy_read": st.sampled_from(["yes", "no"])}),
    "adjustments": st.fixed_dictionaries({
        "adjustments": st.lists(st.sampled_from([v for v, _l in ADJUSTMENTS]), unique=True),
        "adjustments_detail": _text(2000)}),
    "attachments": st.just({}),
}


FREE_TEXT = ("child_name", "description", "desired_outcome", "praise_for", "name", "email", "phone", "address",
             "other_language", "adjustments_detail")


@st.composite
def complete_answers(draw):
    """Answers to every question asked, as the question pages would have stored them."""
    answers = {}
    while (step := flow.first_unanswered(answers)) is not None:
        answers[step.id] = draw(ANSWER[step.id])
    return answers


def _flat_text(page) -> str:
    return " ".join(page.get_text(" ").split())


def test_check_your_answers_shows_any_answer_as_text_and_sends_it_as_typed(fuzz_app, client_request,
                                                                          input_counter):
    target = "check-your-answers"
    client = client_request.client
    reach_check(client_request)
    path = "/tell-us/check-your-answers"
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, SubmitCaseForm)

    @fuzz_settings(target)
    @given(answers=complete_answers(), sent=requests(specs, token))
    def run(answers, sent):
        client.get("/tell-us/", follow_redirects=False)  # a draft for this browser
        with fuzz_app.app_context():
            draft = db.session.scalar(select(Draft).where(Draft.submitted_case_id.is_(None)))
            draft.answers = answers
            db.session.commit()
            db.session.remove()
        page = page_of(client.get(path))
        shown = _flat_text(page)
        flat = flow.flatten(answers)
        for name in FREE_TEXT:
            value = flat.get(name)
            if value and len(value) < 1000 and (name != "other_language" or flat["language"] == "other"):
                assert " ".join(value.split()) in shown, (name, value)
        input_counter.add(target)
        response = post(client, path, sent)
        assert_no_server_error(response, sent)
        if not sent.csrf_ok:
            assert response.status_code == 400
            return
        assert response.status_code == 302, (response.status_code, sent)
        reference = response.location.rsplit("/", 1)[1]
        confirmation = client.get(response.location)
        assert confirmation.status_code == 200
        assert_nothing_injected(confirmation, page_of(confirmation), sent)
        with fuzz_app.app_context():
            case = db.session.scalar(select(Case).where(Case.reference == reference))
            assert case.description == (flat.get("description") or "")
            assert case.desired_outcome == (flat.get("desired_outcome") or None)
            assert case.praise_for == (flat.get("praise_for") or None)
            assert case.adjustments_detail == (flat.get("adjustments_detail") or None)
            complainant = case.contact("complainant")
            assert complainant.name == flat["name"]
            assert complainant.address == (flat.get("address") or None)
            child = case.contact("child")
            assert (child.name if child else None) == (flat.get("child_name") or None)
            db.session.remove()

    run()


# Save and come back later --------------------------------------------------------------------

def test_save_and_come_back_later_refuses_bad_addresses_safely(fuzz_app, client_request, input_counter):
    target = "save"
    client = client_request.client
    reach(client_request, "what-happened")
    path = "/tell-us/save"
    token = client_request.csrf_token(path)
    specs = specs_of(fuzz_app, SaveDraftForm)
    email = st.one_of(st.emails().map(lambda e: e[:320]), S.nasty_text)

    @fuzz_settings(target)
    @given(sent=requests(specs, token, baseline={"email": "pat@example.com"}), address=email, data=st.data())
    def run(sent, address, data):
        if "email" in sent.texts and data.draw(st.booleans()):
            sent.data.setlist("email", [address] + sent.data.getlist("email")[1:])
            sent.texts["email"] = address
        input_counter.add(target)
        response = post(client, path, sent)
        assert_no_server_error(response, sent)
        if too_large(response, sent, fuzz_app):
            return
        assert response.status_code in (302, 400), (response.status_code, sent)
        if response.status_code == 302:
            with fuzz_app.app_context():
                message = db.session.scalars(select(Message).where(Message.purpose == "resume-draft")
                                             .order_by(Message.id.desc())).first()
                assert message.recipient == as_received(sent.texts["email"]).strip()
                db.session.remove()
            return
        page = page_of(response)
        assert_nothing_injected(response, page, sent)
        if sent.csrf_ok:
            assert_rejection_shown(page, sent)
            assert_answers_kept(page, sent)

    run()
