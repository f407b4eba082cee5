"""Routing rules 1 to 6 of domain.md 4.2, and the reasons given for them."""

from datetime import date, datetime

import pytest

from portal.rules import route
from portal.rules.routing import OTHER_ROLES, PARENT_ROLES, YOUNG_PERSON_ROLES
from portal.rules.vocabulary import FLAGS, ROLES, SERVICES

RECEIVED = date(2025, 4, 17)
STATUTORY_SERVICES = [
    "children-in-need", "disabled-children", "children-in-care", "leaving-care",
    "fostering", "special-guardianship-support", "adoption-support",
]
CORPORATE_SERVICES = [
    "early-help", "child-protection", "foster-carer-approval", "adopter-approval",
    "court-reports", "send", "education",
]
ROUTING_FLAGS = {"unclear-service", "own-treatment", "eligibility"}


def complaint(**overrides):
    values = dict(kind="complaint", complainant="parent", service="children-in-care",
                  about="child", received=RECEIVED)
    values.update(overrides)
    return route(**values)


def test_parent_complaint_about_child_in_care_is_statutory():
    decision = complaint()
    assert decision.procedure == "statutory"
    assert decision.flags == frozenset()
    assert not decision.needs_review
    assert decision.rule == 5


# Rule 1 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["compliment", "comment", "service-request"])
def test_feedback_that_is_not_a_complaint_takes_its_kind_as_procedure(kind):
    decision = route(kind=kind, complainant="parent", service="children-in-care",
                     received=RECEIVED)
    assert decision.procedure == kind
    assert decision.rule == 1


@pytest.mark.parametrize("kind", ["compliment", "comment", "service-request"])
def test_feedback_that_is_not_a_complaint_carries_no_flag_but_safeguarding(kind):
    decision = route(kind=kind, complainant="advocate", service="other", received=RECEIVED,
                     events_date=date(2020, 1, 1), legal_proceedings=True,
                     consent="no", wants_advocate=True)
    assert decision.flags == frozenset()
    assert not decision.needs_review


@pytest.mark.parametrize("kind", ["compliment", "comment", "service-request"])
def test_feedback_that_is_not_a_complaint_is_flagged_when_a_child_is_unsafe(kind):
    decision = route(kind=kind, complainant="child", service="education", received=RECEIVED,
                     unsafe_now=True)
    assert decision.flags == {"safeguarding"}
    assert decision.needs_review


def test_compliment_needs_no_about():
    decision = route(kind="compliment", complainant="parent", service="fostering",
                     received=RECEIVED, about=None)
    assert decision.procedure == "compliment"


# Rule 2 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("service", CORPORATE_SERVICES)
@pytest.mark.parametrize("complainant", list(ROLES))
def test_complaint_about_a_corporate_service_is_corporate_whoever_makes_it(service, complainant):
    decision = complaint(service=service, complainant=complainant, about="child")
    assert decision.procedure == "corporate"
    assert decision.rule == 2
    assert not decision.flags & ROUTING_FLAGS


def test_parent_complaint_about_child_protection_conference_is_corporate():
    assert complaint(service="child-protection").procedure == "corporate"


# Rule 3 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("complainant", list(ROLES))
def test_complaint_about_an_unclear_service_is_corporate_and_flagged(complainant):
    decision = complaint(service="other", complainant=complainant, about="self")
    assert decision.procedure == "corporate"
    assert "unclear-service" in decision.flags
    assert decision.needs_review
    assert decision.rule == 3


# Rule 4 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("service", STATUTORY_SERVICES)
@pytest.mark.parametrize("complainant", ["child", "care-leaver", "advocate"])
def test_young_person_or_advocate_complaint_about_a_statutory_service_is_statutory(
        service, complainant):
    decision = complaint(service=service, complainant=complainant, about=None, consent="yes")
    assert decision.procedure == "statutory"
    assert decision.rule == 4
    assert not decision.flags & ROUTING_FLAGS


def test_young_persons_complaint_about_their_own_treatment_stays_statutory():
    decision = complaint(complainant="child", about="self")
    assert decision.procedure == "statutory"


# Rule 5 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("service", STATUTORY_SERVICES)
@pytest.mark.parametrize("complainant", sorted(PARENT_ROLES))
@pytest.mark.parametrize("about", ["child", "both"])
def test_parent_or_carer_complaint_about_the_childs_services_is_statutory(
        service, complainant, about):
    decision = complaint(service=service, complainant=complainant, about=about)
    assert decision.procedure == "statutory"
    assert decision.rule == 5
    assert not decision.flags & ROUTING_FLAGS


