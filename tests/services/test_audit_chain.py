"""The audit trail's hash chain: intact after real work; edited, deleted, reordered or cut
entries make ``audit verify`` fail and name the first entry that does not hold (a file, or a
server database read over its connection)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from hrss_disputes.cli import main
from hrss_disputes.models.enums import Role
from hrss_disputes.services import audit_trail, cases
from hrss_disputes.services.errors import PermissionDenied
from tests.factories import act, arbitration_input, make_user


@pytest.fixture
def worked(ctx, admin, db, db_target):  # noqa: ANN001, ANN201
    """A case registered, accepted and edited: a dozen entries from several services; the
    database as ``--db`` names it."""
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="肇劳人仲案字〔2026〕7号"))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=d.version, changes={"summary": "拖欠三个月工资"})
    return db_target


def _verify(target: str | Path, capsys) -> tuple[int, str]:  # noqa: ANN001
    code = main(["audit", "verify", "--db", str(target)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _engine(target: str):  # noqa: ANN202
    """Straight at the tables, as someone with write access to the database would go: on a
    server the superuser, triggers off for its sessions (session_replication_role), since the
    trail's own trigger refuses UPDATE and DELETE to everyone else (migration 0025)."""
    if "://" not in target:
        return create_engine(f"sqlite:///{target}", poolclass=NullPool)
    return create_engine(target, poolclass=NullPool,
                         connect_args={"options": "-c session_replication_role=replica"})


def _sql(target: str, *statements: str) -> None:
    engine = _engine(target)
    with engine.begin() as conn:
        for s in statements:
            conn.execute(text(s))
    engine.dispose()


def _one(target: str, query: str):  # noqa: ANN202
    engine = _engine(target)
    with engine.connect() as conn:
        found = conn.execute(text(query)).one()
    engine.dispose()
    return found


def _count(target: str) -> int:
    return _one(target, "SELECT count(*) FROM audit_entry")[0]


def test_an_untouched_trail_verifies(worked, capsys) -> None:  # noqa: ANN001
    code, text = _verify(worked, capsys)
    assert code == 0, text
    assert f"共 {_count(worked)} 条记录" in text


def test_every_entry_links_to_the_one_before(ctx, admin, worked) -> None:  # noqa: ANN001
    engine = _engine(worked)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT seq, prev_hash, hash FROM audit_entry ORDER BY seq")).all()
    engine.dispose()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(b[1] == a[2] for a, b in zip(rows, rows[1:], strict=False))
    ctx.actor = admin
    assert ctx.call(audit_trail.verify) is None


def test_an_edited_entry_is_named(worked, capsys) -> None:  # noqa: ANN001
    _sql(worked, "UPDATE audit_entry SET after = replace(after, '拖欠三个月工资', '拖欠一个月工资') WHERE after LIKE '%拖欠三个月工资%'")
    (seq,) = _one(worked, "SELECT seq FROM audit_entry WHERE after LIKE '%拖欠一个月工资%'")
    code, text = _verify(worked, capsys)
    assert code == 1 and f"第 {seq} 条" in text and "内容与其哈希不符" in text


def test_an_edited_who_or_when_is_named(worked, capsys) -> None:  # noqa: ANN001
    _sql(worked, "UPDATE audit_entry SET at = '2026-01-01 00:00:00.000000' WHERE seq = 3")
    code, text = _verify(worked, capsys)
    assert code == 1 and "第 3 条" in text


def test_a_deleted_entry_is_named(worked, capsys) -> None:  # noqa: ANN001
    _sql(worked, "DELETE FROM audit_entry WHERE seq = 4")
    code, text = _verify(worked, capsys)
    assert code == 1 and "第 5 条" in text and "应为第 4 条" in text


def test_entries_put_in_another_order_are_named(worked, capsys) -> None:  # noqa: ANN001
    # swap the places of entries 2 and 3 (their numbers), each keeping its own hash
    _sql(worked, "UPDATE audit_entry SET seq = -2 WHERE seq = 2", "UPDATE audit_entry SET seq = 2 WHERE seq = 3",
         "UPDATE audit_entry SET seq = 3 WHERE seq = -2")
    code, text = _verify(worked, capsys)
    assert code == 1 and "第 2 条" in text


