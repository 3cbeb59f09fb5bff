"""The encrypted database (SQLCipher): nothing readable in the file, the passphrase asked and
checked, conversion both ways with every row and the audit chain kept, backups made and
converted in the database's form, and restore across forms."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hrss_disputes import cipher
from hrss_disputes.backup import integrity_problem, list_backups, make_backup
from hrss_disputes.db import DatabaseError, PassphraseNeeded, WrongPassphrase, open_database
from hrss_disputes.domain.accounts import passphrase_problem
from hrss_disputes.services import audit, backups, cases, encryption, offices
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.errors import PermissionDenied, ServiceError, ValidationFailed
from tests.factories import VALID_ID

pytestmark = pytest.mark.sqlite_only("SQLCipher encryption of the SQLite file and its file backups (a server is "
                                      "protected by its administrator: test_db_server)")

KEY = "城东调解中心 laptop 2026"
OTHER = "another passphrase 7"
ID_NUMBER = VALID_ID  # the applicant's in every case of tests.factories


def _rows(con) -> dict[str, list[str]]:  # noqa: ANN001
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


def rows_of(path: Path, key: str | None) -> dict[str, list[str]]:
    con = cipher.connect(path, key)
    try:
        return _rows(con)
    finally:
        con.close()


def database_actions(path: Path, key: str | None) -> list[str]:
    """The trail's entries about the database file itself, oldest first."""
    con = cipher.connect(path, key)
    try:
        return [r[0] for r in con.execute("SELECT action FROM audit_entry WHERE entity = 'database' ORDER BY seq")]
    finally:
        con.close()


def _chain_ok(db) -> bool:  # noqa: ANN001
    with db.session() as session:
        return audit.verify_chain(session) is None


@pytest.mark.server_only
@pytest.mark.skipif(not os.environ.get("HRSS_TEST_PG"), reason="needs the PostgreSQL test cluster (HRSS_TEST_PG)")
def test_a_server_database_is_not_encrypted_by_the_program(three_cases, admin) -> None:  # noqa: ANN001
    """On a server the administrator protects the data: converting is refused in Chinese, the
    database stays open and unchanged."""
    with pytest.raises(ServiceError, match="服务器管理员保护"):
        encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY)
    assert not three_cases.encrypted
    with three_cases.session() as session:
        assert audit.verify_chain(session) is None


def test_encrypting_keeps_every_row_and_leaves_nothing_readable(three_cases, admin) -> None:  # noqa: ANN001
    path = three_cases.path
    assert ID_NUMBER.encode() in path.read_bytes() + Path(f"{path}-wal").read_bytes()
    before = rows_of(path, None)
    done = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY)
    assert done.db.encrypted and done.db.path == path
    raw = path.read_bytes()
    assert not raw.startswith(cipher.SQLITE_HEADER)
    for secret in (ID_NUMBER, "肇劳人仲案字", "app_user", "CREATE TABLE"):
        assert secret.encode() not in raw
    assert not Path(f"{path}-wal").exists() or ID_NUMBER.encode() not in Path(f"{path}-wal").read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    after = rows_of(path, KEY)
    # every row is there; the trail has one more entry: who encrypted it
    assert {t: r for t, r in after.items() if not t.startswith("audit")} == \
           {t: r for t, r in before.items() if not t.startswith("audit")}
    assert len(after["audit_entry"]) == len(before["audit_entry"]) + 1
    assert _chain_ok(done.db)
    assert database_actions(path, KEY) == ["encrypt"]
    assert ServiceContext(done.db, admin).call(cases.count_cases, query=CaseQuery()) == 3
    done.db.dispose()


def test_the_passphrase_is_asked_for_and_checked(three_cases, admin) -> None:  # noqa: ANN001
    encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db.dispose()
    with pytest.raises(PassphraseNeeded, match="数据库已加密"):
        open_database(str(three_cases.path))
    with pytest.raises(WrongPassphrase, match="口令不正确"):
        open_database(str(three_cases.path), key=KEY + "x")
    reopened = open_database(str(three_cases.path), key=KEY)
    assert reopened.encrypted and _chain_ok(reopened)
    reopened.dispose()


