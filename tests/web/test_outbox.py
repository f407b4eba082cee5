"""Acknowledgements and alerts through a real SMTP server: delivered once, never lost."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from portal import outbox
from portal.extensions import db
from portal.models import Case, Deadline, Message
from tests.web.journey import complete_journey
from tests.web.smtp import SmtpServer


@pytest.fixture
def smtp(app):
    with SmtpServer() as server:
        saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT")}
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
        yield server
        app.config.update(saved)


def _deliver(app, now=None):
    with app.app_context():
        return outbox.deliver_due(db.session, outbox.transport_for(app), now=now)


def _messages(app, **where):
    with app.app_context():
        query = select(Message).order_by(Message.id)
        for key, value in where.items():
            query = query.where(getattr(Message, key) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def test_acknowledgement_arrives_with_reference_dates_and_reasons(app, client_request, smtp):
    _visited, confirmation = complete_journey(client_request)
    reference = confirmation.rsplit("/", 1)[1]
    # Sent straight after the response, without waiting for the outbox command.
    acknowledgements = [m for m in smtp.received if reference in m["Subject"]]
    assert len(acknowledgements) == 1
    email = acknowledgements[0]
    assert email["To"] == "pat@example.com"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        due = case.deadline_for("stage1").due_on.strftime("%-d %B %Y")
        assert due in text and due in html
        assert "children's complaints procedure" in text
        assert "Ombudsman" in text
        ack = db.session.scalar(select(Deadline).where(Deadline.case_id == case.id,
                                                       Deadline.step == "acknowledgement"))
        assert ack.met_on is not None  # delivering it stopped the acknowledgement clock
    assert [m.status for m in _messages(app, purpose="acknowledgement")] == ["sent"]


def test_case_needing_review_says_the_procedure_will_be_confirmed(app, client_request, smtp):
    complete_journey(client_request, {"about": {"about": "self"}})
    text = smtp.received[0].get_body(("plain",)).get_content()
    assert "will check which procedure is right and tell you by" in text


def test_no_email_chosen_leaves_the_acknowledgement_due_for_officers(app, client_request, smtp):
    from portal import reminders

    complete_journey(client_request, {"contact": {
        "name": "Pat", "contact_method": "post", "address": "1 High Street"}})
    assert _messages(app, purpose="acknowledgement") == []
    with app.app_context():
        far_future = datetime.now(timezone.utc).date() + timedelta(days=30)
        due = reminders.acknowledgements_due(db.session, on=far_future)
        assert len(due) == 1 and due[0][1].met_on is None
        result = app.test_cli_runner().invoke(args=["reminders"])
        assert result.exit_code == 0


def test_smtp_outage_delays_but_never_loses_or_duplicates(app, client_request, smtp):
    """SMTP refuses connections for a run of submissions, then comes back."""
    smtp.stop_listening()
    submissions = 20
    references = []
    for n in range(submissions):
        _visited, confirmation = complete_journey(client_request, {
            "contact": {"name": f"Person {n}", "contact_method": "email", "email": f"p{n}@example.com"}})
        references.append(confirmation.rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == submissions
    failed = _messages(app, purpose="acknowledgement")
    assert len(failed) == submissions and {m.status for m in failed} == {"failed"}
    assert all("Connection" in (m.last_error or "") or "refused" in (m.last_error or "").lower()
               for m in failed)

    smtp.start_listening()
    # Not yet due: backoff holds them back.
    assert _deliver(app).sent == []
    later = datetime.now(timezone.utc) + timedelta(hours=2)
    report = _deliver(app, now=later)
    assert len(report.sent) == submissions
    assert _deliver(app, now=later + timedelta(hours=2)).sent == []  # nothing sent twice
    subjects = [m["Subject"] for m in smtp.received]
    for reference in references:
        assert sum(reference in s for s in subjects) == 1


def test_a_message_that_keeps_failing_is_given_up_and_visible(app, client_request, smtp):
    smtp.handler.mode = "down"  # 451 on every attempt
    complete_journey(client_request)
    now = datetime.now(timezone.utc)
    for attempt in range(outbox.MAX_ATTEMPTS + 2):
        _deliver(app, now=now + timedelta(hours=2 * (attempt + 1)))
    [message] = _messages(app, purpose="acknowledgement")
    assert message.status == "given-up"
    assert message.attempts == outbox.MAX_ATTEMPTS
    assert "451" in message.last_error


def test_a_permanent_refusal_is_not_retried(app, client_request, smtp):
    smtp.handler.mode = "refuse"
    complete_journey(client_request)
    [message] = _messages(app, purpose="acknowledgement")
    assert message.status == "given-up" and message.attempts == 1 and "550" in message.last_error


def test_safeguarding_alert_goes_at_once_and_its_failure_alerts_the_team(app, client_request, smtp):
    client_request.get("/help-now")
    client_request.post("/help-now", {"message": "My foster brother is hurt", "contact": "07700 900982"})
    [alert] = [m for m in smtp.received if m["Subject"].startswith("URGENT")]
    assert alert["To"] == app.config["SAFEGUARDING_EMAIL"]
    assert "My foster brother is hurt" in alert.get_body(("plain",)).get_content()

    smtp.handler.mode = "refuse"
    client_request.post("/help-now", {"message": "Again", "contact": ""})
    team = _messages(app, purpose="safeguarding-failed")
    assert len(team) == 1 and team[0].recipient == app.config["COUNCIL_COMPLAINTS_EMAIL"]


def test_compliment_is_forwarded_to_the_service_manager_and_thanked(app, client_request, smtp):
    app.config["SERVICE_MANAGER_EMAILS"] = {"leaving-care": "leaving.care@example.gov.uk"}
    try:
        complete_journey(client_request, {"kind": {"kind": "compliment"},
                                          "service": {"service": "leaving-care"}})
    finally:
        app.config["SERVICE_MANAGER_EMAILS"] = {}
    recipients = sorted(m["To"] for m in smtp.received)
    assert recipients == ["leaving.care@example.gov.uk", "pat@example.com"]


def test_without_smtp_messages_land_in_the_file_sink(app, client_request):
    from pathlib import Path

    complete_journey(client_request)
    files = list(Path(app.config["MAIL_SINK_FOLDER"]).glob("*-acknowledgement.eml"))
    assert files, "the acknowledgement was written to the sink"
    assert b"pat@example.com" in files[-1].read_bytes()


def test_two_senders_in_parallel_never_send_a_message_twice(app, smtp):
    """PostgreSQL: SKIP LOCKED row locks; SQLite: BEGIN IMMEDIATE serialises the claims."""
    with app.app_context():
        for n in range(60):
            db.session.add(Message(purpose="test", recipient=f"r{n}@example.com",
                                   subject=f"message {n}", body_text="hello"))
        db.session.commit()
    reports = []

    def sender():
        with app.app_context():
            reports.append(outbox.deliver_due(db.session, outbox.transport_for(app), limit=5))
            while True:
                report = outbox.deliver_due(db.session, outbox.transport_for(app), limit=5)
                if not report.sent:
                    break
                reports.append(report)
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    subjects = [m["Subject"] for m in smtp.received]
    assert len(subjects) == 60 and len(set(subjects)) == 60
    assert sum(len(r.sent) for r in reports) == 60
