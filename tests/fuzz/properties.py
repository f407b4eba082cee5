"""What must hold for every response to bad input.

- never a server error;
- a rejection is a 400 page with the GOV.UK error summary, every message one of ours and
  translated into the page's language, and every other answer shown again as it was typed;
- nothing typed becomes markup: no element or attribute on the page comes from the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.support import Translations
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage, MultiDict

from tests.conftest import check_page

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_pgettext": ((1, "c"), 2)}

# Elements no page of ours has: one on a page was made from the input.
FOREIGN_TAGS = ("iframe", "object", "embed", "base", "b", "style", "frame", "frameset", "applet", "math")
# Pieces of the input that, seen verbatim in the HTML, mean it was not escaped.
MARKUP_PROBES = ("<script", "</script", "<img", "<svg", "<iframe", "<a href", "</textarea", "</title",
                 "<input name=", "<b>", "<style", "onerror=", "onload=")


# Our messages, in every language ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _msgids() -> tuple[tuple[str, ...], ...]:
    """Every message the code marks for translation: (singular,) or (singular, plural)."""
    found = set()
    for folder in ("portal", "admin"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder), method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            forms = tuple(m for m in (message if isinstance(message, tuple) else (message,)) if m)
            if forms:
                found.add(forms)
    return tuple(found)


def _pattern(message: str) -> re.Pattern:
    text = " ".join(message.split())
    pieces = re.split(r"(%\(\w+\)[sdif]|%[sd]|%%)", text)
    regex = "".join(
        ".+?" if p.startswith("%(") or p in ("%s", "%d") else "%" if p == "%%" else re.escape(p)
        for p in pieces)
    return re.compile(regex, re.DOTALL)


@lru_cache(maxsize=None)
def _messages(locale: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """What a message of ours can read in `locale`: its translation, or the English of one
    not translated yet (never the English of one that is)."""
    catalogue = getattr(Translations.load(str(ROOT / "translations"), [locale]), "_catalog", {})
    translated = {key if isinstance(key, str) else key[0] for key, value in catalogue.items() if value}
    texts = {value for value in catalogue.values() if isinstance(value, str) and value}
    texts |= {form for message in _msgids() if locale == "en" or message[0] not in translated
              for form in message}
    exact = frozenset(" ".join(t.split()) for t in texts if "%" not in t)
    patterns = tuple(_pattern(t) for t in texts if "%" in t)
    return exact, patterns


def is_our_message(text: str, locale: str) -> bool:
    exact, patterns = _messages(locale)
    text = " ".join(text.split())
    return text in exact or any(p.fullmatch(text) for p in patterns)


# What was sent --------------------------------------------------------------------------------

@dataclass
class Sent:
    """One generated request: the form as sent, and what each kind of field should show again."""

    data: MultiDict = field(default_factory=MultiDict)
    texts: dict = field(default_factory=dict)      # name -> first value of a text input or textarea
    choices: dict = field(default_factory=dict)    # name -> (first value, the valid values) for radios/selects
    multi: dict = field(default_factory=dict)      # name -> (values, the valid values) for checkboxes
    dates: dict = field(default_factory=dict)      # name -> the parts sent
    secrets: set = field(default_factory=set)      # names never shown again (passwords)
    query: str = ""
    headers: dict = field(default_factory=dict)
    csrf_ok: bool = True
    as_json: bool = False  # sent as a JSON body instead of a form
    json: object = None

    def strings(self):
        """Every string that went out in the request: values, names, file names, query, headers."""
        for key, value in self.data.items(multi=True):
            yield key
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple) and len(value) >= 2:
                yield value[1]
        yield self.query
        yield from self.headers.values()

    def __repr__(self):
        def short(value):
            if isinstance(value, tuple):
                stream, name, content_type = value
                return f"<file {short(name)} {len(stream.getvalue())} bytes {content_type!r}>"
            text = repr(value)
            return text if len(text) <= 120 else f"{text[:100]}...({len(value)} characters)"

        fields = ", ".join(f"{short(k)}: {short(v)}" for k, v in self.data.items(multi=True))
        body = f"json={short(self.json)}" if self.as_json else fields
        return f"Sent({body}; query={short(self.query)}; headers={self.headers})"

    def _repr_pretty_(self, printer, _cycle):
        printer.text(repr(self))  # hypothesis prints failing examples with this: keep it short

    def size(self) -> int:
        """Roughly how many bytes the request body takes."""
        total = len(str(self.json)) if self.as_json else 0
        for key, value in self.data.items(multi=True):
            if isinstance(value, tuple):
                total += len(value[0].getvalue()) + len(value[1].encode("utf-8", "replace"))
            else:
                total += 3 * len(str(value).encode("utf-8", "replace")) + len(str(key))
        return total

    @property
    def has_files(self) -> bool:
        return any(isinstance(v, (tuple, FileStorage)) for _k, v in self.data.items(multi=True))


# Checks ---------------------------------------------------------------------------------------

def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def assert_no_server_error(response, sent: Sent):
    assert response.status_code < 500, (response.status_code, sent)


def too_large(response, sent: Sent, app) -> bool:
    """A 413 is the friendly "too large" page, and only for a body over the limits."""
    if response.status_code != 413:
        return False
    limit = min(app.config["MAX_CONTENT_LENGTH"], app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000)
    assert sent.size() > limit, (sent.size(), limit, sent)
    check_localised_page(page_of(response))
    return True


def assert_nothing_injected(response, page, sent: Sent):
    """No element or attribute on the page came from the input."""
    html = response.get_data(as_text=True)
    for text in sent.strings():
        if not text:
            continue
        for probe in MARKUP_PROBES:
            # (Not text.lower(): "İ".lower() is two characters, and the places would shift.)
            found = re.search(re.escape(probe), text, re.IGNORECASE)
            if found:
                piece = text[found.start():found.start() + len(probe) + 12]
                if len(piece) < len(probe) + 6:
                    continue  # too short to tell from the page's own markup ("</script>")
                assert piece not in html, f"typed markup echoed unescaped: {piece!r}"
    foreign = page.find(FOREIGN_TAGS)
    assert foreign is None, f"the input made an element: {str(foreign)[:200]}"
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"the input made an {attribute}= attribute on <{tag.name}>"
            if attribute in ("href", "src", "action", "formaction", "data"):
                assert not str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
    for script in page.find_all("script"):
        assert script.get("nonce") or (script.get("src") or "").startswith("/static/"), str(script)[:200]
    for image in page.find_all("img"):
        assert (image.get("src") or "").startswith("/static/"), str(image)[:200]
    for form in page.find_all("form"):
        assert len(form.select("input[name=csrf_token]")) <= 1, "the input made a second CSRF field"
    assert len(page.find_all("title")) == 1, "the input made a second <title>"


def error_messages(page) -> list[str]:
    messages = [" ".join(a.get_text(" ").split()) for a in page.select(".govuk-error-summary__list a")]
    for item in page.select(".govuk-error-summary__list li"):
        if item.find("a") is None:
            messages.append(" ".join(item.get_text(" ").split()))
    for message in page.select(".govuk-error-message"):
        message = BeautifulSoup(str(message), "html.parser")
        for hidden in message.select(".govuk-visually-hidden"):
            hidden.extract()
        messages.append(" ".join(message.get_text(" ").split()))
    return messages


@lru_cache(maxsize=None)
def _error_prefix(locale: str) -> str:
    if locale == "en":
        return "Error:"
    return Translations.load(str(ROOT / "translations"), [locale]).gettext("Error:")


def check_localised_page(page):
    """tests.conftest.check_page, in the page's own language ("Gwall:", "خطأ:" for "Error:")."""
    locale = page.html.get("lang", "en") if page.html else "en"
    title = page.title.get_text(strip=True) if page.title else ""
    prefix = _error_prefix(locale)
    if locale != "en" and page.select_one(".govuk-error-summary") is not None:
        assert title.startswith(prefix), f"title of an error page starts with {prefix!r}: {title}"
        page = BeautifulSoup(str(page), "html.parser")
        page.title.string = "Error:" + title[len(prefix):]
    check_page(page)


