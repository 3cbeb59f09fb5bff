"""The command line: demo data and the no-display message."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hrss_disputes.cli import main


def _rows(target: str, sql: str) -> list[tuple]:
    """Rows of a query on a database given as ``--db`` takes it (a file or a server URL)."""
    from sqlalchemy import text

    from hrss_disputes.db import make_engine

    engine, _ = make_engine(target)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _numbers(target: str) -> list[tuple]:
    return _rows(target, "SELECT case_number, family, status, applicant_names, amount_claimed FROM dispute_case "
                         "ORDER BY case_number")


def test_demo_is_deterministic_and_covers_every_family_and_state(db_target: str, tmp_path: Path) -> None:
    """Twice with one seed, the same cases: on the backend under test and in a SQLite file."""
    a, b = db_target, str(tmp_path / "b.db")
    assert main(["demo", "--db", a, "--cases", "1500", "--seed", "7", "--today", "2026-11-21"]) == 0
    assert main(["demo", "--db", b, "--cases", "1500", "--seed", "7", "--today", "2026-11-21"]) == 0
    assert _numbers(a) == _numbers(b)
    assert _rows(a, "SELECT count(*) FROM dispute_case") == [(1500,)]
    families = {r[0] for r in _rows(a, "SELECT DISTINCT family FROM dispute_case")}
    assert families == {"mediation", "arbitration", "complaint"}
    statuses = {r[0] for r in _rows(a, "SELECT DISTINCT status FROM dispute_case")}
    assert {"received", "accepted", "agreement", "no_agreement", "awarded", "mediation_statement",
            "withdrawn", "not_accepted", "closed", "investigating"} <= statuses
    offices = {r[0] for r in _rows(a, "SELECT name FROM office")}
    for city in ("肇庆", "茂名", "开平", "汕尾"):
        assert f"{city}市劳动人事争议仲裁院" in offices
    # every ID number and credit code in the demo passes the validators
    from hrss_disputes.domain.validators import validate_credit_code, validate_resident_id

    for (number,) in _rows(a, "SELECT id_doc_number FROM party WHERE id_doc_number IS NOT NULL LIMIT 500"):
        assert validate_resident_id(number) is None, number
    for (code,) in _rows(a, "SELECT credit_code FROM party WHERE credit_code IS NOT NULL LIMIT 500"):
        assert validate_credit_code(code) is None, code
    [(oldest,)] = _rows(a, "SELECT min(received_on) FROM dispute_case")
    assert str(oldest) >= "2023-11-22"


def _demo_password(out: str, username: str) -> str:
    """The password ``demo`` printed for a user (its table: user name, role, password, …)."""
    [password] = [line.split()[2] for line in out.splitlines() if line.split()[:1] == [username]]
    return password


def test_the_monthly_report_of_the_same_demo_is_the_same_json_on_either_backend(  # noqa: ANN001
        db_target: str, tmp_path: Path, capsys, monkeypatch) -> None:
    """Issue 20's acceptance: ``demo --seed N`` then ``report --format json`` gives the same JSON,
    byte for byte but the audit head's hash, on the backend under test (a server in the PostgreSQL
    pass) as in a SQLite file loaded the same way in this test."""
    sqlite_file = str(tmp_path / "same.db")
    reports: dict[str, list[str]] = {}
    for target in (db_target, sqlite_file):
        assert main(["demo", "--db", target, "--cases", "200", "--seed", "11", "--today", "2026-11-21"]) == 0
        monkeypatch.setenv("HRSS_USER", "admin")
        monkeypatch.setenv("HRSS_PASSWORD", _demo_password(capsys.readouterr().out, "admin"))
        reports[target] = []
        for office in ("GD", "ZQ"):  # the province (every office) and one city's institute
            assert main(["report", "--db", target, "--month", "2026-10", "--office", office, "--format", "json"]) == 0
            # the audit head's hash covers each sign-in's time: the one thing that differs by nature
            head = re.compile(r'("audit_head": \{\s*"seq": \d+,\s*"hash": )"[0-9a-f]{64}"')
            reports[target].append(head.sub(r'\1"…"', capsys.readouterr().out))
    assert reports[db_target] == reports[sqlite_file]
    assert '"hash": "…"' in reports[db_target][0]
    province = json.loads(reports[db_target][0])
    assert province["period"]["from"] == "2026-10-01" and province["kpis"]["mediation_success"]["year_to_date"]["denominator"] > 0


def test_demo_refuses_a_database_that_has_data(db_target: str, capsys) -> None:  # noqa: ANN001
    assert main(["demo", "--db", db_target, "--cases", "100"]) == 0
    assert main(["demo", "--db", db_target, "--cases", "100"]) == 1
    assert "只能载入到空数据库" in capsys.readouterr().err


def test_no_display_says_how_to_use_xvfb(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "hrss_disputes", "--db", str(tmp_path / "x.db")],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"xvfb-run -a {sys.executable} -m hrss_disputes --db {tmp_path / 'x.db'}" in result.stderr
    assert "没有检测到图形显示环境" in result.stderr


def test_bad_database_file_on_the_command_line(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "bad.db"
    path.write_bytes(b"PK\x03\x04 not sqlite")
    assert main(["demo", "--db", str(path), "--cases", "10"]) == 1
    assert "不是本程序的数据库" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["--start", "2025-01-20", "--days", "15", "--kind", "calendar"], "2025-02-05"),  # 2-04 春节 → 2-05
        (["--start", "2025-09-25", "--days", "10", "--kind", "working"], "2025-10-15"),  # across National Day
    ],
)
def test_deadline_calculator(args: list[str], first_line: str, capsys) -> None:  # noqa: ANN001
    assert main(["deadline", *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == first_line
    assert any("起算日" in line for line in out[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-02-30", "--days", "5", "--kind", "working"], "不是有效日期"),
        (["--start", "2025-02-03", "--days", "-5", "--kind", "working"], "应为 0 至 3650 的整数"),
        (["--start", "2025-02-03", "--days", "5", "--kind", "weekly"], "应为 working"),
    ],
)
def test_deadline_calculator_bad_input(args: list[str], message: str, capsys) -> None:  # noqa: ANN001
    assert main(["deadline", *args]) == 2
    assert message in capsys.readouterr().err


def test_deadline_calculator_reads_the_administrators_calendar(ctx, db_target: str, capsys) -> None:  # noqa: ANN001
    from hrss_disputes.services import reference_admin

    ctx.call(reference_admin.set_calendar_day, day=date(2026, 11, 18), workday=False, note="测试：本地休息日")
    assert main(["deadline", "--start", "2026-11-16", "--days", "5", "--kind", "working", "--db", db_target]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2026-11-24"  # Wed 18 is a rest day in this database
    assert main(["deadline", "--start", "2026-11-16", "--days", "5", "--kind", "working"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2026-11-23"


def test_document_writes_the_issued_paper_its_public_copy_or_a_specimen(ctx, admin, db_target: str, tmp_path: Path,  # noqa: ANN001
                                                                       capsys, cli_login, monkeypatch) -> None:
    from hrss_disputes.models.enums import Role
    from hrss_disputes.services import accounts, cases, documents
    from tests.factories import TEST_PASSWORD, award_amounts, heard_case, make_user
    from tests.pdf import text_of

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    # the administrator's initial password is changed first (the command line refuses it)
    ctx.call(accounts.change_password, old_password=TEST_PASSWORD, new_password="Panel2026xyz")
    monkeypatch.setenv("HRSS_PASSWORD", "Panel2026xyz")
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    db = db_target
    cli_login("arb")
    number = "肇劳人仲案字〔2026〕88号"
    out = tmp_path / "award.pdf"
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(out)]) == 0
    assert "样稿" in text_of(out.read_bytes()) and "尚未签发" in capsys.readouterr().err
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(out),
                 "--anonymised"]) == 1
    version = ctx.call(cases.get_case, case_id=case_id).version
    [doc] = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                     issue_date=date(2026, 11, 20),
                     writings={"事实与理由及被申请人答辩": "申请人称被拖欠工资。", "本委查明": "查明张三入职。",
                               "本委认为": "应予支持。"})
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(out)]) == 0
    assert out.read_bytes() == ctx.call(documents.issued_pdf, document_id=doc.id)
    public = tmp_path / "public.pdf"
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(public),
                 "--anonymised"]) == 0
    assert "张三" not in text_of(public.read_bytes()) and "张某" in text_of(public.read_bytes())
    capsys.readouterr()
    assert main(["document", "--db", db, "--case", "无此案号", "--type", "award", "--out", str(out)]) == 1
    assert "找不到案号为“无此案号”的案件" in capsys.readouterr().err


def test_document_writes_only_the_current_papers_and_no_file_it_was_not_named(  # noqa: ANN001
        ctx, admin, db_target: str, tmp_path: Path, capsys, cli_login, monkeypatch) -> None:
    """Review of issue 18, finding 5: a hearing notice issued again for a moved hearing replaces
    the earlier one, so only the latest is written; a split award writes FILE and FILE-2, and an
    existing FILE-2 (or a database there) is refused before anything is written."""
    from hrss_disputes.models.enums import Role
    from hrss_disputes.services import accounts, cases, documents
    from tests.factories import TEST_PASSWORD, act, award_amounts, heard_case, make_user

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    ctx.call(accounts.change_password, old_password=TEST_PASSWORD, new_password="Panel2026xyz")
    monkeypatch.setenv("HRSS_PASSWORD", "Panel2026xyz")
    case_id = heard_case(ctx, admin.office_id)  # hearing set on 14 October for 5 November
    notices = []
    for on, hearing in [(date(2026, 10, 20), date(2026, 11, 6)), (date(2026, 10, 26), date(2026, 11, 9))]:
        if notices:  # moved: the first hearing postponed, then booked again
            act(ctx, case_id, "postpone_hearing", on, reason="仲裁员另有公务")
        act(ctx, case_id, "schedule_hearing", on, hearing_on=hearing, place="一庭")
        version = ctx.call(cases.get_case, case_id=case_id).version
        notices += ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="hearing_notice",
                            issue_date=on)
    db, number = db_target, "肇劳人仲案字〔2026〕88号"
    cli_login("arb")
    monkeypatch.setenv("HRSS_PASSWORD", "Panel2026xyz")
    out = tmp_path / "n.pdf"
    precious = tmp_path / "n-2.pdf"
    precious.write_bytes(b"precious")
    capsys.readouterr()
    assert main(["document", "--db", db, "--case", number, "--type", "hearing_notice", "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out)]
    assert out.read_bytes() == ctx.call(documents.issued_pdf, document_id=notices[-1].id)
    assert precious.read_bytes() == b"precious"

    award_amounts(ctx, case_id, ["12000.50", "30000", "2000"])  # a split award: two papers
    version = ctx.call(cases.get_case, case_id=case_id).version
    final, other = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                            issue_date=date(2026, 11, 20),
                            writings={"事实与理由及被申请人答辩": "略", "本委查明": "略", "本委认为": "略"})
    award = tmp_path / "n.pdf"
    before = award.read_bytes()
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(award)]) == 2
    assert "n-2.pdf" in capsys.readouterr().err
    assert award.read_bytes() == before and precious.read_bytes() == b"precious"  # nothing written
    a_database = tmp_path / "a-2.pdf"  # an SQLite database's first page (whatever --db is)
    con = sqlite3.connect(tmp_path / "some.db")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    a_database.write_bytes((tmp_path / "some.db").read_bytes()[:4096])
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(tmp_path / "a.pdf")]) == 2
    assert not (tmp_path / "a.pdf").exists()
    capsys.readouterr()
    fresh = tmp_path / "award.pdf"
    assert main(["document", "--db", db, "--case", number, "--type", "award", "--out", str(fresh)]) == 0
    assert capsys.readouterr().out.split() == [str(fresh), str(tmp_path / "award-2.pdf")]
    assert [fresh.read_bytes(), (tmp_path / "award-2.pdf").read_bytes()] == [
        ctx.call(documents.issued_pdf, document_id=d.id) for d in (final, other)]


def test_document_help_lists_every_type(capsys) -> None:  # noqa: ANN001
    from hrss_disputes.documents.template import available

    with pytest.raises(SystemExit):
        main(["document", "--help"])
    shown = capsys.readouterr().out
    assert all(key in shown for key in available()) and "决定书（撤销案件）" in shown
