"""What the complaint actions of domain.workflows do beyond the timeline: money reaching workers,
the compensation order, the transfer's threshold check, the blacklist rows.

services.workflow calls ``guard``, ``check`` and ``apply`` for complaint cases, inside its own
transaction; services.complaints reads the same accounts for the complaint view.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from ..domain import complaints as cm
from ..domain import validators as v
from ..models.case import CaseEvent, CaseParty, DisputeCase
from ..models.complaint import (
    ADVANCE,
    PAID,
    RECOVERED,
    BlacklistEntry,
    ComplaintDetail,
    ComplaintPayment,
    ComplaintWorker,
)
from ..models.enums import CasePartyRole, EventKind
from ..models.party import Party
from .reference import json_setting

ZERO = Decimal("0.00")
# the province's figures of 法释〔2013〕3号 Art 3 (⚠ Guangdong's not found): blank until entered
SINGLE_SETTING, GROUP_SETTING = "complaint.crime_threshold_single", "complaint.crime_threshold_group"
MONEY_ACTIONS = {"payment": PAID, "emergency_advance": ADVANCE}


def detail_of(session: Session, case_id: uuid.UUID) -> ComplaintDetail:
    """Every complaint has one (written with the case; migration 0012 gave older ones theirs)."""
    row = session.get(ComplaintDetail, case_id)
    if row is None:
        raise LookupError(f"complaint {case_id} has no complaint_detail row")
    return row


def thresholds(session: Session) -> cm.CrimeThresholds:
    def read(key: str) -> Decimal | None:
        value = json_setting(session, key)
        return None if value in (None, "") else Decimal(str(value))

    return cm.CrimeThresholds(read(SINGLE_SETTING), read(GROUP_SETTING))


# ---------------------------------------------------------------- the accounts


@dataclass(frozen=True)
class WorkerAccount:
    id: uuid.UUID
    party_id: uuid.UUID
    name: str
    id_number: str | None
    phone: str | None
    period_from: date | None
    period_to: date | None
    balance: cm.WorkerBalance


@dataclass(frozen=True)
class Accounts:
    """Every worker's account, the workers not yet named as one, and the fund's claim."""

    workers: tuple[WorkerAccount, ...]
    unnamed_count: int
    unnamed: cm.WorkerBalance
    fund_recovered: Decimal  # what the relief fund got back from the employer

    @property
    def all_balances(self) -> list[cm.WorkerBalance]:
        return [w.balance for w in self.workers] + ([self.unnamed] if self.unnamed_count else [])

    def total(self, attr: str) -> Decimal:
        return sum((getattr(b, attr) for b in self.all_balances), ZERO)

    @property
    def fund_outstanding(self) -> Decimal:
        """应急周转金 still to be recovered from the employer."""
        return max(self.total("advanced") - self.fund_recovered, ZERO)

    @property
    def employer_owes(self) -> Decimal:
        return self.total("balance") + self.fund_outstanding

    def crime_check(self, limits: cm.CrimeThresholds) -> cm.ThresholdCheck:
        unnamed_unpaid = self.unnamed.unpaid_wages if self.unnamed_count else ZERO
        return cm.crime_check([w.balance for w in self.workers], limits,
                              self.unnamed_count if unnamed_unpaid > 0 else 0, unnamed_unpaid)


def accounts(session: Session, case: DisputeCase) -> Accounts:
    rows = session.execute(
        select(ComplaintWorker, Party).join(Party, Party.id == ComplaintWorker.party_id)
        .where(ComplaintWorker.case_id == case.id).order_by(ComplaintWorker.position)
    ).all()
    sums: dict[tuple[uuid.UUID | None, str], Decimal] = {
        (worker_id, kind): Decimal(amount or 0) for worker_id, kind, amount in session.execute(
            select(ComplaintPayment.worker_id, ComplaintPayment.kind, func.sum(ComplaintPayment.amount))
            .where(ComplaintPayment.case_id == case.id)
            .group_by(ComplaintPayment.worker_id, ComplaintPayment.kind))}
    workers = tuple(
        WorkerAccount(w.id, p.id, p.name, p.id_doc_number, p.phone, w.period_from, w.period_to, cm.WorkerBalance(
            owed=w.amount_owed, compensation=w.compensation, paid=sums.get((w.id, PAID), ZERO),
            advanced=sums.get((w.id, ADVANCE), ZERO), months=cm.arrears_months(w.period_from, w.period_to)))
        for w, p in rows)
    # workers counted but not named share what the case claims beyond the named workers' arrears
    unnamed_count = max(case.workers_involved - len(workers), 0)
    named_owed = sum((w.balance.owed for w in workers), ZERO)
    detail = session.get(ComplaintDetail, case.id)
    unnamed = cm.WorkerBalance(
        owed=max(case.amount_claimed - named_owed, ZERO) if unnamed_count else ZERO,
        compensation=detail.unnamed_compensation if detail else ZERO,
        paid=sums.get((None, PAID), ZERO), advanced=sums.get((None, ADVANCE), ZERO))
    recovered = sum((a for (_w, k), a in sums.items() if k == RECOVERED), ZERO)
    return Accounts(workers, unnamed_count, unnamed, recovered)


def employer_of(session: Session, case_id: uuid.UUID) -> Party | None:
    return session.scalars(
        select(Party).join(CaseParty, CaseParty.party_id == Party.id)
        .where(CaseParty.case_id == case_id, CaseParty.role == CasePartyRole.RESPONDENT)
        .order_by(CaseParty.position)).first()


def event_day(session: Session, case_id: uuid.UUID, kind: EventKind) -> date | None:
    """The day of the case's latest event of this kind (移送公安机关 …); None when there is none."""
    return session.scalar(select(func.max(CaseEvent.occurred_on)).where(CaseEvent.case_id == case_id,
                                                                         CaseEvent.kind == kind,
                                                                         CaseEvent.corrected_by.is_(None)))


