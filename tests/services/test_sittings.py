"""Mobile tribunal sittings (流动仲裁庭): planned by the institute's supervisor, each case booked by
its own 确定开庭 at the sitting's place and day, all cases or none; a case taken out before it is
heard; the list printed and the notices issued in one batch."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.case import CaseEvent
from hrss_disputes.models.document import IssuedDocument
from hrss_disputes.models.enums import (
    ArbitratorKind,
    EventKind,
    HearingStatus,
    OfficeKind,
    PlaceKind,
    Role,
)
from hrss_disputes.models.tribunal import Arbitrator, Hearing, HearingPlace, MobileSitting
from hrss_disputes.services import cases, offices, sittings
from hrss_disputes.services.context import Actor, ServiceContext
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.services.sittings import CaseEntry, SittingInput
from tests.factories import act, arbitration_input, make_user
from tests.pdf import text_of

SITS_ON = date(2026, 12, 3)  # a Thursday, more than five working days after TODAY
TODAY = date(2026, 11, 23)  # the day the cases are added (a Monday)
APPLICANTS = ["陈大文", "林小红", "黄志强", "吴建国", "周丽华", "郑海波", "何美玲", "罗永明", "梁少芬", "谢国平"]


@dataclass
class Institute:
    """An institute with a township under it, a mobile point at the township, its register of
    arbitrators, a clerk, a supervisor and an arbitrator who sign in."""

    ctx: ServiceContext
    office: uuid.UUID
    township: uuid.UUID
    point: uuid.UUID
    room: uuid.UUID
    arbitrators: list[uuid.UUID]
    supervisor: Actor
    clerk: Actor
    arbitrator: Actor

    def as_(self, who: Actor) -> ServiceContext:
        self.ctx.actor = who
        return self.ctx

    def plan(self, **changes) -> sittings.SittingView:  # noqa: ANN003
        data = SittingInput(place_id=self.point, sits_on=SITS_ON, arbitrator_ids=tuple(self.arbitrators[:3]),
                            clerk_id=self.clerk.id, note="借用大湾镇政府二楼会议室")
        return self.as_(self.supervisor).call(sittings.plan_sitting, data=replace(data, **changes), today=TODAY)

    def case(self, n: int, *, accept: bool = True, office: uuid.UUID | None = None) -> uuid.UUID:
        """An arbitration case of the institute (or ``office``) with applicant APPLICANTS[n], numbered,
        accepted on 11-03 unless told."""
        ctx = self.as_(self.clerk)
        case_id = ctx.call(cases.create_case, data=arbitration_input(
            office or self.office, applicants=[PartyInput(name=APPLICANTS[n])],
            case_number=f"肇劳人仲案字〔2026〕{101 + n}号"))
        if accept:
            act(ctx, case_id, "accept", date(2026, 11, 3))
        return case_id

    def add(self, view: sittings.SittingView, case_ids: list[uuid.UUID], times: list[str] | None = None,
            today: date = TODAY, minutes: int = 60) -> sittings.SittingView:
        times = times or [f"{9 + i:02d}:00" for i in range(len(case_ids))]
        return self.as_(self.supervisor).call(
            sittings.add_cases, sitting_id=view.id, expected_version=view.version,
            entries=[CaseEntry(c, t, minutes) for c, t in zip(case_ids, times, strict=True)], today=today)


def institute(ctx: ServiceContext, admin: Actor, db) -> Institute:  # noqa: ANN001
    township = ctx.call(offices.create_office, code="DW", name="大湾镇劳动争议调解中心",
                        kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    with db.session() as s:
        point = HearingPlace(office_id=township, name="大湾镇流动仲裁庭点", kind=PlaceKind.MOBILE_POINT,
                             address="肇庆市高要区大湾镇政府二楼")
        room = HearingPlace(office_id=admin.office_id, name="第一仲裁庭", kind=PlaceKind.ROOM, address="")
        people = [Arbitrator(office_id=admin.office_id, name=name, kind=kind) for name, kind in (
            ("梁正仁", ArbitratorKind.FULL_TIME), ("区伟明", ArbitratorKind.PART_TIME),
            ("冯嘉欣", ArbitratorKind.PART_TIME), ("苏国梁", ArbitratorKind.FULL_TIME))]
        s.add_all([point, room, *people])
        s.commit()
        ids = (point.id, room.id, [a.id for a in people])
    return Institute(ctx, admin.office_id, township, ids[0], ids[1], ids[2],
                     make_user(ctx, "head", Role.SUPERVISOR, admin.office_id),
                     make_user(ctx, "clerk", Role.CLERK, admin.office_id),
                     make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id))


@pytest.fixture
def inst(ctx, admin, db) -> Institute:  # noqa: ANN001
    return institute(ctx, admin, db)


def _count(db, model, *where) -> int:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_a_sitting_is_planned_and_its_cases_heard_in_time_order(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.plan()
    assert (view.place_name, view.sits_on, view.clerk.label) == ("大湾镇流动仲裁庭点", SITS_ON, "clerk")
    assert view.tribunal == "首席仲裁员 梁正仁；仲裁员 区伟明、冯嘉欣" and view.cases == ()
    a, b, c = inst.case(0), inst.case(1), inst.case(2)
    township = inst.case(3, office=inst.township)  # its tribunal cannot be formed from the institute's register
    with pytest.raises(ValidationFailed) as e:
        inst.add(view, [township], ["15:00"])
    assert e.value.errors == {"arbitrators": "肇劳人仲案字〔2026〕104号：尚未组成仲裁庭，其仲裁庭须由所在机构的仲裁员名册组成，"
                                             "不能由本次流动仲裁庭的仲裁员组成"}
    view = inst.add(view, [a, b, c], ["10:30", "09:00", "14:00"])
    assert [(x.time, x.ends, x.case_number) for x in view.cases] == [
        ("09:00", "10:00", "肇劳人仲案字〔2026〕102号"), ("10:30", "11:30", "肇劳人仲案字〔2026〕101号"),
        ("14:00", "15:00", "肇劳人仲案字〔2026〕103号")]
    assert view.cases[0].parties == "林小红 诉 肇庆市鼎盛建筑工程有限公司"
    assert all(x.status is HearingStatus.SCHEDULED and not x.notice_issued for x in view.cases)
    # each case took its own 确定开庭: on its timeline, with a Hearing at the sitting
    with db.session() as s:
        hearing = s.scalars(select(Hearing).where(Hearing.case_id == a)).one()
        event = s.get(CaseEvent, hearing.event_id)
        assert (hearing.sitting_id, hearing.place_id, hearing.hearing_on, hearing.starts) == (view.id, inst.point, SITS_ON, 630)
        assert event.kind == EventKind.HEARING_SCHEDULED and event.occurred_on == TODAY
        assert json.loads(event.data)["sitting"] == view.id.hex
    listed = inst.ctx.call(sittings.list_sittings)
    assert [(r.id, r.place_name, r.cases, r.tribunal) for r in listed] == [
        (view.id, "大湾镇流动仲裁庭点", 3, "梁正仁、区伟明、冯嘉欣")]


def test_only_the_supervisor_plans(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.plan()
    case_id = inst.case(0)
    for who in (inst.clerk, inst.arbitrator):
        with pytest.raises(PermissionDenied, match="安排流动仲裁庭"):
            inst.as_(who).call(sittings.plan_sitting, data=SittingInput(inst.point, SITS_ON, tuple(inst.arbitrators[:1]),
                                                                           inst.clerk.id))
        with pytest.raises(PermissionDenied):
            inst.as_(who).call(sittings.add_cases, sitting_id=view.id, expected_version=view.version,
                               entries=[CaseEntry(case_id, "09:00")], today=TODAY)
    # everyone of the institute reads it and prints it
    assert inst.as_(inst.clerk).call(sittings.get_sitting, sitting_id=view.id).id == view.id
    assert _count(db, MobileSitting) == 1 and _count(db, Hearing) == 0


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"place_id": None}, "place", "请选择流动仲裁庭点"),
    ({"place_id": "room"}, "place", "不是在用的流动仲裁庭点"),
    ({"sits_on": None}, "sits_on", "请填写开庭日期"),
    ({"sits_on": date(2026, 11, 20)}, "sits_on", "开庭日期不能早于今天"),
    ({"arbitrator_ids": ()}, "arbitrators", "请选择出庭的仲裁员"),
    ({"arbitrator_ids": "two"}, "arbitrators", "第三十一条"),
    ({"arbitrator_ids": "same"}, "arbitrators", "同一仲裁员只能选择一次"),
    ({"arbitrator_ids": "stranger"}, "arbitrators", "仲裁员名册"),
    ({"clerk_id": None}, "clerk", "请选择书记员"),
    ({"clerk_id": "arbitrator"}, "clerk", "书记员须为"),
])
def test_a_bad_plan_is_refused_at_its_field(inst: Institute, db, changes: dict, field: str, fragment: str) -> None:  # noqa: ANN001
    values = {"room": inst.room, "two": tuple(inst.arbitrators[:2]), "same": (inst.arbitrators[0],) * 3,
              "stranger": (uuid.uuid4(),), "arbitrator": inst.arbitrator.id}
    changes = {k: values.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    with pytest.raises(ValidationFailed) as e:
        inst.plan(**changes)
    assert list(e.value.errors) == [field] and fragment in e.value.errors[field]
    assert _count(db, MobileSitting) == 0


def test_a_township_centre_or_a_mediator_does_not_plan(inst: Institute) -> None:
    head = make_user(inst.ctx, "town_head", Role.SUPERVISOR, inst.township)
    with pytest.raises(PermissionDenied, match="调解"):
        inst.as_(head).call(sittings.plan_sitting, data=SittingInput(inst.point, SITS_ON, tuple(inst.arbitrators[:1]),
                                                                        inst.clerk.id))


@pytest.mark.parametrize(("case", "fragment"), [
    ("received", "确定开庭须在"),
    ("other_institute", "不属于本仲裁院"),
    ("mediation", "只有仲裁案件"),
    ("twice", "同一案件只能安排一次"),
    ("bad_time", "不是有效时间"),
    ("overlap", "重叠"),
    ("late", "07:00 至 21:00"),
    ("booked_elsewhere", "已定于 2026-12-01 09:30 在第一仲裁庭开庭，须先延期开庭"),
])
def test_cases_that_cannot_be_added(inst: Institute, db, admin, case: str, fragment: str) -> None:  # noqa: ANN001
    view = inst.plan()
    good = inst.case(0)
    entries = [CaseEntry(good, "09:00")]
    if case == "received":
        entries.append(CaseEntry(inst.case(1, accept=False), "10:00"))
    elif case == "other_institute":
        other = inst.as_(inst.ctx.call(offices.first_admin)).call(
            offices.create_office, code="YF", name="云浮市劳动人事争议仲裁院", kind=OfficeKind.INSTITUTE)
        stranger = make_user(inst.ctx, "yf_clerk", Role.CLERK, other)
        case_id = inst.as_(stranger).call(cases.create_case, data=arbitration_input(other, case_number="云劳人仲案字〔2026〕1号"))
        act(inst.ctx, case_id, "accept", date(2026, 11, 3))
        entries.append(CaseEntry(case_id, "10:00"))
    elif case == "mediation":
        mediation = inst.as_(inst.clerk).call(cases.create_case, data=arbitration_input(
            inst.office, family="mediation", procedure="prefiling", case_number="肇劳人仲调字〔2026〕1号"))
        entries.append(CaseEntry(mediation, "10:00"))
    elif case == "twice":
        entries.append(CaseEntry(good, "10:00"))
    elif case == "bad_time":
        entries.append(CaseEntry(inst.case(1), "10点"))
    elif case == "overlap":
        entries.append(CaseEntry(inst.case(1), "09:30"))
    elif case == "late":
        entries.append(CaseEntry(inst.case(1), "20:30"))
    elif case == "booked_elsewhere":
        booked = inst.case(1)
        act(inst.as_(inst.clerk), booked, "schedule_hearing", date(2026, 11, 20), hearing_on=date(2026, 12, 1),
            starts="09:30", minutes=60, place=inst.room.hex)
        entries.append(CaseEntry(booked, "10:00"))
    with pytest.raises(ValidationFailed) as e:
        inst.as_(inst.supervisor).call(sittings.add_cases, sitting_id=view.id, expected_version=view.version,
                                       entries=entries, today=TODAY)
    assert list(e.value.errors) == ["cases"] and fragment in e.value.errors["cases"]
    assert _count(db, Hearing, Hearing.sitting_id.is_not(None)) == 0
    assert _count(db, CaseEvent, CaseEvent.kind == EventKind.HEARING_SCHEDULED, CaseEvent.case_id == good) == 0


def test_all_cases_are_booked_or_none(inst: Institute, db) -> None:  # noqa: ANN001
    """The third case's 确定开庭 is refused inside its step (dated before its 受理): the first two,
    already booked in their savepoints, are undone with it and the sitting keeps its version."""
    view = inst.plan()
    first, second = inst.case(0), inst.case(1)
    late = inst.case(2, accept=False)
    act(inst.as_(inst.clerk), late, "accept", date(2026, 11, 20))
    versions = {c: inst.ctx.call(cases.get_case, case_id=c).version for c in (first, second, late)}
    with pytest.raises(ValidationFailed) as e:
        inst.add(view, [first, second, late], today=date(2026, 11, 19))
    assert e.value.errors["sits_on"].startswith("肇劳人仲案字〔2026〕103号：")
    assert _count(db, Hearing) == 0 and _count(db, CaseEvent, CaseEvent.kind == EventKind.HEARING_SCHEDULED) == 0
    assert {c: inst.ctx.call(cases.get_case, case_id=c).version for c in versions} == versions
    again = inst.ctx.call(sittings.get_sitting, sitting_id=view.id)
    assert again.version == view.version and again.cases == ()
    assert len(inst.add(again, [first, second]).cases) == 2  # and the sitting works on


def test_a_hearing_too_soon_to_notify_is_refused_at_the_date(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.plan(sits_on=date(2026, 11, 25))
    with pytest.raises(ValidationFailed) as e:
        inst.add(view, [inst.case(0)])
    assert "第三十五条" in e.value.errors["sits_on"]
    assert _count(db, Hearing) == 0


def test_a_case_is_taken_out_before_it_is_heard(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.plan()
    a, b = inst.case(0), inst.case(1)
    view = inst.add(view, [a, b])
    with pytest.raises(ValidationFailed) as e:
        inst.as_(inst.supervisor).call(sittings.remove_case, sitting_id=view.id, expected_version=view.version,
                                       case_id=a, reason=" ", today=TODAY)
    assert "理由" in e.value.errors["reason"]
    with pytest.raises(ValidationFailed) as e:  # a free-text reason has its limit, counted as typed
        inst.as_(inst.supervisor).call(sittings.remove_case, sitting_id=view.id, expected_version=view.version,
                                       case_id=a, reason="住" * 2001, today=TODAY)
    assert e.value.errors == {"reason": "撤出的理由过长（最多1982字，现有2001字）"}
    view = inst.as_(inst.supervisor).call(sittings.remove_case, sitting_id=view.id, expected_version=view.version,
                                          case_id=a, reason="申请人住院", today=date(2026, 11, 24))
    assert [c.case_id for c in view.cases] == [b]
    with db.session() as s:
        hearing = s.scalars(select(Hearing).where(Hearing.case_id == a)).one()
        assert hearing.status == HearingStatus.POSTPONED and "申请人住院" in hearing.reason
        kinds = [e.kind for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == a).order_by(CaseEvent.recorded_at))]
    assert kinds[-1] == EventKind.HEARING_POSTPONED
    # taken out, it may be booked again (here or elsewhere)
    assert inst.add(view, [a], ["13:00"]).cases[-1].case_id == a


def test_a_new_day_moves_every_case_still_to_be_heard(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    new_day = date(2026, 12, 10)
    moved = inst.as_(inst.supervisor).call(
        sittings.change_sitting, sitting_id=view.id, expected_version=view.version, today=TODAY,
        data=SittingInput(inst.point, new_day, (inst.arbitrators[3],), inst.clerk.id, ""))
    assert moved.sits_on == new_day and moved.tribunal == "独任仲裁员 苏国梁"
    assert [(c.time, c.status) for c in moved.cases] == [("09:00", HearingStatus.SCHEDULED), ("10:00", HearingStatus.SCHEDULED)]
    with db.session() as s:
        rows = s.execute(select(Hearing.hearing_on, Hearing.status).order_by(Hearing.hearing_on)).all()
    assert sorted(rows) == sorted([(SITS_ON, "postponed")] * 2 + [(new_day, "scheduled")] * 2)
    with pytest.raises(Exception, match="已被他人修改"):  # the old version
        inst.as_(inst.supervisor).call(sittings.change_sitting, sitting_id=view.id, expected_version=view.version,
                                       data=SittingInput(inst.point, new_day, (inst.arbitrators[3],), inst.clerk.id, ""))


def test_candidates_by_number_or_name(inst: Institute) -> None:
    view = inst.plan()
    a, b = inst.case(0), inst.case(1)
    inst.case(2, accept=False)  # not yet accepted: not offered
    found = inst.ctx.call(sittings.candidates, sitting_id=view.id, text="")
    assert {c.case_id for c in found} == {a, b}
    assert [c.case_id for c in inst.ctx.call(sittings.candidates, sitting_id=view.id, text="林小")] == [b]
    assert [c.case_id for c in inst.ctx.call(sittings.candidates, sitting_id=view.id, text="2026〕101")] == [a]
    view = inst.add(view, [a])
    assert [c.case_id for c in inst.ctx.call(sittings.candidates, sitting_id=view.id, text="")] == [b]


def test_the_list_is_limited_to_the_office(inst: Institute, ctx, admin) -> None:  # noqa: ANN001
    view = inst.plan()
    other = inst.as_(admin).call(offices.create_office, code="GY", name="高要区劳动人事争议仲裁院",
                                 kind=OfficeKind.INSTITUTE, parent_id=admin.office_id)
    stranger = make_user(ctx, "gy_head", Role.SUPERVISOR, other)
    assert inst.as_(stranger).call(sittings.list_sittings) == []
    with pytest.raises(PermissionDenied):
        inst.as_(stranger).call(sittings.get_sitting, sitting_id=view.id)


def test_a_mobile_sitting_of_eight_cases_list_and_notices(inst: Institute, db) -> None:  # noqa: ANN001
    """Acceptance: eight cases at a township point; the list read back; the notices in one batch."""
    view = inst.plan()
    case_ids = [inst.case(n) for n in range(8)]
    times = ["09:00", "09:45", "10:30", "11:15", "14:00", "14:45", "15:30", "16:15"]
    view = inst.add(view, case_ids, times, minutes=45)
    assert [c.time for c in view.cases] == times
    pdf = inst.as_(inst.clerk).call(sittings.list_pdf, sitting_id=view.id)
    text = text_of(pdf)
    for fragment in ("流动仲裁庭开庭安排表", "肇庆市劳动人事争议仲裁院", "大湾镇流动仲裁庭点", "肇庆市高要区大湾镇政府二楼",
                     "二〇二六年十二月三日", "星期四", "首席仲裁员梁正仁", "区伟明、冯嘉欣", "书记员", "clerk",
                     "审理案件（共8件）", *APPLICANTS[:8], "劳动报酬", "制表人"):
        assert fragment in text, fragment
    for n, t in enumerate(times):
        assert f"肇劳人仲案字〔2026〕{101 + n}号" in text and t in text
    Path("/tmp/shots19").mkdir(exist_ok=True)
    Path("/tmp/shots19/mobile_sitting_list.pdf").write_bytes(pdf)
    issued = inst.as_(inst.clerk).call(sittings.issue_notices, sitting_id=view.id, issue_date=TODAY)
    assert len(issued) == 8
    assert _count(db, IssuedDocument, IssuedDocument.doc_type == "hearing_notice") == 8
    view = inst.ctx.call(sittings.get_sitting, sitting_id=view.id)
    assert all(c.notice_issued for c in view.cases)
    assert inst.ctx.call(sittings.issue_notices, sitting_id=view.id) == []  # issued once
    with db.session() as s:
        notice = s.scalars(select(IssuedDocument).where(IssuedDocument.case_id == case_ids[1])).one()
    assert "大湾镇流动仲裁庭点" in text_of(notice.pdf) and "2026年12月3日" in text_of(notice.pdf)
    Path("/tmp/shots19/mobile_sitting_notice.pdf").write_bytes(notice.pdf)


def test_the_demo_has_a_sitting_at_a_township_point(db) -> None:  # noqa: ANN001
    """services.demo: a new user sees a planned sitting with its cases booked through the service."""
    from hrss_disputes.models.office import AppUser, Office
    from hrss_disputes.services.context import actor_of
    from hrss_disputes.services.demo import DEMO_SITTING_TIMES, load_demo

    today = date(2026, 11, 21)
    with db.session() as s:
        load_demo(session=s, cases=1200, seed=7, today=today)  # enough open cases left after 开庭排期's
        boss = actor_of(s.scalars(select(AppUser).join(Office, Office.id == AppUser.office_id).where(
            AppUser.role == Role.SUPERVISOR, Office.code == "ZQ")).one())
    ctx = ServiceContext(db, boss)
    [row] = ctx.call(sittings.list_sittings)
    view = ctx.call(sittings.get_sitting, sitting_id=row.id)
    assert view.place_name.endswith("流动仲裁庭点") and view.sits_on > today and len(view.arbitrators) == 3
    assert 1 <= len(view.cases) <= 4 and [c.time for c in view.cases] == list(DEMO_SITTING_TIMES[:len(view.cases)])
    assert all(c.case_number.startswith("肇劳人仲案字") for c in view.cases)
    assert text_of(ctx.call(sittings.list_pdf, sitting_id=row.id)).count("肇劳人仲案字") == len(view.cases)


def test_a_case_whose_tribunal_does_not_travel_is_marked(inst: Institute, db) -> None:  # noqa: ANN001
    """The case's own tribunal on the day (its seats) against the arbitrators who travel."""
    from hrss_disputes.models.tribunal import TribunalSeat

    mine, other = inst.case(0), inst.case(1)
    with db.session() as s:
        s.add_all([TribunalSeat(case_id=mine, arbitrator_id=inst.arbitrators[0], seat="sole", from_on=date(2026, 11, 5)),
                   TribunalSeat(case_id=other, arbitrator_id=inst.arbitrators[3], seat="sole", from_on=date(2026, 11, 5))])
        s.commit()
    view = inst.add(inst.plan(), [mine, other])
    assert [c.tribunal_note for c in view.cases] == ["", "本案仲裁庭成员苏国梁不在本次出庭仲裁员之列"]


