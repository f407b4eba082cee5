"""Forms with a file in them (multipart bodies), read so that no part is misread.

Werkzeug's multipart decoder reads the body in 64 KiB pieces. When a piece ends part-way
through the line break and boundary that close a part, it can add a stray byte to that
field or file, or refuse the whole body, which then looks like a form without its CSRF
token (pallets/werkzeug#3285, still open at 3.1.9; our fuzz tests found it). Which
requests it hits depends only on where the 64 KiB marks fall, so a person could lose
what they typed or send a file one byte longer than they chose, now and then, at random.

A boundary line is a line break, "--" and the boundary, perhaps "--" and spaces, then a
line break (RFC 2046 5.1.1). The reader below hands the decoder pieces that never end
part-way through one: where a piece would, it ends just before that line's first line
break and keeps the rest for the next read. The bytes and their order are unchanged, and
each piece stays about as large as werkzeug asked for, so the memory limits on form
fields still hold.
"""

from __future__ import annotations

import re

from werkzeug.formparser import FormDataParser

_LINE_BREAK = re.compile(rb"[\r\n]")
_LINE_BREAKS = (b"\r\n", b"\r", b"\n")
# What may follow "--" and the boundary before the line is whole: the closing "--", spaces
# a sender may add, and the first half of a CR LF.
_UNFINISHED_ENDING = re.compile(rb"-|(--)?[ \t]*\r?")
_SPACES_ALLOWED = 16


class _BoundarySafeReader:
    """Reads a body in pieces that never end part-way through a boundary line."""

    def __init__(self, stream, boundary: bytes):
        self._stream = stream
        self._marker = b"--" + boundary
        self._longest_line = len(b"\r\n" + self._marker + b"--") + _SPACES_ALLOWED + 2
        self._held = b""
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        while True:
            more = b"" if self._ended else self._stream.read(size)
            if not more:
                self._ended = True
            piece = self._held + more
            if self._ended:
                self._held = b""
                return piece
            end = self._safe_end(piece)
            if end == 0 and len(piece) > size + self._longest_line:
                # Boundary lines back to back with nothing between them: no browser writes
                # that, and holding on would only grow the piece. Let the decoder refuse it.
                end = len(piece)
            if end > 0:
                self._held = piece[end:]
                return piece[:end]
            self._held = piece  # it begins with an unfinished boundary line: read on

    def _safe_end(self, piece: bytes) -> int:
        end = len(piece)
        while (start := self._unfinished_line(piece, end)) is not None:
            end = start
        return end

    def _unfinished_line(self, piece: bytes, end: int) -> int | None:
        """Where a boundary line starts that ending the piece at `end` would cut, if any."""
        for line_break in _LINE_BREAK.finditer(piece, max(0, end - self._longest_line), end):
            if self._could_be_boundary_line(piece[line_break.start():end]):
                return line_break.start()
        return None

    def _could_be_boundary_line(self, text: bytes) -> bool:
        for line_break in _LINE_BREAKS:
            if line_break.startswith(text):
                return True
            if not text.startswith(line_break):
                continue
            rest = text[len(line_break):]
            if self._marker.startswith(rest):
                return True
            if rest.startswith(self._marker) and _UNFINISHED_ENDING.fullmatch(rest[len(self._marker):]):
                return True
        return False


class BoundarySafeFormDataParser(FormDataParser):
    """Werkzeug's form parser, given the body of a multipart form in safe pieces."""

    def parse(self, stream, mimetype, content_length, options=None):
        if mimetype != "multipart/form-data":
            return super().parse(stream, mimetype, content_length, options)
        boundary = (options or {}).get("boundary", "").encode("latin-1", "replace")
        _, form, files = super().parse(_BoundarySafeReader(stream, boundary), mimetype, content_length, options)
        return stream, form, files
