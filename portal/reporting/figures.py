"""The annual report's figures (domain.md 8), each counted by one or two SQL aggregations.

Every function takes the session, the period and the complaint procedures to include, and
returns a ``Tally``: ``{(row, procedure): value}``. The report adds procedures together for
"both procedures", so each figure is counted once per period whatever is shown.

Conventions, the same in every figure (and said on the report's page):

- **Received in the period.** A complaint counts at stage 1 in the period it was received
  (``Case.received_on``), at stage 2 or 3 in the period that stage was asked for
  (``Stage.requested_on``). Compliments, comments and service requests count when received.
- **As at the period's end.** What happened later is not counted: a complaint not answered
  by the last day is shown as *open*, never left out, so the report on a past year is the
  same whenever it is run.
- **Working days** come from ``portal.rules`` (reg. 2: weekends, Christmas Day, Boxing
  Day, Good Friday, bank holidays and the council's closure days are not working days),
  counted in SQL through the calendar of ``portal.reporting.calendar``: the days after the
  start, up to and including the answer.
- **Several services.** A complaint about several services (``Case.service`` and its
  ``CaseService`` rows) counts against each, so those tables add up to more than the
  number of complaints.
- **Outcome of a complaint at a stage** comes from the findings on that stage's points:
  *withdrawn* if every point was withdrawn; *upheld* if every other point was upheld;
  *partially upheld* if at least one was upheld or partially upheld; *not upheld* if none
  was and at least one was not upheld; otherwise *no finding*.

A row key of ``base`` is the number a table's percentages are of; ``base:<row>`` is a
row's own base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, literal_column, or_, select, union, union_all

from portal.models import Case, CaseService, Deadline, Learning, Point, Remedy, Stage
from portal.reporting.calendar import calendar
from portal.reporting.periods import Period
from portal.rules.vocabulary import COMPLAINT_PROCEDURES, KINDS

OTHER_KINDS = tuple(kind for kind in KINDS if kind != "complaint")

C = Case.__table__
S = Stage.__table__
D = Deadline.__table__
P = Point.__table__
R = Remedy.__table__
L = Learning.__table__
CS = CaseService.__table__

#: The procedure key of figures that belong to no complaint procedure (compliments…).
ANY = "*"

CHILDREN = ("child", "care-leaver")
UPHELD_AT_LEAST_PARTLY = ("upheld", "partially-upheld")
OUTCOMES = ("upheld", "partially-upheld", "not-upheld", "no-finding", "withdrawn", "not-accepted", "open")
STAGE1_BANDS = ("within-10", "11-to-20", "over-20", "closed-unanswered", "open")
TIME_LIMIT_STEPS = {
    1: ("acknowledgement", "stage1"),
    2: ("stage2-acknowledgement", "stage2"),
    3: ("stage3-panel", "stage3-response"),
}
TIME_LIMIT_STATES = ("in-time", "late", "open")


@dataclass(frozen=True)
class Mean:
    """An average kept as its total and count, so averages can be added across procedures."""

    total: int = 0
    n: int = 0

    def __add__(self, other: Mean) -> Mean:
        return Mean(self.total + other.total, self.n + other.n)

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n else None


@dataclass(frozen=True)
class Money:
    pence: int = 0

    def __add__(self, other: Money) -> Money:
        return Money(self.pence + other.pence)


Tally = dict[tuple[str, str], "int | Mean | Money"]


# Building blocks ---------------------------------------------------------------------------

def _key(text: str):
    """A constant row key written into the SQL (never user input): no bound parameter, so
    PostgreSQL can group by it."""
    return literal_column(f"'{text}'")


def _count_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _by(session, rows) -> Tally:
    """Count a subquery's rows by its ``row`` and ``procedure`` columns."""
    stmt = select(rows.c.row, rows.c.procedure, func.count()).group_by(rows.c.row, rows.c.procedure)
    return {(row if row is not None else "", procedure): n for row, procedure, n in session.execute(stmt)}