def test_a_plain_file_opens_plain_whatever_key_is_given(db) -> None:  # noqa: ANN001
    db.dispose()
    reopened = open_database(str(db.path), key=KEY)
    assert not reopened.encrypted
    reopened.dispose()


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"\x00" * 4092, "这不是数据库".encode() * 100, b"%PDF-1.7\n" * 512])
def test_a_file_that_is_no_database_is_not_taken_for_an_encrypted_one(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match="不是本程序的数据库") as caught:
        open_database(str(path))
    assert not isinstance(caught.value, PassphraseNeeded)


def test_converting_back_and_changing_the_passphrase(three_cases, admin) -> None:  # noqa: ANN001
    before = rows_of(three_cases.path, None)
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db
    rekeyed = encryption.convert_database(db=enc, user=admin, current_key=KEY, new_key=OTHER).db
    assert not cipher.key_opens(rekeyed.path, KEY) and cipher.key_opens(rekeyed.path, OTHER)
    plain = encryption.convert_database(db=rekeyed, user=admin, current_key=OTHER, new_key=None).db
    assert not plain.encrypted
    assert plain.path.read_bytes().startswith(cipher.SQLITE_HEADER)
    after = rows_of(plain.path, None)
    assert {t: r for t, r in after.items() if not t.startswith("audit")} == \
           {t: r for t, r in before.items() if not t.startswith("audit")}
    assert database_actions(plain.path, None) == ["encrypt", "rekey", "decrypt"]
    assert _chain_ok(plain)
    plain.dispose()


def test_conversion_is_refused_with_field_messages(three_cases, admin) -> None:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as short:
        encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key="短口令")
    assert short.value.errors == {"passphrase": "数据库口令至少 10 位（可以是一句话）"}
    with pytest.raises(ValidationFailed) as plain:
        encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=None)
    assert plain.value.errors == {"passphrase": "数据库尚未加密"}
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db
    with pytest.raises(ValidationFailed) as wrong:
        encryption.convert_database(db=enc, user=admin, current_key="not it at all", new_key=OTHER)
    assert wrong.value.errors == {"current": "当前数据库口令不正确"}
    with pytest.raises(ValidationFailed) as same:
        encryption.convert_database(db=enc, user=admin, current_key=KEY, new_key=KEY)
    assert same.value.errors == {"passphrase": "新口令与当前口令相同"}
    clerk = ServiceContext(enc, admin).call(offices.find_actor, username="clerk")
    with pytest.raises(PermissionDenied):
        encryption.convert_database(db=enc, user=clerk, current_key=KEY, new_key=None)
    assert cipher.key_opens(enc.path, KEY)  # nothing changed by any refusal
    enc.dispose()


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("123456789", "数据库口令至少 10 位（可以是一句话）"),
        ("aaaaaaaaaaaa", "数据库口令过于简单，请用更多不同的字符"),
        (" leading space ok?", "数据库口令首尾不能是空格"),
        ("x" * 129, "数据库口令不能超过 128 位"),
        ("城东街道调解中心的笔记本", None),
        ("correct horse battery", None),
    ],
)
def test_passphrase_rules(passphrase: str, problem: str | None) -> None:
    assert passphrase_problem(passphrase) == problem


def test_a_failed_conversion_leaves_the_file_as_it_was(three_cases, admin, monkeypatch) -> None:  # noqa: ANN001
    before = three_cases.path.read_bytes()
    counted = iter([{"dispute_case": 3}, {"dispute_case": 2}])  # the copy comes out a row short
    monkeypatch.setattr(cipher, "row_counts", lambda _con: next(counted))
    with pytest.raises(ServiceError, match="未通过校验"):
        encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY)
    assert three_cases.path.read_bytes()[:16] == before[:16] == cipher.SQLITE_HEADER
    assert list(three_cases.path.parent.glob("*.converting")) == []
    reopened = open_database(str(three_cases.path))
    assert not reopened.encrypted and _chain_ok(reopened)
    reopened.dispose()


