"""Generated cases, in bulk, for the officers' queue and annual report benchmarks.

    .venv/bin/python -m bench.generate DATABASE_URL 100000

Adds N cases to a migrated database, each with its complainant (and the child, where the
journey would ask), the deadlines the rules give it, and for complaints the stages they
reached with the points of complaint and their findings (the annual report reads them),
through SQLAlchemy Core executemany inserts in batches. The values come from portal.rules.vocabulary and the
routing and deadlines from portal.rules, so the data has the shape real data would:
received over the last two years, most older cases closed, a few at stage 2 or 3. On
PostgreSQL it then runs VACUUM ANALYZE, as autovacuum would soon after a bulk load.
Never use it on a database that holds real cases.
"""

from __future__ import annotations

import random
import secrets
import sys
import time
from datetime import date, datetime, time as clock, timedelta, timezone
from functools import lru_cache

import pyotp
from sqlalchemy import create_engine, func, insert, select, text
from werkzeug.security import generate_password_hash

from portal import rules
from portal.casework import REFERENCE_ALPHABET, opening_deadlines
from portal.handling import CLOSED_STATUSES, OPEN_STATUSES
from portal.journey.flow import NEEDS_RESPONSE, PARENT_ROLES
from portal.models import Case, Contact, Deadline, Officer, Point, Stage
from portal.rules.vocabulary import ABOUT, COMPLAINT_PROCEDURES, FINDINGS, ROLES, SERVICES

BATCH = 5_000
DAYS_OF_HISTORY = 730

KIND_WEIGHTS = {"complaint": 60, "compliment": 15, "comment": 10, "service-request": 15}
OPEN_WEIGHTS = {"received": 35, "in-progress": 45, "responded": 10, "suspended": 5,
                "stage-request-pending": 5}
CLOSED_WEIGHTS = {"closed": 90, "withdrawn": 7, "not-accepted": 3}
FINDING_WEIGHTS = {"upheld": 25, "partially-upheld": 25, "not-upheld": 40, "withdrawn": 5, "no-finding": 5}
assert set(FINDING_WEIGHTS) == set(FINDINGS)
# The officers' area's own statuses: fail here, not in the queue, if they change.
assert set(OPEN_WEIGHTS) <= set(OPEN_STATUSES) and set(CLOSED_WEIGHTS) <= set(CLOSED_STATUSES)
TEAMS = ["Complaints team", "Children in care", "Leaving care", "Fostering and adoption",
         "Early help", None]
FIRST_NAMES = ["Sam", "Alex", "Jo", "Priya", "Mohammed", "Olivia", "Kacper", "Amira", "Ewan",
               "Grace", "Tomasz", "Aisha", "Callum", "Maria", "Yusuf", "Ruby"]
LAST_NAMES = ["Jones", "Smith", "Khan", "Williams", "Nowak", "Ahmed", "Taylor", "Brown",
              "Evans", "Popescu", "Patel", "Hughes", "Kowalski", "Davies"]
SENTENCES = [
    "Family time was cancelled three times without telling us why.",
    "Nobody has returned my calls since the social worker changed.",
    "The care plan review was moved twice and I was not invited.",
    "My placement moved and my school transport stopped the same week.",
    "The pathway plan still has not been written and I turn 18 next month.",
    "Letters were sent to my old address after I told you I had moved.",
    "The assessment said things about our family that are not true.",
    "We were promised respite care over the summer and it never happened.",
    "The personal adviser was kind and helped me find a flat.",
    "I want someone to explain the decision about contact with my brother.",
]


def generate(database_url: str, count: int, *, seed: int = 1) -> float:
    """Insert `count` generated cases; the seconds it took."""
    engine = create_engine(database_url)
    cases = Case.__table__
    children = (Contact.__table__, Deadline.__table__, Stage.__table__, Point.__table__)
    started = time.perf_counter()
    with engine.connect() as connection:
        next_id = {table: (connection.scalar(select(func.max(table.c.id))) or 0) + 1
                   for table in (cases, *children)}
        references = set(connection.scalars(select(cases.c.reference)))
    maker = _CaseMaker(random.Random(seed * 1_000_003 + next_id[cases]), references)
    for start in range(0, count, BATCH):
        rows = {table: [] for table in (cases, *children)}
        for _ in range(min(BATCH, count - start)):
            case, *records_of = maker.case(next_id[cases])
            rows[cases].append(case)
            for table, records in zip(children, records_of):
                for record in records:
                    record["id"], record["case_id"] = next_id[table], case["id"]
                    next_id[table] += 1
                    rows[table].append(record)
            next_id[cases] += 1
        with engine.begin() as connection:
            for table, records in rows.items():
                if records:
                    connection.execute(insert(table), records)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in (cases, *children):
                # Rows were inserted with their ids: move each sequence past them.
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f"(SELECT max(id) FROM \"{table.name}\"))"))
        # What autovacuum does soon after a bulk load: statistics (without them the planner
        # guesses, and the queue takes four times as long) and the visibility map (without
        # it the report's covering indexes still visit the table). VACUUM needs autocommit.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


