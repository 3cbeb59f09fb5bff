"""The complaint view's 欠薪处理 tab: intake facts, the review, what each worker is owed and has
received, the thresholds for a transfer to the police, and the blacklist."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import complaints as cm
from ..services.complaints import ComplaintView
from .forms import align_right, fmt_date

WARNING_STYLE = "background: #fff3e0; color: #e65100; padding: 6px; border: 1px solid #ffb74d; font-weight: bold;"
MUTED = "color: #616161;"
# what is still owed stands where a 1366-wide window shows it; the phone (also on 当事人) comes last
COLUMNS = ["姓名", "身份证号码", "欠薪期间", "月数", "欠薪（元）", "加付赔偿金", "已支付", "垫付", "尚欠（元）", "联系电话"]
OWED_COLUMN = COLUMNS.index("尚欠（元）")


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if style:
        label.setStyleSheet(style)
    return label


class ComplaintPanel(QWidget):
    """Shows one complaint; its buttons ask the case view to open the matching dialog."""

    review_requested = Signal()
    workers_requested = Signal()
    employer_requested = Signal(object)  # party id

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.view: ComplaintView | None = None
        lay = QVBoxLayout(self)
        self.warning = _label(style=WARNING_STYLE)
        lay.addWidget(self.warning)
        bar = QHBoxLayout()
        self.review_btn = QPushButton("受理审查…")
        self.review_btn.clicked.connect(self.review_requested)
        self.workers_btn = QPushButton("劳动者名单…")
        self.workers_btn.setToolTip("补充姓名未知的劳动者、更正欠薪金额")
        self.workers_btn.clicked.connect(self.workers_requested)
        self.employer_btn = QPushButton("用人单位档案…")
        self.employer_btn.clicked.connect(lambda: self.view and self.employer_requested.emit(self.view.employer_id))
        for b in (self.review_btn, self.workers_btn, self.employer_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

        top = QGridLayout()
        intake = QGroupBox("投诉举报")
        il = QVBoxLayout(intake)
        self.intake = _label()
        il.addWidget(self.intake)
        top.addWidget(intake, 0, 0)
        money = QGroupBox("欠薪与追发")
        ml = QVBoxLayout(money)
        self.money = _label()
        ml.addWidget(self.money)
        top.addWidget(money, 0, 1)
        law = QGroupBox("移送公安与失信名单")
        ll = QVBoxLayout(law)
        self.law = _label()
        ll.addWidget(self.law)
        top.addWidget(law, 0, 2)
        for c in range(3):
            top.setColumnStretch(c, 1)
        lay.addLayout(top)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((62, 150, 118, 40, 82, 78, 82, 66, 90)):
            self.table.setColumnWidth(col, width)
        lay.addWidget(self.table, 1)

    def show_complaint(self, view: ComplaintView, *, can_review: bool, can_edit: bool) -> None:
        self.view = view
        self.warning.setText(view.employer_warning or "")
        self.warning.setVisible(bool(view.employer_warning))
        self.review_btn.setVisible(can_review)
        self.workers_btn.setVisible(can_edit)
        self.employer_btn.setEnabled(view.employer_id is not None)

        lines = [f"<b>类型</b>：{view.kind_label}"]
        if view.kind == cm.REPORT:
            if view.informant_hidden:
                lines.append("<b>举报人</b>：<span style='color:#616161'>（保密，仅承办监察员和本监察机构领导可见）</span>")
            elif view.informant is not None:
                i = view.informant
                who = "、".join(filter(None, [i.name or "匿名", i.phone, i.id_number, i.address]))
                lines.append(f"<b>举报人（保密）</b>：{who}")
        p = view.project
        if view.construction:
            lines.append(f"<b>工程项目</b>：{p.name}" + (f"（{p.location}）" if p.location else ""))
            for label, value in (("建设单位", p.builder), ("施工总承包", p.general_contractor),
                                 ("分包单位", p.subcontractor), ("班组长", p.team_leader)):
                if value:
                    lines.append(f"　{label}：{value}")
        else:
            lines.append("<b>行业</b>：非建设领域")
        r = view.review
        if view.reviewed_on is not None:
            marks = {True: "是", False: "否", None: "未答"}
            answers = "；".join(f"{label.split('）')[0]}）{marks[getattr(r, key)]}" for key, label in cm.REVIEW_QUESTIONS)
            lines.append(f"<b>受理审查</b>（{fmt_date(view.reviewed_on)}）：{answers}；"
                         f"属劳动争议：{'是' if r.dispute_matter else '否'} → {view.outcome.label}")
        else:
            lines.append("<b>受理审查</b>：尚未审查")
        self.intake.setText("<br>".join(lines))

        acc = view.accounts
        named = len(acc.workers)
        rows = [f"涉及劳动者 {named + acc.unnamed_count} 人" + (f"（未列名 {acc.unnamed_count} 人）" if acc.unnamed_count else ""),
                f"欠薪合计 <b>{cm.yuan(acc.total('owed'))}</b> 元"]
        if view.compensation_rate is not None:
            rows.append(f"加付赔偿金（{view.compensation_rate}%）{cm.yuan(acc.total('compensation'))} 元")
        rows += [f"已支付到位 <b style='color:#2e7d32'>{cm.yuan(acc.total('paid'))}</b> 元",
                 f"应急周转金垫付 {cm.yuan(acc.total('advanced'))} 元" if acc.total("advanced") else "",
                 f"尚欠劳动者 <b style='color:#c62828'>{cm.yuan(acc.total('balance'))}</b> 元",
                 f"待向用人单位追偿垫付资金 {cm.yuan(acc.fund_outstanding)} 元" if acc.fund_outstanding else "",
                 f"限期支付期限：{fmt_date(view.order_due)}" if view.order_due else "尚未责令限期支付",
                 f"已全部改正（付清）：{fmt_date(view.corrected_on)}" if view.corrected_on else ""]
        self.money.setText("<br>".join(x for x in rows if x))

        t = view.threshold
        verdict = {True: "<b style='color:#c62828'>达到数额标准</b>", False: "未达到数额标准",
                   None: f"<b style='color:#ef6c00'>{cm.NOT_CONFIGURED}，无法判断</b>"}[t.reached]
        law = [f"拒不支付劳动报酬罪数额：{verdict}", *(f"<span style='{MUTED}'>{x}</span>" for x in t.lines)]
        law.append(f"已于 {fmt_date(view.transferred_on)} 移送公安机关" if view.transferred_on else "未移送公安机关")
        for listing in view.listings:
            dates = [f"提请 {fmt_date(listing.proposed_on)}"]
            if listing.listed_on:
                dates.append(f"列入 {fmt_date(listing.listed_on)}，期满 {fmt_date(listing.removal_due)}")
            if listing.early_removal_from:
                dates.append(f"可申请提前移出自 {fmt_date(listing.early_removal_from)}")
            if listing.removed_on:
                dates.append(f"移出 {fmt_date(listing.removed_on)}")
            law.append(f"<b>失信名单：{listing.state}</b>（{listing.criteria}）：" + "，".join(dates))
        if not view.listings:
            law.append("未提请列入失信名单")
        self.law.setText("<br>".join(law))

        rows = [([w.name, w.id_number or "", _period(w.period_from, w.period_to), str(w.balance.months or "")],
                 w.balance, w.phone or "") for w in acc.workers]
        if acc.unnamed_count:
            rows.append(([f"未列名 {acc.unnamed_count} 人", "", "", ""], acc.unnamed, ""))
        self.table.setRowCount(len(rows))
        for r, (who, b, phone) in enumerate(rows):
            money = [cm.yuan(x) for x in (b.owed, b.compensation, b.paid, b.advanced, b.balance)]
            for c, value in enumerate([*who, *money, phone]):
                item = QTableWidgetItem(value)
                if 3 <= c <= OWED_COLUMN:
                    item.setTextAlignment(align_right())
                self.table.setItem(r, c, item)
            self.table.item(r, OWED_COLUMN).setForeground(QColor("#c62828" if b.balance else "#2e7d32"))

    def count(self) -> int:
        return self.table.rowCount()


def _period(start, end) -> str:  # noqa: ANN001
    """2026.06.01–08.31: short enough for the table's column."""
    if start is None or end is None:
        return fmt_date(start) or fmt_date(end)
    tail = end.strftime("%m.%d") if end.year == start.year else end.strftime("%Y.%m.%d")
    return f"{start:%Y.%m.%d}–{tail}"
