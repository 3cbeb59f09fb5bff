"""What goes into a case paper: the case's fields, lists and signers worked out for a template.

``draft`` returns the documents.render.Paper(s) for a document type; an award whose items are
partly final and partly not becomes two papers, each with its items and its rights paragraph
(Rules2017 Art 50 ⚠, legal-rules.md §4.8), whose wording the template holds (终局权利告知 …). Nothing here writes: issuing is services.documents.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..documents.paper import Paper, SheetRow, SheetSection
from ..documents.template import Template, load
from ..domain import element_sheet as es
from ..domain.chinese_text import date_cn, rmb
from ..domain.claims import element_labels
from ..domain.finality import recorded_types
from ..domain.hearings import time_cn
from ..domain.workflows import SUSPENSION_GROUNDS
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import (
    CaseFamily,
    CasePartyRole,
    Cause,
    ClaimDecision,
    ClaimType,
    EventKind,
    PartyKind,
    Sex,
)
from ..models.office import AppUser, Office
from . import claims as claim_service
from .cases import CaseDetail, ClaimView, _load_case, paper_detail
from .context import Actor
from .element_positions import ElementSheetView, case_sheet
from .errors import ValidationFailed
from .tribunal import recusal_paper_values, tribunal_names

_MONEYLESS = {ClaimType.CONFIRM_RELATIONSHIP}
SHEET_COLUMNS = 3  # parties the 要素表 gives a column each (A4 portrait)


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str
    family: CaseFamily


def _ymd(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def commission_name(office_name: str) -> str:
    """Papers of an institute go out in the commission's name (仲裁院 → 仲裁委员会)."""
    return office_name.replace("劳动人事争议仲裁院", "劳动人事争议仲裁委员会")


def _latest(events: list[CaseEvent], kind: EventKind) -> tuple[CaseEvent | None, dict[str, Any]]:
    for e in reversed(events):
        if e.kind == kind:
            return e, json.loads(e.data) if e.data else {}
    return None, {}