def test_the_travelling_people_booked_elsewhere_that_day_are_warned(inst: Institute, db) -> None:  # noqa: ANN001
    """Warned, not refused: the tribunal is away the whole day (services.hearings warns the same way)."""
    from hrss_disputes.models.tribunal import TribunalSeat

    at_home = inst.case(0)
    with db.session() as s:
        s.add(TribunalSeat(case_id=at_home, arbitrator_id=inst.arbitrators[1], seat="sole", from_on=date(2026, 11, 5)))
        s.commit()
    act(inst.as_(inst.clerk), at_home, "schedule_hearing", date(2026, 11, 20), hearing_on=SITS_ON,
        starts="15:00", minutes=60, place=inst.room.hex)
    view = inst.add(inst.plan(), [inst.case(1)])
    assert view.clashes == ("仲裁员 区伟明 当日 15:00–16:00 另在第一仲裁庭审理 肇劳人仲案字〔2026〕101号",)
    assert len(view.cases) == 1
    # a second sitting that day at the same point, with the first one's chief and clerk
    assert inst.plan(arbitrator_ids=(inst.arbitrators[0],)).clashes == (
        "仲裁员 梁正仁 当日 09:00–10:00 另在大湾镇流动仲裁庭点审理 肇劳人仲案字〔2026〕102号",
        "书记员 clerk 当日 09:00–10:00 另在大湾镇流动仲裁庭点审理 肇劳人仲案字〔2026〕102号",
        "大湾镇流动仲裁庭点 当日 09:00–10:00 另有 肇劳人仲案字〔2026〕102号 开庭")
    assert inst.plan(arbitrator_ids=(inst.arbitrators[3],), sits_on=date(2026, 12, 4)).clashes == ()


