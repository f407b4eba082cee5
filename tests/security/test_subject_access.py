"""`flask subject-access`: everything held about one person, as JSON and a readable
document, found by the email address or phone number they gave (UK GDPR art. 15)."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal import subject_access
from portal.database import writing
from portal.models import AuditEvent, Draft, Message
from tests.security.conftest import CHILD, EMAIL, NAME, PHONE


def export(app, session, tmp_path, **person):
    return subject_access.export(session, subject_access.Person(**person), tmp_path / "out", actor="test")


def test_the_export_holds_every_record_of_the_persons_cases(app, session, full_case, officer, tmp_path):
    case_id = full_case(closed_on=date(2026, 6, 14), by=officer)
    json_path, html_path, data = export(app, session, tmp_path, email=EMAIL.upper())
    assert json.loads(json_path.read_text()) == json.loads(json.dumps(data))
    (case,) = data["cases"]
    assert case["description"].startswith(NAME)
    assert {(c["role"], c["name"], c["is_the_person"]) for c in case["contacts"]} == {
        ("complainant", NAME, True), ("child", CHILD, False)}
    complainant = next(c for c in case["contacts"] if c["role"] == "complainant")
    assert (complainant["email"], complainant["phone"], complainant["date_of_birth"]) == (EMAIL, PHONE, None)
    assert case["further_services"] == ["fostering"]
    for part in ("deadlines", "stages", "points", "remedies", "learning", "decisions", "extensions",
                 "suspensions", "internal_notes", "contact_restrictions", "information_added",
                 "attachments", "tracking_links", "safeguarding_alerts", "submitted_form"):
        assert case[part], f"{part} is missing"
    assert case["information_added"][0]["text"].startswith(NAME)
    assert case["attachments"] == [{"original_name": f"{NAME} letter.pdf", "content_type": "application/pdf",
                                    "size": case["attachments"][0]["size"],
                                    "uploaded_at": case["attachments"][0]["uploaded_at"]}]
    to_them = [m for m in case["messages"] if m["to_the_person"]]
    assert {m["purpose"] for m in to_them} >= {"acknowledgement", "reminder"}
    assert all(m["recipient"] == EMAIL for m in to_them)
    actions = [e["action"] for e in case["history"]]
    assert "case-received" in actions and "case-viewed" in actions
    # Nothing secret: no token hashes, no officers' password hashes.
    assert "token_hash" not in json_path.read_text() and "scrypt" not in json_path.read_text()
    assert data["officer_account"] is None

    page = BeautifulSoup(html_path.read_text(), "html.parser")
    assert page.h1.get_text(" ", strip=True) == f"Everything we hold about {EMAIL.lower()}"
    text = page.get_text(" ")
    for expected in (case["reference"], case["description"], f"{NAME} letter.pdf", "Internal notes",
                     "Review before sending", "case-viewed"):
        assert expected in text
    audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "subject-access-exported")
                              .order_by(AuditEvent.id)).all()
    assert [(e.case_id, e.actor) for e in audited] == [(case_id, "test"), (None, "test")]


def test_a_phone_number_written_another_way_finds_the_same_cases(app, session, full_case, tmp_path):
    full_case()
    for written in ("+44 7700 900555", "07700900555", "(07700) 900-555"):
        data = subject_access.collect(session, subject_access.Person(phone=written))
        session.rollback()
        assert len(data["cases"]) == 1, written


def test_other_peoples_cases_are_not_in_it(app, session, full_case, tmp_path):
    full_case()
    full_case(name="Someone Else", email="someone@example.com", phone="07700 900111")
    _json, _html, data = export(app, session, tmp_path, email=EMAIL)
    (case,) = data["cases"]
    assert "Someone Else" not in json.dumps(data)
    assert case["contacts"][0]["name"] == NAME


def test_records_that_belong_to_no_case_are_in_it(app, session, officer, tmp_path):
    with writing(session):
        session.add(Message(purpose="draft-resume", recipient=EMAIL.lower(), subject="Carry on",
                            body_text="Your saved form", status="sent"))
        session.add(Message(purpose="draft-resume", recipient="other@example.com", subject="Carry on",
                            body_text="Someone else's", status="sent"))
        session.add(Draft(token_hash=hashlib.sha256(b"x").hexdigest(),
                          answers={"contact": {"name": NAME, "email": EMAIL}}))
        session.add(Draft(token_hash=hashlib.sha256(b"y").hexdigest(),
                          answers={"contact": {"name": "Other", "email": "other@example.com"}}))
    data = subject_access.collect(session, subject_access.Person(email=EMAIL))
    assert data["cases"] == []
    assert [m["body_text"] for m in data["messages_without_a_case"]] == ["Your saved form"]
    assert [d["answers"]["contact"]["name"] for d in data["unfinished_forms"]] == [NAME]


def test_an_officers_own_account_is_in_it_without_secrets(app, session, officer, tmp_path):
    _json, _html, data = export(app, session, tmp_path, email="OLIVE@example.gov.uk")
    account = data["officer_account"]
    assert account["name"] == "Olive Officer" and account["role"] == "officer"
    assert not {"password_hash", "totp_secret"} & set(account)


def test_what_people_typed_is_escaped_in_the_document(app, session, full_case, tmp_path):
    full_case(name="<script>alert(1)</script> Quince")
    _json, html_path, _data = export(app, session, tmp_path, phone=PHONE)
    html = html_path.read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_command_writes_both_files_readable_only_by_their_owner(app, session, full_case, tmp_path):
    full_case()
    result = app.test_cli_runner().invoke(args=["subject-access", "--email", EMAIL, "--phone", PHONE,
                                                "--output", str(tmp_path / "sar")])
    assert result.exit_code == 0, result.output
    assert "1 cases" in result.output and "review them before anything is sent" in result.output
    files = sorted((tmp_path / "sar").iterdir())
    assert [f.suffix for f in files] == [".html", ".json"]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_the_command_needs_an_email_or_a_phone_number(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["subject-access", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "give an email address or a phone number" in result.output
    assert not any(Path(tmp_path).iterdir())


@pytest.mark.parametrize(("written", "key"), [
    ("07700 900555", "07700900555"), ("+44 7700 900555", "07700900555"), ("+44 (0)7700 900555", "07700900555"),
    ("0044 7700 900555", "07700900555"), ("01632 960 001", "01632960001"), ("12345", None), ("", None),
])
def test_phone_numbers_are_compared_by_their_digits(written, key):
    assert subject_access.phone_key(written) == key
