"""Moving a case through its procedure: the actions of domain.workflows, and its deadlines.

Every action is checked against the workflow table (state, role, fields) before anything is
written; the event, the case's derived status, its cached deadlines and the audit entry are
written in one transaction.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..domain import claims as calc
from ..domain import deadlines as dl
from ..domain import validators as v
from ..domain.decisions import (
    DEFAULT_PAPER_PROCEDURES,
    PAPERS_SETTING,
    hearing_error,
    papers_refusal,
)
from ..domain.event_notes import event_note
from ..domain.hearings import NOTICE_RULE, hearing_date_error
from ..domain.simplified import EXCLUSIONS, Eligibility, SimplifiedFacts, eligibility
from ..domain.status import ACCEPTANCE_EVENTS, TimelineFact
from ..domain.workflows import (
    EXTENDS,
    SERVED_DOCUMENTS,
    WORKFLOWS,
    Action,
    check_fields,
    find_action,
    late_extension_error,
    parties_field,
    representatives_error,
    split_names,
    timeline_error,
    unmade_paper_error,
    why_not,
)
from ..models.case import CaseEvent, CaseParty, ClaimItem, DisputeCase
from ..models.enums import (
    CaseFamily,
    CasePartyRole,
    CaseStatus,
    ClaimType,
    EventKind,
    OfficeKind,
    Procedure,
)
from ..models.office import Office
from ..models.party import Party
from . import audit, award_life, claims, complaint_effects, field_sources, hearings, tribunal
from .access import office_acts_on, require_office_for
from .case_names import refresh_party_names
from .case_numbers import allocate_case_number
from .cases import (
    COLLECTIVE_MIN_WORKERS,
    CaseDetail,
    _bump,
    _load_case,
    _refresh_amounts,
    _refresh_state,
    get_case,
)
from .clocks import Clocks, case_party_rows, clock_parties, refresh_deadlines
from .context import Actor
from .documents import current_award_types
from .errors import PermissionDenied, ValidationFailed
from .reference import json_setting


def case_deadlines(*, session: Session, user: Actor, case_id: uuid.UUID,
                   today: date | None = None) -> list[dl.Deadline]:
    case = _load_case(session, user, case_id)
    return Clocks.load(session).compute(session, case, today or date.today())


def allowed_actions(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[Action]:
    """The actions this user may take on the case now: what the case view shows as buttons."""
    case = _load_case(session, user, case_id)
    if office_acts_on(session, user, case.family) is not None:
        return []
    status = CaseStatus(case.status)
    blocks = {**award_life.blocked(session, case), **_blocks(session, case)}  # 裁审衔接: a step's own step first
    actions = [a for a in WORKFLOWS[Procedure(case.procedure)]
               if why_not(a, status, user.role) is None and _guard(case, a, blocks) is None]
    empty = field_sources.nothing_to_choose(session, case, actions)  # shown disabled instead (blocked_actions)
    return [a for a in actions if a.key not in empty]


def _blocks(session: Session, case: DisputeCase) -> dict[str, str]:
    if case.family == CaseFamily.ARBITRATION:  # the hearing's bookings (services.hearings), then the papers'
        return {**hearings.blocked(session, case), **_arbitration_blocks(session, case)}
    return complaint_effects.blocked(session, case) if case.family == CaseFamily.COMPLAINT else {}


def blocked_actions(*, session: Session, user: Actor, case_id: uuid.UUID) -> dict[str, str]:
    """The steps this user's role may take in the case's state but that have nothing to choose
    now, with why ("没有可选的回避申请"): the case view shows them disabled, the reason on hover."""
    case = _load_case(session, user, case_id)
    if office_acts_on(session, user, case.family) is not None:
        return {}
    status = CaseStatus(case.status)
    actions = [a for a in WORKFLOWS[Procedure(case.procedure)] if why_not(a, status, user.role) is None]
    blocks = {**award_life.blocked(session, case), **_blocks(session, case)}  # their own words, when they have some
    return {key: blocks.get(key, why) for key, why in field_sources.nothing_to_choose(session, case, actions).items()}


def paper_procedures(session: Session) -> frozenset[Procedure]:
    """The procedures whose award this office lets the tribunal make on the papers (⚠ setting)."""
    stored = json_setting(session, PAPERS_SETTING)
    return DEFAULT_PAPER_PROCEDURES if stored is None else frozenset(Procedure(p) for p in stored)


def _arbitration_blocks(session: Session, case: DisputeCase) -> dict[str, str]:
    if (why := papers_refusal(Procedure(case.procedure), paper_procedures(session))) is not None:
        return {"decide_on_papers": why}
    if session.scalar(select(CaseEvent.id).where(CaseEvent.case_id == case.id,
                                                 CaseEvent.kind == EventKind.PAPERS_DECIDED,
                                                 CaseEvent.corrected_by.is_(None)).limit(1)):
        return {"decide_on_papers": "本案已决定书面审理"}
    return {}


def award_guard(session: Session, case: DisputeCase, on: date) -> dict[str, str]:
    """What an award made on ``on`` lacks: a hearing held (or a decision to decide on the papers)
    by that day, and the tribunal's decision on every claim item; {} when it lacks nothing. For
    作出裁决 and for issuing the 仲裁裁决书 alike."""
    errors: dict[str, str] = {}
    kinds = set(session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id, CaseEvent.occurred_on <= on,
                                                             CaseEvent.corrected_by.is_(None))))
    if msg := hearing_error(Procedure(case.procedure), EventKind.HEARING_HELD in kinds,
                            EventKind.PAPERS_DECIDED in kinds, paper_procedures(session)):
        errors["hearing"] = msg
    if missing := claims.undecided_claims(session, case.id):
        errors["decisions"] = "\n".join(missing)
    if waiting := _defence_running(session, case, on):
        errors["defence"] = waiting
    return errors


def _defence_running(session: Session, case: DisputeCase, on: date) -> str:
    """The respondents whose 答辩期 has not ended on ``on`` (LDMAF 30: ten days from each one's own
    receipt of the application copy; shortened or cancelled with consent in a simplified case,
    Rules2017 58): the award waits for them. '' when none."""
    running = [d for d in Clocks.load(session).compute(session, case, on)
               if d.key == "defence" and d.due is not None and d.due >= on]
    if not running:
        return ""
    who = "；".join(f"{d.party_name or '被申请人'}的答辩期至 {d.due.isoformat()} 届满" for d in running)
    return (f"{who}，届满前不能作出裁决（劳动争议调解仲裁法第三十条）；简易处理的，经被申请人同意可先"
            "“缩短/取消答辩期”")


def award_data(session: Session, user: Actor, case: DisputeCase, on: date,
               final: bool | None = None, non_final: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """(the 作出裁决 event's data, errors): its type and amount as the decisions hold them. The type
    is the one the issued award states (SPC-I Art 18) when ``final`` (the paper being issued) or an
    issued award gives it: True when a part is final (the employer's 30 days run on it); else
    worked out per item on the amounts awarded (LDMAF 47), refused while an item's finality cannot
    be determined (the tribunal decides it in the award dialog)."""
    issued = current_award_types(session, case.id)
    # a split award (Rules2017 50) has both parts; finality.recorded_types reads them
    non_final = bool(final and non_final)
    if final is None and issued:
        final, non_final = True in issued, True in issued and False in issued
    if final is None:
        report = claims.award_finality(session=session, user=user, case_id=case.id, today=on, drafting=True)
        if unknown := [c.claim_type.label for c, f in report.items if f.final is None]:
            return {}, {"final": "、".join(unknown) + "的终局性无法判断（未录入当地最低工资标准）：请制作仲裁裁决书，"
                                "由仲裁庭在签发时认定终局或非终局，签发即登记作出裁决"}
        final = any(f.final for _c, f in report.items)
        non_final = final and any(f.final is False for _c, f in report.items)
    total = sum((c.amount_resolved or Decimal(0) for c in claims.claim_views(session, case.id)), Decimal(0))
    data: dict[str, Any] = {"final": bool(final), "amount": str(total.quantize(Decimal("0.01")))}
    if non_final:
        data = {"final": True, "non_final": True, "amount": data["amount"]}
    return data, {}


def check_award(session: Session, user: Actor, case: DisputeCase, on: date, today: date) -> dict[str, str]:
    """作出裁决 recorded by issuing the award: refused (PermissionDenied) unless the table allows it
    now; the errors of its date, its guard and its decisions, as perform_action checks them."""
    found = find_action(Procedure(case.procedure), "award")
    if found is None:
        raise PermissionDenied(f"“{Procedure(case.procedure).label}”程序没有此项操作")
    if (reason := why_not(found, CaseStatus(case.status), user.role)) is not None:
        raise PermissionDenied(reason)
    return _field_checks(session, case, found, {}, on, Clocks.load(session), today)


def record_award(session: Session, user: Actor, case: DisputeCase, on: date, data: dict[str, Any],
                 note: str) -> CaseEvent:
    """Add the 作出裁决 event with its audit entry in the caller's transaction (the caller has
    claimed the case's version, refreshes its state and then lets hearings.after_step cancel a
    hearing still booked)."""
    event = CaseEvent(case_id=case.id, kind=EventKind.AWARDED, occurred_on=on, user_id=user.id, note=note,
                      data=json.dumps(data, ensure_ascii=False))
    session.add(event)
    session.flush()
    audit.record(session, user_id=user.id, entity="case_event", entity_id=event.id, case_id=case.id, action="award",
                 after=audit.snapshot(event))
    return event


def _guard(case: DisputeCase, action: Action, blocks: dict[str, str]) -> str | None:
    """Conditions beyond state and role that the table's rows carry in words; ``blocks`` those
    a complaint's money and listings set (services.complaint_effects)."""
    if action.key == "supervise" and case.supervised:
        return "该案件已挂牌督办"
    if action.key == "lift_supervision" and not case.supervised:
        return "该案件未挂牌督办"
    return blocks.get(action.key)


def _field_checks(session: Session, case: DisputeCase, action: Action, values: dict[str, Any],
                  occurred_on: date | None, clocks: Clocks, today: date) -> dict[str, str]:
    errors = check_fields(action, values, today=today)
    if (receipts := parties_field(action)) is None:
        if msg := _date_error(session, case, action, occurred_on, values, today):
            errors["occurred_on"] = msg
    elif "document" not in errors and (msg := unmade_paper_error(str(values.get("document")), _timeline(session, case))):
        errors["document"] = msg  # the paper is not made yet: no receipt of it counts
    elif receipts.name not in errors:  # each party's date of receipt is checked like a step's date
        issued = _issued_on(session, case, str(values.get("document")))
        for r in values.get(receipts.name) or []:
            msg = _date_error(session, case, action, r["on"], values, today, what="签收日期")
            if msg is None and issued is not None and r["on"] < issued:  # nobody signs for a paper not yet made
                msg = f"签收日期不能早于{dict(SERVED_DOCUMENTS)[str(values['document'])]}的签发日期 {issued.isoformat()}"
            if msg:
                errors[receipts.name] = f"{r['name']}：{msg}"
                break
    if values.get("amount") not in (None, "") and (msg := v.validate_money(str(values["amount"]))):
        errors["amount"] = msg
    if (action.key == "schedule_hearing" and occurred_on is not None and "hearing_on" not in errors
            and isinstance(values.get("hearing_on"), date)
            and (msg := hearing_date_error(occurred_on, values["hearing_on"], clocks.calendar,
                                           clocks.kinds.get(NOTICE_RULE.key, NOTICE_RULE.kind)))):
        errors["hearing_on"] = msg  # LDMAF 35: the notice served 5 days before
    if action.key in hearings.ACTIONS and occurred_on is not None:  # the booked hearing: held on its day, postponed
        errors.update({k: m for k, m in hearings.check(session, case, action.key, values, occurred_on, clocks).items()
                       if k not in errors})
    if action.key in tribunal.ACTIONS:  # the people: size, register, clerk, handler, 回避 (services.tribunal)
        errors.update({k: m for k, m in tribunal.check(session, case, action.key, values, occurred_on).items()
                       if k not in errors})
    # the clock the action is limited by: the one it extends, or the award period for a conversion
    # or a suspension
    clock_key = EXTENDS.get(action.key) or ("award" if action.key in ("convert_to_ordinary", "suspend") else None)
    clock = next((d for d in clocks.compute(session, case, today) if d.key == clock_key), None) if clock_key else None
    if action.key in EXTENDS and "days" not in errors and clock is not None:
        left = clock.extension_left
        if left is not None and values["days"] > left:
            errors["days"] = f"延长期限累计不得超过法定上限，本案还可延长 {left} 日" if left else "本案延长期限已用尽"
    if (clock is not None and "occurred_on" not in errors
            and (msg := late_extension_error(action.key, clock.label, clock.due, occurred_on))):
        errors["occurred_on"] = msg
    if (action.key == "convert_to_ordinary" and occurred_on is not None and clock is not None
            and clock.due is not None and occurred_on > clock.due):
        errors["occurred_on"] = f"须在审理期限届满（{clock.due.isoformat()}）前决定转为普通程序"
    if action.key == "award" and occurred_on is not None:
        errors.update({k: m for k, m in award_guard(session, case, occurred_on).items() if k not in errors})
    if action.key == "award" and (msg := calc.n_and_2n_error([
            calc.AwardedItem(ClaimType(c.claim_type), c.amount_resolved, bool(c.separate_termination))
            for c in session.scalars(select(ClaimItem).where(ClaimItem.case_id == case.id))])):
        errors["amount"] = msg  # 劳动合同法实施条例第二十五条, as services.claims checks each item
    if action.key == "elect_representatives" and "representatives" not in errors and (
            msg := representatives_error(values["representatives"], _applicant_names(session, case))):
        errors["representatives"] = msg
    if case.family == CaseFamily.COMPLAINT and occurred_on is not None:
        errors.update({k: m for k, m in complaint_effects.check(session, case, action.key, values, occurred_on).items()
                       if k not in errors})
    if action.key in award_life.ACTIONS and occurred_on is not None:  # 裁审衔接: receipts, parties, suits
        errors.update({k: m for k, m in award_life.check(session, case, action.key, values, occurred_on).items()
                       if k not in errors})
    hearing_on = values.get("hearing_on")
    if action.key == "schedule_hearing" and isinstance(hearing_on, date) and hearing_on < (occurred_on or today):
        errors["hearing_on"] = "开庭日期不能早于决定日期"
    # a sourced choice (an arbitrator, a room, a party…) is one listed for the case; after the
    # checks above, whose words say more
    errors.update({k: m for k, m in field_sources.check(session, case, action, values).items() if k not in errors})
    return errors


def _date_error(session: Session, case: DisputeCase, action: Action, on: date | None, values: dict[str, Any],
                today: date, what: str = "办理日期") -> str | None:
    """Why the action cannot be dated ``on``: not ahead of today, not before the receipt of the
    case, not before the step it follows (domain.workflows.timeline_error)."""
    if msg := v.validate_past_date(on, today=today, what=what):
        return msg
    assert on is not None
    if on < case.received_on:
        return f"{what}不能早于收案日期 {case.received_on.isoformat()}"
    if msg := timeline_error(Procedure(case.procedure), action, on, _timeline(session, case), values):
        return msg.replace("办理日期", what)
    return None


def _issued_on(session: Session, case: DisputeCase, document: str) -> date | None:
    """The day the program first issued the case's paper ``document`` (签发), if it did."""
    days = [on for on, data in session.execute(
        select(CaseEvent.occurred_on, CaseEvent.data).where(CaseEvent.case_id == case.id,
                                                            CaseEvent.kind == EventKind.DOCUMENT_ISSUED,
                                                            CaseEvent.corrected_by.is_(None)))
            if data and json.loads(data).get("document") == document]
    return min(days, default=None)


def _recipients(session: Session, case: DisputeCase, given: Any, default_on: date | None) -> list[dict[str, Any]]:
    """The parties a paper was served on, each with its date of receipt (``on``; the form's date
    when none is given): named from the case's parties (申请人、被申请人、第三人; an agent is none)."""
    parties = {p.key: p for p in clock_parties(case_party_rows(session, [case.id])[case.id])}
    out: list[dict[str, Any]] = []
    if given and (not isinstance(given, list | tuple) or not all(isinstance(r, dict) for r in given)):
        raise ValidationFailed({"recipients": "受送达人须逐一选择本案当事人并填写各自的签收日期"})
    for r in given or []:
        party = r.get("party")
        key = party.hex if isinstance(party, uuid.UUID) else str(party or "")
        if (p := parties.get(key)) is None:
            raise ValidationFailed({"recipients": "所选受送达人不是本案当事人（代理人代收的，请勾选其代理的当事人）"})
        on = r.get("on") or default_on
        if isinstance(on, str):
            with contextlib.suppress(ValueError):  # otherwise reported by check_fields at the field
                on = date.fromisoformat(on)
        out.append({"party": key, "name": p.name, "role": p.role, "on": on})
    return out


def _timeline(session: Session, case: DisputeCase) -> list[TimelineFact]:
    """The case's events in timeline order (as _refresh_state folds them)."""
    return [TimelineFact(k, d) for k, d in session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on).where(CaseEvent.case_id == case.id, CaseEvent.corrected_by.is_(None))
        .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at))]


