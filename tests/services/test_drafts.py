"""Drafts of papers (issue 19 point 6): what one person typed into a paper not yet issued is kept
per case, paper and person, replaced as they type, and gone once the paper is issued or discarded."""

from __future__ import annotations

import json
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
    assert count(ctx, PaperDraft) == 1 and count(ctx, AuditEntry) == audited + 1  # replaced; its first save audited
    got = ctx.call(drafts.load_draft, case_id=case_id, doc_type="award")
    assert (got.writings, got.recipient, got.issue_date, got.user) == ({"本委查明": "改过的。"}, "张三",
                                                                       date(2026, 11, 21), "arb")
    [listed] = ctx.call(drafts.list_drafts, case_id=case_id)
    assert (listed.paper, listed.user) == ("仲裁裁决书", "arb")
    assert ctx.call(drafts.discard_draft, case_id=case_id, doc_type="award") is True
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award") is None
    assert count(ctx, AuditEntry) == audited + 2  # the discard is a deliberate act: audited


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


def test_another_s_draft_is_listed_as_who_and_when_only(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Review of issue 19 (attacker): the draft's text is the paper before it is issued; the
    administrator and the provincial leader may not read the issued original (require_papers),
    and a colleague has no business reading what one has not issued: others see whose and when."""
    case_id = heard_case(ctx, admin.office_id)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND, recipient="张三",
             issue_date=date(2026, 11, 20))
    [own] = ctx.call(drafts.list_drafts, case_id=case_id)
    assert own.writings == FOUND and own.recipient == "张三"
    leader = make_user(ctx, "leader", Role.SUPERVISOR, admin.office_id)
    for reader in (admin, leader, make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)):
        ctx.actor = reader
        [seen] = ctx.call(drafts.list_drafts, case_id=case_id)
        assert (seen.paper, seen.user) == ("仲裁裁决书", "arb") and seen.saved_label
        assert (seen.writings, seen.recipient, seen.issue_date, seen.finality) == ({}, None, None, None), reader.role


def test_a_draft_s_first_save_and_its_deletion_on_issue_are_audited(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Each keystroke's save is not audited, but that a draft was begun is, and an issue that
    deletes other users' drafts says whose (entity paper_draft)."""
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND, issue_date=ON)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=WRITTEN, issue_date=ON)
    other = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    ctx.actor = other
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings=FOUND)
    ctx.actor = arbitrator
    issue(ctx, case_id, "award", writings=WRITTEN)
    with ctx.db.session() as s:
        trail = [(e.action, e.user_id, json.loads(e.before or e.after or "{}") | json.loads(e.after or "{}"))
                 for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "paper_draft").order_by(AuditEntry.seq))]
    assert [(a, u) for a, u, _ in trail] == [("create", arbitrator.id), ("create", other.id),
                                             ("delete", arbitrator.id), ("delete", arbitrator.id)]
    deleted = sorted(str(d.get("user")) for a, _u, d in trail if a == "delete")
    assert deleted == sorted([arbitrator.id.hex, other.id.hex])  # whose drafts the issue replaced
    assert all("签发" in str(d) for a, _u, d in trail if a == "delete")
    assert count(ctx, PaperDraft) == 0