def test_a_case_moves_to_another_time_of_the_day(inst: Institute, db) -> None:  # noqa: ANN001
    view = inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    first = view.cases[0].case_id

    def retime(starts: str, minutes: int = 60):  # noqa: ANN202
        return inst.as_(inst.supervisor).call(sittings.change_time, sitting_id=view.id, expected_version=view.version,
                                              case_id=first, starts=starts, minutes=minutes, today=TODAY)

    for starts, fragment in (("10:30", "重叠"), ("九点", "不是有效时间"), ("09:00", "没有改变"), ("20:30", "21:00")):
        with pytest.raises(ValidationFailed) as e:
            retime(starts)
        assert list(e.value.errors) == ["starts"] and fragment in e.value.errors["starts"]
    assert _count(db, Hearing) == 2
    view = retime("14:00", 90)
    assert [(c.time, c.ends) for c in view.cases] == [("10:00", "11:00"), ("14:00", "15:30")]
    with db.session() as s:
        old = s.scalars(select(Hearing).where(Hearing.case_id == first, Hearing.status == "postponed")).one()
    assert "由 09:00 改为 14:00" in old.reason


# ---------------------------------------------------------------- issue 19 fix round (fixer 1)


def test_a_case_without_a_tribunal_gets_the_sittings_tribunal(inst: Institute, db) -> None:  # noqa: ANN001
    """A case accepted but not yet with its tribunal is formed from the travelling arbitrators and
    clerk (组成仲裁庭 on its timeline, before its 确定开庭, in the same transaction): it is on each
    arbitrator's 我承办的案件 and 开庭审理 is offered; its own tribunal elsewhere stays marked."""
    from hrss_disputes.models.tribunal import TribunalSeat
    from hrss_disputes.services import deadline_board, tribunal, workflow

    with db.session() as s:  # the chief signs in
        s.get(Arbitrator, inst.arbitrators[0]).user_id = inst.arbitrator.id
        s.commit()
    fresh, formed = inst.case(0), inst.case(1)
    act(inst.as_(inst.clerk), formed, "form_tribunal", date(2026, 11, 5),
        arbitrators=[inst.arbitrators[3].hex], clerk=inst.clerk.id.hex)
    view = inst.add(inst.plan(), [fresh, formed])
    assert [c.tribunal_note for c in view.cases] == ["", "本案仲裁庭成员苏国梁不在本次出庭仲裁员之列"]
    people = inst.ctx.call(tribunal.case_people, case_id=fresh, today=TODAY)
    assert people.tribunal_text == "首席仲裁员 梁正仁、仲裁员 区伟明、仲裁员 冯嘉欣" and people.clerk_name == "clerk"
    with db.session() as s:
        kinds = [e.kind for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == fresh)
                                           .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at))]
        assert kinds[-2:] == [EventKind.TRIBUNAL_FORMED, EventKind.HEARING_SCHEDULED]
        assert s.scalar(select(func.count()).select_from(TribunalSeat).where(TribunalSeat.case_id == formed)) == 1
    assert inst.ctx.call(cases.get_case, case_id=fresh).status == "tribunal_formed"
    offered = {a.key for a in inst.as_(inst.clerk).call(workflow.allowed_actions, case_id=fresh)}
    assert "hold_hearing" in offered and "form_tribunal" not in offered
    board = inst.as_(inst.arbitrator).call(deadline_board.board, query=deadline_board.BoardQuery(), today=TODAY)
    assert fresh in {r.case_id for r in board.rows} and formed not in {r.case_id for r in board.rows}
    # moved to another day and one taken out: the tribunal stays
    moved = inst.as_(inst.supervisor).call(
        sittings.change_sitting, sitting_id=view.id, expected_version=view.version, today=TODAY,
        data=SittingInput(inst.point, date(2026, 12, 10), (inst.arbitrators[3],), inst.clerk.id, ""))
    assert [c.tribunal_note for c in moved.cases] == ["本案仲裁庭成员冯嘉欣、区伟明、梁正仁不在本次出庭仲裁员之列", ""]
    inst.as_(inst.supervisor).call(sittings.remove_case, sitting_id=moved.id, expected_version=moved.version,
                                   case_id=fresh, reason="申请人住院", today=TODAY)
    assert inst.ctx.call(tribunal.case_people, case_id=fresh, today=TODAY).tribunal_text.startswith("首席仲裁员 梁正仁")