def _tribunal(names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    if not names:
        return "", []
    if len(names) == 1:
        return f"由仲裁员{names[0]}独任仲裁", [("仲裁员", names[0])]
    return (f"由首席仲裁员{names[0]}、仲裁员{'、'.join(names[1:])}组成",
            [("首席仲裁员", names[0]), *(("仲裁员", n) for n in names[1:])])


def _party_line(role: str, p: Any) -> str:
    if PartyKind(p.kind) is PartyKind.ORGANISATION:
        parts = [p.name]
        if p.address:
            parts.append(f"住所地{p.address}")
        if p.credit_code:
            parts.append(f"统一社会信用代码{p.credit_code}")
        text = f"{role}：{'，'.join(parts)}。"
        return text + (f"\n法定代表人：{p.legal_rep}。" if p.legal_rep else "")
    parts = [p.name]
    if p.sex:
        parts.append(Sex(p.sex).label)
    if p.birth_date:
        parts.append(f"{_ymd(p.birth_date)}出生")
    if p.id_doc_number:
        parts.append(f"公民身份号码{p.id_doc_number}")
    if p.address:
        parts.append(f"住{p.address}")
    return f"{role}：{'，'.join(parts)}。"


def _what(c: ClaimView) -> str:
    """The claim type as running text names it: 劳动报酬（工资） → 劳动报酬."""
    return c.claim_type.label.split("（")[0]


def _claim_text(c: ClaimView, respondent: str) -> str:
    period = f"{_ymd(c.period_from)}至{_ymd(c.period_to)}期间的" if c.period_from and c.period_to else ""
    if c.claim_type in _MONEYLESS:
        return "请求确认申请人与被申请人之间存在劳动关系" + (f"（{c.description}）" if c.description else "") + "；"
    what = _what(c)
    amount = f"{rmb(c.amount_claimed)}" if c.amount_claimed else ""
    extra = f"（{c.description}）" if c.description else ""
    return f"请求裁决{respondent}支付{period}{what}{amount}{extra}；"


def decision_text(c: ClaimView) -> str:
    """The tribunal's decision on the item as the claims tab and the award dialog show it."""
    if c.decision is None:
        return "尚未裁决"
    if c.decision is ClaimDecision.REJECTED:
        return f"驳回：{c.decision_reason}"
    amount = f" {c.amount_resolved:,.2f}元" if c.amount_resolved is not None and c.claim_type not in _MONEYLESS else ""
    return c.decision.label + amount + (f"（{c.decision_reason}）" if c.decision_reason else "")


def _award_items(items: list[ClaimView], applicant: str, respondent: str, term: str,
                 positions: dict[uuid.UUID, int] | None = None) -> list[str]:
    """The 裁决项 as the tribunal decided each item: 支持 and 部分支持 ordered paid (a 部分支持 then
    驳回其他请求), 驳回 dismissed by name. What is dismissed is always named (驳回申请人关于经济补偿的
    其他仲裁请求), never a bare 驳回申请人的其他仲裁请求: one paper of a split award (Rules2017 50) read
    alone would seem to dismiss what its companion grants. An item without a decision is never
    printed as dismissed: it is marked for the preview (issuing refuses it)."""
    out: list[str] = []
    dismissed: list[str] = []
    partial: list[str] = []  # 部分支持: the rest of the claim is dismissed
    for i, c in enumerate(items, 1):
        if c.decision is None:
            out.append(f"【第{(positions or {}).get(c.id, i)}项“{_what(c)}”尚未作出裁决】")
        elif c.decision is ClaimDecision.REJECTED:
            dismissed.append(_what(c))
        elif c.claim_type in _MONEYLESS:
            out.append(f"确认申请人{applicant}与被申请人{respondent}之间存在劳动关系。")
        elif c.amount_resolved is not None and c.amount_resolved > 0:
            if c.decision is ClaimDecision.PARTIAL:
                partial.append(_what(c))
            out.append(f"被申请人{respondent}{term}向申请人{applicant}支付{_what(c)}{rmb(c.amount_resolved)}。")
        else:  # supported, no money claimed (社会保险 and the like): the claim as made
            extra = f"（{c.description}）" if c.description else ""
            out.append(f"支持申请人关于{_what(c)}{extra}的仲裁请求。")
    whole, rest = "、".join(dict.fromkeys(dismissed)), "、".join(dict.fromkeys(partial))
    if dismissed and partial:
        out.append(f"驳回申请人关于{whole}的仲裁请求及关于{rest}的其他仲裁请求。")
    elif dismissed:
        out.append(f"驳回申请人关于{whole}的仲裁请求。")
    elif partial:
        out.append(f"驳回申请人关于{rest}的其他仲裁请求。")
    return out


def _reasons(items: tuple[ClaimView, ...] | list[ClaimView]) -> list[tuple[str, str]]:
    """(reason as recorded, its sentence in 本委认为) of each 驳回, and of a 部分支持 given a reason."""
    out = []
    for c in items:
        reason = (c.decision_reason or "").strip().rstrip("。；;，,")
        if c.decision is ClaimDecision.REJECTED:
            out.append((reason, f"关于{_what(c)}的请求：{reason}，本委不予支持。"))
        elif c.decision is ClaimDecision.PARTIAL and reason:
            out.append((reason, f"关于{_what(c)}的请求：{reason}，本委予以部分支持。"))
    return out


def with_reasons(reasoning: str, items: tuple[ClaimView, ...] | list[ClaimView]) -> str:
    """本委认为 as written, with each reason recorded on a decision that the text does not already
    state added after it: a 驳回 always says why in the reasoning."""
    missing = [line for reason, line in _reasons(items) if reason not in reasoning]
    return "\n".join(filter(None, [reasoning.strip(), *missing]))


def _agreement_items(items: tuple[ClaimView, ...], applicant: str, respondent: str, perform_by: str) -> list[str]:
    by = f"于{perform_by}前" if perform_by else ""
    out = [f"被申请人{respondent}{by}向申请人{applicant}支付{_what(c)}{rmb(c.amount_resolved)}。"
           for c in items if c.amount_resolved and c.amount_resolved > 0]
    out.append("双方就本案劳动争议再无其他争议。")
    return out


def writing_drafts(detail: CaseDetail, sheet: ElementSheetView | None = None) -> dict[str, str]:
    """Starting drafts for the 填写 sections, from the claim elements (要素式). With the parties'
    stances (要素确认, ``sheet``), 本委查明 starts from the elements both confirmed (双方确认：…)
    and names the disputed ones for the tribunal's finding."""
    lines = []
    for c in detail.claims:
        labels = element_labels(c.claim_type, c.elements)
        if labels:
            lines.append(f"关于{_what(c)}：" + "；".join(f"{k}{v}" for k, v in labels) + "。")
    found = "\n".join(lines)
    confirmed = sheet.findings() if sheet is not None else ""
    return {"本委查明": confirmed or found, "案件事实": found, "事实与理由及被申请人答辩": detail.summary,
            "本委认为": "\n".join(line for _reason, line in _reasons(detail.claims))}


def case_writing_drafts(session: Session, case: DisputeCase, detail: CaseDetail) -> dict[str, str]:
    """``writing_drafts`` with the case's element sheet (callers have loaded the case)."""
    return writing_drafts(detail, case_sheet(session, case) if case.family == CaseFamily.ARBITRATION else None)


def drafted_writings(*, session: Session, user: Actor, case_id: uuid.UUID) -> dict[str, str]:
    """For the paper dialog: the starting drafts of the 填写 sections of the case's papers."""
    case = _load_case(session, user, case_id)
    return case_writing_drafts(session, case, paper_detail(session, user, case_id))


def _sheet_paper(sheet: ElementSheetView) -> tuple[list[SheetSection], list[str]]:
    """The 要素表's sections and party columns, with each stance recorded (确认 / 有争议：…). More
    parties than fit across an A4 page (a collective case): one column per side, left blank."""
    if len(sheet.parties) > SHEET_COLUMNS:
        return [SheetSection(c.heading, tuple(SheetRow(r.label, r.facts, r.known) for r in c.rows))
                for c in sheet.claims], ["申请人", "被申请人"]
    parties = [f"{p.role_label}{p.name}" for p in sheet.parties]
    sections = []
    for c in sheet.claims:
        rows = []
        for r in c.rows:
            stances = []
            for p in sheet.parties:
                pos = r.positions.get(p.id)
                stances.append("" if pos is None else pos.stance.label + (f"：{pos.note}" if pos.note else ""))
            rows.append(SheetRow(r.label, r.facts, r.known, tuple(stances)))
        sections.append(SheetSection(c.heading, tuple(rows)))
    return sections, parties


def _element_lists(sheet: ElementSheetView) -> dict[str, list[str]]:
    """The 庭审笔录's lists: the disputed elements (the hearing's focus), the confirmed ones, the
    ones nobody has spoken to yet."""
    sections, parties = sheet.sections(), len(sheet.parties)
    return {"争议要素": es.disputed_lines(sections), "确认要素": es.confirmed_lines(sections, parties),
            "待询要素": es.open_lines(sections, parties)}


def draft(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str,
          writings: dict[str, str] | None = None, recipient: str | None = None,
          issue_date: date | None = None, template_dir: Any = None) -> list[Paper]:
    """The paper(s) of ``doc_type`` for the case; an award with both final and non-final items is two."""
    template = load(doc_type, template_dir)
    case = _load_case(session, user, case_id)
    return draft_from(session=session, user=user, case=case, detail=paper_detail(session, user, case_id),
                      template=template, writings=writings, recipient=recipient, issue_date=issue_date)


def draft_from(*, session: Session, user: Actor, case: DisputeCase, detail: CaseDetail, template: Template,
               writings: dict[str, str] | None = None, recipient: str | None = None,
               issue_date: date | None = None, finality: dict[uuid.UUID, bool] | None = None) -> list[Paper]:
    """``draft`` for a caller that already holds the case, its detail and the template.
    ``finality``: the tribunal's decision (终局 True / 非终局 False) for items whose finality the
    program cannot determine; an undecided one is drafted as non-final (issuing refuses it)."""
    if CaseFamily(case.family).value != template.family:
        raise ValidationFailed({"doc_type": f"{CaseFamily(case.family).label}不能制作{template.title}"})
    case_id = case.id
    issue_date = issue_date or date.today()
    values, signers = _values(session, case, template, recipient, issue_date)
    applicant, respondent = case.applicant_names, case.respondent_names
    # the element sheet (要素式): the 要素表, the 庭审笔录's lists, the award's 本委查明 draft
    sheet = case_sheet(session, case) if case.family == CaseFamily.ARBITRATION else None
    writings = {**writing_drafts(detail, sheet), **(writings or {})}
    claimed = [_claim_text(c, respondent) for c in detail.claims]
    lists: dict[str, list[str]] = {
        "仲裁请求": claimed, "投诉请求": claimed,
        "调解协议": _agreement_items(detail.claims, applicant, respondent, values["协议履行期限"]),
        # for an office's own template: each claim the tribunal dismissed, with its reason
        "驳回请求": [f"{_what(c)}（{c.decision_reason}）" for c in detail.claims if c.decision is ClaimDecision.REJECTED],
        **(_element_lists(sheet) if sheet is not None else {}),
    }
    issuer = values["仲裁委员会"] if template.family == CaseFamily.ARBITRATION else values["机构名称"]
    base = dict(template=template, issuer=issuer, number=case.case_number, issue_date=issue_date, values=values,
                parties=_parties(detail), writings=writings, signers=signers)
    if sheet is not None and "要素表" in {b.kind for b in template.blocks}:
        sections, columns = _sheet_paper(sheet)
        base.update(sheet=tuple(sections), sheet_parties=tuple(columns))
    if "裁决项" not in template.lists() and "权利告知" not in {b.kind for b in template.blocks}:
        return [Paper(lists=lists, **base)]
    report = claim_service.award_finality(session=session, user=user, case_id=case_id, today=issue_date,
                                          drafting=True)
    decided = {c.id: f.final if f.final is not None else (finality or {}).get(c.id, False) for c, f in report.items}
    if len(made := _award_made_as(session, case_id)) == 1:  # a wholly final or non-final award already made
        decided = dict.fromkeys(decided, next(iter(made)))
    final = [c for c, _f in report.items if decided[c.id]]
    other = [c for c, _f in report.items if not decided[c.id]]
    term = template.wording.get("履行期限", "")

    positions = {c.id: i for i, c in enumerate(detail.claims, 1)}
    base.pop("writings")

    def award(items: list[ClaimView], is_final: bool, note: str = "") -> Paper:
        """One paper with its own items: the reasons added to 本委认为 and the 驳回请求 list are of
        the items this paper decides, not of its companion's (Rules2017 50)."""
        rights = template.wording.get("终局权利告知" if is_final else "非终局权利告知", "")
        own = dict(writings)
        if "本委认为" in own:  # the reasons the tribunal recorded on its decisions are stated
            # the drafted sentence of an item the companion paper decides (writing_drafts) is left out
            theirs = {line for _r, line in _reasons([c for c in detail.claims if c not in items])}
            kept = "\n".join(line for line in own["本委认为"].splitlines() if line.strip() not in theirs)
            own["本委认为"] = with_reasons(kept, items)
        dismissed = [f"{_what(c)}（{c.decision_reason}）" for c in items if c.decision is ClaimDecision.REJECTED]
        return Paper(lists={**lists, "驳回请求": dismissed,
                            "裁决项": _award_items(items, applicant, respondent, term, positions)},
                     rights=rights, final=is_final, title_note=note, writings=own, **base)

    if final and other:  # two documents, each with its own items and remedy
        return [award(final, True, "（终局裁决）"), award(other, False, "（非终局裁决）")]
    return [award(list(detail.claims), bool(final) and not other)]


def _award_made_as(session: Session, case_id: uuid.UUID) -> frozenset[bool]:
    """The types of the award already made: the issued papers in force (SPC-I Art 18: the type the
    award states governs), else the 作出裁决 entry (finality.recorded_types: an award recorded by
    the older program, typed by hand); empty while none is made. The award's 样稿 and its 补正
    keep that type rather than working it out anew from amounts an old award never recorded."""
    from .documents import current_award_types  # documents drafts through this module

    issued = {t for t in current_award_types(session, case_id) if t is not None}
    if issued:
        return frozenset(issued)
    made = session.scalars(select(CaseEvent.data).where(CaseEvent.case_id == case_id, CaseEvent.corrected_by.is_(None),
                                                        CaseEvent.kind == EventKind.AWARDED)
                           .order_by(CaseEvent.occurred_on.desc(), CaseEvent.recorded_at.desc())).first()
    return frozenset(recorded_types(json.loads(made))) if made else frozenset()


def _events(session: Session, case_id: uuid.UUID) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.corrected_by.is_(None))
                                .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)))