def test_conversion_refused_while_another_program_has_the_file_open(three_cases, admin) -> None:  # noqa: ANN001
    # another window or a command on the same file, idle after reading
    other = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; con = sqlite3.connect(sys.argv[1]); "
        "con.execute('SELECT count(*) FROM dispute_case').fetchall(); print('open', flush=True); time.sleep(60)"),
        str(three_cases.path)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        with pytest.raises(ServiceError, match="其他程序使用"):
            encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY)
    finally:
        other.kill()
        other.wait()
    assert three_cases.path.read_bytes()[:16] == cipher.SQLITE_HEADER
    assert list(three_cases.path.parent.glob("*.converting")) == []


def test_backups_follow_the_database(three_cases, admin) -> None:  # noqa: ANN001
    plain_backup = make_backup(three_cases.path, "manual")
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY)
    assert enc.backups_converted == 1 and enc.backups_left == []
    # the backup made before encrypting is encrypted too: no plain copy of the cases stays behind
    assert cipher.looks_encrypted(plain_backup) and ID_NUMBER.encode() not in plain_backup.read_bytes()
    assert integrity_problem(plain_backup, KEY) is None
    assert integrity_problem(plain_backup) == "是加密的数据库文件，需要口令"
    # new backups of the encrypted database are encrypted with its passphrase
    with enc.db.session() as session:
        made = backups.backup_now(session=session, user=admin)
        daily = backups.daily_backup(session=session, now=datetime.now() + timedelta(days=1))
    for f in (made, daily):
        assert f.stat().st_mode & 0o777 == 0o600
        assert cipher.looks_encrypted(f) and integrity_problem(f, KEY) is None
        assert integrity_problem(f, OTHER) == "口令不正确，或不是本程序的数据库文件"
    assert {label for _f, label, _w in list_backups(three_cases.path)} == {"manual", "daily"}
    # a backup under another passphrase is left as it is, and said
    stray = three_cases.path.parent / "backups" / f"{three_cases.path.stem}-manual-20250101-000000.db"
    cipher.export(made, KEY, stray, OTHER)
    kept = [f for f, _label, _w in list_backups(three_cases.path) if f != stray]  # the rotation kept one a day
    rekeyed = encryption.convert_database(db=enc.db, user=admin, current_key=KEY, new_key=OTHER + "!")
    assert rekeyed.backups_converted == len(kept) == 2 and rekeyed.backups_left == [stray]
    assert cipher.key_opens(made, OTHER + "!") and cipher.key_opens(stray, OTHER)
    rekeyed.db.dispose()


def test_restore_across_forms(three_cases, admin, tmp_path: Path) -> None:  # noqa: ANN001
    plain_copy = tmp_path / "plain-copy.db"
    make_backup(three_cases.path, "manual", out=plain_copy)
    saved = rows_of(plain_copy, None)
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db
    enc_copy = tmp_path / "enc-copy.db"
    with enc.session() as session:
        backups.backup_now(session=session, user=admin, out=enc_copy)
    enc.dispose()
    # a plain backup restored into the encrypted database: encrypted, every row back
    restored = backups.restore_database(three_cases.path, plain_copy, key=KEY, source_key=None)
    assert cipher.looks_encrypted(three_cases.path) and cipher.looks_encrypted(restored.replaced_kept_at)
    back = rows_of(three_cases.path, KEY)
    assert {t: r for t, r in back.items() if not t.startswith("audit")} == \
           {t: r for t, r in saved.items() if not t.startswith("audit")}
    # the encrypted backup restored into a new place: it stays encrypted, chain intact
    elsewhere = tmp_path / "elsewhere" / "restored.db"
    elsewhere.parent.mkdir()
    backups.restore_database(elsewhere, enc_copy, source_key=KEY)
    assert cipher.looks_encrypted(elsewhere)
    reopened = open_database(str(elsewhere), key=KEY)
    assert _chain_ok(reopened)
    reopened.dispose()
    # the wrong passphrase for the database: refused, nothing changed
    from hrss_disputes.backup import BackupError

    before = three_cases.path.read_bytes()
    with pytest.raises(BackupError, match="数据库口令不正确"):
        backups.restore_database(three_cases.path, enc_copy, key=OTHER, source_key=KEY)
    assert three_cases.path.read_bytes() == before
    with pytest.raises(BackupError, match="口令不正确"):
        backups.restore_database(three_cases.path, enc_copy, key=KEY, source_key=OTHER)
    assert three_cases.path.read_bytes() == before


