"""Drafts of papers (issue 19 point 6): what one person typed into a paper not yet issued is kept
per case, paper and person, replaced as they type, and gone once the paper is issued or discarded."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.document import PaperDraft
from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import drafts, offices
from hrss_disputes.services.errors import PermissionDenied
from tests.factories import award_amounts, heard_case, make_user
from tests.services.test_documents import ON, WRITTEN, issue

FOUND = {"本委查明": "申请人于2024年3月入职。"}


@pytest.fixture
def arbitrator(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    return ctx.actor


def count(ctx, what) -> int:  # noqa: ANN001
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(what))


def test_a_draft_is_saved_replaced_loaded_and_discarded(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award") is None
    audited = count(ctx, AuditEntry)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND, issue_date=date(2026, 11, 20))
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings={"本委查明": "改过的。"},
             recipient="张三", issue_date=date(2026, 11, 21))
    assert count(ctx, PaperDraft) == 1 and count(ctx, AuditEntry) == audited  # replaced; no audit per keystroke
    got = ctx.call(drafts.load_draft, case_id=case_id, doc_type="award")
    assert (got.writings, got.recipient, got.issue_date, got.user) == ({"本委查明": "改过的。"}, "张三",
                                                                       date(2026, 11, 21), "arb")
    [listed] = ctx.call(drafts.list_drafts, case_id=case_id)
    assert (listed.paper, listed.user) == ("仲裁裁决书", "arb")
    assert ctx.call(drafts.discard_draft, case_id=case_id, doc_type="award") is True
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award") is None
    assert count(ctx, AuditEntry) == audited + 1  # the discard is a deliberate act: audited


def test_issuing_the_paper_deletes_its_drafts(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=WRITTEN, issue_date=ON)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="hearing_notice", issue_date=ON)
    issue(ctx, case_id, "award", writings=WRITTEN)
    assert [d.doc_type for d in ctx.call(drafts.list_drafts, case_id=case_id)] == ["hearing_notice"]


def test_another_users_draft_is_theirs(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND)
    ctx.actor = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award") is None
    assert ctx.call(drafts.discard_draft, case_id=case_id, doc_type="award") is False
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings={"本委查明": "第二人的。"})
    assert sorted(d.user for d in ctx.call(drafts.list_drafts, case_id=case_id)) == ["arb", "arb2"]
    ctx.actor = arbitrator
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award").writings == FOUND


def test_only_who_may_issue_the_paper_drafts_it(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)  # a clerk does not draft an award
    with pytest.raises(PermissionDenied):
        ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND)
    ctx.actor = admin
    unit = ctx.call(offices.create_office, code="TA", name="端州区城东街道劳动争议调解中心",
                    kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    ctx.actor = make_user(ctx, "arb_other", Role.ARBITRATOR, unit)  # another office's arbitrator
    with pytest.raises(PermissionDenied):
        ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND)
    assert count(ctx, PaperDraft) == 0
