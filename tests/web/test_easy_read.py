"""Easy read: a version of every public page, the acknowledgement and the status page,
that the person switches to and keeps; short sentences with a picture beside each point;
in every language whose catalogue has it, and the standard text where one does not."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from flask_babel import force_locale, pgettext
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from portal import correspondence
from portal.config import REPO_ROOT
from portal.journey import flow
from portal.models import Case, Contact, Deadline
from portal.web import easy_read
from tests.conftest import normalise
from tests.web.journey import ANSWERS, path_of
from tests.web.steps import step_of

PICTURES = json.loads((REPO_ROOT / "static" / "images" / "easy-read.json").read_text())
MAX_WORDS = 15

# Every public page a person can reach without a case of their own (a wrong link and a
# missing page included); the journey, confirmation and status pages are below.
PAGES = {
    "/": 200, "/help-now": 200, "/help-now/sent": 200, "/which-procedure": 200,
    "/accessibility": 200, "/privacy": 200, "/cookies": 200,
    "/track/": 200, "/track/sent": 200, "/track/case": 404,
    "/tell-us/resume/not-a-real-token": 404, "/no-such-page": 404,
}


def easy_read_on(client_request, then="/"):
    assert client_request.get(f"/easy-read/on?next={then}", expected_status=302) == then


def pictures(page):
    return page.select("img.app-easy-read__picture")


@lru_cache(maxsize=1)
def plain_messages() -> frozenset[str]:
    """The easy-read messages with no value put in, as they appear on a page."""
    return frozenset(m for m in easy_read.messages() if "%(" not in m)


def assert_is_easy_read(page, sentences_of=None):
    """Body class, pictures with their alt text and from the installed set, and the
    pgettext("easy read", ...) sentences beside them (in English unless `sentences_of`
    gives them in the page's language)."""
    assert "app-easy-read" in page.body["class"]
    assert pictures(page), "an easy-read page has a picture beside its points"
    for picture in pictures(page):
        assert picture.get("alt"), f"a picture without alt text: {picture}"
        name = re.fullmatch(r"/static/dist/images/easy-read/([a-z0-9-]+)\.svg(\?v=\w+)?", picture["src"])
        assert name and name.group(1) in PICTURES["pictures"], picture["src"]
        assert picture["width"] == picture["height"] == "80"
        point = picture.find_parent(class_="app-easy-read__point")
        assert point is not None and point.select_one(".app-easy-read__text")
    sentences = {normalise(p) for p in page.select(".app-easy-read__text p")}
    assert sentences & (sentences_of or plain_messages()), "the points say easy-read sentences"
    # Only the first points load at once; the others when scrolled to.
    assert "loading" not in pictures(page)[0].attrs


def assert_is_standard(page):
    assert "app-easy-read" not in (page.body.get("class") or [])
    assert not pictures(page)
    assert page.select_one("[data-module=read-aloud]") is None


# --- switching on and off -----------------------------------------------------------------


def test_easy_read_is_switched_on_and_off_from_any_page_and_kept_across_pages(client_request):
    page = client_request.get("/privacy")
    assert_is_standard(page)
    switch = page.select_one(".app-utility-bar__easy-read a")
    assert normalise(switch) == "Easy read"
    assert switch["href"] == "/easy-read/on?next=/privacy"

    assert client_request.get(switch["href"], expected_status=302) == "/privacy"
    for path in ("/privacy", "/", "/cookies", "/tell-us/"):
        page = client_request.get(path, follow_redirects=True)
        assert_is_easy_read(page)
    switch = page.select_one(".app-utility-bar__easy-read a")
    assert normalise(switch) == "Standard version"
    assert switch["href"].startswith("/easy-read/off?next=/tell-us/")

    assert client_request.get("/easy-read/off?next=/cookies", expected_status=302) == "/cookies"
    for path in ("/cookies", "/"):
        assert_is_standard(client_request.get(path))


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "javascript:alert(1)"])
def test_the_switch_only_returns_to_a_page_of_this_site(client_request, target):
    assert client_request.get(f"/easy-read/on?next={target}", expected_status=302) == "/"


def test_only_on_and_off_are_choices(client_request):
    client_request.get("/easy-read/maybe", expected_status=404)


