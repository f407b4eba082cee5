"""Exports of the queue and of a case, as CSV and JSON, in domain.md 4.1's vocabulary."""

from __future__ import annotations

import csv
import io
import json

from flask import Response, abort, request
from flask_login import current_user

from admin import bp
from admin.access import requires
from admin.cases import _case_or_404, _valid_filters
from portal import handling, queue
from portal.clock import today
from portal.extensions import db
from portal.models import Case

QUEUE_COLUMNS = ("reference", "kind", "procedure", "stage", "status", "channel", "received_on",
                 "complainant_role", "about", "service", "flags", "needs_review", "category",
                 "next_step", "next_due", "handler", "team")


def _queue_record(row: queue.QueueRow) -> dict:
    case = row.case
    return {
        "reference": case.reference, "kind": case.kind, "procedure": case.procedure, "stage": case.stage,
        "status": case.status, "channel": case.channel, "received_on": case.received_on.isoformat(),
        "complainant_role": case.complainant_role, "about": case.about, "service": case.service,
        "flags": list(case.flags), "needs_review": case.needs_review, "category": row.category,
        "next_step": row.next_step, "next_due": row.next_due.isoformat() if row.next_due else None,
        "handler": case.handler.email if case.handler else None, "team": case.team,
    }


def _csv(records, columns, filename):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else _safe_cell(v) for k, v in record.items()})
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _safe_cell(value):
    """A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _json(data, filename):
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/queue.<fmt>")
@requires("export")
def export_queue(fmt):
    if fmt not in ("csv", "json"):
        abort(404)
    filters = _valid_filters({name: request.args.get(name, "") for name in queue.FILTERS})
    records, page = [], 1
    while True:
        result = queue.build(db.session, today=today(), filters=filters, page=page, per_page=1000)
        records.extend(_queue_record(row) for row in result.rows)
        if page >= result.pages:
            break
        page += 1
    if fmt == "csv":
        return _csv(records, QUEUE_COLUMNS, "queue.csv")
    return _json({"exported_on": today().isoformat(), "cases": records}, "queue.json")


def case_record(case: Case) -> dict:
    """Everything a case holds (domain.md 5), in the vocabulary's ids. Internal notes stay in the
    officers' area."""
    date = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "reference": case.reference, "kind": case.kind, "procedure": case.procedure,
        "reasons": list(case.reasons), "flags": list(case.flags), "needs_review": case.needs_review,
        "stage": case.stage, "status": case.status, "channel": case.channel,
        "received_on": date(case.received_on), "closed_on": date(case.closed_on),
        "complainant_role": case.complainant_role, "about": case.about, "service": case.service,
        "team": case.team, "handler": case.handler.email if case.handler else None,
        "description": case.description, "events_date": date(case.events_date),
        "desired_outcome": case.desired_outcome, "legal_proceedings": case.legal_proceedings,
        "wants_advocate": case.wants_advocate, "child_consent": case.child_consent,
        "language": case.language, "easy_read": case.easy_read, "adjustments": list(case.adjustments),
        "contacts": [{"role": c.role, "name": c.name, "email": c.email, "phone": c.phone,
                      "address": c.address, "date_of_birth": date(c.date_of_birth),
                      "preferred_method": c.preferred_method} for c in case.contacts],
        "deadlines": [{"step": d.step, "started_on": date(d.started_on), "due_on": date(d.due_on),
                       "met_on": date(d.met_on), "extended": d.extended} for d in case.deadlines],
        "stages": [{"number": s.number, "requested_on": date(s.requested_on), "responded_on": date(s.responded_on),
                    "statement_agreed_on": date(s.statement_agreed_on),
                    "investigating_officer": s.investigating_officer, "independent_person": s.independent_person,
                    "adjudicator": s.adjudicator, "panel_on": date(s.panel_on), "panel_members": s.panel_members,
                    "panel_report_on": date(s.panel_report_on)} for s in case.stages],
        "points": [{"stage": p.stage, "summary": p.summary, "finding": p.finding,
                    "explanation": p.explanation} for p in case.points],
        "remedies": [{"kind": r.kind, "detail": r.detail, "due_on": date(r.due_on), "done_on": date(r.done_on),
                      "amount_pence": r.amount_pence} for r in case.remedies],
        "learning": [{"service": item.service, "action": item.action, "due_on": date(item.due_on),
                      "done_on": date(item.done_on)} for item in case.learning],
        "decisions": [{"subject": d.subject, "choice": d.choice, "reason": d.reason,
                       "at": d.at.isoformat()} for d in case.decisions],
        "extensions": [{"step": e.step, "previous_due_on": date(e.previous_due_on),
                        "new_due_on": date(e.new_due_on), "reason": e.reason} for e in case.extensions],
        "suspensions": [{"cause": s.cause, "reason": s.reason, "started_on": date(s.started_on),
                         "ended_on": date(s.ended_on)} for s in case.suspensions],
        "ombudsman": {"referred_on": date(case.ombudsman_referred_on), "reference": case.ombudsman_reference,
                      "outcome": case.ombudsman_outcome, "decided_on": date(case.ombudsman_decided_on)},
        "correspondence": [{"purpose": m.purpose, "recipient": m.recipient, "subject": m.subject,
                            "status": m.status, "sent_at": m.sent_at.isoformat() if m.sent_at else None}
                           for m in case.messages],
    }


@bp.get("/cases/<reference>/export.<fmt>")
@requires("export")
def export_case(reference, fmt):
    if fmt not in ("csv", "json"):
        abort(404)
    case = _case_or_404(reference)
    handling.record_export(db.session, case.id, current_user, fmt)
    record = case_record(case)
    if fmt == "json":
        return _json(record, f"{case.reference}.json")
    rows = [{"section": "case", "field": k, "value": json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v}
            for k, v in record.items()]
    return _csv(rows, ("section", "field", "value"), f"{case.reference}.csv")

