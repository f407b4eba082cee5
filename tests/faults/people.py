"""People filling in the public form over real HTTP, each with their own browser session.

A person answers every question (one POST per question, as a browser does after the page
loaded), sends the form from "Check your answers" and reads the confirmation page. When the
portal answers "Sorry, there is a problem ... try again", the person does what the page
says: waits, then reloads a page they were reading, or follows the page's link back to
their form after a form they sent was not taken. Everything they were shown is recorded,
so a test can hold the portal to what it told them.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

from tests.web.journey import ANSWERS, path_of

TRY_AGAIN_TITLE = "Sorry, there is a problem with the service"
TRY_AGAIN_TEXT = "Try again later. Your answers are saved, so you will not need to type them again."
BACK_TO_FORM = "Go back to your form"
CHECK = "/tell-us/check-your-answers"
CSRF_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def signed(number: int) -> dict:
    """Answers signed with a name of their own, so a case can be traced to who sent it."""
    return {"contact": {"name": f"Person {number}", "contact_method": "email",
                        "email": f"person{number}@example.com"}}


class TryAgain(Exception):
    """The portal showed its 'try again' page (HTTP 503)."""

    def __init__(self, method: str, path: str, page: BeautifulSoup):
        super().__init__(f"503 for {method} {path}")
        self.method = method
        self.path = path
        self.page = page


class Unexpected(AssertionError):
    """Anything a person should never see: a crash, a lost page, a broken connection."""


def text_of(page) -> str:
    return " ".join(page.get_text(" ").split())


def check_try_again_page(page: BeautifulSoup) -> None:
    """The 503 page is the portal's own page, in its layout, saying what to do."""
    assert page.html.get("lang") == "en"
    assert page.select_one("header") is not None and page.select_one("footer") is not None
    assert text_of(page.select_one("h1")) == TRY_AGAIN_TITLE
    assert page.title.get_text(strip=True).startswith(TRY_AGAIN_TITLE)
    assert TRY_AGAIN_TEXT in text_of(page)


class Person:
    def __init__(self, base_url: str, answers: dict | None = None, *, pause: float = 0.25,
                 patience: float = 45.0):
        self.base_url = base_url
        self.http = requests.Session()
        self.answers = {**ANSWERS, **(answers or {})}
        self.pause = pause
        self.patience = patience
        self.csrf_token: str | None = None
        self.location = "/tell-us/"   # where the person is going next
        self.state = "begin"          # begin | question | check | confirmation | done
        self.taken: list[str] = []    # steps whose answers the portal took (it moved them on)
        self.try_again: list[tuple[str, str]] = []  # (method, path) of each 503 page seen
        self.statuses: Counter = Counter()
        self.reference: str | None = None
        self.confirmed = False        # saw the confirmation page with the reference

    # -- one request ------------------------------------------------------------------
    def _request(self, method: str, path: str, data=None) -> requests.Response:
        try:
            response = self.http.request(method, urljoin(self.base_url, path), data=data,
                                         allow_redirects=False, timeout=30)
        except requests.RequestException as error:
            raise Unexpected(f"{method} {path}: {error!r}") from error
        self.statuses[response.status_code] += 1
        if response.status_code == 503:
            page = BeautifulSoup(response.text, "html.parser")
            check_try_again_page(page)
            self.try_again.append((method, path))
            raise TryAgain(method, path, page)
        if response.status_code not in (200, 302):
            raise Unexpected(f"{method} {path}: HTTP {response.status_code}\n{response.text[:2000]}")
        return response

    def _redirect(self, response, method, path) -> str:
        if response.status_code != 302:
            page = BeautifulSoup(response.text, "html.parser")
            errors = [text_of(li) for li in page.select(".govuk-error-summary__list li")]
            raise Unexpected(f"{method} {path}: expected a redirect, got {response.status_code} {errors}")
        return path_of(response.headers["Location"])

    # -- the journey, one action at a time ------------------------------------------------
    def act(self) -> None:
        """Take the next action; raises TryAgain when the portal asks for that."""
        if self.state == "begin":
            self.location = self._redirect(self._request("GET", "/tell-us/"), "GET", "/tell-us/")
            self._arrive()
        elif self.state == "question":
            if self.csrf_token is None:
                # A regular expression, not a parser: hundreds of people share one process.
                found = CSRF_FIELD.search(self._request("GET", self.location).text)
                assert found, f"no CSRF token on {self.location}"
                self.csrf_token = found.group(1)
            step = self.location.split("/tell-us/")[1].split("?")[0]
            data = {**self.answers[step], "csrf_token": self.csrf_token}
            self.location = self._redirect(self._request("POST", self.location, data), "POST", self.location)
            self.taken.append(step)
            self._arrive()
        elif self.state == "check":
            response = self._request("POST", CHECK, {"csrf_token": self.csrf_token})
            self.location = self._redirect(response, "POST", CHECK)
            self._arrive()
        elif self.state == "confirmation":
            page = self._request("GET", self.location).text
            assert f">{self.reference}<" in page, f"{self.location} does not show the reference"
            self.confirmed = True
            self.state = "done"

    def _arrive(self) -> None:
        path = urlsplit(self.location).path
        if path.startswith("/tell-us/confirmation/"):
            self.reference = path.rsplit("/", 1)[1]
            self.state = "confirmation"
        elif path == CHECK:
            self.state = "check"
        elif path == "/tell-us/":
            self.state = "begin"
        elif path.startswith("/tell-us/"):
            self.state = "question"
        else:
            raise Unexpected(f"sent to {self.location}")

    def recover(self, refused: TryAgain) -> None:
        """Do what the 'try again' page says, after a pause."""
        time.sleep(self.pause)
        if refused.method == "GET":
            return  # reload the page
        link = next((a for a in refused.page.select("main a") if text_of(a) == BACK_TO_FORM), None)
        assert link is not None, "the 'try again' page after a sent form leads back to it"
        assert link["href"] == "/tell-us/"
        self.state = "begin"

    # -- whole journeys ----------------------------------------------------------------------
    def answer_everything(self) -> None:
        """Answer every question; stop at 'Check your answers' (no retries: the portal is up)."""
        while self.state not in ("check", "done"):
            self.act()

    def complete(self) -> Person:
        """Go on to the confirmation page, trying again as told, for up to `patience` seconds."""
        deadline = time.monotonic() + self.patience
        while self.state != "done":
            try:
                self.act()
            except TryAgain as refused:
                if time.monotonic() > deadline:
                    raise Unexpected(f"still refused after {self.patience:.0f} s: {self.try_again}") from None
                self.recover(refused)
        return self

    def asked_twice(self) -> list[str]:
        """Questions the person had to answer again: each one is an answer the portal lost."""
        return [step for step, n in Counter(self.taken).items() if n > 1]
