"""Reaching one step of the journey, and reading what a re-rendered page kept."""

from __future__ import annotations

from tests.web.journey import ANSWERS, path_of

# The earlier answers that make a step apply (see `when` in portal.journey.flow);
# every other step applies to the default ANSWERS (a parent's complaint).
ROUTE_TO = {
    "your-comment": {"kind": {"kind": "comment"}},
    "praise": {"kind": {"kind": "compliment"}},
    "consent": {"role": {"role": "advocate"}},
}


def step_of(location: str) -> str:
    return path_of(location).split("/tell-us/")[1].split("?")[0]


def reach(client_request, step_id: str, overrides: dict | None = None) -> str:
    """Start a journey and answer every earlier question; return the path of `step_id`."""
    answers = {**ANSWERS, **ROUTE_TO.get(step_id, {}), **(overrides or {})}
    location = client_request.get("/tell-us/", expected_status=302)
    for _ in range(30):
        step = step_of(location)
        if step == step_id:
            return path_of(location)
        assert step != "check-your-answers", f"{step_id} is never asked with these answers"
        location = client_request.post(path_of(location), answers[step])
    raise AssertionError(f"the journey loops before {step_id}")


def reach_check(client_request, overrides: dict | None = None) -> list[str]:
    """Answer every question; return the steps asked, in order."""
    answers = {**ANSWERS, **(overrides or {})}
    location = client_request.get("/tell-us/", expected_status=302)
    visited = []
    while step_of(location) != "check-your-answers":
        visited.append(step_of(location))
        assert len(visited) < 30, f"the journey loops: {visited}"
        location = client_request.post(path_of(location), answers[visited[-1]])
    return visited


def form_group(page, element_id: str):
    """The GOV.UK form group holding the element with this id."""
    element = page.find(id=element_id)
    assert element is not None, f"no #{element_id}"
    group = element.find_parent(class_="govuk-form-group")
    if group is not None and "govuk-date-input__item" in (group.parent.get("class") or []):
        # A date's boxes each sit in a group of their own inside the date's group.
        group = group.find_parent(class_="govuk-form-group")
    assert group is not None, f"#{element_id} is not in a form group"
    return group


def error_at(page, element_id: str) -> str:
    """The error message shown at a field ('' if none), without its hidden 'Error:' prefix."""
    group = form_group(page, element_id)
    message = group.select_one(".govuk-error-message")
    if message is None:
        return ""
    for hidden in message.select(".govuk-visually-hidden"):
        hidden.extract()
    return " ".join(message.get_text(" ").split())


def summary_errors(page) -> dict[str, str]:
    """The error summary as {link target id: message}."""
    return {
        a["href"].lstrip("#"): " ".join(a.get_text(" ").split())
        for a in page.select(".govuk-error-summary a")
    }


def value_of(page, name: str):
    """What the page shows for a text input or textarea named `name`."""
    field = page.select_one(f"input[name='{name}'], textarea[name='{name}']")
    assert field is not None, f"no field named {name}"
    if field.name == "textarea":
        return field.get_text()
    return field.get("value", "")


def checked(page, name: str) -> list[str]:
    """The values of the radios or checkboxes named `name` that are checked."""
    return [i["value"] for i in page.select(f"input[name='{name}']") if i.has_attr("checked")]


def date_parts(page, name: str) -> list[str]:
    return [page.find(id=f"{name}-{part}").get("value", "") for part in ("day", "month", "year")]
