"""The vocabulary of domain.md 4.1, and the package's independence from the application."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import portal.rules
from portal.rules.i18n import N_
from portal.rules.settings import DEFAULT_TIMESCALES
from portal.rules.timescales import STEPS
from portal.rules.vocabulary import ABOUT, FLAGS, KINDS, PROCEDURES, ROLES, SERVICES

RULES_DIR = Path(portal.rules.__file__).parent


def test_kinds_are_those_of_the_domain():
    assert list(KINDS) == ["complaint", "compliment", "comment", "service-request"]


def test_roles_are_those_of_the_domain():
    assert list(ROLES) == ["child", "care-leaver", "parent", "foster-carer", "special-guardian",
                           "adopter", "adopted-person", "relative", "advocate", "professional",
                           "other"]


def test_services_and_their_default_procedures_are_those_of_the_domain():
    defaults = {service.id: service.default_procedure for service in SERVICES.values()}
    assert defaults == {
        "children-in-need": "statutory",
        "disabled-children": "statutory",
        "children-in-care": "statutory",
        "leaving-care": "statutory",
        "fostering": "statutory",
        "special-guardianship-support": "statutory",
        "adoption-support": "statutory",
        "early-help": "corporate",
        "child-protection": "corporate",
        "foster-carer-approval": "corporate",
        "adopter-approval": "corporate",
        "court-reports": "corporate",
        "send": "corporate",
        "education": "corporate",
        "other": "corporate",
    }


def test_about_procedures_and_flags_are_those_of_the_domain():
    assert list(ABOUT) == ["child", "self", "both"]
    assert list(PROCEDURES) == ["statutory", "corporate", "compliment", "comment",
                                "service-request"]
    assert set(FLAGS) == {"advocacy", "consent", "late", "legal-proceedings", "safeguarding",
                          "unclear-service", "own-treatment", "eligibility"}


def test_every_complaint_step_has_a_default_timescale():
    assert set(DEFAULT_TIMESCALES) == {(p, s) for p, steps in STEPS.items() for s in steps}


@pytest.mark.parametrize("table", [KINDS, ROLES, SERVICES, ABOUT, PROCEDURES])
def test_every_choice_has_a_short_plain_label_and_hint(table):
    for key, term in table.items():
        assert term.id == key
        assert term.label.strip() == term.label and term.label
        assert term.hint.endswith(".") and len(term.hint) <= 160, term.hint


def test_every_flag_says_what_it_means_for_the_person_and_the_officer():
    for key, flag in FLAGS.items():
        assert flag.id == key
        assert flag.label
        assert flag.meaning.endswith(".") and flag.officer_action.endswith(".")


def test_n_marks_a_message_without_changing_it():
    assert N_("Children in care") == "Children in care"


def _literal_arguments_of_n_(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
            yield node.args[0]


def test_every_translatable_message_is_one_whole_literal():
    count = 0
    for path in RULES_DIR.glob("*.py"):
        for argument in _literal_arguments_of_n_(path):
            assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
                f"{path.name}:{argument.lineno}: N_() needs a single string literal")
            count += 1
    assert count > 50


def test_rules_import_without_flask_or_a_database():
    repo_root = RULES_DIR.parent.parent
    code = ("import sys, portal.rules, portal.rules.table; "
            "loaded = sorted(m for m in ('flask', 'sqlalchemy', 'flask_babel') "
            "if m in sys.modules); print(loaded)")
    result = subprocess.run([sys.executable, "-c", code], cwd=repo_root,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_public_interface_of_domain_4_3_is_exported_by_the_package():
    for name in ["route", "received_on", "add_working_days", "working_days_between",
                 "deadline"]:
        assert name in portal.rules.__all__
        assert callable(getattr(portal.rules, name))
