"""Who is the employer (用人单位) among a case's parties: one rule (domain.employer) for the clocks
(LDMAF 48: only the worker sues a wholly final award; LDMAF 49: the employer's set-aside) and the
award's legal effect."""

from __future__ import annotations

import pytest

from hrss_disputes.domain.employer import employer_flags

ORG, PERSON = "organisation", "person"


@pytest.mark.parametrize(("article", "parties", "employers"), [
    ("LDMAF 48/49: a worker against a company", [(PERSON, "applicant"), (ORG, "respondent")], [False, True]),
    ("LDMAF 48/49: a worker against a 包工头 (a natural person) and a company: both on the employer's side",
     [(PERSON, "applicant"), (PERSON, "respondent"), (ORG, "respondent")], [False, True, True]),
    ("LDMAF 48/49: a worker against an individual employer alone", [(PERSON, "applicant"), (PERSON, "respondent")],
     [False, True]),
    ("LDMAF 48/49: a company joined as 第三人 (用工单位) is an employer", [(PERSON, "applicant"), (ORG, "respondent"),
                                                               (ORG, "third_party")], [False, True, True]),
    ("LDMAF 48/49: the employer applies against its worker: the natural person respondent is the worker",
     [(ORG, "applicant"), (PERSON, "respondent")], [True, False]),
    ("LDMAF 48/49: elected representatives of the workers stay workers",
     [(PERSON, "applicant"), (PERSON, "representative"), (ORG, "respondent")], [False, False, True]),
])
def test_who_is_the_employer(article: str, parties: list[tuple[str, str]], employers: list[bool]) -> None:
    assert employer_flags(parties) == employers, article
