"""上报 (issue 18.11): a submitted month does not change behind the supervisor's back.

The ledger of tests/services/test_kpi.py (October 2026 at 肇庆市劳动人事争议仲裁院, worked there by
hand) with one more case:

    M5 pre-filing   received 2026-10-20, no agreement 2026-10-28 (taken in and closed in October)

so October's mediation figures, as submitted on 2026-11-02 by the institute's head (lead), are

    调解成功率（本月）  (M1 M3 A2) ÷ (M1 M2 M3 M5 A2) = 3/5 = 60.00%
    调解成功率（累计）  (M1 M3 A2) ÷ (A1 M1 M2 M3 M5 A2) = 3/6 = 50.00%
    调解案件            上期未结 0, 本期受理 5 (M1–M5), 本期结案 4 (M1 M3 调解成功, M2 转仲裁, M5 调解不成),
                        期末未结 1 (M4)

On 2026-11-05 M5's applicant asks for arbitration: 转仲裁 closes M5 on 5 November (its closing
moves from October into November). Counted again, October is

    调解成功率（本月）  3/4 = 75.00%      (M5 left the denominator)
    调解成功率（累计）  3/5 = 60.00%
    调解案件            本期结案 3, 期末未结 2 (M4 M5)

The submitted figures stay 60.00% and 3/5; the differences list M5 in each of those figures,
with the referral recorded after the submission and its closing date moved from 10月28日 to 11月5日.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from hrss_disputes.domain.kpi import Period
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, report, report_submissions
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import act, make_user
from tests.services.test_kpi import OCTOBER, built, case, ledger  # noqa: F401  (the hand-worked October)

SUBMITTED_ON = date(2026, 11, 2)


@pytest.fixture
def october(ctx, ledger):  # noqa: ANN001, ANN201, F811
    """The ledger with M5; the context acts as the institute's head (lead)."""
    institute, township, unit = ledger
    m5 = case(ctx, institute, date(2026, 10, 20), "mediation", "prefiling")
    act(ctx, m5, "no_agreement", date(2026, 10, 28), reason="双方差距较大")
    return institute, m5


def _engine(target: str):  # noqa: ANN202
    """Straight at the tables, as someone with write access to the database would go."""
    return create_engine(target if "://" in target else f"sqlite:///{target}", poolclass=NullPool)


