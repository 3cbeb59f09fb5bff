"""Issue 20 point 5: the same work on a PostgreSQL server and on the same SQLite file, side by side,
against the same budgets, for a city clerk, a township mediator and the provincial leader.

    python bench/server.py [--size 200000] [--seed 1] [--runs 5] [--server URL]

``--server``: a PostgreSQL URL whose role may create databases (default $HRSS_BENCH_PG, else
$HRSS_TEST_PG); its password is never printed. Both databases are made the honest way, by the
``demo`` command with the same seed, size and day, and kept for the next run: the file
/tmp/hrss_bench_s{seed}_n{size}.db and the server database hrss_bench_s{seed}_n{size} (built
under a ``_build`` name and renamed when whole, so an interrupted build is never reused).
Opening them brings them to the program's schema (a new index is built then, once).

For each backend and user:
- 首页: the program started, signed in and its first page of cases painted (a new process each
  run; budget 1.5 s); baseline: a bare PySide6 window started the same way plus the page's plain
  SQL on that backend;
- 搜索按键: each keystroke typed into the real case list (query + first page shown; budget
  100 ms), the worst of them; and the party form's lookup as a name, an ID number or a credit
  code is typed (budget 100 ms); baseline: the same search written as one plain statement on
  that backend (its best form: instr() on SQLite, LIKE on PostgreSQL's trigram index; the digit
  keys' ranges for a case number; the name key's prefix for a party);
- 期限看板: the deadline board page opened as the main window does (budget 1 s); baseline: the
  same rows by one plain statement;
- 月报JSON: the monthly report of the user's office as JSON (budget 2 s); baseline: the three
  rates by hand-written SQL for the same offices (bench/kpi.py's).
Every baseline is measured in the same run on the same backend; ratios are printed beside it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402

from _demo_db import BENCH_PASSWORD, bench_login  # noqa: E402  (siblings: benchmarks run as scripts)
from kpi import HAND_SQL  # noqa: E402
from startup import spawn_until_shown  # noqa: E402

BENCH_TODAY = "2026-11-29"  # the demo's "today" on both backends, so the two databases are the same
MONTH = (2026, 10)
BUDGET_MS = {"首页": 1500.0, "搜索按键": 100.0, "当事人查找": 100.0, "期限看板": 1000.0, "月报JSON": 2000.0}
CASE_WORDS_EXTRA = ["肇庆市鼎盛", "没有这个人", "2025〕第12"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="cases in each demo database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", default=os.environ.get("HRSS_BENCH_PG") or os.environ.get("HRSS_TEST_PG"),
                        help="PostgreSQL URL of a role that may create databases")
    return parser.parse_args()


def shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_demo(target: str, size: int, seed: int) -> float:
    """The demo command into ``target`` (given through HRSS_DB, so a password is in no process
    list); its output (the demo users' passwords) is not printed. Returns the seconds it took."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hrss_disputes", "demo", "--cases", str(size), "--seed", str(seed),
                           "--today", BENCH_TODAY], env={**os.environ, "HRSS_DB": target},
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"demo failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    return time.perf_counter() - started


def ensure_sqlite(size: int, seed: int) -> str:
    path = Path(f"/tmp/hrss_bench_s{seed}_n{size}.db")
    if path.exists():
        print(f"SQLite: using {path}")
        return str(path)
    building = path.with_name(path.name + ".build")
    for leftover in building.parent.glob(building.name + "*"):
        leftover.unlink()
    took = run_demo(str(building), size, seed)
    building.rename(path)
    print(f"SQLite: demo of {size} cases generated in {took:.0f} s into {path}")
    return str(path)


