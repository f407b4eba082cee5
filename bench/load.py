"""Running locust headless against a server, and what one run measured."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.servers import REPO_ROOT

LOCUSTFILE = REPO_ROOT / "bench" / "locustfile.py"

# Each run is bounded by time and by count, whichever comes first.
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))


@dataclass(frozen=True)
class Figures:
    """What one run measured for one label."""

    count: int  # answered as expected
    failures: int
    per_second: float
    p50_ms: float
    p95_ms: float
    generator_busy: bool = False  # locust itself said it was short of CPU
    errors: tuple = ()

    @classmethod
    def nothing(cls) -> Figures:
        """For a label with no sample in a run (say, no journey finished in time)."""
        return cls(0, 0, 0.0, math.nan, math.nan)

    @classmethod
    def from_samples(cls, samples, failures, seconds, **extra) -> Figures:
        ordered = sorted(samples)
        return cls(len(ordered), failures, len(ordered) / seconds if seconds else 0.0,
                   percentile(ordered, 50), percentile(ordered, 95), **extra)


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted samples (nan if there are none)."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run(url: str, user_class: str, users: int, log_file: Path, seconds: int = SECONDS,
        env: dict[str, str] | None = None) -> dict[str, Figures]:
    """Run `user_class` of bench/locustfile.py with `users` users; figures by label.

    `env` adds to the environment the locustfile reads (say, an officer to sign in as).
    """
    with tempfile.TemporaryDirectory(prefix="bench-locust-") as scratch:
        result_file = Path(scratch) / "result.json"
        env = {**os.environ, **(env or {}), "BENCH_RESULT_FILE": str(result_file),
               "BENCH_MAX_REQUESTS": str(MAX_REQUESTS)}
        command = [sys.executable, "-m", "locust", "--locustfile", str(LOCUSTFILE),
                   "--headless", "--only-summary", "--loglevel", "WARNING",
                   "--host", url, "--users", str(users), "--spawn-rate", str(users),
                   "--run-time", f"{seconds}s", "--exit-code-on-error", "0", user_class]
        with open(log_file, "a") as output:
            output.write(f"\n=== {user_class}, {users} users ===\n")
            output.flush()
            done = subprocess.run(command, cwd=REPO_ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, timeout=seconds + 120)
        if done.returncode != 0 or not result_file.exists():
            raise RuntimeError(f"locust {user_class} with {users} users failed: see {log_file}")
        result = json.loads(result_file.read_text())
    busy = "CPU usage above" in log_file.read_text().rsplit("=== ", 1)[-1]
    errors = tuple(f"{message} (x{count})" for message, count in result["errors"])
    labels = set(result["samples"]) | set(result["failures"])
    return {
        label: Figures.from_samples(result["samples"].get(label, []),
                                    result["failures"].get(label, 0), result["seconds"],
                                    generator_busy=busy, errors=errors)
        for label in labels
    }