def test_a_rehashed_forgery_still_breaks_the_next_link(worked, capsys) -> None:  # noqa: ANN001
    """Someone who edits an entry and recomputes its own hash still breaks the entry after it."""
    from dataclasses import replace

    from sqlalchemy import text as sql
    from sqlmodel import Session, select

    from hrss_disputes.domain.audit_chain import entry_hash
    from hrss_disputes.models.audit import AuditEntry
    from hrss_disputes.services.audit import chain_entry

    engine = _engine(worked)
    with Session(engine) as session:
        row = session.exec(select(AuditEntry).where(AuditEntry.seq == 3)).one()
        forged = replace(chain_entry(row), after='{"forged": true}', hash=None)
        prev = row.prev_hash
    with engine.begin() as conn:
        conn.execute(sql("UPDATE audit_entry SET after = :a, hash = :h WHERE seq = 3"),
                     {"a": '{"forged": true}', "h": entry_hash(prev, forged)})
    engine.dispose()
    code, text = _verify(worked, capsys)
    assert code == 1 and "第 4 条" in text and "不衔接" in text


def test_entries_cut_off_the_end_are_found(worked, capsys) -> None:  # noqa: ANN001
    last = _count(worked)
    _sql(worked, f"DELETE FROM audit_entry WHERE seq >= {last - 1}")
    code, text = _verify(worked, capsys)
    assert code == 1 and "被删除" in text


def test_verify_of_a_missing_file(tmp_path, capsys) -> None:  # noqa: ANN001
    code, text = _verify(tmp_path / "无此文件.db", capsys)
    assert code == 1 and "找不到数据库文件" in text


def test_the_viewer_filters_by_case_user_and_day_and_masks_ids(ctx, admin, worked) -> None:  # noqa: ANN001
    from hrss_disputes.services import offices

    arb = ctx.call(offices.find_actor, username="arb")
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    rows = ctx.call(audit_trail.list_entries, case_number="肇劳人仲案字〔2026〕7号")
    assert [r.action for r in rows] == ["修改", "受理", "新建"]
    assert all(r.user == "arb" for r in rows)
    assert ctx.call(audit_trail.list_entries, user_id=arb.id)[0].seq == rows[0].seq
    assert ctx.call(audit_trail.list_entries, date_from=date(2020, 1, 1), date_to=date(2020, 1, 31)) == []
    party_rows = [r for r in ctx.call(audit_trail.list_entries) if r.entity == "当事人"]
    assert party_rows and all("11010519491231002X" not in r.after for r in party_rows)
    assert any("1101**********002X" in r.after for r in party_rows)
    assert all("password_hash" not in r.after for r in ctx.call(audit_trail.list_entries))
    ctx.actor = arb
    with pytest.raises(PermissionDenied, match="查看审计日志"):
        ctx.call(audit_trail.list_entries)


def test_the_viewer_says_what_an_edit_changed(ctx, admin, worked) -> None:  # noqa: ANN001
    """An edit reads as 字段：旧 → 新, people by their names; new rows and procedure steps have
    no such line."""
    from hrss_disputes.services import case_list, offices

    ctx.actor = ctx.call(offices.find_actor, username="arb")
    case_id = ctx.call(case_list.find_by_number, case_number="肇劳人仲案字〔2026〕7号")
    other = make_user(ctx, "王仲裁", Role.ARBITRATOR, admin.office_id)
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=d.version,
             changes={"handler_id": other.id, "green_channel": True, "summary": "拖欠三个月工资"})
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    rows = ctx.call(audit_trail.list_entries, case_number="肇劳人仲案字〔2026〕7号")
    assert [r.action for r in rows] == ["修改", "修改", "受理", "新建"]
    assert rows[0].changes == "承办人：arb → 王仲裁；绿色通道：否 → 是"  # the unchanged summary is not listed
    assert rows[1].changes == "请求摘要：（空） → 拖欠三个月工资"
    assert rows[2].changes == "" and rows[3].changes == ""