def _applicant_names(session: Session, case: DisputeCase) -> list[str]:
    return list(session.scalars(
        select(Party.name).join(CaseParty, CaseParty.party_id == Party.id)
        .where(CaseParty.case_id == case.id, CaseParty.role == CasePartyRole.APPLICANT)))


def _set_representatives(session: Session, case: DisputeCase, names: list[str]) -> None:
    """The elected representatives replace earlier ones; each stays an applicant as well."""
    links = session.scalars(select(CaseParty).where(CaseParty.case_id == case.id)).all()
    for link in links:
        if link.role == CasePartyRole.REPRESENTATIVE:
            session.delete(link)
    by_name = {name: pid for name, pid in session.execute(
        select(Party.name, Party.id).join(CaseParty, CaseParty.party_id == Party.id)
        .where(CaseParty.case_id == case.id, CaseParty.role == CasePartyRole.APPLICANT))}
    position = max((link.position for link in links), default=0) + 1
    for i, name in enumerate(names):
        session.add(CaseParty(case_id=case.id, party_id=by_name[name], role=CasePartyRole.REPRESENTATIVE,
                              position=position + i))


def simplified_eligibility(session: Session, case: DisputeCase, values: dict[str, Any]) -> Eligibility:
    """Rules2017 56–57 on the checklist ticked at acceptance and the claims' total."""
    annual, note = claims.average_wage(session, claims.PROVINCE, (case.received_on.year - 1))
    facts = SimplifiedFacts(
        clear=bool(values.get("clear")), agreed=bool(values.get("agreed")), amount=case.amount_claimed,
        annual_average=annual, average_note=note,
        excluded=frozenset(key for key, _ in EXCLUSIONS if values.get(key)))
    return eligibility(facts)


