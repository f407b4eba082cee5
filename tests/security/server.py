"""The portal as its own process on 127.0.0.1, for what a test client cannot show.

Flask-Limiter's limiter is one object for the whole process, and the suite's app runs with
it off; a server of its own, with its own SQLite instance folder and settings, proves the
limits without touching any other test. Its database is migrated with `flask db upgrade`
(once, then copied), and it is started with `flask run` (tests/local_server.py).
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess  # nosec B404 - starts the portal itself, a fixed command
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.local_server import LocalServer

REPO = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")
#: Settings of the surrounding environment that must not leak into the server.
CLEARED = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_FOLDER", "MAIL_SINK_FOLDER", "MAIL_SERVER", "FLASK_APP",
           "FLASK_DEBUG", "FLASK_RUN_PORT", "RATELIMIT_STORAGE_URI", "RATELIMIT_KEY_PREFIX", "TRUSTED_PROXIES")


def environment(instance: Path, settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("COUNCIL_")}
    env.update({
        "PORTAL_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "a-secret-for-this-server-only",
        "COOKIE_SECURE": "0",
        "RATELIMIT_ENABLED": "1",
        "OUTBOX_SEND_AFTER_REQUEST": "0",
        **settings,
    })
    return env


@contextmanager
def portal_server(instance: Path, **settings: str):
    """Yield the base URL of a migrated portal running with these settings."""
    instance.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_migrated_database(), instance / "portal.db")
    # /accessibility answers 200 once the app is up, whatever the rate limits.
    with LocalServer(lambda port: [FLASK, "--app", "portal", "run", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-reload", "--no-debugger"],
                     environment(instance, settings), log_file=instance / "server.log",
                     name="the portal", ready_path="/accessibility") as server:
        yield server.url


@functools.cache
def _migrated_database() -> Path:
    """A database migrated once (`flask db upgrade`, as `make run` does), copied for each server."""
    folder = Path(tempfile.mkdtemp(prefix="portal-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    migrated = subprocess.run([FLASK, "--app", "portal", "db", "upgrade"], cwd=REPO,  # nosec B603
                              env=environment(folder, {}), capture_output=True, text=True, timeout=180,
                              check=False)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    return folder / "portal.db"


def csrf_token(browser: requests.Session, url: str) -> str:
    page = browser.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)
