"""Servers and databases for the bench: gunicorn on 127.0.0.1, SQLite and PostgreSQL.

Everything started here is stopped here, by its own process id.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.local_server import REPO_ROOT, LocalServer

GUNICORN_CONFIG = REPO_ROOT / "bench" / "gunicorn.conf.py"

# The bench's own database on the machine's PostgreSQL; never the tests' database `test`.
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "portal_bench"

# What the portal runs with under load: the messages of a submission stay in the outbox
# (no mail is sent in or after the request) and no rate limit applies.
LOAD_SETTINGS = {
    "OUTBOX_SEND_AFTER_REQUEST": "0",
    "RATELIMIT_ENABLED": "0",
    "COOKIE_SECURE": "0",  # plain HTTP on loopback
    "SECRET_KEY": "bench-only-secret",
}
# Settings of the person running the bench that must not reach the servers.
DROPPED_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_FOLDER", "RATELIMIT_STORAGE_URI",
                    "PORTAL_INSTANCE_PATH")


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def portal_environment(database_url: str, instance: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in DROPPED_SETTINGS and not key.startswith("MAIL_")}
    env.update(LOAD_SETTINGS)
    env.update({
        "DATABASE_URL": database_url,
        "PORTAL_INSTANCE_PATH": str(instance),
        "FLASK_SKIP_DOTENV": "1",
    })
    return env


def migrate(env: dict[str, str]) -> None:
    """`flask --app portal db upgrade`, as a deployment would."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "portal", "db", "upgrade"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"migrations failed:\n{done.stdout}{done.stderr}")


def sqlite_url(instance: Path) -> str:
    return f"sqlite:///{instance / 'portal.db'}"


def fresh_postgres_database() -> tuple[str, str]:
    """Drop and create the bench's database; its SQLAlchemy URL and the server's version.

    Raises OSError with the reason when the server cannot be reached. The database is
    left in place afterwards, for a look at the generated cases; the next run drops it.
    """
    import psycopg

    assert POSTGRES_DATABASE != "test", "the tests' database is not the bench's"
    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True,
                             connect_timeout=3) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
            version = connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        raise OSError(str(error).strip().splitlines()[0]) from error
    url = f"{POSTGRES_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{POSTGRES_DATABASE}"
    return url, version.split()[0]


def gunicorn(app: str, env: dict[str, str] | None = None, *, log_file: Path) -> LocalServer:
    """gunicorn serving `app` on 127.0.0.1 with bench/gunicorn.conf.py; a context manager."""
    return LocalServer(lambda port: [
        sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
        "--bind", f"127.0.0.1:{port}", app,
    ], env or dict(os.environ), log_file=log_file, name=f"gunicorn {app}")
