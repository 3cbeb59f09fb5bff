"""更正 of a wrong step (issue 19.5): which steps can be struck out (撤销此步骤) or re-dated
(更正日期), and why not. Pure rules, no database: services.corrections applies them.

A step is never deleted or edited: a correction is a new 更正 event and the struck step keeps its
row, marked ``corrected_by``. What a step wrote elsewhere is undone only where it can be undone
cleanly; a step whose effect cannot be reverted is refused here with the reason in Chinese.
"""

from __future__ import annotations

from datetime import date

from ..models.enums import EventKind, Role
from .issuing import FOLLOWS

STRIKE = "strike"  # 撤销此步骤: the step was never taken
REDATE = "redate"  # 更正日期: the same step on the right date
HOW = ((STRIKE, "撤销此步骤"), (REDATE, "更正日期"))

# events that are no step of the procedure: the "latest live step" is counted without them
NOT_STEPS: frozenset[EventKind] = frozenset({
    EventKind.NOTE, EventKind.DOCUMENT_ISSUED, EventKind.CORRECTED, EventKind.EDITED, EventKind.CLAIM_ADDED,
    EventKind.APPROVAL_REQUESTED, EventKind.APPROVAL_REFUSED,
})

_RECORDS = "请记录新的步骤说明情况"
# never corrected here, either way
NEVER: dict[EventKind, str] = {
    EventKind.RECEIVED: "收案是案件的起点，不能更正；收案日期有误的，请在“编辑案件信息”中修改",
    EventKind.CORRECTED: "更正记录本身不能再更正",
    EventKind.DOCUMENT_ISSUED: "已签发的文书不能撤销或改动；内容有误的，请以补正重新签发",
    EventKind.EDITED: "案件信息的修改记录不能更正；请再次编辑案件信息",
    EventKind.CLAIM_ADDED: "增加请求事项的记录不能更正；请在“请求事项”中修改",
    EventKind.APPROVAL_REQUESTED: "审批申请由审批处理，不能更正",
    EventKind.APPROVAL_REFUSED: "审批决定不能更正",
    EventKind.REFERRED: "转仲裁/移送已生成了另一个案件，不能撤销或更正日期；" + _RECORDS,
}
# struck out never (their dates may be corrected)
NO_STRIKE: dict[EventKind, str] = {
    EventKind.ACCEPTED: "受理给了案件案号，不能撤销；受理日期有误的，可在同一年度内更正日期",
    EventKind.FILED: "立案给了案件案号，不能撤销；立案日期有误的，可在同一年度内更正日期",
    EventKind.COMPENSATION_ORDERED: "责令加付赔偿金已改写了各劳动者的赔偿金数额，不能撤销；" + _RECORDS,
}
_MONEY = "已记录的款项不能撤销或更正日期（款项记录不删除）；" + _RECORDS
_BLACKLIST = "失信名单的提请、列入、移出已写入名单记录，不能撤销或更正日期；" + _RECORDS
# neither struck out nor re-dated: what they wrote cannot be reverted cleanly
FIXED: dict[EventKind, str] = {
    EventKind.PAYMENT: _MONEY,
    EventKind.EMERGENCY_ADVANCE: _MONEY,
    EventKind.ADVANCE_RECOVERED: _MONEY,
    EventKind.BLACKLIST_PROPOSED: _BLACKLIST,
    EventKind.BLACKLISTED: _BLACKLIST,
    EventKind.BLACKLIST_REMOVED: _BLACKLIST,
}
# re-dated never (they may be struck out)
NO_REDATE: dict[EventKind, str] = {
    EventKind.SERVED: "送达日期按各受送达人的签收日期记录：请撤销此步骤后重新登记送达",
}

# the papers each step makes (签发 of them): once one is issued after the step, the step cannot
# be struck out (an issued paper is immutable; a wrong date is re-dated, then the paper 补正).
# Read from domain.issuing (the step(s) each paper follows, which it prints the facts of), so a
# paper added there is covered here; besides them, the papers made by a step they do not follow:
MADE_BY_STEP: dict[str, tuple[EventKind, ...]] = {
    "administrative_decision": (EventKind.PENALTY,),  # follows the order, made by the 行政处罚决定
    "suspension_approval": (EventKind.SUSPENDED,), "extension_approval": (EventKind.EXTENDED,),  # 审批表
}
# papers no step makes: a 送达回证 is printed for whatever paper is served (its 送达 is struck freely)
NO_STEP: frozenset[str] = frozenset({"service_receipt"})
PAPERS: dict[str, frozenset[EventKind]] = {
    doc: frozenset(FOLLOWS.get(doc, ())) | frozenset(MADE_BY_STEP.get(doc, ()))
    for doc in (*FOLLOWS, *MADE_BY_STEP)
}


def kind_refusal(kind: EventKind, how: str) -> str | None:
    """Why a step of this kind cannot be corrected this way (``STRIKE`` or ``REDATE``); None when
    the kind allows it (the service checks the case's own facts besides)."""
    if kind in NEVER:
        return NEVER[kind]
    if kind in FIXED:
        return FIXED[kind]
    if how == STRIKE:
        return NO_STRIKE.get(kind)
    return NO_REDATE.get(kind)


def who_refusal(role: Role, recorded_by_me: bool, recorded_day: date, today: date) -> str | None:
    """Who corrects: the person who recorded the step on the day they recorded it, a supervisor
    (领导) afterwards. None when this user may."""
    if role is Role.SUPERVISOR or (recorded_by_me and recorded_day == today):
        return None
    if recorded_by_me:
        return f"该步骤记录于 {recorded_day.isoformat()}，记录当日之后只能由领导更正"
    return "只有记录该步骤的人员（当日）或领导可以更正"


def accepted_year_error(kind: EventKind, old: date, new: date) -> str | None:
    """受理/立案 gave the case its number in the year of its date: a new date stays in that year."""
    if kind in (EventKind.ACCEPTED, EventKind.FILED) and new.year != old.year:
        return f"案号按{kind.label}年度（{old.year}年）编号，更正后的日期须在同一年度内"
    return None
