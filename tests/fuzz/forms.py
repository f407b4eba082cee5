"""Generated requests for a form: every field of the form class, each sent as anything,
or left out, or sent twice, or sent as a file; plus a CSRF token (usually good), a
language, and sometimes a query string."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from portal.web.fields import DatePartsField
from tests.fuzz import strategies as S
from tests.fuzz.properties import Sent

LANGUAGES = ["en", "cy", "ar", "ur", "pl", "uk", "pa", "ro", "pt", "en-GB,en;q=0.9", "cy;q=0.5, ar",
             "xx", "", "*", "zh-Hant-TW", "ar-SA,ar;q=0.9,en;q=0.8", "\x7f", "en;q=abc", "../../etc"]
QUERY_KEYS = ["change", "step_id", "_external", "_anchor", "_scheme", "_method", "from", "next", "done",
              "reference", "x"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | password | integer | choice | select | multi | date | file | submit | boolean
    valid: tuple = ()
    limit: int | None = None
    required: bool = False


def specs_of(app, form_class, choices=None, skip=()) -> list[FieldSpec]:
    """The fields of a form class, read from the class itself so no field is forgotten."""
    choices = choices or {}
    with app.test_request_context():
        form = form_class(meta={"csrf": False})
    specs = []
    for field in form:
        if field.type == "CSRFTokenField" or field.name in skip:
            continue
        limit = next((v.max for v in field.validators if isinstance(v, Length) and v.max and v.max > 0), None)
        if isinstance(field, SubmitField):
            kind = "submit"
        elif isinstance(field, FileField):
            kind = "file"
        elif isinstance(field, DatePartsField | DateField):
            kind = "date"
        elif isinstance(field, PasswordField):
            kind = "password"
        elif isinstance(field, IntegerField):
            kind = "integer"
        elif isinstance(field, BooleanField):
            kind = "boolean"
        elif isinstance(field, SelectMultipleField):
            kind = "multi"
        elif isinstance(field, RadioField):
            kind = "choice"
        elif isinstance(field, SelectField):
            kind = "select"
        elif isinstance(field, StringField):
            kind = "text"
        else:
            raise AssertionError(f"no strategy for {field.name} ({field.type})")
        valid = tuple(choices.get(field.name) or (
            [str(value) for value, *_rest in field.choices] if getattr(field, "choices", None) else []))
        required = any(isinstance(v, (InputRequired, DataRequired)) for v in field.validators)
        specs.append(FieldSpec(field.name, kind, valid, limit, required))
    return specs


def text_for(limit):
    around = [] if limit is None else [S.text_near(limit)]
    return st.one_of(S.nasty_text, *around)


def _value(spec: FieldSpec):
    if spec.kind in ("text", "password"):
        return text_for(spec.limit)
    if spec.kind == "integer":
        return st.one_of(st.integers(-10**12, 10**12).map(str), st.sampled_from(
            ["", "0", "1200", "10000000", "10000001", "-1", "1.5", "1,200", "£12", "1e6", "٣", "9" * 400]),
            S.nasty_text)
    if spec.kind in ("choice", "select"):
        return S.choice_value(spec.valid or ("x",))
    if spec.kind == "boolean":
        return st.sampled_from(["y", "on", "true", "false", "", "0", "<script>alert(1)</script>"])
    if spec.kind == "submit":
        return st.one_of(st.just(""), S.nasty_text)
    raise AssertionError(spec.kind)


@st.composite
def files(draw, limit):
    content, ending = draw(S.file_content(limit))
    if draw(st.booleans()):  # an odd name with the ending that fits what is in it
        name = draw(st.one_of(st.sampled_from(S.ODD_STEMS), S.short_text)) + ending
    else:  # any name at all: mislabelled, no ending, a folder's path...
        name = draw(S.file_name)
    # As a browser writes a file's name in the request (HTML: multipart/form-data encoding).
    name = name.replace("\n", "%0A").replace("\r", "%0D").replace('"', "%22")
    return (io.BytesIO(content), name, draw(S.content_types))


def _record(sent: Sent, spec: FieldSpec, values: list):
    """Put a field's values in the request, and note what the page should show again."""
    for value in values:
        sent.data.add(spec.name, value)
    if spec.kind == "date":
        sent.dates[spec.name] = list(values)
    elif spec.kind == "multi":
        sent.multi[spec.name] = (list(values), spec.valid)
    elif spec.kind in ("text", "integer") and values:
        sent.texts[spec.name] = values[0]
    elif spec.kind == "password":
        sent.secrets.add(spec.name)
    elif spec.kind in ("choice", "select") and values:
        sent.choices[spec.name] = (values[0], spec.valid)


