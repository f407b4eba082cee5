"""Rate limits on the public forms, the tracking lookups and officers' sign-in, proved on
the portal running as its own process (tests/security/server.py): after the limit, the
friendly "Too many tries" page with status 429, whatever the client claims to be."""

from __future__ import annotations

import os
import secrets
import socket

import pytest
import requests

from tests.security.server import csrf_token, portal_server

LIMITS = {
    "SIGN_IN_RATE_LIMIT": "3 per minute",
    "TRACKING_LOOKUP_RATE_LIMIT": "3 per minute",
    "SUBMISSION_RATE_LIMIT": "3 per minute",
}


def assert_too_many(response):
    assert response.status_code == 429, (response.url, response.status_code)
    assert "<title>" in response.text and "Too many tries" in response.text
    assert "We have had a lot of requests from your connection" in response.text
    assert "Traceback" not in response.text
    # The friendly page is a page like any other: same headers, same policy.
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def exhaust(send, allowed: int, expected_status):
    """Send `allowed` requests that get their usual answer, then one that is refused."""
    for attempt in range(allowed):
        response = send()
        assert response.status_code == expected_status, (attempt, response.status_code, response.text[-500:])
    return send()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with portal_server(tmp_path_factory.mktemp("limited"), **LIMITS) as base:
        yield base


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "portal-rate-limit-test"
    return session


def test_officers_sign_in_is_limited(server):
    officer = browser()
    token = csrf_token(officer, server + "/admin/sign-in")

    def send(**headers):
        return officer.post(server + "/admin/sign-in", timeout=10, allow_redirects=False, headers=headers,
                            data={"csrf_token": token, "email": "nobody@example.gov.uk", "password": "x" * 12})

    assert_too_many(exhaust(send, 3, 400))
    # Without a trusted proxy, a forged client address changes nothing.
    assert_too_many(send(**{"X-Forwarded-For": "192.0.2.77"}))
    # Reading the page stays open; only attempts are counted.
    assert officer.get(server + "/admin/sign-in", timeout=10).status_code == 200


def test_asking_for_a_new_tracking_link_is_limited(server):
    person = browser()
    token = csrf_token(person, server + "/track/")

    def send():
        return person.post(server + "/track/", timeout=10, allow_redirects=False,
                           data={"csrf_token": token, "reference": "KM4P-7XQA", "contact": "pat@example.com"})

    assert_too_many(exhaust(send, 3, 302))


def test_opening_tracking_links_is_limited(server):
    person = browser()

    def send():
        return person.get(server + "/track/" + secrets.token_urlsafe(24), timeout=10, allow_redirects=False)

    assert_too_many(exhaust(send, 3, 404))


def test_saving_a_form_for_later_is_limited(server):
    person = browser()
    assert person.get(server + "/tell-us/", timeout=10).status_code == 200  # a form is started
    token = csrf_token(person, server + "/tell-us/save")

    def send():
        return person.post(server + "/tell-us/save", timeout=10, allow_redirects=False,
                           data={"csrf_token": token, "email": "pat@example.com"})

    assert_too_many(exhaust(send, 3, 302))


def test_sending_the_form_is_limited(server):
    person = browser()
    assert person.get(server + "/tell-us/", timeout=10).status_code == 200
    token = csrf_token(person, server + "/tell-us/save")

    def send():
        # Unanswered questions send the person back to them: still an attempt to send.
        return person.post(server + "/tell-us/check-your-answers", timeout=10, allow_redirects=False,
                           data={"csrf_token": token})

    assert_too_many(exhaust(send, 3, 302))


def test_the_get_help_now_alert_is_limited_more_loosely(server):
    person = browser()
    token = csrf_token(person, server + "/help-now")

    def send():
        return person.post(server + "/help-now", timeout=10, allow_redirects=False,
                           data={"csrf_token": token, "message": "Testing the limit", "contact": ""})

    assert_too_many(exhaust(send, 10, 302))


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(tmp_path):
    with portal_server(tmp_path, TRUSTED_PROXIES="1", **LIMITS) as base:
        officer = browser()
        token = csrf_token(officer, base + "/admin/sign-in")

        def send(client):
            return officer.post(base + "/admin/sign-in", timeout=10, headers={"X-Forwarded-For": client},
                                data={"csrf_token": token, "email": "nobody@example.gov.uk", "password": "x" * 12})

        assert_too_many(exhaust(lambda: send("192.0.2.10"), 3, 400))
        assert send("192.0.2.11").status_code == 400  # another client has its own count


# --- Redis -------------------------------------------------------------------------------

REDIS = ("127.0.0.1", 6379)


def _redis_problem() -> str | None:
    try:
        with socket.create_connection(REDIS, timeout=3) as connection:
            connection.sendall(b"PING\r\n")
            if connection.recv(16).startswith(b"+PONG"):
                return None
            return "it did not answer PING"
    except OSError as error:
        return str(error)


@pytest.fixture
def redis_prefix():
    problem = _redis_problem()
    if problem:
        message = f"Redis not reachable at 127.0.0.1:6379 ({problem}): skipped the Redis rate-limit test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI requires it: .ci/run starts it)")
        pytest.skip(message)
    import redis

    prefix = f"portal-test-{secrets.token_hex(6)}"
    yield prefix
    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)


def test_with_redis_every_worker_shares_one_count(tmp_path, redis_prefix):
    import redis

    settings = {**LIMITS, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "RATELIMIT_KEY_PREFIX": redis_prefix}
    # Two processes, as two gunicorn workers would be, over one database and one Redis.
    with portal_server(tmp_path / "a", **settings) as first, \
            portal_server(tmp_path / "b", **settings) as second:
        officer = browser()
        tokens = {base: csrf_token(officer, base + "/admin/sign-in") for base in (first, second)}

        def send(base):
            return officer.post(base + "/admin/sign-in", timeout=10, allow_redirects=False,
                                data={"csrf_token": tokens[base], "email": "nobody@example.gov.uk",
                                      "password": "x" * 12})

        assert [send(first).status_code, send(second).status_code, send(first).status_code] == [400, 400, 400]
        assert_too_many(send(second))
        keys = list(redis.Redis(*REDIS).scan_iter(match=f"*{redis_prefix}*"))
        assert keys, "the counts are kept in Redis"


def test_with_redis_down_the_forms_stay_open_and_limited(tmp_path):
    # Port 9 (discard) is never served here: every connection is refused.
    with portal_server(tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9", **LIMITS) as base:
        person = browser()
        token = csrf_token(person, base + "/track/")

        def send():
            return person.post(base + "/track/", timeout=10, allow_redirects=False,
                               data={"csrf_token": token, "reference": "KM4P-7XQA", "contact": "pat@example.com"})

        assert_too_many(exhaust(send, 3, 302))
