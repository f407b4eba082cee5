"""Bad-input fuzzing: the example budget, the count of inputs sent, and a stricter database.

FUZZ_EXAMPLES (default 10,000) is the number of generated inputs a whole run sends, shared
between the targets by weight. Every input sent is counted, and the total is printed at the
end of the run (tests/fuzz/test_volume.py checks it when the whole package ran).

The fuzz runs on SQLite only, to fit CI's time budget; the same views run on PostgreSQL in
tests/web and tests/admin. To still catch what only PostgreSQL refuses, every write made
during a fuzz test is checked as PostgreSQL would check it: no NUL character in text, and
no string longer than its column.
"""

from __future__ import annotations

import math
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import String, event
from sqlalchemy.orm import Session

DEFAULT_EXAMPLES = 10_000
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)
FUZZ_DIR = os.path.dirname(__file__)

JOURNEY_STEPS = ["kind", "role", "child", "service", "about", "what-happened", "your-comment", "put-right",
                 "praise", "safety", "legal", "advocate", "consent", "contact", "language", "adjustments"]
ADMIN_ACTIONS = ["procedure", "acknowledge", "assign", "extend", "suspend", "resume", "point", "respond",
                 "next-stage", "statement", "adjudicator", "panel", "remedy", "learning", "ombudsman",
                 "restrict", "note", "revoke-links", "close", "withdraw"]

#: Each target's share of the examples. Forms with more free text get more.
WEIGHTS = {
    **{f"question:{step}": 3 for step in JOURNEY_STEPS},
    "question:what-happened": 5, "question:contact": 5, "question:child": 4, "question:adjustments": 4,
    "question:attachments": 6,
    "check-your-answers": 3,
    "save": 3,
    "help-now": 4,
    "track:lookup": 4,
    "track:add-information": 5,
    "track:withdraw": 3,
    "admin:sign-in": 2,
    "admin:sign-in-code": 2,
    **{f"admin:action:{name}": 3 for name in ADMIN_ACTIONS},
    "admin:action:revoke-links": 1,
    "admin:action:restrict": 4, "admin:action:panel": 4, "admin:action:statement": 4,
    "admin:flag": 3,
    "admin:finding": 3,
    "admin:record-case": 6,
    "admin:officer-new": 3,
}


def examples_for(target: str) -> int:
    """This target's share of FUZZ_EXAMPLES, rounded up so the shares add up to at least it."""
    return max(1, math.ceil(FUZZ_EXAMPLES * WEIGHTS[target] / sum(WEIGHTS.values())))


def fuzz_settings(target: str) -> settings:
    return settings(
        max_examples=examples_for(target),
        deadline=None,
        derandomize=False,
        database=None,  # nothing written into the repository; each run draws afresh
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.large_base_example, HealthCheck.filter_too_much],
        print_blob=True,
    )


class InputCounter:
    """How many generated inputs each target sent in this run."""

    def __init__(self):
        self.by_target: Counter[str] = Counter()

    def add(self, target: str, n: int = 1) -> None:
        self.by_target[target] += n

    @property
    def total(self) -> int:
        return sum(self.by_target.values())


COUNTER_KEY = pytest.StashKey[InputCounter]()


def pytest_configure(config):
    config.stash[COUNTER_KEY] = InputCounter()


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="fuzzing runs on SQLite only, for time; tests/web and tests/admin "
                                   "run the same views on PostgreSQL")
    for item in items:
        if not str(item.path).startswith(FUZZ_DIR):
            continue
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counter = config.stash.get(COUNTER_KEY, None)
    if counter is None or not counter.total:
        return
    terminalreporter.write_sep("-", "fuzz: generated inputs sent")
    for target, n in sorted(counter.by_target.items()):
        terminalreporter.write_line(f"{target:32} {n:6}")
    terminalreporter.write_line(f"{'total':32} {counter.total:6} (FUZZ_EXAMPLES={FUZZ_EXAMPLES})")


@pytest.fixture(scope="session")
def input_counter(pytestconfig) -> InputCounter:
    return pytestconfig.stash[COUNTER_KEY]


# A database as strict as PostgreSQL ------------------------------------------------------------

class WouldFailOnPostgreSQL(AssertionError):
    pass


def _strict_flush(session, _context, _instances):
    for obj in list(session.new) + list(session.dirty):
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        for column in table.columns:
            value = getattr(obj, column.key, None) if hasattr(obj, column.key) else None
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise WouldFailOnPostgreSQL(f"{table.name}.{column.name} holds a NUL character")
            if isinstance(column.type, String) and column.type.length and len(value) > column.type.length:
                raise WouldFailOnPostgreSQL(
                    f"{table.name}.{column.name} is {len(value)} characters, over {column.type.length}")


def _strict_statement(_conn, _cursor, _statement, parameters, _context, _executemany):
    rows = parameters if isinstance(parameters, list) else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else (row or ())
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise WouldFailOnPostgreSQL("a statement carries a NUL character")


@pytest.fixture
def fuzz_app(app, monkeypatch):
    """The app with a small upload limit, checked like PostgreSQL would check its writes."""
    from portal.extensions import db

    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 4096)
    # Room for 100,000 characters of any script in a form, as the real limit allows.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096 + 2 * 1024 * 1024)
    with app.app_context():
        engine = db.engine
    event.listen(Session, "before_flush", _strict_flush)
    event.listen(engine, "before_cursor_execute", _strict_statement)
    yield app
    event.remove(Session, "before_flush", _strict_flush)
    event.remove(engine, "before_cursor_execute", _strict_statement)