def assert_rejection_shown(page, sent: Sent):
    """A 400: the error summary at the top, each message ours and in the page's language."""
    check_localised_page(page)
    title = page.title.get_text(strip=True)
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, f"rejected without an error summary: {title}"
    locale = page.html.get("lang", "en")
    messages = error_messages(page)
    assert messages, "an error summary with no message"
    for message in messages:
        assert is_our_message(message, locale), f"not one of our translated messages ({locale}): {message!r}"


def as_received(value: str) -> str:
    """What the app reads of a value: NUL characters are taken out (portal.web.security)."""
    return value.replace("\x00", "")


def _shown_value(page, name):
    element = page.select_one(f"input[name='{name}'], textarea[name='{name}']")
    if element is None:
        return None
    if element.name == "textarea":
        return element.get_text()
    return element.get("value", "")


def _same_text(shown: str, typed: str) -> bool:
    # HTML drops one newline straight after <textarea>; a browser would send back what it shows.
    if shown == typed:
        return True
    return shown.strip("\r\n ") == typed.strip("\r\n ") or shown.replace("\r\n", "\n") == typed.replace("\r\n", "\n")


def assert_answers_kept(page, sent: Sent, *, except_fields=()):
    """Every answer sent is on the re-rendered page as it was typed."""
    for name, typed in sent.texts.items():
        if name in except_fields or name in sent.secrets:
            continue
        shown = _shown_value(page, name)
        assert shown is not None, f"the field {name} is missing from the page"
        assert _same_text(shown, as_received(typed)), (name, typed[:100], shown[:100])
    for name, (typed, valid) in sent.choices.items():
        if name in except_fields:
            continue
        radios = page.select(f"input[name='{name}'][type=radio]")
        if radios:
            ticked = [r["value"] for r in radios if r.has_attr("checked")]
        else:
            ticked = [o.get("value", "") for o in page.select(f"select[name='{name}'] option[selected]")]
        expected = [as_received(typed)] if as_received(typed) in valid else []
        if not radios and not expected:
            continue  # a select shows its first option when the value sent is not on it
        assert ticked == expected, (name, typed, ticked)
    for name, (typed, valid) in sent.multi.items():
        if name in except_fields:
            continue
        ticked = [i["value"] for i in page.select(f"input[name='{name}']") if i.has_attr("checked")]
        assert ticked == [v for v in valid if v in map(as_received, typed)], (name, typed, ticked)
    for name, parts in sent.dates.items():
        if name in except_fields:
            continue
        shown = [(page.find(id=f"{name}-{part}") or {}).get("value", "") for part in ("day", "month", "year")]
        expected = ([as_received(p).strip() for p in parts[:3]] + ["", "", ""])[:3]
        # govuk-frontend-jinja indents each box's markup, which adds spaces after any line
        # break in a value (a browser drops line breaks from a box's value anyway).
        assert ["".join(v.split()) for v in shown] == ["".join(v.split()) for v in expected], \
            (name, [p[:50] for p in parts], [v[:50] for v in shown])
