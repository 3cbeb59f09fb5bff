"""One case: summary, parties, claim items and the timeline, with the edits allowed here."""

from __future__ import annotations

import uuid
from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..domain import limitation as lim
from ..domain.claims import SEPARATE_TERMINATION_LABEL, element_labels
from ..domain.deadlines import Deadline, State, clock_effects
from ..domain.workflows import PER_WORKER, WORKFLOWS, Action
from ..models.enums import OPEN_STATUSES, CaseFamily, CasePartyRole, IdDocType, PartyKind
from ..services import cases, claims, element_positions, limitation, workflow
from ..services.cases import CaseDetail
from ..services.errors import NotFound, PermissionDenied, ServiceError
from ..services.papers import decision_text
from .action_buttons import ActionButtons, short_label
from .flow_layout import FlowLayout
from .forms import align_right, fmt_date, money_text

STATE_COLORS = {State.OVERDUE: "#c62828", State.DUE_TODAY: "#ef6c00", State.PAUSED: "#6a1b9a",
                State.MET: "#2e7d32", State.ENDED: "#616161"}
VERDICT_COLORS = {lim.Verdict.LAPSED: "#c62828", lim.Verdict.UNKNOWN: "#ef6c00", lim.Verdict.WITHIN: "#2e7d32",
                  lim.Verdict.NOT_LIMITED: "#2e7d32"}

REVIEWED = frozenset({"file", "not_accept", "request_materials"})
DECISION_COLUMN = 4  # 裁决结果 on the claims tab: a double click there opens the decision
_ROLE_LABELS_COMPLAINT = {CasePartyRole.APPLICANT: "投诉人", CasePartyRole.RESPONDENT: "被投诉单位"}


def role_label(family: CaseFamily, role: CasePartyRole) -> str:
    if family is CaseFamily.COMPLAINT:
        return _ROLE_LABELS_COMPLAINT.get(role, role.label)
    return role.label


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


def _explained(table: QTableWidget) -> tuple[QSplitter, QLabel]:
    """A table above the explanation of its selected row."""
    text = QLabel()
    text.setWordWrap(True)
    text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    page = QSplitter(Qt.Orientation.Vertical)
    page.addWidget(table)
    page.addWidget(text)
    page.setSizes([260, 200])
    return page, text


