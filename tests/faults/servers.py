"""The portal served as in production: gunicorn on 127.0.0.1, several workers, threads.

Started as a child process and stopped by its own process id, never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]

# Settings the person running the tests may have that must not reach the server.
DROPPED = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_FOLDER", "RATELIMIT_STORAGE_URI",
           "PORTAL_INSTANCE_PATH", "MAIL_SERVER")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`gunicorn 'portal:create_app()'` with `workers` processes of `threads` threads each."""

    def __init__(self, database_url: str, instance: Path, *, workers: int = 2, threads: int = 8,
                 settings: dict[str, str] | None = None):
        self.instance = instance
        self.log_file = instance / "gunicorn.log"
        self.workers = workers
        self.threads = threads
        self.env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        self.env.update({
            "DATABASE_URL": database_url,
            "PORTAL_INSTANCE_PATH": str(instance),
            "SECRET_KEY": "faults-only-secret",
            "COOKIE_SECURE": "0",  # plain HTTP on loopback
            "RATELIMIT_ENABLED": "0",  # every person here comes from 127.0.0.1
            "FLASK_SKIP_DOTENV": "1",
            **(settings or {}),
        })
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> Gunicorn:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(self.workers), "--worker-class", "gthread",
                   "--threads", str(self.threads), "--timeout", "60", "--graceful-timeout", "5",
                   "--log-level", "warning", "portal:create_app()"]
        with open(self.log_file, "ab") as output:
            self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=self.env,
                                            stdout=output, stderr=subprocess.STDOUT)
        try:
            self._wait_until_it_answers()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def _wait_until_it_answers(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM to our gunicorn master (it stops its workers); SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