def _of(procedures: Sequence[str]):
    """Complaints of these procedures. Every complaint follows one of the two, so for both
    there is no condition at all, and the database picks the date's index, not this one."""
    if set(COMPLAINT_PROCEDURES) <= set(procedures):
        return and_(C.c.kind == "complaint")
    return and_(C.c.kind == "complaint", C.c.procedure.in_(procedures))


def _complaints(period: Period, procedures: Sequence[str]):
    """Complaints received in the period: the stage 1 cohort."""
    return and_(C.c.received_on.between(period.start, period.end), _of(procedures))


def _requested(stage, period: Period, procedures: Sequence[str]):
    """Stage 2 or 3 asked for in the period."""
    return and_(stage.c.requested_on.between(period.start, period.end), _of(procedures))


def _by_end(column, period: Period):
    return and_(column.is_not(None), column <= period.end)


def _closed_without_answer(period: Period):
    return and_(C.c.status.in_(("withdrawn", "not-accepted")), _by_end(C.c.closed_on, period))


def _findings(stage_number: int, cases):
    """Per case of ``cases`` (a select of case ids): how many points a stage has, and how
    many of each finding. Only those cases': otherwise every year's points are counted."""
    return (select(P.c.case_id,
                   func.count().label("points"),
                   _count_when(P.c.finding == "upheld").label("upheld"),
                   _count_when(P.c.finding.in_(UPHELD_AT_LEAST_PARTLY)).label("some"),
                   _count_when(P.c.finding == "not-upheld").label("not_upheld"),
                   _count_when(P.c.finding == "withdrawn").label("withdrawn"))
            .where(P.c.stage == stage_number, P.c.case_id.in_(cases))
            .group_by(P.c.case_id).subquery(f"findings{stage_number}"))


def _outcome(findings, responded_on, period: Period):
    """The outcome of a complaint at a stage, as at the period's end (see the module doc)."""
    answered = _by_end(responded_on, period)
    return case(
        (and_(answered, findings.c.points > 0, findings.c.withdrawn == findings.c.points), _key("withdrawn")),
        (and_(answered, findings.c.points > 0,
              findings.c.upheld == findings.c.points - findings.c.withdrawn), _key("upheld")),
        (and_(answered, findings.c.some > 0), _key("partially-upheld")),
        (and_(answered, findings.c.not_upheld > 0), _key("not-upheld")),
        (answered, _key("no-finding")),
        (and_(C.c.status == "withdrawn", _by_end(C.c.closed_on, period)), _key("withdrawn")),
        (and_(C.c.status == "not-accepted", _by_end(C.c.closed_on, period)), _key("not-accepted")),
        else_=_key("open"),
    )


def _stage_outcomes(stage_number: int, period: Period, procedures: Sequence[str]):
    """One row per complaint received at the stage in the period: (case_id, procedure, row)."""
    stage = S.alias("s")
    if stage_number == 1:
        where = _complaints(period, procedures)
        findings = _findings(1, select(C.c.id).where(where))
        source = (C.outerjoin(stage, and_(stage.c.case_id == C.c.id, stage.c.number == 1))
                  .outerjoin(findings, findings.c.case_id == C.c.id))
    else:
        where = and_(stage.c.number == stage_number, _requested(stage, period, procedures))
        asked = S.alias("asked")
        findings = _findings(stage_number, select(asked.c.case_id).select_from(asked.join(C, C.c.id == asked.c.case_id))
                             .where(asked.c.number == stage_number, _requested(asked, period, procedures)))
        source = (stage.join(C, C.c.id == stage.c.case_id)
                  .outerjoin(findings, findings.c.case_id == C.c.id))
    return (select(C.c.id.label("case_id"), C.c.procedure.label("procedure"),
                   _outcome(findings, stage.c.responded_on, period).label("row"))
            .select_from(source).where(where).subquery(f"outcomes{stage_number}"))


