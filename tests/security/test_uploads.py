"""Uploaded files: kept outside the web root, for the portal's own user only, never served
to the public, and handed to officers as downloads, never shown in the browser.

Random names, content checks and size limits are proved in tests/web/test_attachments.py;
these are the parts it leaves out.
"""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from portal import config
from portal.extensions import db
from portal.models import Attachment, Case
from tests.admin.conftest import make_officer, officer_request  # noqa: F401 (fixtures)
from tests.web.journey import path_of
from tests.web.steps import reach

HOSTILE_TEXT = "<html><script>alert(document.cookie)</script></html>".encode()


def _send_with_file(client_request, content, filename) -> str:
    attachments = reach(client_request, "attachments")
    client_request.post(attachments, {"upload": "Upload file"},
                        files={"attachment": (io.BytesIO(content), filename)})
    client_request.post(attachments, {})
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    return path_of(confirmation).rsplit("/", 1)[1]


def test_the_default_upload_folder_is_outside_the_web_root(tmp_path):
    settings = config.load({}, instance_path=tmp_path)
    uploads = Path(settings["UPLOAD_FOLDER"]).resolve()
    static = (config.REPO_ROOT / "static").resolve()
    templates = (config.REPO_ROOT / "templates").resolve()
    assert uploads == (tmp_path / "uploads").resolve()
    for served in (static, templates):
        assert served not in uploads.parents and uploads != served


def test_the_tests_upload_folder_is_outside_the_web_root(app):
    uploads = Path(app.config["UPLOAD_FOLDER"]).resolve()
    assert Path(app.static_folder).resolve() not in uploads.parents


def test_a_kept_file_is_not_served_at_any_public_address(app, client_request):
    reference = _send_with_file(client_request, b"%PDF-1.4\n%%EOF\n", "letter.pdf")
    with app.app_context():
        item = db.session.scalar(select(Attachment))
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert item.case_id == case.id
    stranger = app.test_client()
    for path in (f"/static/{item.stored_name}", f"/static/../instance/uploads/{item.stored_name}",
                 f"/uploads/{item.stored_name}", f"/{item.stored_name}"):
        assert stranger.get(path).status_code == 404, path
    # The officers' download needs an officer.
    response = stranger.get(f"/admin/cases/{reference}/attachments/{item.id}")
    assert response.status_code == 302 and "/admin/sign-in" in response.location


def test_a_kept_file_and_its_folder_are_for_the_portals_user_only(app, client_request):
    _send_with_file(client_request, b"%PDF-1.4\n%%EOF\n", "letter.pdf")
    with app.app_context():
        stored = db.session.scalar(select(Attachment.stored_name))
    path = Path(app.config["UPLOAD_FOLDER"]) / stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(("content", "filename"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "picture.svg"),
    (HOSTILE_TEXT, "page.html"),
    (HOSTILE_TEXT, "page.pdf"),
    (b"%PDF-1.4\n%%EOF\n", "page.html"),
])
def test_files_a_browser_would_run_are_refused(client_request, content, filename):
    attachments = reach(client_request, "attachments")
    page = client_request.post(attachments, {"upload": "Upload file"}, expected_status=400,
                               files={"attachment": (io.BytesIO(content), filename)})
    assert page.select_one(".govuk-error-summary") is not None


def test_an_officer_gets_a_file_as_a_download_never_a_page(app, client_request, officer_request):  # noqa: F811
    # Plain text is accepted whatever it says; it must never be run as a page.
    person = type(client_request)(app.test_client())
    reference = _send_with_file(person, HOSTILE_TEXT, "notes.txt")
    with app.app_context():
        item = db.session.scalar(select(Attachment))
    response = officer_request.client.get(f"/admin/cases/{reference}/attachments/{item.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.data == HOSTILE_TEXT
