"""Turning a draft's answers into a Submission for the casework use case."""

from __future__ import annotations

from datetime import date

from portal.casework import Submission
from portal.journey.flow import flatten


def _date(value):
    return date.fromisoformat(value) if value else None


def to_submission(answers: dict) -> Submission:
    a = flatten(answers)
    language = a.get("language") or "en"
    if language == "other":
        # The language as the person named it, whole (the form takes up to 60 characters).
        language = a.get("other_language") or "other"
    return Submission(
        kind=a["kind"],
        role=a["role"],
        service=a["service"],
        about=a.get("about"),
        description=a.get("description") or "",
        events_date=_date(a.get("events_date")),
        desired_outcome=a.get("desired_outcome"),
        praise_for=a.get("praise_for"),
        unsafe_now=a.get("unsafe_now") == "yes",
        legal_proceedings=a.get("legal_proceedings") == "yes",
        wants_advocate=a.get("wants_advocate") == "yes",
        consent=a.get("consent"),
        name=a.get("name") or "",
        contact_method=a.get("contact_method") or "email",
        email=a.get("email"),
        phone=a.get("phone"),
        address=a.get("address"),
        child_name=a.get("child_name"),
        child_date_of_birth=_date(a.get("child_date_of_birth")),
        language=language,
        easy_read=a.get("easy_read") == "yes",
        adjustments=tuple(a.get("adjustments") or ()),
        adjustments_detail=a.get("adjustments_detail"),
    )