def _services(where):
    """(case_id, service, procedure) for each service of each case matching ``where``: its
    own service and any further ones, each once."""
    own = select(C.c.id.label("case_id"), C.c.service.label("service"), C.c.procedure.label("procedure")).where(where)
    further = (select(C.c.id, CS.c.service, C.c.procedure)
               .select_from(CS.join(C, C.c.id == CS.c.case_id)).where(where))
    return union(own, further).subquery("services")


def _with_base(tally: Tally, base: Tally) -> Tally:
    return {**tally, **{("base", procedure): n for (_row, procedure), n in base.items()}}


def _with_total(tally: Tally) -> Tally:
    """Add each procedure's total as the base: for a table whose rows divide its cases."""
    totals: Tally = {}
    for (_row, procedure), n in tally.items():
        totals[("base", procedure)] = totals.get(("base", procedure), 0) + n
    return {**tally, **totals}


def _received(session, period: Period, procedures: Sequence[str]) -> Tally:
    rows = select(_key("base").label("row"), C.c.procedure.label("procedure")).where(
        _complaints(period, procedures)).subquery()
    return _by(session, rows)


def _calendar_pair():
    """Two copies of the calendar, to join on a start and an end date, and the working days
    after the start up to and including the end: ``portal.rules.working_days_between``."""
    first, last = calendar.alias(), calendar.alias()
    return first, last, last.c.n - first.c.n


# Received ------------------------------------------------------------------------------------