def test_a_tribunal_the_procedure_does_not_allow_is_refused_with_its_reason(inst: Institute, db) -> None:  # noqa: ANN001
    """A collective case is heard by three (Rules2017 65): a sole arbitrator's sitting does not form it."""
    view = inst.plan(arbitrator_ids=(inst.arbitrators[0],))
    ctx = inst.as_(inst.clerk)
    collective = ctx.call(cases.create_case, data=arbitration_input(
        inst.office, procedure="collective", collective=True, workers_involved=12,
        applicants=[PartyInput(name=n) for n in APPLICANTS], case_number="肇劳人仲案字〔2026〕201号"))
    act(ctx, collective, "accept", date(2026, 11, 3))
    with pytest.raises(ValidationFailed) as e:
        inst.add(view, [inst.case(0), collective])
    assert e.value.errors["arbitrators"].startswith("肇劳人仲案字〔2026〕201号：组成仲裁庭：")
    assert _count(db, Hearing) == 0 and _count(db, CaseEvent, CaseEvent.kind == EventKind.TRIBUNAL_FORMED) == 0


@pytest.mark.parametrize("which", ["foreign", "other_day", "other_place"])
def test_a_booking_naming_a_sitting_it_does_not_belong_to_is_refused(inst: Institute, db, admin, which: str) -> None:  # noqa: ANN001
    """确定开庭 names a sitting only through the sittings service, and only one of the case's
    institute on the booking's day and place; another office's sitting never shows the case."""
    view = inst.plan()
    case_id = inst.case(0)
    hearing_on, place = SITS_ON, inst.point
    if which == "foreign":  # a case of another institute names this sitting
        other = inst.as_(admin).call(offices.create_office, code="YF", name="云浮市劳动人事争议仲裁院",
                                     kind=OfficeKind.INSTITUTE)
        stranger = make_user(inst.ctx, "yf_clerk", Role.CLERK, other)
        with db.session() as s:
            s.add(HearingPlace(office_id=other, name="云浮第一仲裁庭", kind=PlaceKind.ROOM))
            s.commit()
        case_id = inst.as_(stranger).call(cases.create_case, data=arbitration_input(other, case_number="云劳人仲案字〔2026〕1号"))
        act(inst.ctx, case_id, "accept", date(2026, 11, 3))
        place = None
    elif which == "other_day":
        hearing_on = date(2026, 12, 4)
    else:
        place = inst.room
    with pytest.raises(ValidationFailed) as e:
        act(inst.ctx, case_id, "schedule_hearing", TODAY, hearing_on=hearing_on,
            place=place.hex if place else "云浮第一仲裁庭", sitting=view.id.hex)
    assert "流动仲裁庭" in e.value.errors["place"]
    assert _count(db, Hearing) == 0
    assert inst.as_(inst.supervisor).call(sittings.get_sitting, sitting_id=view.id).cases == ()
    # even the right day and place: only the sittings service books a case at a sitting
    if which == "other_day":
        with pytest.raises(ValidationFailed) as e:
            act(inst.ctx, case_id, "schedule_hearing", TODAY, hearing_on=SITS_ON, place=inst.point.hex,
                sitting=view.id.hex)
        assert "流动仲裁庭安排中加入" in e.value.errors["place"]


