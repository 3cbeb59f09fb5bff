"""Who may do what: the permission table, as data (procedures.md "Who uses it").

Procedure steps (受理, 裁决, 责令限期支付 …) carry their roles in domain/workflows.py; this
table covers everything else a service does. Every service asks ``refusal()`` before it acts,
the window asks ``allowed()`` only to hide what the service would refuse, and a test walks
the whole table, role by role. Which cases a person sees is the other half: their office
and its sub-offices (services/offices.py).

The administrator keeps the program running (users, offices, reference data, backups) and
may register and correct a dispute's particulars for a small centre's desk; the decisions,
the papers, the inspector's files, whole ID numbers and an informant stay with the people
who handle cases.

Offices declare what they handle by their kind (FAMILIES_BY_OFFICE): a supervisor, whose role
spans every family, takes the procedure steps of those families only; and a report's informant
is read by the inspector handling it and the supervisors of the inspection unit that holds it
(services.complaints.may_see_informant), not by the offices above that unit.
"""

from __future__ import annotations

from ..models.enums import CaseFamily, LabelledEnum, OfficeKind, Role
from .workflows import ARBITRATION_STAFF, INSPECTORS, MEDIATORS

R = Role
CASE_STAFF = frozenset({R.MEDIATOR, R.ARBITRATOR, R.CLERK, R.INSPECTOR, R.SUPERVISOR})
EVERYONE = frozenset(Role)
ADMIN_ONLY = frozenset({R.ADMIN})


class Permission(LabelledEnum):
    READ_CASES = ("read_cases", "查看案件")
    REGISTER_MEDIATION = ("register_mediation", "登记调解案件")
    REGISTER_ARBITRATION = ("register_arbitration", "登记仲裁案件")
    REGISTER_COMPLAINT = ("register_complaint", "登记欠薪投诉举报")
    EDIT_MEDIATION = ("edit_mediation", "修改调解案件信息、当事人、请求")
    EDIT_ARBITRATION = ("edit_arbitration", "修改仲裁案件信息、当事人、请求")
    EDIT_COMPLAINT = ("edit_complaint", "修改投诉案件信息、劳动者名单")
    ISSUE_MEDIATION_PAPERS = ("issue_mediation_papers", "签发调解文书")
    ISSUE_ARBITRATION_PAPERS = ("issue_arbitration_papers", "签发仲裁文书")
    ISSUE_COMPLAINT_PAPERS = ("issue_complaint_papers", "签发监察文书")
    ISSUE_TRIBUNAL_PAPERS = ("issue_tribunal_papers", "签发仲裁裁决书、仲裁调解书（仲裁庭作出，书记员不能签发）")
    SEE_ID_NUMBERS = ("see_id_numbers", "查看完整证件号码")
    SEE_INFORMANT = ("see_informant", "查看举报人信息（限本监察机构领导，另加承办监察员本人）")
    MERGE_EMPLOYERS = ("merge_employers", "合并重复的用人单位记录")
    READ_REPORTS = ("read_reports", "查看统计和月度报表")
    SET_TARGETS = ("set_targets", "设定考核目标和统计口径")
    SUBMIT_REPORT = ("submit_report", "上报月度报表（上报后不能更改）")
    EDIT_REFERENCE = ("edit_reference", "维护参考数据（节假日、工资标准、期限设置、案号格式）")
    KEEP_ARBITRATORS = ("keep_arbitrators", "维护本院仲裁员名册（本院领导，或管理员）")
    MANAGE_OFFICES = ("manage_offices", "新建机构")
    MANAGE_USERS = ("manage_users", "新建、停用用户，重置密码")
    READ_AUDIT = ("read_audit", "查看审计日志")
    BACKUP = ("backup", "备份、恢复和加密本机数据库")
    PLAN_SITTINGS = ("plan_sittings", "安排流动仲裁庭（地点、日期、出庭仲裁员、书记员、审理案件）")
    RECORD_ELEMENTS = ("record_elements", "记录要素确认（双方当事人对请求要素的确认或争议，限本案受理机构）")