def test_an_encrypted_database_is_backed_up_before_an_upgrade(three_cases, admin, monkeypatch) -> None:  # noqa: ANN001
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db
    enc.dispose()
    from hrss_disputes import db as db_module

    upgraded: list[str | None] = []
    monkeypatch.setattr(db_module, "current_revision", lambda engine: "0013")
    monkeypatch.setattr(db_module, "upgrade", lambda engine: upgraded.append("ran"))
    reopened = open_database(str(three_cases.path), key=KEY)
    reopened.dispose()
    assert upgraded == ["ran"]
    made = [f for f, label, _w in list_backups(three_cases.path) if label == "upgrade-0013"]
    assert len(made) == 1 and cipher.looks_encrypted(made[0]) and integrity_problem(made[0], KEY) is None
    assert os.stat(made[0]).st_mode & 0o777 == 0o600


def test_a_killed_conversion_leaves_one_whole_database(three_cases) -> None:  # noqa: ANN001
    """SIGKILL at moments spread over a conversion: the file is always whole, plain or
    encrypted, with every row."""
    path = three_cases.path
    three_cases.dispose()
    con = cipher.connect(path, None)
    counts = cipher.row_counts(con)
    con.close()
    script = ("import sys; from pathlib import Path; from hrss_disputes import cipher; "
              "cipher.convert(Path(sys.argv[1]), None, sys.argv[2])")
    outcomes = set()
    for delay in (0.05, 0.15, 0.25, 0.35, 0.5, 0.7, 1.0, 3.0):
        proc = subprocess.Popen([sys.executable, "-c", script, str(path), KEY])
        try:
            proc.wait(delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        key = None if cipher.key_opens(path, None) else KEY
        assert cipher.key_opens(path, key), f"after {delay} s the file opens with neither key"
        assert integrity_problem(path, key) is None
        con = cipher.connect(path, key)
        assert cipher.row_counts(con) == counts
        con.close()
        outcomes.add("encrypted" if key else "plain")
        if key:
            cipher.convert(path, KEY, None)  # back to the start for the next kill
    assert outcomes == {"plain", "encrypted"}  # kills landed both before and after the rename


LEFTOVERS = ("*.partial*", "*.converting*", "*.converted*", "*.restoring.db*", "*-journal")


def leftovers(path: Path) -> list[str]:
    """Temporary files of a backup, conversion or restore beside the database or its backups."""
    return sorted(f.name for folder in (path.parent, path.parent / "backups") for pattern in LEFTOVERS
                  for f in folder.glob(pattern))


def _non_audit(rows: dict[str, int]) -> dict[str, int]:
    return {t: n for t, n in rows.items() if not t.startswith("audit")}


def counts_of(path: Path, key: str | None) -> dict[str, int]:
    assert integrity_problem(path, key) is None, path
    con = cipher.connect(path, key)
    try:
        return cipher.row_counts(con)
    finally:
        con.close()


def test_a_killed_encryption_on_leaves_no_plain_backup_after_the_next_start(three_cases, monkeypatch) -> None:  # noqa: ANN001
    """SIGKILL at moments spread over ``encryption on`` (the command, database and backups),
    then the next start (a command opening the database with its passphrase): never a plain
    backup beside the encrypted database, no temporary file left, every file whole."""
    from hrss_disputes.cli import main

    path = three_cases.path
    three_cases.dispose()
    for day in range(3):
        make_backup(path, "manual", now=datetime(2026, 11, 1 + day, 9))
    counts = counts_of(path, None)
    backup_files = sorted((path.parent / "backups").glob(f"{path.stem}-*.db"))
    backup_counts = {f: counts_of(f, None) for f in backup_files}
    env = {**os.environ, "HRSS_NEW_DB_PASSPHRASE": KEY}
    command = [sys.executable, "-m", "hrss_disputes", "encryption", "on", "--db", str(path)]

    def back_to_plain() -> None:
        for f in [path, *backup_files]:
            if cipher.looks_encrypted(f):
                cipher.convert(f, KEY, None)

    started = datetime.now()
    subprocess.run(command, env=env, check=True, capture_output=True)
    whole_run = (datetime.now() - started).total_seconds()
    back_to_plain()
    converting, converted = (path.with_name(path.name + s) for s in (".converting", ".converted"))
    moments: list[float | Callable[[], bool]] = [0.35, 0.55, 0.75, 0.9]
    backup_checked = backup_files[1].with_name(backup_files[1].name + ".converted")
    moments += [backup_checked.exists,  # a backup checked in its new form, not yet renamed
                converting.exists, converted.exists, lambda: cipher.looks_encrypted(path)]  # the database's turn
    outcomes = set()
    for moment in moments:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if isinstance(moment, float):
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(whole_run * moment)
        else:
            while proc.poll() is None and not moment():
                time.sleep(0.001)
        proc.kill()
        proc.wait()
        encrypted = cipher.looks_encrypted(path)
        if encrypted:
            monkeypatch.setenv("HRSS_DB_PASSPHRASE", KEY)
        # the next start: a command opening the database with its passphrase
        assert main(["deadline", "--start", "2026-11-02", "--days", "5", "--kind", "working", "--db", str(path)]) == 0
        monkeypatch.delenv("HRSS_DB_PASSPHRASE", raising=False)
        key = KEY if encrypted else None
        assert leftovers(path) == [], f"killed at {moment}"
        assert _non_audit(counts_of(path, key)) == _non_audit(counts)
        for f in backup_files:
            if encrypted:
                assert cipher.looks_encrypted(f), f"{f.name} plain beside the encrypted database (killed at {moment})"
            assert counts_of(f, KEY if cipher.looks_encrypted(f) else None) == backup_counts[f]
        outcomes.add("encrypted" if encrypted else "plain")
        back_to_plain()
    assert outcomes == {"plain", "encrypted"}  # kills landed both before and after the database's turn


def test_the_next_start_tidies_up_and_encrypts_plain_backups(three_cases, admin, monkeypatch, capsys) -> None:  # noqa: ANN001
    """What interrupted runs leave, found by the next start with the passphrase: temporary
    files go, plain backups are encrypted, and what cannot be done (a damaged plain backup, an
    unfinished copy whose original is gone) is named, never deleted."""
    from hrss_disputes.cli import main

    path = three_cases.path
    enc = encryption.convert_database(db=three_cases, user=admin, current_key=None, new_key=KEY).db
    enc.dispose()
    folder = path.parent / "backups"

    def named(name: str) -> Path:
        return folder / f"{path.stem}-manual-{name}.db"

    plain, damaged, lost, unfinished = (named(n) for n in ("20250101-000000", "20250102-000000",
                                                          "20250103-000000", "20250104-000000"))
    cipher.export(path, KEY, plain, None)  # e.g. a plain backup copied back into the folder
    damaged.write_bytes(cipher.SQLITE_HEADER + b"\x10\x00" + b"\xff" * 8000)
    checked = lost.with_name(lost.name + ".converted")  # whole and checked, its original gone
    cipher.export(path, KEY, checked, KEY)
    half = unfinished.with_name(unfinished.name + ".converting")  # not checked, its original gone
    half.write_bytes(b"\x00" * 4096)
    stale = [folder / f"{path.stem}-daily-20250105-000000.db.partial",
             folder / f"{path.stem}-daily-20250105-000000.db.partial-journal",
             path.with_name(path.name + ".converting"), path.with_name(path.name + ".converting-journal"),
             path.with_name(path.name + ".converted"),
             path.with_name(f"{path.stem}.restoring.db"), path.with_name(f"{path.stem}.restoring.db-wal"),
             folder / f"{path.stem}-manual-20250106-000000.db.converting-journal"]  # its file went already
    for f in stale:
        f.write_bytes(ID_NUMBER.encode() * 100)

    monkeypatch.setenv("HRSS_DB_PASSPHRASE", KEY)
    assert main(["deadline", "--start", "2026-11-02", "--days", "5", "--kind", "working", "--db", str(path)]) == 0
    said = capsys.readouterr().err
    assert [f for f in stale if f.exists()] == []
    assert cipher.looks_encrypted(plain) and integrity_problem(plain, KEY) is None
    assert integrity_problem(lost, KEY) is None and not checked.exists()  # put back in place
    assert half.exists() and str(half) in said  # kept: it may be the only copy
    assert damaged.exists() and str(damaged) in said and "无法用数据库口令加密" in said
    # the next start: only what is still there is said again, nothing converted twice
    again = encryption.finish_interrupted(path, KEY)
    assert again.backups_encrypted == [] and again.plain_left == [damaged] and again.tidied.kept == [half]
    assert again.tidied.removed == [] and again.tidied.recovered == []
    # a plain database start tidies but leaves encrypted backups as they are
    assert encryption.finish_interrupted(path, None).backups_encrypted == []


def test_no_clean_up_while_another_program_works_on_the_files(three_cases, admin) -> None:  # noqa: ANN001
    path = three_cases.path
    three_cases.dispose()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from hrss_disputes import cipher\n"
        "with cipher.exclusive(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"),
        str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        being_written = path.parent / "backups" / f"{path.stem}-daily-20250101-000000.db.partial"
        being_written.write_bytes(b"a backup being copied")
        assert encryption.finish_interrupted(path, None) == encryption.AtStart()
        assert being_written.exists()
        with pytest.raises(ServiceError, match="另一个程序正在备份、转换或恢复"):
            encryption.convert_file(path, None, KEY)
        assert not cipher.looks_encrypted(path)
    finally:
        holder.kill()
        holder.wait()
    assert encryption.finish_interrupted(path, None).tidied.removed == [being_written]


