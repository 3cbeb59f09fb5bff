"""The command line on an encrypted database: ``encryption on|off|change``, and every command
that opens the file asking for (or reading) its passphrase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrss_disputes import cipher
from hrss_disputes.cli import main

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts a SQLite file; a server database is protected by its "
                                     "server (roles, TLS, disk), and encryption refuses a URL")

KEY = "mobile tribunal 2026"
NEW = "second passphrase 42"


@pytest.fixture
def plain_db(ctx, admin, db) -> Path:  # noqa: ANN001
    db.dispose()
    return db.path


def _encrypt(path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", KEY)
    assert main(["encryption", "on", "--db", str(path)]) == 0
    monkeypatch.delenv("HRSS_NEW_DB_PASSPHRASE")


def test_encryption_on_off_and_change(plain_db: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    _encrypt(plain_db, monkeypatch)
    assert "数据库已加密" in capsys.readouterr().out
    assert cipher.looks_encrypted(plain_db)
    # once encrypted, every command needs the passphrase
    assert main(["audit", "verify", "--db", str(plain_db)]) == 1
    assert "HRSS_DB_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", "not the passphrase")
    assert main(["audit", "verify", "--db", str(plain_db)]) == 1
    assert "数据库口令不正确" in capsys.readouterr().err
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", KEY)
    assert main(["audit", "verify", "--db", str(plain_db)]) == 0
    assert main(["encryption", "on", "--db", str(plain_db)]) == 2
    assert "已经加密" in capsys.readouterr().err
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", "short")
    assert main(["encryption", "change", "--db", str(plain_db)]) == 2
    assert "至少 10 位" in capsys.readouterr().err
    monkeypatch.setenv("HRSS_NEW_DB_PASSPHRASE", NEW)
    assert main(["encryption", "change", "--db", str(plain_db)]) == 0
    assert cipher.key_opens(plain_db, NEW) and not cipher.key_opens(plain_db, KEY)
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", NEW)
    assert main(["encryption", "off", "--db", str(plain_db)]) == 0
    assert "数据库已取消加密" in capsys.readouterr().out
    monkeypatch.delenv("HRSS_DB_PASSPHRASE")
    assert not cipher.looks_encrypted(plain_db)
    assert main(["audit", "verify", "--db", str(plain_db)]) == 0
    assert main(["encryption", "off", "--db", str(plain_db)]) == 2
    assert "尚未加密" in capsys.readouterr().err


def test_backup_and_restore_of_an_encrypted_database(plain_db: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    plain_copy = tmp_path / "before.db"
    assert main(["backup", "--db", str(plain_db), "--out", str(plain_copy)]) == 0
    _encrypt(plain_db, monkeypatch)
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", KEY)
    enc_copy = tmp_path / "encrypted.db"
    assert main(["backup", "--db", str(plain_db), "--out", str(enc_copy)]) == 0
    assert cipher.looks_encrypted(enc_copy) and cipher.key_opens(enc_copy, KEY)
    # the database's passphrase opens a backup made under it; a plain backup needs none
    assert main(["restore", "--db", str(plain_db), "--from", str(enc_copy)]) == 0
    assert main(["restore", "--db", str(plain_db), "--from", str(plain_copy)]) == 0
    assert cipher.looks_encrypted(plain_db)  # the database keeps its form
    assert main(["audit", "verify", "--db", str(plain_db)]) == 0
    # a backup under another passphrase: asked for, wrong is refused with nothing changed
    other = tmp_path / "other.db"
    cipher.export(enc_copy, KEY, other, NEW)
    before = plain_db.read_bytes()
    assert main(["restore", "--db", str(plain_db), "--from", str(other)]) == 1
    assert "HRSS_BACKUP_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("HRSS_BACKUP_PASSPHRASE", "wrong wrong wrong")
    assert main(["restore", "--db", str(plain_db), "--from", str(other)]) == 1
    assert "口令不正确" in capsys.readouterr().err
    assert plain_db.read_bytes() == before
    monkeypatch.setenv("HRSS_BACKUP_PASSPHRASE", NEW)
    assert main(["restore", "--db", str(plain_db), "--from", str(other)]) == 0
    assert cipher.key_opens(plain_db, KEY)


def test_signed_in_commands_on_an_encrypted_database(plain_db: Path, monkeypatch, capsys, cli_login) -> None:  # noqa: ANN001
    _encrypt(plain_db, monkeypatch)
    capsys.readouterr()
    cli_login("admin")
    monkeypatch.setenv("HRSS_DB_PASSPHRASE", KEY)
    assert main(["report", "--db", str(plain_db), "--month", "2026-10"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["period"]["from"] == "2026-10-01" and report["period"]["to"] == "2026-10-31"
    monkeypatch.delenv("HRSS_DB_PASSPHRASE")
    assert main(["report", "--db", str(plain_db), "--month", "2026-10"]) == 1
    assert "数据库已加密" in capsys.readouterr().err
