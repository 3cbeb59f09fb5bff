"""Procedures as data: for each procedure, the actions a case may take next.

An action names the states it may start from, the timeline event it records (which sets the
next state through status.EVENT_STATUS and moves the clocks through deadlines.CLOCKS), the
fields a person must give, and the roles allowed. The service refuses anything not in these
tables; the case view builds its buttons and forms from the same tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..models.enums import OPEN_STATUSES, CaseStatus, EventKind, Procedure, Role
from .award_effect import COURT_OUTCOMES, SET_ASIDE_OUTCOMES
from .complaints import BLACKLIST_CRITERIA, PENALTY_CHOICES
from .decisions import PAPERS_BASIS
from .hearings import MINUTES_MAX, MINUTES_MIN, parse_time, starts_error
from .receipts import DOCUMENTS, MADE_BY, recipients_text
from .simplified import AGREED, CLEAR, EXCLUSIONS
from .status import EVENT_STATUS, TimelineFact, derive_state
from .tribunal import RECUSAL_DECISION_HELP, RECUSAL_GROUNDS, RECUSAL_OUTCOMES, RECUSAL_REQUEST_HELP
from .validators import SHORT_TEXT_MAX, TEXT_MAX, text_length_error

S = CaseStatus


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    # text | date | time ("HH:MM") | int | choice | bool | parties (the case's parties, each with a date) |
    # tribunal (the register's arbitrators in seat order, chief first: a list of ids; source names the list)
    type: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    future_ok: bool = False  # dates: a planned day (hearing, due date) may lie ahead
    # choices that depend on the case (its parties, its recorded suits): named here, listed and
    # checked by the service (services.field_sources); ``choices`` stays empty
    source: str = ""

    @property
    def max_length(self) -> int | None:
        """The most characters a text field keeps: a 理由 or 记录内容 (the form's multi-line
        fields, LONG_TEXT_FIELDS) TEXT_MAX, any other text SHORT_TEXT_MAX; None for other types."""
        if self.type != "text":
            return None
        return TEXT_MAX if self.name in LONG_TEXT_FIELDS else SHORT_TEXT_MAX


LONG_TEXT_FIELDS = frozenset({"reason", "text"})  # multi-line in the step form (ui.case_edit)


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    event: EventKind
    from_states: frozenset[CaseStatus]
    roles: frozenset[Role]
    fields: tuple[FieldSpec, ...] = ()
    help: str = ""

    @property
    def to_state(self) -> CaseStatus | None:
        """The state after the action; None keeps the current one (恢复 returns to the state
        before the suspension)."""
        return EVENT_STATUS.get(self.event)


MEDIATORS = frozenset({Role.MEDIATOR, Role.SUPERVISOR})
ARBITRATION_STAFF = frozenset({Role.ARBITRATOR, Role.CLERK, Role.SUPERVISOR})
APPROVERS = frozenset({Role.SUPERVISOR})  # 审批: extensions, suspensions, supervised listing
TRIBUNAL = frozenset({Role.ARBITRATOR, Role.SUPERVISOR})  # the tribunal's own decisions (as ISSUE_TRIBUNAL_PAPERS)
INSPECTORS = frozenset({Role.INSPECTOR, Role.SUPERVISOR})
EVERYONE_ON_CASES = frozenset({Role.MEDIATOR, Role.ARBITRATOR, Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR})

REASON = FieldSpec("reason", "理由")
# a withdrawal because the parties settled: counted as mediated when the KPI setting says so
SETTLED = FieldSpec("settled", "双方和解后撤回（和解撤诉）", "bool", required=False)
REFERRAL_TARGETS = (("mediation", "仲裁院仲裁前调解"), ("arbitration", "仲裁院仲裁申请"))
SIMPLIFIED_CHECKS = (  # Rules2017 56 (any one) and 57 (none); domain/simplified.py decides
    FieldSpec("clear", f"（56-一）{CLEAR}", "bool", required=False),
    FieldSpec("agreed", f"（56-三）{AGREED}", "bool", required=False),
    *(FieldSpec(key, f"（57-{'一二三四'[i]}）{label}", "bool", required=False) for i, (key, label) in enumerate(EXCLUSIONS)),
)
SERVED_DOCUMENTS = DOCUMENTS
SERVICE_METHODS = (
    ("direct", "直接送达"), ("left", "留置送达"), ("entrusted", "委托送达"), ("post", "邮寄送达（仲裁专递）"),
    ("public", "公告送达"), ("electronic", "电子送达"), ("simple", "简便方式（电话、短信等）"),
)
SUSPENSION_GROUNDS = (  # Rules2017 Art 47
    ("1", "劳动者一方当事人死亡，需要等待继承人表明是否参加仲裁"),
    ("2", "劳动者一方当事人丧失民事行为能力，尚未确定法定代理人"),
    ("3", "用人单位终止，尚未确定权利义务继承者"),
    ("4", "一方当事人因不可抗拒的事由，不能参加仲裁"),
    ("5", "案件审理需要以其他案件的审理结果为依据，且其他案件尚未审结"),
    ("6", "案件处理需要等待工伤认定、伤残等级鉴定以及其他鉴定结论"),
    ("7", "其他应当中止仲裁审理的情形"),
)
# 承办人 chosen at acceptance: the institute's arbitrators and clerks (services.tribunal lists them);
# left as it is, the case keeps its current handler
HANDLER = FieldSpec("handler", "承办人（不选则为现承办人）", "choice", required=False, source="handlers")
# 确定开庭: the day, the time ("HH:MM"), how long, and a room or mobile point of the case's institute
# (services.hearings lists them and books the hearing); LDMAF 35: notified five days before
HEARING_FIELDS = (
    FieldSpec("hearing_on", "开庭日期", "date", future_ok=True),
    FieldSpec("starts", "开庭时间", "time"),
    FieldSpec("minutes", "预计时长（分钟）", "int", minimum=MINUTES_MIN, maximum=MINUTES_MAX),
    FieldSpec("place", "开庭地点", "choice", source="places"),
)
REVIEW_REFUSAL_GROUNDS = (  # Rules2017 Art 78
    ("1", "违反法律、行政法规的强制性规定"), ("2", "损害国家利益、社会公共利益或者他人合法权益"),
    ("3", "当事人提供证据材料有弄虚作假嫌疑"), ("4", "违反自愿原则"), ("5", "内容不明确"), ("6", "其他不能制作调解书的情形"),
)


def _a(key: str, label: str, event: EventKind, states: frozenset[CaseStatus] | set[CaseStatus],
       roles: frozenset[Role], *fields: FieldSpec, help: str = "") -> Action:
    return Action(key, label, event, frozenset(states), roles, tuple(fields), help)


# ---------------------------------------------------------------- mediation

_MEDIATING = {S.RECEIVED, S.ACCEPTED, S.MEDIATING}


def _mediation_common(roles: frozenset[Role]) -> tuple[Action, ...]:
    return (
        _a("extend_mediation", "双方同意延长调解", EventKind.EXTENDED, _MEDIATING, roles,
           FieldSpec("days", "延长天数", "int", minimum=1),  # no statutory cap: the parties agree
           help="劳动争议调解仲裁法第十四条：十五日内未达成协议的，当事人可申请仲裁；双方同意的可延长"),
        _a("agreement", "达成调解协议", EventKind.AGREEMENT, _MEDIATING, roles,
           FieldSpec("amount", "协议金额（元）", required=False),
           FieldSpec("perform_by", "约定履行期限", "date", required=False, future_ok=True)),
        _a("no_agreement", "调解不成", EventKind.NO_AGREEMENT, _MEDIATING, roles, REASON),
        _a("withdraw", "申请人撤回", EventKind.WITHDRAWN, _MEDIATING, roles, SETTLED),
    )


GRASSROOTS = (
    _a("accept", "受理调解申请", EventKind.ACCEPTED, {S.RECEIVED}, MEDIATORS),
    _a("not_accept", "不予受理", EventKind.NOT_ACCEPTED, {S.RECEIVED}, MEDIATORS, REASON),
    _a("start_mediation", "开始调解", EventKind.MEDIATION_STARTED, {S.RECEIVED, S.ACCEPTED}, MEDIATORS),
    *_mediation_common(MEDIATORS),
    _a("refer_to_arbitration", "转仲裁申请", EventKind.REFERRED, {S.NO_AGREEMENT}, MEDIATORS,
       help="调解不成的，一键转为仲裁申请：当事人、请求事项随案移转，两案相互关联"),
)

# pre-filing mediation happens at the institute: its staff act, not township mediators
PREFILING = (
    _a("start_mediation", "开始案前调解（经双方同意暂缓受理）", EventKind.MEDIATION_STARTED, {S.RECEIVED},
       ARBITRATION_STAFF),
    *_mediation_common(ARBITRATION_STAFF),
    _a("refer_to_arbitration", "转为仲裁申请", EventKind.REFERRED, {S.NO_AGREEMENT, S.MEDIATING},
       ARBITRATION_STAFF, help="案前调解不成的，转为仲裁申请，受理审查期限自转入之日起计算"),
)

# ---------------------------------------------------------------- arbitration

_PENDING = {S.ACCEPTED, S.TRIBUNAL_FORMED, S.HEARING}
_DECIDED = {S.AWARDED, S.MEDIATION_STATEMENT}


def _arbitration(procedure: Procedure) -> tuple[Action, ...]:
    sizes = {Procedure.SIMPLIFIED: "独任仲裁员", Procedure.COLLECTIVE: "仲裁庭组成人员（首席仲裁员及两名仲裁员）"}
    actions = [
        _a("materials_completed", "申请人补正材料", EventKind.MATERIALS_COMPLETED, {S.RECEIVED}, ARBITRATION_STAFF,
           help="仲裁规则第四十六条第二项：补正材料的，以补正之日为收到申请之日"),
        _a("accept", "受理", EventKind.ACCEPTED, {S.RECEIVED}, ARBITRATION_STAFF, HANDLER),
        _a("not_accept", "不予受理", EventKind.NOT_ACCEPTED, {S.RECEIVED}, ARBITRATION_STAFF, REASON,
           FieldSpec("competent_body", "有管辖权的仲裁委员会（仅因管辖不予受理时填写）", required=False)),
        _a("form_tribunal", "组成仲裁庭", EventKind.TRIBUNAL_FORMED, {S.ACCEPTED}, ARBITRATION_STAFF,
           FieldSpec("arbitrators", sizes.get(procedure, "仲裁庭组成人员（三人仲裁庭首席在前，或独任仲裁员）"),
                     "tribunal", source="arbitrators"),
           FieldSpec("clerk", "书记员", "choice", source="clerks"),
           help="从本院仲裁员名册中选择；劳动争议调解仲裁法第三十一条、第三十二条：组成情况于受理之日起五日内书面通知当事人"),
        _a("request_recusal", "申请回避", EventKind.RECUSAL_REQUESTED, {S.TRIBUNAL_FORMED, S.HEARING},
           ARBITRATION_STAFF, FieldSpec("party", "申请回避的当事人", "choice", source="parties"),
           FieldSpec("person", "被申请回避的人员", "choice", source="sitting"),
           FieldSpec("ground", "回避事由", "choice", choices=RECUSAL_GROUNDS), REASON,
           help=RECUSAL_REQUEST_HELP),
        # decided also while the case is suspended: the request waits for nobody (LDMAF 33: 及时作出决定)
        _a("decide_recusal", "回避决定（仲裁委员会主任）", EventKind.RECUSAL_DECIDED,
           {S.TRIBUNAL_FORMED, S.HEARING, S.SUSPENDED},
           APPROVERS, FieldSpec("request", "回避申请", "choice", source="recusal_requests"),
           FieldSpec("outcome", "决定", "choice", choices=RECUSAL_OUTCOMES),
           FieldSpec("replacement", "接替人员（决定回避时选择）", "choice", required=False, source="replacements"),
           FieldSpec("reason", "理由（驳回时填写）", required=False),
           help=RECUSAL_DECISION_HELP),
        _a("serve", "登记送达", EventKind.SERVED, _PENDING | _DECIDED | {S.SUSPENDED}, ARBITRATION_STAFF,
           FieldSpec("document", "送达文书", "choice", choices=SERVED_DOCUMENTS),
           FieldSpec("method", "送达方式", "choice", choices=SERVICE_METHODS),
           FieldSpec("recipients", "受送达人及签收日期", "parties"),
           help="勾选受送达的当事人，各填其签收（送达回证记载）的日期：答辩期、起诉期、申请撤销期各自从"
                "该当事人收到之日起算；公告送达的填公告发出之日，经过三十日视为送达，公告期间不计入审理期限"),
        _a("schedule_hearing", "确定开庭", EventKind.HEARING_SCHEDULED, {S.ACCEPTED, S.TRIBUNAL_FORMED, S.HEARING},
           ARBITRATION_STAFF, *HEARING_FIELDS,
           help="开庭地点从本院的仲裁庭室和流动仲裁庭点中选择；同一仲裁员、书记员或地点在重叠时间已有安排的，保存前提示"),
        _a("hold_hearing", "开庭审理", EventKind.HEARING_HELD, {S.TRIBUNAL_FORMED, S.HEARING}, ARBITRATION_STAFF),
        _a("postpone_hearing", "延期开庭", EventKind.HEARING_POSTPONED, _PENDING, TRIBUNAL,
           FieldSpec("party", "申请延期的当事人（仲裁委员会依职权决定的不选）", "choice", required=False,
                     source="parties"),
           FieldSpec("requested_on", "申请日期（当事人申请的填写）", "date", required=False), REASON,
           help="劳动争议调解仲裁法第三十五条：当事人有正当理由的，可以在开庭三日前请求延期开庭，是否延期由仲裁委员会决定。"
                "延期后原开庭安排保留在办理经过中，须重新“确定开庭”"),
        # 书面审理: no ✅ rule; offered only for the procedures this office's setting names
        # (domain.decisions.PAPERS_SETTING, default 简易处理); the tribunal decides it
        _a("decide_on_papers", "决定书面审理", EventKind.PAPERS_DECIDED, {S.TRIBUNAL_FORMED, S.HEARING}, TRIBUNAL,
           REASON, help="不开庭、依书面材料作出裁决：仲裁庭决定并写明理由（" + PAPERS_BASIS + "）"),
        _a("add_party", "追加当事人", EventKind.PARTY_ADDED, _PENDING, ARBITRATION_STAFF, REASON),
        _a("change_claims", "受理变更/增加仲裁请求", EventKind.CLAIMS_CHANGED, _PENDING, ARBITRATION_STAFF, REASON),
        _a("counterclaim", "受理反申请", EventKind.COUNTERCLAIM, _PENDING, ARBITRATION_STAFF, REASON),
        _a("suspend", "中止审理（审批）", EventKind.SUSPENDED, _PENDING, APPROVERS,
           FieldSpec("ground", "中止事由", "choice", choices=SUSPENSION_GROUNDS)),
        _a("resume", "恢复审理", EventKind.RESUMED, {S.SUSPENDED}, ARBITRATION_STAFF),
        _a("extend_award", "延期审理（审批）", EventKind.EXTENDED, _PENDING | {S.SUSPENDED}, APPROVERS,
           FieldSpec("days", "延长天数", "int", minimum=1, maximum=15), REASON,
           help="劳动争议调解仲裁法第四十三条：经仲裁委员会主任批准可延期，延长期限不得超过十五日"),
        _a("mediation_statement", "调解结案（制作仲裁调解书）", EventKind.MEDIATION_STATEMENT, _PENDING,
           TRIBUNAL, FieldSpec("amount", "调解金额（元）", required=False)),
        # the type and the amount are the decisions' (请求事项 → 裁决结果), never typed a second time;
        # issuing the 仲裁裁决书 records this step itself when it is not yet recorded
        _a("award", "作出裁决", EventKind.AWARDED, {S.TRIBUNAL_FORMED, S.HEARING}, TRIBUNAL,
           help="须已开庭审理或决定书面审理，且每一项请求均已作出裁决（支持、部分支持或驳回）；"
                "裁决金额与终局、非终局按各项裁决结果确定。签发仲裁裁决书时自动登记本步骤"),
        _a("withdraw", "申请人撤回", EventKind.WITHDRAWN, {S.RECEIVED, *_PENDING}, ARBITRATION_STAFF, SETTLED),
        _a("deemed_withdrawn", "按撤回申请处理", EventKind.DEEMED_WITHDRAWN, {S.TRIBUNAL_FORMED, S.HEARING},
           ARBITRATION_STAFF, REASON, help="劳动争议调解仲裁法第三十六条：申请人无正当理由拒不到庭或中途退庭"),
        _a("revoke", "撤销案件", EventKind.REVOKED, _PENDING, ARBITRATION_STAFF, REASON),
    ]
    if procedure is Procedure.COLLECTIVE:
        actions.append(_a(
            "elect_representatives", "登记推选的代表人", EventKind.REPRESENTATIVES_ELECTED, {S.RECEIVED, *_PENDING},
            ARBITRATION_STAFF, FieldSpec("representatives", "代表人姓名（3至5人，用“、”分隔，须为本案申请人）"),
            help="仲裁规则第六十三条：劳动者可推选三至五名代表人参加仲裁；变更、放弃请求，承认对方请求或和解，"
                 "须经被代表的劳动者同意"))
    if procedure is Procedure.SIMPLIFIED:
        accept = _a("accept", "受理（简易处理）", EventKind.ACCEPTED, {S.RECEIVED}, ARBITRATION_STAFF,
                    *SIMPLIFIED_CHECKS, HANDLER, help="仲裁规则第五十六条所列情形具备其一、且无第五十七条情形的，可简易处理")
        actions = [accept if a.key == "accept" else a for a in actions]
        actions += [
            _a("set_defence_period", "缩短/取消答辩期（经被申请人同意）", EventKind.DEFENCE_PERIOD_SET, _PENDING,
               ARBITRATION_STAFF, FieldSpec("days", "答辩期（工作日，0 为取消）", "int", minimum=0, maximum=9),
               FieldSpec("consent", "被申请人已同意", "bool")),
            _a("convert_to_ordinary", "转为普通程序", EventKind.CONVERTED_TO_ORDINARY, {S.RECEIVED, *_PENDING},
               ARBITRATION_STAFF,
               REASON, help="仲裁规则第六十一条：审理期限届满前决定转换，期限仍自受理之日起计算"),
        ]
    return tuple(actions)


# ---------------------------------------------------------------- after the award (裁审衔接)
# Recorded from the decided states; they keep the status (not in status.EVENT_STATUS), so a closed
# case stays closed on its award date. domain.award_effect works out what they mean for the
# award's legal effect; services.award_life checks them against the receipts and the parties.

COURT = FieldSpec("court", "受理法院")
COURT_CASE_NUMBER = FieldSpec("court_case_number", "法院案号")
ENFORCEMENT = _a(
    "apply_enforcement", "登记申请强制执行", EventKind.ENFORCEMENT_APPLIED, _DECIDED, ARBITRATION_STAFF,
    FieldSpec("party", "申请执行的当事人", "choice", source="parties"), COURT, COURT_CASE_NUMBER,
    help="劳动争议调解仲裁法第五十一条：一方当事人逾期不履行发生法律效力的裁决书、调解书的，另一方可以向人民法院申请执行。"
         "办理日期填申请执行之日")
AFTER_AWARD = (
    _a("record_suit", "登记起诉", EventKind.SUED, {S.AWARDED}, ARBITRATION_STAFF,
       FieldSpec("party", "起诉的当事人", "choice", source="parties"), COURT, COURT_CASE_NUMBER,
       help="劳动争议调解仲裁法第四十八条、第五十条：自收到裁决书之日起十五日内向人民法院提起诉讼。"
            "办理日期填起诉日期；超过期限的照样登记并提示，是否受理由法院决定"),
    _a("record_court_outcome", "登记法院裁判结果", EventKind.COURT_RULED, {S.AWARDED}, ARBITRATION_STAFF,
       FieldSpec("court_case_number", "起诉案件（法院案号）", "choice", source="suits"),
       FieldSpec("outcome", "裁判结果", "choice", choices=COURT_OUTCOMES),
       help="办理日期填法院裁判（调解、准许撤诉）之日"),
    _a("record_set_aside", "登记撤销裁决申请", EventKind.SET_ASIDE_APPLIED, {S.AWARDED}, ARBITRATION_STAFF,
       FieldSpec("party", "申请撤销的用人单位", "choice", source="parties"),
       FieldSpec("court", "受理的中级人民法院"), COURT_CASE_NUMBER,
       help="劳动争议调解仲裁法第四十九条：用人单位对终局裁决，可以自收到裁决书之日起三十日内向仲裁委员会所在地的"
            "中级人民法院申请撤销。办理日期填申请日期"),
    _a("record_set_aside_outcome", "登记撤销申请结果", EventKind.SET_ASIDE_RULED, {S.AWARDED}, ARBITRATION_STAFF,
       FieldSpec("court_case_number", "撤销申请（法院案号）", "choice", source="set_asides"),
       FieldSpec("outcome", "裁定结果", "choice", choices=SET_ASIDE_OUTCOMES),
       help="中级人民法院作出的驳回申请或者撤销裁决的裁定为终审裁定；裁决被撤销的，当事人可以自收到裁定书之日起"
            "十五日内向人民法院起诉"),
    ENFORCEMENT,
)


ARBITRAL_REVIEW = (
    _a("accept", "受理仲裁审查申请", EventKind.ACCEPTED, {S.RECEIVED}, ARBITRATION_STAFF),
    _a("not_accept", "不予受理", EventKind.NOT_ACCEPTED, {S.RECEIVED}, ARBITRATION_STAFF, REASON),
    _a("extend_review", "延长审查期限（审批）", EventKind.EXTENDED, {S.ACCEPTED}, APPROVERS,
       FieldSpec("days", "延长天数", "int", minimum=1, maximum=5)),
    _a("mediation_statement", "审查通过，制作调解书", EventKind.MEDIATION_STATEMENT, {S.ACCEPTED}, ARBITRATION_STAFF),
    _a("review_refused", "决定不予制作调解书", EventKind.REVIEW_REFUSED, {S.ACCEPTED}, ARBITRATION_STAFF,
       FieldSpec("ground", "理由（仲裁规则第七十八条）", "choice", choices=REVIEW_REFUSAL_GROUNDS)),
    _a("withdraw", "申请人撤回", EventKind.WITHDRAWN, {S.RECEIVED, S.ACCEPTED}, ARBITRATION_STAFF),
)

# ---------------------------------------------------------------- wage-arrears complaint

_INVESTIGATING = {S.FILED, S.INVESTIGATING, S.ORDERED}

COMPLAINT = (
    _a("file", "受理并立案", EventKind.FILED, {S.RECEIVED}, INSPECTORS,
       help="若干规定第十八条：五个工作日内审查，符合条件的受理，并于受理当日立案"),
    _a("not_accept", "不予受理", EventKind.NOT_ACCEPTED, {S.RECEIVED}, INSPECTORS, REASON,
       FieldSpec("competent_body", "有管辖权的部门（因不属本部门管辖时填写）", required=False)),
    _a("request_materials", "通知补正材料", EventKind.MATERIALS_REQUESTED, {S.RECEIVED}, INSPECTORS,
       FieldSpec("missing", "需补正的材料")),
    _a("materials_completed", "投诉人补正材料", EventKind.MATERIALS_COMPLETED, {S.RECEIVED}, INSPECTORS),
    _a("refer", "属劳动争议，移送调解或仲裁", EventKind.REFERRED, {S.RECEIVED, S.FILED}, INSPECTORS,
       FieldSpec("to", "移送至", "choice", choices=REFERRAL_TARGETS), REASON,
       help="劳动保障监察条例第二十一条：属于劳动争议的，告知投诉人依照调解仲裁程序办理；本操作同时在仲裁院登记关联案件"),
    _a("investigate", "开始调查", EventKind.INVESTIGATION_STARTED, {S.FILED}, INSPECTORS),
    _a("inspect", "检查/调查询问记录", EventKind.INSPECTION, _INVESTIGATING, INSPECTORS,
       FieldSpec("place", "地点"), FieldSpec("inspectors", "监察员（两名以上，用“、”分隔）"),
       FieldSpec("text", "记录内容（询问对象、查明事实、调取的材料）"),
       help="劳动保障监察条例第十五条、第十六条：两名以上监察员，出示证件；可进入现场、询问、查阅复制材料"),
    _a("order", "责令限期支付", EventKind.ORDER_ISSUED, {S.FILED, S.INVESTIGATING}, INSPECTORS,
       FieldSpec("due_on", "支付期限", "date", future_ok=True),
       FieldSpec("amount", "责令支付金额（元，留空为全部欠薪）", required=False),
       help="劳动保障监察条例第二十六条；限期支付期限列入期限看板"),
    _a("payment", "登记支付到位", EventKind.PAYMENT, _INVESTIGATING, INSPECTORS,
       FieldSpec("amount", "支付金额（元）", required=False)),
    _a("order_compensation", "责令加付赔偿金", EventKind.COMPENSATION_ORDERED, {S.ORDERED}, INSPECTORS,
       FieldSpec("rate", "加付比例（%）", "int", minimum=50, maximum=100),
       FieldSpec("due_on", "支付期限", "date", future_ok=True),
       help="劳动保障监察条例第二十六条、劳动合同法第八十五条：逾期不支付的，按应付金额50%以上100%以下加付赔偿金"),
    _a("penalty", "行政处罚决定", EventKind.PENALTY, _INVESTIGATING, INSPECTORS,
       FieldSpec("ground", "处罚事由", "choice", choices=PENALTY_CHOICES),
       FieldSpec("amount", "罚款金额（元）"),
       FieldSpec("heard", "已告知并听取陈述、申辩（劳动保障监察条例第十九条）", "bool")),
    _a("transfer_police", "移送公安机关", EventKind.POLICE_TRANSFER, {S.ORDERED}, INSPECTORS,
       FieldSpec("police", "接收的公安机关"), REASON,
       help="刑法第二百七十六条之一；保障农民工工资支付条例第四十一条：经责令支付仍不支付、涉嫌拒不支付劳动报酬罪的，应当移送"),
    _a("propose_blacklist", "提请列入失信名单", EventKind.BLACKLIST_PROPOSED, {S.ORDERED, S.CLOSED}, INSPECTORS,
       FieldSpec("criteria", "列入情形（保障农民工工资支付条例第四十八条）", "choice", choices=BLACKLIST_CRITERIA),
       FieldSpec("persons", "一并列入的法定代表人、直接负责的主管人员等", required=False),
       help="责令限期支付工资，逾期未支付，且达到数额标准或引发群体性事件、极端事件的，应当列入"),
    _a("blacklist", "作出列入名单决定（审批）", EventKind.BLACKLISTED, {S.ORDERED, S.CLOSED}, APPROVERS,
       help="列入期限三年；列入期间偿还拖欠工资的，自改正之日起满六个月并作出守信承诺，可申请提前移出"),
    _a("remove_blacklist", "移出失信名单（审批）", EventKind.BLACKLIST_REMOVED, frozenset(CaseStatus), APPROVERS,
       FieldSpec("early", "提前移出（已改正并作出守信承诺）", "bool", required=False), REASON),
    _a("emergency_advance", "应急周转金垫付", EventKind.EMERGENCY_ADVANCE, _INVESTIGATING, INSPECTORS,
       FieldSpec("amount", "垫付金额（元）", required=False),
       help="保障农民工工资支付条例第六十三条：用人单位无力支付或逃匿的，可动用应急周转金先行垫付，再向其追偿"),
    _a("advance_recovered", "追回垫付资金", EventKind.ADVANCE_RECOVERED, frozenset(CaseStatus), INSPECTORS,
       FieldSpec("amount", "追回金额（元）")),
    _a("extend_investigation", "延长调查期限（审批）", EventKind.EXTENDED, _INVESTIGATING,
       APPROVERS, FieldSpec("days", "延长工作日", "int", minimum=1, maximum=30),
       help="劳动保障监察条例第十七条：情况复杂的，经批准可延长三十个工作日"),
    _a("close", "结案", EventKind.CLOSED, _INVESTIGATING, INSPECTORS, REASON),
    _a("revoke", "撤销立案", EventKind.REVOKED, {S.FILED, S.INVESTIGATING}, INSPECTORS, REASON,
       help="劳动保障监察条例第十八条第三项：违法行为轻微并已改正的，撤销立案"),
)
# the per-worker money dialogs of the complaint view take these; the others use the generic form
PER_WORKER = frozenset({"payment", "emergency_advance"})

# ---------------------------------------------------------------- every procedure

COMMON = (
    _a("note", "添加备注", EventKind.NOTE, frozenset(CaseStatus), EVERYONE_ON_CASES, FieldSpec("text", "备注内容")),
    _a("supervise", "挂牌督办", EventKind.SUPERVISION_SET, OPEN_STATUSES, APPROVERS,
       FieldSpec("leader", "责任领导"), FieldSpec("due_on", "督办期限", "date", future_ok=True)),
    _a("lift_supervision", "解除督办", EventKind.SUPERVISION_LIFTED, frozenset(CaseStatus), APPROVERS, REASON),
)

WORKFLOWS: dict[Procedure, tuple[Action, ...]] = {
    Procedure.GRASSROOTS: GRASSROOTS + COMMON,
    Procedure.PREFILING: PREFILING + COMMON,
    Procedure.ORDINARY: _arbitration(Procedure.ORDINARY) + AFTER_AWARD + COMMON,
    Procedure.SIMPLIFIED: _arbitration(Procedure.SIMPLIFIED) + AFTER_AWARD + COMMON,
    Procedure.COLLECTIVE: _arbitration(Procedure.COLLECTIVE) + AFTER_AWARD + COMMON,
    Procedure.ARBITRAL_REVIEW: ARBITRAL_REVIEW + COMMON,  # no service is recorded there: no enforcement step
    Procedure.COMPLAINT: COMPLAINT + COMMON,
}

# the clock an EXTENDED action lengthens
EXTENDS = {"extend_mediation": "mediation", "extend_award": "award", "extend_review": "review",
           "extend_investigation": "investigation"}


# the law that allows each extension: an extension lengthens a period still running, never one
# that has run out (its last day already passed on the day of the approval)
EXTENSION_BASIS = {"extend_mediation": "劳动争议调解仲裁法第十四条", "extend_award": "劳动争议调解仲裁法第四十三条",
                   "extend_review": "仲裁规则第七十三条至第七十九条", "extend_investigation": "劳动保障监察条例第十七条"}


# a suspension pauses the award period (Rules2017 47, 46(6)): one after the period ran out would
# likewise take an overdue case off the overdue list
SUSPENSION_BASIS = "仲裁规则第四十七条；劳动争议调解仲裁法第四十三条"


def late_extension_error(action_key: str, clock_label: str, due: date | None, on: date | None) -> str | None:
    """Why an extension (or a suspension) dated ``on`` comes too late for a period whose last day is ``due``."""
    if due is None or on is None or on <= due:
        return None
    if action_key == "suspend":
        return (f"{clock_label}已于 {due.isoformat()} 届满，届满后不能中止审理使期限停止计算；中止须在期限届满前批准"
                f"（{SUSPENSION_BASIS}）")
    if action_key not in EXTENSION_BASIS:
        return None
    return (f"{clock_label}已于 {due.isoformat()} 届满，届满后不能再延长；延长须在期限届满前批准"
            f"（{EXTENSION_BASIS[action_key]}）")


def find_action(procedure: Procedure, key: str) -> Action | None:
    return next((a for a in WORKFLOWS[procedure] if a.key == key), None)


def why_not(action: Action, status: CaseStatus, role: Role) -> str | None:
    """The reason a person understands why ``action`` cannot be taken now; None when it can."""
    if status not in action.from_states:
        return f"案件当前状态为“{status.label}”，不能办理“{action.label}”"
    if role not in action.roles:
        who = "、".join(r.label for r in Role if r in action.roles)
        return f"“{action.label}”须由{who}办理，您的角色是{role.label}"
    return None


def check_fields(action: Action, values: dict[str, Any], *, today: date) -> dict[str, str]:
    """Field errors, in Chinese, keyed by field name."""
    errors: dict[str, str] = {}
    for f in action.fields:
        value = values.get(f.name)
        empty = value is None or (isinstance(value, str | list | tuple) and not value) or (
            isinstance(value, str) and not value.strip())
        if f.type == "parties":
            if msg := _parties_error(f, value, today):
                errors[f.name] = msg
            continue
        if f.type == "bool":
            if f.required and value is not True:
                errors[f.name] = f"须确认：{f.label}"
            continue
        if empty:
            if f.required:  # a drop-down is chosen from, not filled in
                errors[f.name] = f"请选择{f.label}" if f.type in ("choice", "tribunal") else f"请填写{f.label}"
            continue
        if f.type == "text" and not isinstance(value, str):  # typed text only: no list, no mapping
            errors[f.name] = f"{f.label}须为文字"
            continue
        if (limit := f.max_length) is not None and isinstance(value, str) and (
                msg := text_length_error(value, what=f.label, max_len=limit)):
            errors[f.name] = msg
            continue
        if f.type == "date":
            if not isinstance(value, date):
                errors[f.name] = f"{f.label}不是有效日期"
            elif not f.future_ok and value > today:
                errors[f.name] = f"{f.label}不能晚于今天"
        elif f.type == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                errors[f.name] = f"{f.label}须为整数"
            elif f.minimum is not None and value < f.minimum:
                errors[f.name] = f"{f.label}不能小于 {f.minimum}"
            elif f.maximum is not None and value > f.maximum:
                errors[f.name] = f"{f.label}不能大于 {f.maximum}"
        elif f.type == "time":
            if msg := starts_error(parse_time(value)):
                errors[f.name] = msg
        elif f.type == "choice" and not f.source and value not in dict(f.choices):
            errors[f.name] = f"请选择{f.label}"
    return errors


def parties_field(action: Action) -> FieldSpec | None:
    """The action's ``parties`` field (登记送达's 受送达人), if it has one: its dates date the event."""
    return next((f for f in action.fields if f.type == "parties"), None)


def service_note(values: dict[str, Any]) -> str:
    """The timeline's 说明 of a 登记送达: what was served, how, and who received it when
    ("仲裁裁决书（直接送达）：张三 2026-03-05；某公司 2026-03-09")."""
    what = dict(SERVED_DOCUMENTS).get(str(values.get("document")), "")
    how = dict(SERVICE_METHODS).get(str(values.get("method")), "")
    who = recipients_text({**r, "on": r["on"].isoformat() if isinstance(r.get("on"), date) else r.get("on")}
                          for r in values.get("recipients") or [])
    return f"{what}（{how}）：{who}"


def _parties_error(f: FieldSpec, value: Any, today: date) -> str | None:
    """A ``parties`` field: at least one party, each once, each with a valid date of its own
    (``[{"party": id, "name": …, "on": date}]``)."""
    if not value:
        return "请至少选择一名受送达人" if f.required else None
    seen: set[str] = set()
    for r in value:
        who = str(r.get("name") or "受送达人")
        on = r.get("on")
        if str(r.get("party")) in seen:
            return f"{who}重复选择"
        seen.add(str(r.get("party")))
        if not isinstance(on, date):
            return f"{who}的签收日期不是有效日期"
        if not f.future_ok and on > today:
            return f"{who}的签收日期不能晚于今天"
    return None


# ---------------------------------------------------------------- the date of a step

# Events that move the status (恢复 returns to the state before the suspension): the steps of the
# procedure. The timeline is ordered by date, so a step dated before a step already recorded would
# reorder the case (a 调解结案 dated before the acceptance had reopened it).
STEP_EVENTS: frozenset[EventKind] = frozenset(EVENT_STATUS) | {EventKind.RESUMED}
# Non-step actions that follow an event of their own, whatever the status (the paper served
# follows the step that made it, receipts.MADE_BY, and is refused before it; a listing is lifted
# after it was set …)
SERVED_AFTER = {doc: EventKind(next(iter(kinds))) for doc, kinds in MADE_BY.items()}
FOLLOWS = {"lift_supervision": EventKind.SUPERVISION_SET, "remove_blacklist": EventKind.BLACKLISTED,
           "blacklist": EventKind.BLACKLIST_PROPOSED, "advance_recovered": EventKind.EMERGENCY_ADVANCE}


def unmade_paper_error(document: str, timeline: list[TimelineFact]) -> str | None:
    """Why ``document`` cannot be served yet: the step that makes it (receipts.MADE_BY) is not
    recorded — nobody receives an award before it is made, a hearing notice before a hearing is
    scheduled, the application copy before the acceptance (LDMAF 30, 35, 42, 47–50)."""
    anchor = SERVED_AFTER.get(document)
    if anchor is None or any(f.kind == anchor.value for f in timeline):
        return None
    what = dict(DOCUMENTS).get(document, "")
    return f"尚未{anchor.label}，不能登记送达{what}：须先登记“{anchor.label}”"


def _allowed_by_kind(procedure: Procedure) -> dict[EventKind, frozenset[CaseStatus]]:
    """For each event the procedure's actions record, the states in which it may be recorded."""
    out: dict[EventKind, frozenset[CaseStatus]] = {}
    for a in WORKFLOWS[procedure]:
        out[a.event] = out.get(a.event, frozenset()) | a.from_states
    return out


