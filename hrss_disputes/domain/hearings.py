"""When a hearing may be set (确定开庭): the hearing notice must reach the parties the required
days before it (LDMAF 35: 仲裁庭应当在开庭五日前，将开庭日期、地点书面通知双方当事人).

The law has no waiver: the parties' consent does not shorten the five days (a party may only ask
three days before for a postponement), so a hearing earlier than the decision day plus the notice
days is refused. The days and their kind are the ``hearing_notice`` date rule's (domain/deadlines.py),
the kind being the office's setting (⚠ legal-rules.md §8.1).
"""

from __future__ import annotations

from datetime import date, timedelta

from hrss_disputes.domain.calendar import DayKind, WorkCalendar
from hrss_disputes.domain.deadlines import DATE_RULES

NOTICE_RULE = next(r for r in DATE_RULES if r.key == "hearing_notice")


def earliest_hearing(decided_on: date, cal: WorkCalendar, kind: DayKind, days: int = NOTICE_RULE.before_days) -> date:
    """The first hearing day whose notice can still be served in time when it is decided on
    ``decided_on``: the latest day to serve (``days`` before the hearing) is not before the decision."""
    day = decided_on + timedelta(days=1)
    while cal.days_before(day, days, kind) < decided_on:
        day += timedelta(days=1)
    return day


WEEKDAYS = "一二三四五六日"


def notice_basis(kind: DayKind) -> str:
    """Where the five days and their kind come from: LDMAF 35 says 开庭五日前; whether they are
    working days is the office's setting, its default the Rules2017 reading (⚠ legal-rules.md §8.1)."""
    if kind is DayKind.WORKING:
        return "劳动争议调解仲裁法第三十五条“开庭五日前”；本委设定按工作日计算（仲裁规则的读法，待核实）"
    return "劳动争议调解仲裁法第三十五条“开庭五日前”；本委设定按自然日计算"


def first_workday(day: date, cal: WorkCalendar) -> date:
    """The day itself when it is a working day, else the next working day."""
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def hearing_date_error(decided_on: date, hearing_on: date, cal: WorkCalendar, kind: DayKind,
                       days: int = NOTICE_RULE.before_days) -> str | None:
    """A hearing too soon to notify the parties (LDMAF 35), with the first possible day and, when
    that is a rest day, the first working day after it."""
    first = earliest_hearing(decided_on, cal, kind, days)
    if hearing_on >= first:
        return None
    msg = (f"开庭通知须在开庭{days}个{kind.label}前送达双方当事人（{notice_basis(kind)}），"
           f"{decided_on.isoformat()}决定的开庭最早为 {first.isoformat()}")
    if (workday := first_workday(first, cal)) != first:
        msg += f"（星期{WEEKDAYS[first.weekday()]}，{cal.info(first).name or '休息日'}），建议定于其后第一个工作日 {workday.isoformat()}"
    return msg


# ---------------------------------------------------------------- the time of a hearing

POSTPONE_REQUEST_DAYS = 3  # LDMAF 35: 当事人有正当理由的，可以在开庭三日前请求延期开庭
POSTPONE_BASIS = "劳动争议调解仲裁法第三十五条"
DAY_START, DAY_END = 7 * 60, 21 * 60  # a hearing sits between 07:00 and 21:00 (a booking's sanity bounds)
MINUTES_MIN, MINUTES_MAX = 15, 480


def parse_time(text: object) -> int | None:
    """"09:30" → 570 minutes after midnight; None for anything that is not a time of day."""
    if not isinstance(text, str):
        return None
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        return None
    h, m = int(parts[0]), int(parts[1])
    return h * 60 + m if 0 <= h < 24 and 0 <= m < 60 else None


def time_text(minutes: int) -> str:
    """570 → "09:30"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def span_text(starts: int, minutes: int) -> str:
    """"09:30–11:00"."""
    return f"{time_text(starts)}–{time_text(starts + minutes)}"


def time_cn(starts: int) -> str:
    """The time as a paper says it: 570 → "上午9时30分", 870 → "下午2时30分", 540 → "上午9时"."""
    h, m = divmod(starts, 60)
    half = "上午" if h < 12 else "下午"
    h = h if h <= 12 else h - 12
    return f"{half}{h}时{m}分" if m else f"{half}{h}时"


def starts_error(starts: int | None) -> str | None:
    """Why a typed start is not a hearing's time."""
    if starts is None:
        return "开庭时间应为“时:分”，例如 09:30"
    if not DAY_START <= starts <= DAY_END - MINUTES_MIN:
        return f"开庭时间应在 {time_text(DAY_START)} 至 {time_text(DAY_END - MINUTES_MIN)} 之间"
    return None


def ends_error(starts: int | None, minutes: object) -> str | None:
    """A hearing that would run past the day's end (DAY_END): refused at its length."""
    if starts is None or not isinstance(minutes, int) or isinstance(minutes, bool) or starts + minutes <= DAY_END:
        return None
    return (f"开庭须在 {time_text(DAY_END)} 前结束：{time_text(starts)} 开庭，最长 {DAY_END - starts} 分钟"
            f"（现为 {time_text(starts)}–{time_text(starts + minutes)}）")


def day_warnings(day: date, cal: WorkCalendar) -> list[str]:
    """What the booking form warns of about the day itself (it does not refuse): a weekend or a
    holiday, or a day of a year whose holiday schedule the calendar does not know yet."""
    info = cal.info(day)
    out = []
    if not info.workday:
        out.append(f"{day.isoformat()}（星期{WEEKDAYS[day.weekday()]}）是{info.name or '休息日'}，不是工作日")
    if not info.confirmed:
        out.append(f"{day.isoformat()} 所在年度的节假日安排日历中尚无（国务院通知公布后由管理员补录），是否工作日未经确认")
    return out


def overlaps(a_starts: int, a_minutes: int, b_starts: int, b_minutes: int) -> bool:
    """Two bookings of one day overlap when each begins before the other ends; one ending at
    10:00 and the next beginning at 10:00 only touch."""
    return a_starts < b_starts + b_minutes and b_starts < a_starts + a_minutes


def postpone_request_error(requested_on: date, hearing_on: date, cal: WorkCalendar, kind: DayKind,
                           days: int = POSTPONE_REQUEST_DAYS) -> str | None:
    """A party's request to postpone made later than three days before the hearing (LDMAF 35),
    counted like the hearing notice's days (same article, the office's day kind)."""
    latest = cal.days_before(hearing_on, days, kind)
    if requested_on <= latest:
        return None
    return (f"当事人应在开庭{days}个{kind.label}前请求延期开庭（{POSTPONE_BASIS}）：本次开庭为 "
            f"{hearing_on.isoformat()}，最迟 {latest.isoformat()} 提出。逾期的申请，仲裁委员会认为确有必要延期的，"
            "不选申请人，按依职权决定延期登记")
