"""A history-import CSV built from the published figures of one council's annual report.

Source: Herefordshire Council, "Children's Complaints and Representations Statutory Annual
Report 2024 / 2025" (shared/seeds/003_3f74b407f94f864c.txt). Every number in PUBLISHED is
copied from a table or list of that report, named beside it. The generator writes one row
per complaint, compliment or Ombudsman referral so that those numbers are what the report
must find; what the report does not publish is filled in plainly and said below.

Choices where the report is silent:
- dates are spread through each year so that every answer falls inside the year (the
  report counts answers as at 31 March; Herefordshire's were counted "at the time of
  writing"), and complaints that go on to stage 2 or 3 are received early in the year;
- 2023/24's statutory outcomes add up to 94 of 102: the other 8 have "no finding";
- years whose outcomes or response times are not published are "not upheld", answered
  within 10 working days;
- the corporate time limit is Herefordshire's 15 working days (section 2.3), set as the
  council's setting for ``corporate/stage1`` while the test imports and reports;
- every complaint is acknowledged the working day after it is received, by email;
  complainants are parents unless the report says children;
- stage 2 and 3 costs (section 6.3) are spread over the stages concluded in each year.

    .venv/bin/python -m tests.reporting.data.herefordshire > herefordshire.csv
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date, timedelta

from portal.rules import add_working_days

PUBLISHED = {
    # 3.1 "Volumes of complaints received" (statutory, by year), and 1.4's table.
    "statutory_stage1": {2018: 36, 2019: 30, 2020: 14, 2021: 26, 2022: 55, 2023: 102, 2024: 75},
    # 3.6 table "Number of Stage 2 Investigations"; 1.4 table for 2023/24 and 2024/25.
    "statutory_stage2": {2022: 10, 2023: 19, 2024: 22},
    # 1.4 table "Statutory Stage 3".
    "statutory_stage3": {2023: 4, 2024: 5},
    # 2.1 "Volume of complaints received" (corporate, by year); 1.4 table.
    "corporate_stage1": {2019: 111, 2020: 114, 2021: 155, 2022: 195, 2023: 100, 2024: 72},
    # 2.3 "Out of N complaints, M responses ... took longer than 15 working days".
    "corporate_over_15_days": {2019: 15, 2020: 16, 2021: 23, 2022: 87, 2023: 20, 2024: 9},
    # 3.4 table "Outcomes from complaint investigations" (statutory).
    "statutory_outcomes": {2023: {"upheld": 19, "partially-upheld": 41, "not-upheld": 34},
                           2024: {"upheld": 24, "partially-upheld": 31, "not-upheld": 20}},
    # 2.4 table "Outcomes of complaint investigations" (corporate).
    "corporate_outcomes": {2024: {"upheld": 25, "partially-upheld": 13, "not-upheld": 34}},
    # 3.5 table "Within 10 / 11-20 / 20+" (statutory stage 1).
    "statutory_stage1_days": {2023: {"within-10": 54, "11-to-20": 6, "over-20": 42},
                              2024: {"within-10": 30, "11-to-20": 21, "over-20": 24}},
    # 3.2 and 5.1: complaints made directly by children and young people, and of those the
    # ones supported by an advocate (2024/25, of the 75).
    "from_children": {2024: 19},
    "children_with_advocate": {2024: 14},
    # 1.4 table "Compliments" (2024/25 only).
    "compliments": {2024: 126},
    # 6.1 "Complaint responses taken to the LGSCO", mapped to the portal's outcomes:
    # premature; "closed after initial enquiries" = not investigated; "upheld: fault and
    # injustice" (with or without redress) = upheld; "upheld: no further action,
    # organisation already remedied" = remedied; "not upheld" (either kind) = not upheld.
    "ombudsman": {2023: {"premature": 5, "upheld": 4, "remedied": 1, "not-upheld": 2},
                  2024: {"premature": 5, "not-investigated": 8, "upheld": 7, "remedied": 1, "not-upheld": 2}},
    # 6.3 "concluded stage 2 and stage 3 complaints cost a total of", in pence.
    "costs": {2022: 1_983_020, 2023: 7_210_765, 2024: 8_782_634},
}

#: Herefordshire's corporate stage 1 time limit (section 2.3): a council setting.
CORPORATE_STAGE1_DAYS = (15, 20)

COLUMNS = ("reference", "kind", "procedure", "received_on", "channel", "complainant_role", "service",
           "wants_advocate", "acknowledged_on", "stage1_responded_on", "stage1_finding",
           "stage2_requested_on", "stage2_started_on", "stage2_responded_on", "stage2_finding", "stage2_cost",
           "stage3_requested_on", "stage3_panel_on", "stage3_report_on", "stage3_responded_on",
           "stage3_finding", "stage3_cost", "ombudsman_referred_on", "ombudsman_outcome",
           "ombudsman_decided_on")

STATUTORY_SERVICES = ("children-in-care", "children-in-need", "leaving-care", "disabled-children", "fostering")
CORPORATE_SERVICES = ("child-protection", "early-help", "court-reports")
#: Working days from receipt to the stage 1 response, for each band of section 3.5.
DAYS_IN_BAND = {"within-10": 8, "11-to-20": 16, "over-20": 26}


def _spread(year: int, n: int, first: date | None = None, last: date | None = None) -> list[date]:
    """``n`` days spread evenly from ``first`` (1 April) to ``last`` (30 November)."""
    first = first or date(year, 4, 1)
    last = last or date(year, 11, 30)
    step = (last - first).days / max(n, 1)
    return [first + timedelta(days=int(i * step)) for i in range(n)]


def _listing(counts: dict[str, int], total: int, rest: str) -> list[str]:
    """``total`` values: each key of ``counts`` that many times, then ``rest``."""
    values = [key for key, n in counts.items() for _ in range(n)]
    return values + [rest] * (total - len(values))


def _pence(total: int, n: int) -> list[int]:
    share, remainder = divmod(total, n)
    return [share + (1 if i < remainder else 0) for i in range(n)]


def _money(pence: int | None) -> str:
    return "" if pence is None else f"{pence // 100}.{pence % 100:02d}"


def rows() -> list[dict]:
    out: list[dict] = []
    for year in sorted(set(PUBLISHED["statutory_stage1"]) | set(PUBLISHED["corporate_stage1"])):
        out += _statutory(year) + _corporate(year) + _compliments(year)
    _ombudsman(out)
    _costs(out)
    for number, row in enumerate(out, start=1):
        row["reference"] = f"HC-{number:05d}"
    return out


def _statutory(year: int) -> list[dict]:
    total = PUBLISHED["statutory_stage1"].get(year, 0)
    stage2 = PUBLISHED["statutory_stage2"].get(year, 0)
    stage3 = PUBLISHED["statutory_stage3"].get(year, 0)
    outcomes = _listing(PUBLISHED["statutory_outcomes"].get(year, {}), total,
                        "no-finding" if year in PUBLISHED["statutory_outcomes"] else "not-upheld")
    bands = _listing(PUBLISHED["statutory_stage1_days"].get(year, {}), total, "within-10")
    children = PUBLISHED["from_children"].get(year, 0)
    with_advocate = PUBLISHED["children_with_advocate"].get(year, 0)
    # Those going on to stage 2 come first, received in April to June, so they finish in the year.
    received = _spread(year, stage2, last=date(year, 6, 30)) + _spread(year, total - stage2, first=date(year, 7, 1))
    out = []
    for i in range(total):
        row = _complaint("statutory", received[i], STATUTORY_SERVICES[i % len(STATUTORY_SERVICES)],
                         DAYS_IN_BAND[bands[i]], outcomes[i])
        if i >= total - children:
            row["complainant_role"] = "child"
            row["wants_advocate"] = "yes" if i >= total - with_advocate else "no"
        if i < stage2:
            _stage2(row, "statutory")
            if i < stage3:
                _stage3(row)
        out.append(row)
    return out


def _corporate(year: int) -> list[dict]:
    total = PUBLISHED["corporate_stage1"].get(year, 0)
    outcomes = _listing(PUBLISHED["corporate_outcomes"].get(year, {}), total, "not-upheld")
    late = PUBLISHED["corporate_over_15_days"].get(year, 0)
    return [_complaint("corporate", day, CORPORATE_SERVICES[i % len(CORPORATE_SERVICES)],
                       18 if i < late else 9, outcomes[i])
            for i, day in enumerate(_spread(year, total))]


def _complaint(procedure: str, received: date, service: str, days: int, finding: str) -> dict:
    acknowledged = add_working_days(received, 1)
    # Corporate stage 1 is timed from the acknowledgement (the Code); statutory from receipt.
    start = acknowledged if procedure == "corporate" else received
    return {"kind": "complaint", "procedure": procedure, "received_on": received.isoformat(), "channel": "email",
            "complainant_role": "parent", "service": service, "acknowledged_on": acknowledged.isoformat(),
            "stage1_responded_on": add_working_days(start, days).isoformat(), "stage1_finding": finding}


def _stage2(row: dict, procedure: str) -> None:
    requested = add_working_days(date.fromisoformat(row["stage1_responded_on"]), 5)
    started = add_working_days(requested, 5)
    row.update(stage2_requested_on=requested.isoformat(), stage2_started_on=started.isoformat(),
               stage2_responded_on=add_working_days(started, 25).isoformat(), stage2_finding="partially-upheld")


def _stage3(row: dict) -> None:
    requested = add_working_days(date.fromisoformat(row["stage2_responded_on"]), 5)
    panel = add_working_days(requested, 20)
    report = add_working_days(panel, 4)
    row.update(stage3_requested_on=requested.isoformat(), stage3_panel_on=panel.isoformat(),
               stage3_report_on=report.isoformat(), stage3_responded_on=add_working_days(report, 10).isoformat(),
               stage3_finding="not-upheld")


def _compliments(year: int) -> list[dict]:
    return [{"kind": "compliment", "received_on": day.isoformat(), "channel": "email",
             "service": STATUTORY_SERVICES[i % len(STATUTORY_SERVICES)]}
            for i, day in enumerate(_spread(year, PUBLISHED["compliments"].get(year, 0), last=date(year + 1, 3, 20)))]


def _ombudsman(out: list[dict]) -> None:
    """Each year's referrals go on that year's first corporate and statutory complaints
    answered at stage 1, referred in January and decided in February."""
    for year, outcomes in PUBLISHED["ombudsman"].items():
        candidates = [row for row in out if row["kind"] == "complaint"
                      and date.fromisoformat(row["received_on"]) >= date(year, 4, 1)
                      and date.fromisoformat(row["received_on"]) <= date(year, 11, 30)]
        for row, outcome in zip(candidates, _listing(outcomes, sum(outcomes.values()), "")):
            row.update(ombudsman_referred_on=date(year + 1, 1, 10).isoformat(), ombudsman_outcome=outcome,
                       ombudsman_decided_on=date(year + 1, 2, 14).isoformat())


def _costs(out: list[dict]) -> None:
    for year, pence in PUBLISHED["costs"].items():
        concluded = [(row, column) for row in out for stage, column in (("stage2", "stage2_cost"),
                                                                         ("stage3", "stage3_cost"))
                     if row.get(f"{stage}_responded_on")
                     and date(year, 4, 1) <= date.fromisoformat(row[f"{stage}_responded_on"]) <= date(year + 1, 3, 31)]
        for (row, column), share in zip(concluded, _pence(pence, len(concluded))):
            row[column] = _money(share)


def csv_text() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buffer.getvalue()


if __name__ == "__main__":
    sys.stdout.write(csv_text())
