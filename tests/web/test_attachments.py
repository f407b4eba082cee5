"""Attaching files: checked by what is in them, kept under random names, never lost
without the person being told."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from portal.extensions import db
from portal.models import Attachment, Case
from tests.conftest import PageClient, normalise
from tests.fuzz.forms import multipart_body
from tests.web.journey import path_of
from tests.web.steps import error_at, reach, step_of, summary_errors

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)

TYPE_MESSAGE = "The file must be a PDF, JPG, PNG, Word or text file"


def upload(client_request, path, content, filename, expected_status=302):
    return client_request.post(path, {"upload": "Upload file"}, expected_status=expected_status,
                               files={"attachment": (io.BytesIO(content), filename)})


def listed(page) -> list[str]:
    """The names of the files the attachments page lists."""
    return [normalise(key) for key in page.select(".govuk-summary-list__key")]


def rows(app):
    with app.app_context():
        found = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
        db.session.expunge_all()
        return found


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(folder.iterdir()) if folder.exists() else []


def assert_upload_error(page, message):
    assert summary_errors(page) == {"attachment": message}
    assert error_at(page, "attachment") == message
    assert page.title.get_text().startswith("Error:")


@pytest.fixture
def attachments(client_request):
    return reach(client_request, "attachments")


def test_a_pdf_is_kept_and_listed_by_its_name(app, client_request, attachments):
    location = upload(client_request, attachments, PDF, "letter from school.pdf")
    assert path_of(location) == attachments
    page = client_request.get(attachments)
    assert listed(page) == ["letter from school.pdf"]
    (row,) = rows(app)
    assert row.original_name == "letter from school.pdf"
    assert (row.content_type, row.size) == ("application/pdf", len(PDF))


def test_a_kept_file_has_a_random_name_in_the_upload_folder(app, client_request, attachments):
    before = set(stored_files(app))
    upload(client_request, attachments, PDF, "letter.pdf")
    upload(client_request, attachments, PDF, "letter.pdf")
    new = sorted(set(stored_files(app)) - before)
    first, second = rows(app)
    assert {p.name for p in new} == {first.stored_name, second.stored_name}
    assert first.stored_name != second.stored_name
    for path in new:
        assert path.parent == Path(app.config["UPLOAD_FOLDER"])
        assert "letter" not in path.name and len(path.name) >= 32
        assert path.read_bytes() == PDF


def test_a_name_with_folders_in_it_is_kept_inside_the_upload_folder(app, client_request, attachments):
    before = set(stored_files(app))
    upload(client_request, attachments, PDF, "../../outside.pdf")
    (row,) = rows(app)
    assert row.original_name == "outside.pdf"
    assert [p.name for p in set(stored_files(app)) - before] == [row.stored_name]


@pytest.mark.parametrize(("content", "filename"), [(PNG, "photo.pdf"), (PDF, "letter.png")])
def test_a_file_whose_name_does_not_match_its_content_is_refused(app, client_request, attachments,
                                                                 content, filename):
    page = upload(client_request, attachments, content, filename, expected_status=400)
    assert_upload_error(page, "The file's name does not match what is in it. Check the file and try again.")
    assert rows(app) == []


@pytest.mark.parametrize(("content", "filename"), [
    (EXE, "game.exe"), (EXE, "notes.txt"), (b"just some words", "notes.csv"),
    (b"\xff\xfe\x00b\x00a\x00d", "notes.txt"),
])
def test_a_file_of_another_type_is_refused(app, client_request, attachments, content, filename):
    page = upload(client_request, attachments, content, filename, expected_status=400)
    assert_upload_error(page, TYPE_MESSAGE)
    assert rows(app) == []


def test_a_plain_text_file_is_accepted(app, client_request, attachments):
    upload(client_request, attachments, "Notes about the meeting – 3 May".encode(), "notes.txt")
    assert [r.content_type for r in rows(app)] == ["text/plain"]


def test_an_empty_file_is_refused(app, client_request, attachments):
    page = upload(client_request, attachments, b"", "empty.pdf", expected_status=400)
    assert_upload_error(page, "The selected file is empty")
    assert rows(app) == []


def test_upload_without_choosing_a_file_asks_for_one(client_request, attachments):
    page = client_request.post(attachments, {"upload": "Upload file"}, expected_status=400)
    assert_upload_error(page, "Select a file to upload")


def test_upload_with_an_empty_file_box_asks_for_one(client_request, attachments):
    # What a browser sends when no file was chosen: a part with no name and no content.
    page = upload(client_request, attachments, b"", "", expected_status=400)
    assert_upload_error(page, "Select a file to upload")


def test_a_file_over_the_size_limit_is_refused_with_the_limit(app, client_request, attachments, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 2048)
    page = client_request.get(attachments)
    assert "up to 2 KB each" in normalise(page.find(id="attachment-hint"))
    page = upload(client_request, attachments, PDF + b" " * 2048, "big.pdf", expected_status=400)
    assert_upload_error(page, "The file must be smaller than 2 KB")
    assert rows(app) == []
    # A file of exactly the limit is accepted.
    upload(client_request, attachments, PDF + b" " * (2048 - len(PDF)), "just-fits.pdf")
    assert [r.size for r in rows(app)] == [2048]


def test_the_default_limit_is_told_in_megabytes(client_request, attachments):
    page = client_request.get(attachments)
    assert "up to 10 MB each" in normalise(page.find(id="attachment-hint"))


def test_a_request_bigger_than_the_server_takes_gets_the_friendly_page(app, client_request, attachments,
                                                                       monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    page = upload(client_request, attachments, PDF + b" " * 8192, "huge.pdf", expected_status=413)
    assert normalise(page.h1) == "The file is too big"
    assert "Files must be smaller than 10 MB" in normalise(page)


def test_no_more_files_than_allowed(app, client_request, attachments, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENTS", 1)
    upload(client_request, attachments, PDF, "one.pdf")
    page = upload(client_request, attachments, PDF, "two.pdf", expected_status=400)
    assert_upload_error(page, "You can add up to 1 file")
    assert listed(page) == ["one.pdf"]


def test_a_file_can_be_removed_and_is_not_kept(app, client_request, attachments):
    upload(client_request, attachments, PDF, "keep.pdf")
    upload(client_request, attachments, PDF, "remove.pdf")
    keep, remove = rows(app)
    location = client_request.post(attachments, {"remove": str(remove.id)})
    assert path_of(location) == attachments
    assert listed(client_request.get(attachments)) == ["keep.pdf"]
    assert [r.id for r in rows(app)] == [keep.id]
    names = [p.name for p in stored_files(app)]
    assert remove.stored_name not in names
    assert keep.stored_name in names


def test_another_browser_cannot_remove_someone_elses_file(app, client_request, attachments):
    upload(client_request, attachments, PDF, "mine.pdf")
    (mine,) = rows(app)
    other = PageClient(app.test_client())
    other_path = reach(other, "attachments")
    other.post(other_path, {"remove": str(mine.id)})
    assert [r.id for r in rows(app)] == [mine.id]
    assert mine.stored_name in [p.name for p in stored_files(app)]


def test_a_sent_file_belongs_to_the_case(app, client_request, attachments):
    upload(client_request, attachments, PDF, "evidence.pdf")
    location = client_request.post(attachments, {})  # Continue
    assert step_of(location) == "check-your-answers"
    page = client_request.get("/tell-us/check-your-answers")
    assert "evidence.pdf" in normalise(page)
    assert page.select("button[name=remove]") == []  # listed, no longer removable here
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    reference = path_of(confirmation).rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        (attachment,) = db.session.scalars(select(Attachment)).all()
        assert attachment.case_id == case.id
        assert (Path(app.config["UPLOAD_FOLDER"]) / attachment.stored_name).read_bytes() == PDF


def test_a_folder_that_cannot_be_written_gives_a_message_not_a_crash(app, client_request, attachments,
                                                                      monkeypatch, tmp_path):
    # Tests run as root, which ignores file modes: a folder under a *file* cannot be made.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(blocker / "uploads"))
    page = upload(client_request, attachments, PDF, "letter.pdf", expected_status=400)
    assert_upload_error(
        page, "We could not save your file just now. Try again later, or continue without it.")
    assert rows(app) == []
    # The person can still go on without it.
    assert step_of(client_request.post(attachments, {})) == "check-your-answers"


def test_a_file_is_kept_byte_for_byte_wherever_werkzeugs_reads_fall(app, client_request, attachments):
    """A text file last in the form, its closing boundary just past the 64 KiB mark, where
    plain werkzeug would add a stray byte to it (portal.web.multipart)."""
    token = client_request.csrf_token(attachments)
    before = set(stored_files(app))

    def form(size):
        return MultiDict([("csrf_token", token), ("upload", "Upload file"),
                          ("attachment", (io.BytesIO(b"notes " * (size // 6) + b"." * (size % 6)), "notes.txt",
                                          "text/plain"))])

    def misread_by_plain_werkzeug(size):
        body, content_type = multipart_body(form(size))
        request = Request(EnvironBuilder(method="POST", data=body, content_type=content_type).get_environ())
        return request.files["attachment"].read() != form(size)["attachment"][0].getvalue()

    size = next(size for size in range(64 * 1024 - 1000, 64 * 1024) if misread_by_plain_werkzeug(size))
    sent = form(size)
    body, content_type = multipart_body(sent)
    response = client_request.client.post(attachments, data=body, content_type=content_type)
    assert response.status_code == 302 and path_of(response.location) == attachments
    (row,) = rows(app)
    assert row.size == size
    (kept,) = set(stored_files(app)) - before
    assert kept.read_bytes() == sent["attachment"][0].getvalue()
