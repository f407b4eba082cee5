"""`make bench`: run every scenario on this machine and print one table of what it measured.

The order of a run:

1. For each database (SQLite in a temporary instance folder, then PostgreSQL in the
   database `portal_bench`, dropped and created afresh): migrate it, start the portal
   and the floor app under the same gunicorn command, warm both up, then
2. for each number of users, run every page scenario that asks for it (the floor and
   the question page side by side, so their ratio comes from neighbouring runs);
3. on the first database, weigh every public page (bench/pageweight.py);
4. stop both servers (gunicorn finishes what is queued) and start the portal again;
5. insert 10,000 generated cases, run the officers' scenarios, top up to 100,000 and run
   them again (bench/generate.py);
6. stop the portal and print the tables.

A scenario is one function, registered in PAGE_SCENARIOS or DATA_SCENARIOS below; one
that raises NotBuiltYet is printed as "not built yet".
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from bench import generate, load, pageweight
from bench.load import Figures
from bench.servers import (
    gunicorn,
    LOAD_SETTINGS,
    POSTGRES_SERVER,
    fresh_postgres_database,
    log,
    migrate,
    portal_environment,
    sqlite_url,
)

USERS = (1, 10, 50)
JOURNEY_USERS = (1, 10, 20, 50)
CASE_COUNTS = (10_000, 100_000)
DATABASES = ("SQLite", "PostgreSQL")
NOT_BUILT = "not built yet"


class NotBuiltYet(Exception):
    pass


def scenario(*rows: str, users=USERS, on="portal", seconds=None):
    """Register what a scenario function measures: its rows, users, server and run time."""
    def register(function):
        function.rows, function.users, function.server = rows, users, on
        function.seconds = seconds or load.SECONDS
        return function
    return register


# --- Pages under load: f(url, users, log_file) -> {row: Figures} ---------------------------

@scenario("floor: bare Flask, one Jinja template, no database", on="floor")
def floor(url, users, log_file):
    figures = load.run(url, "FloorUser", users, log_file)
    return {floor.rows[0]: figures.get("floor", Figures.nothing())}


@scenario("question page: GET /tell-us/kind")
def question_page(url, users, log_file):
    figures = load.run(url, "QuestionPageUser", users, log_file)
    return {question_page.rows[0]: figures.get("question page", Figures.nothing())}


# A whole journey takes 33 requests: at 50 users the first ones end after about 10 s.
@scenario("journey: each of its 33 requests", "journey: whole, start page to confirmation",
          users=JOURNEY_USERS, seconds=2 * load.SECONDS)
def journey(url, users, log_file):
    figures = load.run(url, "JourneyUser", users, log_file, seconds=journey.seconds)
    return dict(zip(journey.rows, (figures.get(label, Figures.nothing())
                                   for label in ("journey request", "whole journey"))))


# Each user first sends feedback (not measured; at 50 users that takes about 12 s), and
# measuring starts once every user has: the run is long enough for both.
@scenario("status page: GET /track/case, each user following their own case", seconds=3 * load.SECONDS)
def status_page(url, users, log_file):
    figures = load.run(url, "StatusPageUser", users, log_file, seconds=status_page.seconds)
    return {status_page.rows[0]: figures.get("status page", Figures.nothing())}


PAGE_SCENARIOS = [floor, question_page, journey, status_page]


# --- Officers' pages over generated cases: f(url, database_url, cases, log_file) -> Figures --

def data_scenario(row: str):
    def register(function):
        function.rows = (row,)
        return function
    return register


@data_scenario("officers' queue: GET /admin/queue, one officer")
def officers_queue(url, database_url, cases, log_file):
    email = f"bench.queue.{cases}@example.gov.uk"
    password, secret = generate.add_officer(database_url, email)
    figures = load.run(url, "OfficersQueueUser", 1, log_file, env={
        "BENCH_OFFICER_EMAIL": email, "BENCH_OFFICER_PASSWORD": password,
        "BENCH_OFFICER_TOTP_SECRET": secret})
    return figures.get("officers' queue", Figures.nothing())


@data_scenario("annual report: GET /admin/reports?year=2025, one manager")
def annual_report(url, database_url, cases, log_file):
    email = f"bench.report.{cases}@example.gov.uk"
    password, secret = generate.add_officer(database_url, email)
    figures = load.run(url, "AnnualReportUser", 1, log_file, seconds=2 * load.SECONDS, env={
        "BENCH_OFFICER_EMAIL": email, "BENCH_OFFICER_PASSWORD": password,
        "BENCH_OFFICER_TOTP_SECRET": secret})
    return figures.get("annual report", Figures.nothing())


DATA_SCENARIOS = [officers_queue, annual_report]


# --- The run ------------------------------------------------------------------------------

class Run:
    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.results: dict[tuple[str, int, str], Figures | str] = {}
        self.inserts: dict[tuple[int, str], float | str] = {}
        self.weights: list[pageweight.PageWeight] = []
        self.compression: dict[str, str] = {}
        self.versions = {"SQLite": sqlite3.sqlite_version}
        self.problems: list[str] = []  # failures: the run exits non-zero
        self.notes: list[str] = []  # said above the tables

    def log_file(self, name: str) -> Path:
        return self.scratch / f"{name}.log"

    def database(self, name: str) -> None:
        instance = self.scratch / f"instance-{name.lower()}"
        instance.mkdir()
        try:
            if name == "SQLite":
                url = sqlite_url(instance)
            else:
                url, self.versions[name] = fresh_postgres_database()
        except OSError as error:
            self.notes.append(f"{name} was not reachable at {POSTGRES_SERVER.split('@')[1]} "
                              f"({error}): its columns say so, and the rest ran.")
            log(self.notes[-1])
            self.mark_all(name, "not reachable")
            return
        env = portal_environment(url, instance)
        log(f"{name}: migrating")
        migrate(env)
        portal_log = self.log_file(f"portal-{name}")
        with gunicorn("bench.floor:app", log_file=self.log_file("floor")) as floor_server, \
                gunicorn("portal:create_app()", env, log_file=portal_log) as portal:
            urls = {"floor": floor_server.url, "portal": portal.url}
            self.warm_up(urls)
            for users in sorted({u for page in PAGE_SCENARIOS for u in page.users}):
                for page in PAGE_SCENARIOS:
                    if users in page.users:
                        self.page(page, urls[page.server], users, name)
            if not self.weights:
                log("weighing the public pages")
                self.weights = pageweight.measure(portal.url)
                stylesheet = next(path for path, kind, *_ in pageweight.assets_and_cache_headers(self.weights)
                                  if kind == "CSS")
                self.compression = pageweight.compression_offered(
                    portal.url, {"pages (HTML)": "/", "static files": stylesheet})
        # Stopped and started again: gunicorn finishes the requests still queued when the
        # load stopped (submissions among them) before the generator counts the cases.
        with gunicorn("portal:create_app()", env, log_file=portal_log) as portal:
            self.generated_cases(portal.url, url, name)

    def generated_cases(self, portal_url: str, url: str, name: str) -> None:
        inserted = 0
        for cases in CASE_COUNTS:
            log(f"{name}: inserting {cases - inserted:,} generated cases")
            try:
                self.inserts[(cases, name)] = generate.generate(url, cases - inserted)
            except Exception as error:  # noqa: BLE001 - reported in the table
                self.inserts[(cases, name)] = self.failed(f"generating on {name}", error)
                break
            inserted = cases
            for officers_page in DATA_SCENARIOS:
                self.data(officers_page, portal_url, url, cases, name)

    def warm_up(self, urls: dict[str, str]) -> None:
        """A few seconds of each kind of load, not measured: templates compiled, pools full."""
        log("warming up")
        load.run(urls["floor"], "FloorUser", 2, self.log_file("warm-up"), seconds=2)
        load.run(urls["portal"], "JourneyUser", 2, self.log_file("warm-up"), seconds=4)

    def page(self, page, url: str, users: int, database: str) -> None:
        log(f"{database}: {page.__name__}, {users} users")
        try:
            figures = page(url, users, self.log_file("locust"))
        except NotBuiltYet:
            figures = dict.fromkeys(page.rows, NOT_BUILT)
        except Exception as error:  # noqa: BLE001 - reported in the table, the run goes on
            figures = dict.fromkeys(page.rows, self.failed(f"{page.__name__} on {database}", error))
        for row, value in figures.items():
            self.results[(row, users, database)] = value

    def data(self, officers_page, url: str, database_url: str, cases: int, database: str) -> None:
        log(f"{database}: {officers_page.__name__}, {cases:,} cases")
        try:
            value = officers_page(url, database_url, cases, self.log_file("locust"))
        except NotBuiltYet:
            value = NOT_BUILT
        except Exception as error:  # noqa: BLE001
            value = self.failed(f"{officers_page.__name__} on {database}", error)
        self.results[(officers_page.rows[0], cases, database)] = value

    def mark_all(self, database: str, message: str) -> None:
        """Fill every cell of a database not measured yet with the reason why."""
        for page in PAGE_SCENARIOS:
            for row in page.rows:
                for users in page.users:
                    self.results.setdefault((row, users, database), message)
        for officers_page in DATA_SCENARIOS:
            for cases in CASE_COUNTS:
                self.results.setdefault((officers_page.rows[0], cases, database), message)
        for cases in CASE_COUNTS:
            self.inserts.setdefault((cases, database), message)

    def failed(self, what: str, error: Exception) -> str:
        message = f"{what} failed: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}"
        log(message)
        self.problems.append(message)
        return "failed (see below)"


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped
    started, load_before = time.monotonic(), os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    run = Run(scratch)
    try:
        for database in DATABASES:
            try:
                run.database(database)
            except Exception as error:  # noqa: BLE001 - say so in the table and carry on
                run.mark_all(database, run.failed(f"{database} run", error))
    finally:
        elapsed = time.monotonic() - started
        print(report(run, elapsed, load_before, os.getloadavg()[0]))
        if run.problems:
            print(f"\nLogs are kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 1 if run.problems else 0


# --- The table ------------------------------------------------------------------------------

def report(run: Run, elapsed: float, load_before: float, load_after: float) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# make bench: {now}, {elapsed / 60:.0f} min {elapsed % 60:.0f} s",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, load average "
        f"{load_before:.1f} before and {load_after:.1f} after (other work on the machine shows here). "
        f"Python {platform.python_version()}, SQLite {run.versions['SQLite']}, PostgreSQL "
        f"{run.versions.get('PostgreSQL', '(not reached)')}.",
        "",
    ]
    lines += [f"**{note}**\n" for note in run.notes]
    lines += _load_table(run) + [""] + _weight_tables(run) + [""] + _data_table(run)
    lines += [""] + _targets(run)
    if run.problems:
        lines += ["", "## Problems", ""] + [f"- {problem}" for problem in run.problems]
    return "\n".join(lines)


def _load_table(run: Run) -> list[str]:
    settings = ", ".join(f"{k}={v}" for k, v in LOAD_SETTINGS.items() if k != "SECRET_KEY")
    lines = [
        "## Pages under load",
        "",
        f"gunicorn {version('gunicorn')} (bench/gunicorn.conf.py: 2 sync workers) on 127.0.0.1, the "
        f"same command for the portal and the floor; locust {version('locust')} headless "
        "(FastHttpUser, no wait between requests) on the same machine. Each run: "
        f"{load.SECONDS} s ({journey.seconds} s for the journey, {status_page.seconds} s for the status "
        f"page) or {load.MAX_REQUESTS:,} requests, measured from the moment every user has started "
        "(for the status page, once every user has sent the feedback it follows). Latency in ms.",
        f"The portal runs with {settings} and no MAIL_SERVER: no mail is sent in or after a "
        "request (messages stay in the outbox) and no rate limit applies.",
        "",
        "| page | users | SQLite req/s | p50 | p95 | failed | PostgreSQL req/s | p50 | p95 | failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    busy = False
    for page in PAGE_SCENARIOS:
        for row in page.rows:
            cells = [run.results.get((row, users, db)) for users in page.users for db in DATABASES]
            if cells and all(cell == NOT_BUILT for cell in cells):
                lines.append(f"| {row} | {', '.join(map(str, page.users))} | {NOT_BUILT} |"
                             + " |" * 7)
                continue
            per_second = "journeys/s" if "whole" in row else "req/s"
            for users in page.users:
                line = f"| {row}" + (f" ({per_second})" if per_second != "req/s" else "")
                line += f" | {users} |"
                for db in DATABASES:
                    value = run.results.get((row, users, db), "")
                    line += _figures_cells(value)
                    busy |= isinstance(value, Figures) and value.generator_busy
                lines.append(line)
        if page is question_page:
            for users in question_page.users:
                line = f"| question page ÷ floor (req/s) | {users} |"
                for db in DATABASES:
                    ratio = _ratio(run, users, db)
                    line += f" {'' if ratio is None else f'{ratio:.0%}'} | | | |"
                lines.append(line)
    lines += ["", "A whole journey is counted when it finishes within its run: where one takes "
              "longer than the run (many users, a busy machine), none is, and where it takes "
              "most of it, only the quicker ones are."]
    if busy:
        lines += ["", "† locust warned that its own process was short of CPU during this run: "
                  "the load generator, not only the server, limited the figure."]
    return lines


def _figures_cells(value) -> str:
    if isinstance(value, Figures) and not value.count and not value.failures:
        return " none finished in the run | | | |"
    if isinstance(value, Figures):
        mark = " †" if value.generator_busy else ""
        return (f" {_rate(value.per_second)}{mark} | {_ms(value.p50_ms)} | {_ms(value.p95_ms)} |"
                f" {value.failures} |")
    return f" {value} | | | |"


def _ratio(run: Run, users: int, db: str) -> float | None:
    page = run.results.get((question_page.rows[0], users, db))
    bare = run.results.get((floor.rows[0], users, db))
    if isinstance(page, Figures) and isinstance(bare, Figures) and bare.per_second:
        return page.per_second / bare.per_second
    return None


def _weight_tables(run: Run) -> list[str]:
    if not run.weights:
        return ["## Page weight", "", "Not measured (the portal did not start)."]
    kinds = [kind for kind in pageweight.KINDS
             if kind != "other" or any(w.first.bytes_by_kind()["other"][0] for w in run.weights)]
    lines = [
        "## Page weight",
        "",
        "KB raw / gzip (level 6, text types only); response bodies, headers not counted. First "
        "load: an empty cache; the page, any redirect to it, and every same-origin asset it or "
        "its CSS references (an upper bound: a browser takes one favicon, iOS alone the "
        "apple-touch-icon). Repeat load: the same browser again, as the cache headers allow.",
        "",
        "| page | requests | " + " | ".join(kinds) + " | first load | ≤ 40 KB gzip | "
        "repeat: requests | repeat: KB |",
        "| --- | ---: | " + " | ".join("---:" for _ in kinds) + " | ---: | --- | --- | ---: |",
    ]
    for weight in run.weights:
        sizes = weight.first.bytes_by_kind()
        repeat = weight.repeat
        lines.append(
            f"| {weight.path} | {weight.first.requests} | "
            + " | ".join(_kb_pair(*sizes[kind]) for kind in kinds)
            + f" | {_kb_pair(weight.first.raw, weight.first.gzip)} | "
            f"{'yes' if weight.first.gzip <= pageweight.FIRST_LOAD_TARGET_GZIP else 'NO'} | "
            f"{repeat.requests} ({repeat.not_modified} answered 304, {repeat.reused} from cache) | "
            f"{_kb_pair(repeat.raw, repeat.gzip)} |")
    lines += ["", "| asset | kind | KB raw / gzip | Cache-Control sent |", "| --- | --- | ---: | --- |"]
    for path, kind, raw, packed, cache_control in pageweight.assets_and_cache_headers(run.weights):
        lines.append(f"| {path} | {kind} | {_kb_pair(raw, packed)} | {cache_control} |")
    cross_resources = sorted({url for w in run.weights for url in w.cross_origin_resources})
    cross_links = sorted({url for w in run.weights for url in w.cross_origin_links})
    lines += [
        "",
        "- Compression: asked with `Accept-Encoding: gzip, br`, the portal answers "
        + " and ".join(f"{label} with Content-Encoding: {encoding}" for label, encoding in run.compression.items())
        + ". Pages are sent uncompressed on purpose (portal/web/assets.py): they carry CSRF tokens "
        "and personal data, and compressing those beside text an attacker can influence invites BREACH.",
        "- Cross-origin resources: " + (", ".join(cross_resources) if cross_resources
                                        else "none; every request is same-origin."),
        "- Cross-origin links (navigation only, nothing loaded): "
        + (", ".join(cross_links) if cross_links else "none."),
    ]
    return lines


def _data_table(run: Run) -> list[str]:
    lines = [
        "## Generated cases and the officers' pages",
        "",
        "Cases inserted by bench/generate.py (SQLAlchemy Core executemany, batches of "
        f"{generate.BATCH:,}, with contacts, deadlines, and for complaints their stages and "
        "points). Officers' pages: p95 in ms, and how it grows from 10,000 to 100,000 cases; "
        f"measured once signed in and each page fetched once, for {load.SECONDS} s ({2 * load.SECONDS} s for the report).",
        "",
        "| | cases | SQLite | PostgreSQL |",
        "| --- | ---: | ---: | ---: |",
    ]
    previous = 0
    for cases in CASE_COUNTS:
        added = f"{cases:,}" if not previous else f"{previous:,} → {cases:,}"
        cells = [run.inserts.get((cases, db), "") for db in DATABASES]
        lines.append(f"| insert generated cases | {added} | "
                     + " | ".join(f"{c:.1f} s" if isinstance(c, float) else str(c) for c in cells)
                     + " |")
        previous = cases
    for officers_page in DATA_SCENARIOS:
        row = officers_page.rows[0]
        for cases in CASE_COUNTS:
            cells = []
            for db in DATABASES:
                value = run.results.get((row, cases, db), "")
                if isinstance(value, Figures):
                    first = run.results.get((row, CASE_COUNTS[0], db))
                    growth = (f" (×{value.p95_ms / first.p95_ms:.1f})"
                              if cases != CASE_COUNTS[0] and isinstance(first, Figures) else "")
                    failed = f", {value.failures} failed" if value.failures else ""
                    value = (f"p95 {_ms(value.p95_ms)}{growth}, p50 {_ms(value.p50_ms)} "
                             f"({value.count} requests{failed})")
                cells.append(str(value))
            lines.append(f"| {row} | {cases:,} | " + " | ".join(cells) + " |")
    return lines


def _targets(run: Run) -> list[str]:
    lines = ["## Targets (where we stand; not asserted by any test)", ""]
    if run.weights:
        heaviest = max(run.weights, key=lambda w: w.first.gzip)
        met = heaviest.first.gzip <= pageweight.FIRST_LOAD_TARGET_GZIP
        html_raw, html_gzip = heaviest.first.bytes_by_kind()["HTML"]
        static_compressed = run.compression.get("static files", "none") != "none"
        # The page's HTML as it is; its assets at their gzip size where the portal compresses them.
        as_sent = heaviest.first.gzip - html_gzip + html_raw if static_compressed else heaviest.first.raw
        lines.append(f"- First load of any public page ≤ 40 KB gzipped: heaviest is {heaviest.path} "
                     f"at {heaviest.first.gzip / 1024:.1f} KB gzipped ({heaviest.first.raw / 1024:.1f} KB "
                     f"raw): {'met' if met else 'NOT met'}. As the portal sends it (static files "
                     f"{'compressed' if static_compressed else 'not compressed'}, the page itself not), "
                     f"about {as_sent / 1024:.1f} KB on the wire.")
    ratios = {db: [_ratio(run, users, db) for users in question_page.users] for db in DATABASES}
    parts = [f"{db} " + " / ".join("–" if r is None else f"{r:.0%}" for r in values)
             for db, values in ratios.items()]
    measured = [r for values in ratios.values() for r in values if r is not None]
    verdict = ("met" if all(r >= 0.7 for r in measured) else "NOT met") if measured else "not measured"
    lines.append(f"- Question page ≥ 70% of the floor (req/s at {', '.join(map(str, question_page.users))} "
                 f"users): {'; '.join(parts)}: {verdict}.")
    at_twenty = []
    for db in DATABASES:
        each = run.results.get((journey.rows[0], 20, db), "not run")
        whole = run.results.get((journey.rows[1], 20, db))
        if isinstance(each, Figures):
            text = f"{db} {_ms(each.p95_ms)} ms per request ({'met' if each.p95_ms <= 150 else 'NOT met'})"
            if isinstance(whole, Figures) and whole.count:
                text += f", {_ms(whole.p95_ms)} ms per whole journey"
            at_twenty.append(text)
        else:
            at_twenty.append(f"{db}: {each}")
    lines.append("- Journey p95 ≤ 150 ms at 20 users: " + "; ".join(at_twenty) + ".")
    for officers_page, name, limit in ((officers_queue, "Officers' queue", 200),
                                       (annual_report, "Annual report", 1000)):
        cells = []
        for db in DATABASES:
            value = run.results.get((officers_page.rows[0], CASE_COUNTS[-1], db), "not run")
            cells.append(f"{db} {_ms(value.p95_ms)} ms ({'met' if value.p95_ms <= limit else 'NOT met'})"
                         if isinstance(value, Figures) else f"{db}: {value}")
        lines.append(f"- {name} p95 ≤ {limit:,} ms at {CASE_COUNTS[-1]:,} cases: "
                     + "; ".join(cells) + ".")
    return lines


def _rate(value: float) -> str:
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def _ms(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def _kb_pair(raw: int, packed: int) -> str:
    if not raw:
        return "0"
    return f"{raw / 1024:.1f} / {packed / 1024:.1f}"
