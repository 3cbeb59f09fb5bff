"""Tampering an auditor tries (issue 17, point 4), each caught by ``audit verify`` alone or
``--against`` an older backup or a chain head printed on a report; and ``audit verify`` itself
changes nothing, not even on a file it may not write."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hrss_disputes.cli import main
from hrss_disputes.domain.audit_chain import GENESIS, ChainEntry, entry_hash
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, documents, report
from tests.factories import award_amounts, heard_case, make_user

COLUMNS = "seq, id, at, user_id, entity, entity_id, case_id, action, before, after, prev_hash, hash"
# a forger with the SQLite file in hand (sqlite3 on the file, its backups as anchors, read-only
# media, WAL leftovers); on a server the same checks over the connection are test_audit_chain.py
# and test_pg_backup.py
FILE_TAMPERING = pytest.mark.sqlite_only("tampering with the SQLite file itself and its file backups")


@pytest.fixture
def office(ctx, admin, db, tmp_path: Path):  # noqa: ANN001, ANN201
    """An award issued, a backup taken (the older anchor), then more work on the case."""
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
             issue_date=date(2026, 11, 20), writings={"事实与理由及被申请人答辩": "申请人称被拖欠工资。", "本委查明": "查明张三入职。",
                       "本委认为": "应予支持。"})
    summaries = iter(("拖欠两个月工资", "拖欠三个月工资", "拖欠四个月工资", "拖欠五个月工资"))
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=d.version, changes={"summary": next(summaries)})
    older = tmp_path / "older.db"
    assert main(["backup", "--db", str(db.path), "--out", str(older)]) == 0
    for summary in summaries:
        d = ctx.call(cases.get_case, case_id=case_id)
        ctx.call(cases.update_case, case_id=case_id, expected_version=d.version, changes={"summary": summary})
    db.dispose()
    return db.path, older


def _verify(path: Path, capsys, *against: str) -> tuple[int, str]:  # noqa: ANN001
    code = main(["audit", "verify", "--db", str(path), *(["--against", *against] if against else [])])
    out = capsys.readouterr()
    return code, out.out + out.err


def _head(path: Path) -> str:
    con = sqlite3.connect(path)
    seq, hash_ = con.execute("SELECT seq, hash FROM audit_head").fetchone()
    con.close()
    return f"{seq}:{hash_}"


def _rehash(con: sqlite3.Connection, start: int) -> None:
    """What a forger with write access does: recompute every hash from ``start`` on and the head."""
    prev = GENESIS if start == 1 else con.execute("SELECT hash FROM audit_entry WHERE seq = ?", (start - 1,)).fetchone()[0]
    for row in con.execute(f"SELECT {COLUMNS} FROM audit_entry WHERE seq >= ? ORDER BY seq", (start,)).fetchall():
        e = ChainEntry(row[0], row[1], datetime.fromisoformat(row[2]).replace(tzinfo=UTC), *row[3:10], prev, None)
        new = entry_hash(prev, e)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, new, row[0]))
        prev = new
    last = con.execute("SELECT max(seq) FROM audit_entry").fetchone()[0]
    con.execute("UPDATE audit_head SET seq = ?, hash = ?", (last, prev))


def _tamper(path: Path, *statements: str, rehash_from: int | None = None) -> None:
    con = sqlite3.connect(path)
    for s in statements:
        con.execute(s)
    if rehash_from is not None:
        _rehash(con, rehash_from)
    con.commit()
    con.close()


def _seq_of(path: Path, where: str) -> int:
    con = sqlite3.connect(path)
    (seq,) = con.execute(f"SELECT min(seq) FROM audit_entry WHERE {where}").fetchone()
    con.close()
    return seq


@FILE_TAMPERING
def test_an_untouched_database_verifies_alone_and_against_its_older_backup_and_head(office, capsys) -> None:  # noqa: ANN001
    path, older = office
    code, text = _verify(path, capsys)
    assert code == 0, text
    assert "完整性检查通过" in text and "签发文书均与" in text and f"今天的链头：{_head(path)}" in text
    assert _verify(path, capsys, str(older))[0] == 0
    code, text = _verify(path, capsys, _head(older))
    assert code == 0 and "原样保留" in text
    seq, hash_ = _head(older).split(":")
    assert _verify(path, capsys, f"第 {seq} 条 {hash_[:16]}")[0] == 0  # typed from a printed report


@FILE_TAMPERING
def test_truncated_and_rehashed_is_caught_against_the_older_anchor(office, capsys) -> None:  # noqa: ANN001
    path, older = office
    keep = int(_head(older).split(":")[0]) - 1
    _tamper(path, f"DELETE FROM audit_entry WHERE seq > {keep}", rehash_from=keep)
    assert _verify(path, capsys)[0] == 0  # consistent in itself: only an anchor can tell
    code, text = _verify(path, capsys, str(older))
    assert code == 1 and "截断" in text


@FILE_TAMPERING
def test_rewritten_and_rehashed_history_is_caught_against_the_older_anchor(office, capsys) -> None:  # noqa: ANN001
    path, older = office
    seq = _seq_of(path, "action = 'create' AND entity = 'dispute_case'")
    _tamper(path, f"UPDATE audit_entry SET after = replace(after, '张三', '李四') WHERE seq = {seq}", rehash_from=seq)
    assert _verify(path, capsys)[0] == 0
    for anchor in (str(older), _head(older)):
        code, text = _verify(path, capsys, anchor)
        assert code == 1 and "改写" in text


@FILE_TAMPERING
def test_a_forged_tail_in_place_of_the_real_one_is_caught_against_a_report_head(office, capsys) -> None:  # noqa: ANN001
    path, _older = office
    printed = _head(path)  # as the monthly report printed it
    last = int(printed.split(":")[0])
    _tamper(path, f"UPDATE audit_entry SET after = replace(after, '五个月', '一个月') WHERE seq = {last}",
            rehash_from=last)
    assert _verify(path, capsys)[0] == 0
    code, text = _verify(path, capsys, printed)
    assert code == 1 and f"第 {last} 条" in text


@FILE_TAMPERING
def test_a_forged_append_without_the_head_and_a_reset_head_are_caught_alone(office, capsys) -> None:  # noqa: ANN001
    path, _older = office
    con = sqlite3.connect(path)
    row = con.execute(f"SELECT {COLUMNS} FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    con.close()
    forged = ChainEntry(row[0] + 1, "f" * 32, datetime.fromisoformat(row[2]).replace(tzinfo=UTC), *row[3:8], None, '{"forged": 1}', row[11], None)
    _tamper(path, "INSERT INTO audit_entry (seq, id, at, user_id, entity, entity_id, case_id, action, before, after, "
                  f"prev_hash, hash) SELECT seq + 1, '{'f' * 32}', at, user_id, entity, entity_id, case_id, action, "
                  f"NULL, '{{\"forged\": 1}}', hash, '{entry_hash(row[11], forged)}' FROM audit_entry WHERE seq = {row[0]}")
    code, text = _verify(path, capsys)
    assert code == 1 and "链头" in text
    _tamper(path, f"DELETE FROM audit_entry WHERE seq = {row[0] + 1}",
            f"UPDATE audit_head SET seq = {row[0] - 1}, hash = (SELECT hash FROM audit_entry WHERE seq = {row[0] - 1})")
    code, text = _verify(path, capsys)
    assert code == 1 and "链头" in text


@FILE_TAMPERING
def test_a_swapped_issued_pdf_is_caught_alone_and_with_its_entry_rewritten_against_the_anchor(office, capsys) -> None:  # noqa: ANN001
    path, older = office
    fake = b"%PDF-1.4 forged award"
    digest = hashlib.sha256(fake).hexdigest()
    _tamper(path, "DROP TRIGGER IF EXISTS issued_document_no_update", "DROP TRIGGER IF EXISTS issued_document_immutable",
            f"UPDATE issued_document SET pdf = X'{fake.hex()}', sha256 = '{digest}'")
    code, text = _verify(path, capsys)
    assert code == 1 and "签发文书" in text and "不符" in text
    seq = _seq_of(path, "action = 'issue'")
    con = sqlite3.connect(path)
    (after,) = con.execute(f"SELECT after FROM audit_entry WHERE seq = {seq}").fetchone()
    con.close()
    after = json.dumps({**json.loads(after), "sha256": digest}, ensure_ascii=False, sort_keys=True)
    _tamper(path, f"UPDATE audit_entry SET after = '{after}' WHERE seq = {seq}", rehash_from=seq)
    assert _verify(path, capsys)[0] == 0
    code, text = _verify(path, capsys, str(older))
    assert code == 1 and "改写" in text


@FILE_TAMPERING
def test_verify_changes_nothing_and_works_where_it_may_not_write(office, capsys, monkeypatch) -> None:  # noqa: ANN001
    path, _older = office
    before = {p: p.read_bytes() for p in path.parent.rglob("*") if p.is_file()}
    real_access = __import__("os").access
    # a CD or a write-protected stick: the folder cannot be written (root ignores mode bits)
    monkeypatch.setattr("os.access", lambda p, mode: False if mode == 2 else real_access(p, mode))
    code, text = _verify(path, capsys)
    assert code == 0, text
    assert {p: p.read_bytes() for p in path.parent.rglob("*") if p.is_file()} == before  # no backup, no upgrade


def test_the_monthly_report_prints_the_chain_head(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.documents.kpi_report import render_report
    from hrss_disputes.documents.kpi_workbook import render_workbook
    from hrss_disputes.domain.kpi import Period
    from tests.pdf import text_of

    made = ctx.call(report.monthly_report, office_id=admin.office_id, period=Period.month(2026, 10), with_trend=True)
    seq, hash_ = made.audit_head
    assert seq > 0 and len(hash_) == 64
    assert report.as_json(made)["audit_head"] == {"seq": seq, "hash": hash_}
    assert hash_[:20] in text_of(render_report(made, report.LISTED_MAX)).replace("\n", "")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render_workbook(made))).worksheets[0]
    assert f"{seq}:{hash_}" in sheet.cell(sheet.max_row, 1).value


@FILE_TAMPERING
def test_every_backup_carries_the_chain_head_beside_it_and_verify_reads_it(office, capsys) -> None:  # noqa: ANN001
    from hrss_disputes.backup import make_backup, metadata_path, rotate

    path, older = office
    meta = json.loads(metadata_path(older).read_text(encoding="utf-8"))
    assert meta["backup_of"] == path.name and f"{meta['audit_head']['seq']}:{meta['audit_head']['hash']}" == _head(older)
    assert oct(metadata_path(older).stat().st_mode & 0o777) == "0o600"
    code, text = _verify(path, capsys, str(metadata_path(older)))
    assert code == 0 and "原样保留" in text
    seq = _seq_of(path, "action = 'create' AND entity = 'dispute_case'")
    _tamper(path, f"UPDATE audit_entry SET after = replace(after, '张三', '李四') WHERE seq = {seq}", rehash_from=seq)
    code, text = _verify(path, capsys, str(metadata_path(older)))
    assert code == 1 and "改写" in text
    # the daily and manual copies in backups/ carry it too, and rotation takes it away with them
    made = [make_backup(path, "daily", datetime(2026, 11, d, 8, 0)) for d in range(1, 12)]
    assert all(metadata_path(m).is_file() for m in made)
    gone = rotate(path, keep_daily=2, keep_weekly=0)
    assert gone and all(not metadata_path(g).exists() for g in gone)


@FILE_TAMPERING
def test_the_viewers_check_finds_a_swapped_paper_too(ctx, admin, db) -> None:  # noqa: ANN001
    from hrss_disputes.services import audit_trail

    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    ctx.actor = arb
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
             issue_date=date(2026, 11, 20), writings={"事实与理由及被申请人答辩": "申请人称被拖欠工资。",
                                                     "本委查明": "查明张三入职。", "本委认为": "应予支持。"})
    ctx.actor = admin
    assert ctx.call(audit_trail.verify) is None
    assert ctx.call(audit_trail.chain_head)[0] > 0
    _tamper(db.path, "DROP TRIGGER IF EXISTS issued_document_no_update", "DROP TRIGGER IF EXISTS issued_document_immutable",
            "UPDATE issued_document SET pdf = X'25504446', sha256 = 'x'")
    fault = ctx.call(audit_trail.verify)
    assert isinstance(fault, str) and "签发时审计链记录的哈希不符" in fault


@FILE_TAMPERING
def test_verify_leaves_nothing_beside_a_database_in_wal_mode(office, capsys) -> None:  # noqa: ANN001
    path, _older = office
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    before = sorted(p.name for p in path.parent.iterdir())
    assert _verify(path, capsys)[0] == 0
    assert sorted(p.name for p in path.parent.iterdir()) == before


@FILE_TAMPERING
def test_a_swapped_pdf_with_a_second_issue_entry_appended_is_caught(office, capsys) -> None:  # noqa: ANN001
    """The forger swaps the PDF and appends a well-formed 'issue' entry carrying the new hash
    (head advanced): a paper is issued once, so the second entry gives it away."""
    path, older = office
    fake = b"%PDF-1.4 forged award"
    digest = hashlib.sha256(fake).hexdigest()
    con = sqlite3.connect(path)
    row = con.execute(f"SELECT {COLUMNS} FROM audit_entry WHERE action = 'issue' ORDER BY seq LIMIT 1").fetchone()
    last, last_hash = con.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    con.close()
    after = json.dumps({**json.loads(row[9]), "sha256": digest}, ensure_ascii=False, sort_keys=True)
    at = datetime.now(UTC)
    forged = ChainEntry(last + 1, "e" * 32, at, *row[3:8], None, after, last_hash, None)
    new_hash = entry_hash(last_hash, forged)
    stamp = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    _tamper(path, "DROP TRIGGER IF EXISTS issued_document_no_update", "DROP TRIGGER IF EXISTS issued_document_immutable",
            f"UPDATE issued_document SET pdf = X'{fake.hex()}', sha256 = '{digest}'",
            f"INSERT INTO audit_entry ({COLUMNS}) VALUES ({last + 1}, '{'e' * 32}', '{stamp}', "
            + ", ".join("NULL" if v is None else f"'{v}'" for v in row[3:8])
            + f", NULL, '{after}', '{last_hash}', '{new_hash}')",
            f"UPDATE audit_head SET seq = {last + 1}, hash = '{new_hash}'")
    code, text = _verify(path, capsys)
    assert code == 1 and "再次“签发”" in text, text
    code, text = _verify(path, capsys, str(older))
    assert code == 1
