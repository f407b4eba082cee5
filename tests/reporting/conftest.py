"""Fixtures for the annual report: officers signed in (from tests/admin), and cases made
from rows of the history import's CSV, the same records the officers' area writes."""

from __future__ import annotations

import csv
import io

import pytest

from portal.extensions import db
from portal.reporting.history_import import import_history
from tests.admin.conftest import admin_request, make_officer, manager_request, officer_request  # noqa: F401
from tests.reporting.dates import TODAY


def csv_bytes(rows: list[dict]) -> bytes:
    """A CSV file with the columns the rows use (in the order they first appear)."""
    columns = list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def complaint(**values) -> dict:
    """A row for a statutory stage 1 complaint from a parent, changed by ``values``."""
    row = {"kind": "complaint", "procedure": "statutory", "received_on": "2024-05-01", "channel": "email",
           "complainant_role": "parent", "service": "children-in-care"}
    row.update(values)
    return row


@pytest.fixture
def load(app):
    """Import rows (dicts of CSV cells) and fail the test if the file has a problem."""

    def load(*rows: dict):
        with app.app_context():
            result = import_history(db.session, csv_bytes(list(rows)), today=TODAY)
            assert result.ok, [p.message() for p in result.problems]
            return result

    return load
