"""Issuing papers: numbered, stored with their SHA-256, never changed; corrections as new versions;
a template with an error refused before anything is written; the anonymised copy for publication."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from hrss_disputes.documents.template import TEMPLATE_DIR, load
from hrss_disputes.models.case import CaseEvent
from hrss_disputes.models.document import IssuedDocument
from hrss_disputes.models.enums import EventKind, Role
from hrss_disputes.models.office import Office
from hrss_disputes.models.reference import NumberSequence
from hrss_disputes.services import cases, documents, workflow
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, act, arbitration_input, award_amounts, heard_case, make_user
from tests.pdf import text_of

ON = date(2026, 11, 20)
RIGHTS_FINAL = load("award").wording["终局权利告知"]
WRITTEN = {"事实与理由及被申请人答辩": "申请人称被申请人拖欠工资；被申请人未答辩。", "本委查明": "申请人于2024年3月入职被申请人处，月工资4,000元。", "本委认为": "被申请人应当足额支付劳动报酬。"}


@pytest.fixture
def arbitrator(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    return ctx.actor


def issue(ctx, case_id, doc_type: str, **kw):  # noqa: ANN001, ANN003, ANN201
    version = ctx.call(cases.get_case, case_id=case_id).version
    return ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type=doc_type,
                    issue_date=kw.pop("issue_date", ON), **kw)


def count(ctx, what) -> int:  # noqa: ANN001
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(what))


def test_an_issued_award_is_stored_with_its_hash_and_starts_the_service_clock(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    [doc] = issue(ctx, case_id, "award", writings=WRITTEN)
    pdf = ctx.call(documents.issued_pdf, document_id=doc.id)
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest() and doc.number == "肇劳人仲案字〔2026〕88号"
    assert doc.final is True and doc.version == 1 and doc.issued_by == "arb"
    body = text_of(pdf)
    assert "样稿" not in body and RIGHTS_FINAL[:30] in body and "被申请人应当足额支付劳动报酬" in body
    assert [d.id for d in ctx.call(documents.list_issued, case_id=case_id)] == [doc.id]
    detail = ctx.call(cases.get_case, case_id=case_id)
    assert any(e.kind is EventKind.DOCUMENT_ISSUED and "签发《仲裁裁决书》" in e.note for e in detail.events)
    due = {d.key: d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=ON)}
    assert due["award_service"].open and due["award_service"].due == date(2026, 11, 27)  # 5 working days
    act(ctx, case_id, "serve", date(2026, 11, 21), document="award", method="direct")
    due = {d.key: d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=ON)}
    assert not due["award_service"].open


def test_an_award_of_mixed_items_is_issued_as_two_documents(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "30000", "2000"])
    final, other = issue(ctx, case_id, "award", writings=WRITTEN)
    assert (final.title, final.final) == ("仲裁裁决书（终局裁决）", True)
    assert (other.title, other.final) == ("仲裁裁决书（非终局裁决）", False)
    assert final.number == other.number == "肇劳人仲案字〔2026〕88号"


def test_issued_documents_cannot_be_changed_or_deleted(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    [doc] = issue(ctx, case_id, "award", writings=WRITTEN)
    original = ctx.call(documents.issued_pdf, document_id=doc.id)
    for sql, params in (("UPDATE issued_document SET pdf = :pdf", {"pdf": b"\x00"}),
                        ("UPDATE issued_document SET title = '改'", {}), ("DELETE FROM issued_document", {})):
        with ctx.db.session() as s, pytest.raises(Exception, match="immutable"):
            s.execute(text(sql), params)
            s.commit()
    with ctx.db.session() as s:  # through the ORM as well
        row = s.get(IssuedDocument, doc.id)
        row.number = "改过的案号"
        with pytest.raises(Exception, match="immutable"):
            s.commit()
    assert ctx.call(documents.issued_pdf, document_id=doc.id) == original


def test_a_changed_pdf_is_detected_by_its_hash(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    [doc] = issue(ctx, case_id, "award", writings=WRITTEN)
    with ctx.db.session() as s:  # someone with the file in a SQLite editor (or the table's owner) drops the guard
        s.execute(text("DROP TRIGGER issued_document_no_update" if s.get_bind().dialect.name == "sqlite"
                       else "ALTER TABLE issued_document DISABLE TRIGGER issued_document_immutable"))
        s.execute(text("UPDATE issued_document SET pdf = :pdf"), {"pdf": b"%PDF-"})
        s.commit()
    with pytest.raises(ValidationFailed, match="校验值不符"):
        ctx.call(documents.issued_pdf, document_id=doc.id)


def test_a_correction_is_a_new_version_linked_to_the_old(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    [first] = issue(ctx, case_id, "award", writings=WRITTEN)
    fixed = {**WRITTEN, "本委查明": "申请人于2024年3月1日入职被申请人处，月工资4,000元。"}
    [second] = issue(ctx, case_id, "award", writings=fixed, corrects=first.id, issue_date=date(2026, 11, 21))
    assert (second.version, second.supersedes_id, second.number) == (2, first.id, first.number)
    assert "2024年3月1日入职" in text_of(ctx.call(documents.issued_pdf, document_id=second.id))
    assert "2024年3月1日入职" not in text_of(ctx.call(documents.issued_pdf, document_id=first.id))
    listed = {d.id: d for d in ctx.call(documents.list_issued, case_id=case_id)}
    assert listed[first.id].superseded and not listed[second.id].superseded
    assert listed[second.id].label == "仲裁裁决书（第2版，补正）"
    with pytest.raises(ValidationFailed, match="最新版本"):
        issue(ctx, case_id, "award", writings=fixed, corrects=first.id)


def test_papers_with_their_own_number_count_up_per_year(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    with ctx.db.session() as s:
        office = s.get(Office, admin.office_id)
        office.case_prefix = "肇"
        s.add(office)
        s.commit()
    numbers = []
    for _ in range(2):
        case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
        act(ctx, case_id, "accept", date(2026, 11, 3))
        [doc] = issue(ctx, case_id, "acceptance_notice")
        numbers.append((ctx.call(cases.get_case, case_id=case_id).case_number, doc.number))
        assert doc.number in text_of(ctx.call(documents.issued_pdf, document_id=doc.id))
    assert numbers == [("肇劳人仲案字〔2026〕1号", "肇劳人仲受字〔2026〕1号"),
                       ("肇劳人仲案字〔2026〕2号", "肇劳人仲受字〔2026〕2号")]


def test_acceptance_gives_a_case_without_a_number_its_number(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    taken = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="劳人仲案字〔2026〕1号"))
    assert taken
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    assert ctx.call(cases.get_case, case_id=case_id).case_number is None
    act(ctx, case_id, "accept", date(2026, 11, 3))
    # number 1 was typed by hand on another case: the sequence skips it
    assert ctx.call(cases.get_case, case_id=case_id).case_number == "劳人仲案字〔2026〕2号"


def test_a_template_with_an_error_is_refused_and_nothing_is_issued(ctx, admin, arbitrator, tmp_path: Path) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    broken = (TEMPLATE_DIR / "award.tpl").read_text(encoding="utf-8").replace("列表：裁决项", "列表：判决项")
    (tmp_path / "award.tpl").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("列表：判决项") + 1
    version = ctx.call(cases.get_case, case_id=case_id).version
    events, sequences = count(ctx, CaseEvent), count(ctx, NumberSequence)
    with pytest.raises(ValidationFailed) as e:
        issue(ctx, case_id, "award", writings=WRITTEN, template_dir=tmp_path)
    assert f"第 {line} 行" in str(e.value) and "未知列表“判决项”" in str(e.value)
    assert count(ctx, IssuedDocument) == 0 and count(ctx, CaseEvent) == events
    assert count(ctx, NumberSequence) == sequences and ctx.call(cases.get_case, case_id=case_id).version == version


def test_an_award_without_its_reasons_is_not_issued(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    with pytest.raises(ValidationFailed) as e:
        issue(ctx, case_id, "award", writings={"本委查明": "已查明。", "本委认为": " "})
    assert e.value.errors == {"writing:事实与理由及被申请人答辩": "请填写“事实与理由及被申请人答辩”",
                              "writing:本委认为": "请填写“本委认为”"}
    assert count(ctx, IssuedDocument) == 0


def test_only_the_family_s_staff_issue_its_papers(ctx, admin) -> None:  # noqa: ANN001
    arbitrator = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    mediator = make_user(ctx, "med", Role.MEDIATOR, admin.office_id)
    ctx.actor = arbitrator
    case_id = heard_case(ctx, admin.office_id)
    ctx.actor = mediator
    with pytest.raises(PermissionDenied):
        issue(ctx, case_id, "hearing_notice")


def test_a_preview_is_marked_and_writes_nothing(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    shown = ctx.call(documents.preview, case_id=case_id, doc_type="hearing_notice", issue_date=ON)
    [pdf] = shown.pdfs
    assert "样稿" in text_of(pdf) and "劳人仲案字〔2026〕1号" in text_of(pdf)  # numbered at acceptance
    assert shown.blanks == ["开庭地点", "开庭日期", "开庭时间"]  # not yet recorded: written by hand
    [pdf] = ctx.call(documents.preview, case_id=case_id, doc_type="acceptance_notice", issue_date=ON).pdfs
    assert "签发时编号" in text_of(pdf)
    assert count(ctx, IssuedDocument) == 0


def test_the_anonymised_copy_hides_who_the_parties_are(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    applicant = PartyInput(name="张三", id_doc_number=VALID_ID, phone="13800138000",
                           address="广东省肇庆市端州区黄岗街道宋城路12号")
    case_id = heard_case(ctx, admin.office_id, applicants=[applicant])
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    written = {**WRITTEN, "本委查明": "张三于2024年3月入职肇庆市鼎盛建筑工程有限公司，联系电话13800138000。"}
    [doc] = issue(ctx, case_id, "award", writings=written)
    body = text_of(ctx.call(documents.anonymised_pdf, document_id=doc.id))
    assert "张三" not in body and "鼎盛" not in body and VALID_ID not in body and "13800138000" not in body
    assert "黄岗街道" not in body and "住广东省肇庆市端州区" in body
    assert "申请人：张某" in body and "被申请人：某有限公司" in body and "张某于2024年3月入职某有限公司" in body
    assert "110105************" in body and "138****8000" in body
    assert "首席仲裁员陈立新" in body  # the tribunal keeps its names
    with pytest.raises(ValidationFailed, match="只有仲裁裁决书和仲裁调解书"):
        [notice] = issue(ctx, case_id, "hearing_notice")
        ctx.call(documents.anonymised_pdf, document_id=notice.id)



def test_the_issued_award_decides_the_type_the_timeline_records(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "30000", "2000"])  # a final part and a non-final part
    issue(ctx, case_id, "award", writings=WRITTEN)  # records 作出裁决 as the papers state it
    assert "award" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    act(ctx, case_id, "serve", date(2026, 11, 21), document="award", method="direct")
    due = {d.key for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=ON)}
    assert "set_aside" in due  # the employer's 30 days run on the final part


def test_an_award_whose_finality_cannot_be_determined_is_not_issued_as_non_final(ctx, admin) -> None:  # noqa: ANN001
    """LDMAF 47(一) measures an item against 12 months of the local minimum wage: with no figure
    for the place (here a city the table does not hold), an item's finality is unknown, and the
    award is refused naming each item until the figure is entered or the tribunal decides."""
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import audit_trail, offices
    from hrss_disputes.services.errors import ValidationFailed
    from tests.factories import award_amounts, heard_case, make_user

    far = ctx.call(offices.create_office, name="三沙市劳动人事争议仲裁院", kind=OfficeKind.INSTITUTE,
                   parent_id=admin.office_id, city="三沙", code="SS")
    ctx.actor = make_user(ctx, "ss_arb", Role.ARBITRATOR, far)
    case_id = heard_case(ctx, far)
    award_amounts(ctx, case_id, ["12000.50", "30000", None])
    asked = ctx.call(documents.undecided_finality, case_id=case_id)
    assert [label for _id, label, _why in asked] == ["劳动报酬（工资）", "经济补偿", "加班工资"]
    assert all("无法判断" in why for *_x, why in asked)
    writings = {"事实与理由及被申请人答辩": "申请人称被拖欠工资。", "本委查明": "查明。", "本委认为": "应予支持。"}
    version = ctx.call(cases.get_case, case_id=case_id).version
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                 issue_date=date(2026, 11, 20), writings=writings)
    assert set(refused.value.errors) == {f"finality:{i.hex}" for i, *_x in asked}
    assert "最低工资标准" in next(iter(refused.value.errors.values()))
    assert ctx.call(documents.list_issued, case_id=case_id) == []
    decided = {asked[0][0]: True, asked[1][0]: False, asked[2][0]: False}  # the tribunal decides
    made = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                    issue_date=date(2026, 11, 20), writings=writings, finality=decided)
    assert sorted(d.final for d in made) == [False, True]  # a final and a non-final award
    issued = [e for e in ctx.call(audit_trail.list_entries, user=admin) if "finality_decided" in (e.after or "")]
    assert len(issued) == 2  # each award's issue entry keeps what the tribunal decided


def test_only_the_tribunal_issues_an_award_or_a_mediation_statement(ctx, admin) -> None:  # noqa: ANN001
    """LDMAF 42, 46–47: the award and the arbitral mediation statement are the tribunal's; a
    clerk makes the notices but is neither offered nor allowed those two."""
    from hrss_disputes.services.errors import PermissionDenied
    from tests.factories import heard_case, make_user

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    assert {"award", "mediation_statement"} <= {k for k, _ in ctx.call(documents.document_types, case_id=case_id)}
    ctx.actor = make_user(ctx, "clerk2", Role.CLERK, admin.office_id)
    offered = {k for k, _ in ctx.call(documents.document_types, case_id=case_id)}
    assert "hearing_notice" in offered and not offered & {"award", "mediation_statement"}
    with pytest.raises(PermissionDenied, match="书记员不能签发"):
        ctx.call(documents.issue, case_id=case_id, expected_version=ctx.call(cases.get_case, case_id=case_id).version,
                 doc_type="award", writings={"本委认为": "x"}, issue_date=date(2026, 11, 20))


# ---------------------------------------------------------------- once, dated, current (review of issue 18, 4–5)


def test_an_award_is_not_issued_a_second_time_a_change_is_a_correction(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Finding 4: a second original while one is in force would put two awards in force; a written
    or calculation error is corrected by 补正 (legal-rules.md §12.2). Nothing is issued."""
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "30000", "2000"])
    final, other = issue(ctx, case_id, "award", writings=WRITTEN)
    before = count(ctx, IssuedDocument), ctx.call(cases.get_case, case_id=case_id).version
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id, "award", writings=WRITTEN, issue_date=date(2026, 11, 21))
    assert "不能再签发" in refused.value.errors["doc_type"] and "补正" in refused.value.errors["doc_type"]
    assert (count(ctx, IssuedDocument), ctx.call(cases.get_case, case_id=case_id).version) == before
    # the correction of one part leaves the other in force: both parts are current
    [fixed] = issue(ctx, case_id, "award", writings=WRITTEN, corrects=other.id, issue_date=date(2026, 11, 21))
    assert {d.id for d in ctx.call(documents.current_papers, case_id=case_id, doc_type="award")} == {final.id, fixed.id}