TABLE: dict[Permission, frozenset[Role]] = {
    Permission.READ_CASES: EVERYONE,
    Permission.REGISTER_MEDIATION: MEDIATORS | ARBITRATION_STAFF | ADMIN_ONLY,  # 仲裁前调解 at the institute
    Permission.REGISTER_ARBITRATION: ARBITRATION_STAFF | ADMIN_ONLY,
    Permission.REGISTER_COMPLAINT: INSPECTORS,
    Permission.EDIT_MEDIATION: MEDIATORS | ARBITRATION_STAFF | ADMIN_ONLY,
    Permission.EDIT_ARBITRATION: ARBITRATION_STAFF | ADMIN_ONLY,
    Permission.EDIT_COMPLAINT: INSPECTORS,
    Permission.ISSUE_MEDIATION_PAPERS: MEDIATORS | ARBITRATION_STAFF,
    Permission.ISSUE_ARBITRATION_PAPERS: ARBITRATION_STAFF,
    Permission.ISSUE_COMPLAINT_PAPERS: INSPECTORS,
    # the award and the arbitral mediation statement are the tribunal's (LDMAF 42, 46–47); until
    # the tribunal's members are users (issue 19), the arbitrators and the institute's head
    Permission.ISSUE_TRIBUNAL_PAPERS: frozenset({R.ARBITRATOR, R.SUPERVISOR}),
    Permission.SEE_ID_NUMBERS: CASE_STAFF,
    Permission.SEE_INFORMANT: frozenset({R.SUPERVISOR}),
    Permission.MERGE_EMPLOYERS: INSPECTORS | ADMIN_ONLY,
    Permission.READ_REPORTS: EVERYONE,
    Permission.SET_TARGETS: ADMIN_ONLY,
    # 上报 is the office head's: the figures are the office's word to the level above, answered
    # for by the person who leads the work behind them (administrators configure, they do not
    # report); which office's supervisors: REPORT_SUBMITTERS below
    Permission.SUBMIT_REPORT: frozenset({R.SUPERVISOR}),
    Permission.EDIT_REFERENCE: ADMIN_ONLY,
    # the institute's own register: its head (of that institute, services.tribunal) or an administrator above it
    Permission.KEEP_ARBITRATORS: frozenset({R.SUPERVISOR, R.ADMIN}),
    Permission.MANAGE_OFFICES: ADMIN_ONLY,
    Permission.MANAGE_USERS: ADMIN_ONLY,
    Permission.READ_AUDIT: frozenset({R.SUPERVISOR, R.ADMIN}),
    Permission.BACKUP: ADMIN_ONLY,
    # a mobile sitting sends arbitrators (part-time ones too) and a clerk out of the institute for a
    # day: the head's assignment, as approvals are (workflows.APPROVERS); each case's 确定开庭 at it
    # is still checked as the case's own step (workflows: ARBITRATION_STAFF)
    Permission.PLAN_SITTINGS: frozenset({R.SUPERVISOR}),
    # 要素式审理: the stances are taken before and at the hearing by the case's arbitration staff
    # (services.element_positions also holds them to the case's own office)
    Permission.RECORD_ELEMENTS: ARBITRATION_STAFF,
}

REGISTER = {CaseFamily.MEDIATION: Permission.REGISTER_MEDIATION,
            CaseFamily.ARBITRATION: Permission.REGISTER_ARBITRATION,
            CaseFamily.COMPLAINT: Permission.REGISTER_COMPLAINT}
EDIT = {CaseFamily.MEDIATION: Permission.EDIT_MEDIATION, CaseFamily.ARBITRATION: Permission.EDIT_ARBITRATION,
        CaseFamily.COMPLAINT: Permission.EDIT_COMPLAINT}
TRIBUNAL_PAPERS = frozenset({"award", "mediation_statement"})  # template keys the tribunal issues

ISSUE = {CaseFamily.MEDIATION: Permission.ISSUE_MEDIATION_PAPERS,
         CaseFamily.ARBITRATION: Permission.ISSUE_ARBITRATION_PAPERS,
         CaseFamily.COMPLAINT: Permission.ISSUE_COMPLAINT_PAPERS}


