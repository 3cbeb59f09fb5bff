"""Who is the employer (用人单位) among a case's parties: one rule, read by the per-party clocks
(LDMAF 48: only the worker may sue a wholly final award; LDMAF 49: the employer's thirty days to
apply to set it aside) and by the award's legal effect (whose suit contests it, who may apply to
set it aside, whose enforcement it is).

Decided from each party's kind (单位 / 自然人) and role in the case, as the case records them:

- An organisation (单位) is always on the employer's side, whatever its role: the respondent
  company, a company applying against its worker, a 用工单位 or 发包单位 joined as 第三人.
- A natural person is the employer when the case is a worker's application, i.e. no organisation
  is an applicant, and the person is not an applicant: a 包工头, an individual employer or a
  household employer is a 被申请人 (or a 第三人 on that side) beside or instead of a company.
- When an organisation applies (the employer's own application), the natural persons are its
  workers, applicant or respondent.
- A counterclaim (反申请) does not change the roles: the worker who applied stays 申请人 and is
  never read as the employer although the employer's counterclaim is against them.

What kind and role cannot tell: a natural person who employs and applies against a natural-person
worker reads as the worker (and the worker as the employer); the staff then record the employer as
a 单位 (个体工商户) where it is one.
"""

from __future__ import annotations

from collections.abc import Iterable

ORGANISATION = "organisation"  # PartyKind.ORGANISATION
APPLICANT_ROLES = frozenset({"applicant", "representative"})  # a representative is an applicant too


def employer_flags(parties: Iterable[tuple[str, str]]) -> list[bool]:
    """For each (kind, role) of the case's parties, in order: whether it is the employer (用人单位)."""
    parties = [(str(kind), str(role)) for kind, role in parties]
    organisation_applies = any(kind == ORGANISATION and role in APPLICANT_ROLES for kind, role in parties)
    return [kind == ORGANISATION or (not organisation_applies and role not in APPLICANT_ROLES)
            for kind, role in parties]