def test_another_offices_sitting_never_shows_a_foreign_case(inst: Institute, db, admin) -> None:  # noqa: ANN001
    """A hearing row pointing at the sitting (written before this check existed) is not shown."""
    view = inst.plan()
    other = inst.as_(admin).call(offices.create_office, code="YF", name="云浮市劳动人事争议仲裁院",
                                 kind=OfficeKind.INSTITUTE)
    stranger = make_user(inst.ctx, "yf_clerk", Role.CLERK, other)
    foreign = inst.as_(stranger).call(cases.create_case, data=arbitration_input(other, case_number="云劳人仲案字〔2026〕1号"))
    with db.session() as s:
        s.add(Hearing(case_id=foreign, hearing_on=SITS_ON, starts=600, minutes=60, place_id=inst.point,
                      sitting_id=view.id))
        s.commit()
    again = inst.as_(inst.supervisor).call(sittings.get_sitting, sitting_id=view.id)
    assert again.cases == ()
    assert [r.cases for r in inst.ctx.call(sittings.list_sittings)] == [0]


def test_a_stood_down_arbitrator_is_named_and_replaced(inst: Institute, db) -> None:  # noqa: ANN001
    """Standing down someone on a planned sitting and on an open case: the register is told first
    (tribunal.stand_down_warning); the sitting names them and takes their replacement."""
    from hrss_disputes.services import tribunal

    view = inst.add(inst.plan(), [inst.case(0)])  # 区伟明 travels, and now sits on the case
    assert inst.ctx.call(tribunal.stand_down_warning, arbitrator_id=inst.arbitrators[3], today=TODAY) == ""
    warning = inst.as_(inst.supervisor).call(tribunal.stand_down_warning, arbitrator_id=inst.arbitrators[1], today=TODAY)
    assert warning == ("区伟明仍是以下未结案件的仲裁庭成员：肇劳人仲案字〔2026〕101号；"
                       "仍在以下流动仲裁庭安排中：2026-12-03 大湾镇流动仲裁庭点。"
                       "停用后请为上述案件更换仲裁员，并修改上述流动仲裁庭安排另选仲裁员")
    inst.as_(inst.supervisor).call(tribunal.save_arbitrator, office_id=inst.office, arbitrator_id=inst.arbitrators[1],
                                   data=tribunal.ArbitratorInput("区伟明", "part_time", active=False))
    view = inst.ctx.call(sittings.get_sitting, sitting_id=view.id)
    assert view.arbitrators[1].label == "区伟明（已停用）"
    change = SittingInput(inst.point, SITS_ON, tuple(inst.arbitrators[:3]), inst.clerk.id, "改在三楼")
    with pytest.raises(ValidationFailed) as e:
        inst.as_(inst.supervisor).call(sittings.change_sitting, sitting_id=view.id, expected_version=view.version,
                                       data=change, today=TODAY)
    assert e.value.errors == {"arbitrators": "区伟明已在仲裁员名册中停用，请另选仲裁员接替"}
    replaced = replace(change, arbitrator_ids=(inst.arbitrators[0], inst.arbitrators[3], inst.arbitrators[2]))
    view = inst.as_(inst.supervisor).call(sittings.change_sitting, sitting_id=view.id, expected_version=view.version,
                                          data=replaced, today=TODAY)
    assert view.tribunal == "首席仲裁员 梁正仁；仲裁员 苏国梁、冯嘉欣" and view.note == "改在三楼"
    # the clerk's account disabled since: named too, and replaced
    from hrss_disputes.models.office import AppUser

    with db.session() as s:
        s.get(AppUser, inst.clerk.id).active = False
        s.commit()
    view = inst.as_(inst.supervisor).call(sittings.get_sitting, sitting_id=view.id)
    assert view.clerk.label == "clerk（已停用）"
    with pytest.raises(ValidationFailed) as e:
        inst.as_(inst.supervisor).call(sittings.change_sitting, sitting_id=view.id, expected_version=view.version,
                                       data=replaced, today=TODAY)
    assert e.value.errors == {"clerk": "clerk的账号已停用，请另选书记员接替"}
    other = make_user(inst.ctx, "clerk2", Role.CLERK, inst.office)
    view = inst.as_(inst.supervisor).call(sittings.change_sitting, sitting_id=view.id, expected_version=view.version,
                                          data=replace(replaced, clerk_id=other.id), today=TODAY)
    assert view.clerk.label == "clerk2"