def ensure_server(server: str, size: int, seed: int) -> str:
    """The server's demo database of ``size`` cases, made once (schema by the administrator's
    upgrade, then the demo command) and kept; at the program's schema (upgraded in place, as
    ``db upgrade`` does without its pg_dump copy: a benchmark's database is a throwaway)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from hrss_disputes.db import upgrade_server

    name = f"hrss_bench_s{seed}_n{size}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    target = make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    if exists:
        old, new = upgrade_server(target)
        print(f"PostgreSQL: using {shown(target)}" + (f" (schema {old} → {new})" if old != new else ""))
        admin.dispose()
        return target
    building = make_url(server).set(database=f"{name}_build").render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}_build WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}_build"))
    upgrade_server(building)
    took = run_demo(building, size, seed)
    with admin.connect() as conn:
        conn.execute(text(f"ALTER DATABASE {name}_build RENAME TO {name}"))
    admin.dispose()
    analyse = create_engine(target, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with analyse.connect() as conn:  # what autovacuum does a minute after a bulk load, done now
        conn.execute(text("ANALYZE"))
    analyse.dispose()
    print(f"PostgreSQL: demo of {size} cases generated in {took:.0f} s into {shown(target)}")
    return target


def median_ms(fn, runs: int) -> float:  # noqa: ANN001
    fn()  # warm: the pages it reads come from disk once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


@dataclass
class Line:
    measure: str
    user: str
    what: str
    ms: dict[str, float] = field(default_factory=dict)  # backend → measured
    base: dict[str, float] = field(default_factory=dict)  # backend → plain SQL baseline


class Plain:
    """Hand-written SQL on one backend through SQLAlchemy's text() (no ORM, no services)."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.conn = engine.connect()

    def uid(self, value: uuid.UUID) -> object:
        return value if self.pg else value.hex

    def rows(self, sql: str, **params: object) -> list:
        from sqlalchemy import bindparam, text

        stmt = text(sql)
        lists = [k for k, v in params.items() if isinstance(v, list | tuple | set)]
        if lists:
            stmt = stmt.bindparams(*(bindparam(k, expanding=True) for k in lists))
            params = {k: list(v) if k in lists else v for k, v in params.items()}
        return self.conn.execute(stmt, params).all()

    def close(self) -> None:
        self.conn.close()


PAGE_SQL = """
SELECT c.id, c.case_number, c.family, c.procedure, c.status, c.applicant_names, c.respondent_names, c.cause,
       c.received_on, o.name, u.display_name, c.amount_claimed, c.next_deadline, c.green_channel, c.collective,
       c.supervised, c.small_claims, c.search_text
FROM dispute_case c JOIN office o ON o.id = c.office_id LEFT JOIN app_user u ON u.id = c.handler_id
WHERE {where} ORDER BY c.received_on DESC, c.id DESC LIMIT 200"""

BOARD_SQL = """
SELECT d.case_id, d.clock, d.due_on, d.confirmed, c.case_number, c.procedure, c.status, c.applicant_names,
       c.respondent_names, u.display_name, o.name, c.green_channel, c.collective, c.supervised, c.small_claims
FROM case_deadline d JOIN dispute_case c ON c.id = d.case_id JOIN office o ON o.id = c.office_id
LEFT JOIN app_user u ON u.id = c.handler_id WHERE {where} ORDER BY d.due_on LIMIT 1000"""

MINE_SQL = ("(c.handler_id = :me OR c.clerk_id = :me OR c.id IN (SELECT s.case_id FROM tribunal_seat s"
            " JOIN arbitrator a ON a.id = s.arbitrator_id WHERE a.user_id = :me AND s.until_on IS NULL))")

# the party form's three lookups (the name's start, an ID number, a credit code) in one statement;
# without the check that a mediator may see the person (the service's own work on top)
_PARTY_NUMBERS = (" UNION SELECT id, name FROM party WHERE id_doc_type IN :types AND id_doc_number = :u"
                  " UNION SELECT id, name FROM party WHERE credit_code = :u")
PARTY_SQL = {
    "sqlite": "SELECT id, name FROM (SELECT id, name FROM party WHERE name_key >= :k"
              " AND name_key < :k || char(1114111) ORDER BY name_key LIMIT 20)" + _PARTY_NUMBERS,
    "postgresql": "SELECT id, name FROM (SELECT id, name FROM party WHERE name_key COLLATE \"C\" LIKE :prefix"
                  " ORDER BY name_key COLLATE \"C\" LIMIT 20) AS named" + _PARTY_NUMBERS,
}


def offices_where(plain: Plain, offices: set[uuid.UUID] | None, params: dict) -> str:
    if offices is None:
        return "1 = 1"
    params["offices"] = [plain.uid(o) for o in offices]
    return "c.office_id IN :offices"


