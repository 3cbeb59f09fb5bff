"""Realistic, deterministic demo data: offices in the plans' cities, staff, parties, cases.

Bulk inserts through SQLAlchemy Core (executemany) in one transaction, so 200,000 cases take
well under two minutes and a failure leaves the database as it was.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Connection, func, insert, select
from sqlmodel import Session

from ..domain import deadlines as dl
from ..domain import search
from ..domain.calendar import WorkCalendar
from ..domain.demo_names import (
    CITIES,
    FIRM_WORDS,
    GIVEN,
    INDUSTRIES,
    MIGRANT_REGIONS,
    STREETS,
    SURNAMES,
)
from ..domain.status import TimelineFact, derive_state
from ..domain.validators import USCC_CHARS, id_check_char, uscc_check_char
from ..models.case import CaseDeadline, CaseEvent, CaseParty, ClaimItem, DisputeCase
from ..models.complaint import ComplaintDetail, ComplaintPayment
from ..models.enums import (
    OPEN_STATUSES,
    CaseFamily,
    CasePartyRole,
    CaseStatus,
    Cause,
    ClaimDecision,
    ClaimType,
    EventKind,
    IdDocType,
    IntakeChannel,
    OfficeKind,
    PartyKind,
    Procedure,
    Role,
)
from ..models.office import AppUser, Office
from ..models.party import Party, PartyGram
from ..models.tribunal import TribunalSeat
from ..models.types import uuid7_from
from . import audit
from .clocks import Clocks, clock_parties, mark_cache_current, stored_rows
from .context import Actor, actor_of
from .errors import PermissionDenied
from .offices import is_empty
from .reference import seed_reference_data

CHUNK = 5000  # cases per executemany batch
_SERVED_DATA = {"document": "application_copy"}  # the demo's 送达 is the application copy (meets 送达期限)
SERVED_COPY = json.dumps(_SERVED_DATA)
SETTLED = json.dumps({"settled": True})
_EVENT_DATA = {EventKind.SERVED: _SERVED_DATA, EventKind.PAYMENT: {"settled": True}}  # a complaint's payment that paid everything owed
FINAL_AWARD_LINE = 12 * Decimal(1620)  # 12 × the lowest monthly minimum wage shipped (procedures.md)

Progress = Callable[[int, int], None]


@dataclass
class _Office:
    id: uuid.UUID
    kind: OfficeKind
    prefix: str
    staff: dict[Role, list[uuid.UUID]]


class _Gen:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, time(9), tzinfo=UTC)
        self._base_ms = int(self.now.timestamp() * 1000)
        self._tick = 0

    def uid(self) -> uuid.UUID:
        # time-ordered like the program's own keys, but deterministic for a seed
        self._tick += 1
        return uuid7_from(self._base_ms + self._tick // 64, self.rng.getrandbits(74))

    def person_name(self) -> str:
        r = self.rng
        given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def resident_id(self, region: str) -> tuple[str, date, str]:
        r = self.rng
        born = date(1962, 1, 1) + timedelta(days=r.randrange(0, 42 * 365))
        seq = r.randrange(0, 1000)
        body = f"{region}{born:%Y%m%d}{seq:03d}"
        sex = "male" if seq % 2 else "female"
        return body + id_check_char(body), born, sex

    def credit_code(self, region: str) -> str:
        body = "91" + region + "".join(self.rng.choice(USCC_CHARS) for _ in range(9))
        return body + uscc_check_char(body)

    def mobile(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randrange(0, 10**9):09d}"

    def money(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randrange(low * 2, high * 2)) / 2


def _bulk_insert(conn: Connection, model: type, rows: list[dict]) -> None:
    """executemany with the columns' own bind processors applied in one tight loop.

    Same stored values as ``conn.execute(insert(model), rows)``, without SQLAlchemy's per-row
    bookkeeping that costs more than SQLite's own insert on large batches.
    """
    if not rows:
        return
    table = model.__table__
    dialect = conn.dialect
    if dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    columns = []
    for name in names:
        proc = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        values = [row[name] for row in rows]
        columns.append(list(map(proc, values)) if proc else values)
    params = list(zip(*columns, strict=True))
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.exec_driver_sql(sql, params)


def _grams(party_rows: list[dict]) -> list[dict]:
    return [{"gram": g, "party_id": r["id"]} for r in party_rows for g in search.name_grams(r["name"])]


DEMO_START_USER = "gd_leader"  # the window opens as this supervisor after a demo load


def _offices(session: Session, g: _Gen) -> tuple[Actor, dict[str, list[_Office]]]:
    """The Guangdong commission with an institute, inspection unit and township centres per city."""
    root = Office(id=g.uid(), code="GD", name="广东省劳动人事争议仲裁委员会", kind=OfficeKind.COMMISSION,
                  city="广州")
    session.add(root)
    users: list[AppUser] = []
    admin = AppUser(id=g.uid(), username="admin", display_name="系统管理员", role=Role.ADMIN,
                    office_id=root.id)
    users.append(admin)
    users.append(AppUser(id=g.uid(), username=DEMO_START_USER, display_name="省仲裁委领导",
                         role=Role.SUPERVISOR, office_id=root.id))
    by_city: dict[str, list[_Office]] = {}
    for ci, (city, (_, towns, prefix, wage_city)) in enumerate(CITIES.items()):
        code = ("ZQ", "MM", "KP", "SW")[ci]
        inst = Office(id=g.uid(), code=code, name=f"{city}市劳动人事争议仲裁院",
                      kind=OfficeKind.INSTITUTE, parent_id=root.id, city=wage_city, case_prefix=prefix)
        insp = Office(id=g.uid(), code=f"{code}-JC", name=f"{city}市劳动保障监察支队",
                      kind=OfficeKind.INSPECTION, parent_id=inst.id, city=wage_city, case_prefix=prefix)
        session.add_all([inst, insp])
        offices = [_Office(inst.id, OfficeKind.INSTITUTE, prefix, {}),
                   _Office(insp.id, OfficeKind.INSPECTION, prefix, {})]
        for ti, town in enumerate(towns):
            t = Office(id=g.uid(), code=f"{code}-T{ti + 1}", name=f"{town}劳动争议调解中心",
                       kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=inst.id, city=wage_city,
                       case_prefix=town[:2])
            session.add(t)
            offices.append(_Office(t.id, OfficeKind.TOWNSHIP_CENTRE, town[:2], {}))
            if ti == 0:
                c = Office(id=g.uid(), code=f"{code}-T{ti + 1}-C1", name=f"{town}工业园企业劳动争议调解委员会",
                           kind=OfficeKind.COMMITTEE, parent_id=t.id, city=wage_city,
                           case_prefix=town[:2] + "企")
                session.add(c)
                offices.append(_Office(c.id, OfficeKind.COMMITTEE, town[:2] + "企", {}))
        roles_for = {
            OfficeKind.INSTITUTE: ((Role.ARBITRATOR, 4), (Role.CLERK, 2), (Role.SUPERVISOR, 1)),
            OfficeKind.INSPECTION: ((Role.INSPECTOR, 3), (Role.SUPERVISOR, 1)),
            OfficeKind.TOWNSHIP_CENTRE: ((Role.MEDIATOR, 2),),
            OfficeKind.COMMITTEE: ((Role.MEDIATOR, 1),),
        }
        for o in offices:
            for role, n in roles_for[o.kind]:
                for k in range(n):
                    u = AppUser(id=g.uid(), username=f"{code.lower()}_{o.kind.value[:4]}_{role.value}{len(users)}_{k}",
                                display_name=g.person_name(), role=role, office_id=o.id)
                    users.append(u)
                    o.staff.setdefault(role, []).append(u.id)
        by_city[city] = offices
    session.flush()
    logins = _passwords(users, session)
    session.add_all(users)
    session.flush()
    _register_arbitrators(session, by_city, {u.id: u.display_name for u in users})
    return actor_of(admin), by_city, logins


# 仲裁员名册 (issue 19 point 1): each institute's arbitrators who sign in, and three 兼职仲裁员
DEMO_PART_TIME = (("周志明", "律师（广东法制盛邦律师事务所）"), ("吴静", "市总工会法律顾问"),
                  ("郑国华", "市企业联合会代表"))


def _register_arbitrators(session: Session, by_city: dict[str, list[_Office]], names: dict[uuid.UUID, str]) -> None:
    """The register of each institute: its arbitrator users (full-time), then its part-timers;
    ids derived from the users and names (no draw from the demo's random stream)."""
    from ..models.enums import ArbitratorKind
    from ..models.tribunal import Arbitrator

    for ci, offices in enumerate(by_city.values()):
        institute = offices[0]
        for uid in institute.staff.get(Role.ARBITRATOR, []):
            session.add(Arbitrator(id=uuid.uuid5(uid, "arbitrator"), office_id=institute.id, name=names[uid],
                                   kind=ArbitratorKind.FULL_TIME.value, user_id=uid, profession="专职仲裁员"))
        for k, (name, profession) in enumerate(DEMO_PART_TIME):
            session.add(Arbitrator(id=uuid.uuid5(institute.id, name), office_id=institute.id, name=name,
                                   kind=ArbitratorKind.PART_TIME.value, profession=profession,
                                   phone=f"1390758{ci:02d}{k:02d}"))
    session.flush()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: Role
    office: str
    password: str


def _passwords(users: list[AppUser], session: Session) -> list[DemoLogin]:
    """One fresh random password per role (hashed once: scrypt is slow on purpose), printed for
    whoever loaded the demo; never derived from the seed, so no two demo databases share one."""
    from .accounts import hash_password

    words = {role: f"{role.value[:3]}-{secrets.token_hex(3)}-{secrets.randbelow(90) + 10}" for role in Role}
    hashes = {role: hash_password(pw) for role, pw in words.items()}
    names = dict(session.execute(select(Office.id, Office.name)).all())
    out = []
    for u in users:
        u.password_hash = hashes[Role(u.role)]
        out.append(DemoLogin(u.username, u.display_name, Role(u.role), names.get(u.office_id, ""), words[Role(u.role)]))
    return out


_CLAIM_WEIGHTS = (
    (ClaimType.WAGES, 40, 2000, 60000), (ClaimType.OVERTIME, 15, 1000, 40000),
    (ClaimType.ECONOMIC_COMPENSATION, 14, 3000, 90000), (ClaimType.DAMAGES, 7, 6000, 160000),
    (ClaimType.DOUBLE_WAGES, 8, 3000, 60000), (ClaimType.ANNUAL_LEAVE, 5, 500, 8000),
    (ClaimType.SOCIAL_INSURANCE, 4, 1000, 30000), (ClaimType.WORK_INJURY_MEDICAL, 4, 2000, 80000),
    (ClaimType.NOTICE_PAY, 3, 2000, 9000),
)
_CLAIM_CHOICES = [c for c in _CLAIM_WEIGHTS for _ in range(c[1])]
_CAUSE_OF = {
    ClaimType.WAGES: Cause.LABOUR_PAY, ClaimType.OVERTIME: Cause.LABOUR_PAY,
    ClaimType.ECONOMIC_COMPENSATION: Cause.TERMINATION, ClaimType.DAMAGES: Cause.TERMINATION,
    ClaimType.DOUBLE_WAGES: Cause.LABOUR_PAY, ClaimType.ANNUAL_LEAVE: Cause.LABOUR_PAY,
    ClaimType.SOCIAL_INSURANCE: Cause.SOCIAL_INSURANCE, ClaimType.WORK_INJURY_MEDICAL: Cause.WORK_INJURY,
    ClaimType.NOTICE_PAY: Cause.TERMINATION,
}


def _flow(g: _Gen, family: CaseFamily, procedure: Procedure, received: date) -> list[tuple[EventKind, date]]:
    """A plausible sequence of events for one case, cut at today."""
    r = g.rng
    d = received
    ev: list[tuple[EventKind, date]] = [(EventKind.RECEIVED, d)]

    def step(kind: EventKind, lo: int, hi: int) -> None:
        nonlocal d
        d = d + timedelta(days=r.randint(lo, hi))
        ev.append((kind, d))

    x = r.random()
    if family is CaseFamily.MEDIATION:
        if x < 0.05:
            step(EventKind.NOT_ACCEPTED, 1, 3)
        else:
            step(EventKind.ACCEPTED, 0, 3)
            step(EventKind.MEDIATION_STARTED, 0, 2)
            y = r.random()
            end = EventKind.AGREEMENT if y < 0.66 else EventKind.NO_AGREEMENT if y < 0.9 else EventKind.WITHDRAWN
            step(end, 2, 12)
    elif procedure is Procedure.ARBITRAL_REVIEW:  # 仲裁审查: a written review, no tribunal or hearing
        step(EventKind.ACCEPTED, 0, 3)
        step(EventKind.MEDIATION_STATEMENT if r.random() < 0.85 else EventKind.REVIEW_REFUSED, 1, 5)
    elif family is CaseFamily.ARBITRATION:
        if x < 0.04:
            step(EventKind.NOT_ACCEPTED, 1, 5)
        else:
            step(EventKind.ACCEPTED, 0, 5)
            step(EventKind.TRIBUNAL_FORMED, 1, 5)
            step(EventKind.SERVED, 0, 4)
            if r.random() < 0.04:
                step(EventKind.SUSPENDED, 5, 15)
                step(EventKind.RESUMED, 10, 40)
            fast = procedure is Procedure.SIMPLIFIED
            step(EventKind.HEARING_HELD, 8 if fast else 15, 18 if fast else 30)
            y = r.random()
            end = (EventKind.MEDIATION_STATEMENT if y < 0.36 else EventKind.AWARDED if y < 0.8
                   else EventKind.WITHDRAWN if y < 0.95 else EventKind.DEEMED_WITHDRAWN if y < 0.98
                   else EventKind.REVOKED)
            step(end, 1, 15)
    else:
        if x < 0.05:
            step(EventKind.NOT_ACCEPTED, 1, 5)
        else:
            step(EventKind.FILED, 0, 5)
            step(EventKind.INVESTIGATION_STARTED, 0, 3)
            if r.random() < 0.02:
                step(EventKind.REVOKED, 5, 20)
            else:
                step(EventKind.ORDER_ISSUED, 5, 25)
                if r.random() < 0.9:
                    step(EventKind.PAYMENT, 3, 20)
                step(EventKind.CLOSED, 1, 15)
    return [(k, day) for k, day in ev if day <= g.today]


def load_demo(
    *, session: Session, cases: int, seed: int = 1, today: date | None = None,
    progress: Progress | None = None, user: Actor | None = None,
) -> DemoLoaded:
    """Fill an empty database with ``cases`` demo cases. Returns the administrator and every
    demo user's password."""
    if not is_empty(session=session):
        raise PermissionDenied("演示数据只能载入到空数据库中")
    g = _Gen(seed, today or date.today())
    r = g.rng
    seed_reference_data(session)
    admin, by_city, logins = _offices(session, g)
    staff_names = {uid: name for uid, name in session.execute(select(AppUser.id, AppUser.display_name))}
    clocks = Clocks(WorkCalendar({}), {}, {})  # a new database: the shipped calendar and defaults
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB for this connection's load
    city_names = list(CITIES)
    # Employers: a pool per city, so repeat employers appear as they do in life.
    employers: dict[str, list[tuple[uuid.UUID, str]]] = {}
    emp_rows = []
    for city in city_names:
        regions = CITIES[city][0]
        pool = []
        for _ in range(max(20, cases // 16)):
            industry, suffix, construction = r.choice(INDUSTRIES)
            name = f"{city}市{r.choice(FIRM_WORDS)}{r.choice(FIRM_WORDS)}{suffix}"
            pid = g.uid()
            emp_rows.append(dict(
                id=pid, kind=PartyKind.ORGANISATION.value, name=name, phone=f"0{r.randint(660, 768)}-{r.randrange(2000000, 8999999)}",
                address=f"{city}市{r.choice(STREETS)}{r.randint(1, 300)}号", credit_code=g.credit_code(r.choice(regions)),
                legal_rep=g.person_name(), industry=industry, construction=construction,
                migrant_worker=False, version=1, created_at=g.now, updated_at=g.now, name_key=search.name_key(name),
            ))
            pool.append((pid, name))
        employers[city] = pool
    for i in range(0, len(emp_rows), CHUNK):
        batch = emp_rows[i:i + CHUNK]
        _bulk_insert(conn, Party, batch)
        _bulk_insert(conn, PartyGram, _grams(batch))

    # Cases are entered as they arrive: oldest first, as a database filled over three years is.
    ages = sorted((r.randrange(0, 3 * 365) for _ in range(cases)), reverse=True)
    sequences: dict[tuple[uuid.UUID, int, str], int] = {}
    done = 0
    while done < cases:
        n = min(CHUNK, cases - done)
        party_rows, case_rows, link_rows, claim_rows, event_rows, deadline_rows = [], [], [], [], [], []
        detail_rows, payment_rows = [], []
        seat_rows = []  # a formed tribunal: its handler sits alone (demo), the institute's clerk assigned
        for _ in range(n):
            city = r.choice(city_names)
            offices = by_city[city]
            x = r.random()
            if x < 0.40:
                family = CaseFamily.MEDIATION
                procedure = Procedure.GRASSROOTS if r.random() < 0.7 else Procedure.PREFILING
                office = offices[0] if procedure is Procedure.PREFILING else r.choice(offices[2:])
                role = Role.MEDIATOR if procedure is Procedure.GRASSROOTS else Role.ARBITRATOR
            elif x < 0.85:
                family = CaseFamily.ARBITRATION
                y = r.random()
                procedure = (Procedure.ORDINARY if y < 0.55 else Procedure.SIMPLIFIED if y < 0.9
                             else Procedure.COLLECTIVE if y < 0.97 else Procedure.ARBITRAL_REVIEW)
                office, role = offices[0], Role.ARBITRATOR
            else:
                family, procedure, office, role = CaseFamily.COMPLAINT, Procedure.COMPLAINT, offices[1], Role.INSPECTOR
            received = g.today - timedelta(days=ages[done + len(case_rows)])
            events = _flow(g, family, procedure, received)
            state = derive_state(TimelineFact(k.value, d) for k, d in events)
            case_id = g.uid()
            handler = r.choice(office.staff[role])
            clerk = None  # 书记员: assigned when the tribunal is formed
            collective = procedure is Procedure.COLLECTIVE or (family is CaseFamily.COMPLAINT and r.random() < 0.15)
            workers = r.randint(10, 60) if collective else 1
            # applicants: named workers (up to 12 for a collective case, then "等N人")
            named = min(workers, 12) if collective else (r.randint(1, 3) if family is CaseFamily.COMPLAINT else 1)
            migrant = r.random() < 0.45
            names = []
            served = []  # the parties the clocks count receipts for (clocks.clock_parties)
            for pos in range(named):
                region = r.choice(MIGRANT_REGIONS) if migrant else r.choice(CITIES[city][0])
                idn, born, sex = g.resident_id(region)
                pid = g.uid()
                name = g.person_name()
                names.append(name)
                served.append((pid, name, PartyKind.PERSON.value, CasePartyRole.APPLICANT.value))
                party_rows.append(dict(
                    id=pid, kind=PartyKind.PERSON.value, name=name, phone=g.mobile(),
                    address=f"{city}市{r.choice(STREETS)}{r.randint(1, 300)}号", sex=sex, birth_date=born,
                    id_doc_type=IdDocType.RESIDENT_ID.value, id_doc_number=idn, migrant_worker=migrant,
                    construction=False, version=1, created_at=g.now, updated_at=g.now,
                    name_key=search.name_key(name),
                ))
                link_rows.append(dict(id=g.uid(), case_id=case_id, party_id=pid,
                                      role=CasePartyRole.APPLICANT.value, position=pos))
            workers = max(workers, named)
            emp_id, emp_name = r.choice(employers[city])
            link_rows.append(dict(id=g.uid(), case_id=case_id, party_id=emp_id,
                                  role=CasePartyRole.RESPONDENT.value, position=named))
            served.append((emp_id, emp_name, PartyKind.ORGANISATION.value, CasePartyRole.RESPONDENT.value))
            # claims
            total = Decimal(0)
            resolved_total: Decimal | None = None
            first_type = None
            resolves = state.status.value in ("agreement", "mediation_statement", "awarded")
            for pos in range(r.randint(1, 3)):
                ctype, _, lo, hi = r.choice(_CLAIM_CHOICES)
                first_type = first_type or ctype
                amount = g.money(lo, hi) * (workers if collective else 1)
                total += amount
                resolved, decision = None, None
                if resolves:
                    share = r.randint(40, 100)
                    resolved = (amount * Decimal(share) / 100).quantize(Decimal("0.01"))
                    resolved_total = (resolved_total or Decimal(0)) + resolved
                    if state.status is CaseStatus.AWARDED:  # the tribunal decided each item (LDMAF 46)
                        decision = (ClaimDecision.SUPPORTED if share == 100 else ClaimDecision.PARTIAL).value
                claim_rows.append(dict(id=g.uid(), case_id=case_id, claim_type=ctype.value,
                                       description="", amount_claimed=amount, amount_resolved=resolved,
                                       decision=decision, position=pos, version=1))
            if family is CaseFamily.COMPLAINT:
                first_type = ClaimType.WAGES
            green = (migrant and family is CaseFamily.ARBITRATION and procedure is not Procedure.ARBITRAL_REVIEW
                     and first_type in (ClaimType.WAGES, ClaimType.OVERTIME))
            next_deadline = None
            if state.status in OPEN_STATUSES:  # the deadline board's cache, as a recorded event leaves it
                facts = dl.CaseClockFacts(procedure, tuple(dl.Ev(k, d, _EVENT_DATA.get(k, {}))
                                                           for k, d in events), green_channel=green,
                                          parties=clock_parties(served))
                next_deadline, rows = stored_rows(case_id, clocks.compute_facts(facts, g.today))
                deadline_rows += rows
            # an award is final when everything awarded stays within 12 months of the minimum wage
            # of the lowest Guangdong band (LDMAF 47; the real check per item is claims.award_finality)
            awarded = json.dumps({"final": (resolved_total or Decimal(0)) <= FINAL_AWARD_LINE,
                                  "amount": str(resolved_total or Decimal("0.00"))})
            if family is CaseFamily.COMPLAINT:
                detail_rows.append(dict(case_id=case_id, kind="complaint", construction=False, dispute_matter=False,
                                        unnamed_compensation=Decimal(0)))
            for k, d in events:
                data = SERVED_COPY if k is EventKind.SERVED else awarded if k is EventKind.AWARDED else None
                event_id = g.uid()
                if k is EventKind.TRIBUNAL_FORMED and Role.CLERK in office.staff:
                    # the handler alone; a collective case: the handler presiding with two 兼职仲裁员 (LDMAF 31)
                    tribunal = [(uuid.uuid5(handler, "arbitrator"), staff_names[handler])]
                    if procedure is Procedure.COLLECTIVE:
                        tribunal += [(uuid.uuid5(office.id, name), name) for name, _ in DEMO_PART_TIME[:2]]
                    clerk = office.staff[Role.CLERK][len(case_rows) % len(office.staff[Role.CLERK])]
                    seats = [{"id": aid.hex, "name": name, "seat": seat} for (aid, name), seat in zip(
                        tribunal, ("sole",) if len(tribunal) == 1 else ("chief", "member", "member"), strict=True)]
                    seat_rows += [dict(id=uuid.uuid5(event_id, f"seat{i}"), case_id=case_id, arbitrator_id=aid,
                                       seat=s["seat"], from_on=d, formed_event_id=event_id)
                                  for i, ((aid, _n), s) in enumerate(zip(tribunal, seats, strict=True))]
                    data = json.dumps({"arbitrators": seats, "clerk": clerk.hex, "clerk_name": staff_names[clerk]},
                                      ensure_ascii=False)
                if k is EventKind.PAYMENT:  # the employer paid every worker in full (workers not named)
                    data = SETTLED
                    resolved_total = total
                    payment_rows.append(dict(id=uuid.uuid5(event_id, "payment"), case_id=case_id, worker_id=None, kind="paid",
                                             workers=workers, amount=total, paid_on=d, event_id=event_id))
                event_rows.append(dict(
                    id=event_id, case_id=case_id, kind=k.value, occurred_on=d,
                    recorded_at=datetime.combine(d, time(9, r.randrange(60)), tzinfo=UTC),
                    user_id=handler, note="", data=data,
                ))
            key = (office.id, received.year, family.value)
            sequences[key] = sequences.get(key, 0) + 1
            seq = sequences[key]
            number = {
                CaseFamily.ARBITRATION: f"{office.prefix}劳人仲案字〔{received.year}〕第{seq}号",
                CaseFamily.MEDIATION: f"{office.prefix}劳调字〔{received.year}〕第{seq}号",
                CaseFamily.COMPLAINT: f"{office.prefix}人社监察〔{received.year}〕第{seq}号",
            }[family]
            number_key, number_key_tail = search.number_keys(number)
            applicant_names = "、".join(names[:3]) + (f"等{workers}人" if workers > 3 or workers > named else "")
            case_rows.append(dict(
                id=case_id, family=family.value, procedure=procedure.value, status=state.status.value,
                case_number=number, number_key=number_key, number_key_tail=number_key_tail,
                office_id=office.id, handler_id=handler, clerk_id=clerk if family is CaseFamily.ARBITRATION else None,
                cause=_CAUSE_OF.get(first_type, Cause.OTHER).value,
                intake_channel=r.choice(list(IntakeChannel)).value if family is CaseFamily.COMPLAINT else None,
                summary="", green_channel=green,
                collective=collective, supervised=collective and family is CaseFamily.COMPLAINT and r.random() < 0.3,
                small_claims=family is CaseFamily.ARBITRATION and not collective and total < 20000 and r.random() < 0.3,
                workers_involved=workers, amount_claimed=total,
                amount_resolved=resolved_total, received_on=received, accepted_on=state.accepted_on,
                closed_on=state.closed_on, next_deadline=next_deadline, applicant_names=applicant_names,
                respondent_names=emp_name, search_text=search.normalise(" ".join([*names, emp_name]))[:800],
                version=1, created_at=g.now, updated_at=g.now, created_by=handler,
            ))
        _bulk_insert(conn, Party, party_rows)
        _bulk_insert(conn, PartyGram, _grams(party_rows))
        _bulk_insert(conn, DisputeCase, case_rows)
        _bulk_insert(conn, CaseParty, link_rows)
        _bulk_insert(conn, ClaimItem, claim_rows)
        _bulk_insert(conn, CaseEvent, event_rows)
        _bulk_insert(conn, TribunalSeat, seat_rows)
        _bulk_insert(conn, CaseDeadline, deadline_rows)
        _bulk_insert(conn, ComplaintDetail, detail_rows)
        _bulk_insert(conn, ComplaintPayment, payment_rows)
        done += n
        session.commit()  # keeps the WAL small; an interrupted load is reported, not hidden
        conn = session.connection()
        if progress:
            progress(done, cases)
    _hearing_places(session, g, by_city)
    _hearing_weeks(session, g, by_city)
    _approval_requests(session, g, by_city)
    _mobile_sitting(session, g, by_city)
    _element_positions(session, by_city)
    _corrections(session, g, by_city)
    mark_cache_current(session)
    audit.record(session, user_id=admin.id, entity="database", entity_id=admin.office_id,
                 action="load", after={"demo_cases": cases, "seed": seed, "today": g.today})
    session.commit()
    return DemoLoaded(admin, tuple(logins))


# 开庭排期 (issue 19 point 2): each institute's rooms, and a mobile-tribunal point in each township under it
DEMO_ROOMS = ("第一仲裁庭", "第二仲裁庭", "第三仲裁庭")
DEMO_TIMES = (("09:00", 90), ("10:30", 60), ("14:30", 90), ("16:00", 60))


def _hearing_places(session: Session, g: _Gen, by_city: dict[str, list[_Office]]) -> None:
    """Three rooms at the first city's institute, two at the others, a 流动仲裁庭点 at each township's
    centre (kept under the township; the institute books it)."""
    from ..models.enums import PlaceKind
    from ..models.tribunal import HearingPlace

    for ci, offices in enumerate(by_city.values()):
        institute = session.get(Office, offices[0].id)
        for floor, name in enumerate(DEMO_ROOMS[:3 if ci == 0 else 2], 2):
            session.add(HearingPlace(id=g.uid(), office_id=institute.id, name=name, kind=PlaceKind.ROOM.value,
                                     address=f"{institute.name}{floor}楼"))
        for o in offices:
            if o.kind is OfficeKind.TOWNSHIP_CENTRE:
                town = session.get(Office, o.id).name.removesuffix("劳动争议调解中心")
                session.add(HearingPlace(id=g.uid(), office_id=o.id, name=f"{town}流动仲裁庭点",
                                         kind=PlaceKind.MOBILE_POINT.value,
                                         address=f"{town}人民政府综治中心二楼调解室"))
    session.commit()


def _hearing_weeks(session: Session, g: _Gen, by_city: dict[str, list[_Office]]) -> None:
    """This week's and next week's hearings at each institute, booked by its clerk through 确定开庭
    (its checks: the notice's five days, one booking a case); those of days already past held. A
    case the service refuses is left out."""
    from ..models.enums import PlaceKind
    from . import workflow
    from .errors import ServiceError
    from .hearings import conflicts, places_for

    monday = g.today - timedelta(days=g.today.weekday())
    days = [monday + timedelta(days=i) for i in range(12) if (monday + timedelta(days=i)).weekday() < 5]
    for offices in by_city.values():
        institute = offices[0]
        clerk = actor_of(session.get(AppUser, institute.staff[Role.CLERK][0]))
        rooms = [p.id.hex for p in places_for(session, institute.id, kind=PlaceKind.ROOM)]
        open_ids = session.scalars(select(DisputeCase.id).where(
            DisputeCase.office_id == institute.id, DisputeCase.family == CaseFamily.ARBITRATION.value,
            DisputeCase.status.in_([CaseStatus.TRIBUNAL_FORMED.value, CaseStatus.ACCEPTED.value, CaseStatus.HEARING.value]))
            .order_by(DisputeCase.status.desc(), DisputeCase.received_on.desc()).limit(24)).all()
        booked = 0
        for case_id in open_ids:
            last = session.scalar(select(func.max(CaseEvent.occurred_on)).where(CaseEvent.case_id == case_id,
                                                                                CaseEvent.corrected_by.is_(None)))
            # the first free day of the fortnight at least ten days after the case's latest step (the notice's five)
            fitting = [d for d in days[booked % len(days):] + days[:booked % len(days)] if last and (d - last).days >= 10]
            starts, minutes = DEMO_TIMES[booked % len(DEMO_TIMES)]
            place = rooms[booked % len(rooms)]
            day = next((d for d in fitting if not conflicts(session=session, user=clerk, case_id=case_id, hearing_on=d,
                                                            starts=starts, minutes=minutes, place=place)), None)
            if day is None:  # no day of the fortnight without an overlap (the form would warn): left unbooked
                continue
            values = {"hearing_on": day, "starts": starts, "minutes": minutes, "place": place}
            try:
                case = session.get(DisputeCase, case_id)
                workflow.perform_action(session=session, user=clerk, case_id=case_id, expected_version=case.version,
                                        action="schedule_hearing", occurred_on=max(last, day - timedelta(days=14)),
                                        values=values, today=g.today)
                if day < g.today:
                    case = session.get(DisputeCase, case_id)
                    workflow.perform_action(session=session, user=clerk, case_id=case_id, expected_version=case.version,
                                            action="hold_hearing", occurred_on=day, values={}, today=g.today)
            except ServiceError:
                session.rollback()
                continue
            booked += 1
            if booked == 16:
                break


# 待审批 (issue 19 point 7): what a clerk of each institute asks its supervisor, tried in turn on
# its newest open cases until two are asked (a period already run out is refused as in life)
DEMO_REQUESTS = (("extend_award", {"days": 15, "reason": "案情复杂，需调取社保缴费记录和考勤原始记录"}),
                 ("suspend", {"ground": "6"}))


def _approval_requests(session: Session, g: _Gen, by_city: dict[str, list[_Office]]) -> None:
    """Requests waiting in each institute's 待审批 queue, made through the service and its checks."""
    from . import approvals
    from .errors import ServiceError

    for offices in by_city.values():
        institute = offices[0]
        clerk = session.get(AppUser, institute.staff[Role.CLERK][0])
        open_ids = session.scalars(select(DisputeCase.id).where(
            DisputeCase.office_id == institute.id, DisputeCase.family == CaseFamily.ARBITRATION.value,
            DisputeCase.status.in_([s.value for s in (CaseStatus.ACCEPTED, CaseStatus.TRIBUNAL_FORMED,
                                                      CaseStatus.HEARING)]))
            .order_by(DisputeCase.received_on.desc()).limit(20)).all()
        asked = 0
        for case_id in open_ids:
            action, values = DEMO_REQUESTS[asked % len(DEMO_REQUESTS)]
            try:
                approvals.request_approval(session=session, user=actor_of(clerk), case_id=case_id, action=action,
                                           values=dict(values), today=g.today)
            except ServiceError:
                session.rollback()
                continue
            asked += 1
            if asked == 2:
                break


DEMO_SITTING_TIMES = ("09:00", "10:00", "11:00", "14:30")  # the morning, then after lunch


def _mobile_sitting(session: Session, g: _Gen, by_city: dict[str, list[_Office]]) -> None:
    """流动仲裁庭 (issue 19 point 3): the first city's institute plans a day at its first township's
    point two weeks ahead, its supervisor adding a few accepted cases through the service (each
    booked by its 确定开庭; a case the service refuses is left out). The point and the register
    are the ones already loaded, else made here."""
    from ..models.enums import ArbitratorKind, PlaceKind
    from ..models.tribunal import Arbitrator, HearingPlace
    from . import sittings
    from .errors import ServiceError
    from .offices import subtree_ids

    offices = next(iter(by_city.values()))
    institute, township = offices[0], next(o for o in offices if o.kind is OfficeKind.TOWNSHIP_CENTRE)
    town = session.get(Office, township.id)
    points = session.scalars(select(HearingPlace).where(
        HearingPlace.office_id.in_(subtree_ids(session, institute.id)),
        HearingPlace.kind == PlaceKind.MOBILE_POINT.value, HearingPlace.active.is_(True))
        .order_by(HearingPlace.name)).all()
    point = next((p for p in points if p.office_id == township.id), points[0] if points else None)
    if point is None:
        town_name = town.name.removesuffix("劳动争议调解中心")
        point = HearingPlace(id=g.uid(), office_id=township.id, name=f"{town_name}流动仲裁庭点",
                             kind=PlaceKind.MOBILE_POINT.value, address=f"{town_name}人民政府综治中心二楼调解室")
        session.add(point)
    register = session.scalars(select(Arbitrator).where(Arbitrator.office_id == institute.id,
                                                        Arbitrator.active.is_(True))
                               .order_by(Arbitrator.kind, Arbitrator.name)).all()
    if not register:
        users = session.scalars(select(AppUser).where(AppUser.id.in_(institute.staff[Role.ARBITRATOR]))).all()
        register = [Arbitrator(id=g.uid(), office_id=institute.id, name=u.display_name,
                               kind=ArbitratorKind.FULL_TIME.value, user_id=u.id) for u in users]
        session.add_all(register)
    session.commit()
    boss = actor_of(session.get(AppUser, institute.staff[Role.SUPERVISOR][0]))
    day = g.today + timedelta(days=14)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    view = sittings.plan_sitting(session=session, user=boss, data=sittings.SittingInput(
        place_id=point.id, sits_on=day, arbitrator_ids=tuple(a.id for a in register[:3 if len(register) >= 3 else 1]),
        clerk_id=institute.staff[Role.CLERK][0], note="由镇劳动争议调解中心通知当事人到庭"), today=g.today)
    booked = 0
    for choice in sittings.candidates(session=session, user=boss, sitting_id=view.id, text="", limit=40):
        if choice.booked:
            continue
        entry = sittings.CaseEntry(choice.case_id, DEMO_SITTING_TIMES[booked], 60)
        try:
            view = sittings.add_cases(session=session, user=boss, sitting_id=view.id, expected_version=view.version,
                                      entries=[entry], today=g.today)
        except ServiceError:
            session.rollback()
            view = sittings.get_sitting(session=session, user=boss, sitting_id=view.id)
            continue
        booked += 1
        if booked == len(DEMO_SITTING_TIMES):
            break


@dataclass(frozen=True)
class DemoLoaded:
    admin: Actor
    logins: tuple[DemoLogin, ...]  # every demo user with their password


# 更正 (issue 19 point 5): an institute's supervisor corrects two steps through
# the service, so that the timeline shows a struck step: a 受理 dated a day late, and a 确定开庭
# entered on the wrong case (its booking cancelled)
DEMO_CORRECTIONS = ((EventKind.ACCEPTED, "redate", "受理日期录入有误，以受理通知书记载的日期为准"),
                    (EventKind.HEARING_SCHEDULED, "strike", "误将另案的开庭安排录入本案，撤销后重新安排"))


def _corrections(session: Session, g: _Gen, by_city: dict[str, list[_Office]]) -> None:
    """Each correction tried on the institutes' newest open cases (a strike: whose latest step is of
    its kind) until one is taken; the service refuses what cannot be corrected, as in life."""
    from . import corrections
    from .errors import ServiceError

    bosses = {o[0].id: actor_of(session.get(AppUser, o[0].staff[Role.SUPERVISOR][0])) for o in by_city.values()}
    for kind, how, reason in DEMO_CORRECTIONS:
        for case_id, office_id in session.execute(select(DisputeCase.id, DisputeCase.office_id).where(
                DisputeCase.office_id.in_(list(bosses)), DisputeCase.family == CaseFamily.ARBITRATION.value,
                DisputeCase.status.in_([s.value for s in (CaseStatus.ACCEPTED, CaseStatus.TRIBUNAL_FORMED,
                                                          CaseStatus.HEARING)]))
                .order_by(DisputeCase.received_on.desc()).limit(60)).all():
            # a step struck out is the case's latest; one re-dated is anywhere (the service checks the order)
            event = session.scalars(select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.corrected_by.is_(None),
                CaseEvent.kind.not_in([EventKind.NOTE.value, EventKind.DOCUMENT_ISSUED.value]),
                *([CaseEvent.kind == kind.value] if how == "redate" else []))
                .order_by(CaseEvent.occurred_on.desc(), CaseEvent.recorded_at.desc())).first()
            if event is None or event.kind != kind.value:
                continue
            case = session.get(DisputeCase, case_id)
            try:
                corrections.correct_step(session=session, user=bosses[office_id], case_id=case_id, event_id=event.id,
                                         expected_version=case.version, how=how, reason=reason,
                                         occurred_on=event.occurred_on - timedelta(days=1) if how == "redate" else None,
                                         today=g.today)
            except ServiceError:
                session.rollback()
                continue
            break


# 要素式 (issue 19 point 4): on each institute's newest cases being heard, the clerk types the
# wage, overtime and N claims' elements and records the parties' stances through the services,
# so that the 要素表, the 庭审笔录 and the award's 本委查明 show them at once
DEMO_ELEMENT_CASES = 2  # per institute
_DEMO_DISPUTES = {"months": "已支付至上月，实际拖欠月数少于申请人所称", "weekday_hours": "实行综合计算工时制，未超过法定标准工作时间",
                  "reason": "申请人自行离职，非公司解除"}


def _demo_elements(ctype: ClaimType, amount: Decimal, received: date) -> dict[str, str] | None:
    """Elements that come to the amount claimed, worked back from it (no new random draws)."""
    from ..domain.claims import service_length

    if ctype is ClaimType.WAGES:
        return {"monthly_wage": str((amount / 3).quantize(Decimal("0.01"))), "months": "3", "paid": "0"}
    if ctype is ClaimType.OVERTIME:
        hours = (amount / (Decimal(6000) / Decimal("21.75") / 8 * Decimal("1.5"))).quantize(Decimal("1"))
        return {"monthly_wage": "6000", "weekday_hours": str(hours)}
    if ctype is ClaimType.ECONOMIC_COMPENSATION:
        start, end = received - timedelta(days=3 * 365 + 100), received - timedelta(days=20)
        n = service_length(start, end).n
        return {"start": start.isoformat(), "end": end.isoformat(),
                "monthly_wage": str((amount / n).quantize(Decimal("0.01")))}
    return None


def _element_positions(session: Session, by_city: dict[str, list[_Office]]) -> None:
    from . import claims as claim_service
    from . import element_positions as ep
    from .cases import ClaimInput, get_case
    from .errors import ServiceError

    for offices in by_city.values():
        institute = offices[0]
        clerk = actor_of(session.get(AppUser, institute.staff[Role.CLERK][0]))
        heard = session.scalars(select(DisputeCase.id).where(
            DisputeCase.office_id == institute.id, DisputeCase.family == CaseFamily.ARBITRATION.value,
            DisputeCase.status.in_([CaseStatus.TRIBUNAL_FORMED.value, CaseStatus.HEARING.value]))
            .order_by(DisputeCase.received_on.desc()).limit(30)).all()
        done = 0
        for case_id in heard:
            try:
                detail = get_case(session=session, user=clerk, case_id=case_id)
                typed = [(c, e) for c in detail.claims if c.amount_claimed
                         and (e := _demo_elements(c.claim_type, c.amount_claimed, detail.received_on))]
                if not typed:
                    continue
                for c, elements in typed:
                    version = get_case(session=session, user=clerk, case_id=case_id).version
                    claim_service.update_claim(
                        session=session, user=clerk, case_id=case_id, expected_version=version, claim_id=c.id,
                        claim=ClaimInput(claim_type=c.claim_type.value, amount_claimed=c.amount_claimed,
                                         description=c.description, period_from=c.period_from,
                                         period_to=c.period_to, elements=elements))
                sheet = ep.element_sheet(session=session, user=clerk, case_id=case_id)
                positions = []
                for claim in sheet.claims:
                    for row in claim.rows:
                        if not row.known or not row.fact or row.differs:  # no stance on what is claimed
                            continue
                        for party in sheet.parties:
                            note = _DEMO_DISPUTES.get(row.key, "") if not party.applicant else ""
                            positions.append(ep.PositionInput(claim.claim_id, row.key, party.id,
                                                              "disputed" if note else "confirmed", note))
                ep.record_positions(session=session, user=clerk, case_id=case_id, expected_version=sheet.version,
                                    positions=positions)
            except ServiceError:
                session.rollback()
                continue
            done += 1
            if done == DEMO_ELEMENT_CASES:
                break
