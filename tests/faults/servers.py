"""The portal served as in production: gunicorn on 127.0.0.1, several workers, threads."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.local_server import LocalServer

# Settings the person running the tests may have that must not reach the server.
DROPPED = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_FOLDER", "RATELIMIT_STORAGE_URI",
           "PORTAL_INSTANCE_PATH", "MAIL_SERVER")


class Gunicorn(LocalServer):
    """`gunicorn 'portal:create_app()'` with `workers` processes of `threads` threads each."""

    def __init__(self, database_url: str, instance: Path, *, workers: int = 2, threads: int = 8,
                 settings: dict[str, str] | None = None):
        env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env.update({
            "DATABASE_URL": database_url,
            "PORTAL_INSTANCE_PATH": str(instance),
            "SECRET_KEY": "faults-only-secret",
            "COOKIE_SECURE": "0",  # plain HTTP on loopback
            "RATELIMIT_ENABLED": "0",  # every person here comes from 127.0.0.1
            "FLASK_SKIP_DOTENV": "1",
            **(settings or {}),
        })
        super().__init__(lambda port: [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
            "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
            "portal:create_app()",
        ], env, log_file=instance / "gunicorn.log", name="gunicorn", wait_seconds=30)
        self.instance = instance