@st.composite
def requests(draw, specs: list[FieldSpec], csrf_token: str | None, *, upload_limit=4096, query=False,
             extra_fields=True, wrong_types=True, baseline: dict | None = None):
    """One generated request for these fields.

    With a `baseline` (a good answer to every field), a third of the requests send it with
    only one or two fields made bad, so that the accepted path and "keeps the rest" are
    exercised on forms with many fields too; the rest make every field anything.
    """
    sent = Sent(data=MultiDict())
    spoilt = None
    if baseline is not None and draw(st.integers(0, 2)) == 0:
        names = [spec.name for spec in specs if spec.kind != "submit"]
        spoilt = set(draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))) if names else set()
    for spec in specs:
        if spoilt is not None and spec.name not in spoilt:
            if spec.name in baseline:
                value = baseline[spec.name]
                _record(sent, spec, value if isinstance(value, list) else [value])
            continue
        how = draw(st.sampled_from(["once"] * 8 + ["missing", "twice"] + (["file"] if wrong_types else [])))
        if how == "missing":
            continue
        if spec.kind == "file" or (how == "file" and spec.kind not in ("date", "multi")):
            sent.data.add(spec.name, draw(files(upload_limit)))
            if spec.kind == "file" and how == "twice":
                sent.data.add(spec.name, draw(files(upload_limit)))
            continue
        if spec.kind == "date":
            _record(sent, spec, draw(S.date_parts))
        elif spec.kind == "multi":
            _record(sent, spec, draw(st.lists(S.choice_value(spec.valid), max_size=len(spec.valid) + 2)))
        else:
            values = [draw(_value(spec))]
            if how == "twice":
                values.append(draw(_value(spec)))
            _record(sent, spec, values)
    if extra_fields and draw(st.integers(0, 9)) == 0:
        for _ in range(draw(st.integers(1, 3))):
            sent.data.add(draw(st.one_of(st.sampled_from(["__proto__", "name[]", "id", "submit", "x" * 300, ""]),
                                         S.short_text)), draw(S.nasty_text))
    if csrf_token is not None:
        how = draw(st.sampled_from(["good"] * 30 + ["missing", "garbage", "twice", "garbage-first"]))
        sent.csrf_ok = how in ("good", "twice")
        if how in ("good", "twice"):
            sent.data.add("csrf_token", csrf_token)
        if how == "twice":
            sent.data.add("csrf_token", draw(S.nasty_text))
        if how in ("garbage", "garbage-first"):
            sent.data.add("csrf_token", draw(st.one_of(S.nasty_text, st.just(csrf_token[:-2]))))
        if how == "garbage-first":
            sent.data.add("csrf_token", csrf_token)
    if query and draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), st.one_of(st.just("1"), S.short_text)),
                              min_size=1, max_size=3))
        sent.query = urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs])
    sent.headers = {"Accept-Language": draw(st.sampled_from(LANGUAGES))}
    if csrf_token is not None and draw(st.integers(0, 19)) == 0:
        # The wrong type of body altogether: JSON, with the token in the header a script would use.
        sent.json = draw(st.one_of(
            st.dictionaries(st.sampled_from([s.name for s in specs] or ["x"]), JSON_VALUES, max_size=4),
            JSON_VALUES))
        sent.headers["X-CSRFToken"] = csrf_token
        sent.csrf_ok, sent.as_json = True, True
        sent.texts, sent.choices, sent.multi, sent.dates = {}, {}, {}, {}
    return sent


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | S.short_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(S.short_text, inner, max_size=3),
    max_leaves=6)


def multipart_body(data: MultiDict) -> tuple[bytes, str]:
    """The body a browser sends for a form with a file in it (HTML: multipart/form-data
    encoding, RFC 7578): every part's headers, a blank line, its bytes, then a line break
    before the next boundary, even when a file is empty.

    Werkzeug's test client leaves out the blank line after an empty file's headers; its
    parser accepts that only when the part does not straddle two 64 KiB reads, so a rare
    generated request was refused as having no CSRF token for a reason no browser causes.
    """
    texts = b"".join(v if isinstance(v, bytes) else str(v).encode()
                     for _, v in data.items(multi=True) if not isinstance(v, tuple))
    while True:
        boundary = "----PortalFormBoundary" + secrets.token_hex(12)
        if boundary.encode() not in texts:
            break

    def quoted(text: str) -> bytes:
        return text.replace("\n", "%0A").replace("\r", "%0D").replace('"', "%22").encode()

    body = io.BytesIO()
    for key, value in data.items(multi=True):
        body.write(b"--" + boundary.encode() + b"\r\n")
        body.write(b'Content-Disposition: form-data; name="' + quoted(key) + b'"')
        if isinstance(value, tuple):
            stream, name, content_type = value
            stream.seek(0)
            content = stream.read()
            if boundary.encode() in content:
                return multipart_body(data)  # vanishingly rare: draw another boundary
            body.write(b'; filename="' + quoted(name) + b'"\r\n')
            if content_type:
                body.write(b"Content-Type: " + content_type.encode() + b"\r\n")
        else:
            content = value.encode()
            body.write(b"\r\n")
        body.write(b"\r\n" + content + b"\r\n")
    body.write(b"--" + boundary.encode() + b"--\r\n")
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def post(client, path, sent: Sent):
    """Send a generated request; a file anywhere makes it multipart."""
    url = path + (("&" if "?" in path else "?") + sent.query if sent.query else "")
    if sent.as_json:
        return client.post(url, json=sent.json, headers=sent.headers)
    if sent.has_files:
        body, content_type = multipart_body(sent.data)
        return client.post(url, data=body, headers=sent.headers, content_type=content_type)
    return client.post(url, data=sent.data, headers=sent.headers)
