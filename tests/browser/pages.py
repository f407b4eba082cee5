"""What the browser tests scan, and how a browser answers the journey's questions.

To scan more pages, add an `Area` to AREAS: a list of paths, and optionally a
`sign_in` hook that gets the page ready (e.g. signs an officer in) before they are
scanned. Pages reached only through a journey or a form are walked in
test_accessibility. SCANNED lists where each public endpoint is scanned, so a new
public page fails test_every_public_page_is_scanned until it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlencode

from wtforms.fields.core import UnboundField
from wtforms.validators import InputRequired

from portal.config import LANGUAGES
from portal.journey import flow
from tests.web.journey import ANSWERS


@dataclass(frozen=True)
class Area:
    name: str
    # (path, expected HTTP status) pairs, scanned as they are.
    paths: tuple[tuple[str, int], ...]
    # Called as sign_in(page, live_server) with a fresh session, before the scan.
    sign_in: Callable | None = None
    # The languages to scan it in; every language the portal ships when None.
    locales: tuple[str, ...] | None = None
    # The versions to scan it in (officers' pages have no easy read).
    versions: tuple[str, ...] = ("standard", "easy-read")


PUBLIC = Area(
    "public",
    (
        ("/", 200),
        ("/help-now", 200),
        ("/which-procedure", 200),
        ("/accessibility", 200),
        ("/privacy", 200),
        ("/cookies", 200),
        ("/track/", 200),
        ("/track/sent", 200),
        ("/track/no-such-link", 404),
        ("/tell-us/resume/no-such-link", 404),
        ("/no-such-page", 404),
    ),
)

CASE = "KM4P-7XQA"


def sign_in_officer(page, live_server):
    """A new administrator (second factor set up a minute ago) signs in through the pages,
    with a case to look at."""
    import secrets
    from datetime import datetime, timedelta, timezone

    import pyotp
    from sqlalchemy import select

    from portal import casework, officers
    from portal.extensions import db
    from portal.models import Case

    email, password = f"officer-{secrets.token_hex(4)}@example.gov.uk", "a browser test password"
    with live_server.app.app_context():
        officer = officers.create(db.session, email=email, name="Browser Officer", password=password,
                                  role="administrator")
        secret, earlier = pyotp.random_base32(), datetime.now(timezone.utc) - timedelta(seconds=60)
        officers.confirm_second_factor(db.session, officer.id, secret, pyotp.TOTP(secret).at(earlier),
                                       now=earlier)
        if db.session.scalar(select(Case).where(Case.reference == CASE)) is None:
            case = casework.submit(db.session, casework.Submission(
                kind="complaint", role="relative", service="fostering", legal_proceedings=True,
                description="Not told of the move.", name="Pat", contact_method="email",
                email="pat@example.com"))
            case.reference = CASE
            db.session.commit()
    page.goto(live_server("/admin/sign-in"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/admin/sign-in/code")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.press("input[name=code]", "Enter")
    page.wait_for_url("**/admin/queue")


OFFICERS_SIGN_IN = Area("officers-sign-in", (("/admin/sign-in", 200),), versions=("standard",))

OFFICERS = Area(
    "officers",
    (
        ("/admin/queue", 200),
        ("/admin/queue?procedure=statutory&category=needs-review", 200),
        (f"/admin/cases/{CASE}", 200),
        (f"/admin/cases/{CASE}/extend", 200),
        (f"/admin/cases/{CASE}/flags/legal-proceedings", 200),
        (f"/admin/cases/{CASE}/point", 200),
        ("/admin/cases/new", 200),
        ("/admin/officers", 200),
        ("/admin/officers/new", 200),
        ("/admin/account", 200),
        ("/admin/reports", 200),
        ("/admin/reports/import", 200),
    ),
    sign_in=sign_in_officer,
    versions=("standard",),
)

AREAS: tuple[Area, ...] = (PUBLIC, OFFICERS_SIGN_IN, OFFICERS)

# Easy read is a version of every public page (portal/web/easy_read.py), scanned in
# each language that has it. Its journey uses the same templates in every language, so
# it is walked in the language it is written in and in a right-to-left one; that keeps
# the run to minutes.
VERSIONS = {"standard": False, "easy-read": True}
EASY_READ_JOURNEY_LOCALES = ("en", "ar")


def area_cases():
    """(area, locale) pairs for parametrize."""
    return [
        (area, locale)
        for area in AREAS
        for locale in (area.locales or tuple(LANGUAGES))
    ]


# Where the scans (test_accessibility) reach each public endpoint. A new public page
# fails test_every_public_page_is_scanned until it is scanned and listed here.
SCANNED = {
    "public.start": "AREAS",
    "public.help_now": "AREAS; sent with an error",
    "public.help_now_sent": "after sending /help-now",
    "public.which_procedure": "AREAS",
    "public.accessibility": "AREAS",
    "public.privacy": "AREAS",
    "public.cookies": "AREAS",
    "journey.question": "each step of JOURNEYS, and sent empty",
    "journey.check": "each of JOURNEYS",
    "journey.confirmation": "each of JOURNEYS",
    "journey.save": "during the first journey, and sent empty",
    "journey.saved": "after saving",
    "journey.resume": "AREAS, a link that does not work",
    "tracking.lookup": "AREAS; sent empty",
    "tracking.lookup_sent": "AREAS",
    "tracking.status": "by the link on the complaint's confirmation",
    "tracking.add_information": "from the case's page, and sent empty",
    "tracking.advocate": "from the case's page",
    "tracking.withdraw": "from the case's page",
}
# Public pages the scans cannot reach yet, and why.
UNREACHED = {
    "tracking.next_stage": "offered only after an officer's answer: scan it with the officers' area",
}
NOT_PAGES = {
    "static": "files",
    "public.choose_language": "redirects",
    "public.choose_easy_read": "redirects",
    "journey.begin": "redirects to the first question",
    "tracking.open_link": "redirects to tracking.status (its 404 page is in AREAS)",
}
# Behind a sign-in: scanned through an Area with a sign_in hook (the officers' area
# adds its own).
SIGNED_IN_BLUEPRINTS = {"admin"}


# Journeys that between them ask every question of the flow.
JOURNEYS: dict[str, dict] = {
    "complaint from a parent": {},
    "compliment": {"kind": {"kind": "compliment"}},
    "comment": {"kind": {"kind": "comment"}},
    "request from an advocate": {"kind": {"kind": "service-request"}, "role": {"role": "advocate"}},
}


def answers_for(journey: str) -> dict:
    return {**ANSWERS, **JOURNEYS[journey]}


def has_required_answer(step: flow.Step) -> bool:
    """Whether the step's page shows an error when it is sent empty."""
    for value in vars(step.form).values():
        if isinstance(value, UnboundField):
            validators = value.kwargs.get("validators") or ()
            if any(isinstance(v, InputRequired) for v in validators):
                return True
    return False


