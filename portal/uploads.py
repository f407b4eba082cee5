"""Files people attach: checked by their content, stored outside the web root under
random names, never served back to the public."""

from __future__ import annotations

import errno
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l

# What each accepted type starts with; the name's ending must agree with the content.
SIGNATURES = {
    "application/pdf": ((b"%PDF-",), {".pdf"}),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), {".png"}),
    "image/jpeg": ((b"\xff\xd8\xff",), {".jpg", ".jpeg"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        (b"PK\x03\x04",), {".docx"}),
    "application/msword": ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), {".doc"}),
}
TEXT_ENDINGS = {".txt"}

log = logging.getLogger(__name__)


def size_text(size_bytes: int) -> str:
    """A size limit as people say it, in the person's language: "10 MB", "500 KB"."""
    if size_bytes >= 1024 * 1024:
        return gettext("%(size)s MB", size=format_decimal(round(size_bytes / (1024 * 1024), 1)))
    return gettext("%(size)s KB", size=format_decimal(round(size_bytes / 1024, 1)))


class UploadRejected(ValueError):
    """The file cannot be accepted; the message is for the person, translated."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def sniff(content: bytes, filename: str) -> str:
    ending = Path(filename).suffix.lower()
    for content_type, (prefixes, endings) in SIGNATURES.items():
        if any(content.startswith(p) for p in prefixes):
            if ending not in endings:
                raise UploadRejected(_l("The file's name does not match what is in it. Check the file and try again."))
            return content_type
    if ending in TEXT_ENDINGS:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRejected(_l("The file must be a PDF, JPG, PNG, Word or text file")) from None
        if "\x00" not in text:
            return "text/plain"
    raise UploadRejected(_l("The file must be a PDF, JPG, PNG, Word or text file"))


def discard(folder: str, stored_name: str) -> None:
    """Delete a kept file the person removed; one already gone is not an error."""
    try:
        (Path(folder) / Path(stored_name).name).unlink(missing_ok=True)
    except OSError:
        pass  # the record is gone either way; the file cannot be reached from it


#: Characters that change the direction text is shown in: "\u202egpj.exe" reads as "exe.jpg".
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def display_name(filename: str | None) -> str:
    """The name a file is listed and downloaded under: no folders, no control characters (a
    NUL cannot even be stored in PostgreSQL), at most 255 characters with its ending kept."""
    name = Path(filename or "").name
    name = "".join(c for c in name if unicodedata.category(c) != "Cc" and c not in BIDI_CONTROLS)
    if len(name) > 255:
        ending = Path(name).suffix[:16]
        name = name[:255 - len(ending)] + ending
    return name


def store(file_storage, folder: str, max_bytes: int) -> StoredFile:
    """Check and keep an uploaded file. Raises UploadRejected with a message for the person."""
    original = display_name(file_storage.filename)
    if not original:
        raise UploadRejected(_l("Select a file to upload"))
    content = file_storage.stream.read(max_bytes + 1)
    if not content:
        raise UploadRejected(_l("The selected file is empty"))
    if len(content) > max_bytes:
        raise UploadRejected(_l("The file must be smaller than %(size)s", size=size_text(max_bytes)))
    content_type = sniff(content, original)
    stored_name = secrets.token_hex(16)
    target = Path(folder)
    try:
        # Children's personal data: for the portal's own user only (the folder too).
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        (target / stored_name).write_bytes(content)
        (target / stored_name).chmod(0o600)
    except OSError as error:
        # A full disk (ENOSPC), a read-only or unwritable folder (EROFS, EACCES): the operator
        # is told what is wrong, the person that the file was not kept, and nothing part-written stays.
        log.error("could not keep an uploaded file in %s: %s (%s)", folder, error.strerror or error,
                  errno.errorcode.get(error.errno, "no errno"))
        discard(folder, stored_name)
        raise UploadRejected(_l("We could not save your file just now. Try again later, or continue without it.")) from None
    return StoredFile(stored_name, original, content_type, len(content))
