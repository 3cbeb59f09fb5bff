"""Killed mid-write, 50 times: after each SIGKILL the database passes its integrity check, the
audit chain verifies, every save the writer reported is there, and no case is half-written."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hrss_disputes.cli import main

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 50


def half_written(path: Path) -> list[str]:
    """Everything that would show a save that stopped halfway."""
    con = sqlite3.connect(path)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    problems = []
    for (cid, status, amount) in q("SELECT id, status, amount_claimed FROM dispute_case"):
        kinds = {k for (k,) in q(f"SELECT kind FROM case_event WHERE case_id = '{cid}'")}
        roles = [r for (r,) in q(f"SELECT role FROM case_party WHERE case_id = '{cid}'")]
        claims = q(f"SELECT amount_claimed FROM claim_item WHERE case_id = '{cid}'")
        audited = {a for (a,) in q(f"SELECT action FROM audit_entry WHERE case_id = '{cid}'")}
        if "received" not in kinds or sorted(roles) != ["applicant", "respondent"] or len(claims) != 2:
            problems.append(f"case {cid}: events {kinds}, parties {roles}, {len(claims)} claims")
        if round(sum(float(a) for (a,) in claims), 2) != round(float(amount), 2):
            problems.append(f"case {cid}: amount {amount} is not its claims' sum")
        if "create" not in audited:
            problems.append(f"case {cid}: no audit entry of its creation")
        if status == "accepted" and ("accepted" not in kinds or "accept" not in audited):
            problems.append(f"case {cid}: accepted without its event or audit entry")
    for (doc_id, sha, pdf, case_id) in q("SELECT id, sha256, pdf, case_id FROM issued_document"):
        if hashlib.sha256(pdf).hexdigest() != sha:
            problems.append(f"document {doc_id}: PDF does not match its hash")
        if not q(f"SELECT 1 FROM case_event WHERE case_id = '{case_id}' AND kind = 'document_issued'"):
            problems.append(f"document {doc_id}: no 签发 event on its case")
        if not q(f"SELECT 1 FROM audit_entry WHERE entity = 'issued_document' AND entity_id = '{doc_id}'"):
            problems.append(f"document {doc_id}: no audit entry")
    con.close()
    return problems


def test_sigkill_fifty_times_during_saves_and_issuing(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = tmp_path / "crash.db"
    rng = random.Random(20261121)
    reported: list[tuple[str, str]] = []
    for round_ in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, str(WRITER), str(path)], stdout=subprocess.PIPE, text=True,
                                cwd=Path(__file__).parents[1], env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
        assert proc.stdout.readline().strip() == "ready", f"round {round_}: the writer did not start"
        time.sleep(rng.uniform(0.05, 1.6))  # inside a save, an acceptance or an issue (the first loads ReportLab)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        reported += [tuple(line.split()) for line in out.splitlines() if len(line.split()) == 2]

        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"round {round_}"
        cases = {r[0] for r in con.execute("SELECT id FROM dispute_case")}
        accepted = {r[0] for r in con.execute("SELECT id FROM dispute_case WHERE status = 'accepted'")}
        docs = {r[0] for r in con.execute("SELECT id FROM issued_document")}
        con.close()
        for what, ident in reported:  # every call the writer saw return is still saved
            assert ident in {"case": cases, "accepted": accepted, "issued": docs}[what], f"round {round_}: lost {what}"
        assert main(["audit", "verify", "--db", str(path)]) == 0, capsys.readouterr().err
        capsys.readouterr()
        assert half_written(path) == [], f"round {round_}"
    assert sum(1 for what, _ in reported if what == "issued") >= 10  # the kills fell among every kind of write
