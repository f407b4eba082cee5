"""The simulated people, for locust running headless (started by bench/load.py).

Each user class is one scenario. Users wait for nothing between requests (a closed loop:
each user sends its next request as soon as the last one is answered), so N users means
N requests in flight.

The figures are kept here, not taken from locust's own statistics: every response time
from the moment all users have started (locust rounds its own percentiles to whole
milliseconds) and the window they fall in, written as JSON to BENCH_RESULT_FILE when the
run stops. A run stops after its time (`--run-time`) or after BENCH_MAX_REQUESTS
requests, whichever comes first.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
import pyotp
from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The answers the request tests give: a parent's complaint about a child in care, which
# asks 14 of the 17 questions. Using them keeps the bench on a journey the tests check.
from tests.web.journey import ANSWERS  # noqa: E402

MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
RESULT_FILE = os.environ.get("BENCH_RESULT_FILE")

CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

# Labels of what is measured (bench/harness.py reads them back).
FLOOR = "floor"
QUESTION_PAGE = "question page"
JOURNEY_REQUEST = "journey request"
WHOLE_JOURNEY = "whole journey"
OFFICERS_QUEUE = "officers' queue"
SETUP = "setup"  # a user's first request: not measured

_samples: dict[str, list[float]] = defaultdict(list)
_failures: Counter = Counter()
_errors: Counter = Counter()
_window: dict[str, float] = {}
_runner = {}
_requests = 0


@events.init.add_listener
def _keep_runner(environment, **_kwargs):
    _runner["environment"] = environment


@events.spawning_complete.add_listener
def _on_all_started(**_kwargs):
    user_classes = _runner["environment"].user_classes
    if not any(user_class.measured_after_setup for user_class in user_classes):
        _start_measuring()


def _start_measuring():
    _samples.clear()
    _failures.clear()
    _errors.clear()
    _window["start"] = time.perf_counter()


_ready = Counter()


def _set_up(user):
    """A user whose setup is long (a whole journey) says it is ready: measuring starts
    once every user is, so the run measures the page, not the setup around it."""
    _ready["users"] += 1
    if _ready["users"] == user.environment.runner.target_user_count:
        _start_measuring()


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs):
    global _requests
    if "start" not in _window or name == SETUP:
        return
    _record_sample(name, response_time, exception)
    _requests += 1
    if _requests == MAX_REQUESTS:
        # Quit from a greenlet of its own: quitting stops the users, this one included.
        gevent.spawn(_runner["environment"].runner.quit)


def _record_sample(name, response_time, exception):
    if exception is None:
        _samples[name].append(response_time)
    else:
        _failures[name] += 1
        _errors[f"{name}: {str(exception)[:160]}"] += 1


@events.test_stop.add_listener
def _write_result(**_kwargs):
    if not RESULT_FILE or "start" not in _window:
        return
    seconds = time.perf_counter() - _window["start"]
    Path(RESULT_FILE).write_text(json.dumps({
        "seconds": seconds,
        "samples": _samples,
        "failures": _failures,
        "errors": _errors.most_common(5),
    }))


class BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    measured_after_setup = False  # True: measuring starts when every user has called _set_up

    def fetch(self, method, path, label, expect, data=None):
        """One request, not following redirects; a failure unless the status is `expect`.

        Returns the response, or None if it failed.
        """
        body = urlencode(data, doseq=True) if data is not None else None
        with self.client.request(method, path, name=label, data=body,
                                 headers=FORM_HEADERS if data is not None else None,
                                 allow_redirects=False, catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"{method} {urlsplit(path).path}: {response.status_code}, "
                                 f"expected {expect}")
                return None
            response.success()
            return response


class FloorUser(BenchUser):
    """GET the floor app's one page."""

    @task
    def page(self):
        self.fetch("GET", "/", FLOOR, 200)


class QuestionPageUser(BenchUser):
    """GET the journey's first question, again and again, within one draft."""

    def on_start(self):
        self.fetch("GET", "/tell-us/", SETUP, 302)  # starts the draft the page belongs to

    @task
    def question(self):
        self.fetch("GET", "/tell-us/kind", QUESTION_PAGE, 200)


class JourneyFailed(Exception):
    pass