def test_a_sitting_on_a_rest_day_is_warned_not_refused(inst: Institute) -> None:
    """A Sunday, a holiday the administrator set, or a day beyond the known holiday schedule."""
    from hrss_disputes.models.reference import CalendarDay

    sunday = inst.plan(sits_on=date(2026, 12, 6))
    assert sunday.day_note.startswith("2026-12-06（星期日）是休息日（周末）")
    assert inst.plan().day_note == ""  # a Thursday
    with inst.ctx.db.session() as s:  # the office closes on 12-03 (the administrator's calendar)
        s.add(CalendarDay(day=SITS_ON, workday=False, note="市政府调休"))
        s.commit()
    assert "2026-12-03（星期四）是休息日（管理员设定：市政府调休）" in inst.plan().day_note
    assert "2031年的法定节假日安排尚未录入" in inst.ctx.call(sittings.day_warning, day=date(2031, 3, 4))
    assert inst.ctx.call(sittings.day_warning, day=date(2026, 12, 4)) == ""


def test_a_case_with_its_own_tribunal_is_named_with_it_alone(inst: Institute, db) -> None:  # noqa: ANN001
    """Re-review of issue 19: a case formed before it joins a sitting is heard by its own tribunal
    (TribunalSeat on the day); the sitting's travelling arbitrators are not added to it — not on the
    开庭通知书, the case's hearings, nor the week by arbitrator."""
    from hrss_disputes.services import hearings

    formed = inst.case(1)
    act(inst.as_(inst.clerk), formed, "form_tribunal", date(2026, 11, 5),
        arbitrators=[inst.arbitrators[3].hex], clerk=inst.clerk.id.hex)
    inst.add(inst.plan(), [formed])
    with db.session() as s:
        assert hearings.notice_fields(s, formed)["arbitrators"] == ["苏国梁"]
    assert [v.arbitrators for v in inst.ctx.call(hearings.case_hearings, case_id=formed)] == [("苏国梁",)]
    week = inst.ctx.call(hearings.week, day=SITS_ON, by=hearings.BY_ARBITRATOR)
    assert [r.label for r in week.rows] == ["苏国梁"]


