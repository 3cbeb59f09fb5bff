"""Enumerations stored in the database, each value with its Chinese label.

Pure Python (no SQL import), so the domain layer and the UI can use them cheaply.
Values are stable English identifiers; labels are what people read.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese label: ``Member = ("value", "标签")``."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class OfficeKind(LabelledEnum):
    COMMISSION = ("commission", "劳动人事争议仲裁委员会")
    INSTITUTE = ("institute", "劳动人事争议仲裁院")
    TOWNSHIP_CENTRE = ("township_centre", "乡镇（街道）劳动争议调解中心")
    COMMITTEE = ("committee", "村（社区）/企业调解委员会")
    INSPECTION = ("inspection", "劳动保障监察机构")


class Role(LabelledEnum):
    MEDIATOR = ("mediator", "调解员")
    ARBITRATOR = ("arbitrator", "仲裁员")
    CLERK = ("clerk", "书记员")
    INSPECTOR = ("inspector", "监察员")
    SUPERVISOR = ("supervisor", "领导")
    ADMIN = ("admin", "管理员")


class PartyKind(LabelledEnum):
    PERSON = ("person", "自然人")
    ORGANISATION = ("organisation", "单位")


class Sex(LabelledEnum):
    MALE = ("male", "男")
    FEMALE = ("female", "女")


class IdDocType(LabelledEnum):
    RESIDENT_ID = ("resident_id", "居民身份证")
    HK_MACAO_PERMIT = ("hk_macao_permit", "港澳居民来往内地通行证")
    TAIWAN_PERMIT = ("taiwan_permit", "台湾居民来往大陆通行证")
    RESIDENCE_PERMIT = ("residence_permit", "港澳台居民居住证")
    PASSPORT = ("passport", "护照")
    OTHER = ("other", "其他证件")


class CaseFamily(LabelledEnum):
    MEDIATION = ("mediation", "调解案件")
    ARBITRATION = ("arbitration", "仲裁案件")
    COMPLAINT = ("complaint", "欠薪投诉")


class Procedure(LabelledEnum):
    GRASSROOTS = ("grassroots", "基层调解")
    PREFILING = ("prefiling", "仲裁前调解")
    ORDINARY = ("ordinary", "普通程序")
    SIMPLIFIED = ("simplified", "简易处理")
    COLLECTIVE = ("collective", "集体争议")
    ARBITRAL_REVIEW = ("arbitral_review", "调解协议仲裁审查")
    COMPLAINT = ("complaint", "举报投诉")


PROCEDURES_BY_FAMILY: dict[CaseFamily, tuple[Procedure, ...]] = {
    CaseFamily.MEDIATION: (Procedure.GRASSROOTS, Procedure.PREFILING),
    CaseFamily.ARBITRATION: (
        Procedure.ORDINARY,
        Procedure.SIMPLIFIED,
        Procedure.COLLECTIVE,
        Procedure.ARBITRAL_REVIEW,
    ),
    CaseFamily.COMPLAINT: (Procedure.COMPLAINT,),
}


class CaseStatus(LabelledEnum):
    RECEIVED = ("received", "待审查")
    ACCEPTED = ("accepted", "已受理")
    MEDIATING = ("mediating", "调解中")
    TRIBUNAL_FORMED = ("tribunal_formed", "已组庭")
    HEARING = ("hearing", "审理中")
    SUSPENDED = ("suspended", "中止")
    FILED = ("filed", "已立案")
    INVESTIGATING = ("investigating", "调查中")
    ORDERED = ("ordered", "已责令支付")
    # closed states
    AGREEMENT = ("agreement", "调解成功")
    NO_AGREEMENT = ("no_agreement", "调解不成")
    MEDIATION_STATEMENT = ("mediation_statement", "仲裁调解结案")
    AWARDED = ("awarded", "裁决结案")
    WITHDRAWN = ("withdrawn", "撤回")
    DEEMED_WITHDRAWN = ("deemed_withdrawn", "视为撤回")
    REVOKED = ("revoked", "撤销案件")
    NOT_ACCEPTED = ("not_accepted", "不予受理")
    REFERRED = ("referred", "已转仲裁/移送")
    REVIEW_REFUSED = ("review_refused", "不予制作调解书")
    CLOSED = ("closed", "已结案")


OPEN_STATUSES: frozenset[CaseStatus] = frozenset(
    {
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
        CaseStatus.MEDIATING,
        CaseStatus.TRIBUNAL_FORMED,
        CaseStatus.HEARING,
        CaseStatus.SUSPENDED,
        CaseStatus.FILED,
        CaseStatus.INVESTIGATING,
        CaseStatus.ORDERED,
    }
)


class Cause(LabelledEnum):
    """案由 categories used in the statistical reports."""

    LABOUR_PAY = ("labour_pay", "劳动报酬")
    SOCIAL_INSURANCE = ("social_insurance", "社会保险")
    TERMINATION = ("termination", "解除/终止劳动合同")
    WORK_INJURY = ("work_injury", "工伤")
    RELATIONSHIP = ("relationship", "确认劳动关系")
    OTHER = ("other", "其他")


class CasePartyRole(LabelledEnum):
    APPLICANT = ("applicant", "申请人")
    RESPONDENT = ("respondent", "被申请人")
    THIRD_PARTY = ("third_party", "第三人")
    REPRESENTATIVE = ("representative", "代表人")
    AGENT = ("agent", "委托代理人")


class ClaimType(LabelledEnum):
    WAGES = ("wages", "劳动报酬（工资）")
    OVERTIME = ("overtime", "加班工资")
    ECONOMIC_COMPENSATION = ("economic_compensation", "经济补偿")
    DAMAGES = ("damages", "违法解除赔偿金")
    DOUBLE_WAGES = ("double_wages", "未签劳动合同二倍工资差额")
    NOTICE_PAY = ("notice_pay", "代通知金")
    ANNUAL_LEAVE = ("annual_leave", "未休年休假工资")
    WORK_INJURY_MEDICAL = ("work_injury_medical", "工伤医疗费")
    WORK_INJURY_BENEFITS = ("work_injury_benefits", "工伤保险待遇")
    SOCIAL_INSURANCE = ("social_insurance", "社会保险")
    CONFIRM_RELATIONSHIP = ("confirm_relationship", "确认劳动关系")
    OTHER = ("other", "其他")


class ClaimDecision(LabelledEnum):
    """The tribunal's decision on one claim item (裁决结果). Three, as the award's 裁决项 state them:
    an item outside the arbitration's scope, or one the evidence does not bear, is 驳回 with its
    reason (the law files know no fourth outcome of an award; a claim withdrawn leaves the case
    through 变更仲裁请求, not through a decision)."""

    SUPPORTED = ("supported", "支持")
    PARTIAL = ("partial", "部分支持")
    REJECTED = ("rejected", "驳回")


class EventKind(LabelledEnum):
    RECEIVED = ("received", "收到申请")
    ACCEPTED = ("accepted", "受理")
    NOT_ACCEPTED = ("not_accepted", "不予受理")
    MEDIATION_STARTED = ("mediation_started", "开始调解")
    TRIBUNAL_FORMED = ("tribunal_formed", "组成仲裁庭")
    SERVED = ("served", "送达")
    HEARING_HELD = ("hearing_held", "开庭审理")
    PAPERS_DECIDED = ("papers_decided", "决定书面审理")  # no hearing: decided on the papers (本机构设置)
    SUSPENDED = ("suspended", "中止审理")
    RESUMED = ("resumed", "恢复审理")
    EXTENDED = ("extended", "延期")
    AGREEMENT = ("agreement", "达成调解协议")
    NO_AGREEMENT = ("no_agreement", "调解不成")
    MEDIATION_STATEMENT = ("mediation_statement", "制作仲裁调解书")
    AWARDED = ("awarded", "作出裁决")
    WITHDRAWN = ("withdrawn", "撤回申请")
    DEEMED_WITHDRAWN = ("deemed_withdrawn", "视为撤回")
    REVOKED = ("revoked", "撤销案件")
    REFERRED = ("referred", "转仲裁/移送")
    REVIEW_REFUSED = ("review_refused", "决定不予制作调解书")
    FILED = ("filed", "立案")
    INVESTIGATION_STARTED = ("investigation_started", "开始调查")
    ORDER_ISSUED = ("order_issued", "责令限期支付")
    PAYMENT = ("payment", "支付到位")
    CLOSED = ("closed", "结案")
    MATERIALS_COMPLETED = ("materials_completed", "补正材料")
    PARTY_ADDED = ("party_added", "追加当事人")
    CLAIMS_CHANGED = ("claims_changed", "受理变更/增加仲裁请求")
    COUNTERCLAIM = ("counterclaim", "受理反申请")
    TRANSFERRED_IN = ("transferred_in", "移送收案")
    HEARING_SCHEDULED = ("hearing_scheduled", "确定开庭日期")
    DEFENCE_PERIOD_SET = ("defence_period_set", "缩短/取消答辩期")
    CONVERTED_TO_ORDINARY = ("converted_to_ordinary", "转为普通程序")
    SUPERVISION_SET = ("supervision_set", "挂牌督办")
    SUPERVISION_LIFTED = ("supervision_lifted", "解除督办")
    REPRESENTATIVES_ELECTED = ("representatives_elected", "推选代表人")
    CLAIM_ADDED = ("claim_added", "增加请求事项")
    EDITED = ("edited", "修改案件信息")
    NOTE = ("note", "备注")
    DOCUMENT_ISSUED = ("document_issued", "签发文书")
    # the award's life after it is made (裁审衔接, domain.award_effect): they keep the status
    SUED = ("sued", "当事人起诉")
    COURT_RULED = ("court_ruled", "法院裁判结果")
    SET_ASIDE_APPLIED = ("set_aside_applied", "申请撤销裁决")
    SET_ASIDE_RULED = ("set_aside_ruled", "撤销裁决申请结果")
    ENFORCEMENT_APPLIED = ("enforcement_applied", "申请强制执行")
    # wage-arrears complaints (domain.complaints)
    MATERIALS_REQUESTED = ("materials_requested", "通知补正材料")
    INSPECTION = ("inspection", "检查/调查询问记录")
    COMPENSATION_ORDERED = ("compensation_ordered", "责令加付赔偿金")
    PENALTY = ("penalty", "行政处罚决定")
    POLICE_TRANSFER = ("police_transfer", "移送公安机关")
    BLACKLIST_PROPOSED = ("blacklist_proposed", "提请列入失信名单")
    BLACKLISTED = ("blacklisted", "列入失信联合惩戒名单")
    BLACKLIST_REMOVED = ("blacklist_removed", "移出失信名单")
    EMERGENCY_ADVANCE = ("emergency_advance", "应急周转金垫付")
    ADVANCE_RECOVERED = ("advance_recovered", "追回垫付资金")
    # the tribunal's people and hearings (issue 19)
    RECUSAL_REQUESTED = ("recusal_requested", "申请回避")
    RECUSAL_DECIDED = ("recusal_decided", "回避决定")
    HEARING_POSTPONED = ("hearing_postponed", "延期开庭")
    CORRECTED = ("corrected", "更正")
    APPROVAL_REQUESTED = ("approval_requested", "申请审批")
    APPROVAL_REFUSED = ("approval_refused", "不予批准")


class IntakeChannel(LabelledEnum):
    WINDOW = ("window", "窗口")
    HOTLINE_12345 = ("hotline_12345", "12345热线")
    HOTLINE_12333 = ("hotline_12333", "12333热线")
    ONLINE = ("online", "网上平台")
    WAGE_PLATFORM = ("wage_platform", "全国根治欠薪线索反映平台")
    LETTER = ("letter", "来信")
    TRANSFER = ("transfer", "转办（移送收案）")


class ArbitratorKind(LabelledEnum):
    FULL_TIME = ("full_time", "专职仲裁员")
    PART_TIME = ("part_time", "兼职仲裁员")


class TribunalSeatKind(LabelledEnum):
    CHIEF = ("chief", "首席仲裁员")
    MEMBER = ("member", "仲裁员")
    SOLE = ("sole", "独任仲裁员")


class PlaceKind(LabelledEnum):
    ROOM = ("room", "仲裁庭室")
    MOBILE_POINT = ("mobile_point", "流动仲裁庭点")


class HearingStatus(LabelledEnum):
    SCHEDULED = ("scheduled", "待开庭")
    HELD = ("held", "已开庭")
    POSTPONED = ("postponed", "延期")
    CANCELLED = ("cancelled", "已撤销")


class ElementStance(LabelledEnum):
    CONFIRMED = ("confirmed", "确认")
    DISPUTED = ("disputed", "有争议")


class ApprovalStatus(LabelledEnum):
    PENDING = ("pending", "待审批")
    APPROVED = ("approved", "已批准")
    REFUSED = ("refused", "不予批准")
    WITHDRAWN = ("withdrawn", "已撤回")
