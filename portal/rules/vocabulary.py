"""The portal's vocabulary: the identifiers of domain.md 4.1, with plain-English words.

Identifiers are stable: they are stored, exported and used by the API. Labels and hints are
what people read; they are marked with ``N_`` and translated by the web layer. Hints are
written so that a parent and a twelve-year-old can both follow them.

Each table is an ordered ``dict`` from id to a small frozen record, in the order a form
should offer the choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from portal.rules.i18n import N_


@dataclass(frozen=True)
class Term:
    """One choice a person can make: its id, what it is called, and a line explaining it."""

    id: str
    label: str
    hint: str


@dataclass(frozen=True)
class Service:
    """A service a piece of feedback can be about, and the procedure it goes to by default."""

    id: str
    label: str
    hint: str
    default_procedure: str


@dataclass(frozen=True)
class Flag:
    """Something an officer must decide or do (domain.md 4.2).

    ``meaning`` is said to the person who gave the feedback; ``officer_action`` is shown to
    the officer.
    """

    id: str
    label: str
    meaning: str
    officer_action: str


def _table(*records):
    return {record.id: record for record in records}


def check_id(value: object, allowed: Iterable[str], what: str) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise ValueError naming them."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")
    return value  # type: ignore[return-value]


KINDS: Mapping[str, Term] = _table(
    Term(
        "complaint",
        N_("A complaint"),
        N_("Something went wrong and you want us to put it right. "
           "You do not have to use the word complaint."),
    ),
    Term(
        "compliment",
        N_("A compliment"),
        N_("Someone or something was good, and you want to tell us."),
    ),
    Term(
        "comment",
        N_("A comment"),
        N_("An idea or a view that you want us to hear. You do not need a reply."),
    ),
    Term(
        "service-request",
        N_("A request"),
        N_("You want us to do something, fix a problem or think again about a decision, "
           "quickly and without a full investigation."),
    ),
)

ROLES: Mapping[str, Term] = _table(
    Term(
        "child",
        N_("A child or young person"),
        N_("You are under 18 and this is about you."),
    ),
    Term(
        "care-leaver",
        N_("A young person who has left care"),
        N_("You used to be in care and you are 25 or younger."),
    ),
    Term(
        "parent",
        N_("A parent"),
        N_("You are the child's parent, or you have parental responsibility for them."),
    ),
    Term(
        "foster-carer",
        N_("A foster carer"),
        N_("You foster children for the council or for a fostering agency."),
    ),
    Term(
        "special-guardian",
        N_("A special guardian"),
        N_("A court has made you the child's special guardian."),
    ),
    Term(
        "adopter",
        N_("An adoptive parent, or someone who wants to adopt"),
        N_("You have adopted a child, or you would like to."),
    ),
    Term(
        "adopted-person",
        N_("Someone affected by adoption"),
        N_("You were adopted, or you are the birth parent or a former guardian "
           "of a child who was adopted."),
    ),
    Term(
        "relative",
        N_("A relative"),
        N_("You are family, like a grandparent, aunt, uncle, brother or sister, "
           "but you do not have parental responsibility."),
    ),
    Term(
        "advocate",
        N_("An advocate or representative"),
        N_("You are speaking up for a child or young person."),
    ),
    Term(
        "professional",
        N_("A professional"),
        N_("You work with the child, for example as a teacher, nurse or doctor."),
    ),
    Term(
        "other",
        N_("Someone else"),
        N_("None of these fit you."),
    ),
)

SERVICES: Mapping[str, Service] = _table(
    Service(
        "children-in-need",
        N_("Help for a child in need"),
        N_("Assessments, plans and support from a social worker "
           "for a child or family who needs extra help."),
        "statutory",
    ),
    Service(
        "disabled-children",
        N_("Help for disabled children"),
        N_("Support from the team that works with disabled children and their families."),
        "statutory",
    ),
    Service(
        "children-in-care",
        N_("Children in care"),
        N_("Where a child in care lives, their care plan, seeing their family, "
           "and how the council asked the court for a care order."),
        "statutory",
    ),
    Service(
        "leaving-care",
        N_("Leaving care"),
        N_("Help for young people who have left care, such as their pathway plan "
           "and personal adviser."),
        "statutory",
    ),
    Service(
        "fostering",
        N_("Foster care"),
        N_("Care for a child who lives with foster carers, and help for the foster carers."),
        "statutory",
    ),
    Service(
        "special-guardianship-support",
        N_("Special guardianship support"),
        N_("Help for special guardians and the children they look after."),
        "statutory",
    ),
    Service(
        "adoption-support",
        N_("Adoption support"),
        N_("Help for adopted children and their families, before and after adoption."),
        "statutory",
    ),
    Service(
        "early-help",
        N_("Early help and family hubs"),
        N_("Support for a family early on, before problems get bigger."),
        "corporate",
    ),
    Service(
        "child-protection",
        N_("Child protection"),
        N_("Checks when someone is worried a child is being harmed, "
           "and child protection meetings and plans."),
        "corporate",
    ),
    Service(
        "foster-carer-approval",
        N_("Becoming a foster carer"),
        N_("How the council checks and approves foster carers, or stops them fostering."),
        "corporate",
    ),
    Service(
        "adopter-approval",
        N_("Becoming an adoptive parent"),
        N_("How the council checks people who want to adopt."),
        "corporate",
    ),
    Service(
        "court-reports",
        N_("Reports for the family court"),
        N_("Reports a social worker writes for a judge in a family court case."),
        "corporate",
    ),
    Service(
        "send",
        N_("Special educational needs and disabilities (SEND)"),
        N_("Extra help with learning, including education, health and care (EHC) plans."),
        "corporate",
    ),
    Service(
        "education",
        N_("Schools and education"),
        N_("Schools, getting a school place, school transport and going to school."),
        "corporate",
    ),
    Service(
        "other",
        N_("Something else, or not sure"),
        N_("Choose this if nothing else fits. We will work out which service it is."),
        "corporate",
    ),
)

ABOUT: Mapping[str, Term] = _table(
    Term(
        "child",
        N_("The help the child gets"),
        N_("For example their care plan, where they live, or their social worker."),
    ),
    Term(
        "self",
        N_("How I was treated"),
        N_("How the council treated you yourself, as an adult."),
    ),
    Term(
        "both",
        N_("Both"),
        N_("The help the child gets, and how you were treated."),
    ),
)

PROCEDURES: Mapping[str, Term] = _table(
    Term(
        "statutory",
        N_("Children's complaints procedure"),
        N_("The procedure the law sets for complaints about children's social care. "
           "It has up to three stages, and people from outside the council can look at it."),
    ),
    Term(
        "corporate",
        N_("Council complaints procedure"),
        N_("The council's own procedure for complaints. It has two stages."),
    ),
    Term(
        "compliment",
        N_("Compliment"),
        N_("We pass it on to the people it is about and to their manager."),
    ),
    Term(
        "comment",
        N_("Comment"),
        N_("We read it and use it to make our services better."),
    ),
    Term(
        "service-request",
        N_("Service request"),
        N_("We try to sort it out quickly, without a formal investigation."),
    ),
)

#: The two complaint procedures, which have stages and deadlines.
COMPLAINT_PROCEDURES = ("statutory", "corporate")

FLAGS: Mapping[str, Flag] = _table(
    Flag(
        "advocacy",
        N_("Offer an advocate"),
        N_("You can have an advocate: someone on your side who helps you say what you want. "
           "It is free, and we can put you in touch."),
        N_("Offer an advocate (Children Act 1989, s.26A). "
           "If the person wants one, tell the advocacy service."),
    ),
    Flag(
        "consent",
        N_("Check the child agrees"),
        N_("We need to check that the child or young person agrees to you speaking for them. "
           "Until then, we cannot share their information with you."),
        N_("Check the child's wishes. Give the representative no access to the child's "
           "information until the child's agreement is confirmed."),
    ),
    Flag(
        "late",
        N_("More than a year ago"),
        N_("What happened was more than a year ago. We can still look at it: "
           "an officer will decide, and tell you why."),
        N_("Decide whether to accept the complaint and record why. "
           "Never refuse it only because it is late."),
    ),
    Flag(
        "legal-proceedings",
        N_("Court case or police investigation"),
        N_("You told us a court case or a police investigation is going on about this. "
           "An officer will decide whether to pause your complaint, and will write to tell you."),
        N_("Decide whether to suspend the complaint (2006 Regulations, reg. 8). "
           "If you do, write to the person with the reasons and their right to come back "
           "within a year after the other process ends."),
    ),
    Flag(
        "safeguarding",
        N_("A child may not be safe"),
        N_("You told us a child is not safe now. We have told the people who keep children "
           "safe straight away. If a child is in danger right now, call 999."),
        N_("The safeguarding contact has been alerted. Check that they have acted; "
           "this is separate from the complaint."),
    ),
    Flag(
        "unclear-service",
        N_("Service not clear"),
        N_("An officer will check which service this is about. If it belongs in the "
           "children's complaints procedure, we will move it there and tell you."),
        N_("Confirm which service this is about, and change the procedure if needed."),
    ),
    Flag(
        "own-treatment",
        N_("About how an adult was treated"),
        N_("An officer will check this. If your complaint is also about the help the child "
           "gets, we will use the children's complaints procedure and tell you."),
        N_("Confirm the complaint is only about how the adult was treated in their own right. "
           "If it is also about the child's services, use the children's procedure."),
    ),
    Flag(
        "eligibility",
        N_("Check they can complain"),
        N_("An officer will check that you have a real interest in the child's welfare, "
           "as the law asks, and will tell you what they decide and why."),
        N_("Decide whether the person has sufficient interest in the child's welfare to use "
           "the children's procedure (Children Act 1989, s.26(3)(e)), and record why."),
    ),
)

#: How feedback reached the council (domain.md 5). Officers record the last four.
CHANNELS: Mapping[str, Term] = _table(
    Term("web", N_("Web form"), N_("The person used this portal.")),
    Term("email", N_("Email"), N_("The person emailed the council.")),
    Term("phone", N_("Phone"), N_("The person phoned the council.")),
    Term("letter", N_("Letter"), N_("The person wrote a letter.")),
    Term("in-person", N_("In person"), N_("The person told someone face to face.")),
)

#: The finding on each point of complaint (domain.md 5).
FINDINGS: Mapping[str, Term] = _table(
    Term("upheld", N_("Upheld"), N_("What the person said happened, and it was wrong.")),
    Term("partially-upheld", N_("Partially upheld"), N_("Some of it was right, some was not.")),
    Term("not-upheld", N_("Not upheld"), N_("We found the service acted as it should.")),
    Term("withdrawn", N_("Withdrawn"), N_("The person no longer wants this looked at.")),
    Term("no-finding", N_("No finding"), N_("We could not decide, for example for lack of evidence.")),
)

#: What the council does to put things right (domain.md 5).
REMEDIES: Mapping[str, Term] = _table(
    Term("apology", N_("Apology"), N_("We say sorry.")),
    Term("explanation", N_("Explanation"), N_("We explain what happened and why.")),
    Term("information", N_("Information"), N_("We give information the person should have had.")),
    Term("service-provided", N_("Service provided"), N_("We provide the service that was missing.")),
    Term("decision-changed", N_("Decision changed"), N_("We change the decision.")),
    Term("record-corrected", N_("Record corrected"), N_("We correct what our records say.")),
    Term("change-of-worker", N_("Change of worker"), N_("Someone else will work with the family.")),
    Term("financial", N_("Financial remedy"), N_("We pay money to put things right.")),
)

#: Why a clock may be paused (domain.md 3.3).
SUSPENSION_CAUSES: Mapping[str, Term] = _table(
    Term("legal-proceedings", N_("Court proceedings or a police investigation"),
         N_("2006 Regulations, reg. 8: tell the person in writing, with reasons and their "
            "right to resubmit within a year after the other process ends.")),
    Term("advocate", N_("Waiting for an advocate"), N_("The clock waits until the advocate is appointed.")),
    Term("information", N_("Waiting for information"),
         N_("The person agreed to send information and we are waiting for it.")),
)

#: What the Ombudsman decided (LGSCO decision categories).
OMBUDSMAN_OUTCOMES: Mapping[str, Term] = _table(
    Term("premature", N_("Premature"), N_("Sent back to the council to finish its own procedure.")),
    Term("not-investigated", N_("Not investigated"), N_("The Ombudsman decided not to investigate.")),
    Term("upheld", N_("Upheld"), N_("The Ombudsman found fault.")),
    Term("not-upheld", N_("Not upheld"), N_("The Ombudsman found no fault.")),
    Term("remedied", N_("Upheld, remedied by the council"),
         N_("Fault found, but the council had already put it right.")),
)

#: Officers' roles: what each may do is in admin.access.
OFFICER_ROLES: Mapping[str, Term] = _table(
    Term("officer", N_("Complaints officer"), N_("Triages and handles cases.")),
    Term("manager", N_("Manager"), N_("Also adjudicates, restricts contact and sees reports.")),
    Term("administrator", N_("Administrator"), N_("Also manages officers and settings.")),
)

#: Decisions an officer records on each flag that needs review (domain.md 4.2).
FLAG_DECISIONS: Mapping[str, Mapping[str, Term]] = {
    "eligibility": _table(
        Term("accepted", N_("Sufficient interest: accept under the children's procedure"), ""),
        Term("refused", N_("No sufficient interest: use the council procedure"), ""),
    ),
    "late": _table(
        Term("accepted", N_("Accept the complaint although it is late"), ""),
        Term("refused", N_("Do not accept the complaint"), ""),
    ),
    "consent": _table(
        Term("confirmed", N_("The child agrees to the advocate acting for them"), ""),
        Term("not-given", N_("The child does not agree"), ""),
    ),
    "legal-proceedings": _table(
        Term("suspend", N_("Suspend until the other process ends"), ""),
        Term("continue", N_("Carry on: the matters are separate"), ""),
    ),
    "unclear-service": _table(
        Term("confirmed", N_("The service and procedure are right"), ""),
        Term("changed", N_("Changed the service or procedure"), ""),
    ),
    "own-treatment": _table(
        Term("confirmed", N_("Only about how the adult was treated: council procedure"), ""),
        Term("changed", N_("Also about the child's services: children's procedure"), ""),
    ),
}

#: Where a case is, in plain words (shown to officers and, on the tracking page, to the person).
STATUSES: Mapping[str, Term] = _table(
    Term("received", N_("Received"), N_("We have it and will acknowledge it soon.")),
    Term("in-progress", N_("Being looked into"), N_("Someone is looking into it.")),
    Term("suspended", N_("Paused"), N_("The clock is paused. We have told you why.")),
    Term("responded", N_("Answered"), N_("We have sent our answer. You can ask for the next stage.")),
    Term("stage-request-pending", N_("Next stage asked for"),
         N_("You asked for the next stage after the last day. An officer will decide.")),
    Term("closed", N_("Closed"), N_("We have finished dealing with it.")),
    Term("withdrawn", N_("Withdrawn"), N_("You asked us to stop.")),
    Term("not-accepted", N_("Not accepted"), N_("We decided not to look into it, and wrote to say why.")),
)

#: The queue's categories, most urgent first (portal.queue sorts by this order).
QUEUE_CATEGORIES: Mapping[str, Term] = _table(
    Term("safeguarding", N_("Safeguarding alert"), N_("A child may not be safe: check the alert was acted on.")),
    Term("overdue", N_("Overdue"), N_("A deadline has passed.")),
    Term("needs-review", N_("Needs a decision"), N_("The law leaves a judgement to an officer.")),
    Term("acknowledgement-due", N_("Acknowledgement due"), N_("Not acknowledged yet.")),
    Term("response-due", N_("Response due soon"), N_("Due within 3 working days.")),
    Term("open", N_("Open"), N_("In hand, nothing due soon.")),
)