def _json_ready(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (x.isoformat() if isinstance(x, date) else x) for k, x in values.items()
            if x is not None and x != ""}


def perform_action(
    *, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, action: str,
    occurred_on: date | None, values: dict[str, Any] | None = None, today: date | None = None,
    approval: Callable[[CaseEvent], str] | None = None,
) -> CaseDetail:
    """Take one action of the case's procedure; refused with a reason unless the table allows it.

    ``approval``: a supervisor approving a request (services.approvals) is told the new event in
    this transaction (it marks the request decided) and returns the words put before its note."""
    values = dict(values or {})
    today = today or date.today()
    case = _load_case(session, user, case_id)
    found = find_action(Procedure(case.procedure), action)
    if found is None:
        raise PermissionDenied(f"“{Procedure(case.procedure).label}”程序没有此项操作")
    if (reason := why_not(found, CaseStatus(case.status), user.role)) is not None:
        raise PermissionDenied(reason)
    require_office_for(session, user, case.family)
    if (reason := _guard(case, found, _blocks(session, case))) is not None:
        raise PermissionDenied(reason)
    if (receipts := parties_field(found)) is not None:  # 登记送达: the event is dated the earliest receipt
        values[receipts.name] = _recipients(session, case, values.get(receipts.name), occurred_on)
        occurred_on = min((r["on"] for r in values[receipts.name] if isinstance(r["on"], date)), default=occurred_on)
    clocks = Clocks.load(session)
    errors = _field_checks(session, case, found, values, occurred_on, clocks, today)
    simplified = (simplified_eligibility(session, case, values)
                  if found.key == "accept" and case.procedure == Procedure.SIMPLIFIED else None)
    if simplified is not None and not simplified.eligible:
        errors["clear"] = simplified.text + "。可先“转为普通程序”再受理"
    if errors:
        raise ValidationFailed(errors)

    if found.key == "award":  # the type and amount the decisions hold (and an issued award states)
        derived, errors = award_data(session, user, case, occurred_on)
        if errors:
            raise ValidationFailed(errors)
        values.update(derived)
    _bump(session, case, expected_version)
    data = _json_ready({k: x for k, x in values.items() if k != "payments"})
    if found.key in EXTENDS:
        data["clock"] = EXTENDS[found.key]
    note = event_note(found, values)  # what the step recorded, in words (its 说明)
    if receipts is not None:  # who received it when, kept in the event's data
        data[receipts.name] = [{**r, "on": r["on"].isoformat()} for r in values[receipts.name]]
    if simplified is not None:
        note = simplified.text  # why it may be simplified
    event = CaseEvent(case_id=case.id, kind=found.event, occurred_on=occurred_on, user_id=user.id,
                      note=note.strip(), data=json.dumps(data, ensure_ascii=False) if data else None)
    session.add(event)
    session.flush()
    before = audit.snapshot(case, ["procedure", "supervised", "status"])
    if found.key == "convert_to_ordinary":
        case.procedure = Procedure.ORDINARY
    elif found.key == "supervise":
        case.supervised = True
    elif found.key == "lift_supervision":
        case.supervised = False
    if found.event in ACCEPTANCE_EVENTS and not case.case_number:  # 受理 / 立案 gives the case its number
        allocate_case_number(session, case, occurred_on.year)
        before["case_number"] = None
    if found.key == "elect_representatives":
        _set_representatives(session, case, split_names(values["representatives"]))
    if case.family == CaseFamily.COMPLAINT:
        extra, extra_note = complaint_effects.apply(session, case, found.key, values, event, occurred_on)
        if extra:
            data.update(extra)
            event.data = json.dumps(data, ensure_ascii=False)
        if extra_note:
            event.note = "；".join(filter(None, [extra_note, event.note]))
    if found.key in award_life.ACTIONS:  # the party's name, a late filing, the step in words
        extra, event.note = award_life.apply(session, case, found.key, values, occurred_on)
        event.data = json.dumps({**data, **extra}, ensure_ascii=False)
    if found.key in hearings.ACTIONS:  # the Hearing row booked, held or postponed; the step in words
        extra, event.note = hearings.apply(session, case, found.key, values, event)
        if extra:
            event.data = json.dumps({**json.loads(event.data or "{}"), **extra}, ensure_ascii=False)
    if found.key in tribunal.ACTIONS:  # seats, clerk, handler, 回避: named in the step's 说明
        extra = tribunal.apply(session, user, case, found.key, values, event, occurred_on)
        event.data = json.dumps({**data, **extra}, ensure_ascii=False) if {**data, **extra} else None
    if found.key in ("refer_to_arbitration", "refer"):
        to_mediation = values.get("to") == "mediation"
        new_case_id = _linked_case(session, user, case, occurred_on, clocks, today, to_mediation)
        event.data = json.dumps({**data, "to_case": new_case_id.hex}, ensure_ascii=False)
    if approval is not None:  # 经…申请，…批准
        event.note = "；".join(filter(None, [approval(event), event.note]))
    _refresh_state(session, case)
    if case.family == CaseFamily.ARBITRATION and (stopped := hearings.after_step(session, case, event)):
        event.note = "；".join(filter(None, [event.note, stopped]))  # 中止 or closed: the booked hearing off
    refresh_deadlines(session, case, clocks, today)
    audit.record(session, user_id=user.id, entity="case_event", entity_id=event.id, case_id=case.id, action=found.key,
                 before=before, after={**audit.snapshot(event), "case": audit.snapshot(case, list(before))})
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def _institute_for(session: Session, office_id: uuid.UUID) -> uuid.UUID:
    """The arbitration institute above an office (the township centre's county institute), or
    the office itself when it is one."""
    office = session.get(Office, office_id)
    while office is not None:
        if office.kind in (OfficeKind.INSTITUTE, OfficeKind.COMMISSION):
            return office.id
        office = session.get(Office, office.parent_id) if office.parent_id else None
    return office_id