def received_by_stage(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints received at each stage (domain.md 8): stage 1 by date received, stages 2
    and 3 by the date the person asked for them."""
    first = select(_key("stage-1").label("row"), C.c.procedure.label("procedure")).where(
        _complaints(period, procedures))
    stage = S.alias("s")
    later = (select(case((stage.c.number == 2, _key("stage-2")), else_=_key("stage-3")).label("row"),
                    C.c.procedure.label("procedure"))
             .select_from(stage.join(C, C.c.id == stage.c.case_id))
             .where(stage.c.number.in_((2, 3)), _requested(stage, period, procedures)))
    return _by(session, union_all(first, later).subquery())


def other_feedback(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Compliments, comments and service requests received: they follow no complaint
    procedure, so they are counted whichever procedure is shown."""
    rows = (select(C.c.kind.label("row"), _key(ANY).label("procedure"))
            # The other kinds named, not "not a complaint": then the report's index answers it.
            .where(C.c.kind.in_(OTHER_KINDS), C.c.received_on.between(period.start, period.end)).subquery())
    return _by(session, rows)


def compliments_by_service(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Compliments received, by the service they praise (each service counted)."""
    services = _services(and_(C.c.kind == "compliment", C.c.received_on.between(period.start, period.end)))
    rows = select(services.c.service.label("row"), _key(ANY).label("procedure")).subquery()
    return _by(session, rows)


# Who, how and about what ---------------------------------------------------------------------

def by_role(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints received at stage 1, by who made them (``Case.complainant_role``)."""
    rows = select(C.c.complainant_role.label("row"), C.c.procedure.label("procedure")).where(
        _complaints(period, procedures)).subquery()
    return _with_total(_by(session, rows))


def by_channel(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints received at stage 1, by how they reached the council (``Case.channel``)."""
    rows = select(C.c.channel.label("row"), C.c.procedure.label("procedure")).where(
        _complaints(period, procedures)).subquery()
    return _with_total(_by(session, rows))


def children_and_advocates(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints from children and young people themselves (``child``, ``care-leaver``),
    those made by an advocate for a child, and those with an advocate (made by one, or the
    person asked for one)."""
    stmt = (select(C.c.procedure,
                   _count_when(C.c.complainant_role.in_(CHILDREN)),
                   _count_when(C.c.complainant_role == "advocate"),
                   _count_when(or_(C.c.complainant_role == "advocate", C.c.wants_advocate.is_(True))),
                   func.count())
            .where(_complaints(period, procedures)).group_by(C.c.procedure))
    tally: Tally = {}
    for procedure, children, by_advocates, with_advocate, base in session.execute(stmt):
        tally.update({("from-children", procedure): children, ("by-advocates", procedure): by_advocates,
                      ("with-advocate", procedure): with_advocate, ("base", procedure): base})
    return tally


def by_service(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints received at stage 1, counted against each service they are about."""
    services = _services(_complaints(period, procedures))
    rows = select(services.c.service.label("row"), services.c.procedure.label("procedure")).subquery()
    return _with_base(_by(session, rows), _received(session, period, procedures))


def by_team(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints received at stage 1, by the team given them (``Case.team``; '' if none)."""
    rows = select(func.coalesce(C.c.team, "").label("row"), C.c.procedure.label("procedure")).where(
        _complaints(period, procedures)).subquery()
    return _with_total(_by(session, rows))


# Outcomes ------------------------------------------------------------------------------------

def _outcomes(stage_number):
    def outcomes(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
        return _with_total(_by(session, _stage_outcomes(stage_number, period, procedures)))

    outcomes.__name__ = f"outcomes_stage{stage_number}"
    outcomes.__doc__ = (f"The outcome at stage {stage_number} of each complaint received at that "
                        "stage in the period, as at its end (open if not answered by then).")
    return outcomes


outcomes_stage1 = _outcomes(1)
outcomes_stage2 = _outcomes(2)
outcomes_stage3 = _outcomes(3)


def upheld_by_service(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """For each service: complaints about it upheld or partially upheld at stage 1, of the
    complaints about it received in the period (the row's own base)."""
    outcomes = _stage_outcomes(1, period, procedures)
    services = _services(_complaints(period, procedures))
    stmt = (select(services.c.service, services.c.procedure,
                   _count_when(outcomes.c.row.in_(UPHELD_AT_LEAST_PARTLY)), func.count())
            .select_from(services.join(outcomes, outcomes.c.case_id == services.c.case_id))
            .group_by(services.c.service, services.c.procedure))
    tally: Tally = {}
    for service, procedure, upheld, base in session.execute(stmt):
        tally[(service, procedure)] = upheld
        tally[(f"base:{service}", procedure)] = base
    return tally


# Timeliness ----------------------------------------------------------------------------------

def stage1_response_times(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Stage 1 complaints received in the period, by the working days from receipt to the
    stage 1 response: within 10, 11 to 20, over 20 (domain.md 8); closed without an answer
    (withdrawn or not accepted); open at the period's end. With the average."""
    stage = S.alias("s")
    first, last, days = _calendar_pair()
    answered = _by_end(stage.c.responded_on, period)
    band = case(
        (and_(answered, days <= 10), _key("within-10")),
        (and_(answered, days <= 20), _key("11-to-20")),
        (answered, _key("over-20")),
        (_closed_without_answer(period), _key("closed-unanswered")),
        else_=_key("open"),
    )
    rows = (select(band.label("row"), C.c.procedure.label("procedure"),
                   case((answered, days), else_=None).label("days"))
            .select_from(C.outerjoin(stage, and_(stage.c.case_id == C.c.id, stage.c.number == 1))
                         .outerjoin(first, first.c.day == C.c.received_on)
                         .outerjoin(last, last.c.day == stage.c.responded_on))
            .where(_complaints(period, procedures)).subquery())
    tally = _with_total(_by(session, rows))
    averages = select(rows.c.procedure, func.coalesce(func.sum(rows.c.days), 0), func.count(rows.c.days)).group_by(
        rows.c.procedure)
    for procedure, total, n in session.execute(averages):
        tally[("average", procedure)] = Mean(int(total), n)
    return tally


def average_days(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """The average working days to answer each stage, over the answers given by the period's
    end: stage 1 from receipt, stages 2 and 3 from the request."""
    tally: Tally = {}
    for number in (1, 2, 3):
        stage = S.alias("s")
        start = C.c.received_on if number == 1 else stage.c.requested_on
        first, last, days = _calendar_pair()
        where = _complaints(period, procedures) if number == 1 else _requested(stage, period, procedures)
        stmt = (select(C.c.procedure, func.coalesce(func.sum(days), 0), func.count(days))
                .select_from(stage.join(C, C.c.id == stage.c.case_id)
                             .join(first, first.c.day == start)
                             .join(last, last.c.day == stage.c.responded_on))
                .where(stage.c.number == number, where, stage.c.responded_on <= period.end)
                .group_by(C.c.procedure))
        for procedure, total, n in session.execute(stmt):
            tally[(f"stage-{number}", procedure)] = Mean(int(total), n)
    return tally


def time_limits(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Each clock against its time limit (``Deadline.due_on``, as extended and moved by
    suspensions): met in time, met late, or not met by the period's end. Clocks of
    complaints closed without an answer are left out. The clocks of stage 1 belong to
    complaints received in the period; those of stages 2 and 3 to the stages asked for in it."""
    state = case(
        (and_(_by_end(D.c.met_on, period), D.c.met_on <= D.c.due_on), _key("in-time")),
        (_by_end(D.c.met_on, period), _key("late")),
        (_closed_without_answer(period), _key("closed")),
        else_=_key("open"),
    )
    parts = []
    for number, steps in TIME_LIMIT_STEPS.items():
        row = (D.c.step + literal_column("'/'") + state).label("row")
        if number == 1:
            source, where = D.join(C, C.c.id == D.c.case_id), _complaints(period, procedures)
        else:
            stage = S.alias(f"s{number}")
            source = D.join(C, C.c.id == D.c.case_id).join(
                stage, and_(stage.c.case_id == C.c.id, stage.c.number == number))
            where = _requested(stage, period, procedures)
        parts.append(select(row, C.c.procedure.label("procedure")).select_from(source)
                     .where(D.c.step.in_(steps), where))
    tally = _by(session, union_all(*parts).subquery())
    for (row, procedure), n in list(tally.items()):
        step, state_id = row.split("/")
        if state_id in TIME_LIMIT_STATES:
            for other in TIME_LIMIT_STATES:
                key = (f"base:{step}/{other}", procedure)
                tally[key] = tally.get(key, 0) + n
    return tally


# Progression, remedies, learning ---------------------------------------------------------------

def progression(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Of the complaints received at stage 1 in the period, how many went on to stage 2 by
    its end; of the stage 2 complaints asked for in the period, how many went on to stage 3."""
    later = S.alias("later")

    def went_on(number, case_id):
        return exists().where(later.c.case_id == case_id, later.c.number == number,
                              later.c.requested_on <= period.end)

    first = (select(C.c.procedure, _count_when(went_on(2, C.c.id)), func.count())
             .where(_complaints(period, procedures)).group_by(C.c.procedure))
    stage = S.alias("s")
    second = (select(C.c.procedure, _count_when(went_on(3, C.c.id)), func.count())
              .select_from(stage.join(C, C.c.id == stage.c.case_id))
              .where(stage.c.number == 2, _requested(stage, period, procedures)).group_by(C.c.procedure))
    tally: Tally = {}
    for row, stmt in (("to-stage-2", first), ("to-stage-3", second)):
        for procedure, went, base in session.execute(stmt):
            tally[(row, procedure)] = went
            tally[(f"base:{row}", procedure)] = base
    return tally


def remedies(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """The remedies recorded on complaints received in the period, by kind, and how many
    were done by its end; the percentages are of all those remedies."""
    stmt = (select(R.c.kind, C.c.procedure, func.count(), _count_when(_by_end(R.c.done_on, period)))
            .select_from(R.join(C, C.c.id == R.c.case_id))
            .where(_complaints(period, procedures)).group_by(R.c.kind, C.c.procedure))
    tally: Tally = {}
    for kind, procedure, n, done in session.execute(stmt):
        tally[(kind, procedure)] = n
        for row, value in (("base", n), ("done", done)):
            tally[(row, procedure)] = tally.get((row, procedure), 0) + value
    with_remedy = (select(C.c.procedure, _count_when(exists().where(R.c.case_id == C.c.id)), func.count())
                   .where(_complaints(period, procedures)).group_by(C.c.procedure))
    for procedure, n, complaints in session.execute(with_remedy):
        tally[("complaints-with-remedy", procedure)] = n
        tally[("base:complaints-with-remedy", procedure)] = complaints
    return tally


def learning(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Learning actions recorded on complaints received in the period and how many were done
    by its end; and how many complaints upheld or partially upheld (at any stage answered by
    the period's end) have learning recorded."""
    actions = (select(C.c.procedure, func.count(), _count_when(_by_end(L.c.done_on, period)))
               .select_from(L.join(C, C.c.id == L.c.case_id))
               .where(_complaints(period, procedures)).group_by(C.c.procedure))
    tally: Tally = {}
    for procedure, n, done in session.execute(actions):
        tally.update({("actions", procedure): n, ("done", procedure): done, ("base:done", procedure): n})
    stage = S.alias("s")
    upheld = exists().where(P.c.case_id == C.c.id, P.c.finding.in_(UPHELD_AT_LEAST_PARTLY),
                            stage.c.case_id == C.c.id, stage.c.number == P.c.stage,
                            stage.c.responded_on <= period.end)
    has_learning = exists().where(L.c.case_id == C.c.id)
    stmt = (select(C.c.procedure, _count_when(has_learning), func.count())
            .where(_complaints(period, procedures), upheld).group_by(C.c.procedure))
    for procedure, with_learning, n in session.execute(stmt):
        tally[("upheld-with-learning", procedure)] = with_learning
        tally[("base:upheld-with-learning", procedure)] = n
    return tally


# The Ombudsman, and costs ----------------------------------------------------------------------

def ombudsman(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Complaints referred to the Ombudsman in the period, by its decision as at the period's
    end (awaiting a decision if none was recorded by then)."""
    decided = and_(C.c.ombudsman_outcome.is_not(None),
                   or_(C.c.ombudsman_decided_on.is_(None), C.c.ombudsman_decided_on <= period.end))
    rows = (select(case((decided, C.c.ombudsman_outcome), else_=_key("awaiting")).label("row"),
                   C.c.procedure.label("procedure"))
            .where(C.c.ombudsman_referred_on.between(period.start, period.end), _of(procedures))
            .subquery())
    return _with_total(_by(session, rows))


def costs(session, period: Period, procedures: Sequence[str] = COMPLAINT_PROCEDURES) -> Tally:
    """Costs of stage 2 investigations and stage 3 panels concluded (answered) in the period,
    where recorded, and financial remedies paid (done) in it."""
    stage = S.alias("s")
    stmt = (select(stage.c.number, C.c.procedure, func.count(), func.coalesce(func.sum(stage.c.cost_pence), 0))
            .select_from(stage.join(C, C.c.id == stage.c.case_id))
            .where(stage.c.number.in_((2, 3)), stage.c.responded_on.between(period.start, period.end),
                   _of(procedures))
            .group_by(stage.c.number, C.c.procedure))
    tally: Tally = {}
    for number, procedure, n, pence in session.execute(stmt):
        tally[(f"stage-{number}-concluded", procedure)] = n
        tally[(f"stage-{number}-cost", procedure)] = Money(int(pence))
    paid = (select(C.c.procedure, func.coalesce(func.sum(R.c.amount_pence), 0))
            .select_from(R.join(C, C.c.id == R.c.case_id))
            .where(R.c.kind == "financial", R.c.done_on.between(period.start, period.end), _of(procedures))
            .group_by(C.c.procedure))
    for procedure, pence in session.execute(paid):
        tally[("financial-remedies", procedure)] = Money(int(pence))
    return tally
