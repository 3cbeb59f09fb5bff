"""The command line signs in like the window, and no further: a password the administrator set
must first be changed in the window."""

from __future__ import annotations

from hrss_disputes.cli import main
from hrss_disputes.models.enums import Role
from hrss_disputes.services import accounts
from tests.factories import make_user


def test_a_password_set_by_the_administrator_is_changed_before_the_command_line_signs_in(
        ctx, admin, db_target: str, capsys, cli_login, monkeypatch) -> None:  # noqa: ANN001
    chen = make_user(ctx, "chen", Role.SUPERVISOR, admin.office_id)
    cli_login("chen")
    report = ["report", "--db", db_target, "--month", "2026-10", "--format", "json"]
    assert main(report) != 0
    said = capsys.readouterr()
    assert "须先修改" in said.err and "{" not in said.out
    ctx.actor = chen
    ctx.call(accounts.change_password, old_password="Tribunal2026", new_password="Leader2026x")
    monkeypatch.setenv("HRSS_PASSWORD", "Leader2026x")
    assert main(report) == 0
    assert '"kpis"' in capsys.readouterr().out


def test_at_a_terminal_the_set_password_is_changed_there_and_then(ctx, admin, db_target: str, capsys, cli_login,  # noqa: ANN001
                                                                  monkeypatch) -> None:
    import getpass
    import sys

    make_user(ctx, "chen", Role.SUPERVISOR, admin.office_id)
    cli_login("chen")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed = iter(["Leader2026x", "Leader2026y"])  # twice, differently: refused, nothing changed
    monkeypatch.setattr(getpass, "getpass", lambda _prompt="": next(typed))
    report = ["report", "--db", db_target, "--month", "2026-10", "--format", "json"]
    assert main(report) != 0
    assert "不一致" in capsys.readouterr().err
    typed = iter(["short", "short"])
    assert main(report) != 0
    assert "新密码未被接受" in capsys.readouterr().err
    typed = iter(["Leader2026x", "Leader2026x"])
    assert main(report) == 0
    said = capsys.readouterr()
    assert "密码已修改" in said.err and '"kpis"' in said.out
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)  # from now on the new password, no question
    monkeypatch.setenv("HRSS_PASSWORD", "Leader2026x")
    assert main(report) == 0