def text_where(plain: Plain, word: str, params: dict) -> str:
    from hrss_disputes.domain import search

    t = search.normalise(word)
    if search.searches_case_number(t):
        d = search.digits_of(t)
        params.update(d=d, d2=d + ":")
        return ("((c.number_key >= :d AND c.number_key < :d2)"
                " OR (c.number_key_tail >= :d AND c.number_key_tail < :d2))")
    if plain.pg:
        params["pat"] = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return "c.search_text LIKE :pat"
    params["t"] = t
    return "instr(c.search_text, :t) > 0"


def keystroke_times(ctx, words: list[str]) -> list[tuple[str, float]]:  # noqa: ANN001
    """Typed into the real case list one character at a time; (text, ms) per keystroke."""
    from PySide6.QtWidgets import QApplication

    from hrss_disputes.ui.case_list import CaseListPage

    page = CaseListPage(ctx)
    page.resize(1236, 700)
    page.show()
    page.refresh()
    QApplication.processEvents()
    page.search.setText(words[0][:1])  # the first search after start reads its index from disk
    QApplication.processEvents()
    out = []
    for word in words:
        page.search.clear()
        QApplication.processEvents()
        for i in range(1, len(word) + 1):
            started = time.perf_counter()
            page.search.setText(word[:i])
            QApplication.processEvents()
            out.append((word[:i], (time.perf_counter() - started) * 1000))
    page.close()
    page.deleteLater()
    return out


def open_board(ctx) -> int:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from hrss_disputes.ui.deadline_board import DeadlineBoardPage

    page = DeadlineBoardPage(ctx)
    page.resize(1236, 700)
    page.show()
    QApplication.processEvents()
    total = page.board.total
    page.close()
    page.deleteLater()
    return total


@dataclass(frozen=True)
class Person:
    label: str
    username: str


def people(sqlite_path: str) -> list[Person]:
    """The users the bench signs in as, picked from the data (the same on both backends): the
    clerk of the most cases, the township mediator handling the most cases, the province's leader."""
    import sqlite3

    con = sqlite3.connect(sqlite_path)
    clerk = con.execute("SELECT u.username FROM dispute_case c JOIN app_user u ON u.id = c.clerk_id "
                        "WHERE u.role = 'clerk' GROUP BY u.id ORDER BY count(*) DESC, u.username LIMIT 1").fetchone()
    mediator = con.execute("SELECT u.username FROM dispute_case c JOIN app_user u ON u.id = c.handler_id "
                           "JOIN office o ON o.id = u.office_id WHERE u.role = 'mediator' "
                           "AND o.kind = 'township_centre' GROUP BY u.id ORDER BY count(*) DESC, u.username "
                           "LIMIT 1").fetchone()
    con.close()
    return [Person("市仲裁院书记员", clerk[0]), Person("镇调解中心调解员", mediator[0]), Person("省领导", "gd_leader")]


def words_to_type(sqlite_path: str) -> tuple[list[str], list[str]]:
    """What is typed: into the case list (a recent and an older applicant's name, an employer,
    nobody, a case number) and into the party form (a surname, a name, an employer, an ID
    number, a credit code); read from the SQLite twin, the same on the server."""
    import sqlite3

    con = sqlite3.connect(sqlite_path)
    common = con.execute("SELECT applicant_names FROM dispute_case ORDER BY received_on DESC LIMIT 1").fetchone()[0]
    rare = con.execute("SELECT applicant_names FROM dispute_case ORDER BY id LIMIT 1 OFFSET 777").fetchone()[0]
    id_number = con.execute("SELECT id_doc_number FROM party WHERE id_doc_number IS NOT NULL "
                            "ORDER BY id LIMIT 1 OFFSET 5000").fetchone()[0]
    credit = con.execute("SELECT credit_code FROM party WHERE credit_code IS NOT NULL "
                         "ORDER BY id LIMIT 1 OFFSET 50").fetchone()[0]
    con.close()
    return [common[:3], rare[:3], *CASE_WORDS_EXTRA], ["张", "张伟", "肇庆市鼎盛", "没有这个人", id_number, credit]


