"""Approvals where the approver sits (待审批): the requester's side on the case view (申请审批
buttons, the pending requests with 撤回) and the supervisor's queue docked in the main window
(批准, 不予批准, 打开案件). Every check is the service's (services.approvals)."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain.approvals import step_name
from ..domain.workflows import Action, find_action
from ..models.enums import ApprovalStatus
from ..services import approvals, cases, tribunal
from ..services.approvals import ApprovalView
from ..services.cases import CaseDetail
from ..services.errors import ServiceError, ValidationFailed, VersionConflict
from ..services.tribunal import RecusalRequestView
from .action_buttons import short_label
from .case_edit import ActionDialog
from .forms import (
    DiscardGuard,
    FieldErrors,
    add_field,
    error_label,
    fmt_date,
    select_data,
    show_form_errors,
)

QUEUE_TITLE = "待审批"
RECUSAL_BADGE = "回避申请待决定"
RECUSAL_STEP = "回避申请（待决定）"  # the queue's own kind of row: a 回避申请 recorded on the case
HEADERS = ["案号", "当事人", "事项", "申请内容", "申请人", "申请时间", "影响期限", "届满日"]


def queue_title(count: int) -> str:
    return f"{QUEUE_TITLE}（{count}）" if count else QUEUE_TITLE


# ---------------------------------------------------------------- the requester's side


class RequestApprovalDialog(ActionDialog):
    """The step's own form, asking the supervisor instead of recording it: 申请审批."""

    def __init__(self, ctx, detail: CaseDetail, action: Action, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, action, parent)
        self.setWindowTitle(f"申请审批：{step_name(action)} — {detail.case_number or '未编号案件'}")
        self.day.setEnabled(False)  # the request is dated the day it is made; the step, the approval day
        if (label := self.form.labelForField(self.day.parentWidget())) is not None:
            label.setText("申请日期")
        note = QLabel("提交后由领导在“待审批”中批准或不予批准；批准时以批准之日为办理日期，并重新核对上述内容。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        box = self.findChild(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Save).setText("申请审批")

    def call(self) -> CaseDetail:
        self.ctx.call(approvals.request_approval, case_id=self.detail.id, action=self.action.key,
                      values=self.values())
        return self.ctx.call(cases.get_case, case_id=self.detail.id)


class PendingRequests(QGroupBox):
    """On the case view: the case's pending requests (each with 撤回 for the one who made it), and
    the 申请审批 buttons for the steps this user may ask for (disabled, with why, while one is
    pending)."""

    def __init__(self, view) -> None:  # noqa: ANN001  (ui.case_view.CaseView)
        super().__init__("待审批的申请", view)
        self.view = view
        self.lay = QVBoxLayout(self)
        self.rows: list[QWidget] = []
        self.requests: list[ApprovalView] = []
        self.recusals: list[RecusalRequestView] = []
        self.hide()

    def show_case(self, ctx, detail: CaseDetail, steps: dict[str, QPushButton]) -> dict[str, QPushButton]:  # noqa: ANN001
        """Lay out the case's pending requests; return the 申请审批 buttons, keyed ``request:<action>``.
        A supervisor's own button of a step asked for (``steps``) is disabled: the request is decided."""
        for w in self.rows:
            self.lay.removeWidget(w)
            w.deleteLater()
        self.rows = []
        self.requests = ctx.call(approvals.case_requests, case_id=detail.id)
        me = ctx.actor.id if ctx.actor is not None else None
        decides = bool(self.requests) and ctx.call(approvals.may_decide, case_id=detail.id)
        for r in self.requests:
            row = QWidget()
            column = QVBoxLayout(row)
            column.setContentsMargins(0, 0, 0, 0)
            text = QLabel(f"<b>{step_name_of(r)}</b>：{r.requested_by_name} {r.requested_on.isoformat()} 申请"
                          + (f"，{r.values_text}" if r.values_text else "") + "；待领导审批")
            text.setWordWrap(True)
            text.setStyleSheet("color: #6a1b9a;")
            column.addWidget(text)
            line = QHBoxLayout()
            line.addStretch(1)
            if r.requested_by == me:
                withdraw = QPushButton("撤回申请")
                withdraw.clicked.connect(lambda _=False, rid=r.id: self.withdraw(rid))
                line.addWidget(withdraw)
            elif decides:  # the supervisor reading the case decides here as from the queue
                for label, yes in (("不予批准…", False), ("批准…", True)):
                    b = QPushButton(label)
                    b.clicked.connect(lambda _=False, req=r, y=yes: self.decide(req, y))
                    line.addWidget(b)
            if line.count() > 1:
                column.addLayout(line)
            self.lay.addWidget(row)
            self.rows.append(row)
        # the requester is told what became of their requests decided lately (批准, 不予批准 with its
        # reason, cleared as 已失效) on the case they work: shown for TOLD_DAYS after the decision
        self.decided = [r for r in ctx.call(approvals.case_approvals, case_id=detail.id) if told(r, me)]
        for r in self.decided:
            self._decided_row(r)
        self.recusals = ctx.call(tribunal.open_recusals, case_id=detail.id)
        for q in self.recusals:  # 回避申请待决定: for everyone who reads the case; 回避决定… for the one who decides
            self._recusal_row(q, "decide_recusal" in steps)
        if self.recusals:  # and in the case's header, beside its status (show_detail writes it anew each time)
            badges = self.view.badges
            badges.setText(badges.text() + ' <span style="background:#b71c1c;color:white;padding:2px 6px;">'
                                           f"&nbsp;{RECUSAL_BADGE}&nbsp;</span>")
        self.setTitle("、".join(filter(None, ["待审批的申请" if self.requests else "",
                                              "审批结果" if self.decided else "",
                                              "回避申请待决定" if self.recusals else ""])))
        self.setVisible(bool(self.requests or self.decided or self.recusals))
        for r in self.requests:
            if (own := steps.get(r.action)) is not None:
                own.setEnabled(False)
                own.setToolTip(f"{r.requested_by_name}已申请{step_name_of(r)}，请在“待审批的申请”中批准或不予批准")
        buttons: dict[str, QPushButton] = {}
        for item in ctx.call(approvals.requestable, case_id=detail.id):
            btn = QPushButton(f"申请{short_label(step_name(item.action))}")
            btn.setToolTip("\n".join(filter(None, [f"申请领导批准“{item.action.label}”", item.why, item.action.help])))
            btn.setEnabled(item.why is None)
            btn.clicked.connect(lambda _=False, a=item.action: self.request(a))
            buttons[f"request:{item.action.key}"] = btn
        return buttons

    def _decided_row(self, r: ApprovalView) -> None:
        text = QLabel(decision_text(r))
        text.setWordWrap(True)
        text.setStyleSheet("color: #2e7d32;" if r.status is ApprovalStatus.APPROVED else "color: #b71c1c;")
        self.lay.addWidget(text)
        self.rows.append(text)

    def _recusal_row(self, q: RecusalRequestView, decides: bool) -> None:
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        text = QLabel(f"<b>回避申请待决定</b>：{q.text}（{q.recorded_by} {q.requested_on.isoformat()} 登记）")
        text.setWordWrap(True)
        text.setStyleSheet("color: #b71c1c;")
        column.addWidget(text)
        if decides:
            line = QHBoxLayout()
            line.addStretch(1)
            b = QPushButton("回避决定…")
            b.clicked.connect(lambda _=False, rid=q.request_id: self.view._run(
                lambda ctx, detail, parent: recusal_dialog(ctx, detail, rid, parent)))
            line.addWidget(b)
            column.addLayout(line)
        self.lay.addWidget(row)
        self.rows.append(row)

    def request(self, action: Action) -> None:
        self.view._run(lambda ctx, detail, parent: RequestApprovalDialog(ctx, detail, action, parent))

    def decide(self, request: ApprovalView, approve: bool) -> None:
        dlg = DecisionDialog(self.view.ctx, request, approve, self)
        dlg.exec()
        if dlg.decided is not None or dlg.conflict:
            self.view.reload()
            self.view.changed.emit(self.view.case_id)

    def withdraw(self, request_id: uuid.UUID) -> None:
        try:
            self.view.ctx.call(approvals.withdraw, request_id=request_id)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能撤回", str(e))
        self.view.reload()
        self.view.changed.emit(self.view.case_id)


def step_name_of(r: ApprovalView) -> str:
    return r.step.removesuffix("（审批）")


TOLD_DAYS = 14  # how long the requester's case box says what became of a request


def told(r: ApprovalView, me: uuid.UUID | None, today: date | None = None) -> bool:
    """A request of ``me`` someone else decided (or cleared as 已失效) within TOLD_DAYS."""
    if me is None or r.requested_by != me or r.decided_at is None or r.status is ApprovalStatus.PENDING:
        return False
    if r.status is ApprovalStatus.WITHDRAWN and not r.decision_note.startswith("已失效"):
        return False  # withdrawn by the requester: they know
    return ((today or date.today()) - r.decided_at.astimezone().date()).days <= TOLD_DAYS


def decision_text(r: ApprovalView) -> str:
    """您 2026-11-20 申请的中止审理：陈主任 2026-11-21 不予批准。理由：…"""
    when = r.decided_at.astimezone().date().isoformat() if r.decided_at else ""
    head = f"<b>{step_name_of(r)}</b>：您 {r.requested_on.isoformat()} 的申请，{r.decided_by_name} {when} "
    if r.status is ApprovalStatus.APPROVED:
        return head + f"{r.status_text}"
    if r.status is ApprovalStatus.REFUSED:
        return head + f"不予批准。理由：{r.decision_note}"
    return head + f"清除（{r.decision_note}）"


# ---------------------------------------------------------------- the supervisor's queue


class DecisionDialog(DiscardGuard, QDialog):
    """批准 or 不予批准 one request: what was asked, and for a refusal its reason."""

    def __init__(self, ctx, request: ApprovalView, approve: bool, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.request, self.approving = ctx, request, approve
        self.decided: ApprovalView | None = None
        self.conflict = False
        self.errors = FieldErrors()
        self.setWindowTitle(("批准" if approve else "不予批准") + f"：{step_name_of(request)} — {request.case_number}")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        lay.addLayout(form)
        for label, value in (("案号", request.case_number), ("当事人", request.parties), ("事项", request.step),
                             ("申请内容", request.values_text or "—"),
                             ("申请人", f"{request.requested_by_name}（{request.requested_on.isoformat()}）"),
                             ("影响期限", _clock_text(request))):
            shown = QLabel(value)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(80)
        if approve:
            note = QLabel(f"批准后记录为您办理的“{step_name_of(request)}”，办理日期为今天（{date.today().isoformat()}），"
                          f"说明为“经{request.requested_by_name}申请，{ctx.actor.display_name}批准”。")
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            form.addRow(note)
        else:
            add_field(form, "不予批准的理由", self.reason, self.errors, "reason")
        self.general_error = error_label()
        lay.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("批准" if approve else "不予批准")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.decide)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def decide(self) -> None:
        try:
            if self.approving:
                self.decided = self.ctx.call(approvals.approve, request_id=self.request.id)
            else:
                self.decided = self.ctx.call(approvals.refuse, request_id=self.request.id,
                                             reason=self.reason.toPlainText())
        except ValidationFailed as e:  # the step's checks on the approval day: said here, the request stays
            show_form_errors(self.errors, self.general_error, e.errors)
            self.adjustSize()
            return
        except VersionConflict as e:  # decided by another supervisor meanwhile
            self.conflict = True
            QMessageBox.warning(self, "该申请已处理", str(e))
            self.close_unasked()
            return
        except (ServiceError, DatabaseError) as e:
            self.general_error.setText(str(e))
            self.general_error.show()
            return
        self.accept()


def _asked_at(item: ApprovalView | RecusalRequestView) -> object:
    return item.recorded_at if isinstance(item, RecusalRequestView) else item.requested_at


def recusal_dialog(ctx, detail: CaseDetail, request_id: uuid.UUID,  # noqa: ANN001
                   parent: QWidget | None = None) -> ActionDialog | None:
    """The 回避决定 form of the case with this 回避申请 chosen; None when the procedure has none."""
    action = find_action(detail.procedure, "decide_recusal")
    if action is None:
        return None
    dlg = ActionDialog(ctx, detail, action, parent)
    if (combo := dlg.inputs.get("request")) is not None:
        select_data(combo, request_id.hex)
    return dlg


def open_recusal_decision(ctx, case_id: uuid.UUID, request_id: uuid.UUID, parent: QWidget) -> bool:  # noqa: ANN001
    """Open the 回避决定 form from the queue; True when a decision was recorded."""
    try:
        detail = ctx.call(cases.get_case, case_id=case_id)
    except (ServiceError, DatabaseError) as e:
        QMessageBox.warning(parent, "未能打开回避决定", str(e))
        return False
    dlg = recusal_dialog(ctx, detail, request_id, parent)
    return dlg is not None and dlg.exec() == QDialog.DialogCode.Accepted


def _clock_text(r: ApprovalView) -> str:
    if not r.clock_label:
        return "—"
    return f"{r.clock_label}，{fmt_date(r.clock_due)} 届满" if r.clock_due else f"{r.clock_label}（暂停计算）"


class ApprovalQueue(QWidget):
    """The pending requests this supervisor may decide (services.approvals.approval_queue), and
    the 回避申请 they decide (services.tribunal.recusal_queue: rows of their own kind, opening
    the 回避决定 form)."""

    open_case = Signal(object)
    count_changed = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[ApprovalView | RecusalRequestView] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        fm = self.table.fontMetrics()
        for col, text in enumerate(("端劳人仲案字〔2026〕100号", "张三 诉 某某建筑工程有限公司", "延长审查期限（审批）",
                                    "", "某某某", "2026-11-29 10:00", "审理期限", "2026-12-31")):
            if text:
                self.table.setColumnWidth(col, fm.horizontalAdvance(text) + 24)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # 申请内容 takes the rest
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.itemSelectionChanged.connect(self._selected)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.empty = QLabel("没有待审批的申请。")
        self.empty.setStyleSheet("color: #555;")
        row.addWidget(self.empty)
        row.addStretch(1)
        self.open_btn = QPushButton("打开案件")
        self.open_btn.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.refuse_btn = QPushButton("不予批准…")
        self.refuse_btn.clicked.connect(lambda: self.decide(self.table.currentRow(), approve=False))
        self.approve_btn = QPushButton("批准…")
        self.approve_btn.clicked.connect(lambda: self.decide(self.table.currentRow(), approve=True))
        self.recusal_btn = QPushButton("回避决定…")
        self.recusal_btn.setToolTip("对选中的回避申请作出决定：决定回避（选择接替人员）或驳回申请")
        self.recusal_btn.clicked.connect(lambda: self.decide_recusal(self.table.currentRow()))
        self.clear_btn = QPushButton("清除失效申请")
        self.clear_btn.setToolTip("该申请已不能批准（案件已结案，或案件状态已不允许办理该事项）：清除后记入办理经过")
        self.clear_btn.clicked.connect(lambda: self.clear_stale(self.table.currentRow()))
        for b in (self.open_btn, self.recusal_btn, self.clear_btn, self.refuse_btn, self.approve_btn):
            row.addWidget(b)
        lay.addLayout(row)
        self._selected()

    def refresh(self) -> None:
        items: list[ApprovalView | RecusalRequestView] = []
        for read in (approvals.approval_queue, tribunal.recusal_queue):
            with contextlib.suppress(ServiceError, DatabaseError):  # the queue shows what it can read
                items += self.ctx.call(read)
        self.items = sorted(items, key=_asked_at)
        self.table.setRowCount(len(self.items))
        for r, q in enumerate(self.items):
            if isinstance(q, RecusalRequestView):
                values = [q.case_number, q.parties, RECUSAL_STEP, q.text, q.recorded_by,
                          q.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M"), "—", "—"]
            else:
                asked = f"【已失效：{q.stale}】{q.values_text}" if q.stale else q.values_text
                values = [q.case_number, q.parties, q.step, asked, q.requested_by_name,
                          q.requested_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                          "—" if q.stale else q.clock_label or "—", "—" if q.stale else fmt_date(q.clock_due) or "—"]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if isinstance(q, ApprovalView) and q.stale:  # can no longer be approved: grey, cleared in one click
                    item.setForeground(QColor("#9e9e9e"))
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
        self._selected()
        self.count_changed.emit(len(self.items))

    def clear(self) -> None:
        self.items = []
        self.table.setRowCount(0)
        self.count_changed.emit(0)

    def _selected(self) -> None:
        row = self.table.currentRow()
        item = self.items[row] if 0 <= row < len(self.items) else None
        recusal = isinstance(item, RecusalRequestView)
        self.open_btn.setEnabled(item is not None)
        self.recusal_btn.setEnabled(recusal)
        self.recusal_btn.setVisible(any(isinstance(i, RecusalRequestView) for i in self.items))
        stale = isinstance(item, ApprovalView) and bool(item.stale)
        self.clear_btn.setEnabled(stale)
        self.clear_btn.setVisible(any(isinstance(i, ApprovalView) and i.stale for i in self.items))
        for b in (self.refuse_btn, self.approve_btn):
            b.setEnabled(item is not None and not recusal and not stale)

    def _double_clicked(self, row: int, _column: int) -> None:
        """A 回避申请 opens its 回避决定 form; a request, its case."""
        if 0 <= row < len(self.items) and isinstance(self.items[row], RecusalRequestView):
            self.decide_recusal(row)
        else:
            self._open(row)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.open_case.emit(self.items[row].case_id)

    def decide(self, row: int, approve: bool) -> None:
        if not 0 <= row < len(self.items) or not isinstance(item := self.items[row], ApprovalView):
            return
        dlg = DecisionDialog(self.ctx, item, approve, self)
        dlg.exec()
        if dlg.decided is not None or dlg.conflict:
            self.refresh()

    def clear_stale(self, row: int) -> None:
        """清除失效申请: recorded like a withdrawal, with why (services.approvals.clear_stale)."""
        if not 0 <= row < len(self.items) or not isinstance(item := self.items[row], ApprovalView):
            return
        try:
            self.ctx.call(approvals.clear_stale, request_id=item.id)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能清除", str(e))
        self.refresh()

    def decide_recusal(self, row: int) -> None:
        """The case's 回避决定 form, this request chosen."""
        if not 0 <= row < len(self.items) or not isinstance(item := self.items[row], RecusalRequestView):
            return
        if open_recusal_decision(self.ctx, item.case_id, item.request_id, self):
            self.refresh()


DOCK_ROWS = 4  # the 待审批 dock is sized to show up to this many rows at once


class ApprovalDock(QDockWidget):
    """The queue docked under the main window's pages, its count in its title; shown to those
    who approve (services.approvals.may_approve)."""

    def __init__(self, window) -> None:  # noqa: ANN001  (ui.main_window.MainWindow)
        super().__init__(QUEUE_TITLE, window)
        self.setObjectName("approvals")
        self.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.queue = ApprovalQueue(window.ctx, self)
        self.queue.count_changed.connect(self._count_changed)
        self.setWidget(self.queue)
        self.allowed = False
        self.toggleViewAction().setText("待审批")
        self._fitted_rows = -1

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self._fitted_rows = -1  # shown again (another user signed in): sized to its rows anew
        QTimer.singleShot(0, lambda: self.fit(len(self.queue.items)))

    def _count_changed(self, n: int) -> None:
        self.setWindowTitle(queue_title(n))
        self.fit(n)

    def fit(self, n: int) -> None:
        """Docked at the bottom: as tall as its rows (one to DOCK_ROWS; the person may drag it
        taller), so an open case keeps most of the window. Sized again only when the number of
        rows shown changes, not over the person's own resizing."""
        window = self.parentWidget()
        rows = max(1, min(n, DOCK_ROWS))
        if (not isinstance(window, QMainWindow) or not self.isVisible() or self.isFloating()
                or rows == self._fitted_rows
                or window.dockWidgetArea(self) != Qt.DockWidgetArea.BottomDockWidgetArea):
            return
        self._fitted_rows = rows
        table = self.queue.table
        table_height = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                        + rows * table.verticalHeader().defaultSectionSize()
                        + table.horizontalScrollBar().sizeHint().height())
        lay = self.queue.layout()
        margins = lay.contentsMargins()
        buttons = lay.itemAt(1).sizeHint().height()
        title = self.style().pixelMetric(self.style().PixelMetric.PM_TitleBarHeight, None, self)
        height = table_height + buttons + lay.spacing() + margins.top() + margins.bottom() + title
        window.resizeDocks([self], [height], Qt.Orientation.Vertical)

    def for_user(self) -> None:
        """The signed-in user changed: shown, and read, only for one who approves."""
        ctx = self.queue.ctx
        try:
            self.allowed = ctx.actor is not None and ctx.call(approvals.may_approve)
        except (ServiceError, DatabaseError):
            self.allowed = False
        self.toggleViewAction().setVisible(self.allowed)
        self.setVisible(self.allowed)
        if self.allowed:
            self.queue.refresh()
        else:
            self.queue.clear()

    def refresh(self) -> None:
        if self.allowed:
            self.queue.refresh()