def _unguard(conn) -> None:  # noqa: ANN001
    """Take the submissions' guard off, as someone with the SQLite file and a shell (drops its
    triggers) or the table's owner on a server (disables its trigger) can."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS report_submission_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS report_submission_no_delete"))
    else:
        conn.execute(text("ALTER TABLE report_submission DISABLE TRIGGER report_submission_immutable"))


def _rate(data: dict, span: str = "month") -> tuple[int, int, str]:
    r = data["kpis"]["mediation_success"][span]
    return r["numerator"], r["denominator"], r["rate_text"]


def test_a_submitted_month_stays_as_submitted_and_lists_what_changed(ctx, october) -> None:  # noqa: ANN001
    institute, m5 = october
    m5_number = ctx.call(cases.get_case, case_id=m5).case_number or "（未编号）"
    done = ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    assert _rate(done.data) == (3, 5, "60.00%") and _rate(done.data, "year_to_date") == (3, 6, "50.00%")
    assert done.fault is None and done.submitted_by == "lead"
    assert done.line.startswith("已于 ") and "由 lead 上报（审计链 #" in done.line
    assert m5.hex in done.cases["figures"]["kpis.mediation_success.month.denominator"]
    assert done.data["counts"]["mediation"]["closed"] == 4
    assert ctx.call(report_submissions.differences, office_id=institute, period=OCTOBER) == []

    act(ctx, m5, "refer_to_arbitration", date(2026, 11, 5))  # its closing moves into November

    live = report.as_json(ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=SUBMITTED_ON))
    assert _rate(live) == (3, 4, "75.00%") and live["counts"]["mediation"]["closed"] == 3
    frozen = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
    assert _rate(frozen.data) == (3, 5, "60.00%") and frozen.data["counts"]["mediation"]["closed"] == 4
    assert frozen.fault is None
    shown = frozen.report()  # what the window and the papers lay out: exactly what was submitted
    assert report.as_json(shown) == {k: v for k, v in frozen.data.items() if k not in ("trend", "listed")}
    assert shown.month[0].text == "60.00%" and shown.stamp.startswith("已上报：2026-") and "以下为上报时的数字" in shown.stamp

    found = {d.key: d for d in ctx.call(report_submissions.differences, office_id=institute, period=OCTOBER)}
    rate = found["kpis.mediation_success.month.rate_text"]
    assert (rate.label, rate.before, rate.now) == ("调解成功率（本月）", "60.00%", "75.00%")
    denominator = found["kpis.mediation_success.month.denominator"]
    assert (denominator.label, denominator.before, denominator.now) == ("调解成功率 分母（本月）", 5, 4)
    assert denominator.entered == [] and [c.case_number for c in denominator.left] == [m5_number]
    why = denominator.left[0].why
    assert "11月5日 转仲裁/移送（lead 记录）" in why and "结案日期10月28日→11月5日" in why, why
    closed = found["counts.mediation.closed"]
    assert (closed.label, closed.before, closed.now, [c.case_id for c in closed.left]) == (
        "调解案件 本期结案", 4, 3, [m5.hex])
    held = found["counts.mediation.open_at_end"]
    assert (held.before, held.now, [c.case_id for c in held.entered]) == (1, 2, [m5.hex])
    ytd = found["kpis.mediation_success.year_to_date.rate_text"]
    assert (ytd.label, ytd.before, ytd.now) == ("调解成功率（累计）", "50.00%", "60.00%")
    assert "counts.arbitration.closed" not in found  # what did not move is not listed
    assert not any(k.startswith("audit_head") or k == "made_on" for k in found)


def test_a_second_submission_is_refused_naming_when_and_by_whom(ctx, october) -> None:  # noqa: ANN001
    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=date(2026, 11, 3))
    assert "2026年10月的报表已于 " in str(refused.value) and "由 lead 上报，不能再次上报" in str(refused.value)


@pytest.mark.parametrize("month", [11, 12])
def test_a_month_not_yet_ended_is_refused(ctx, october, month: int) -> None:  # noqa: ANN001
    institute, _ = october
    with pytest.raises(ValidationFailed, match="尚未结束.*期满后才能上报"):
        ctx.call(report_submissions.submit, office_id=institute, period=Period.month(2026, month),
                 today=date(2026, 11, 21))
    assert ctx.call(report_submissions.submitted, office_id=institute, period=Period.month(2026, month)) is None


@pytest.mark.parametrize("role", [Role.CLERK, Role.MEDIATOR, Role.INSPECTOR, Role.ARBITRATOR, Role.ADMIN])
def test_only_a_supervisor_submits(ctx, october, admin, role: Role) -> None:  # noqa: ANN001
    institute, _ = october
    ctx.actor = admin if role is Role.ADMIN else make_user(ctx, f"u_{role.value}", role, institute)
    with pytest.raises(PermissionDenied, match="上报月度报表"):
        ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)


def test_a_supervisor_of_a_township_cannot_submit_for_the_institute(ctx, ledger) -> None:  # noqa: ANN001, F811
    institute, township, _ = ledger
    ctx.actor = make_user(ctx, "head_hg", Role.SUPERVISOR, township)
    with pytest.raises(PermissionDenied):
        ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    done = ctx.call(report_submissions.submit, office_id=township, period=OCTOBER, today=SUBMITTED_ON)
    assert _rate(done.data) == (1, 1, "100.00%")  # M3, its own


def test_the_database_refuses_to_change_or_delete_a_submission(ctx, october, db_target) -> None:  # noqa: ANN001
    institute, _ = october
    done = ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    engine = _engine(db_target)
    for sql in ("UPDATE report_submission SET report = '{}'", "DELETE FROM report_submission"):
        with pytest.raises(DBAPIError, match="submitted reports are immutable"), engine.begin() as conn:
            conn.execute(text(sql))
    # with the guard taken off (the file and a SQLite shell, or the table's owner), the hash says so
    with engine.begin() as conn:
        _unguard(conn)
        conn.execute(text("UPDATE report_submission SET report = replace(report, '60.00%', '80.00%')"))
    engine.dispose()
    again = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
    assert again.id == done.id and "哈希不符" in again.fault


def test_the_submission_is_in_the_audit_chain(ctx, october) -> None:  # noqa: ANN001
    from hrss_disputes.services import audit_trail

    institute, _ = october
    done = ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    entries = [e for e in ctx.call(audit_trail.list_entries) if e.entity == "上报报表"]
    assert len(entries) == 1 and entries[0].action == "上报"
    assert done.audit_seq == entries[0].seq - 1  # the head the figures rest on, just before it


def _lead_at_the_command_line(ctx, cli_login, monkeypatch) -> None:  # noqa: ANN001
    """lead (the context's actor) changes the password the administrator set, as the command line requires."""
    from hrss_disputes.services import accounts
    from tests.factories import TEST_PASSWORD

    ctx.call(accounts.change_password, old_password=TEST_PASSWORD, new_password="Report2026xy")
    monkeypatch.setenv("HRSS_PASSWORD", "Report2026xy")
    cli_login("lead")


def test_the_report_command_submits_and_prints_the_frozen_month(ctx, october, db_target, capsys, cli_login,  # noqa: ANN001
                                                                monkeypatch) -> None:
    """Exit codes: 0 done; 1 refused by the service (a second submission, a month not ended, a
    role that does not submit), said in Chinese; 2 a command line that cannot be obeyed."""
    import json

    from hrss_disputes.cli import main

    _, m5 = october
    db = ["--db", db_target]
    cli_login("admin")
    assert main(["report", *db, "--month", "2026-10", "--submit"]) == 1
    assert "“上报月度报表（上报后不能更改）”须由领导办理" in capsys.readouterr().err
    _lead_at_the_command_line(ctx, cli_login, monkeypatch)
    assert main(["report", *db, "--month", "2026-10", "--submit", "--current"]) == 2
    assert "--submit 与 --current 不能同时使用" in capsys.readouterr().err
    assert main(["report", *db, "--month", "2099-01", "--submit"]) == 1
    assert "尚未结束" in capsys.readouterr().err
    assert main(["report", *db, "--month", "2026-10", "--submit"]) == 0
    said = capsys.readouterr()
    assert "2026年10月的报表已于 " in said.err and "由 lead 上报" in said.err
    data = json.loads(said.out)
    assert data["submission"]["submitted_by"] == "lead" and data["submission"]["intact"] is True
    assert data["differences"] == [] and data["kpis"]["mediation_success"]["month"]["rate_text"] == "60.00%"
    assert main(["report", *db, "--month", "2026-10", "--submit"]) == 1
    assert "不能再次上报" in capsys.readouterr().err

    act(ctx, m5, "refer_to_arbitration", date(2026, 11, 5))
    assert main(["report", *db, "--month", "2026-10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kpis"]["mediation_success"]["month"]["rate_text"] == "60.00%"  # as submitted
    moved = {d["figure"]: d for d in data["differences"]}
    rate = moved["kpis.mediation_success.month.rate_text"]
    assert (rate["label"], rate["submitted"], rate["now"]) == ("调解成功率（本月）", "60.00%", "75.00%")
    assert [c["case_id"] for c in moved["kpis.mediation_success.month.denominator"]["left"]] == [m5.hex]
    assert main(["report", *db, "--month", "2026-10", "--current"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kpis"]["mediation_success"]["month"]["rate_text"] == "75.00%"
    assert data["basis"].startswith("当前数据（未上报）") and "differences" not in data


def test_the_paper_of_a_submitted_month_prints_the_frozen_figures(ctx, october, db_target, tmp_path,  # noqa: ANN001
                                                                  cli_login, monkeypatch) -> None:
    from openpyxl import load_workbook

    from hrss_disputes.cli import main
    from tests.pdf import text_of as pdf_text

    institute, m5 = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    act(ctx, m5, "refer_to_arbitration", date(2026, 11, 5))
    _lead_at_the_command_line(ctx, cli_login, monkeypatch)
    db = ["--db", db_target]
    assert main(["report", *db, "--month", "2026-10", "--format", "pdf", "--out", str(tmp_path / "f.pdf")]) == 0
    text = pdf_text((tmp_path / "f.pdf").read_bytes())
    assert "已上报：" in text and "以下为上报时的数字" in text
    assert "调解成功率本月3560.00%" in text and "累计3650.00%" in text  # 3 ÷ 5, 3 ÷ 6: as submitted
    assert main(["report", *db, "--month", "2026-10", "--format", "pdf", "--current",
                 "--out", str(tmp_path / "c.pdf")]) == 0
    text = pdf_text((tmp_path / "c.pdf").read_bytes())
    assert "当前数据（未上报）" in text and "调解成功率本月3475.00%" in text
    assert main(["report", *db, "--month", "2026-10", "--format", "xlsx", "--out", str(tmp_path / "f.xlsx")]) == 0
    ws = load_workbook(tmp_path / "f.xlsx").worksheets[0]
    assert "已上报：" in ws["A2"].value
    assert [r[4] for r in ws.iter_rows(min_row=4, max_row=4, values_only=True)] == [0.6]


def test_audit_verify_checks_the_submitted_reports(ctx, october, db, db_target, capsys) -> None:  # noqa: ANN001
    """``audit verify`` holds a submission to the hash its submit entry recorded: a report rewritten
    with its trigger dropped (and its stored hash recomputed to match) is caught, exit 1."""
    from hrss_disputes.cli import main

    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    db.dispose()
    assert main(["audit", "verify", "--db", db_target]) == 0
    assert "上报报表均与上报时审计链记录的哈希一致。" in capsys.readouterr().out
    engine = _engine(db_target)
    with engine.begin() as conn:
        _unguard(conn)
        report_text, cases_text = conn.execute(text("SELECT report, cases FROM report_submission")).one()
        forged = report_text.replace('"60.00%"', '"80.00%"')
        conn.execute(text("UPDATE report_submission SET report = :report, sha256 = :sha256"),
                     {"report": forged, "sha256": report_submissions.content_hash(forged, cases_text)})
    engine.dispose()
    assert main(["audit", "verify", "--db", db_target]) == 1
    assert "与上报时审计链记录的哈希不符" in capsys.readouterr().err


def test_after_a_setting_changed_every_case_is_looked_at_again(ctx, october, admin) -> None:  # noqa: ANN001
    """Only the cases written since the submission (the audit chain after its head) are looked at
    for moves, unless a setting, the office tree or the calendar changed: then every case is."""
    from hrss_disputes.services import kpi

    institute, m5 = october
    lead = ctx.actor
    done = ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    act(ctx, m5, "refer_to_arbitration", date(2026, 11, 5))
    with ctx.db.session() as s:
        assert report_submissions._touched(s, done) >= {m5.hex}
    ctx.actor = admin
    ctx.call(kpi.set_settled_withdrawals_mediated, value=True)
    with ctx.db.session() as s:
        assert report_submissions._touched(s, done) is None
    ctx.actor = lead
    found = {d.key: d for d in ctx.call(report_submissions.differences, office_id=institute, period=OCTOBER)}
    assert [c.case_id for c in found["kpis.mediation_success.month.denominator"].left] == [m5.hex]


# ---------------------------------------------------------------- a row rewritten or lost outside the program
# (attack review of issue 18, findings 7 and 8): someone with the file and a SQLite shell drops the
# triggers (or the table's owner disables the server's); what the row says is held to the ``submit``
# entry, which is itself in the hash chain

SEPTEMBER = Period.month(2026, 9)


def _tamper(target: str, *sql: str) -> None:
    engine = _engine(target)
    with engine.begin() as conn:
        _unguard(conn)
        for statement in sql:
            conn.execute(text(statement))
    engine.dispose()


OCT_ROW = "WHERE period_start = '2026-10-01'"
REWRITES = {  # what is rewritten → the words the fault names it by
    "submitter": ([f"UPDATE report_submission SET submitted_by = (SELECT id FROM app_user WHERE username = 'admin') "
                   f"{OCT_ROW}"], "上报人"),
    "time": ([f"UPDATE report_submission SET submitted_at = '2026-11-01 09:00:00.000000' {OCT_ROW}"], "上报时间"),
    "anchor": ([f"UPDATE report_submission SET audit_seq = 1, audit_hash = (SELECT hash FROM audit_entry "
                f"WHERE seq = 1) {OCT_ROW}"], "审计链头"),
    "months swapped": (["UPDATE report_submission SET period_start = '2000-01-01' WHERE period_start = '2026-09-01'",
                        f"UPDATE report_submission SET period_start = '2026-09-01', period_end = '2026-09-30' {OCT_ROW}",
                        "UPDATE report_submission SET period_start = '2026-10-01', period_end = '2026-10-31' "
                        "WHERE period_start = '2000-01-01'"], "统计期间"),
    "office": ([f"UPDATE report_submission SET office_id = (SELECT id FROM office WHERE code = 'ZQ-DZ-HG') "
                f"{OCT_ROW}"], "机构"),
}


@pytest.mark.parametrize("what", list(REWRITES))
def test_a_rewritten_submission_row_is_named_on_every_view_and_by_audit_verify(  # noqa: PLR0913
        ctx, october, db, db_target, capsys, cli_login, monkeypatch, what: str) -> None:  # noqa: ANN001
    """Finding 7: office, period, submitter, time and anchor are held to the ``submit`` audit entry."""
    import json

    from hrss_disputes.cli import main
    from hrss_disputes.services.errors import ServiceError

    institute, _ = october
    for month in (SEPTEMBER, OCTOBER):
        ctx.call(report_submissions.submit, office_id=institute, period=month, today=SUBMITTED_ON)
    sql, named = REWRITES[what]
    _tamper(db_target, *sql)
    frozen = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
    assert frozen is not None and frozen.fault is not None and named in frozen.fault, frozen.fault
    if what in ("months swapped", "office"):  # another month's or office's figures are never shown as these
        assert not frozen.readable
        with pytest.raises(ServiceError, match=named):
            ctx.call(report_submissions.report_json, office_id=institute, period=OCTOBER)
    else:
        assert frozen.readable and frozen.report().stamp.startswith("警告：") and named in frozen.report().stamp
        _lead_at_the_command_line(ctx, cli_login, monkeypatch)
        assert main(["report", "--db", db_target, "--month", "2026-10"]) == 1
        said = capsys.readouterr()
        assert named in said.err and said.err.startswith("警告："), said.err
        data = json.loads(said.out)
        assert data["submission"]["intact"] is False and named in data["submission"]["fault"]
    db.dispose()
    assert main(["audit", "verify", "--db", db_target]) == 1
    err = capsys.readouterr().err
    assert "审计校验失败" in err and named in err, err


def test_an_unreadable_submission_says_so_in_chinese(ctx, october, db_target, tmp_path, capsys,  # noqa: ANN001
                                                     cli_login, monkeypatch) -> None:
    """Finding 8: a stored report that is not JSON, or lacks what a report holds, is said to be
    unreadable (never a KeyError), on every way out; the current figures can still be had."""
    from hrss_disputes.cli import main
    from hrss_disputes.services.errors import ServiceError

    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    _lead_at_the_command_line(ctx, cli_login, monkeypatch)
    db = ["--db", db_target, "--month", "2026-10"]
    for stored in ("garbage", '{"office": "x"}'):
        _tamper(db_target, f"UPDATE report_submission SET report = '{stored}'")
        frozen = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
        assert not frozen.readable and "上报报表无法读取" in frozen.fault
        with pytest.raises(ServiceError, match="上报报表无法读取"):
            frozen.report()
        assert ctx.call(report_submissions.differences, office_id=institute, period=OCTOBER, frozen=frozen) == []
        for fmt in ("json", "pdf", "xlsx"):
            out = tmp_path / f"r.{fmt}"
            assert main(["report", *db, "--format", fmt, "--out", str(out)]) == 1, (stored, fmt)
            err = capsys.readouterr().err
            assert err.startswith("错误：") and "上报报表无法读取" in err and "程序内部错误" not in err, err
            assert not out.exists()
        assert main(["report", *db, "--current"]) == 0
        assert "上报报表无法读取" in capsys.readouterr().err


def test_a_deleted_submission_is_said_deleted_and_not_submitted_again(ctx, october, db_target, capsys,  # noqa: ANN001
                                                                      cli_login, monkeypatch) -> None:
    """Finding 8: the audit chain says the month was submitted; the row is gone."""
    from hrss_disputes.cli import main

    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    _tamper(db_target, "DELETE FROM report_submission")
    frozen = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
    assert frozen is not None and not frozen.readable and "上报记录已被删除" in frozen.fault
    assert frozen.submitted_by == "lead"  # as the audit chain recorded it
    with pytest.raises(ValidationFailed, match="上报记录已被删除.*不能再次上报"):
        ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=date(2026, 11, 3))
    _lead_at_the_command_line(ctx, cli_login, monkeypatch)
    assert main(["report", "--db", db_target, "--month", "2026-10"]) == 1
    assert "上报记录已被删除" in capsys.readouterr().err
    assert main(["report", "--db", db_target, "--month", "2026-10", "--submit"]) == 1
    assert "不能再次上报" in capsys.readouterr().err


def test_another_offices_report_is_refused_naming_the_office(ctx, ledger) -> None:  # noqa: ANN001, F811
    """L1: the refusal speaks of an office, not a case."""
    institute, township, _ = ledger
    ctx.actor = make_user(ctx, "head_hg", Role.SUPERVISOR, township)
    for call in (lambda: ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER),
                 lambda: ctx.call(report.monthly_report, office_id=institute, period=OCTOBER),
                 lambda: ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER,
                                  today=SUBMITTED_ON)):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "案件" not in str(refused.value) and "该机构" in str(refused.value), str(refused.value)


def test_the_current_and_submit_clash_is_said_as_an_error(ctx, october, db_target, capsys, cli_login,  # noqa: ANN001
                                                          monkeypatch) -> None:
    """L2: a command line that cannot be obeyed says 错误： like every other failure."""
    from hrss_disputes.cli import main

    _lead_at_the_command_line(ctx, cli_login, monkeypatch)
    assert main(["report", "--db", db_target, "--month", "2026-10", "--submit", "--current"]) == 2
    assert capsys.readouterr().err.startswith("错误：--submit 与 --current 不能同时使用")


def test_an_office_with_supervisors_of_its_own_submits_its_own_report(ctx, ledger) -> None:  # noqa: ANN001, F811
    """L6: an office's figures are its own head's word. A supervisor of the nearest office above
    that has supervisors submits for an office that has none, if that office above handles the
    same kinds of case (an institute for a township centre; never for an inspection unit: the
    supervisors above an inspection unit take no complaint steps)."""
    institute, township, unit = ledger
    lead = ctx.actor
    with pytest.raises(PermissionDenied, match="肇庆市劳动保障监察支队.*监察"):
        ctx.call(report_submissions.submit, office_id=unit, period=OCTOBER, today=SUBMITTED_ON)
    head_hg = make_user(ctx, "head_hg", Role.SUPERVISOR, township)
    ctx.actor = lead
    with pytest.raises(PermissionDenied, match="由该机构自己的领导上报"):
        ctx.call(report_submissions.submit, office_id=township, period=OCTOBER, today=SUBMITTED_ON)
    ctx.actor = head_hg
    assert ctx.call(report_submissions.submit_refusal, office_id=township) is None
    ctx.call(report_submissions.submit, office_id=township, period=OCTOBER, today=SUBMITTED_ON)
    ctx.actor = make_user(ctx, "head_jc", Role.SUPERVISOR, unit)
    ctx.call(report_submissions.submit, office_id=unit, period=OCTOBER, today=SUBMITTED_ON)


def test_an_institute_submits_for_a_centre_without_a_head_of_its_own(ctx, ledger) -> None:  # noqa: ANN001, F811
    institute, township, _ = ledger
    assert ctx.call(report_submissions.submit_refusal, office_id=township) is None
    done = ctx.call(report_submissions.submit, office_id=township, period=OCTOBER, today=SUBMITTED_ON)
    assert done.submitted_by == "lead"


def test_a_submission_recorded_before_the_entry_kept_its_office_id_and_time(ctx, october, db_target,  # noqa: ANN001
                                                                             monkeypatch) -> None:
    """Submissions made before the ``submit`` entry recorded the office's id and the time (the office
    by name, the time as the entry's own, a moment after the row's) are held to what it did record."""
    from hrss_disputes.services import audit

    institute, _ = october
    real = audit.record

    def old_style(session, **kwargs):  # noqa: ANN001, ANN003, ANN202
        kwargs["after"] = {k: v for k, v in kwargs["after"].items() if k not in ("office_id", "submitted_at")}
        return real(session, **kwargs)

    monkeypatch.setattr(report_submissions.audit, "record", old_style)
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    monkeypatch.undo()
    assert ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER).fault is None
    _tamper(db_target, f"UPDATE report_submission SET submitted_at = '2026-11-01 09:00:00.000000' {OCT_ROW}")
    assert "上报时间" in ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER).fault
    _tamper(db_target, "DELETE FROM report_submission")
    gone = ctx.call(report_submissions.submitted, office_id=institute, period=OCTOBER)
    assert "上报记录已被删除" in gone.fault