@dataclass
class Bench:
    """One backend's database, its services and its plain SQL, while its figures are taken."""

    backend: str
    target: str
    runs: int
    lines: dict[tuple[str, str], Line]
    bare_ms: float = 0.0

    def line(self, measure: str, person: Person, what: str) -> Line:
        return self.lines.setdefault((measure, person.label), Line(measure, f"{person.label} {person.username}", what))

    def record(self, measure: str, person: Person, what: str, ms: float, base: float) -> None:
        ln = self.line(measure, person, what)
        ln.ms[self.backend], ln.base[self.backend] = ms, base


def measure_backend(bench: Bench, persons: list[Person], case_words: list[str], party_words: list[str]) -> None:
    from hrss_disputes.db import open_database
    from hrss_disputes.services.context import ServiceContext

    db = open_database(bench.target)
    ctx = ServiceContext(db)
    plain = Plain(db.engine)
    bench.bare_ms = statistics.median(spawn_until_shown([str(HERE / "_bare_window.py")])
                                      for _ in range(bench.runs)) * 1000
    for person in persons:
        measure_person(bench, person, ctx, plain, case_words, party_words)
    plain.close()
    db.dispose()


def measure_person(bench: Bench, person: Person, ctx, plain: Plain,  # noqa: ANN001, PLR0913
                   case_words: list[str], party_words: list[str]) -> None:
    from hrss_disputes.domain import search
    from hrss_disputes.domain.kpi import Period
    from hrss_disputes.models.enums import IdDocType
    from hrss_disputes.services import deadline_board, offices, parties, report

    runs = bench.runs
    ctx.actor = ctx.call(offices.find_actor, username=person.username)
    with ctx.db.session() as session:
        seen = offices.visible_office_ids(session, ctx.actor)
        subtree = offices.subtree_ids(session, ctx.actor.office_id)

    # 首页: the program started and signed in, its first page painted
    params: dict = {}
    where = offices_where(plain, seen, params)

    def first_page() -> tuple[float, float]:
        env = {**os.environ, "HRSS_DB": bench.target}
        started = [str(HERE / "_app_first_page.py"), "-", BENCH_PASSWORD, person.username]
        spawn_until_shown(started, env)
        app_ms = statistics.median(spawn_until_shown(started, env) for _ in range(runs)) * 1000
        page_sql = median_ms(lambda: plain.rows(PAGE_SQL.format(where=where), **params), runs)
        return app_ms, bench.bare_ms + page_sql

    # 搜索按键: the worst keystroke (each keystroke's median over the runs), against the worst
    # plain search of the same texts
    def keystrokes() -> tuple[float, float]:
        typed = [keystroke_times(ctx, case_words) for _ in range(runs)]
        worst_key = max(statistics.median(run[i][1] for run in typed) for i in range(len(typed[0])))
        worst_plain = 0.0
        for word in case_words:
            for i in range(1, len(word) + 1):
                if not search.normalise(word[:i]):
                    continue
                p = dict(params)
                w = f"{where} AND {text_where(plain, word[:i], p)}"
                worst_plain = max(worst_plain, median_ms(lambda w=w, p=p: plain.rows(PAGE_SQL.format(where=w), **p),
                                                         runs))
        return worst_key, worst_plain

    # 当事人查找: the party form's lookup as a name, an ID number or a credit code is typed
    def party_lookup() -> tuple[float, float]:
        worst_party = worst_party_plain = 0.0
        sql = PARTY_SQL[plain.engine.dialect.name]
        doc_types = [d.value for d in IdDocType]
        for word in party_words:
            worst_party = max(worst_party, median_ms(lambda t=word: ctx.call(parties.search_parties, text=t), runs))
            key, upper = search.normalise(word), unicodedata.normalize("NFKC", word).upper()
            prefix = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            worst_party_plain = max(worst_party_plain, median_ms(
                lambda k=key, u=upper, x=prefix: plain.rows(sql, k=k, u=u, prefix=x, types=doc_types), runs))
        return worst_party, worst_party_plain

    # 期限看板: the page as the main window opens it (the user's default scope)
    def board() -> tuple[float, float]:
        board_ms = median_ms(lambda: open_board(ctx), runs)
        board_params, board_where = dict(params), where
        if deadline_board.default_scope(ctx.actor) is deadline_board.Scope.MINE:
            board_params["me"] = plain.uid(ctx.actor.id)
            board_where = f"{where} AND {MINE_SQL}"
        return board_ms, median_ms(lambda: plain.rows(BOARD_SQL.format(where=board_where), **board_params), runs)

    # 月报JSON: the monthly report of the user's office, against the three rates by hand
    period, office = Period.month(*MONTH), ctx.actor.office_id

    def monthly_json() -> tuple[float, float]:
        made_on = date.fromisoformat(BENCH_TODAY)
        report_ms = median_ms(lambda: json.dumps(report.as_json(ctx.call(
            report.monthly_report, office_id=office, period=period, today=made_on)), ensure_ascii=False), runs)
        hand_params = {"offices": [plain.uid(o) for o in subtree]}

        def by_hand() -> None:
            for per in (period, period.year_to_date()):
                for hand in HAND_SQL.values():
                    plain.rows(hand.replace("FROM dispute_case WHERE",
                                            "FROM dispute_case WHERE office_id IN :offices AND"),
                               start=per.start, end=per.end, **hand_params)

        return report_ms, median_ms(by_hand, runs)

    for measure, what, fn in (("首页", "启动、登录到首页案件显示", first_page),
                              ("搜索按键", "案件列表逐字输入，最慢一键", keystrokes),
                              ("当事人查找", "当事人表单查找，最慢一次", party_lookup),
                              ("期限看板", "期限看板页打开", board),
                              ("月报JSON", f"本机构{period.label}月报", monthly_json)):
        try:
            ms, base = fn()
        except (Exception, SystemExit) as e:  # noqa: BLE001  (one failed figure is reported, the rest go on)
            plain.conn.rollback()
            print(f"  {bench.backend} {measure} {person.username}: failed: {type(e).__name__}: {e}", flush=True)
            continue
        bench.record(measure, person, what, ms, base)
        print(f"  {bench.backend} {measure} {person.username}: {ms:.1f} ms (plain SQL {base:.1f} ms)", flush=True)


