"""PostgreSQL restarting while people send the form: nothing they were told was sent is
lost, no case is half-written, and whoever was refused is told to try again with their
answers kept.

The portal runs under gunicorn and reaches PostgreSQL through a proxy of our own
(tests/faults/proxy.py) that drops every connection and refuses new ones, as clients see a
restart; the machine's PostgreSQL itself is never stopped. The app keeps `pool_pre_ping`
on, as production does.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal import casework
from portal.journey import drafts
from tests.conftest import normalise
from tests.faults import databases
from tests.faults.people import (
    BACK_TO_FORM,
    Person,
    TryAgain,
    check_try_again_page,
    signed,
    text_of,
)
from tests.faults.proxy import FlakyProxy
from tests.faults.servers import Gunicorn
from tests.web.steps import reach_check

OUTAGE_SECONDS = 2.0


@pytest.fixture(scope="module")
def portal_behind_proxy(faults_postgres_url, tmp_path_factory):
    """(the served portal, the proxy it reaches PostgreSQL through, a direct database URL)"""
    instance = tmp_path_factory.mktemp("outage")
    databases.fresh_schema(faults_postgres_url, "faults_outage")
    direct = databases.in_schema(faults_postgres_url, "faults_outage")
    databases.migrate(direct, instance)
    server_address = make_url(faults_postgres_url)
    try:
        with FlakyProxy((server_address.host or "127.0.0.1", server_address.port or 5432)) as proxy:
            url = databases.in_schema(faults_postgres_url, "faults_outage", port=proxy.port)
            # Messages stay in the outbox: the sender is not what is being tested here.
            with Gunicorn(url, instance, settings={"OUTBOX_SEND_AFTER_REQUEST": "0"}) as server:
                yield server, proxy, direct
    finally:
        databases.drop_schema(faults_postgres_url, "faults_outage")


@pytest.mark.slow
def test_postgresql_restarting_mid_run_loses_nothing_sent_and_half_writes_nothing(portal_behind_proxy):
    server, proxy, database = portal_behind_proxy
    before = set(databases.case_records(database))
    # Some people have answered everything and are reading "Check your answers"...
    waiting = [Person(server.url, signed(n)) for n in range(8)]
    for someone in waiting:
        someone.answer_everything()
    # ...while others go through the form, several at once.
    flowing = [Person(server.url, signed(100 + n)) for n in range(40)]
    with ThreadPoolExecutor(8) as pool:
        running = [pool.submit(someone.complete) for someone in flowing]
        deadline = time.monotonic() + 30
        while sum(p.confirmed for p in flowing) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)

        proxy.cut()
        down_since = time.monotonic()
        for someone in waiting:  # press "Send" while PostgreSQL is down
            try:
                someone.act()
            except TryAgain as refused:
                assert (refused.method, refused.path) == ("POST", "/tell-us/check-your-answers")
                someone.recover(refused)
            else:
                pytest.fail("a form was taken while the database was down")
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_since)))
        proxy.restore()

        for someone in waiting:
            someone.complete()
        for done in running:
            done.result(timeout=60)

    everyone = waiting + flowing
    statuses = sum((p.statuses for p in everyone), Counter())
    assert set(statuses) <= {200, 302, 503}, (statuses, server.log()[-3000:])
    assert "Traceback" not in server.log()
    assert any(p.try_again for p in flowing), "the outage caught nobody mid-journey"
    # Everyone got through in the end, and no question was asked twice: answers were kept.
    assert all(p.confirmed for p in everyone)
    assert {p.reference: p.asked_twice() for p in everyone if p.asked_twice()} == {}
    for someone in waiting:  # straight back to "Check your answers", then sent
        assert someone.try_again == [("POST", "/tell-us/check-your-answers")]

    records = databases.case_records(database)
    new = {reference: row for reference, row in records.items() if reference not in before}
    # Every confirmation shown is a case, and there is no case nobody was told about.
    assert set(new) == {p.reference for p in everyone}
    assert len(new) == len(everyone)
    assert databases.half_written(records) == {}
    assert {p.reference: p.answers["contact"]["name"] for p in everyone} == {
        reference: row["complainant"] for reference, row in new.items()}


@pytest.mark.slow
def test_a_reply_lost_as_postgresql_commits_shows_the_confirmation_not_a_second_case(
        portal_behind_proxy):
    server, proxy, database = portal_behind_proxy
    someone = Person(server.url, signed(500))
    someone.answer_everything()
    before = set(databases.case_records(database))

    proxy.lose_reply_to_next_commit()
    with pytest.raises(TryAgain) as refused:
        someone.act()  # "Send": PostgreSQL commits; the portal never hears so
    assert proxy.commit_reply_lost.wait(5)
    assert b"COMMIT\x00" in proxy.lost_reply  # PostgreSQL's CommandComplete: it was committed
    (sent,) = set(databases.case_records(database)) - before

    someone.recover(refused.value)  # "Go back to your form"
    someone.complete()
    assert someone.reference == sent
    assert someone.statuses[503] == 1
    records = databases.case_records(database)
    assert set(records) - before == {sent}  # not sent twice
    assert databases.half_written(records) == {}


# In-process: the same page and the same promise, on SQLite and PostgreSQL, in any language.

def _unavailable(*_args, **_kwargs):
    raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


def test_a_form_sent_while_the_database_is_down_is_kept_for_sending_again(app, client_request,
                                                                          monkeypatch):
    reach_check(client_request)
    monkeypatch.setattr(casework, "submit", _unavailable)
    page = client_request.post("/tell-us/check-your-answers", {}, expected_status=503)
    check_try_again_page(page)
    (link,) = [a for a in page.select("main a") if text_of(a) == BACK_TO_FORM]
    monkeypatch.undo()

    assert client_request.get(link["href"], expected_status=302) == "/tell-us/check-your-answers"
    answers = normalise(client_request.get("/tell-us/check-your-answers"))
    assert "Family time was cancelled three times." in answers and "Pat Jones" in answers
    confirmation = client_request.post("/tell-us/check-your-answers", {})
    assert confirmation.startswith("/tell-us/confirmation/")


def test_the_try_again_page_is_in_the_persons_language(app, client, monkeypatch):
    monkeypatch.setattr(drafts, "current", _unavailable)
    response = client.get("/tell-us/check-your-answers", headers={"Accept-Language": "cy"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == "cy"
    assert normalise(page.h1) == "Mae'n ddrwg gennym ni, mae problem gyda'r gwasanaeth"
    assert "Mynd yn ôl i'ch ffurflen" in normalise(page)


def test_a_database_error_on_a_page_that_is_not_a_form_says_try_again_without_a_form_link(
        app, client, monkeypatch):
    from portal.web import public

    monkeypatch.setattr(public, "render_template", _unavailable)
    response = client.get("/")
    assert response.status_code == 503
    page = BeautifulSoup(response.data, "html.parser")
    check_try_again_page(page)
    assert BACK_TO_FORM not in text_of(page)