# which case families an office of each kind handles (its supervisors act on these only)
FAMILIES_BY_OFFICE: dict[OfficeKind, frozenset[CaseFamily]] = {
    OfficeKind.COMMISSION: frozenset({CaseFamily.ARBITRATION, CaseFamily.MEDIATION}),
    OfficeKind.INSTITUTE: frozenset({CaseFamily.ARBITRATION, CaseFamily.MEDIATION}),  # 仲裁前调解 too
    OfficeKind.TOWNSHIP_CENTRE: frozenset({CaseFamily.MEDIATION}),
    OfficeKind.COMMITTEE: frozenset({CaseFamily.MEDIATION}),
    OfficeKind.INSPECTION: frozenset({CaseFamily.COMPLAINT}),
}


def office_refusal(kind: OfficeKind | str, family: CaseFamily | str) -> str | None:
    """Why a supervisor of an office of this kind may not act on a case of this family; None
    when the office handles it."""
    kind, family = OfficeKind(kind), CaseFamily(family)
    if family in FAMILIES_BY_OFFICE[kind]:
        return None
    return f"{kind.label}不办理{family.label}，其领导不能办理该案件的程序操作"


class ReportSubmitter(LabelledEnum):
    """How a supervisor stands to the office whose report is to be submitted (上报)."""

    OWN = ("own", "本机构的领导")
    NEAREST_ABOVE = ("nearest_above", "最近一级有领导的上级机构的领导")
    OTHER = ("other", "其他上级机构的领导")


# 上报 is the office's word to the level above, answered for by the head who leads the work behind
# the figures, and it is once only: a supervisor above who could submit an office's month would take
# that word from the office's own head (attack review of issue 18, L6). So an office with supervisors
# of its own is reported by them alone; an office with none (a township centre with no head user) by
# the supervisors of the nearest office above that has some, only when that office handles every
# family the office handles (FAMILIES_BY_OFFICE), as its supervisors act on those families only:
# nobody above an inspection unit reports for it (they take no complaint steps).
REPORT_SUBMITTERS: frozenset[ReportSubmitter] = frozenset({ReportSubmitter.OWN, ReportSubmitter.NEAREST_ABOVE})


def report_submitter_refusal(office: str, kind: OfficeKind | str, has_own_supervisors: bool,
                             submitter: ReportSubmitter, submitter_kind: OfficeKind | str) -> str | None:
    """Why this supervisor may not submit the report of ``office`` (of ``kind``); None when they may."""
    kind, submitter_kind = OfficeKind(kind), OfficeKind(submitter_kind)
    if submitter is ReportSubmitter.OWN:
        return None
    if has_own_supervisors:
        return f"{office}有自己的领导，其报表由该机构自己的领导上报"
    missing = FAMILIES_BY_OFFICE[kind] - FAMILIES_BY_OFFICE[submitter_kind]
    if missing:
        families = "、".join(f.label for f in CaseFamily if f in missing)
        return (f"{office}办理{families}，{submitter_kind.label}不办理{families}，其领导不能上报该机构的报表；"
                f"请为{office}设立领导账号，由其上报")
    if submitter not in REPORT_SUBMITTERS:
        return f"{office}没有自己的领导，其报表由{ReportSubmitter.NEAREST_ABOVE.label}上报"
    return None


def allowed(role: Role, permission: Permission) -> bool:
    return role in TABLE[permission]


def refusal(role: Role, permission: Permission) -> str | None:
    """Why the role may not, in Chinese; None when it may."""
    if allowed(role, permission):
        return None
    who = "、".join(r.label for r in Role if r in TABLE[permission])
    return f"“{permission.label}”须由{who}办理，您的角色是{role.label}"


def mask_id_number(value: str | None) -> str | None:
    """An ID or credit number with its middle hidden: 4412**********0013."""
    if not value:
        return value
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def is_masked(value: str | None) -> bool:
    return bool(value) and "*" in value
