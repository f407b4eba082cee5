"""Sessions: the cookie's name pins it to this host over HTTPS (ASVS 3.4.4), and an
officer's session ends a fixed time after signing in, however busy (ASVS 3.3.2)."""

from __future__ import annotations

import pytest

from tests.admin.conftest import make_officer, officer_request  # noqa: F401 (fixtures)


@pytest.fixture
def secure_app(tmp_path, monkeypatch):
    for name in ("COOKIE_SECURE", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'portal.db'}",
                       "SECRET_KEY": "a-test-secret", "RATELIMIT_ENABLED": False})


def test_over_https_the_session_cookie_has_the_host_prefix(secure_app):
    response = secure_app.test_client().get("/help-now")
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-portal_session=")]
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    # What browsers require of a __Host- cookie: Secure, Path=/ and no Domain.
    assert "secure" in attributes and "path=/" in attributes
    assert not [a for a in attributes if a.startswith("domain=")]


def test_over_plain_http_in_development_the_cookie_keeps_its_plain_name(app, client):
    assert app.config["SESSION_COOKIE_NAME"] == "portal_session"  # browsers refuse __Host- without Secure


def test_a_busy_officer_is_still_signed_out_after_the_session_hours(app, officer_request):  # noqa: F811
    client = officer_request.client
    assert client.get("/admin/queue").status_code == 200
    with client.session_transaction() as session:
        session["admin_since"] -= app.config["ADMIN_SESSION_HOURS"] * 3600 + 1
    response = client.get("/admin/queue")
    assert response.status_code == 302 and "/admin/sign-in" in response.location
    assert client.get("/admin/queue").status_code == 302  # and stays signed out


def test_the_session_hours_come_from_settings(tmp_path):
    from portal import config

    assert config.load({}, instance_path=tmp_path)["ADMIN_SESSION_HOURS"] == 12
    assert config.load({"ADMIN_SESSION_HOURS": "8"}, instance_path=tmp_path)["ADMIN_SESSION_HOURS"] == 8
