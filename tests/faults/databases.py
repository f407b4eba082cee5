"""The fault tests' own databases: SQLite in a temporary folder, and a schema of their own
on the machine's PostgreSQL.

PostgreSQL: the database `helper_faults` on the server of TEST_POSTGRES_URL (created when
missing), never the database `test` that other suites share. Where that database cannot be
created (CI has only TEST_POSTGRES_URL's database) the tests use TEST_POSTGRES_URL's own
database. Either way every fixture works in a schema of its own (`faults_...`, chosen by
`search_path`), dropped afterwards, so nothing here touches the main suite's `public` schema.
FAULTS_POSTGRES_URL names another database outright.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL

FAULTS_DATABASE = "helper_faults"


def postgres_database_url() -> str:
    """A SQLAlchemy URL of the database the fault tests may use; raises OSError if unreachable."""
    import psycopg

    if os.environ.get("FAULTS_POSTGRES_URL"):
        return os.environ["FAULTS_POSTGRES_URL"]
    shared = make_url(POSTGRES_URL)
    own = shared.set(database=FAULTS_DATABASE)
    assert own.database != "test"
    server = shared.set(drivername="postgresql", database="postgres")
    try:
        with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True,
                             connect_timeout=3) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                        (FAULTS_DATABASE,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{FAULTS_DATABASE}"')
        return own.render_as_string(hide_password=False)
    except psycopg.errors.InsufficientPrivilege:
        return POSTGRES_URL  # only the shared database: the schema below keeps us apart
    except psycopg.OperationalError as error:
        if "permission denied" in str(error) or "does not exist" in str(error):
            return POSTGRES_URL
        raise OSError(str(error).strip().splitlines()[0]) from error


def in_schema(url: str, schema: str, *, port: int | None = None) -> str:
    """The URL with `search_path` set to `schema` (and, for the proxy, another port)."""
    parsed = make_url(url)
    if port is not None:
        parsed = parsed.set(host="127.0.0.1", port=port)
    parsed = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


def fresh_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()


def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def migrate(url: str, instance) -> None:
    """The real migrations, as the main suite applies them."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "faults",
                      "INSTANCE_PATH": str(instance), "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def sqlite_url(folder) -> str:
    return f"sqlite:///{folder / 'portal.db'}"


CASE_RECORDS = text("""
    SELECT c.reference,
           (SELECT count(*) FROM contact WHERE case_id = c.id) AS contacts,
           (SELECT count(*) FROM deadline WHERE case_id = c.id) AS deadlines,
           (SELECT count(*) FROM message WHERE case_id = c.id) AS messages,
           (SELECT count(*) FROM audit_event
             WHERE case_id = c.id AND action = 'case-received') AS received_events,
           (SELECT count(*) FROM draft WHERE submitted_case_id = c.id) AS drafts,
           (SELECT name FROM contact WHERE case_id = c.id AND role = 'complainant') AS complainant
      FROM "case" c
""")


def case_records(url: str) -> dict[str, dict]:
    """Every case by reference, with how many of each record it has."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(CASE_RECORDS).mappings().all()
    finally:
        engine.dispose()
    records = {}
    for row in rows:
        assert row["reference"] not in records, f"two cases share {row['reference']}"
        records[row["reference"]] = dict(row)
    return records


# What one complete parent's complaint about a child in care (tests.web.journey.ANSWERS)
# is made of: complainant and child; acknowledgement and stage 1 deadlines; the
# acknowledgement email in the outbox; its "case-received" audit event; the draft it came from.
COMPLETE_CASE = {"contacts": 2, "deadlines": 2, "messages": 1, "received_events": 1, "drafts": 1}


def half_written(records: dict[str, dict]) -> dict[str, dict]:
    """Cases missing any of the records a submission writes in its one transaction."""
    return {reference: row for reference, row in records.items()
            if {key: row[key] for key in COMPLETE_CASE} != COMPLETE_CASE}
