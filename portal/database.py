"""Engine set-up that keeps SQLite honest under several workers.

SQLite: WAL so readers never block the writer, a busy timeout so a second writer
waits instead of failing, foreign keys on, and `BEGIN IMMEDIATE` for transactions
that will write (taken up front, so two submissions cannot deadlock upgrading a
read lock). PostgreSQL needs none of this.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event

_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


def configure_engine(engine):
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


@contextmanager
def writing(session):
    """Run a unit of work in one transaction that is committed or rolled back whole.

    On SQLite the transaction starts with BEGIN IMMEDIATE.
    """
    if hasattr(session, "registry"):
        session = session()  # a scoped session: work on this thread's session
    if session.in_transaction():
        # Start afresh so the write lock is taken before anything is read.
        session.rollback()
    token = _write_intent.set(True)
    try:
        with session.begin():
            yield session
    finally:
        _write_intent.reset(token)
