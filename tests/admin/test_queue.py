"""The triage queue: most urgent first, counts, filters, and days left or overdue."""

from __future__ import annotations

from datetime import date, datetime, timezone

from portal import casework, handling, queue
from portal.extensions import db
from portal.models import Officer
from portal.rules import add_working_days
from tests.conftest import normalise

RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)  # a Monday


def _submit(**overrides):
    values = dict(kind="complaint", role="parent", service="children-in-care", about="child",
                  description="What happened.", name="Pat", contact_method="post", address="1 Road")
    values.update(overrides)
    return casework.submit(db.session, casework.Submission(**values), submitted_at=RECEIVED)


def test_most_urgent_first_with_counts(app):
    with app.app_context():
        plain = _submit()
        review = _submit(role="relative")  # eligibility: needs a decision
        unsafe = _submit(unsafe_now=True)  # safeguarding alert
        compliment = _submit(kind="compliment", praise_for="Jo")
        officer = Officer(email="o@example.gov.uk", name="O", password_hash="x")
        db.session.add(officer)
        db.session.commit()
        handling.record_acknowledgement(db.session, plain.id, officer, method="post", on=date(2026, 3, 3))

        # The day after receipt: acknowledgements are due, nothing is overdue yet.
        result = queue.build(db.session, today=date(2026, 3, 3))
        order = [row.case.reference for row in result.rows]
        assert order[0] == unsafe.reference
        assert order.index(review.reference) < order.index(compliment.reference)
        assert result.counts["safeguarding"] == 1 and result.counts["needs-review"] == 1
        assert result.total == 4

        # Three weeks on, every unmet deadline has passed.
        later = queue.build(db.session, today=date(2026, 3, 23))
        categories = {row.case.reference: row.category for row in later.rows}
        assert categories[plain.reference] == "overdue"  # stage 1 was due after 10 working days
        assert categories[unsafe.reference] == "safeguarding"


def test_filters_narrow_the_queue_and_counts(app):
    with app.app_context():
        _submit()
        corporate = _submit(service="education")
        result = queue.build(db.session, today=date(2026, 3, 3), filters={"procedure": "corporate"})
        assert [row.case.reference for row in result.rows] == [corporate.reference]
        assert result.total == 1
        assert queue.build(db.session, today=date(2026, 3, 3), filters={"handler": "none"}).total == 2
        assert queue.build(db.session, today=date(2026, 3, 3), filters={"stage": "2"}).total == 0


def test_suspended_cases_are_not_counted_overdue(app):
    with app.app_context():
        case = _submit()
        officer = Officer(email="o@example.gov.uk", name="O", password_hash="x")
        db.session.add(officer)
        db.session.commit()
        handling.suspend(db.session, case.id, officer, cause="information", reason="Waiting for letters",
                         on=date(2026, 3, 3))
        row = queue.build(db.session, today=date(2026, 4, 1)).rows[0]
        assert row.category == "open"


def test_days_left_counts_working_days_both_ways():
    friday = date(2026, 3, 6)
    assert queue.days_left(friday, add_working_days(friday, 2)) == 2
    assert queue.days_left(add_working_days(friday, 3), friday) == -3
    assert queue.days_left(friday, friday) == 0


def test_the_queue_page_shows_counts_and_deadlines(app, officer_request):
    with app.app_context():
        case = casework.submit(db.session, casework.Submission(
            kind="complaint", role="child", service="leaving-care", description="No call back.",
            name="Alex", contact_method="phone", phone="07700 900123"))
        reference = case.reference
    page = officer_request.get("/admin/queue")
    text = normalise(page)
    assert reference in text
    assert "working days left" in text or "working day left" in text or "due today" in text
    counts = {li["class"][-1]: normalise(li) for li in page.select(".app-counts__item")}
    assert "1 Acknowledgement due" in counts["app-counts__item--acknowledgement-due"]
    filtered = officer_request.get("/admin/queue?procedure=corporate")
    assert reference not in normalise(filtered)
    # Filters that are not in the vocabulary are ignored, not errors.
    assert reference in normalise(officer_request.get("/admin/queue?procedure=nonsense&stage=x&handler=y"))