def _entry(session: Session, case_id: uuid.UUID, *, listed: bool) -> BlacklistEntry | None:
    """This case's open proposal (listed=False) or its listing not yet removed (listed=True)."""
    stmt = select(BlacklistEntry).where(BlacklistEntry.case_id == case_id, BlacklistEntry.removed_on.is_(None))
    stmt = stmt.where(BlacklistEntry.listed_on.is_not(None) if listed else BlacklistEntry.listed_on.is_(None))
    return session.scalars(stmt.order_by(BlacklistEntry.created_at.desc())).first()


def order_due(session: Session, case_id: uuid.UUID) -> date | None:
    """The date the latest 责令限期支付 set."""
    data = session.scalars(select(CaseEvent.data).where(CaseEvent.case_id == case_id,
                                                        CaseEvent.kind == EventKind.ORDER_ISSUED, CaseEvent.corrected_by.is_(None))
                           .order_by(CaseEvent.occurred_on.desc(), CaseEvent.recorded_at.desc())).first()
    due = json.loads(data).get("due_on") if data else None
    return date.fromisoformat(due) if due else None


# ---------------------------------------------------------------- guard, check, apply


def blocked(session: Session, case: DisputeCase) -> dict[str, str]:
    """Why complaint actions are closed now beyond their state and role, keyed by action: one
    look at the case's money, transfer and listings serves every button of the case view."""
    acc = accounts(session, case)
    out: dict[str, str] = {}
    if acc.total("balance") <= 0:
        out.update(dict.fromkeys(("payment", "emergency_advance", "order_compensation"), "劳动者应得款项已全部支付"))
    elif detail_of(session, case.id).compensation_rate is not None:
        out["order_compensation"] = "已责令加付赔偿金"
    if event_day(session, case.id, EventKind.POLICE_TRANSFER) is not None:
        out["transfer_police"] = "已移送公安机关"
    pending, listed = _entry(session, case.id, listed=False), _entry(session, case.id, listed=True)
    if pending or listed:
        out["propose_blacklist"] = "已提请或已列入失信名单"
    if pending is None:
        out["blacklist"] = "尚未提请列入失信名单"
    if listed is None:
        out["remove_blacklist"] = "本案用人单位未列入失信名单"
    if acc.fund_outstanding <= 0:
        out["advance_recovered"] = "没有待追回的垫付资金"
    return out


def _money(errors: dict[str, str], key: str, value: object) -> Decimal | None:
    try:
        return v.parse_money(value if isinstance(value, str | Decimal) or value is None else str(value))
    except ValueError as e:
        errors[key] = str(e)
        return None


