"""The flags of domain.md 4.2 that apply whatever the procedure."""

from datetime import date

import pytest

from portal.rules import one_year_before, route


def complaint(**overrides):
    values = dict(kind="complaint", complainant="parent", service="children-in-care",
                  about="child", received=date(2025, 4, 17))
    values.update(overrides)
    return route(**values)


# advocacy -------------------------------------------------------------------------------

@pytest.mark.parametrize("complainant", ["child", "care-leaver"])
def test_young_person_is_always_offered_an_advocate(complainant):
    decision = complaint(complainant=complainant)
    assert "advocacy" in decision.flags


def test_young_person_complaining_about_a_corporate_service_is_offered_an_advocate_too():
    assert "advocacy" in complaint(complainant="child", service="education").flags


def test_adult_who_asks_for_an_advocate_is_flagged_for_advocacy():
    assert "advocacy" in complaint(wants_advocate=True).flags


def test_adult_who_does_not_ask_for_an_advocate_is_not_flagged_for_advocacy():
    assert "advocacy" not in complaint().flags


def test_advocacy_alone_does_not_need_an_officers_review():
    decision = complaint(complainant="child")
    assert decision.flags == {"advocacy"}
    assert not decision.needs_review


# consent --------------------------------------------------------------------------------

@pytest.mark.parametrize("consent", [None, "no", "not-asked", "Yes "])
def test_advocate_without_the_childs_confirmed_agreement_is_flagged(consent):
    decision = complaint(complainant="advocate", consent=consent)
    assert "consent" in decision.flags
    assert decision.needs_review


def test_advocate_with_the_childs_agreement_is_not_flagged_for_consent():
    decision = complaint(complainant="advocate", consent="yes")
    assert "consent" not in decision.flags
    assert not decision.needs_review


def test_consent_flag_is_only_for_advocates():
    assert "consent" not in complaint(complainant="relative", consent=None).flags


# late -----------------------------------------------------------------------------------

def test_events_more_than_a_year_before_receipt_are_late():
    # Received 17 April 2025: the boundary is 17 April 2024.
    decision = complaint(events_date=date(2024, 4, 16))
    assert "late" in decision.flags
    assert decision.needs_review


def test_events_exactly_one_year_before_receipt_are_not_late():
    assert "late" not in complaint(events_date=date(2024, 4, 17)).flags


def test_events_less_than_a_year_before_receipt_are_not_late():
    assert "late" not in complaint(events_date=date(2025, 1, 2)).flags


def test_no_events_date_is_not_late():
    assert "late" not in complaint(events_date=None).flags


def test_one_year_before_29_february_is_28_february():
    assert one_year_before(date(2024, 2, 29)) == date(2023, 2, 28)


def test_one_year_before_an_ordinary_day_is_the_same_day():
    assert one_year_before(date(2025, 3, 1)) == date(2024, 3, 1)


def test_receipt_on_29_february_makes_28_february_the_last_day_in_time():
    received = date(2024, 2, 29)
    assert "late" not in complaint(received=received, events_date=date(2023, 2, 28)).flags
    assert "late" in complaint(received=received, events_date=date(2023, 2, 27)).flags


def test_events_on_29_february_are_late_a_year_and_a_day_later():
    received = date(2025, 3, 1)  # boundary: 1 March 2024
    assert "late" in complaint(received=received, events_date=date(2024, 2, 29)).flags
    assert "late" not in complaint(received=received, events_date=date(2024, 3, 1)).flags


def test_late_complaint_keeps_its_procedure():
    decision = complaint(events_date=date(2010, 1, 1))
    assert decision.procedure == "statutory"


# legal-proceedings ----------------------------------------------------------------------

def test_court_case_or_police_investigation_is_flagged():
    decision = complaint(legal_proceedings=True)
    assert "legal-proceedings" in decision.flags
    assert decision.needs_review


def test_no_legal_proceedings_no_flag():
    assert "legal-proceedings" not in complaint(legal_proceedings=False).flags


# safeguarding ---------------------------------------------------------------------------

def test_child_not_safe_now_is_flagged_for_safeguarding():
    decision = complaint(unsafe_now=True)
    assert "safeguarding" in decision.flags
    assert decision.needs_review


def test_safeguarding_flag_applies_to_corporate_complaints_too():
    assert "safeguarding" in complaint(service="early-help", unsafe_now=True).flags


def test_safe_child_is_not_flagged_for_safeguarding():
    assert "safeguarding" not in complaint(unsafe_now=False).flags


# needs review ---------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, flag", [
    (dict(complainant="advocate", consent="no"), "consent"),
    (dict(events_date=date(2023, 1, 1)), "late"),
    (dict(legal_proceedings=True), "legal-proceedings"),
    (dict(unsafe_now=True), "safeguarding"),
    (dict(service="other"), "unclear-service"),
    (dict(about="self"), "own-treatment"),
    (dict(complainant="professional"), "eligibility"),
])
def test_every_flag_but_advocacy_needs_review_even_alongside_advocacy(overrides, flag):
    decision = complaint(wants_advocate=True, **overrides)
    assert decision.flags == {"advocacy", flag}
    assert decision.needs_review
