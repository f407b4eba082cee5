"""What the browser is told about every page: its content policy, framing, caching and
cookies; and that forms and redirects cannot be used from another site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.extensions import db
from portal.journey import flow
from portal.models import Draft, SafeguardingAlert
from tests.conftest import PageClient
from tests.web.journey import path_of
from tests.web.steps import reach, reach_check

PAGES = ["/", "/which-procedure", "/accessibility", "/privacy", "/cookies", "/help-now",
         "/help-now/sent", "/no-such-page"]


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def nonce_of(response) -> str:
    nonces = [v for v in policy(response)["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    return nonces[0][len("'nonce-"):-1]


def assert_safe_page(response):
    """The page's policy forbids inline code and styles, and the page needs none but its
    own nonce-carrying script."""
    directives = policy(response)
    assert "'unsafe-inline'" not in " ".join(sum(directives.values(), []))
    assert "'unsafe-eval'" not in " ".join(sum(directives.values(), []))
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    nonce = nonce_of(response)
    assert len(nonce) >= 16
    page = BeautifulSoup(response.data, "html.parser")
    inline = [s for s in page.select("script") if not s.get("src")]
    assert inline, "the page has its js-enabled script"
    for script in inline:
        assert script.get("nonce") == nonce
    assert page.select("[style]") == [] and page.select("style") == []
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in ("same-origin", "strict-origin", "no-referrer",
                                                   "strict-origin-when-cross-origin")
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_policy_and_headers(client, path):
    response = client.get(path)
    assert response.mimetype == "text/html"
    assert_safe_page(response)


@pytest.mark.parametrize("step_id", [step.id for step in flow.STEPS])
def test_every_question_has_a_strict_policy_and_headers(client, step_id):
    path = reach(PageClient(client), step_id)
    assert_safe_page(client.get(path))


def test_pages_with_errors_check_your_answers_and_the_confirmation_have_the_same_policy(client):
    pages = PageClient(client)
    path = reach(pages, "contact")
    token = pages.csrf_token(path)
    response = client.post(path, data={"csrf_token": token})
    assert response.status_code == 400
    assert_safe_page(response)
    expired = client.post(path, data={"csrf_token": "wrong"})
    assert expired.status_code == 400
    assert_safe_page(expired)

    reach_check(pages)
    assert_safe_page(client.get("/tell-us/check-your-answers"))
    confirmation = pages.post("/tell-us/check-your-answers", {})
    assert_safe_page(client.get(path_of(confirmation)))


def test_the_nonce_is_new_for_every_request(client):
    nonces = {nonce_of(client.get("/")) for _ in range(5)}
    assert len(nonces) == 5


# --- the session cookie with the configuration a council gets by default ------------------


@pytest.fixture
def default_app(tmp_path, monkeypatch):
    """The app as configured from an empty environment: only a database and a key given."""
    for name in ("COOKIE_SECURE", "SESSION_COOKIE_SECURE", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    from portal import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'portal.db'}",
        "SECRET_KEY": "a-test-secret",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        # The limiter is shared by every app in the process: keep it off for the others.
        "RATELIMIT_ENABLED": False,
    })


def test_by_default_the_session_cookie_is_secure_http_only_and_same_site(default_app):
    response = default_app.test_client().get("/help-now")  # the form's token starts a session
    assert response.status_code == 200
    cookies = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith(default_app.config["SESSION_COOKIE_NAME"] + "=")]
    assert len(cookies) == 1
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookies[0].split(";")[1:]}
    assert "secure" in attributes
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# --- redirects and forms from elsewhere ---------------------------------------------------


@pytest.mark.parametrize("next_url", [
    "https://evil.example", "https://evil.example/tell-us/", "//evil.example", "///evil.example",
    "/\\evil.example", "\\\\evil.example", "https:evil.example", "javascript:alert(1)",
    "/\t/evil.example",
])
def test_choosing_a_language_never_redirects_to_another_site(client, next_url):
    response = client.get("/language/en", query_string={"next": next_url})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.scheme in ("", "http") and location.netloc in ("", "localhost")
    assert location.path.startswith("/")
    assert not location.path.startswith("//") and "\\" not in location.path


def test_choosing_a_language_returns_to_the_page_the_person_was_on(client):
    response = client.get("/language/en", query_string={"next": "/tell-us/kind?change=1"})
    assert path_of(response.headers["Location"]) == "/tell-us/kind?change=1"


def test_csrf_protection_is_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True)


def test_an_answer_posted_without_the_form_token_is_refused(app, client):
    assert client.get("/tell-us/").status_code == 302  # a form is started
    response = client.post("/tell-us/kind", data={"kind": "complaint"})
    assert response.status_code == 400
    with app.app_context():
        (answers,) = db.session.scalars(select(Draft.answers)).all()
    assert "kind" not in answers


def test_a_safety_alert_posted_without_the_form_token_is_refused(app, client):
    response = client.post("/help-now", data={"message": "Sent from another site"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(SafeguardingAlert)).all() == []


def test_a_token_from_another_browser_is_refused(app, client):
    other = PageClient(app.test_client())
    stolen = other.csrf_token("/help-now")
    PageClient(client).csrf_token("/help-now")  # this browser has a session of its own
    response = client.post("/help-now", data={"csrf_token": stolen, "message": "x"})
    assert response.status_code == 400