def test_a_struck_suspension_does_not_put_two_cases_in_one_slot_of_a_sitting(inst: Institute, db) -> None:  # noqa: ANN001
    """Re-review of issue 19: A at 09:00 is suspended (its hearing postponed), B takes 09:00, then
    A's 中止 is struck (更正): A's hearing stays postponed and the 更正 says to book it anew."""
    from hrss_disputes.domain import corrections as rules
    from tests.services.test_corrections import correct, step

    a, b = inst.case(0), inst.case(1)
    view = inst.add(inst.plan(), [a])
    from hrss_disputes.services import workflow

    boss = inst.as_(inst.supervisor)
    boss.call(workflow.perform_action, case_id=a, expected_version=boss.call(cases.get_case, case_id=a).version,
              action="suspend", occurred_on=TODAY, values={"ground": "6"}, today=TODAY)
    view = inst.add(inst.ctx.call(sittings.get_sitting, sitting_id=view.id), [b])
    d = correct(inst.ctx, a, step(inst.ctx, a, EventKind.SUSPENDED), rules.STRIKE, today=TODAY)
    assert "原定开庭未恢复" in d.events[-1].note and "请重新确定开庭" in d.events[-1].note
    after = inst.ctx.call(sittings.get_sitting, sitting_id=view.id)
    assert [(c.case_id, c.status) for c in after.cases if c.status is HearingStatus.SCHEDULED] == [(b, HearingStatus.SCHEDULED)]