def test_the_officers_area_has_no_easy_read(client_request):
    easy_read_on(client_request)
    page = client_request.get("/admin/sign-in")
    assert_is_standard(page)
    assert page.select_one(".app-utility-bar__easy-read") is None


# --- every public page --------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_public_page_has_an_easy_read_version(client_request, path):
    assert_is_standard(client_request.get(path, expected_status=PAGES[path]))
    easy_read_on(client_request)
    page = client_request.get(path, expected_status=PAGES[path])
    assert_is_easy_read(page)
    button = page.select_one("main [data-module=read-aloud]")
    assert button is not None and button.has_attr("hidden"), "read aloud waits for the script"
    assert button["type"] == "button" and normalise(button) == "Read this page aloud"
    assert button["data-read-aloud-stop-text"] == "Stop reading"
    assert "OpenMoji" in normalise(page.select_one("footer")), "the pictures' licence is credited"


def test_the_accessibility_statement_credits_the_pictures_in_both_versions(client_request):
    for page in (client_request.get("/accessibility"),
                 (easy_read_on(client_request), client_request.get("/accessibility"))[1]):
        credit = {a["href"] for a in page.select("main a")}
        assert {"https://openmoji.org/", "https://creativecommons.org/licenses/by-sa/4.0/"} <= credit


def _walk(client_request, answers):
    """Answer every question in easy read; check each page on the way; return the steps."""
    location = client_request.get("/tell-us/", expected_status=302)
    visited = []
    while "/check-your-answers" not in location:
        step_id = step_of(location)
        visited.append(step_id)
        assert len(visited) < 30
        page = client_request.get(path_of(location))
        assert_is_easy_read(page)
        step = flow.STEPS_BY_ID[step_id]
        assert normalise(page.select_one("h1")) == str(step.title)
        intro = page.select_one("main .app-easy-read__point")
        form = page.select_one("main form")
        assert intro is not None and form is not None
        assert intro.sourceline < form.sourceline, "the explanation comes before the fields"
        location = client_request.post(path_of(location), answers[step_id])
    return visited


@pytest.mark.parametrize("overrides", [
    {},
    {"kind": {"kind": "compliment"}},
    {"kind": {"kind": "comment"}},
    {"role": {"role": "advocate"}},
], ids=["parent complaint", "compliment", "comment", "advocate"])
def test_every_question_has_an_easy_read_explanation_above_the_same_fields(client_request, overrides):
    easy_read_on(client_request)
    _walk(client_request, {**ANSWERS, **overrides})
    assert_is_easy_read(client_request.get("/tell-us/check-your-answers"))
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    assert_is_easy_read(client_request.get(path_of(confirmation)))


def test_the_routes_above_ask_every_question_between_them():
    routes = [{}, {"kind": {"kind": "compliment"}}, {"kind": {"kind": "comment"}},
              {"role": {"role": "advocate"}}]
    asked = set()
    for overrides in routes:
        asked |= {step.id for step in flow.applicable({**ANSWERS, **overrides})}
    assert asked == set(flow.STEPS_BY_ID)


def test_a_question_keeps_its_fields_and_error_messages_in_easy_read(client_request):
    standard = client_request.get("/tell-us/", follow_redirects=True)
    easy_read_on(client_request)
    easy = client_request.get("/tell-us/kind")
    def names(page):
        return sorted({field["name"] for field in page.select("form [name]")} - {"csrf_token"})

    assert names(easy) == names(standard)
    page = client_request.post("/tell-us/kind", {}, expected_status=400)
    assert_is_easy_read(page)
    assert "Select what you would like to tell us" in normalise(page.select_one(".govuk-error-summary"))


def test_asking_for_easy_read_in_the_form_turns_the_pages_to_easy_read(client_request):
    from tests.web.steps import reach

    path = reach(client_request, "language")
    assert_is_standard(client_request.get(path))
    client_request.post(path, {"language": "en", "easy_read": "yes"})
    assert_is_easy_read(client_request.get("/"))


def test_save_and_come_back_pages_have_easy_read(client_request):
    easy_read_on(client_request)
    client_request.get("/tell-us/", expected_status=302)
    page = client_request.get("/tell-us/save")
    assert_is_easy_read(page)
    assert "The link works for 30 days after your last change." in normalise(page)
    assert client_request.post("/tell-us/save", {"email": "pat@example.com"}) == "/tell-us/saved"
    assert_is_easy_read(client_request.get("/tell-us/saved"))


