"""Demo data for `make run`: an administrator to sign in with and a few cases to handle.

Only for trying the portal on one's own machine; production creates its first account
with `flask officers create`.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from portal import casework, officers
from portal.models import Case

DEMO_EMAIL = "demo.officer@example.gov.uk"

DEMO_CASES = [
    casework.Submission(kind="complaint", role="parent", service="children-in-care", about="child",
                        description="My son's family time with his sister was cancelled three times this month "
                                    "and nobody told us why.", name="Sam Parent", contact_method="email",
                        email="sam.parent@example.com", desired_outcome="Regular family time, and to be told "
                                                                         "when it changes."),
    casework.Submission(kind="complaint", role="child", service="leaving-care",
                        description="My personal adviser has not called me back for weeks.", name="Alex",
                        contact_method="phone", phone="07700 900123", wants_advocate=True),
    casework.Submission(kind="complaint", role="relative", service="fostering",
                        description="I am my granddaughter's grandmother and I was not told she had moved "
                                    "foster home.", name="Pat Relative", contact_method="post",
                        address="1 Example Street\nExampletown\nEX1 2MP"),
    casework.Submission(kind="complaint", role="foster-carer", service="foster-carer-approval",
                        description="My review was postponed twice without a reason.", name="Jo Carer",
                        contact_method="email", email="jo.carer@example.com"),
    casework.Submission(kind="compliment", role="parent", service="early-help",
                        description="The family hub worker really listened to us.", name="Chris Parent",
                        contact_method="email", email="chris.parent@example.com",
                        praise_for="The family hub team"),
]


def seed(session, instance_path: str) -> list[str]:
    lines = []
    details = Path(instance_path) / "demo_officer.txt"
    if officers.find(session, DEMO_EMAIL) is None:
        password = secrets.token_urlsafe(12)
        officers.create(session, email=DEMO_EMAIL, name="Demo Officer", password=password,
                        role="administrator", team="Complaints team", actor="seed-demo")
        details.parent.mkdir(parents=True, exist_ok=True)
        details.write_text(password)
        details.chmod(0o600)
    password = details.read_text().strip() if details.exists() else "(set when it was first created)"
    if not session.scalar(select(func.count()).select_from(Case)):
        start = datetime.now(timezone.utc) - timedelta(days=len(DEMO_CASES))
        for days, submission in enumerate(DEMO_CASES):
            casework.submit(session, submission, submitted_at=start + timedelta(days=days), actor="seed-demo")
        lines.append(f"added {len(DEMO_CASES)} demo cases")
    lines += [
        "Officers' area: /admin/sign-in",
        f"  email:    {DEMO_EMAIL}",
        f"  password: {password}",
        "  At first sign-in, scan the QR code with an authenticator app (or type the key shown).",
    ]
    return lines