def _parties(detail: CaseDetail) -> list[str]:
    labels = {CasePartyRole.APPLICANT: "申请人", CasePartyRole.RESPONDENT: "被申请人",
              CasePartyRole.THIRD_PARTY: "第三人", CasePartyRole.REPRESENTATIVE: "代表人",
              CasePartyRole.AGENT: "委托代理人"}
    if detail.family is CaseFamily.COMPLAINT:
        labels.update({CasePartyRole.APPLICANT: "投诉人", CasePartyRole.RESPONDENT: "被投诉单位"})
    return [_party_line(labels[p.role], p.party) for p in detail.parties]


def _values(session: Session, case: DisputeCase, template: Template, recipient: str | None,
            issue_date: date) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    office = session.get(Office, case.office_id)
    events = _events(session, case.id)
    names = {u.id: u.display_name for u in session.scalars(
        select(AppUser).where(AppUser.id.in_([i for i in (case.handler_id, case.clerk_id) if i])))}
    # the seats on the paper's date; a tribunal typed before the register: its names as typed
    arbitrators = tribunal_names(session, case.id, issue_date)
    tribunal_text, tribunal_signers = _tribunal(arbitrators)
    _, hearing = _latest(events, EventKind.HEARING_SCHEDULED)
    heard_ev, _ = _latest(events, EventKind.HEARING_HELD)
    papers_ev, _ = _latest(events, EventKind.PAPERS_DECIDED)
    _, refused = _latest(events, EventKind.NOT_ACCEPTED)
    suspended_ev, suspended = _latest(events, EventKind.SUSPENDED)
    resumed_ev, _ = _latest(events, EventKind.RESUMED)
    _, extended = _latest(events, EventKind.EXTENDED)
    _, defence = _latest(events, EventKind.DEFENCE_PERIOD_SET)
    withdrawn_ev, _ = _latest(events, EventKind.WITHDRAWN)
    _, ordered = _latest(events, EventKind.ORDER_ISSUED)
    _, closed = _latest(events, EventKind.CLOSED)
    _, failed = _latest(events, EventKind.NO_AGREEMENT)
    _, agreed = _latest(events, EventKind.AGREEMENT)
    decided = next((json.loads(e.data or "{}").get("reason", "") for e in reversed(events)
                    if e.kind in (EventKind.REVOKED, EventKind.DEEMED_WITHDRAWN)), "")
    settled = next((json.loads(e.data or "{}").get("amount") for e in reversed(events)
                    if e.kind in (EventKind.AGREEMENT, EventKind.MEDIATION_STATEMENT) and e.data), None)
    clerk = names.get(case.clerk_id, "") if case.clerk_id else ""
    office_name = office.name if office else ""
    values = {
        "仲裁委员会": commission_name(office_name), "机构名称": office_name, "案号": case.case_number or "",
        "申请人": case.applicant_names, "被申请人": case.respondent_names,
        "投诉人": case.applicant_names, "被投诉单位": case.respondent_names,
        "案由": Cause(case.cause).label, "收案日期": _ymd(case.received_on), "受理日期": _ymd(case.accepted_on),
        **_hearing_values(session, case, hearing), "仲裁员": tribunal_text, "书记员": clerk,
        # the hearing held (the latest), never the one scheduled; none held: decided on the papers
        "审理经过": (f"于{_ymd(heard_ev.occurred_on)}公开开庭进行了审理。本案现已审理终结" if heard_ev
                 else "本案经书面审理，现已审理终结" if papers_ev else ""),
        "承办人": names.get(case.handler_id, "") if case.handler_id else "",
        "请求金额": rmb(case.amount_claimed) if case.amount_claimed else "",
        "调解金额": rmb(Decimal(str(settled))) if settled else "",
        "不予受理理由": refused.get("reason", ""), "有管辖权的仲裁委员会": refused.get("competent_body", ""),
        "中止事由": dict(SUSPENSION_GROUNDS).get(suspended.get("ground", ""), ""),
        "中止日期": _ymd(suspended_ev.occurred_on) if suspended_ev else "",
        "恢复日期": _ymd(resumed_ev.occurred_on) if resumed_ev else "",
        "延长天数": f"{extended['days']}日" if extended.get("days") else "",
        "答辩期": f"{defence['days']}日" if defence.get("days") else "十日",
        "撤回日期": _ymd(withdrawn_ev.occurred_on) if withdrawn_ev else "", "决定理由": decided,
        "限期支付日期": _ymd(date.fromisoformat(ordered["due_on"])) if ordered.get("due_on") else "",
        "责令支付金额": rmb(Decimal(str(ordered["amount"]))) if ordered.get("amount") else "",
        "涉及劳动者人数": f"{case.workers_involved}人", "结案理由": closed.get("reason", ""),
        "调解不成原因": failed.get("reason", ""),
        **recusal_paper_values(events),  # 回避决定书: the latest 回避决定 and the request it answers
        "协议履行期限": _ymd(date.fromisoformat(agreed["perform_by"])) if agreed.get("perform_by") else "",
        "受送达人": recipient or case.applicant_names, "送达文书": "",
        "签发日期": date_cn(issue_date), "今日": _ymd(date.today()), "文书编号": "",
        # the clocks are worked out only for the papers that print the award period's end
        "审理期限届满日": _award_due(session, case, issue_date) if "审理期限届满日" in template.fields() else "",
    }
    signers = {"仲裁庭": tribunal_signers, "书记员": [("书记员", clerk)],
               "调解员": [("调解员", values["承办人"])], "承办人": [("承办人", values["承办人"])]}
    return values, signers


