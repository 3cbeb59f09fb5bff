"""Fuzzing the command line (issue 17, acceptance): every subcommand with arguments drawn from
valid values, near misses, arbitrary text, non-UTF-8 bytes and paths that are folders, missing,
truncated, newer-schema or other databases. Whatever comes in: no traceback, no internal error,
a non-zero exit says why in Chinese, and no file changes but the one the command exists to
change (``--out``, or ``--db`` for demo and restore)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrss_disputes.cli import main
from hrss_disputes.migrations.head import HEAD_REVISION


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A small office database and the files an attacker points commands at, kept pristine."""
    root = tmp_path_factory.mktemp("fuzz")
    box = root / "box"
    box.mkdir()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["demo", "--db", str(root / "demo.db"), "--cases", "30", "--seed", "5",
                     "--today", "2026-11-20"]) == 0
    leader = next(line.split() for line in out.getvalue().splitlines() if line.startswith("gd_leader"))
    with contextlib.redirect_stdout(io.StringIO()):  # self-contained files (the live one is in WAL mode)
        assert main(["backup", "--db", str(root / "demo.db"), "--out", str(box / "office.db")]) == 0
        assert main(["backup", "--db", str(root / "demo.db"), "--out", str(box / "copy.db")]) == 0
    shutil.copy(box / "copy.db", box / "newer.db")
    con = sqlite3.connect(box / "newer.db")
    con.execute("UPDATE alembic_version SET version_num = ?", (f"{int(HEAD_REVISION) + 1:04d}",))
    con.commit()
    con.close()
    shutil.copy(box / "copy.db", box / "locked.db")
    os.environ["HRSS_NEW_DB_PASSPHRASE"] = "fuzzing passphrase 2026"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["encryption", "on", "--db", str(box / "locked.db")]) == 0
    finally:
        del os.environ["HRSS_NEW_DB_PASSPHRASE"]
    (box / "truncated.db").write_bytes((box / "copy.db").read_bytes()[:12288])
    (box / "notes.txt").write_text("案件备忘", encoding="utf-8")
    (box / "folder").mkdir()
    pristine = root / "pristine"
    shutil.copytree(box, pristine)
    return {"box": box, "pristine": pristine, "user": leader[0], "password": leader[2]}


