"""The administrator's reference data: calendar corrections, how each deadline counts its days,
minimum wages, average wages and the province's amounts for 拒不支付劳动报酬罪. A change to the calendar or the day settings works every open
case's deadlines out anew in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlmodel import Session

from ..domain import complaints as cm
from ..domain import deadlines as dl
from ..domain import limitation as lim
from ..domain import validators as v
from ..domain.calendar import DayKind
from ..domain.decisions import DEFAULT_PAPER_PROCEDURES, PAPER_PROCEDURE_CHOICES, PAPERS_SETTING
from ..domain.finality import DEFAULT_MONEY_TYPES, MONEY_CHOICES, wage_is_stale
from ..domain.permissions import Permission
from ..models.enums import ClaimType, Procedure
from ..models.reference import AverageWage, CalendarDay, MinimumWage, Setting
from . import audit
from . import claims as claims_service
from . import limitation as limitation_service
from .access import require
from .clocks import DAYS_SETTING, KIND_SETTING, rebuild_cache
from .complaint_effects import GROUP_SETTING, SINGLE_SETTING
from .complaint_effects import thresholds as complaint_thresholds
from .context import Actor
from .errors import ValidationFailed
from .lengths import length_errors
from .reference import json_setting, key_id, put_setting


def _admin_only(user: Actor) -> None:
    require(user, Permission.EDIT_REFERENCE)


# ---------------------------------------------------------------- calendar


def list_calendar_days(*, session: Session, user: Actor) -> list[CalendarDay]:
    return list(session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def set_calendar_day(*, session: Session, user: Actor, day: date | None, workday: bool, note: str,
                     today: date | None = None) -> int:
    """Add or correct one day; returns how many open cases had their deadlines worked out again."""
    _admin_only(user)
    errors = {}
    if day is None:
        errors["day"] = "请填写日期"
    if not note.strip():
        errors["note"] = "请填写依据，例如“国务院办公厅2027年部分节假日安排：春节”"
    else:
        errors.update(length_errors(CalendarDay, {"note": note.strip()}))
    if errors:
        raise ValidationFailed(errors)
    before = session.get(CalendarDay, day)
    old = audit.snapshot(before) if before else None
    session.merge(CalendarDay(day=day, workday=workday, note=note.strip()))
    audit.record(session, user_id=user.id, entity="calendar_day", entity_id=key_id("calendar_day", day), action="set",
                 before=old, after={"day": day, "workday": workday, "note": note.strip()})
    return rebuild_cache(session=session, today=today)


def remove_calendar_day(*, session: Session, user: Actor, day: date, today: date | None = None) -> int:
    _admin_only(user)
    row = session.get(CalendarDay, day)
    if row is None:
        raise ValidationFailed({"day": "该日期没有管理员设定"})
    audit.record(session, user_id=user.id, entity="calendar_day", entity_id=key_id("calendar_day", day),
                 action="delete",
                 before=audit.snapshot(row))
    session.execute(delete(CalendarDay).where(CalendarDay.day == day))
    return rebuild_cache(session=session, today=today)


# ---------------------------------------------------------------- day kinds and days


@dataclass(frozen=True)
class ClockSetting:
    key: str
    label: str
    source: str
    kind: DayKind  # in force
    default_kind: DayKind
    unsure: bool  # ⚠: the law files do not settle it
    days: int | None  # in force, for clocks whose days are a setting
    default_days: int | None


def clock_settings(*, session: Session, user: Actor) -> list[ClockSetting]:
    rows = {r.key: json.loads(r.value) for r in session.scalars(
        select(Setting).where(Setting.key.startswith("deadline.")))}
    out = []
    for rule in (*dl.CLOCKS, *dl.DATE_RULES):
        default_days = getattr(rule, "days", None) if rule.key in dl.UNSURE_DAYS else None
        out.append(ClockSetting(
            rule.key, rule.label, rule.source, DayKind(rows.get(KIND_SETTING + rule.key, rule.kind)), rule.kind,
            rule.key in dl.UNSURE_KINDS, rows.get(DAYS_SETTING + rule.key, default_days), default_days))
    return out


def set_clock_setting(*, session: Session, user: Actor, clock: str, kind: DayKind, days: int | None = None,
                      today: date | None = None) -> int:
    _admin_only(user)
    if clock not in dl.RULE_KEYS:
        raise ValidationFailed({"clock": "没有这个期限"})
    if days is not None and (clock not in dl.UNSURE_DAYS or not 1 <= days <= 365):
        raise ValidationFailed({"days": "天数应在 1 至 365 之间" if clock in dl.UNSURE_DAYS else "该期限的天数由法律规定"})
    for key, value in ((KIND_SETTING + clock, DayKind(kind).value), (DAYS_SETTING + clock, days)):
        if value is not None:
            put_setting(session, user.id, key, value)
    return rebuild_cache(session=session, today=today)


# ---------------------------------------------------------------- 拒不支付劳动报酬罪 amounts


@dataclass(frozen=True)
class ThresholdSettings:
    single: Decimal | None
    group: Decimal | None


def threshold_settings(*, session: Session, user: Actor) -> ThresholdSettings:
    t = complaint_thresholds(session)
    return ThresholdSettings(t.single, t.group)


def set_thresholds(*, session: Session, user: Actor, single: str, group: str) -> ThresholdSettings:
    """The province's figures of 法释〔2013〕3号 Art 3 (⚠ Guangdong's not found): each inside the
    national band, blank clears it."""
    _admin_only(user)
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | None] = {}
    for name, text, band in (("single", single, cm.SINGLE_BAND), ("group", group, cm.GROUP_BAND)):
        try:
            parsed[name] = v.parse_money(text)
        except ValueError as e:
            errors[name] = str(e)
            continue
        if msg := cm.threshold_error(parsed[name], band):
            errors[name] = msg
    if errors:
        raise ValidationFailed(errors)
    for name, key in (("single", SINGLE_SETTING), ("group", GROUP_SETTING)):
        put_setting(session, user.id, key, None if parsed[name] is None else str(parsed[name]))
    session.commit()
    return threshold_settings(session=session, user=user)


# ---------------------------------------------------------------- wages


def list_minimum_wages(*, session: Session, user: Actor) -> list[MinimumWage]:
    return list(session.scalars(select(MinimumWage).order_by(MinimumWage.city, MinimumWage.effective_from.desc())))


def list_average_wages(*, session: Session, user: Actor) -> list[AverageWage]:
    return list(session.scalars(select(AverageWage).order_by(AverageWage.region, AverageWage.year.desc())))


def _money(errors: dict[str, str], key: str, text: str) -> Decimal | None:
    try:
        amount = v.parse_money(text, required=True)
    except ValueError as e:
        errors[key] = str(e)
        return None
    if amount is not None and amount <= 0:
        errors[key] = "金额应大于零"
    return amount


def _need_source(errors: dict[str, str], source: str) -> None:
    if not source.strip():
        errors["source"] = "请填写发布文件或来源"


def _add(session: Session, user: Actor, row: MinimumWage | AverageWage) -> None:
    """Insert a reference row with its audit entry, in one transaction."""
    session.add(row)
    session.flush()
    audit.record(session, user_id=user.id, entity=row.__tablename__, entity_id=row.id, action="create",
                 after=audit.snapshot(row))
    session.commit()


def stale_minimum_wages(*, session: Session, user: Actor, today: date | None = None) -> list[tuple[str, date]]:
    """(city, date of its newest figure) for each city whose newest minimum wage is more than
    two years old."""
    newest = session.execute(select(MinimumWage.city, func.max(MinimumWage.effective_from))
                             .group_by(MinimumWage.city).order_by(MinimumWage.city)).all()
    return [(city, since) for city, since in newest if wage_is_stale(since, today or date.today())]


def add_minimum_wage(*, session: Session, user: Actor, city: str, monthly: str, effective_from: date | None,
                     source: str) -> None:
    _admin_only(user)
    errors: dict[str, str] = {}
    if not city.strip():
        errors["city"] = "请填写城市，例如 肇庆"
    amount = _money(errors, "monthly", monthly)
    if effective_from is None:
        errors["effective_from"] = "请填写执行日期"
    _need_source(errors, source)
    errors.update({k: m for k, m in length_errors(MinimumWage, {"city": city.strip(), "source": source.strip()}).items()
                   if k not in errors})
    if not errors and session.scalar(select(MinimumWage.id).where(
            MinimumWage.city == city.strip(), MinimumWage.effective_from == effective_from)):
        errors["effective_from"] = f"{city.strip()}该日期起的标准已录入"
    if errors:
        raise ValidationFailed(errors)
    _add(session, user, MinimumWage(city=city.strip(), monthly=amount, effective_from=effective_from,
                                    source=source.strip()))


def add_average_wage(*, session: Session, user: Actor, region: str, year: int, annual: str, source: str) -> None:
    _admin_only(user)
    errors: dict[str, str] = {}
    if not region.strip():
        errors["region"] = "请填写城市或“广东省”"
    amount = _money(errors, "annual", annual)
    if not 2000 <= year <= date.today().year:
        errors["year"] = "年度不正确"
    _need_source(errors, source)
    errors.update({k: m for k, m in length_errors(AverageWage, {"region": region.strip(), "source": source.strip()}).items()
                   if k not in errors})
    if not errors and session.scalar(select(AverageWage.id).where(
            AverageWage.region == region.strip(), AverageWage.year == year)):
        errors["year"] = f"{region.strip()}{year}年的数据已录入"
    if errors:
        raise ValidationFailed(errors)
    _add(session, user, AverageWage(region=region.strip(), year=year, annual=amount, source=source.strip()))


# ---------------------------------------------------------------- how the law is read (⚠ facts)


@dataclass(frozen=True)
class LegalOptions:
    """The office's choices where legal-rules.md marks a fact ⚠, each with its default."""

    final_money_types: frozenset[ClaimType]  # LDMAF 47(一): which money claims can be final (§4.8, §11.6)
    minimum_wage_date: str  # "award" or "application": whose date's minimum wage decides finality
    remuneration_types: frozenset[ClaimType]  # 劳动报酬 for the limitation of LDMAF 27(4) (§11)
    move_off_rest_days: bool  # 民法典 203: a limitation ending on a rest day moves to the next working day (§4.1)
    # 书面审理: the procedures whose award the tribunal may make on the papers (no ✅ rule; domain.decisions)
    paper_procedures: frozenset[Procedure] = DEFAULT_PAPER_PROCEDURES