def test_a_sitting_warns_of_a_case_elsewhere_by_its_own_tribunal_only(inst: Institute, db) -> None:  # noqa: ANN001
    """Re-review of issue 19: a case with its own tribunal heard at another sitting that day occupies
    its own arbitrators, not that sitting's travelling ones (never both)."""
    with db.session() as s:
        other_point = HearingPlace(office_id=inst.township, name="小湘镇流动仲裁庭点", kind=PlaceKind.MOBILE_POINT, address="")
        s.add(other_point)
        s.commit()
        other_point_id = other_point.id
    formed = inst.case(1)
    act(inst.as_(inst.clerk), formed, "form_tribunal", date(2026, 11, 5),
        arbitrators=[inst.arbitrators[3].hex], clerk=inst.clerk.id.hex)
    inst.add(inst.plan(place_id=other_point_id), [formed])  # travelling 梁正仁、区伟明、冯嘉欣; the case's own 苏国梁
    here = inst.plan(arbitrator_ids=(inst.arbitrators[3], inst.arbitrators[0], inst.arbitrators[1]))
    assert [c for c in here.clashes if c.startswith("仲裁员")] == [
        "仲裁员 苏国梁 当日 09:00–10:00 另在小湘镇流动仲裁庭点审理 肇劳人仲案字〔2026〕102号"]