@pytest.mark.parametrize("service", STATUTORY_SERVICES)
@pytest.mark.parametrize("complainant", sorted(PARENT_ROLES))
def test_parent_or_carer_complaint_only_about_own_treatment_is_corporate_and_flagged(
        service, complainant):
    decision = complaint(service=service, complainant=complainant, about="self")
    assert decision.procedure == "corporate"
    assert decision.flags == {"own-treatment"}
    assert decision.needs_review
    assert decision.rule == 5


def test_foster_carer_complaint_about_own_support_is_corporate_and_flagged():
    decision = complaint(complainant="foster-carer", service="fostering", about="self")
    assert (decision.procedure, decision.flags) == ("corporate", {"own-treatment"})


@pytest.mark.parametrize("complainant", sorted(PARENT_ROLES))
def test_parent_or_carer_complaint_about_a_statutory_service_must_say_what_it_is_about(
        complainant):
    with pytest.raises(ValueError, match="child, self, both"):
        complaint(complainant=complainant, about=None)


def test_parent_complaint_about_a_corporate_service_needs_no_about():
    assert complaint(service="education", about=None).procedure == "corporate"


# Rule 6 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("service", STATUTORY_SERVICES)
@pytest.mark.parametrize("complainant", ["relative", "professional", "other"])
def test_others_complaint_about_a_statutory_service_is_statutory_pending_eligibility(
        service, complainant):
    decision = complaint(service=service, complainant=complainant, about=None)
    assert decision.procedure == "statutory"
    assert decision.flags == {"eligibility"}
    assert decision.needs_review
    assert decision.rule == 6


def test_grandparent_complaint_about_family_time_needs_an_eligibility_decision():
    decision = complaint(complainant="relative", service="children-in-care", about="child")
    assert (decision.procedure, decision.flags) == ("statutory", {"eligibility"})


def test_every_role_belongs_to_exactly_one_routing_group():
    groups = [YOUNG_PERSON_ROLES, PARENT_ROLES, OTHER_ROLES]
    for role in ROLES:
        assert sum(role in group for group in groups) == 1, role
    assert set().union(*groups) == set(ROLES)


# Received as a datetime -----------------------------------------------------------------

def test_received_datetime_after_cutoff_moves_the_one_year_boundary():
    # Thursday 17 April 2025 at 18:00 counts as received on Tuesday 22 April (Good Friday
    # and Easter Monday in between), so the boundary is 22 April 2024.
    events = date(2024, 4, 18)
    assert "late" not in complaint(events_date=events).flags
    later = complaint(received=datetime(2025, 4, 17, 18, 0), events_date=events)
    assert "late" in later.flags


# Reasons --------------------------------------------------------------------------------

def test_first_reason_names_the_procedure_chosen():
    assert "children's complaints procedure" in complaint().reasons[0]
    assert "council complaints procedure" in complaint(about="self").reasons[0]
    assert "council complaints procedure" in complaint(service="send").reasons[0]


def test_parent_about_self_is_told_it_is_about_their_own_treatment():
    assert "how you were treated yourself" in complaint(about="self").reasons[0]


def test_each_flag_adds_one_sentence_saying_what_it_means():
    decision = complaint(complainant="advocate", service="other", consent=None,
                         events_date=date(2020, 1, 1), legal_proceedings=True,
                         unsafe_now=True, wants_advocate=True)
    assert decision.flags == {"advocacy", "consent", "late", "legal-proceedings",
                              "safeguarding", "unclear-service"}
    assert len(decision.reasons) == 1 + len(decision.flags)
    assert decision.reasons[1:] == [FLAGS[f].meaning for f in FLAGS if f in decision.flags]


def test_decision_with_no_flags_has_one_reason():
    assert len(complaint().reasons) == 1


@pytest.mark.parametrize("kind", ["compliment", "comment", "service-request"])
def test_feedback_that_is_not_a_complaint_is_told_what_happens_to_it(kind):
    decision = route(kind=kind, complainant="child", service="fostering", received=RECEIVED)
    assert len(decision.reasons) == 1
    assert "complaints procedure" not in decision.reasons[0]


def test_reasons_are_whole_sentences():
    decision = complaint(complainant="relative", legal_proceedings=True, unsafe_now=True)
    for reason in decision.reasons:
        assert reason[0].isupper() and reason.endswith("."), reason


# Unknown ids ----------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, allowed", [
    ("kind", "grumble", "complaint, compliment, comment, service-request"),
    ("complainant", "uncle", "relative"),
    ("service", "housing", "children-in-need"),
    ("about", "them", "child, self, both"),
])
def test_unknown_id_is_refused_with_the_allowed_ids(field, value, allowed):
    with pytest.raises(ValueError) as error:
        complaint(**{field: value})
    assert repr(value) in str(error.value)
    assert allowed in str(error.value)


def test_unknown_service_message_lists_every_service():
    with pytest.raises(ValueError) as error:
        complaint(service="housing")
    for service in SERVICES:
        assert service in str(error.value)
