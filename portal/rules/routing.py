"""Which procedure a piece of feedback goes to, and what an officer must check (domain.md 4.2).

The decision is provisional: an officer may override it, with a reason. The rules, in order:

1. Compliments, comments and service requests are not routed: their procedure is their kind.
2. A service whose default procedure is corporate goes to the corporate procedure.
3. The ``other`` service goes to the corporate procedure, flagged ``unclear-service``.
   (``other`` also defaults to corporate, so it is tested before rule 2, or rule 3 could
   never apply.)
4. A statutory service, and the complainant is a child, a care leaver or an advocate:
   statutory.
5. A statutory service, and the complainant is a parent, foster carer, special guardian,
   adopter or adopted person: about the child (or both), statutory; about their own
   treatment only, corporate, flagged ``own-treatment``.
6. A statutory service, and the complainant is a relative, a professional or someone else:
   statutory for now, flagged ``eligibility`` (Children Act 1989, s.26(3)(e): the council
   decides whether they have sufficient interest in the child's welfare).

Then flags that apply whatever the procedure: ``advocacy`` (s.26A), ``consent``, ``late``
(reg. 9: one year), ``legal-proceedings`` (reg. 8) and ``safeguarding``. Compliments,
comments and service requests only ever carry ``safeguarding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from portal.rules.i18n import N_
from portal.rules.settings import CouncilSettings
from portal.rules.vocabulary import ABOUT, FLAGS, KINDS, ROLES, SERVICES, check_id
from portal.rules.working_days import received_on

#: Rule 4: people the statutory procedure is for, or who speak for them.
YOUNG_PERSON_ROLES = frozenset({"child", "care-leaver", "advocate"})
#: Rule 5: adults with a direct part in the child's care.
PARENT_ROLES = frozenset({"parent", "foster-carer", "special-guardian", "adopter",
                          "adopted-person"})
#: Rule 6: others, who need "sufficient interest" in the child's welfare.
OTHER_ROLES = frozenset({"relative", "professional", "other"})
#: Flags set by the routing rules themselves, rather than by the person's circumstances.
ROUTING_FLAGS = frozenset({"unclear-service", "own-treatment", "eligibility"})

# The first reason given: which procedure, and why, for each way a decision can be reached.
_WHY = {
    "compliment": N_("Thank you for your compliment. We will pass it on to the people it is "
                     "about and to their manager."),
    "comment": N_("Thank you for your comment. We will read it and use it to make our "
                  "services better. It does not need a formal reply."),
    "service-request": N_("We will treat this as a request and try to sort it out quickly, "
                          "without a formal investigation. You can ask us to make it a "
                          "complaint at any time."),
    "corporate-service": N_("We will use the council complaints procedure, because the "
                            "children's complaints procedure set by law does not cover "
                            "this service."),
    "unclear-service": N_("We will use the council complaints procedure for now, because we "
                          "are not yet sure which service this is about."),
    "young-person": N_("We will use the children's complaints procedure. The law gives "
                       "children and young people the right to complain about the social "
                       "care services they get."),
    "advocate": N_("We will use the children's complaints procedure, because you are "
                   "speaking for a child or young person about the social care services "
                   "they get."),
    "about-child": N_("We will use the children's complaints procedure, because your "
                      "complaint is about the social care services a child gets, and the "
                      "law gives you the right to complain about them."),
    "about-self": N_("We will use the council complaints procedure, because your complaint "
                     "is about how you were treated yourself, not about the services the "
                     "child gets."),
    "interest": N_("We will use the children's complaints procedure for now, because this "
                   "is about children's social care services."),
}


@dataclass(frozen=True)
class Decision:
    """A provisional routing decision: the procedure, the flags, and the reasons in words.

    ``reasons`` are English msgids (see ``portal.rules.i18n``): first why this procedure,
    then what each flag means for the person. ``rule`` is the number of the rule in
    domain.md 4.2 that chose the procedure, for the audit trail.
    """

    procedure: str
    flags: frozenset[str]
    reasons: list[str] = field(hash=False)
    rule: int

    @property
    def needs_review(self) -> bool:
        """Any flag but ``advocacy`` leaves a judgement to an officer."""
        return bool(self.flags - {"advocacy"})


def one_year_before(received: date) -> date:
    """The same calendar day a year before ``received``; 29 February gives 28 February."""
    if received.month == 2 and received.day == 29:
        return date(received.year - 1, 2, 28)
    return received.replace(year=received.year - 1)


def route(*, kind: str, complainant: str, service: str, received: date,
          about: str | None = None, events_date: date | None = None,
          legal_proceedings: bool = False, unsafe_now: bool = False,
          consent: str | None = None, wants_advocate: bool = False,
          settings: CouncilSettings | None = None) -> Decision:
    """Decide the provisional procedure and the flags for one piece of feedback.

    ``received`` is the date the council received it (a datetime is first passed through
    ``received_on``). ``about`` must be given for a complaint about a statutory service by
    a parent, foster carer, special guardian, adopter or adopted person (rule 5 turns on it);
    elsewhere it may be None. ``consent`` is the child's agreement to an advocate acting for
    them: only ``"yes"`` counts as confirmed.

    Raises ValueError, naming the allowed ids, for an unknown kind, role, service or about.
    """
    check_id(kind, KINDS, "kind")
    check_id(complainant, ROLES, "complainant role")
    check_id(service, SERVICES, "service")
    if about is not None:
        check_id(about, ABOUT, "about")
    if isinstance(received, datetime):
        received = received_on(received, settings=settings)
    if not isinstance(received, date):
        raise ValueError(f"received must be a date, not {received!r}")

    if kind != "complaint":
        flags = {"safeguarding"} if unsafe_now else set()
        return _decision(kind, flags, kind, rule=1)

    procedure, flags, why, rule = _choose_procedure(complainant, service, about)
    if complainant in ("child", "care-leaver") or wants_advocate:
        flags.add("advocacy")
    if complainant == "advocate" and consent != "yes":
        flags.add("consent")
    if events_date is not None and events_date < one_year_before(received):
        flags.add("late")
    if legal_proceedings:
        flags.add("legal-proceedings")
    if unsafe_now:
        flags.add("safeguarding")
    return _decision(procedure, flags, why, rule=rule)


def needs_about(*, kind: str, complainant: str, service: str) -> bool:
    """Whether ``route`` needs ``about``: rule 5, a parent's complaint about a statutory service."""
    return (kind == "complaint" and service in SERVICES and service != "other"
            and SERVICES[service].default_procedure != "corporate"
            and complainant not in YOUNG_PERSON_ROLES and complainant in PARENT_ROLES)


def _choose_procedure(complainant: str, service: str,
                      about: str | None) -> tuple[str, set[str], str, int]:
    """Rules 2 to 6: (procedure, routing flags, key of the reason, rule number)."""
    if service == "other":
        return "corporate", {"unclear-service"}, "unclear-service", 3
    if SERVICES[service].default_procedure == "corporate":
        return "corporate", set(), "corporate-service", 2
    if complainant in YOUNG_PERSON_ROLES:
        why = "advocate" if complainant == "advocate" else "young-person"
        return "statutory", set(), why, 4
    if complainant in PARENT_ROLES:
        if about is None:
            raise ValueError(
                f"about is needed for a complaint by a {complainant} about {service}: "
                f"use one of {', '.join(ABOUT)}")
        if about == "self":
            return "corporate", {"own-treatment"}, "about-self", 5
        return "statutory", set(), "about-child", 5
    return "statutory", {"eligibility"}, "interest", 6


def _decision(procedure: str, flags: set[str], why: str, *, rule: int) -> Decision:
    reasons = [_WHY[why]] + [flag.meaning for flag in FLAGS.values() if flag.id in flags]
    return Decision(procedure=procedure, flags=frozenset(flags), reasons=reasons, rule=rule)