class _CaseMaker:
    def __init__(self, rng: random.Random, references: set[str]):
        self.rng = rng
        self.references = references
        self.today = date.today()

    def _weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def case(self, case_id: int) -> tuple[dict, list[dict], list[dict], list[dict], list[dict]]:
        rng = self.rng
        kind = self._weighted(KIND_WEIGHTS)
        role = rng.choice(list(ROLES))
        service = rng.choice(list(SERVICES))
        about = rng.choice(list(ABOUT)) if kind == "complaint" and role in PARENT_ROLES else None
        submitted_at = self._submitted_at()
        received = rules.received_on(submitted_at)
        events_date = received - timedelta(days=int(rng.expovariate(1 / 90)))
        unsafe_now = rng.random() < 0.01
        legal = kind == "complaint" and rng.random() < 0.05
        wants_advocate = kind == "complaint" and rng.random() < 0.2
        consent = rng.choice(["yes", "no", "not-sure"]) if role == "advocate" else None
        decision = rules.route(kind=kind, complainant=role, service=service, about=about,
                               received=received, events_date=events_date,
                               legal_proceedings=legal, unsafe_now=unsafe_now, consent=consent,
                               wants_advocate=wants_advocate)
        age = (self.today - received).days
        closed = age > 20 + rng.expovariate(1 / 40)
        stage = 1
        if decision.procedure in COMPLAINT_PROCEDURES:
            stage = rng.choices([1, 2, 3], weights=[85, 12, 3 if decision.procedure == "statutory" else 0])[0]
        case = {
            "id": case_id,
            "reference": self._reference(),
            "kind": kind,
            "procedure": decision.procedure,
            "flags": sorted(decision.flags),
            "reasons": list(decision.reasons),
            "needs_review": decision.needs_review,
            "stage": stage,
            "status": self._weighted(CLOSED_WEIGHTS if closed else OPEN_WEIGHTS),
            "team": rng.choice(TEAMS),
            "channel": rng.choices(["web", "email", "phone", "letter"], weights=[70, 15, 10, 5])[0],
            "submitted_at": submitted_at,
            "received_on": received,
            "complainant_role": role,
            "about": about,
            "service": service,
            "description": " ".join(rng.sample(SENTENCES, rng.randint(1, 4))),
            "events_date": events_date,
            "desired_outcome": "An apology and a plan." if kind in NEEDS_RESPONSE else None,
            "praise_for": "The leaving care team listened." if kind == "compliment" else None,
            "legal_proceedings": legal,
            "unsafe_now": unsafe_now,
            "wants_advocate": wants_advocate,
            "child_consent": consent,
            "language": rng.choices(["en", "cy", "pl", "ur", "ar"], weights=[90, 3, 3, 2, 2])[0],
            "easy_read": rng.random() < 0.05,
            "adjustments": [],
            "adjustments_detail": None,
        }
        case["closed_on"] = received + timedelta(days=rng.randint(5, 60)) if closed else None
        people = [{
            "role": "complainant", "name": self._name(), "email": f"person{case_id}@example.com",
            "phone": None, "address": None, "date_of_birth": None, "preferred_method": "email",
        }]
        if kind in NEEDS_RESPONSE and role not in ("child", "care-leaver"):
            people.append({
                "role": "child", "name": self._name(), "email": None, "phone": None,
                "address": None, "preferred_method": None,
                "date_of_birth": received - timedelta(days=rng.randint(365, 17 * 365)),
            })
        clocks = []
        for step, due in _opening_deadlines(decision.procedure, kind, received).items():
            met = None
            if closed or (step == "acknowledgement" and age > 3):
                met = due - timedelta(days=rng.randint(-3, 5))  # about one in three late
            clocks.append({"step": step, "started_on": received, "due_on": due, "met_on": met,
                           "extended": False})
        stages, points = [], []
        if decision.procedure in COMPLAINT_PROCEDURES:
            stages, points = self._stages(case, clocks, closed)
        return case, people, clocks, stages, points

    def _stages(self, case: dict, clocks: list[dict], closed: bool) -> tuple[list[dict], list[dict]]:
        """The stages a complaint reached, as handling would record them: each answered
        about its time limit, with one to three points of complaint and their findings;
        stage 2 asked for within its window, stage 3 (statutory) after adjudication."""
        rng, procedure, received = self.rng, case["procedure"], case["received_on"]
        stage1 = next(clock for clock in clocks if clock["step"] == "stage1")
        answered = closed or case["stage"] > 1 or case["status"] == "responded"
        responded = self._answered(stage1["due_on"]) if answered and case["status"] != "withdrawn" else None
        stage1["met_on"] = responded
        stages = [{"number": 1, "requested_on": received, "responded_on": responded, "panel_on": None,
                   "panel_members": []}]
        points = self._points(1, responded)
        last = responded
        for number in (2, 3):
            if case["stage"] < number or last is None:
                break
            requested = last + timedelta(days=rng.randint(1, 25))
            if requested > self.today:
                break
            if procedure == "corporate":
                ack = rules.deadline(procedure, "stage2-acknowledgement", requested)
                clocks.append(self._clock("stage2-acknowledgement", requested, ack, ack - timedelta(days=rng.randint(0, 2))))
                due, starts = rules.deadline(procedure, "stage2", ack), ack
            elif number == 2:  # the statutory clock starts when the statement is agreed
                starts = requested + timedelta(days=rng.randint(5, 15))
                due = rules.deadline(procedure, "stage2", starts)
            else:
                starts, due = requested, rules.deadline(procedure, "stage3-panel", requested)
            finished = closed or case["stage"] > number
            answer = self._answered(due) if finished else None
            clocks.append(self._clock(f"stage{number}" if number == 2 else "stage3-panel", starts, due, answer))
            stages.append({"number": number, "requested_on": requested, "responded_on": answer,
                           "panel_on": answer if number == 3 else None, "panel_members": []})
            points += self._points(number, answer)
            last = answer
        case["stage"] = stages[-1]["number"]
        if closed and last is not None:
            case["closed_on"] = min(self.today, max(case["closed_on"], last + timedelta(days=rng.randint(1, 10))))
        return stages, points

    def _answered(self, due: date) -> date | None:
        answered = due - timedelta(days=self.rng.randint(-5, 6))  # about two in five late
        return answered if answered <= self.today else None

    @staticmethod
    def _clock(step: str, started: date, due: date, met: date | None) -> dict:
        return {"step": step, "started_on": started, "due_on": due, "met_on": met, "extended": False}

    def _points(self, stage: int, responded: date | None) -> list[dict]:
        return [{"stage": stage, "summary": self.rng.choice(SENTENCES),
                 "finding": self._weighted(FINDING_WEIGHTS) if responded else None}
                for _ in range(self.rng.randint(1, 3))]

    def _submitted_at(self) -> datetime:
        day = self.today - timedelta(days=self.rng.randint(0, DAYS_OF_HISTORY))
        moment = datetime.combine(day, clock(7)) + timedelta(minutes=self.rng.randint(0, 14 * 60))
        return moment.replace(tzinfo=timezone.utc)

    def _reference(self) -> str:
        while True:
            chars = "".join(self.rng.choices(REFERENCE_ALPHABET, k=8))
            reference = f"{chars[:4]}-{chars[4:]}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def add_officer(database_url: str, email: str, *, role: str = "manager") -> tuple[str, str]:
    """An officer who can sign in at once, second factor set up; (password, TOTP secret)."""
    password, secret = secrets.token_urlsafe(18), pyotp.random_base32()
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(insert(Officer.__table__).values(
            email=email, name="Bench Officer", role=role,
            password_hash=generate_password_hash(password, method="scrypt"),
            totp_secret=secret, totp_confirmed_at=datetime.now(timezone.utc)))
    engine.dispose()
    return password, secret


@lru_cache(maxsize=None)
def _opening_deadlines(procedure: str, kind: str, received: date) -> dict[str, date]:
    return opening_deadlines(procedure, kind, received)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    url, count = argv[0], int(argv[1])
    seconds = generate(url, count)
    print(f"inserted {count:,} cases with their contacts, deadlines, stages and points in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