def test_the_order_keeps_every_backup_as_protected_as_the_database(three_cases, admin, monkeypatch) -> None:  # noqa: ANN001
    """Encrypting: backups first, the database last; decrypting: the database first. A backup
    already in the new form (an interrupted run done again) counts as converted. A database
    that cannot be converted after its backups were puts them back."""
    path = three_cases.path
    three_cases.dispose()
    first = make_backup(path, "manual", now=datetime(2026, 11, 1, 9))
    second = make_backup(path, "manual", now=datetime(2026, 11, 2, 9))
    order: list[str] = []
    real = cipher.convert
    monkeypatch.setattr(cipher, "convert", lambda f, old, new: (order.append(f.name), real(f, old, new))[1])
    cipher.convert(first, None, KEY)  # an interrupted 'encryption on' got this far
    order.clear()
    done = encryption.convert_file(path, None, KEY)
    assert order == [second.name, path.name]
    assert done.backups_converted == 2 and done.backups_left == []
    done.db.dispose()
    order.clear()
    encryption.convert_file(path, KEY, None).db.dispose()
    assert order == [path.name, first.name, second.name]

    real_export = cipher.export

    def database_fails(src: Path, src_key, dest: Path, dest_key) -> None:  # noqa: ANN001
        if src == path:
            raise cipher.CipherError("转换失败：磁盘已满")
        real_export(src, src_key, dest, dest_key)

    monkeypatch.setattr(cipher, "export", database_fails)
    with pytest.raises(ServiceError, match="磁盘已满；数据库保持原样"):
        encryption.convert_file(path, None, KEY)
    assert [cipher.looks_encrypted(f) for f in (path, first, second)] == [False, False, False]
    assert leftovers(path) == []


def test_a_lost_database_is_never_replaced_by_an_empty_one(three_cases, admin) -> None:  # noqa: ANN001
    path = three_cases.path
    counts = counts_of(path, None)
    three_cases.dispose()
    checked = path.with_name(path.name + ".converted")
    cipher.export(path, None, checked, KEY)
    path.unlink()
    # the checked conversion is the database: put in place, and it asks for its passphrase
    with pytest.raises(PassphraseNeeded):
        open_database(str(path))
    assert not checked.exists() and counts_of(path, KEY) == counts
    # an unchecked one is not trusted, nor deleted: the program refuses to start a new database
    os.replace(path, path.with_name(path.name + ".converting"))
    with pytest.raises(DatabaseError, match="可能是数据的唯一副本"):
        open_database(str(path), key=KEY)
    assert not path.exists()