def _payments(values: dict[str, Any], acc: Accounts, errors: dict[str, str]) -> list[tuple[WorkerAccount | None, Decimal, int]]:
    """(worker, amount, workers) rows of a payment or advance, each within what is still owed."""
    by_id = {w.id.hex: w for w in acc.workers}
    out: list[tuple[WorkerAccount | None, Decimal, int]] = []
    for key, typed in (values.get("payments") or {}).items():
        worker = by_id.get(key)
        if worker is None:
            errors[f"payments.{key}"] = "该劳动者不在本案名单中"
            continue
        amount = _money(errors, f"payments.{key}", typed)
        if amount is None or amount == 0:
            continue
        if amount > worker.balance.balance:
            errors[f"payments.{key}"] = f"超过{worker.name}尚欠的 {cm.yuan(worker.balance.balance)} 元"
        out.append((worker, amount, 1))
    amount = _money(errors, "amount", values.get("amount")) if values.get("amount") not in (None, "") else None
    if amount:
        if not acc.unnamed_count:
            errors["amount"] = "本案劳动者均已列名，请按人填写金额"
        elif amount > acc.unnamed.balance:
            errors["amount"] = f"超过未列名劳动者尚欠的 {cm.yuan(acc.unnamed.balance)} 元"
        workers = values.get("workers") or acc.unnamed_count
        if not isinstance(workers, int) or not 1 <= workers <= max(acc.unnamed_count, 1):
            errors["workers"] = f"受偿人数应在 1 至 {acc.unnamed_count} 之间"
            workers = 1
        out.append((None, amount, workers))
    if not out and not errors:
        errors["amount" if not acc.workers else "payments"] = "请填写支付金额"
    return out


def check(session: Session, case: DisputeCase, action: str, values: dict[str, Any],
          on: date | None) -> dict[str, str]:
    """Field errors of a complaint action, in Chinese, keyed as the dialog's fields."""
    from ..domain.workflows import split_names

    errors: dict[str, str] = {}
    if on is None:
        return errors
    if action in MONEY_ACTIONS:
        _payments(values, accounts(session, case), errors)
    elif action == "order":
        due = values.get("due_on")
        if isinstance(due, date) and due < on:
            errors["due_on"] = "支付期限不能早于责令日期"
        if values.get("amount") in (None, "") and accounts(session, case).total("balance") <= 0:
            errors["amount"] = "本案尚未登记欠薪金额，请填写责令支付金额"
    elif action == "order_compensation":
        if msg := cm.compensation_error(values.get("rate")):
            errors["rate"] = msg
        ordered_by = order_due(session, case.id)
        if ordered_by is not None and on <= ordered_by:
            errors["occurred_on"] = f"限期支付期限（{ordered_by.isoformat()}）届满后仍未支付的，方可责令加付赔偿金"
        due = values.get("due_on")
        if isinstance(due, date) and due < on:
            errors["due_on"] = "支付期限不能早于责令日期"
    elif action == "penalty":
        amount = _money(errors, "amount", values.get("amount"))
        if amount is not None and (msg := cm.penalty_error(str(values.get("ground")), amount)):
            errors["amount"] = msg
    elif action == "inspect":
        if len(split_names(str(values.get("inspectors") or ""))) < 2:
            errors["inspectors"] = "调查、检查须由两名以上监察员进行（劳动保障监察条例第十六条）"
    elif action in ("transfer_police", "propose_blacklist"):
        ordered_by = order_due(session, case.id)
        key = "police" if action == "transfer_police" else "criteria"
        if ordered_by is not None and on <= ordered_by:
            errors["occurred_on"] = f"责令支付的期限（{ordered_by.isoformat()}）届满后仍不支付的，方可办理"
        acc = accounts(session, case)
        if acc.total("balance") <= 0:
            errors[key] = "用人单位已支付全部款项"
        elif action == "transfer_police" or values.get("criteria") == "threshold":
            result = acc.crime_check(thresholds(session))
            if result.reached is False:
                errors[key] = "未达到拒不支付劳动报酬罪的数额标准：" + result.text
            elif result.reached is None and action == "propose_blacklist":
                errors[key] = f"{cm.NOT_CONFIGURED}，不能以数额标准提请列入：" + result.text
    elif action == "blacklist":
        entry = _entry(session, case.id, listed=False)
        if entry is not None and on < entry.proposed_on:
            errors["occurred_on"] = f"列入决定不能早于提请日期 {entry.proposed_on.isoformat()}"
    elif action == "remove_blacklist":
        entry = _entry(session, case.id, listed=True)
        if entry is not None and entry.listed_on is not None and (msg := cm.removal_error(
                listed_on=entry.listed_on, on=on, early=bool(values.get("early")),
                corrected_on=detail_of(session, case.id).corrected_on)):
            errors["early" if values.get("early") else "occurred_on"] = msg
    elif action == "advance_recovered":
        amount = _money(errors, "amount", values.get("amount"))
        outstanding = accounts(session, case).fund_outstanding
        if amount is not None and amount > outstanding:
            errors["amount"] = f"超过待追回的垫付资金 {cm.yuan(outstanding)} 元"
    return errors