def test_the_status_page_says_where_it_is_and_what_is_next_in_easy_read(client_request):
    from tests.web.journey import complete_journey

    answers = {"language": {"language": "en", "easy_read": "yes"}}
    _visited, confirmation = complete_journey(client_request, answers)
    link = path_of(client_request.get(confirmation).select_one(".app-tracking-link a")["href"])

    fresh = type(client_request)(client_request.client.application.test_client())
    fresh.get(link, expected_status=302)  # the case asked for easy read: the link turns it on
    page = fresh.get("/track/case")
    assert_is_easy_read(page)
    where = page.find("h2", string="Where it is now").find_next(class_="app-easy-read__point")
    assert where.select_one("img")["alt"] == "A map pin"
    text = normalise(where)
    assert "Someone is looking into it now." in text
    assert "We will try to send our answer by" in normalise(where.find_next(class_="app-easy-read__point"))
    for action in ("/track/case/add-information", "/track/case/withdraw", "/track/case/advocate"):
        assert_is_easy_read(fresh.get(action))


def test_every_next_step_of_the_status_page_has_its_easy_read_words():
    from portal.case_status import NEXT_STEPS

    source = (REPO_ROOT / "portal" / "case_status.py").read_text()
    template = (REPO_ROOT / "templates" / "portal" / "track_status.html").read_text()
    assert set(re.findall(r'NextStep\("([a-z-]+)", N_\(', source)) == set(NEXT_STEPS)
    for kind in NEXT_STEPS:
        assert f'"{kind}": [pgettext("easy read",' in template, kind


# --- the text itself ----------------------------------------------------------------------


def test_every_easy_read_sentence_has_at_most_15_words():
    assert len(easy_read.messages()) > 100
    too_long = []
    for message in easy_read.messages():
        for sentence in re.split(r"(?<=[.!?:])\s+", message.strip()):
            words = sentence.split()
            if len(words) > MAX_WORDS:
                too_long.append(f"{len(words)} words: {sentence}")
    assert not too_long, "\n".join(too_long)


def test_the_pictures_the_templates_use_are_in_the_installed_set():
    used = set()
    for template in (REPO_ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r'(?:easyReadPoint|point)\("([a-z0-9-]+)"', template.read_text()))
    assert used and used <= set(PICTURES["pictures"])
    assert set(PICTURES["email"]) <= set(PICTURES["pictures"])
    unused = set(PICTURES["pictures"]) - used
    assert not unused, f"copied but never shown: {unused}"
    openmoji = REPO_ROOT / "node_modules" / "openmoji" / "color" / "svg"
    if openmoji.is_dir():
        for name, hexcode in PICTURES["pictures"].items():
            assert (openmoji / f"{hexcode}.svg").is_file(), (name, hexcode)
    built = REPO_ROOT / "static" / "dist" / "images" / "easy-read"
    if built.is_dir():
        assert {p.stem for p in built.glob("*.svg")} == set(PICTURES["pictures"])
        assert {p.stem for p in built.glob("*.png")} == set(PICTURES["email"])


# --- languages ----------------------------------------------------------------------------


def _catalogue(directory: Path, locale: str, messages) -> None:
    catalog = Catalog(locale=locale)
    catalog.add("Easy read", "Łatwy tekst")
    for message in messages:
        catalog.add(message, f"[{locale}] {message}", context=easy_read.CONTEXT)
    folder = directory / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)


def test_a_language_has_easy_read_only_when_its_catalogue_translates_every_message(tmp_path):
    every = sorted(easy_read.messages())
    _catalogue(tmp_path, "pl", every)
    _catalogue(tmp_path, "cy", every[:-1])
    _catalogue(tmp_path, "ro", [])
    assert easy_read.translates_every_message("pl", (str(tmp_path),))
    assert not easy_read.translates_every_message("cy", (str(tmp_path),))
    assert not easy_read.translates_every_message("ro", (str(tmp_path),))
    assert not easy_read.translates_every_message("uk", (str(tmp_path),))  # no catalogue at all


def test_english_always_has_easy_read(app):
    with app.app_context():
        assert easy_read.available("en")


