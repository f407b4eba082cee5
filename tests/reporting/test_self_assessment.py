"""The Complaint Handling Code self-assessment: evidence from the records, and what is left
for the council."""

from __future__ import annotations

from portal.extensions import db
from portal.reporting import build_report, financial_year
from portal.reporting.self_assessment import checklist
from portal.rules import add_working_days
from tests.reporting.conftest import complaint


def test_timeliness_refusals_remedies_and_learning_are_evidenced(app, load):
    from datetime import date

    received = date(2024, 5, 1)
    load(complaint(procedure="corporate", service="education", received_on=received.isoformat(),
                   acknowledged_on=add_working_days(received, 1).isoformat(),
                   stage1_responded_on=add_working_days(received, 25).isoformat(), stage1_finding="upheld",
                   remedies="apology", remedies_done_on="2024-07-01"),
         complaint(not_accepted_on="2024-05-02", not_accepted_reason="Not about children's services."))
    with app.app_context():
        items = {item.requirement: item for item in checklist(build_report(db.session, financial_year(2024)))}
    acknowledgement = next(item for item in items.values() if item.section == "6.2")
    assert [(e.value, e.base) for e in acknowledgement.evidence] == [(1, 1), (0, 1), (0, 1)]
    assert not acknowledgement.attention
    stage1 = next(item for item in items.values() if item.section == "6.3, 6.4")
    assert stage1.attention  # answered after its time limit
    assert stage1.evidence[1].value == 1
    refused = next(item for item in items.values() if item.section == "2")
    assert [(e.value, e.base) for e in refused.evidence] == [(1, 2)]
    remedies = next(item for item in items.values() if item.section == "7")
    assert [e.value for e in remedies.evidence] == [1, 1, 1]
    assert any(item.for_the_council for item in items.values())