def print_table(lines: list[Line], backends: list[str]) -> bool:
    ok_all = True
    head = f"{'项目':<8}{'用户':<44}{'预算':>7}"
    for b in backends:
        head += f" | {b + ' 实测':>16}{'基线SQL':>10}{'倍数':>8}  结论"
    print(head)
    for ln in lines:
        budget = BUDGET_MS[ln.measure]
        row = f"{ln.measure:<8}{ln.user:<44}{budget:>7.0f}"
        for b in backends:
            if b not in ln.ms:
                row += f" | {'—':>16}{'':>10}{'':>8}      "
                continue
            ms, base = ln.ms[b], ln.base[b]
            ok = ms <= budget
            ok_all &= ok
            row += f" | {ms:>14.1f}ms{base:>8.1f}ms{ms / base:>7.1f}x  {'OK' if ok else 'OVER'}"
        print(row)
    return ok_all


def main() -> int:
    args = arguments()
    if not args.server:
        raise SystemExit("需要 PostgreSQL 地址：--server URL 或环境变量 HRSS_BENCH_PG / HRSS_TEST_PG")
    print(f"load average at the start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    sqlite_target = ensure_sqlite(args.size, args.seed)
    server_target = ensure_server(args.server, args.size, args.seed)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(HERE.parent / "hrss_disputes")],
                   check=True)
    persons = people(sqlite_target)
    case_words, party_words = words_to_type(sqlite_target)
    from hrss_disputes.ui.app import make_app

    make_app()
    lines: dict[tuple[str, str], Line] = {}
    for backend, target in (("SQLite", sqlite_target), ("PostgreSQL", server_target)):
        started = time.perf_counter()
        bench_login(target, tuple(p.username for p in persons))  # also brings the schema up to date
        print(f"{backend}: schema current and sign-ins set in {time.perf_counter() - started:.1f} s", flush=True)
        measure_backend(Bench(backend, target, args.runs, lines), persons, case_words, party_words)
    print(f"\n{args.size} cases, seed {args.seed}, median of {args.runs} runs; "
          "baseline: the same work as plain SQL on the same backend (首页: a bare window + the page's SQL); "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = print_table(list(lines.values()), ["SQLite", "PostgreSQL"])
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
