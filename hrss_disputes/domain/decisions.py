"""The tribunal's decision on each claim item (裁决结果), and what an award needs before it is made.

LDMAF Art 46 (legal-rules.md §4.7 ✅): an award states the claims and the result on them; an
award is therefore made only when every item has a decision (支持, 部分支持 with the amount,
驳回 with the reason), never by default. It is made after a hearing (LDMAF Art 35 ✅ 开庭) or,
where this office allows it, on the papers (书面审理): the law files hold no ✅ rule on deciding
on the papers, so which procedures may be is this office's setting (PAPERS_SETTING, default
简易处理 only, Rules2017 Art 60 ◐ letting the tribunal set the procedure of a simplified case).
Pure: no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..models.enums import CaseStatus, ClaimDecision, ClaimType, Procedure
from .validators import parse_money

D = ClaimDecision
MONEYLESS: frozenset[ClaimType] = frozenset({ClaimType.CONFIRM_RELATIONSHIP})  # decided, never paid

# ⚠ setting (no ✅ rule): the procedures whose award may be made on the papers, without a hearing
PAPERS_SETTING = "award.paper_procedures"
DEFAULT_PAPER_PROCEDURES: frozenset[Procedure] = frozenset({Procedure.SIMPLIFIED})
PAPER_PROCEDURE_CHOICES: tuple[Procedure, ...] = (Procedure.ORDINARY, Procedure.SIMPLIFIED, Procedure.COLLECTIVE)
PAPERS_BASIS = ("本机构设置（法律未明文规定劳动人事争议仲裁可书面审理；仲裁规则第六十条许简易处理案件由仲裁庭"
                "根据案件情况确定审理程序），可在“设置 → 参考数据 → 法律适用”中更改")


# the tribunal decides once it is formed (LDMAF 31) and while it hears the case; once the award is
# made it holds the decisions (LDMAF 46), and a written or calculation error in it is corrected by
# a 补正 of the award paper; a case withdrawn, mediated or ended otherwise is not decided
DECIDING_STATES: frozenset[CaseStatus] = frozenset({
    CaseStatus.TRIBUNAL_FORMED, CaseStatus.HEARING, CaseStatus.SUSPENDED})
AWARDED_REFUSAL = ("本案已作出裁决，请求事项的裁决结果和裁决金额以裁决为准，不再更改；裁决书中的文字、计算错误，"
                   "请在“文书”中对仲裁裁决书作出补正")


def deciding_refusal(status: CaseStatus) -> str | None:
    """Why the claims of a case in ``status`` take no decision now; None when they may."""
    if status in DECIDING_STATES:
        return None
    if status in (CaseStatus.RECEIVED, CaseStatus.ACCEPTED):
        return "仲裁庭组成后才能对请求事项作出裁决（劳动争议调解仲裁法第三十一条）"
    if status is CaseStatus.AWARDED:
        return AWARDED_REFUSAL
    return f"本案已“{status.label}”，仲裁庭不再对请求事项作出裁决"


@dataclass(frozen=True)
class Decided:
    """A decision ready to store: the amount awarded (None: no money) and the reason kept."""

    decision: ClaimDecision
    amount: Decimal | None
    reason: str


def _money(text: str | Decimal | None) -> Decimal | None | str:
    """The amount typed, or the validator's message (str)."""
    try:
        value = parse_money(text)
    except ValueError as e:
        return str(e)
    return None if value is None else value.quantize(Decimal("0.01"))


def check_decision(claim_type: ClaimType, claimed: Decimal | None, decision: str | None,
                   amount: str | Decimal | None, reason: str | None) -> Decided | dict[str, str]:
    """The decision as stored, or the field errors (``decision``, ``amount``, ``reason``) in Chinese.

    支持: the amount claimed is the amount awarded (typed or not); with no amount claimed one may be
    given. 部分支持: an amount above 0 and, when an amount was claimed, below it. 驳回: a reason; no
    amount. 确认劳动关系 is supported or rejected, never paid."""
    try:
        chosen = ClaimDecision(decision or "")
    except ValueError:
        return {"decision": "请选择裁决结果：支持、部分支持或驳回"}
    why = (reason or "").strip()
    money = _money(amount)
    if isinstance(money, str):
        return {"amount": money}
    if chosen is D.REJECTED:
        if not why:
            return {"reason": "驳回的，请填写驳回理由（写入裁决书“本委认为”）"}
        if money:
            return {"amount": "驳回的请求不裁决支付金额，请清空裁决金额"}
        return Decided(chosen, Decimal("0.00") if claim_type not in MONEYLESS else None, why)
    if claim_type in MONEYLESS:
        if chosen is D.PARTIAL:
            return {"decision": f"{claim_type.label}只能支持或驳回"}
        return Decided(chosen, None, why)
    if chosen is D.SUPPORTED:
        if claimed is not None and money is not None and money != claimed:
            return {"amount": f"支持的，裁决金额即请求金额 {claimed:,.2f} 元；金额不同的请选择部分支持"}
        return Decided(chosen, claimed if claimed is not None else money, why)
    if money is None:
        return {"amount": "部分支持的，请填写裁决支付的金额"}
    if money <= 0:
        return {"amount": "部分支持的，裁决金额须大于 0；不支持的请选择驳回"}
    if claimed is not None and money >= claimed:
        return {"amount": f"部分支持的，裁决金额须少于请求金额 {claimed:,.2f} 元；全部支持的请选择支持"}
    return Decided(chosen, money, why)


def undecided_message(position: int, what: str) -> str:
    """``position`` counts from 1, as the award lists the claims."""
    return f"第{position}项“{what}”尚未作出裁决：请在请求事项中选择支持、部分支持或驳回"


def undecided(items: Iterable[tuple[str, str | None]]) -> list[str]:
    """The message for each (label, decision) item without a decision, in claim order."""
    return [undecided_message(i, label) for i, (label, decision) in enumerate(items, 1) if not decision]


def hearing_error(procedure: Procedure, heard: bool, on_papers: bool,
                  paper_procedures: Iterable[Procedure] = DEFAULT_PAPER_PROCEDURES) -> str | None:
    """Why an award cannot yet be made: neither a hearing held nor a recorded decision to decide
    on the papers (one allowed for the procedure); None when it can."""
    if heard:
        return None
    if on_papers and procedure in frozenset(paper_procedures):
        return None
    if procedure in frozenset(paper_procedures):
        return ("尚未开庭审理，也未决定书面审理：请先登记“开庭审理”，或由仲裁庭“决定书面审理”并写明理由"
                "（劳动争议调解仲裁法第三十五条）")
    return (f"尚未开庭审理：请先登记“开庭审理”（劳动争议调解仲裁法第三十五条）；{procedure.label}案件不适用书面审理"
            f"（{PAPERS_BASIS}）")


def papers_refusal(procedure: Procedure, paper_procedures: Iterable[Procedure] = DEFAULT_PAPER_PROCEDURES) -> str | None:
    """Why the tribunal may not decide this procedure's case on the papers; None when it may."""
    if procedure in frozenset(paper_procedures):
        return None
    allowed = "、".join(p.label for p in PAPER_PROCEDURE_CHOICES if p in frozenset(paper_procedures)) or "无"
    return f"{procedure.label}案件不适用书面审理（可书面审理的程序：{allowed}；{PAPERS_BASIS}）"