def _with_easy_read(monkeypatch, languages):
    monkeypatch.setattr(easy_read, "translates_every_message", lambda locale, _dirs: locale in languages)


def test_a_language_without_easy_read_gets_the_standard_page_in_its_own_language(client_request, monkeypatch):
    _with_easy_read(monkeypatch, set())
    client_request.get("/language/pl?next=/", expected_status=302)
    easy_read_on(client_request, then="/privacy")
    page = client_request.get("/privacy")
    assert page.html["lang"] == "pl"
    assert_is_standard(page)
    assert not {normalise(p) for p in page.select("main p")} & plain_messages()
    # They are told why, and the choice is kept for a language that has it.
    assert page.select_one("main .govuk-inset-text a")["href"] == "/language/en?next=/privacy"
    client_request.get("/language/en?next=/", expected_status=302)
    assert_is_easy_read(client_request.get("/privacy"))


def test_a_language_with_easy_read_gets_the_easy_read_page(client_request, monkeypatch):
    _with_easy_read(monkeypatch, {"pl"})
    client_request.get("/language/pl?next=/", expected_status=302)
    easy_read_on(client_request, then="/privacy")
    page = client_request.get("/privacy")
    assert page.html["lang"] == "pl"
    app = client_request.client.application
    with app.test_request_context(), force_locale("pl"):
        polish = frozenset(pgettext("easy read", m) for m in plain_messages())
    assert_is_easy_read(page, polish)


# --- the acknowledgement ------------------------------------------------------------------


def _case(language="en", easy=True, procedure="statutory"):
    case = Case(id=1, reference="KM4P-7XQA", kind="complaint", procedure=procedure,
                flags=["advocacy"], reasons=["A reason."], needs_review=False,
                received_on=date(2026, 11, 25), complainant_role="parent", service="children-in-care",
                description="What happened", desired_outcome="An apology", language=language,
                easy_read=easy, adjustments=["large-print"], wants_advocate=True)
    case.contacts = [Contact(role="complainant", name="Pat", email="pat@example.com", preferred_method="email")]
    case.deadlines = [Deadline(step="acknowledgement", started_on=date(2026, 11, 25), due_on=date(2026, 11, 27)),
                      Deadline(step="stage1", started_on=date(2026, 11, 25), due_on=date(2026, 12, 9))]
    return case


def _acknowledgement(app, case):
    with app.app_context(), app.test_request_context():
        return next(m for m in correspondence.for_new_case(case) if m.purpose == "acknowledgement")


def test_the_acknowledgement_is_a_full_easy_read_letter_when_asked_for(app):
    from bs4 import BeautifulSoup

    letter = _acknowledgement(app, _case(easy=True))
    text = letter.body_text
    for sentence in ("We have got your complaint.", "We got it on 25 November 2026.",
                     "Your reference is KM4P-7XQA.", "We will use the children's complaints procedure.",
                     "We will try to answer by 9 December 2026.", "An advocate is free.",
                     "We will check with you that it works.", "The Ombudsman is free. They do not work for the council."):
        assert sentence in text
    assert "Thank you for contacting" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert max(len(line.split()) for line in lines if line != "What happened") <= MAX_WORDS + 2

    html = BeautifulSoup(letter.body_html, "html.parser")
    base = app.config["PUBLIC_BASE_URL"].rstrip("/") + "/static/dist/images/easy-read/"
    images = html.select("img")
    assert len(images) >= 6
    for image in images:
        assert image["src"].startswith(base) and image["src"].endswith(".png")
        assert image["src"][len(base):-4] in PICTURES["email"]
        assert image.get("alt")
    assert "OpenMoji" in html.get_text()
    assert html.body["style"].count("22px") == 1


def test_the_acknowledgement_is_standard_when_not_asked_for_or_the_language_lacks_easy_read(app, monkeypatch):
    assert "Thank you for contacting" in _acknowledgement(app, _case(easy=False)).body_text
    _with_easy_read(monkeypatch, set())
    letter = _acknowledgement(app, _case(language="pl", easy=True))
    assert "<img" not in letter.body_html
    assert "We have got your complaint." not in letter.body_text
    _with_easy_read(monkeypatch, {"pl"})
    assert "<img" in _acknowledgement(app, _case(language="pl", easy=True)).body_html