def step_of(url: str) -> str | None:
    """The journey step a URL shows ('check-your-answers' included), or None."""
    if "/tell-us/" not in url:
        return None
    return url.split("/tell-us/", 1)[1].split("?")[0].split("#")[0] or None


def fill(page, answers: dict) -> None:
    """Answer a question page as a person would with a mouse and keyboard."""
    for name, value in answers.items():
        if isinstance(value, list) and page.locator(f"#{name}-day").count():
            for part, typed in zip(("day", "month", "year"), value):
                page.fill(f"#{name}-{part}", typed)
            continue
        for single in value if isinstance(value, list) else [value]:
            target = page.locator(f"[name='{name}']").first
            if target.get_attribute("type") in ("radio", "checkbox"):
                page.check(f"input[name='{name}'][value='{single}']")
            else:
                page.fill(f"[name='{name}']", single)


def answer_by_request(page, url: str, answers: dict) -> str:
    """Answer a question already scanned without drawing it: a GET and a POST through
    the page's own cookies. Returns the URL the answers lead to."""
    html = page.request.get(url).text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert token, f"no CSRF token on {url}"
    response = page.request.post(
        url,
        data=urlencode({"csrf_token": token.group(1), **answers}, doseq=True),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.ok, f"answering {url}: HTTP {response.status}"
    return response.url


def submit(page, button: str = "submit") -> None:
    """Press the form's button (Continue by default) and wait for the next page."""
    with page.expect_navigation():
        page.click(f"main button[name='{button}']")


@dataclass
class Findings:
    """Problems found over many pages, reported together at the end of a test."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}:\n{problem}")

    def check(self) -> None:
        assert not self.problems, (
            f"{len(self.problems)} problem(s) in {self.pages} scans (pages × widths):\n\n"
            + "\n\n".join(self.problems)
        )