def _files(folder: Path) -> dict[Path, bytes]:
    """Every file's bytes, but the empty lock files that serialise backups and conversions."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not (p.name.startswith(".") and p.name.endswith(".lock"))}


def _cases(path: Path) -> tuple[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0], con.execute(
            "SELECT count(*) FROM dispute_case").fetchone()[0]
    finally:
        con.close()


NAMES = ["office.db", "copy.db", "newer.db", "locked.db", "truncated.db", "notes.txt", "folder", "missing/x.db", "new.db",
         "out.pdf", "out.json", "out.xlsx", "office.db-wal"]
WEIRD = st.sampled_from(["", " ", "\udcff\udcfe", "2026-10\udc80", "٣", "²", "-1", "0", "9" * 30, "1e3", "0x10",
                         "0001-01", "26-10", "2026-13", "9999-12-25", "0001-01-01", "2026-02-30", "—", "../..",
                         "肇劳人仲案字〔2026〕1号", "ＡＢＣ", "--db", "-h"])
TEXT = st.one_of(WEIRD, st.text(max_size=12))


def _option_values(box: Path) -> dict[str, st.SearchStrategy]:
    path = st.sampled_from(NAMES).map(lambda n: str(box / n))
    return {
        "--db": path, "--out": path, "--from": st.one_of(path, TEXT), "--month": st.one_of(
            st.sampled_from(["2026-10", "2025-1", "2026-10-01"]), TEXT),
        "--to": TEXT, "--office": st.one_of(st.sampled_from(["ZQ", "GD", "XX"]), TEXT),
        "--format": st.one_of(st.sampled_from(["json", "pdf", "xlsx", "doc"]), TEXT),
        "--case": TEXT, "--type": st.one_of(st.sampled_from(["award", "hearing_notice", "nope"]), TEXT),
        "--start": st.one_of(st.sampled_from(["2026-01-05", "2025-09-25"]), TEXT),
        "--days": st.one_of(st.sampled_from(["5", "15", "3650", "3651"]), TEXT),
        "--kind": st.one_of(st.sampled_from(["working", "calendar"]), TEXT),
        "--cases": st.one_of(st.sampled_from(["3", "0", str(10**12), "abc"]), TEXT),
        "--seed": TEXT, "--today": st.one_of(st.sampled_from(["2026-11-20", "0001-01-01"]), TEXT),
        "--against": st.one_of(path, TEXT), "--user": st.one_of(st.sampled_from(["gd_leader", "nobody"]), TEXT),
    }


COMMANDS = {
    "report": ["--db", "--month", "--from", "--to", "--office", "--format", "--out", "--user"],
    "document": ["--db", "--case", "--type", "--out", "--user"],
    "deadline": ["--start", "--days", "--kind", "--db"],
    "demo": ["--db", "--cases", "--seed", "--today"],
    "audit": ["--db", "--against"],
    "backup": ["--db", "--out"],
    "restore": ["--db", "--from"],
    "encryption": ["--db"],
}
POSITIONAL = {"audit": st.sampled_from(["verify", "check", ""]), "encryption": st.sampled_from(["on", "off", "change", "x"])}


@st.composite
def command_lines(draw: st.DrawFn, box: Path) -> list[str]:
    values = _option_values(box)
    command = draw(st.sampled_from([*COMMANDS, "nosuch"]))
    argv = [command]
    if command in POSITIONAL and draw(st.booleans()):
        argv.append(draw(POSITIONAL[command]))
    for option in draw(st.lists(st.sampled_from(COMMANDS.get(command, ["--db"])), max_size=6, unique=True)):
        argv += [option, draw(values[option])] if draw(st.integers(0, 9)) else [option]
    if draw(st.integers(0, 6)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(TEXT))
    return argv


def _allowed(argv: list[str], box: Path) -> set[Path]:
    """The files this command line may change: its --out (and a split award's second file), and
    its --db (checked apart: it must stay the same database, with the same cases)."""
    allowed = set()
    for flag, value in zip(argv, argv[1:], strict=False):
        target = Path(value) if value.startswith(str(box)) else None
        if target is None:
            continue
        if flag == "--out":  # and a split award's second paper, a backup's metadata
            allowed |= {target, target.with_name(f"{target.stem}-2{target.suffix}"),
                         target.with_name(target.name + ".json")}
        if flag == "--db":  # opening writes (WAL mode, the sign-in's audit entry); demo and restore fill it
            allowed.add(target)
    return {p.relative_to(box) for p in allowed}


def test_no_command_line_crashes_or_changes_what_it_was_not_asked_to(sandbox, monkeypatch, tmp_path_factory) -> None:  # noqa: ANN001
    box: Path = sandbox["box"]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # a relative --out lands here, not in the checkout
    monkeypatch.setattr("hrss_disputes.cli.has_display", lambda: False)  # a line with no command would open the window
    monkeypatch.setenv("HRSS_USER", sandbox["user"])
    monkeypatch.setenv("HRSS_PASSWORD", sandbox["password"])
    for var in ("HRSS_DB", "HRSS_DB_PASSPHRASE", "HRSS_NEW_DB_PASSPHRASE", "HRSS_BACKUP_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)
    before = _files(box)
    databases = {name: _cases(box / name) for name in ("office.db", "copy.db", "newer.db")}

    @settings(max_examples=int(os.environ.get("HRSS_FUZZ_EXAMPLES", "200")), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(argv=command_lines(box))
    def attempt(argv: list[str]) -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv)
                except SystemExit as e:
                    code = e.code if isinstance(e.code, int) else 2
            said = out.getvalue() + err.getvalue()
            assert "Traceback" not in said and "程序内部错误" not in said, (argv, said)
            if code != 0:
                assert any("\u4e00" <= ch <= "\u9fff" for ch in err.getvalue()), (argv, said)
            after = _files(box)
            changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
            allowed = _allowed(argv, box)
            # restore keeps the replaced database under backups/; temporary names never stay
            unexpected = {p for p in changed - allowed if not (argv[0] == "restore" and p.parts[0] == "backups")}
            assert not unexpected, (argv, sorted(map(str, unexpected)), said)
            for name, cases in databases.items():  # a database opened by the command is still itself
                if (box / name).exists() and argv[0] not in ("restore", "demo"):
                    assert _cases(box / name) == cases, (argv, name, said)
        finally:  # the next example starts from the same files
            for p in box.iterdir():
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            shutil.copytree(sandbox["pristine"], box, dirs_exist_ok=True)

    attempt()