def _fill(table: QTableWidget, rows: list[list[str]], right: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(align_right())
            table.setItem(r, c, item)


class StepsFirstSplitter(QSplitter):
    """The summary above, the 办理 steps below: when the pane is resized the steps get the height
    they need first (up to all but SUMMARY_KEPT of the pane, then they scroll), the summary the rest."""

    SUMMARY_KEPT = 90

    def __init__(self, steps: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.steps = steps

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.fit_steps()

    def fit_steps(self) -> None:
        total = sum(self.sizes())
        if self.count() < 2 or total <= 0:
            return
        want = self.steps.sizeHint().height()
        below = max(min(want, total - self.SUMMARY_KEPT), min(want, total // 2))
        self.setSizes([total - below, below])


class CaseView(QWidget):
    """Shows a case; ``changed`` is emitted after a successful edit so lists can refresh."""

    changed = Signal(object)
    open_linked = Signal(object)  # the id of a case this one came from or went on to

    def __init__(self, ctx, case_id, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.finality: claims.FinalityReport | None = None
        self.element_summary: dict[uuid.UUID, str] = {}  # 要素确认 per claim item (element_positions)
        self.decide_why: str | None = None  # why 裁决结果 is not this user's (claims.decision_refusal)
        self.deadline_list: list[Deadline] = []
        self.limitations: list[lim.Limitation] = []
        self._build()
        self.reload()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        # 此案件已被 X 修改，已刷新 (ui.live_refresh): quiet, until 知道了 or the next save here
        self.notice = QLabel()
        self.notice.setObjectName("changed_elsewhere")
        self.notice.setStyleSheet("QLabel#changed_elsewhere { background: #fff8e1; color: #6d4c00;"
                                  " border: 1px solid #ffe082; padding: 3px 8px; }")
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.linkActivated.connect(lambda _href: self.notice.hide())
        self.notice.hide()
        lay.addWidget(self.notice)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QLabel()
        self.badges.setWordWrap(True)  # many badges take a second line, never the window's width
        head.addWidget(self.title)
        head.addWidget(self.badges, 1)  # takes the room the buttons leave
        self.edit_btn = QPushButton("编辑案件信息…")
        self.edit_btn.clicked.connect(self.edit_case)
        self.claim_btn = QPushButton("增加请求事项…")
        self.claim_btn.clicked.connect(self.add_claim)
        self.decide_btn = QPushButton("裁决结果…")  # the tribunal's decision on the selected claim item
        self.decide_btn.setToolTip("对选中的请求事项作出裁决：支持、部分支持（填写金额）或驳回（填写理由）")
        self.decide_btn.clicked.connect(lambda: self.decide_claim(self.claims.currentRow()))
        self.elements_btn = QPushButton("要素确认…")  # 要素式: each party's stance on each claim element
        self.elements_btn.setToolTip("逐项记录双方当事人对各请求要素的确认或争议（要素式审理）")
        self.elements_btn.clicked.connect(self.confirm_elements)
        self.limitation_btn = QPushButton("仲裁时效…")
        self.limitation_btn.setToolTip("填写知道权利被侵害之日、劳动关系终止之日及时效中断、中止事由")
        self.limitation_btn.clicked.connect(self.edit_limitation)
        self.handler_btn = QPushButton("更换承办人…")
        self.handler_btn.clicked.connect(self.change_handler)
        # the buttons wrap onto a second line rather than widen the window past a laptop's screen
        self.head_buttons = QWidget()
        flow = FlowLayout(self.head_buttons, align_right=True)
        for b in (self.edit_btn, self.handler_btn, self.claim_btn, self.decide_btn, self.elements_btn,
                  self.limitation_btn):
            flow.addWidget(b)
        head.addWidget(self.head_buttons)
        lay.addLayout(head)

        split = QSplitter(Qt.Orientation.Horizontal)
        summary_box = QGroupBox("案件概况")
        self.form = QFormLayout(summary_box)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("family", "类别"), ("procedure", "程序"), ("status", "状态"), ("office", "受理机构"),
            ("handler", "承办人"), ("tribunal", "仲裁庭"), ("clerk", "书记员"), ("next_hearing", "下次开庭"),
            ("hearings", "开庭记录"), ("cause", "案由"), ("received_on", "收案日期"),
            ("accepted_on", "受理/立案日期"), ("closed_on", "结案日期"), ("workers", "涉及劳动者"),
            ("claimed", "请求金额"), ("resolved", "调解/裁决/追回金额"), ("channel", "来源渠道"),
            ("flags", "标记"), ("linked", "关联案件"),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            self.form.addRow(label + "：", value)
        self.fields["linked"].setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.fields["linked"].linkActivated.connect(lambda href: self.open_linked.emit(uuid.UUID(href)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("摘要：", self.summary)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(summary_box)
        # the award's life after it is made (裁审衔接): shown once an award or statement exists
        self.after_life = QGroupBox("裁决生效与裁审衔接")
        life_lay = QVBoxLayout(self.after_life)
        self.after_life_text = QLabel()
        self.after_life_text.setWordWrap(True)
        self.after_life_text.setTextFormat(Qt.TextFormat.RichText)
        self.after_life_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        life_lay.addWidget(self.after_life_text)
        self.after_life.hide()
        left_lay.addWidget(self.after_life)
        self.actions_box = QGroupBox("办理")
        self.actions_grid = ActionButtons()  # short labels, one column when two do not fit
        QVBoxLayout(self.actions_box).addWidget(self.actions_grid)
        self.action_buttons: dict[str, QPushButton] = {}
        from .approvals import PendingRequests

        self.pending = PendingRequests(self)  # 待审批: the case's requests, above the 申请审批 buttons
        left_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        # the 办理 buttons under the summary, never below the fold: the summary scrolls, they do not
        steps = QWidget()
        steps_lay = QVBoxLayout(steps)
        steps_lay.setContentsMargins(0, 0, 0, 0)
        steps_lay.addWidget(self.pending)
        steps_lay.addWidget(self.actions_box)
        # shown whole when the window has room; scrolled rather than making the window taller than
        # the screen when a case has pending requests and many steps (a supervisor at 1366×768)
        self.steps_scroll = QScrollArea()
        self.steps_scroll.setWidgetResizable(True)
        self.steps_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.steps_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps_scroll.setWidget(steps)
        self.left_split = StepsFirstSplitter(steps)
        self.left_split.addWidget(scroll)
        self.left_split.addWidget(self.steps_scroll)
        self.left_split.setStretchFactor(0, 1)
        self.left_split.setStretchFactor(1, 0)
        self.left_split.setCollapsible(1, False)
        self.left_split.setMinimumWidth(330)
        split.addWidget(self.left_split)

        self.tabs = QTabWidget()
        self.parties = _table(["身份", "姓名/名称", "证件号码/统一社会信用代码", "联系电话", "地址", "备注"])
        for col, w in enumerate((90, 200, 260, 120, 240)):
            self.parties.setColumnWidth(col, w)
        self.claims = _table(["请求类型", "请求金额（元）", "测算金额（元）", "调解/裁决金额（元）", "裁决结果",
                              "终局判断", "期间", "说明"])
        for col, w in enumerate((170, 110, 110, 130, 170, 70, 190)):
            self.claims.setColumnWidth(col, w)
        self.claims.cellDoubleClicked.connect(self._claim_double_clicked)
        self.claims.currentCellChanged.connect(lambda row, *_: self._explain_claim(row))
        self.claim_page, self.claim_text = _explained(self.claims)
        self.events = _table(["日期", "事项", "经办人", "说明", "记录时间"])
        for col, w in enumerate((100, 140, 90, 300)):
            self.events.setColumnWidth(col, w)
        self.timeline: list = []  # the rows of 办理经过 (EventView), latest first: 更正 reads the selected one
        self.events_page = self._timeline_page()
        self.deadlines = _table(["期限", "届满日", "状态", "起算", "依据"])
        fm = self.deadlines.fontMetrics()  # 届满日 and 状态 read whole; every cell's full text on hover
        for col, w in enumerate((290, fm.horizontalAdvance("2027-01-01（未确认）") + 20,
                                 fm.horizontalAdvance("已完成（逾期完成）") + 20, 170)):
            self.deadlines.setColumnWidth(col, w)  # a clock per party carries the party's name
        self.deadlines.currentCellChanged.connect(lambda row, *_: self._explain(row))
        self.deadline_page, self.deadline_text = _explained(self.deadlines)
        self.tabs.addTab(self.deadline_page, "期限")
        self.tabs.addTab(self.parties, "当事人")
        self.tabs.addTab(self.claim_page, "请求事项")
        self.tabs.addTab(self.events_page, "办理经过")
        from .documents_panel import DocumentsPanel  # QtPdf loads with the first case opened

        self.documents = DocumentsPanel(self.ctx, self)
        self.documents.issued.connect(self._after_issue)
        self.tabs.addTab(self.documents, "文书")
        self.complaint = None  # the 欠薪处理 tab, added for a complaint (ui.complaint_panel)
        self.parties.cellDoubleClicked.connect(lambda row, _c: self._open_employer(row))
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 900])
        lay.addWidget(split, 1)

    def show_notice(self, text: str) -> None:
        """A quiet line above the case: what happened to it elsewhere."""
        self.notice.setText(f"{escape(text)}　<a href='ok'>知道了</a>")
        self.notice.setToolTip(text)
        self.notice.show()

    def reload(self) -> None:
        try:
            self.show_detail(self.ctx.call(cases.get_case, case_id=self.case_id))
        except NotFound as e:
            QMessageBox.warning(self, "案件不存在", str(e))

    def show_detail(self, d: CaseDetail) -> None:
        self.detail = d
        self.title.setText(d.case_number or "（未编号案件）")
        open_ = d.status in OPEN_STATUSES
        color = "#1565c0" if open_ else "#616161"
        self.badges.setText(
            f'<span style="background:{color};color:white;padding:2px 6px;">&nbsp;{d.status.label}&nbsp;</span>'
        )
        f = self.fields
        f["family"].setText(d.family.label)
        f["procedure"].setText(d.procedure.label)
        self.editable = self.ctx.call(cases.may_edit, case_id=d.id)  # the role's family, the office's kind
        for b in (self.edit_btn, self.claim_btn):
            b.setVisible(self.editable)
        # why this user does not record 裁决结果 (None: they do); said on the column, not by the claim editor
        self.decide_why = self.ctx.call(claims.decision_refusal, case_id=d.id)
        self.decide_btn.setVisible(bool(d.claims) and self.decide_why is None)
        self.elements_btn.setVisible(bool(d.claims) and d.family is CaseFamily.ARBITRATION
                                     and self.ctx.call(element_positions.record_refusal, case_id=d.id) is None)
        self.limitation_btn.setVisible(self.editable and d.procedure in limitation.LIMITED)
        f["status"].setText(d.status.label)
        f["office"].setText(d.office_name)
        f["handler"].setText(d.handler_name or "—")
        self.handler_btn.setVisible(self._may_change_handler())
        self._show_people(d)
        self._show_hearings(d)
        f["cause"].setText(d.cause.label)
        f["received_on"].setText(fmt_date(d.received_on))
        f["accepted_on"].setText(fmt_date(d.accepted_on) or "—")
        f["closed_on"].setText(fmt_date(d.closed_on) or "未结")
        f["workers"].setText(f"{d.workers_involved} 人")
        f["claimed"].setText(f"{money_text(d.amount_claimed)} 元")
        f["resolved"].setText(f"{money_text(d.amount_resolved)} 元" if d.amount_resolved is not None else "—")
        from ..models.enums import IntakeChannel

        f["channel"].setText(IntakeChannel(d.intake_channel).label if d.intake_channel else "—")
        marks = [name for flag, name in (
            (d.green_channel, "绿色通道"), (d.collective, "集体争议"), (d.supervised, "挂牌督办"),
            (d.small_claims, "小额速裁")) if flag]
        f["flags"].setText("、".join(marks) or "无")
        f["linked"].setText("<br>".join(f'{link.relation} <a href="{link.id}">{link.label}</a>'
                                        for link in d.linked) or "无")
        self.summary.setText(d.summary or "（未填写）")

        party_rows = []
        for cp in d.parties:
            p = cp.party
            notes = []
            if p.kind is PartyKind.PERSON:
                ident = p.id_doc_number or ""
                if ident and p.id_doc_type and p.id_doc_type != IdDocType.RESIDENT_ID:
                    ident = f"{IdDocType(p.id_doc_type).label} {ident}"
                if p.migrant_worker:
                    notes.append("农民工")
                if p.sex:
                    notes.append("男" if p.sex == "male" else "女")
            else:
                ident = p.credit_code or "（未填写信用代码）"
                if p.legal_rep:
                    notes.append(f"法定代表人：{p.legal_rep}")
                if p.industry:
                    notes.append(p.industry)
                if p.construction:
                    notes.append("建设领域")
            party_rows.append([role_label(d.family, cp.role), p.name, ident, p.phone or "",
                               p.address or "", "；".join(notes)])
        _fill(self.parties, party_rows)
        self._show_claims(d)
        _fill(self.events, [
            [fmt_date(e.occurred_on), e.kind.label, e.user_name, e.note,
             e.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M")]
            for e in reversed(d.events)
        ])
        self._strike_through(d)  # 更正: a struck step stays, struck through, with its correction
        self.tabs.setTabText(self._tab(self.parties), f"当事人（{len(d.parties)}）")
        self.tabs.setTabText(self._tab(self.claim_page), f"请求事项（{len(d.claims)}）")
        self.tabs.setTabText(self._tab(self.events_page), f"办理经过（{len(d.events)}）")
        self.documents.show_case(d)
        self.tabs.setTabText(self._tab(self.documents), f"文书（{self.documents.count()}）")
        if d.family is CaseFamily.COMPLAINT:
            self._show_complaint(d)
        self._show_deadlines()
        self._show_actions()
        self._show_after_life(d)

    def _show_people(self, d: CaseDetail) -> None:
        """An arbitration case's tribunal sitting today (首席/仲裁员/独任 by name), its clerk and its
        next scheduled hearing (services.tribunal.case_people)."""
        from ..services import tribunal

        shown = d.family is CaseFamily.ARBITRATION
        for key in ("tribunal", "clerk", "next_hearing"):
            self.form.setRowVisible(self.fields[key], shown)
        if not shown:
            return
        people = self.ctx.call(tribunal.case_people, case_id=d.id)
        # a seat a line (首席仲裁员 …), the hearing's day and time above its place: each reads whole
        seats = "\n".join(f"{s.seat.label} {s.name}" for s in people.seats)
        self.fields["tribunal"].setText(seats or people.named_tribunal or "未组庭")
        self.fields["clerk"].setText(people.clerk_name or "—")
        hearing = people.next_hearing
        self.fields["next_hearing"].setText(
            f"{hearing.on.isoformat()} {hearing.starts // 60:02d}:{hearing.starts % 60:02d}（{hearing.minutes}分钟）"
            f"\n{hearing.place}" if hearing is not None else "未安排")

    def _show_hearings(self, d: CaseDetail) -> None:
        """Every hearing of an arbitration case, held, postponed and booked (services.hearings); and
        beside the status what the hearing waits for. The status is the procedure's stage (已组庭
        until a hearing is held); a booking or a postponement is said beside it, not by a status."""
        from ..models.enums import HearingStatus
        from ..services import hearings

        shown = d.family is CaseFamily.ARBITRATION
        self.form.setRowVisible(self.fields["hearings"], shown)
        if not shown:
            return
        live = [v for v in self.ctx.call(hearings.case_hearings, case_id=d.id) if v.status is not HearingStatus.CANCELLED]
        self.fields["hearings"].setText("\n".join(v.line for v in live) or "无")
        pending = next((v for v in live if v.status is HearingStatus.SCHEDULED), None)
        if d.status not in OPEN_STATUSES or not live:
            return
        if pending is not None:
            badge, colour = f"待开庭 {pending.hearing_on.month}-{pending.hearing_on.day:02d} {pending.time}", "#ef6c00"
        elif live[-1].status is HearingStatus.POSTPONED and live[-1].reason == hearings.SUSPENSION_REASON:
            badge, colour = "中止审理，开庭已延期：恢复审理后重新确定开庭", "#c62828"  # not booked again yet
        elif live[-1].status is HearingStatus.POSTPONED:
            badge, colour = "开庭已延期，待重新确定开庭", "#c62828"
        else:
            return
        self.badges.setText(self.badges.text() + f' <span style="background:{colour};color:white;padding:2px 6px;">'
                                                 f"&nbsp;{badge}&nbsp;</span>")

    def _show_after_life(self, d: CaseDetail) -> None:
        """Legal effect (LDMAF 42, 47, 50), each party's receipt and period, suits, set-aside and
        enforcement, with the lines explaining them (domain.award_effect)."""
        from ..domain.award_effect import Effect
        from ..services import award_life

        life = self.ctx.call(award_life.award_life, case_id=d.id) if d.family is not CaseFamily.COMPLAINT else None
        if life is None or life.state is Effect.NONE:
            self.after_life.hide()
            return
        color = {Effect.EFFECTIVE: "#2e7d32", Effect.CONTESTED: "#ef6c00", Effect.PENDING: "#1565c0"}.get(
            life.state, "#c62828")
        paper = "调解书" if life.document == "mediation_statement" else ("终局裁决" if life.final else "裁决")
        today = date.today()
        parts = [f'<b>{paper}：<span style="color:{color};">{escape(life.headline)}</span></b>']
        parts += [escape(p.text(today)) for p in life.periods]
        parts += [f"• {escape(x)}" for x in life.lines]
        self.after_life_text.setText("<br>".join(parts))
        self.after_life.show()

    def _show_complaint(self, d: CaseDetail) -> None:
        from ..models.enums import CaseStatus
        from ..services import complaints
        from .complaint_panel import ComplaintPanel

        if self.complaint is None:
            self.complaint = ComplaintPanel(self.ctx, self)
            self.complaint.review_requested.connect(self.review)
            self.complaint.workers_requested.connect(self.edit_workers)
            self.complaint.employer_requested.connect(self.open_employer)
            self.tabs.insertTab(0, self.complaint, "欠薪处理")
            self.tabs.setCurrentIndex(0)
        inspector = self.editable  # the inspectors and supervisors of the unit's kind of office
        self.complaint.show_complaint(self.ctx.call(complaints.get_complaint, case_id=d.id), can_review=inspector and d.status is CaseStatus.RECEIVED,
                                      can_edit=inspector and d.status in OPEN_STATUSES)
        workers = self.complaint.count()
        self.tabs.setTabText(0, f"欠薪处理（{workers} 人）" if workers else "欠薪处理")

    def _tab(self, widget: QWidget) -> int:
        return self.tabs.indexOf(widget)

    def _show_deadlines(self) -> None:
        """The procedure's clocks, then the limitation warnings (仲裁时效) under them."""
        self.deadline_list = self.ctx.call(workflow.case_deadlines, case_id=self.case_id)
        self.limitations = self.ctx.call(limitation.case_limitation, case_id=self.case_id)
        rows = [[d.label, fmt_date(d.due) or "—", d.state.label + ("（逾期完成）" if d.met_late else ""),
                 d.start_event, d.source] for d in self.deadline_list]
        rows += [[x.label, fmt_date(x.last_day) or "—", x.verdict.label, x.start, lim.SOURCE]
                 for x in self.limitations]
        _fill(self.deadlines, rows)
        shown = [(d.state, STATE_COLORS, d.confirmed) for d in self.deadline_list]
        shown += [(x.verdict, VERDICT_COLORS, x.confirmed) for x in self.limitations]
        for r, (state, colors, confirmed) in enumerate(shown):
            if color := colors.get(state):
                self.deadlines.item(r, 2).setForeground(QColor(color))
            if not confirmed:
                self.deadlines.item(r, 1).setText(f"{self.deadlines.item(r, 1).text()}（未确认）")
            for c in range(self.deadlines.columnCount()):  # a long party name, basis or state reads whole
                self.deadlines.item(r, c).setToolTip(self.deadlines.item(r, c).text())
        overdue = sum(d.state is State.OVERDUE for d in self.deadline_list)
        page = self._tab(self.deadline_page)
        self.tabs.setTabText(page, f"期限（{overdue} 项逾期）" if overdue else f"期限（{len(rows)}）")
        if rows:
            self.deadlines.selectRow(0)
            self._explain(0)
        else:
            self.deadline_text.setText("本案目前没有计算中的期限。")

    def _show_claims(self, d: CaseDetail) -> None:
        self.finality = self.ctx.call(claims.award_finality, case_id=self.case_id) if d.claims else None
        # 要素确认 (要素式): how far the parties have gone through each claim's elements
        sheet = (self.ctx.call(element_positions.element_sheet, case_id=self.case_id)
                 if d.claims and d.family is CaseFamily.ARBITRATION else None)
        self.element_summary = ({c.claim_id: s for c, s in zip(sheet.claims, sheet.summaries(), strict=True)}
                                if sheet is not None else {})
        judged = {c.id: f for c, f in self.finality.items} if self.finality else {}
        _fill(self.claims, [
            [c.claim_type.label, money_text(c.amount_claimed), money_text(c.amount_proposed),
             money_text(c.amount_resolved), decision_text(c) if d.family is CaseFamily.ARBITRATION else "",
             judged[c.id].label if c.id in judged else "",
             f"{fmt_date(c.period_from)} 至 {fmt_date(c.period_to)}" if c.period_from or c.period_to else "",
             c.description]
            for c in d.claims
        ], right={1, 2, 3})
        for r, c in enumerate(d.claims):
            decided = self.claims.item(r, DECISION_COLUMN)
            why = f"\n{self.decide_why}" if d.family is CaseFamily.ARBITRATION and self.decide_why else ""
            decided.setToolTip(decided.text() + why)  # a long reason reads whole on hover
            if c.amount_proposed is not None and c.amount_claimed != c.amount_proposed:
                self.claims.item(r, 1).setToolTip(f"测算金额 {money_text(c.amount_proposed)} 元，已人工调整")
        if d.claims:
            self.claims.selectRow(0)
            self._explain_claim(0)
        else:
            self.claim_text.setText("尚无请求事项。")

    def _explain_claim(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.claims) or self.finality is None:
            return
        c = self.detail.claims[row]
        f = next((f for item, f in self.finality.items if item.id == c.id), None)
        lines = []
        if c.elements:
            lines.append("要素：" + "；".join(f"{label} {value}" for label, value in element_labels(c.claim_type,
                                                                                                  c.elements)))
        if c.id in self.element_summary:
            lines.append(f"要素确认：{escape(self.element_summary[c.id])}")
            if self.case_id in self.element_summary:  # 基本情况: the facts common to the claims, asked once
                lines.append(f"要素确认（基本情况，各项请求共用）：{escape(self.element_summary[self.case_id])}")
        if c.amount_proposed is not None:
            override = "" if c.amount_claimed == c.amount_proposed else f"（请求金额已调整为 {money_text(c.amount_claimed)} 元）"
            lines.append(f"测算金额 {money_text(c.amount_proposed)} 元{override}")
        if c.separate_termination:  # 劳动合同法实施条例第二十五条
            lines.append(SEPARATE_TERMINATION_LABEL)
        if self.detail.family is CaseFamily.ARBITRATION:  # LDMAF 46: the award states it
            lines.append(f"裁决结果：{escape(decision_text(c))}" + ("" if c.decision else "（作出裁决、签发裁决书前须由仲裁庭作出）"))
        head = "终局判断（预判，按请求金额；已作出裁决结果的按裁决金额）" if self.finality.forecast else "终局判断"
        if f is not None:
            lines.append(f"<b>{head}：{f.label}</b>。{f.reason}")
        lines.append(f"全案：{self.finality.award.summary}。{self.finality.basis}")
        if self.finality.warning:
            lines.append(f"<span style='color:#c62828'>注意：{escape(self.finality.warning)}</span>")
        self.claim_text.setText("<br>".join(lines))

    def edit_claim(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.claims) or not self.claim_btn.isVisible():
            return
        from .claim_dialog import ClaimDialog

        claim = self.detail.claims[row]
        self._run(lambda ctx, detail, parent: ClaimDialog(ctx, detail, parent, claim=claim))

    def show_deadline(self, clock: str) -> None:
        """Open the deadlines tab on ``clock`` (from the deadline board: ``<key>@<party>`` for a
        clock counted per party)."""
        self.tabs.setCurrentIndex(self._tab(self.deadline_page))
        for r, d in enumerate(self.deadline_list):
            if d.cache_key == clock:
                self.deadlines.selectRow(r)
                self._explain(r)
                return

    def _explain(self, row: int) -> None:
        if 0 <= row < len(self.deadline_list):
            d = self.deadline_list[row]
            self.deadline_text.setText(f"<b>{d.label}</b>（{d.source}）<br>" + "<br>".join(d.lines))
        elif 0 <= (i := row - len(self.deadline_list)) < len(self.limitations):
            x = self.limitations[i]
            self.deadline_text.setText(f"<b>{x.label}：{x.verdict.label}</b>（{lim.SOURCE}）<br>"
                                       + "<br>".join(x.lines))

    def _show_actions(self) -> None:
        """One button per action the workflow table allows this user now."""
        self.action_buttons = {}
        allowed = self.ctx.call(workflow.allowed_actions, case_id=self.case_id)
        if self.detail.family is CaseFamily.COMPLAINT:  # these three are the acceptance review's outcomes
            allowed = [a for a in allowed if a.key not in REVIEWED]
        for action in allowed:
            btn = QPushButton(short_label(action.label))
            effects = clock_effects(action.event, self.detail.procedure, self.detail.green_channel)
            full = action.label if btn.text() != action.label else None  # the name the button shortens
            btn.setToolTip("\n".join(filter(None, [full, action.help, "；".join(effects)])))
            btn.clicked.connect(lambda _=False, a=action: self.take(a))
            self.action_buttons[action.key] = btn
        procedure = {a.key: a for a in WORKFLOWS[self.detail.procedure]}
        for key, why in self.ctx.call(workflow.blocked_actions, case_id=self.case_id).items():
            btn = QPushButton(short_label(procedure[key].label))  # nothing to choose now ("没有可选的…"): why on hover
            btn.setEnabled(False)
            btn.setToolTip(f"{procedure[key].label}：{why}")
            self.action_buttons[f"blocked:{key}"] = btn
        self.action_buttons.update(self.pending.show_case(self.ctx, self.detail, self.action_buttons))  # 申请审批
        self.actions_grid.set_buttons(list(self.action_buttons.values()))
        self.actions_box.setVisible(bool(self.action_buttons))
        self.left_split.fit_steps()  # the steps' height changed: given first, now and once laid out
        QTimer.singleShot(0, self.left_split.fit_steps)

    # -- 更正 of a wrong step (services.corrections)
    def _timeline_page(self) -> QWidget:
        """办理经过: the timeline, with 更正… for the selected step (also on its context menu)."""
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.correct_hint = QLabel("选中一个步骤可更正（撤销误录的步骤或更正日期）；已更正的步骤划去保留。")
        self.correct_hint.setStyleSheet("color: #555;")
        self.correct_btn = QPushButton("更正…")
        self.correct_btn.setEnabled(False)
        self.correct_btn.clicked.connect(self.correct_step)
        bar.addWidget(self.correct_hint, 1)
        bar.addWidget(self.correct_btn)
        lay.addLayout(bar)
        lay.addWidget(self.events, 1)
        header = self.events.horizontalHeader()  # 说明 takes the width (a correction's words read there)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.events.setColumnWidth(4, self.events.fontMetrics().horizontalAdvance("2026-11-29 20:03") + 24)
        self.events.currentCellChanged.connect(lambda row, *_: self._show_correctable(row))
        self.events.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.events.customContextMenuRequested.connect(self._correction_menu)
        return page

    def _strike_through(self, d: CaseDetail) -> None:
        """Grey and struck through: the steps a 更正 struck out; 说明 says the correction and why."""
        self.timeline = list(reversed(d.events))
        for r, e in enumerate(self.timeline):
            self.events.removeCellWidget(r, 3)
            if e.corrected_by is None:
                continue
            for c in range(self.events.columnCount()):
                item = self.events.item(r, c)
                font = item.font()
                font.setStrikeOut(c != 3)
                item.setFont(font)
                item.setForeground(QColor("#9e9e9e"))
                item.setToolTip(f"〔{e.correction}〕{e.note}")
            # the correction first and plain, the note struck through: a rich-text label over the
            # cell, whose own text (under the label) stays empty but keeps the words for a reader
            self.events.item(r, 3).setText("")
            self.events.item(r, 3).setData(Qt.ItemDataRole.UserRole, f"〔{e.correction}〕{e.note}")
            label = QLabel(f'<span style="color:#757575;">〔{escape(e.correction)}〕</span>'
                           f'<span style="color:#9e9e9e;"><s>{escape(e.note)}</s></span>')
            label.setToolTip(f"〔{e.correction}〕{e.note}")
            label.setContentsMargins(4, 0, 4, 0)
            self.events.setCellWidget(r, 3, label)
        self._show_correctable(self.events.currentRow())

    def _correction_options(self, row: int):  # noqa: ANN202  (services.corrections.CorrectionOptions | None)
        from ..services import corrections

        if not 0 <= row < len(self.timeline):
            return None
        try:
            return self.ctx.call(corrections.correction_options, case_id=self.case_id, event_id=self.timeline[row].id)
        except (NotFound, PermissionDenied):
            return None

    def _show_correctable(self, row: int) -> None:
        """更正… is enabled for a step this user may correct; otherwise its tooltip says why."""
        options = self._correction_options(row)
        self.correct_btn.setEnabled(options is not None and options.any)
        if options is None:
            self.correct_btn.setToolTip("先在办理经过中选中一个步骤")
        else:
            self.correct_btn.setToolTip(options.why_not or "撤销此步骤或更正其日期，须填写理由")

    def _correction_menu(self, pos) -> None:  # noqa: ANN001
        from PySide6.QtWidgets import QMenu

        row = self.events.rowAt(pos.y())
        if row < 0:
            return
        self.events.selectRow(row)
        menu = QMenu(self.events)
        menu.setToolTipsVisible(True)
        act = menu.addAction("更正…")
        act.setEnabled(self.correct_btn.isEnabled())
        act.setToolTip(self.correct_btn.toolTip())
        act.triggered.connect(self.correct_step)
        menu.popup(self.events.viewport().mapToGlobal(pos))

    def correct_step(self) -> None:
        from .correction_dialog import CorrectionDialog

        row = self.events.currentRow()
        if (options := self._correction_options(row)) is None or not options.any:
            return
        event = self.timeline[row]
        self._run(lambda ctx, detail, parent: CorrectionDialog(ctx, detail, event, options, parent))

    def _after_issue(self) -> None:
        self.reload()
        self.changed.emit(self.case_id)

    # -- edits
    def _run(self, dialog_cls) -> None:  # noqa: ANN001
        """Open one of the case dialogs; show what it saved, or reload after a lost race."""
        if self.detail is None:
            return
        try:  # a dialog may read its choices from the services: refused when the user was stopped
            dlg = dialog_cls(self.ctx, self.detail, self)
        except ServiceError as e:
            QMessageBox.warning(self, "无法办理", str(e))
            return
        if dlg.exec() and dlg.result_detail is not None:
            self.notice.hide()  # saved here: what was changed elsewhere before is in what was saved on
            self.show_detail(dlg.result_detail)
            self.changed.emit(self.case_id)
        elif dlg.conflict:
            self.reload()

    def edit_case(self) -> None:
        from .case_edit import CaseEditDialog

        self._run(CaseEditDialog)

    def _may_change_handler(self) -> bool:
        """A complaint's handler is changed by its inspection unit's supervisor only; other cases'
        handler stays in 编辑案件信息."""
        if self.detail is None or self.detail.family is not CaseFamily.COMPLAINT:
            return False
        try:
            self.ctx.call(cases.handler_choices, case_id=self.case_id)
        except PermissionDenied:
            return False
        return True

    def change_handler(self) -> None:
        from .case_edit import HandlerDialog

        self._run(HandlerDialog)

    def edit_limitation(self) -> None:
        from .limitation_dialog import LimitationDialog

        self._run(LimitationDialog)

    def _claim_double_clicked(self, row: int, col: int) -> None:
        """裁决结果 opens the tribunal's decision for those who decide; for others it says why,
        without opening the claim editor as if to decide there. Other columns edit the claim."""
        if col != DECISION_COLUMN or self.detail is None or self.detail.family is not CaseFamily.ARBITRATION:
            self.edit_claim(row)
        elif self.decide_why is None:
            self.decide_claim(row)
        else:
            rect = self.claims.visualItemRect(self.claims.item(row, col))
            QToolTip.showText(self.claims.viewport().mapToGlobal(rect.center()), self.decide_why, self.claims)

    def decide_claim(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.claims):
            return
        from .claim_decision_dialog import ClaimDecisionDialog

        claim = self.detail.claims[row]
        self._run(lambda ctx, detail, parent: ClaimDecisionDialog(ctx, detail, parent, claim=claim))

    def confirm_elements(self) -> None:
        from .element_dialog import ElementDialog

        self._run(ElementDialog)

    def add_claim(self) -> None:
        from .claim_dialog import ClaimDialog

        self._run(ClaimDialog)

    def take(self, action: Action) -> None:
        from .case_edit import ActionDialog

        if self.detail is not None and self.detail.family is CaseFamily.COMPLAINT and action.key in PER_WORKER:
            from .complaint_dialogs import PaymentDialog

            self._run(lambda ctx, detail, parent: PaymentDialog(ctx, detail, action, parent))
            return
        self._run(lambda ctx, detail, parent: ActionDialog(ctx, detail, action, parent))

    def review(self) -> None:
        from .complaint_dialogs import ReviewDialog

        self._run(ReviewDialog)

    def edit_workers(self) -> None:
        from .complaint_dialogs import WorkersDialog

        self._run(WorkersDialog)

    def _open_employer(self, row: int) -> None:
        if self.detail is not None and 0 <= row < len(self.detail.parties):
            p = self.detail.parties[row].party
            if p.kind is PartyKind.ORGANISATION:
                self.open_employer(p.id)

    def open_employer(self, party_id) -> None:  # noqa: ANN001
        from .employer_page import EmployerDialog

        if party_id is None:
            return
        dlg = EmployerDialog(self.ctx, party_id, self)
        dlg.open_case.connect(self.open_linked)
        dlg.exec()
