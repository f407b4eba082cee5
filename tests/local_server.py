"""A server process of our own on 127.0.0.1, for the tests and the bench.

Started as a child process on a free loopback port, waited for until it answers, and
stopped by its own process id (SIGTERM, then SIGKILL if it lingers), never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess  # nosec B404 - starts our own server, a fixed command
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalServer:
    """`command(port)` serving on 127.0.0.1:port with `env`; a context manager with `url`."""

    def __init__(self, command: Callable[[int], list[str]], env: dict[str, str], *, log_file: Path,
                 name: str = "server", ready_path: str = "/", wait_seconds: float = 60):
        self.command = command
        self.env = env
        self.log_file = log_file
        self.name = name
        self.ready_path = ready_path
        self.wait_seconds = wait_seconds
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        with open(self.log_file, "ab") as output:
            self.process = subprocess.Popen(self.command(port), cwd=REPO_ROOT, env=self.env,  # nosec B603
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

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log_file}\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as response:  # nosec B310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {self.wait_seconds:.0f} s:\n"
                           f"{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
