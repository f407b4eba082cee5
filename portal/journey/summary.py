"""Rows for "Check your answers", read from each step's own form so labels never drift."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import RadioField, SelectMultipleField, SubmitField

from portal.journey import flow
from portal.web.fields import DatePartsField

HIDDEN_FIELDS = {"csrf_token", "submit", "upload", "attachment"}


def _display(field, value, languages):
    if value in (None, "", []):
        return _("Not given")
    if isinstance(field, DatePartsField):
        return format_date(date.fromisoformat(value), format="d MMMM y")
    if isinstance(field, RadioField):
        labels = dict(field.choices or [])
        if field.name == "language":
            labels.update({code: info["name"] for code, info in languages.items()})
        return str(labels.get(value, value))
    if isinstance(field, SelectMultipleField):
        labels = dict(field.choices or [])
        return ", ".join(str(labels.get(v, v)) for v in value)
    return value


def summary_rows(answers: dict, languages: dict) -> list[dict]:
    rows = []
    for step in flow.applicable(answers):
        values = answers.get(step.id) or {}
        form = step.form(formdata=None, data=values, meta={"csrf": False})
        for field in form:
            if field.name in HIDDEN_FIELDS or isinstance(field, SubmitField):
                continue
            if field.name == "other_language" and values.get("language") != "other":
                continue
            rows.append({
                "key": {"text": str(field.label.text)},
                "value": {"text": _display(field, values.get(field.name), languages)},
                "actions": {"items": [{
                    "href": url_for("journey.question", step_id=step.id, change="1"),
                    "text": _("Change"),
                    "visuallyHiddenText": str(field.label.text),
                }]},
            })
    return rows