def _linked_case(session: Session, user: Actor, origin: DisputeCase, on: date, clocks: Clocks, today: date,
                 to_mediation: bool = False) -> uuid.UUID:
    """A failed mediation becomes an arbitration application, or a complaint that is a dispute
    matter goes to the institute's pre-filing mediation or arbitration: parties and claims carried
    over, the cases linked both ways (origin_case_id on the new one; the 转出 event on the old)."""
    new = DisputeCase(
        family=CaseFamily.MEDIATION if to_mediation else CaseFamily.ARBITRATION,
        procedure=Procedure.PREFILING if to_mediation else Procedure.ORDINARY, status=CaseStatus.RECEIVED,
        office_id=_institute_for(session, origin.office_id), handler_id=None, cause=origin.cause,
        intake_channel=origin.intake_channel, summary=origin.summary, green_channel=origin.green_channel,
        collective=origin.collective, small_claims=origin.small_claims, workers_involved=origin.workers_involved,
        received_on=on, created_by=user.id, origin_case_id=origin.id, rights_known_on=origin.rights_known_on,
        employment_ended_on=origin.employment_ended_on, limitation_events=origin.limitation_events,
    )
    if origin.collective and not to_mediation and origin.workers_involved >= COLLECTIVE_MIN_WORKERS:
        new.procedure = Procedure.COLLECTIVE
    session.add(new)
    session.flush()
    for link in session.scalars(select(CaseParty).where(CaseParty.case_id == origin.id)
                                .order_by(CaseParty.position)):
        session.add(CaseParty(case_id=new.id, party_id=link.party_id, role=link.role,
                              acts_for_id=link.acts_for_id, position=link.position))
    for c in session.scalars(select(ClaimItem).where(ClaimItem.case_id == origin.id).order_by(ClaimItem.position)):
        session.add(ClaimItem(case_id=new.id, claim_type=c.claim_type, description=c.description,
                              amount_claimed=c.amount_claimed, period_from=c.period_from, period_to=c.period_to,
                              elements=c.elements, amount_proposed=c.amount_proposed, position=c.position))
    origin_label = origin.case_number or f"{CaseFamily(origin.family).label}（{origin.received_on.isoformat()}收案）"
    how = "移送" if origin.family == CaseFamily.COMPLAINT else "调解不成转入"
    session.add(CaseEvent(case_id=new.id, kind=EventKind.RECEIVED, occurred_on=on, user_id=user.id,
                          note=f"由{origin_label}{how}", data=json.dumps({"from_case": origin.id.hex})))
    session.flush()
    refresh_party_names(session, new)
    _refresh_amounts(session, new)
    _refresh_state(session, new)
    refresh_deadlines(session, new, clocks, today)
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=new.id, action="create",
                 after=audit.snapshot(new))
    return new.id
