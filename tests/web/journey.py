"""Driving the public journey from the start page to the confirmation, step by step."""

from __future__ import annotations

from urllib.parse import urlsplit

# A full set of valid answers; each test overrides what its branch needs.
ANSWERS = {
    "kind": {"kind": "complaint"},
    "role": {"role": "parent"},
    "child": {"child_name": "Sam Jones", "child_date_of_birth": ["3", "4", "2015"]},
    "service": {"service": "children-in-care"},
    "about": {"about": "child"},
    "what-happened": {"description": "Family time was cancelled three times.",
                      "events_date": ["1", "9", "2026"]},
    "your-comment": {"description": "The family hub is very welcoming."},
    "put-right": {"desired_outcome": "An apology and a plan for family time."},
    "praise": {"praise_for": "Jo in the leaving care team listened to me."},
    "safety": {"unsafe_now": "no"},
    "legal": {"legal_proceedings": "no"},
    "advocate": {"wants_advocate": "no"},
    "consent": {"consent": "yes"},
    "contact": {"name": "Pat Jones", "contact_method": "email", "email": "pat@example.com"},
    "language": {"language": "en", "easy_read": "no"},
    "adjustments": {},
    "attachments": {},
}


def path_of(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def complete_journey(client_request, overrides: dict | None = None) -> tuple[list[str], str]:
    """Answer every question asked; return the steps visited and the confirmation path."""
    answers = {**ANSWERS, **(overrides or {})}
    client_request.get("/")
    location = client_request.get("/tell-us/", expected_status=302)
    visited = []
    while "/check-your-answers" not in location:
        path = path_of(location)
        step = path.split("/tell-us/")[1].split("?")[0]
        visited.append(step)
        assert len(visited) < 30, f"the journey loops: {visited}"
        client_request.get(path)
        location = client_request.post(path, answers[step])
    client_request.get("/tell-us/check-your-answers")
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    return visited, path_of(confirmation)