def _hearing_values(session: Session, case: DisputeCase, step: dict[str, Any]) -> dict[str, str]:
    """开庭日期, 开庭时间 and 开庭地点 of the hearing booked on the calendar (services.hearings): the
    place's name and address; a case scheduled before the calendar: its step's day and typed place."""
    from .hearings import notice_fields

    booked = notice_fields(session, case.id)
    if booked is not None:
        return {"开庭日期": _ymd(booked["hearing_on"]), "开庭时间": time_cn(booked["starts"]), "开庭地点": booked["place"],
                "开庭仲裁庭": _sitting_text(booked["arbitrators"], booked["clerk"])}
    day = date.fromisoformat(step["hearing_on"]) if step.get("hearing_on") else None
    clerk = session.get(AppUser, case.clerk_id) if case.clerk_id else None
    return {"开庭日期": _ymd(day) if day else "", "开庭时间": "", "开庭地点": str(step.get("place", "")),
            "开庭仲裁庭": _sitting_text(tribunal_names(session, case.id, day) if day else [],
                                    clerk.display_name if clerk else "")}


NO_TRIBUNAL_YET = "仲裁庭组成人员另行书面通知。"


def _sitting_text(arbitrators: list[str], clerk: str) -> str:
    """Who hears the case (开庭通知书, LDMAF 35–36; legal-rules.md: the notice names the tribunal):
    "本案仲裁庭由首席仲裁员陈立新、仲裁员王芳、黄国强组成，书记员李明。"; before the tribunal is
    formed (LDMAF 32: notified within five days of acceptance) it says it will be notified."""
    if not arbitrators:
        return NO_TRIBUNAL_YET
    who = "本案" if len(arbitrators) == 1 else "本案仲裁庭"  # 由仲裁员吴敏独任仲裁 / 由首席仲裁员…组成
    return who + _tribunal(arbitrators)[0] + (f"，书记员{clerk}" if clerk else "") + "。"


def _award_due(session: Session, case: DisputeCase, today: date) -> str:
    from .clocks import Clocks

    for d in Clocks.load(session).compute(session, case, today):
        if d.key == "award" and d.due:
            return _ymd(d.due)
    return ""

