"""One of the ten writers of tests/services/test_ten_writers.py: its own process and ServiceContext
on the shared database, as one member of staff at one PC. Started while the test still makes
the users (its imports are the slow part), it is told on stdin who it is; after ``ready`` it waits
for another line (all ten start together), then for each round registers a case, accepts it (a case number
is allocated), and acts on one of the shared cases (an edit of 摘要, or a 备注) with the version it
read: a save refused as stale is reported and tried again on the new version. Every committed
call is printed as one JSON line; anything else that goes wrong is printed and ends the process
with 1.

usage: concurrent_writer.py DB WORKER ROUNDS, then on stdin: USER_ID SHARED_ID[,SHARED_ID…]; then go
"""

import json
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from hrss_disputes.db import DatabaseError, open_database
from hrss_disputes.services import cases, offices, workflow
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.errors import VersionConflict
from hrss_disputes.services.parties import PartyInput

BUSY_TRIES = 5
TRIES = 30  # a shared case saved by ten people: tried again on the new version until it goes in
TODAY = date(2026, 11, 21)
T = TypeVar("T")


def say(**values: object) -> None:
    print(json.dumps(values, ensure_ascii=False), flush=True)


def call(ctx: ServiceContext, fn: Callable[..., T], /, **kwargs: object) -> T:
    """ctx.call; on a SQLite file, a call refused because the file stayed locked past its
    busy_timeout (ten writers on a loaded machine) is said and made again, as the person told
    “数据库正被其他程序占用…请…重试” would: nothing of it was saved. On a server nothing is retried."""
    for _ in range(BUSY_TRIES):
        try:
            return ctx.call(fn, **kwargs)
        except DatabaseError as e:
            if ctx.db.path is None or "已锁定" not in str(e):
                raise
            say(busy=str(e))
    return ctx.call(fn, **kwargs)


def act_on_shared(ctx: ServiceContext, worker: int, rnd: int, case_id: uuid.UUID) -> None:
    text = f"写入者{worker:02d}第{rnd}轮"
    for _ in range(TRIES):
        seen = call(ctx, cases.get_case, case_id=case_id).version
        time.sleep(0.005)  # a person reads before saving: others may save in between
        try:
            if rnd % 2:
                d = call(ctx, workflow.perform_action, case_id=case_id, expected_version=seen, action="note",
                         occurred_on=TODAY, values={"text": text}, today=TODAY)
                say(noted=case_id.hex, text=text, version=d.version)
            else:
                d = call(ctx, cases.update_case, case_id=case_id, expected_version=seen, changes={"summary": text})
                say(edited=case_id.hex, text=text, version=d.version)
            return
        except VersionConflict as e:
            say(stale=case_id.hex, message=str(e))
    say(gave_up=case_id.hex, text=text)


def main() -> int:
    target, worker, rounds = sys.argv[1:4]
    db = open_database(target)
    ctx = ServiceContext(db)
    user_id, shared = sys.stdin.readline().split()  # who this writer is, once the test made them
    shared_ids = [uuid.UUID(s) for s in shared.split(",")]
    ctx.actor = ctx.call(offices.get_actor, user_id=uuid.UUID(user_id))
    say(ready=int(worker))
    sys.stdin.readline()  # go
    n = int(worker)
    try:
        for rnd in range(int(rounds)):
            cid = call(ctx, cases.create_case, data=CaseInput(
                family="arbitration", procedure="ordinary", office_id=ctx.actor.office_id,
                received_on=date(2026, 11, 2), applicants=[PartyInput(name=f"工人{n:02d}-{rnd}")],
                respondents=[PartyInput(kind="organisation", name="某公司")],
                claims=[ClaimInput(amount_claimed="100.00")]))
            say(created=cid.hex)
            version = call(ctx, cases.get_case, case_id=cid).version  # nobody else acts on it
            d = call(ctx, workflow.perform_action, case_id=cid, expected_version=version, action="accept",
                     occurred_on=date(2026, 11, 3), today=TODAY)
            say(accepted=cid.hex, number=d.case_number)
            act_on_shared(ctx, n, rnd, shared_ids[(n + rnd) % len(shared_ids)])
    except (DatabaseError, Exception) as e:  # noqa: BLE001  (said to the test, which fails on it)
        say(error=f"{type(e).__name__}: {e}")
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
