"""``db status`` and ``db upgrade`` on a database file (issue 20): the same as the start does
(a backup beside it, then the migrations), by the administrator once the file has users."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrss_disputes.backup import list_backups
from hrss_disputes.cli import main
from hrss_disputes.db import file_revision, make_engine
from hrss_disputes.migrations.head import HEAD_REVISION
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.sqlite_only("a database file's upgrade and the backup beside it")

OLDER = "0022"


def _older_file(path: Path) -> None:
    """A database at an older revision, with users: made, staffed, then taken back with Alembic."""
    from alembic import command
    from alembic.config import Config

    import hrss_disputes.db as dbmod
    from hrss_disputes.db import open_database
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import setup
    from hrss_disputes.services.context import ServiceContext
    from tests.factories import make_user

    db = open_database(str(path))
    ctx = ServiceContext(db)
    ctx.actor = ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁院", office_kind=OfficeKind.INSTITUTE,
                         city="肇庆", admin_name="李明", password=TEST_PASSWORD)
    make_user(ctx, "clerk", Role.CLERK, ctx.actor.office_id)
    db.dispose()
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
    engine, _ = make_engine(str(path))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, OLDER)
    engine.dispose()


def test_db_upgrade_on_a_file_backs_it_up_then_upgrades(tmp_path, capsys, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "office.db"
    _older_file(path)
    assert main(["db", "status", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"数据库结构版本：{OLDER}" in out and "需要升级" in out
    monkeypatch.setenv("HRSS_USER", "clerk")
    monkeypatch.setenv("HRSS_PASSWORD", TEST_PASSWORD)
    assert main(["db", "upgrade", "--db", str(path)]) == 1
    assert "只有管理员可以升级数据库结构" in capsys.readouterr().err
    assert file_revision(path) == OLDER and list_backups(path) == []
    monkeypatch.setenv("HRSS_USER", "admin")
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    [(backup, label, _when)] = list_backups(path)
    assert label == f"upgrade-{OLDER}" and file_revision(backup) == OLDER
    assert f"{OLDER} → {HEAD_REVISION}" in out and str(backup) in out
    assert file_revision(path) == HEAD_REVISION
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    assert "无需升级" in capsys.readouterr().out and len(list_backups(path)) == 1


def test_db_commands_refuse_a_missing_file(tmp_path, capsys) -> None:  # noqa: ANN001
    missing = tmp_path / "nothing.db"
    assert main(["db", "upgrade", "--db", str(missing)]) == 1
    assert "找不到数据库文件" in capsys.readouterr().err and not missing.exists()
