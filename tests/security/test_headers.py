"""What the portal answers to requests it has no use for: other HTTP methods, other
sites' origins (ASVS 14.5.1, 14.5.3). The headers every page carries are proved in
tests/web/test_security.py."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE"])
@pytest.mark.parametrize("path", ["/", "/help-now", "/track/", "/admin/sign-in"])
def test_methods_the_portal_does_not_use_are_refused(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) <= {"GET", "HEAD", "POST", "OPTIONS"}
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("path", ["/", "/help-now", "/track/", "/admin/sign-in", "/no-such-page"])
def test_no_other_site_is_allowed_to_read_the_portals_answers(client, path):
    response = client.get(path, headers={"Origin": "https://evil.example"})
    assert not [h for h in response.headers.keys() if h.lower().startswith("access-control-")]


def test_a_form_posted_from_another_site_is_refused(client):
    client.get("/help-now")  # a session of its own, as a victim's browser would have
    response = client.post("/help-now", data={"message": "from elsewhere"},
                           headers={"Origin": "https://evil.example", "Referer": "https://evil.example/"})
    assert response.status_code == 400
