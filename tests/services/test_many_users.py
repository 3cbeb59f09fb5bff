"""Many people on one database at once: two users' contexts see each other's writes and a stale
save names who saved first; ten processes registering and acting on cases together keep the case
numbers unique and without gaps, the audit chain whole, and every write they were told succeeded.
Runs on SQLite (WAL, busy_timeout) and, with HRSS_TEST_PG, on PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import CaseEvent, DisputeCase
from hrss_disputes.models.enums import Role
from hrss_disputes.models.reference import NumberSequence
from hrss_disputes.services import accounts, audit, cases, changes, offices, workflow
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.errors import VersionConflict
from tests.factories import TEST_PASSWORD, act, arbitration_input

WRITER = Path(__file__).parents[1] / "concurrent_writer.py"
ROOT = Path(__file__).parents[2]
WRITERS, ROUNDS = 10, 3


def _staff(ctx: ServiceContext, username: str, name: str, role: Role = Role.ARBITRATOR):  # noqa: ANN202
    uid = ctx.call(accounts.create_account, username=username, display_name=name, role=role,
                   office_id=ctx.actor.office_id, password=TEST_PASSWORD)
    return ctx.call(offices.get_actor, user_id=uid)


def test_two_users_see_each_others_writes_and_a_stale_save_names_the_first(ctx, admin, db) -> None:  # noqa: ANN001
    a = ServiceContext(db, _staff(ctx, "zhou", "周仲裁"))
    b = ServiceContext(db, _staff(ctx, "wu", "吴书记员", Role.CLERK))
    case_id = a.call(cases.create_case, data=arbitration_input(admin.office_id))
    seen_by_b = b.call(changes.write_count, user=None)
    b_copy = b.call(cases.get_case, case_id=case_id)
    assert b.call(changes.changed_cases, since=seen_by_b, case_ids=[case_id]) == []

    a.call(cases.update_case, case_id=case_id, expected_version=b_copy.version, changes={"summary": "周仲裁先改"})
    assert b.call(changes.write_count, user=None) == seen_by_b + 1  # one committed write, one step
    [change] = b.call(changes.changed_cases, since=seen_by_b, case_ids=[case_id])
    assert (change.case_id, change.by, change.gone) == (case_id, "周仲裁", False)
    with pytest.raises(VersionConflict, match="该案件已被 周仲裁 于 .* 修改。您填写的内容仍保留"):
        b.call(cases.update_case, case_id=case_id, expected_version=b_copy.version, changes={"summary": "吴的"})
    with pytest.raises(VersionConflict, match="周仲裁"):  # a step on the old version too
        b.call(workflow.perform_action, case_id=case_id,
               expected_version=b_copy.version, action="note", occurred_on=date(2026, 11, 21),
               values={"text": "吴的备注"}, today=date(2026, 11, 21))
    assert b.call(cases.get_case, case_id=case_id).summary == "周仲裁先改"
    act(b, case_id, "note", date(2026, 11, 21), text="吴读了新版本后再记")  # on the new version it goes in
    [change] = a.call(changes.changed_cases, since=seen_by_b + 1, case_ids=[case_id])
    assert change.by == "吴书记员"


def _seq(number: str) -> int:
    return int(re.search(r"〔2026〕(\d+)号", number).group(1))


def test_ten_writers_at_once_keep_numbers_chain_and_every_write(ctx, admin, db, db_target) -> None:  # noqa: ANN001
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(  # started first: their imports overlap the setup below
        [sys.executable, str(WRITER), db_target, str(i), str(ROUNDS)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for i in range(WRITERS)]
    staff = [_staff(ctx, f"w{i:02d}", f"写入者{i:02d}") for i in range(WRITERS)]
    shared = [ctx.call(cases.create_case, data=arbitration_input(admin.office_id)) for _ in range(2)]
    start_versions = {c: ctx.call(cases.get_case, case_id=c).version for c in shared}
    for p, s in zip(procs, staff, strict=True):
        p.stdin.write(f"{s.id.hex} {','.join(c.hex for c in shared)}\n")
        p.stdin.flush()
    for p in procs:  # all connected and signed in before any starts
        line = p.stdout.readline()
        assert line.startswith('{"ready"'), line + p.stderr.read()
    began = time.monotonic()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    said: list[dict] = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        said += [json.loads(line) for line in out.splitlines()]
        assert p.returncode == 0, out + err
    took = time.monotonic() - began
    assert not [s for s in said if "error" in s or "gave_up" in s]

    with db.session() as s:
        created = {x["created"] for x in said if "created" in x}
        assert len(created) == WRITERS * ROUNDS
        in_db = {r.hex for r in s.scalars(select(DisputeCase.id).where(DisputeCase.id.not_in(shared)))}
        assert created == in_db  # every registration told to its writer is there, and nothing else
        numbers = [x["number"] for x in said if "accepted" in x]
        stored = dict(s.execute(select(DisputeCase.id, DisputeCase.case_number)).all())
        assert all(stored[uuid.UUID(x["accepted"])] == x["number"] for x in said if "accepted" in x)
        assert sorted(_seq(n) for n in numbers) == list(range(1, WRITERS * ROUNDS + 1))  # unique, no gap
        assert s.scalar(select(NumberSequence.last).where(NumberSequence.number_type == "案")) == WRITERS * ROUNDS

        saved = Counter(x.get("edited") or x.get("noted") for x in said if "edited" in x or "noted" in x)
        assert sum(saved.values()) == WRITERS * ROUNDS
        for case_id in shared:
            case = s.get(DisputeCase, case_id)
            # each save the writer was told of bumped the version once: none was lost or applied twice
            assert case.version == start_versions[case_id] + saved[case_id.hex]
            versions = sorted(x["version"] for x in said if (x.get("edited") or x.get("noted")) == case_id.hex)
            assert versions == list(range(start_versions[case_id] + 1, case.version + 1))
            notes = set(s.scalars(select(CaseEvent.note).where(CaseEvent.case_id == case_id)))
            assert {x["text"] for x in said if x.get("noted") == case_id.hex} <= notes
            edits = s.scalars(select(AuditEntry.after).where(AuditEntry.case_id == case_id,
                                                            AuditEntry.action == "update")).all()
            assert sorted(json.loads(e)["summary"] for e in edits) == sorted(
                x["text"] for x in said if x.get("edited") == case_id.hex)
        assert audit.verify_chain(s) is None
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit.chain_head(s)[0]
    stale = [x for x in said if "stale" in x]
    assert stale and all(re.search(r"该案件已被 写入者\d\d 于 ", x["message"]) for x in stale)
    busy = [x for x in said if "busy" in x]  # a SQLite file locked past busy_timeout, said and made again
    assert not busy or db.engine.dialect.name == "sqlite"
    print(f"{WRITERS} writers × {ROUNDS} rounds on {db.engine.dialect.name}: {took:.1f} s, "
          f"{len(stale)} saves refused as stale and made again, {len(busy)} calls retried after a lock wait")