def legal_options(*, session: Session, user: Actor) -> LegalOptions:
    types = json_setting(session, claims_service.MONEY_TYPES_SETTING)
    rules = limitation_service.rules(session)
    papers = json_setting(session, PAPERS_SETTING)
    return LegalOptions(
        final_money_types=DEFAULT_MONEY_TYPES if types is None else frozenset(ClaimType(t) for t in types),
        minimum_wage_date=json_setting(session, claims_service.WAGE_DATE_SETTING) or "award",
        remuneration_types=rules.remuneration, move_off_rest_days=rules.move_off_rest_days,
        paper_procedures=DEFAULT_PAPER_PROCEDURES if papers is None else frozenset(Procedure(p) for p in papers))


def set_legal_options(*, session: Session, user: Actor, final_money_types: set[ClaimType],
                      minimum_wage_date: str, remuneration_types: set[ClaimType],
                      move_off_rest_days: bool, paper_procedures: set[Procedure] | None = None) -> LegalOptions:
    """Store the office's choices, each audited; a choice equal to the default is stored as no
    setting, so the program's default (and a later correction of it) applies. ``paper_procedures``
    None keeps the current choice."""
    _admin_only(user)
    errors = {}
    if not set(final_money_types) <= MONEY_CHOICES:
        errors["final_money_types"] = "只能选择金钱给付类请求"
    if minimum_wage_date not in ("award", "application"):
        errors["minimum_wage_date"] = "请选择裁决作出之日或仲裁申请之日"
    if ClaimType.WAGES not in remuneration_types:
        errors["remuneration_types"] = "工资属于劳动报酬（劳动争议调解仲裁法第二十七条第四款），不能取消"
    elif not set(remuneration_types) <= MONEY_CHOICES:
        errors["remuneration_types"] = "只能选择金钱给付类请求"
    if paper_procedures is not None and not set(paper_procedures) <= set(PAPER_PROCEDURE_CHOICES):
        errors["paper_procedures"] = "只能选择普通程序、简易处理或集体争议"
    if errors:
        raise ValidationFailed(errors)
    default_rules = lim.LimitationRules()

    def stored(value: frozenset[ClaimType], default: frozenset[ClaimType]) -> list[str] | None:
        return None if value == default else sorted(t.value for t in value)

    chosen = {
        claims_service.MONEY_TYPES_SETTING: stored(frozenset(final_money_types), DEFAULT_MONEY_TYPES),
        claims_service.WAGE_DATE_SETTING: None if minimum_wage_date == "award" else minimum_wage_date,
        limitation_service.REMUNERATION_SETTING: stored(frozenset(remuneration_types), default_rules.remuneration),
        limitation_service.REST_DAY_SETTING: None if move_off_rest_days == default_rules.move_off_rest_days
        else move_off_rest_days,
    }
    if paper_procedures is not None:
        chosen[PAPERS_SETTING] = (None if frozenset(paper_procedures) == DEFAULT_PAPER_PROCEDURES
                                  else sorted(p.value for p in paper_procedures))
    for key, value in chosen.items():
        if json_setting(session, key) != value:
            put_setting(session, user.id, key, value)
    session.commit()
    return legal_options(session=session, user=user)