def timeline_error(procedure: Procedure, action: Action, on: date, timeline: list[TimelineFact],
                   values: dict[str, Any] | None = None) -> str | None:
    """Why ``action`` cannot be dated ``on`` on this timeline (in date order); None when it can.

    Every action must be one the case's status on that day allows: a step of the procedure is not
    dated before the step it follows. A step (an event that moves the status) is moreover never
    dated before a step already recorded, nor before an event recorded while the case was in a
    state the step would end (a service while pending, before a withdrawal). Events allowed in
    every state (a note, a listing, a paper issued, a claim item or an edit recorded on the day it
    was typed) may carry any date from the receipt on, and a service may be recorded late with
    the receipt's own earlier date, as long as the case was then in a state that allows it."""
    before = [f for f in timeline if f.occurred_on <= on]
    later = [f for f in timeline if f.occurred_on > on]
    kind = EventKind(action.event)
    anchor_kind = (SERVED_AFTER.get(str((values or {}).get("document"))) if kind is EventKind.SERVED
                   else FOLLOWS.get(action.key))
    if anchor_kind is not None:
        days = [f.occurred_on for f in timeline if f.kind == anchor_kind.value]
        if kind is EventKind.SERVED and (msg := unmade_paper_error(str((values or {}).get("document")), timeline)):
            return msg
        if days and on < max(days):
            return f"办理日期不能早于“{anchor_kind.label}”的日期 {max(days).isoformat()}"
    status = derive_state(before).status
    if status not in action.from_states:
        # the step from which the case has been in a state that allows the action
        anchor: TimelineFact | None = None
        for i, f in enumerate(timeline):
            if EventKind(f.kind) in STEP_EVENTS:
                now = derive_state(timeline[:i + 1]).status
                anchor = (anchor or f) if now in action.from_states else None
        where = (f"办理日期不能早于“{EventKind(anchor.kind).label}”的日期 {anchor.occurred_on.isoformat()}："
                 if anchor is not None else "")
        return f"{where}{on.isoformat()} 时案件状态为“{status.label}”，不能办理“{action.label}”"
    if kind not in STEP_EVENTS:
        return None
    if step := next((f for f in later if EventKind(f.kind) in STEP_EVENTS), None):
        return (f"办理日期不能早于已记录的“{EventKind(step.kind).label}”（{step.occurred_on.isoformat()}）："
                "后一步骤须在前一步骤之后")
    after = derive_state([*before, TimelineFact(kind.value, on)]).status
    allowed = _allowed_by_kind(procedure)
    for f in later:
        states = allowed.get(EventKind(f.kind))
        if states is not None and after not in states:
            return (f"该日期之后已记录“{EventKind(f.kind).label}”（{f.occurred_on.isoformat()}），"
                    f"案件“{after.label}”后不能再有该事项：请核对日期")
    return None