class Journey:
    """Sending feedback from the start page to the confirmation, as a browser does.

    Every question is fetched (GET, which carries the CSRF token) and answered (POST,
    answered with a redirect to the next question); then "Check your answers" is sent
    and the confirmation fetched: 33 requests. A mixin without tasks of its own, so a
    user class that walks the journey only to set up runs none of the journey's tasks.
    """

    def walk(self):
        self.step("GET", "/", 200)
        location = self.step("GET", "/tell-us/", 302).headers["Location"]
        for _ in range(30):
            path = _path_of(location)
            page = self.step("GET", path, 200).text
            token = CSRF_TOKEN.search(page).group(1)
            step = path.rsplit("/", 1)[1]
            answers = {} if step == "check-your-answers" else ANSWERS[step]
            location = self.step("POST", path, 302, {**answers, "csrf_token": token}).headers["Location"]
            if step == "check-your-answers":
                break
        else:
            raise JourneyFailed("the journey loops")
        if "/tell-us/confirmation/" not in location:
            raise JourneyFailed(f"sending ended at {location}")
        self.step("GET", _path_of(location), 200)

    def step(self, method, path, expect, data=None):
        raise NotImplementedError


class JourneyUser(Journey, BenchUser):
    """The journey again and again: each request is one sample of "journey request"; each
    journey completed end to end is one sample of "whole journey"."""

    @task
    def send_feedback(self):
        started = time.perf_counter()
        try:
            self.walk()
        except JourneyFailed as failure:
            _record_sample(WHOLE_JOURNEY, 0, failure)
            return
        _record_sample(WHOLE_JOURNEY, (time.perf_counter() - started) * 1000, None)

    def step(self, method, path, expect, data=None):
        response = self.fetch(method, path, JOURNEY_REQUEST, expect, data)
        if response is None:
            raise JourneyFailed(f"{method} {path}")
        return response


TRACKING_LINK = re.compile(r'class="govuk-body app-tracking-link"><a class="govuk-link" href="([^"]+)"')
STATUS_PAGE = "status page"


def _path_of(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class StatusPageUser(Journey, BenchUser):
    """Sends feedback once (not measured), then opens the status page again and again,
    as a parent checking where their complaint has got to."""

    measured_after_setup = True

    def on_start(self):
        self.walk()
        page = self.fetch("GET", self.confirmation, SETUP, 200).text
        link = TRACKING_LINK.search(page).group(1)
        self.fetch("GET", _path_of(link), SETUP, 302)
        _set_up(self)

    def step(self, method, path, expect, data=None):
        response = self.fetch(method, path, SETUP, expect, data)
        if response is None:
            raise JourneyFailed(f"{method} {path}")
        if "/tell-us/confirmation/" in path:
            self.confirmation = path
        return response

    @task
    def status_page(self):
        self.fetch("GET", "/track/case", STATUS_PAGE, 200)


class OfficersQueueUser(BenchUser):
    """An officer signs in (password, then a TOTP code) and opens the queue again and again.

    The officer is made by bench/generate.py's add_officer and named in BENCH_OFFICER_EMAIL,
    BENCH_OFFICER_PASSWORD and BENCH_OFFICER_TOTP_SECRET. A code is good once, so each run
    needs an officer of its own (and one user).
    """

    measured_after_setup = True

    def on_start(self):
        self.sign_in()
        self.fetch("GET", "/admin/queue", SETUP, 200)  # its templates compiled, not measured
        _set_up(self)

    def sign_in(self):
        page = self.fetch("GET", "/admin/sign-in", SETUP, 200)
        self.fetch("POST", "/admin/sign-in", SETUP, 302, {
            "email": os.environ["BENCH_OFFICER_EMAIL"],
            "password": os.environ["BENCH_OFFICER_PASSWORD"],
            "csrf_token": CSRF_TOKEN.search(page.text).group(1),
        })
        page = self.fetch("GET", "/admin/sign-in/code", SETUP, 200)
        self.fetch("POST", "/admin/sign-in/code", SETUP, 302, {
            "code": pyotp.TOTP(os.environ["BENCH_OFFICER_TOTP_SECRET"]).now(),
            "csrf_token": CSRF_TOKEN.search(page.text).group(1),
        })

    @task
    def queue(self):
        self.fetch("GET", "/admin/queue", OFFICERS_QUEUE, 200)


ANNUAL_REPORT = "annual report"


class AnnualReportUser(OfficersQueueUser):
    """A manager opens the annual report for 2025/26, the year the generated cases fill."""

    def on_start(self):
        self.sign_in()
        for _worker in range(2):  # its templates compiled, likely in both workers; not measured
            self.fetch("GET", REPORT_PATH, SETUP, 200)
        _set_up(self)

    @task
    def queue(self):
        self.fetch("GET", REPORT_PATH, ANNUAL_REPORT, 200)


REPORT_PATH = "/admin/reports?year=2025"
