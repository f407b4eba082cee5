"""Every question refuses a wrong answer with a GOV.UK error, in the person's language,
and keeps what they typed so they only correct the mistake."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from portal.journey import flow
from tests.conftest import normalise
from tests.web.steps import (
    checked,
    date_parts,
    error_at,
    reach,
    step_of,
    summary_errors,
    value_of,
)

# What an empty answer to each step must say, field by field (the messages of
# portal/journey/forms.py); the summary links to the field's own id.
REQUIRED = {
    "kind": {"kind": "Select what you would like to tell us"},
    "role": {"role": "Select who you are"},
    "service": {"service": "Select which service it is about"},
    "about": {"about": "Select what your complaint is about"},
    "what-happened": {"description": "Tell us what happened"},
    "your-comment": {"description": "Enter your comment"},
    "praise": {"praise_for": "Tell us who or which team should be thanked"},
    "safety": {"unsafe_now": "Select yes if a child or young person is unsafe right now"},
    "legal": {"legal_proceedings": "Select yes if there is a court case or a police investigation"},
    "advocate": {"wants_advocate": "Select yes if you would like an advocate"},
    "consent": {"consent": "Select whether the child or young person agrees"},
    "contact": {"name": "Enter your name", "contact_method": "Select how we should contact you"},
    "language": {"language": "Select a language", "easy_read": "Select yes if you would like easy read"},
}
# Steps whose every question says "you can leave this blank": an empty answer moves on.
OPTIONAL = {"child", "put-right", "adjustments", "attachments"}

NUMBERS_MESSAGE = "Enter the date as numbers for the day, month and year, like 27 3 2025"
REAL_DATE_MESSAGE = "Enter a real date, like 27 3 2025"
# (step, date field, what a future date is told, the other fields of a valid answer)
DATE_FIELDS = [
    ("what-happened", "events_date", "The date must be today or in the past",
     {"description": "Family time was cancelled."}),
    ("child", "child_date_of_birth", "Date of birth must be in the past", {"child_name": "Sam Jones"}),
]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_pgettext": ((1, "c"), 2)}


@lru_cache(maxsize=1)
def marked_for_translation() -> frozenset[str]:
    """Every message the code marks for translation (what `make translations` extracts)."""
    root = Path(__file__).resolve().parents[2] / "portal"
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return frozenset(found)


def assert_is_translatable(message):
    assert message in marked_for_translation(), f"not marked for translation: {message!r}"


def test_every_step_is_either_required_or_optional():
    assert set(REQUIRED) | OPTIONAL == {step.id for step in flow.STEPS}
    assert not set(REQUIRED) & OPTIONAL


# --- empty answers ----------------------------------------------------------------------


@pytest.mark.parametrize("step_id", sorted(REQUIRED))
def test_empty_answer_is_an_error_at_each_field_and_in_the_summary(client_request, step_id):
    path = reach(client_request, step_id)
    page = client_request.post(path, {}, expected_status=400)
    assert page.title.get_text().startswith("Error:")
    assert summary_errors(page) == REQUIRED[step_id]
    for field, message in REQUIRED[step_id].items():
        assert error_at(page, field) == message
        assert_is_translatable(message)


@pytest.mark.parametrize("step_id", sorted(OPTIONAL))
def test_empty_answer_to_an_optional_step_moves_on(client_request, step_id):
    path = reach(client_request, step_id)
    location = client_request.post(path, {})
    assert step_of(location) != step_id
    page = client_request.get(path)  # the answer was saved: the step shows again without errors
    assert page.select_one(".govuk-error-summary") is None


def test_empty_answer_keeps_what_was_typed_in_the_other_fields(client_request):
    path = reach(client_request, "what-happened")
    page = client_request.post(path, {"events_date": ["1", "9", "2025"]}, expected_status=400)
    assert summary_errors(page) == {"description": "Tell us what happened"}
    assert date_parts(page, "events_date") == ["1", "9", "2025"]
    assert error_at(page, "events_date-day") == ""


def test_missing_name_keeps_the_contact_details_typed(client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"contact_method": "phone", "phone": "07700 900982",
                                      "address": "1 High Street"}, expected_status=400)
    assert summary_errors(page) == {"name": "Enter your name"}
    assert checked(page, "contact_method") == ["phone"]
    assert value_of(page, "phone") == "07700 900982"
    assert value_of(page, "address").strip() == "1 High Street"


def test_missing_language_keeps_the_easy_read_answer(client_request):
    path = reach(client_request, "language")
    page = client_request.post(path, {"easy_read": "yes"}, expected_status=400)
    assert summary_errors(page) == {"language": "Select a language"}
    assert checked(page, "easy_read") == ["yes"]


# --- choices ------------------------------------------------------------------------------


def test_a_value_not_on_the_list_gets_our_translated_message(client_request):
    path = reach(client_request, "kind")
    page = client_request.post(path, {"kind": "banana"}, expected_status=400)
    message = "Select what you would like to tell us"
    assert error_at(page, "kind") == message
    assert summary_errors(page) == {"kind": message}
    assert "Not a valid choice" not in normalise(page)  # WTForms' own English
    assert_is_translatable(message)
    assert checked(page, "kind") == []


def test_a_duplicated_radio_takes_its_first_value(client_request):
    path = reach(client_request, "kind")
    location = client_request.post(path, {"kind": ["compliment", "complaint"]})
    assert step_of(location) == "role"
    assert checked(client_request.get(path), "kind") == ["compliment"]


def test_a_duplicated_radio_whose_first_value_is_wrong_is_an_error(client_request):
    path = reach(client_request, "kind")
    page = client_request.post(path, {"kind": ["banana", "complaint"]}, expected_status=400)
    assert summary_errors(page) == {"kind": "Select what you would like to tell us"}


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("step_id", "name", "_future", "others"), DATE_FIELDS)
@pytest.mark.parametrize(("typed", "message"), [
    (["31", "2", "2025"], REAL_DATE_MESSAGE),
    (["0", "13", "2025"], REAL_DATE_MESSAGE),
    (["first", "March", "2025"], NUMBERS_MESSAGE),
    (["1", "3", "25"], NUMBERS_MESSAGE),
])
def test_a_wrong_date_is_an_error_that_keeps_what_was_typed(client_request, step_id, name, _future,
                                                            others, typed, message):
    path = reach(client_request, step_id)
    page = client_request.post(path, {**others, name: typed}, expected_status=400)
    # The error links to the first box of the date, as GOV.UK asks.
    assert summary_errors(page) == {f"{name}-day": message}
    assert error_at(page, f"{name}-day") == message
    assert date_parts(page, name) == typed
    for field, value in others.items():
        assert value_of(page, field).strip() == value
    assert_is_translatable(message)


@pytest.mark.parametrize(("step_id", "name", "future_message", "others"), DATE_FIELDS)
def test_a_date_in_the_future_is_an_error(client_request, step_id, name, future_message, others):
    path = reach(client_request, step_id)
    typed = ["1", "1", str(date.today().year + 1)]
    page = client_request.post(path, {**others, name: typed}, expected_status=400)
    assert summary_errors(page) == {f"{name}-day": future_message}
    assert date_parts(page, name) == typed
    assert_is_translatable(future_message)


def test_today_is_not_in_the_future(client_request):
    path = reach(client_request, "what-happened")
    today = date.today()
    location = client_request.post(path, {"description": "Today.",
                                          "events_date": [str(today.day), str(today.month), str(today.year)]})
    assert step_of(location) == "put-right"


@pytest.mark.parametrize("parts", [["12"], ["12", "3"], ["", "", "2025"]],
                         ids=["day only", "day and month", "year only"])
def test_a_date_with_parts_missing_is_an_error_not_a_crash(client_request, parts):
    path = reach(client_request, "what-happened")
    page = client_request.post(path, {"description": "Something.", "events_date": parts},
                               expected_status=400)
    assert summary_errors(page) == {"events_date-day": NUMBERS_MESSAGE}
    assert date_parts(page, "events_date") == (parts + ["", ""])[:3]


def test_a_date_sent_with_more_than_three_parts_is_an_error_not_a_crash(client_request):
    # No browser sends this; which three parts would be the date cannot be known.
    path = reach(client_request, "what-happened")
    page = client_request.post(path, {"description": "Something.",
                                      "events_date": ["1", "9", "2025", "4", "5"]},
                               expected_status=400)
    assert "events_date-day" in summary_errors(page)
    assert error_at(page, "events_date-day")


def test_a_date_left_blank_is_allowed_when_the_question_says_so(client_request):
    path = reach(client_request, "what-happened")
    location = client_request.post(path, {"description": "Something.", "events_date": ["", "", ""]})
    assert step_of(location) == "put-right"


# --- contact details ----------------------------------------------------------------------


def test_email_chosen_without_an_address_is_an_error_that_keeps_the_name(client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"name": "Pat Jones", "contact_method": "email"},
                               expected_status=400)
    message = "Enter your email address, or choose another way to contact you"
    assert summary_errors(page) == {"email": message}
    assert error_at(page, "email") == message
    assert value_of(page, "name") == "Pat Jones"
    assert checked(page, "contact_method") == ["email"]


@pytest.mark.parametrize("email", ["pat.example.com", "pat@", "pat@example", "@example.com"])
def test_an_email_address_in_the_wrong_format_is_an_error_that_keeps_it(client_request, email):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"name": "Pat Jones", "contact_method": "email", "email": email},
                               expected_status=400)
    message = "Enter an email address in the right format, like name@example.com"
    assert summary_errors(page) == {"email": message}
    assert value_of(page, "email") == email
    assert value_of(page, "name") == "Pat Jones"


@pytest.mark.parametrize("phone", ["12345", "call me after 6", "07700 900982 ext. 12"])
def test_a_phone_number_that_is_not_one_is_an_error_that_keeps_it(client_request, phone):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"name": "Pat Jones", "contact_method": "phone", "phone": phone},
                               expected_status=400)
    message = "Enter a phone number, like 01632 960 001 or 07700 900 982"
    assert summary_errors(page) == {"phone": message}
    assert value_of(page, "phone") == phone
    assert checked(page, "contact_method") == ["phone"]


@pytest.mark.parametrize("phone", ["07700 900982", "+44 (0)20 7946 0958", "020-7946-0958"])
def test_a_phone_number_written_in_the_usual_ways_is_accepted(client_request, phone):
    path = reach(client_request, "contact")
    location = client_request.post(path, {"name": "Pat Jones", "contact_method": "phone", "phone": phone})
    assert step_of(location) == "language"


def test_post_chosen_without_an_address_is_an_error(client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"name": "Pat Jones", "contact_method": "post"},
                               expected_status=400)
    assert summary_errors(page) == {
        "address": "Enter your postal address, or choose another way to contact you"}


# --- language and adjustments -------------------------------------------------------------


def test_another_language_without_naming_it_is_an_error(client_request):
    path = reach(client_request, "language")
    page = client_request.post(path, {"language": "other", "easy_read": "yes"}, expected_status=400)
    message = "Enter the language you would like us to use"
    assert summary_errors(page) == {"other_language": message}
    assert error_at(page, "other_language") == message
    assert checked(page, "language") == ["other"]
    assert checked(page, "easy_read") == ["yes"]


def test_something_else_without_saying_what_is_an_error_that_keeps_the_ticks(client_request):
    path = reach(client_request, "adjustments")
    page = client_request.post(path, {"adjustments": ["large-print", "other"]}, expected_status=400)
    message = "Tell us what else would help"
    assert summary_errors(page) == {"adjustments_detail": message}
    assert error_at(page, "adjustments_detail") == message
    assert checked(page, "adjustments") == ["large-print", "other"]


def test_an_adjustment_not_on_the_list_is_an_error(client_request):
    path = reach(client_request, "adjustments")
    page = client_request.post(path, {"adjustments": ["large-print", "banana"]}, expected_status=400)
    assert list(summary_errors(page).values()) == ["Select from the list"]


# --- long text ----------------------------------------------------------------------------


@pytest.mark.parametrize(("step_id", "name", "message"), [
    ("what-happened", "description", "What happened must be 5,000 characters or fewer"),
    ("your-comment", "description", "Your comment must be 5,000 characters or fewer"),
    ("put-right", "desired_outcome", "What would put things right must be 5,000 characters or fewer"),
    ("praise", "praise_for", "This must be 5,000 characters or fewer"),
])
def test_text_over_5000_characters_is_an_error_that_keeps_the_text(client_request, step_id, name, message):
    path = reach(client_request, step_id)
    text = "a" * 4000 + " " + "b" * 1000  # 5,001 characters
    page = client_request.post(path, {name: text}, expected_status=400)
    assert summary_errors(page) == {name: message}
    assert value_of(page, name).strip() == text
    assert_is_translatable(message)


def test_text_of_exactly_5000_characters_is_accepted(client_request):
    path = reach(client_request, "what-happened")
    location = client_request.post(path, {"description": "a" * 5000})
    assert step_of(location) == "put-right"


# --- where the journey can be entered ------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_step_is_not_found(client_request, method):
    client_request.get("/tell-us/", expected_status=302)
    if method == "get":
        client_request.get("/tell-us/no-such-question", expected_status=404)
    else:
        token = client_request.csrf_token("/help-now")
        client_request.post("/tell-us/no-such-question", {"csrf_token": token}, expected_status=404)


@pytest.mark.parametrize("step_id", ["role", "service", "contact", "attachments"])
def test_a_later_step_before_the_earlier_answers_goes_to_the_start(client_request, step_id):
    # With no form started at all.
    assert client_request.get(f"/tell-us/{step_id}", expected_status=302).endswith("/tell-us/")
    # With a form started but only the first question answered.
    reach(client_request, "role")
    if step_id != "role":
        location = client_request.get(f"/tell-us/{step_id}", expected_status=302)
        assert location.endswith("/tell-us/")
        assert step_of(client_request.get("/tell-us/", expected_status=302)) == "role"


def test_a_later_answer_sent_before_the_earlier_ones_is_not_kept(app, client_request):
    path = reach(client_request, "role")
    token = client_request.csrf_token(path)
    location = client_request.post("/tell-us/contact", {
        "csrf_token": token, "name": "Pat Jones", "contact_method": "post", "address": "1 High St"})
    assert location.endswith("/tell-us/")
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Draft

    with app.app_context():
        (answers,) = db.session.scalars(select(Draft.answers)).all()
    assert "contact" not in answers


def test_a_step_that_does_not_apply_goes_to_the_start(client_request):
    # A comment is asked for in "your-comment"; a complaint never is.
    reach(client_request, "contact")
    assert client_request.get("/tell-us/your-comment", expected_status=302).endswith("/tell-us/")


def test_the_character_count_says_how_many_characters_can_be_entered(client_request):
    page = client_request.get(reach(client_request, "what-happened"))
    hint = normalise(page.find(id="description-info"))
    assert hint == "You can enter up to 5000 characters"
    group = page.find(id="description").find_parent(class_="govuk-character-count")
    # The JavaScript fills in %{count} itself: the text it is given has it once, unescaped.
    assert group["data-i18n.characters-under-limit.other"] == "You have %{count} characters remaining"


def test_phone_chosen_without_a_number_is_an_error(client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {"name": "Pat Jones", "contact_method": "phone"},
                               expected_status=400)
    assert summary_errors(page) == {
        "phone": "Enter your phone number, or choose another way to contact you"}


def test_an_email_address_is_not_needed_when_another_way_is_chosen(client_request):
    path = reach(client_request, "contact")
    location = client_request.post(path, {"name": "Pat Jones", "contact_method": "advocate"})
    assert step_of(location) == "language"
