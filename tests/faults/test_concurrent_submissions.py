"""Two hundred people send the form at the same moment: every one gets a case of their own.

The portal runs under gunicorn as in production (two worker processes of eight threads, so
SQLite sees several processes writing at once), on SQLite in WAL mode and on PostgreSQL.
Each person is a real HTTP client with their own cookies and CSRF token, answering every
question of the journey and reading their confirmation page.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults import databases
from tests.faults.people import Person, signed
from tests.faults.servers import Gunicorn

PEOPLE = 200
AT_ONCE = 25
# A bound against hanging, not a benchmark: about 25 s on a quiet 2-core machine.
TIME_LIMIT_SECONDS = 120

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def portal(request, tmp_path_factory):
    """(the served portal, the URL to inspect its database with)"""
    instance = tmp_path_factory.mktemp(f"concurrent-{request.param}")
    if request.param == "sqlite":
        url = databases.sqlite_url(instance)
    else:
        base = request.getfixturevalue("faults_postgres_url")
        databases.fresh_schema(base, "faults_concurrent")
        request.addfinalizer(lambda: databases.drop_schema(base, "faults_concurrent"))
        url = databases.in_schema(base, "faults_concurrent")
    databases.migrate(url, instance)
    with Gunicorn(url, instance) as server:
        yield server, url


def test_two_hundred_people_sending_at_once_each_get_one_complete_case(portal):
    server, url = portal
    before = set(databases.case_records(url))
    people = [Person(server.url, signed(n)) for n in range(PEOPLE)]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        done = list(pool.map(Person.complete, people, timeout=TIME_LIMIT_SECONDS))

    statuses = sum((p.statuses for p in done), Counter())
    assert set(statuses) <= {200, 302}, (statuses, server.log()[-3000:])  # no 5xx, no 4xx
    assert "Traceback" not in server.log()  # nor after a response (the outbox sender)
    assert all(p.confirmed and not p.try_again for p in done)
    references = [p.reference for p in done]
    assert len(set(references)) == PEOPLE

    records = {reference: row for reference, row in databases.case_records(url).items()
               if reference not in before}
    assert set(records) == set(references)
    assert databases.half_written(records) == {}
    # Nobody's answers ended up in someone else's case.
    assert {p.reference: p.answers["contact"]["name"] for p in done} == {
        reference: row["complainant"] for reference, row in records.items()}


def test_send_pressed_twice_at_once_makes_one_case_and_one_confirmation(portal):
    """Two presses of "Send" (a double click, two tabs) race each other: one case."""
    server, url = portal
    before = set(databases.case_records(url))
    pairs = []
    for n in range(10):
        first = Person(server.url, signed(1000 + n))
        first.answer_everything()
        second = Person(server.url, first.answers)  # the same browser, a second request
        second.http.cookies.update(first.http.cookies)
        second.csrf_token, second.state = first.csrf_token, "check"
        pairs.append((first, second))
    together = threading.Barrier(20)

    def press_send(someone):
        together.wait(timeout=30)
        return someone.complete()

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(press_send, [p for pair in pairs for p in pair], timeout=TIME_LIMIT_SECONDS))

    for first, second in pairs:
        assert first.confirmed and second.confirmed
        assert first.reference == second.reference
        assert not first.try_again and not second.try_again
    records = {reference: row for reference, row in databases.case_records(url).items()
               if reference not in before}
    assert set(records) == {first.reference for first, _second in pairs}
    assert databases.half_written(records) == {}