def _settle(session: Session, case: DisputeCase, on: date) -> dict[str, Any]:
    """After money moved: the case's recovered total, and whether the employer owes nothing now."""
    acc = accounts(session, case)
    case.amount_resolved = acc.total("paid")
    settled = acc.employer_owes <= 0
    if settled:
        detail_of(session, case.id).corrected_on = on
    return {"settled": settled, "outstanding": str(acc.total("balance")), "recovered": str(acc.total("paid"))}


def apply(session: Session, case: DisputeCase, action: str, values: dict[str, Any], event: CaseEvent,
          on: date) -> tuple[dict[str, Any], str]:
    """Write what a complaint action changes; returns data and a note for its timeline event."""
    if action in MONEY_ACTIONS:
        errors: dict[str, str] = {}
        rows = _payments(values, accounts(session, case), errors)
        for worker, amount, workers in rows:
            session.add(ComplaintPayment(case_id=case.id, worker_id=worker.id if worker else None,
                                         kind=MONEY_ACTIONS[action], workers=workers, amount=amount,
                                         paid_on=on, event_id=event.id))
        session.flush()
        total = sum((a for _, a, _ in rows), ZERO)
        people = sum(n for _, _, n in rows)
        data = {"amount": str(total), "workers": people, **_settle(session, case, on)}
        what = "支付" if action == "payment" else "垫付"
        note = f"{people} 名劳动者{what}共 {cm.yuan(total)} 元；尚欠劳动者 {cm.yuan(Decimal(data['outstanding']))} 元"
        return data, note
    if action == "advance_recovered":
        amount = v.parse_money(values["amount"])
        session.add(ComplaintPayment(case_id=case.id, kind=RECOVERED, workers=0, amount=amount, paid_on=on,
                                     event_id=event.id))
        session.flush()
        return {"amount": str(amount), **_settle(session, case, on)}, f"追回垫付资金 {cm.yuan(amount)} 元"
    if action == "order":
        acc = accounts(session, case)
        amount = v.parse_money(values.get("amount")) if values.get("amount") else acc.total("balance")
        return {"amount": str(amount)}, f"责令于 {values['due_on'].isoformat()} 前支付 {cm.yuan(amount)} 元"
    if action == "order_compensation":
        rate = int(values["rate"])
        acc = accounts(session, case)
        total = ZERO
        for w in acc.workers:
            row = session.get(ComplaintWorker, w.id)
            row.compensation = cm.additional_compensation(w.balance.unpaid_wages, rate)
            total += row.compensation
        detail = detail_of(session, case.id)
        detail.compensation_rate = rate
        if acc.unnamed_count:
            detail.unnamed_compensation = cm.additional_compensation(acc.unnamed.unpaid_wages, rate)
            total += detail.unnamed_compensation
        session.flush()
        return ({"amount": str(total), "rate": rate},
                f"按未付工资的 {rate}% 加付赔偿金共 {cm.yuan(total)} 元，限 {values['due_on'].isoformat()} 前支付")
    if action == "transfer_police":
        result = accounts(session, case).crime_check(thresholds(session))
        return ({"reached": result.reached, "threshold": result.text},
                f"移送{values.get('police', '')}。数额标准：{result.text}")
    if action == "propose_blacklist":
        employer = employer_of(session, case.id)
        if employer is None:
            raise ValueError("a complaint without an employer cannot be proposed for the blacklist")
        session.add(BlacklistEntry(party_id=employer.id, case_id=case.id, criteria=values["criteria"],
                                   persons=str(values.get("persons") or "").strip(), proposed_on=on))
        return {}, f"{employer.name}：{dict(cm.BLACKLIST_CRITERIA)[values['criteria']]}"
    if action == "blacklist":
        entry = _entry(session, case.id, listed=False)
        entry.listed_on = on
        due = cm.removal_due(on)
        return {"removal_due": due.isoformat()}, f"列入期限三年，至 {due.isoformat()}"
    if action == "remove_blacklist":
        entry = _entry(session, case.id, listed=True)
        entry.removed_on = on
        entry.early_removal = bool(values.get("early"))
        return {}, "提前移出" if entry.early_removal else "期满移出"
    return {}, ""
