"""The order of questions and when each is asked, written as data.

A step is asked when every condition in `when` holds for the answers so far:
`{"kind": {...}}` means the answer `kind` is one of those values. The flow
functions below are pure: they take the answers and return where to go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal.journey import forms
from portal.rules.vocabulary import ROLES

CHILD_ROLES = frozenset({"child", "care-leaver"})
PARENT_ROLES = frozenset({"parent", "foster-carer", "special-guardian", "adopter", "adopted-person"})
ALL_ROLES = frozenset(ROLES)
NEEDS_RESPONSE = frozenset({"complaint", "service-request"})


@dataclass(frozen=True)
class Step:
    id: str
    form: type
    title: object  # the page title: a lazy string
    when: dict = field(default_factory=dict)
    # Answers shown on "Check your answers": (field name, label) pairs.
    summary: tuple = ()


STEPS: tuple[Step, ...] = (
    Step("kind", forms.KindForm, _l("What would you like to tell us?")),
    Step("role", forms.RoleForm, _l("Who are you?")),
    Step(
        "child",
        forms.ChildForm,
        _l("Which child or young person is this about?"),
        when={"kind": NEEDS_RESPONSE, "role": ALL_ROLES - CHILD_ROLES},
    ),
    Step("service", forms.ServiceForm, _l("Which service is it about?")),
    Step(
        "about",
        forms.AboutForm,
        _l("What is your complaint about?"),
        when={"kind": {"complaint"}, "role": PARENT_ROLES},
    ),
    Step("what-happened", forms.WhatHappenedForm, _l("Tell us what happened"),
         when={"kind": NEEDS_RESPONSE}),
    Step("your-comment", forms.CommentForm, _l("Tell us your comment"),
         when={"kind": {"comment"}}),
    Step("put-right", forms.PutRightForm, _l("What would put things right?"),
         when={"kind": NEEDS_RESPONSE}),
    Step("praise", forms.PraiseForm, _l("Who should we thank?"), when={"kind": {"compliment"}}),
    Step("safety", forms.SafetyForm, _l("Is a child unsafe right now?"), when={"kind": NEEDS_RESPONSE}),
    Step("legal", forms.LegalForm, _l("Court cases and police investigations"),
         when={"kind": {"complaint"}}),
    Step("advocate", forms.AdvocateForm, _l("Would you like an advocate?"),
         when={"kind": {"complaint"}, "role": ALL_ROLES - {"advocate"}}),
    Step("consent", forms.ConsentForm, _l("Does the child agree?"), when={"role": {"advocate"}}),
    Step("contact", forms.ContactForm, _l("Your contact details")),
    Step("language", forms.LanguageForm, _l("Language and easy read")),
    Step("adjustments", forms.AdjustmentsForm, _l("Help we can give you")),
    Step("attachments", forms.AttachmentsForm, _l("Add files")),
)

STEPS_BY_ID = {step.id: step for step in STEPS}


def flatten(answers: dict) -> dict:
    """All answers of the steps that apply, as one dict of field name to value."""
    flat: dict = {}
    for step in applicable(answers):
        flat.update(answers.get(step.id) or {})
    return flat


def _holds(step: Step, flat: dict) -> bool:
    return all(flat.get(name) in allowed for name, allowed in step.when.items())


def applicable(answers: dict) -> list[Step]:
    """The steps asked, given the answers so far (earlier answers decide later steps)."""
    flat: dict = {}
    steps = []
    for step in STEPS:
        if _holds(step, flat):
            steps.append(step)
            flat.update(answers.get(step.id) or {})
    return steps


def first_unanswered(answers: dict) -> Step | None:
    return next((s for s in applicable(answers) if s.id not in answers), None)


def next_step(answers: dict, current: str) -> Step | None:
    """The step after `current`; None when the questions are done."""
    steps = applicable(answers)
    ids = [s.id for s in steps]
    if current not in ids:
        return first_unanswered(answers)
    following = steps[ids.index(current) + 1 :]
    return following[0] if following else None


def previous_step(answers: dict, current: str) -> Step | None:
    steps = applicable(answers)
    ids = [s.id for s in steps]
    if current not in ids or ids.index(current) == 0:
        return None
    return steps[ids.index(current) - 1]


def progress(answers: dict, current: str) -> tuple[int, int]:
    """(n, m) for "Question n of m"."""
    ids = [s.id for s in applicable(answers)]
    return (ids.index(current) + 1 if current in ids else 1), len(ids)


def is_reachable(answers: dict, step_id: str) -> bool:
    """A step can be shown once every step before it that applies has been answered."""
    for step in applicable(answers):
        if step.id == step_id:
            return True
        if step.id not in answers:
            return False
    return False