def test_an_acceptance_notice_is_issued_once_a_hearing_notice_again_for_a_moved_hearing(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 10, 8)))
    act(ctx, case_id, "accept", date(2026, 10, 9))
    issue(ctx, case_id, "acceptance_notice", issue_date=date(2026, 10, 9))
    with pytest.raises(ValidationFailed, match="不能再签发"):
        issue(ctx, case_id, "acceptance_notice", issue_date=date(2026, 10, 10))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新")
    notices = []
    for on, hearing in [(date(2026, 10, 14), date(2026, 11, 25)), (date(2026, 10, 20), date(2026, 11, 27))]:
        if notices:  # moved: the first hearing postponed, then booked again
            act(ctx, case_id, "postpone_hearing", on, reason="仲裁员另有公务")
        act(ctx, case_id, "schedule_hearing", on, hearing_on=hearing, place="一庭")
        notices += issue(ctx, case_id, "hearing_notice", issue_date=on)
    [to_company] = issue(ctx, case_id, "hearing_notice", issue_date=date(2026, 10, 21), recipient="某某公司")
    current = ctx.call(documents.current_papers, case_id=case_id, doc_type="hearing_notice")
    assert [d.id for d in current] == [notices[1].id, to_company.id]  # the latest to each recipient
    with pytest.raises(ValidationFailed, match="取代"):  # the old notice is not corrected any more
        issue(ctx, case_id, "hearing_notice", corrects=notices[0].id, issue_date=date(2026, 10, 22))


