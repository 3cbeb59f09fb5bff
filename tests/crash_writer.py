"""A writer for the crash test (tests/test_crash.py): registers cases, accepts them and issues
their acceptance notices in a loop, printing what each committed call saved; it is killed
with SIGKILL at a random moment."""

import sys
from datetime import date

from hrss_disputes.db import open_database
from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import accounts, cases, documents, offices, setup, workflow
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.parties import PartyInput

PASSWORD = "Tribunal2026"

db = open_database(sys.argv[1])
ctx = ServiceContext(db)
if ctx.call(offices.is_empty):
    ctx.actor = ctx.call(setup.first_start, office_name="测试仲裁院", office_kind=OfficeKind.INSTITUTE,
                         city="肇庆", admin_name="测试", password=PASSWORD)
    ctx.call(accounts.create_account, username="arb", display_name="陈仲裁", role=Role.ARBITRATOR,
             office_id=ctx.actor.office_id, password=PASSWORD)
ctx.actor = ctx.call(accounts.authenticate, username="arb", password=PASSWORD, changes_password_now=True).actor
print("ready", flush=True)
i = 0
while True:
    i += 1
    cid = ctx.call(cases.create_case, data=CaseInput(
        family="arbitration", procedure="ordinary", office_id=ctx.actor.office_id, received_on=date(2026, 11, 2),
        applicants=[PartyInput(name=f"工人{i}")], respondents=[PartyInput(kind="organisation", name="某公司")],
        claims=[ClaimInput(amount_claimed="100.00"), ClaimInput(claim_type="overtime", amount_claimed="50.00")]))
    print("case", cid.hex, flush=True)
    d = ctx.call(workflow.perform_action, case_id=cid, expected_version=ctx.call(cases.get_case, case_id=cid).version,
                 action="accept", occurred_on=date(2026, 11, 3), today=date(2026, 11, 21))
    print("accepted", cid.hex, flush=True)
    [doc] = ctx.call(documents.issue, case_id=cid, expected_version=d.version, doc_type="acceptance_notice",
                     issue_date=date(2026, 11, 4))
    print("issued", doc.id.hex, flush=True)