REPRESENTATIVES_MIN, REPRESENTATIVES_MAX = 3, 5  # Rules2017 Art 63


def split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[、,，;；\s]+", text.strip()) if n]


def representatives_error(text: str, applicants: list[str]) -> str | None:
    names = split_names(text)
    if not REPRESENTATIVES_MIN <= len(names) <= REPRESENTATIVES_MAX:
        return f"代表人应为三至五人（仲裁规则第六十三条），现填写 {len(names)} 人"
    if len(set(names)) != len(names):
        return "代表人姓名重复"
    if strangers := [n for n in names if n not in applicants]:
        return "、".join(strangers) + " 不是本案申请人"
    return None


def tribunal_size_error(procedure: Procedure, arbitrators: str | list[str]) -> str | None:
    """Simplified: a sole arbitrator; collective: three (Rules2017 56, 65); ordinary: one or three.
    ``arbitrators``: the register's ids chosen, or (a step recorded before the register) names."""
    names = arbitrators if isinstance(arbitrators, list) else [
        n for n in arbitrators.replace(",", "、").replace("，", "、").split("、") if n.strip()]
    if procedure is Procedure.SIMPLIFIED and len(names) != 1:
        return "简易处理由一名仲裁员独任仲裁"
    if procedure is Procedure.COLLECTIVE and len(names) != 3:
        return "集体争议应当由三名仲裁员组成仲裁庭"
    if procedure is Procedure.ORDINARY and len(names) not in (1, 3):
        return "仲裁庭由三名仲裁员组成，或由一名仲裁员独任仲裁"
    return None
