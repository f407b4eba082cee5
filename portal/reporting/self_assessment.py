"""The Ombudsman's Complaint Handling Code (2024) self-assessment, with the evidence the
portal's records give for each requirement it can speak to.

The Code asks for a yearly self-assessment in the annual complaints performance and service
improvement report (Code, section 8.1). The Code governs the council's own (corporate)
procedure, so timeliness evidence is the corporate procedure's; remedies, refusals,
learning and the Ombudsman's decisions are for both procedures. Requirements that no record
can show (resources, governance) are listed for the council to complete. The council, not
the portal, says whether it complies: the portal supplies the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.reporting.report import Report, Value
from portal.rules.i18n import N_
from portal.rules.vocabulary import CHANNELS


@dataclass(frozen=True)
class Evidence:
    """A number from the records: ``value``, out of ``base`` when it is a share."""

    label: str
    value: Value
    base: int | None = None


@dataclass(frozen=True)
class Item:
    section: str
    requirement: str
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    source: str = "records"  # records: from the figures | portal: how the portal works | council
    attention: bool = False  # the figures show something to look at

    @property
    def for_the_council(self) -> bool:
        return self.source == "council"


def _line(report: Report, table: str, row: str, scope: str) -> Evidence:
    line = next(line for line in report.table(table, scope).lines if line.key == row)
    return Evidence(line.label, line.current, line.current_base)


def _late(report: Report, step: str) -> tuple[tuple[Evidence, ...], bool]:
    evidence = tuple(_line(report, "time-limits", f"{step}/{state}", "corporate")
                     for state in ("in-time", "late", "open"))
    return evidence, bool(evidence[1].value)


def checklist(report: Report) -> list[Item]:
    """The Code's requirements, in its order, each with the figures that bear on it."""
    acknowledgement, acknowledgement_late = _late(report, "acknowledgement")
    stage1, stage1_late = _late(report, "stage1")
    stage2_ack, stage2_ack_late = _late(report, "stage2-acknowledgement")
    stage2, stage2_late = _late(report, "stage2")
    learning = _line(report, "learning", "upheld-with-learning", "all")
    channels = tuple(_line(report, "by-channel", channel, "all") for channel in CHANNELS)
    return [
        Item("1", N_("Complaints and service requests are told apart, and a service request is never a "
                     "stage of the complaints procedure."),
             (_line(report, "received", "stage-1", "all"), _line(report, "other-feedback", "service-request", "all")),
             note=N_("The portal records service requests as their own kind of feedback; a person can "
                     "turn one into a complaint at any time.")),
        Item("2", N_("A complaint is accepted unless there is a valid reason not to, and a refusal is "
                     "explained to the person."),
             (_line(report, "outcomes-stage-1", "not-accepted", "all"),),
             note=N_("In the portal, a complaint is only refused by an officer's decision, with the "
                     "reason recorded; a late complaint is never refused automatically.")),
        Item("3", N_("Complaints can be made in several ways, and the council makes reasonable "
                     "adjustments and offers support such as an advocate."),
             (*channels, _line(report, "children-and-advocates", "with-advocate", "all"))),
        Item("4", N_("Complaint handling has designated staff and enough resources."), source="council"),
        Item("6.2", N_("Stage 1 complaints are acknowledged within five working days of being received."),
             acknowledgement, attention=acknowledgement_late,
             note=N_("Measured against the council's own time limit, which the Code caps at five working "
                     "days.")),
        Item("6.3, 6.4", N_("Stage 1 is answered within 10 working days of the acknowledgement, or of an "
                            "extension of at most 10 more, explained to the person."),
             (*stage1, _line(report, "stage-1-response-times", "over-20", "corporate")), attention=stage1_late),
        Item("6.5", N_("A person told of an extension is given the Ombudsman's details."), source="portal",
             note=N_("The portal's extension letter for the council's procedure gives the Ombudsman's "
                     "details.")),
        Item("6", N_("A stage 2 request is acknowledged within five working days, and answered within "
                     "20 working days of the acknowledgement (40 with an extension)."),
             (*stage2_ack, *stage2), attention=stage2_ack_late or stage2_late),
        Item("6", N_("Stage 2 is considered by someone who did not handle stage 1."), source="portal",
             note=N_("The portal does not let the person who handled stage 1 be given stage 2 of a "
                     "complaint under the council's procedure.")),
        Item("7", N_("Where something has gone wrong, the council puts it right, and follows each remedy "
                     "through."),
             (_line(report, "remedies", "base", "all"), _line(report, "remedies", "done", "all"),
              _line(report, "remedies", "complaints-with-remedy", "all"))),
        Item("8.1", N_("A yearly report on complaint handling, with the complaints refused and the "
                       "Ombudsman's decisions, goes to the council's governance and is published."),
             (_line(report, "outcomes-stage-1", "not-accepted", "all"), _line(report, "ombudsman", "base", "all"),
              _line(report, "ombudsman", "upheld", "all")),
             note=N_("This report. Publishing it, and the governing body's response, is for the council.")),
        Item("9", N_("Learning from complaints is recorded and acted on."),
             (_line(report, "learning", "actions", "all"), _line(report, "learning", "done", "all"), learning),
             attention=learning.base is not None and learning.value != learning.base),
        Item("9", N_("A member of the governing body leads on complaints, and the governing body receives "
                     "regular information on complaint handling."), source="council"),
    ]

