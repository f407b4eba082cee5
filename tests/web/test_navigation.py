"""Back links, change links and going back: the answers follow the person around."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case
from tests.conftest import normalise
from tests.web.journey import ANSWERS, path_of
from tests.web.steps import checked, date_parts, reach_check, step_of, value_of


def back_link(page) -> str:
    links = page.select("a.govuk-back-link")
    assert len(links) == 1
    return links[0]["href"]


def change_links(page) -> set[str]:
    return {a["href"] for a in page.select(".govuk-summary-list__actions a")}


@pytest.mark.parametrize("overrides", [
    {},
    {"kind": {"kind": "compliment"}},
    {"kind": {"kind": "comment"}},
    {"role": {"role": "advocate"}},
    {"role": {"role": "child"}},
], ids=["parent complaint", "compliment", "comment", "advocate", "young person"])
def test_back_link_on_each_step_goes_to_the_step_before(client_request, overrides):
    visited = reach_check(client_request, overrides)
    previous = "/"  # the first question goes back to the start page
    for step in visited:
        page = client_request.get(f"/tell-us/{step}")
        assert back_link(page) == previous, step
        previous = f"/tell-us/{step}"
    # Check your answers goes back to the last question asked.
    assert back_link(client_request.get("/tell-us/check-your-answers")) == previous


def test_back_link_while_changing_an_answer_goes_to_check_your_answers(client_request):
    reach_check(client_request)
    page = client_request.get("/tell-us/service?change=1")
    assert back_link(page) == "/tell-us/check-your-answers"


def test_going_back_shows_every_answer_given(client_request):
    reach_check(client_request)
    assert checked(client_request.get("/tell-us/kind"), "kind") == [ANSWERS["kind"]["kind"]]
    assert checked(client_request.get("/tell-us/role"), "role") == [ANSWERS["role"]["role"]]
    child = client_request.get("/tell-us/child")
    assert value_of(child, "child_name") == ANSWERS["child"]["child_name"]
    assert date_parts(child, "child_date_of_birth") == ANSWERS["child"]["child_date_of_birth"]
    assert checked(client_request.get("/tell-us/service"), "service") == [ANSWERS["service"]["service"]]
    what = client_request.get("/tell-us/what-happened")
    assert value_of(what, "description").strip() == ANSWERS["what-happened"]["description"]
    assert date_parts(what, "events_date") == ANSWERS["what-happened"]["events_date"]
    put_right = client_request.get("/tell-us/put-right")
    assert value_of(put_right, "desired_outcome").strip() == ANSWERS["put-right"]["desired_outcome"]
    contact = client_request.get("/tell-us/contact")
    assert value_of(contact, "name") == ANSWERS["contact"]["name"]
    assert value_of(contact, "email") == ANSWERS["contact"]["email"]
    assert checked(contact, "contact_method") == [ANSWERS["contact"]["contact_method"]]
    language = client_request.get("/tell-us/language")
    assert checked(language, "language") == ["en"]
    assert checked(language, "easy_read") == ["no"]


def test_going_back_and_answering_again_keeps_the_later_answers(client_request):
    reach_check(client_request)
    location = client_request.post("/tell-us/service", {"service": "fostering"})
    assert step_of(location) == "about"
    # Nothing later needs asking again: the answers are all still there.
    page = client_request.get("/tell-us/check-your-answers")
    assert "Foster care" in normalise(page)
    assert ANSWERS["contact"]["email"] in normalise(page)


def test_changing_role_to_a_young_person_drops_the_questions_about_the_child(app, client_request):
    reach_check(client_request)
    links = change_links(client_request.get("/tell-us/check-your-answers"))
    assert {"/tell-us/child?change=1", "/tell-us/about?change=1"} <= links

    page = client_request.get("/tell-us/role?change=1")
    assert checked(page, "role") == ["parent"]
    location = client_request.post("/tell-us/role?change=1", {"role": "child"})
    # Every question a young person is asked is already answered.
    assert path_of(location) == "/tell-us/check-your-answers"

    page = client_request.get("/tell-us/check-your-answers")
    links = change_links(page)
    assert not any(link.startswith(("/tell-us/child?", "/tell-us/about?")) for link in links)
    text = normalise(page)
    assert ANSWERS["child"]["child_name"] not in text
    assert "Who are you?" in text

    # What is sent follows the summary: no child and no "about" from the earlier answers.
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    reference = path_of(confirmation).rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.complainant_role == "child"
        assert case.about is None
        assert case.contact("child") is None


def test_changing_role_to_a_parent_asks_the_new_questions_then_returns(app, client_request):
    reach_check(client_request, {"role": {"role": "child"}})
    links = change_links(client_request.get("/tell-us/check-your-answers"))
    assert not any(link.startswith(("/tell-us/child?", "/tell-us/about?")) for link in links)

    location = client_request.post("/tell-us/role?change=1", {"role": "parent"})
    # A parent's complaint asks which child it is about, then what it is about:
    # each is asked in "change" mode and leads back to check your answers.
    assert path_of(location) == "/tell-us/child?change=1"
    page = client_request.get("/tell-us/child?change=1")
    assert back_link(page) == "/tell-us/check-your-answers"
    # Check your answers cannot be reached while a question is unanswered.
    assert step_of(client_request.get("/tell-us/check-your-answers", expected_status=302)) == "child"

    location = client_request.post("/tell-us/child?change=1", ANSWERS["child"])
    assert path_of(location) == "/tell-us/about?change=1"
    page = client_request.post("/tell-us/about?change=1", {}, expected_status=400)
    assert checked(page, "about") == []  # about is required now
    location = client_request.post("/tell-us/about?change=1", {"about": "self"})
    assert path_of(location) == "/tell-us/check-your-answers"

    page = client_request.get("/tell-us/check-your-answers")
    assert {"/tell-us/child?change=1", "/tell-us/about?change=1"} <= change_links(page)
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    reference = path_of(confirmation).rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert (case.complainant_role, case.about) == ("parent", "self")
        assert case.procedure == "corporate"  # a parent about their own treatment


def test_changing_an_answer_that_changes_nothing_else_returns_to_check_your_answers(client_request):
    reach_check(client_request)
    location = client_request.post("/tell-us/contact?change=1", {
        "name": "Pat Jones", "contact_method": "phone", "phone": "07700 900982"})
    assert path_of(location) == "/tell-us/check-your-answers"
    assert "07700 900982" in normalise(client_request.get("/tell-us/check-your-answers"))
