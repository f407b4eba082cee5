"""Static files are fingerprinted, cached for a year and compressed; pages are not compressed."""

import re

import pytest


@pytest.fixture
def plain_client():
    from portal import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "x"}).test_client()


def test_stylesheet_address_changes_with_its_content_and_is_cached_for_a_year(plain_client):
    html = plain_client.get("/").get_data(as_text=True)
    address = re.search(r'href="(/static/dist/portal\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = plain_client.get(address, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.cache_control.max_age == 60 * 60 * 24 * 365 and response.cache_control.immutable
    assert response.headers["Content-Encoding"] == "br"


def test_a_static_file_without_a_fingerprint_is_not_cached_for_long(plain_client):
    response = plain_client.get("/static/dist/portal.css")
    assert not response.cache_control.immutable


def test_pages_with_tokens_are_never_compressed(plain_client):
    # BREACH: compressing secrets beside attacker-influenced text leaks them.
    response = plain_client.get("/help-now", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in response.headers


def test_a_static_file_never_sets_or_varies_by_the_session_cookie(plain_client):
    # A favicon fetched after its page would otherwise put an older session back, and a
    # publicly cached file would carry one person's session.
    plain_client.get("/language/cy")
    with plain_client.session_transaction() as session:
        session.permanent = True  # refreshed on every response, as a draft's session is
    assert plain_client.get("/").headers.getlist("Set-Cookie")
    response = plain_client.get("/static/dist/images/favicon.svg")
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")
    assert "Cookie" not in response.headers.get("Vary", "")
