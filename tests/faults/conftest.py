"""Fixtures for the fault tests: their own PostgreSQL database and schemas (never the shared
database `test`), and the in-process app of tests/conftest.py rebuilt on them."""

from __future__ import annotations

import os

import pytest

from tests.faults import databases


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a fault test that runs real servers for several seconds")


@pytest.fixture(scope="session")
def faults_postgres_url() -> str:
    """The fault tests' PostgreSQL database (see tests/faults/databases.py); skipped if unreachable."""
    try:
        return databases.postgres_database_url()
    except OSError as problem:
        message = f"PostgreSQL not reachable ({problem}): skipped the PostgreSQL fault tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI requires them)")
        pytest.skip(message)


# The fixtures below override tests/conftest.py's `database_url` and `app` for this folder,
# so `client_request` and the emptying of tables after each test work as everywhere else.

@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        return databases.sqlite_url(tmp_path_factory.mktemp("faults-db"))
    base = request.getfixturevalue("faults_postgres_url")
    databases.fresh_schema(base, "faults_app")
    request.addfinalizer(lambda: databases.drop_schema(base, "faults_app"))
    return databases.in_schema(base, "faults_app")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    from tests.conftest import app_config

    app = create_app(app_config(database_url, tmp_path_factory.mktemp("faults-instance")))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()  # before the schema is dropped
