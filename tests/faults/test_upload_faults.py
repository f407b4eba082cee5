"""A full disk or an upload folder that cannot be written: the person is told plainly, in
their language, on the attachments page; everything else they gave is kept; nothing is
recorded for the file and no part of it is left on disk; the operator's log says why."""

from __future__ import annotations

import errno
import io
import logging
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import normalise
from tests.web.journey import path_of
from tests.web.steps import reach, step_of, summary_errors
from tests.web.test_attachments import (
    PDF,
    assert_upload_error,
    listed,
    rows,
    stored_files,
    upload,
)

NOT_KEPT = "We could not save your file just now. Try again later, or continue without it."
NOT_KEPT_IN_WELSH = ("Doedd dim modd i ni gadw eich ffeil nawr. Rhowch gynnig arall arni yn nes "
                     "ymlaen, neu parhewch hebddi.")

FAULTS = {
    # Disk full: the file is created, part of it written, then the write fails.
    "disk-full": errno.ENOSPC,
    # Read-only file system, and a folder the portal's user may not write to: nothing is created.
    "read-only": errno.EROFS,
    "no-permission": errno.EACCES,
}


@pytest.fixture(params=list(FAULTS))
def break_disk(app, monkeypatch, request):
    """Call it to make writing into the upload folder fail with this errno; all else works."""
    code = FAULTS[request.param]
    folder = Path(app.config["UPLOAD_FOLDER"]).resolve()
    write_bytes = Path.write_bytes

    def write(path, data):
        if Path(path).resolve().parent != folder:
            return write_bytes(path, data)
        if code == errno.ENOSPC:
            with open(path, "wb") as partial:
                partial.write(data[: len(data) // 2])
        raise OSError(code, os.strerror(code), str(path))

    def switch_on():
        monkeypatch.setattr(Path, "write_bytes", write)
        return code

    return switch_on


@pytest.fixture
def attachments(client_request):
    return reach(client_request, "attachments")


def test_a_file_the_disk_cannot_take_gives_a_clear_error_and_keeps_everything_else(
        app, client_request, attachments, break_disk, monkeypatch, caplog):
    upload(client_request, attachments, PDF, "first letter.pdf")
    kept_files = stored_files(app)
    (kept,) = rows(app)

    code = break_disk()
    # The migrations ran in this process, and Alembic's logging set-up disables the loggers
    # that existed before it; a server never runs it.
    monkeypatch.setattr(logging.getLogger("portal.uploads"), "disabled", False)
    page = upload(client_request, attachments, PDF, "second letter.pdf", expected_status=400)
    assert_upload_error(page, NOT_KEPT)
    assert listed(page) == ["first letter.pdf"]  # what was already attached is still there
    # Nothing recorded for the failed file, and no part of it left behind.
    assert [r.id for r in rows(app)] == [kept.id]
    assert stored_files(app) == kept_files
    # The operator's log says what went wrong; the person's page does not.
    (logged,) = [r for r in caplog.records if r.name == "portal.uploads"]
    assert errno.errorcode[code] in logged.getMessage()
    assert errno.errorcode[code] not in normalise(page)

    # The person goes on without it; every answer is still there to send.
    assert step_of(client_request.post(attachments, {})) == "check-your-answers"
    answers = normalise(client_request.get("/tell-us/check-your-answers"))
    assert "first letter.pdf" in answers and "second letter.pdf" not in answers
    assert "Family time was cancelled three times." in answers
    assert path_of(client_request.post("/tell-us/check-your-answers", {})).startswith(
        "/tell-us/confirmation/")


@pytest.mark.parametrize("break_disk", ["disk-full"], indirect=True)
def test_the_error_is_in_the_persons_language(app, client_request, attachments, break_disk):
    break_disk()
    client = client_request.client
    client.get("/language/cy")
    response = client.post(attachments, data={
        "upload": "Upload file", "csrf_token": client_request.csrf_token(attachments),
        "attachment": (io.BytesIO(PDF), "llythyr.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 400
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == "cy"
    assert summary_errors(page) == {"attachment": NOT_KEPT_IN_WELSH}
    assert rows(app) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes: the read-only folder is "
                    "covered by the EROFS and EACCES cases above")
def test_a_read_only_upload_folder_gives_a_clear_error(app, client_request, attachments,
                                                       monkeypatch, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    try:
        page = upload(client_request, attachments, PDF, "letter.pdf", expected_status=400)
        assert_upload_error(page, NOT_KEPT)
        assert rows(app) == [] and list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