@pytest.mark.parametrize(("doc_type", "issue_date", "message"), [
    ("award", date(2099, 3, 1), "签发日期不能晚于今天"),
    ("award", date(2026, 11, 6), "签发日期不能早于“作出裁决”的日期 2026-11-10"),
    ("hearing_notice", date(2026, 10, 13), "签发日期不能早于“确定开庭日期”的日期 2026-10-14"),
    ("acceptance_notice", date(2026, 10, 7), "签发日期不能早于收案日期 2026-10-08"),
])
def test_a_paper_is_dated_like_a_step(ctx, admin, arbitrator, doc_type, issue_date, message) -> None:  # noqa: ANN001
    """Finding 4: not in the future, not before the receipt, not before the step it follows (the
    award paper after 作出裁决, the notice after the hearing date is set). Nothing is issued."""
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    act(ctx, case_id, "award", date(2026, 11, 10))
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id, doc_type, writings=WRITTEN, issue_date=issue_date)
    assert refused.value.errors["issue_date"] == message
    assert count(ctx, IssuedDocument) == 0


def test_an_award_paper_is_not_dated_before_the_hearing_and_a_correction_not_before_its_paper(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)  # heard on 5 November
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id, "award", writings=WRITTEN, issue_date=date(2026, 11, 4))
    assert "2026-11-05" in refused.value.errors["issue_date"]
    [first] = issue(ctx, case_id, "award", writings=WRITTEN, issue_date=date(2026, 11, 20))
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id, "award", writings=WRITTEN, corrects=first.id, issue_date=date(2026, 11, 19))
    assert refused.value.errors["issue_date"] == "补正的签发日期不能早于被补正文书的签发日期 2026-11-20"
    assert count(ctx, IssuedDocument) == 1


def test_the_issue_check_refuses_as_issue_does_and_writes_nothing(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Review of issue 18, finding 9: the award dialog asks check_issue before 确定签发; it says at
    the fields what issue would refuse (a blank section, a clerk's award) and stores nothing."""
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "20000", None])
    before = ctx.call(cases.get_case, case_id=case_id).version
    blank = {**WRITTEN, "本委查明": " "}
    with pytest.raises(ValidationFailed) as checked:
        ctx.call(documents.check_issue, case_id=case_id, doc_type="award", writings=blank, issue_date=ON)
    with pytest.raises(ValidationFailed) as issued:
        issue(ctx, case_id, "award", writings=blank)
    assert checked.value.errors == issued.value.errors == {"writing:本委查明": "请填写“本委查明”"}
    ctx.call(documents.check_issue, case_id=case_id, doc_type="award", writings=WRITTEN, issue_date=ON)
    assert count(ctx, IssuedDocument) == 0 and ctx.call(cases.get_case, case_id=case_id).version == before
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    with pytest.raises(PermissionDenied):
        ctx.call(documents.check_issue, case_id=case_id, doc_type="award", writings=WRITTEN, issue_date=ON)
