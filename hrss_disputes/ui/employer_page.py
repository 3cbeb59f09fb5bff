"""Employers across all cases: one employer's page, the employer list, duplicates and merging."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain import complaints as cm
from ..services import employers
from ..services.errors import ServiceError, ValidationFailed
from .case_view import _fill
from .case_view import _table as case_table
from .forms import close_row, fmt_date

WARNING_STYLE = "background: #fff3e0; color: #e65100; padding: 6px; border: 1px solid #ffb74d; font-weight: bold;"


def _table(headers: list[str], widths: tuple[int, ...]) -> QTableWidget:
    t = case_table(headers)
    for c, w in enumerate(widths):
        t.setColumnWidth(c, w)
    return t


class EmployerDialog(QDialog):
    """An employer's page: every complaint and dispute case against it, amounts, outcomes, blacklist."""

    open_case = Signal(object)

    def __init__(self, ctx, party_id: uuid.UUID, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumSize(1000, 600)
        page = ctx.call(employers.employer_page, party_id=party_id)
        p = page.party
        self.setWindowTitle(f"用人单位档案 — {p.name}")
        lay = QVBoxLayout(self)
        head = QLabel(f"<span style='font-size:15pt;font-weight:bold'>{p.name}</span>")
        lay.addWidget(head)
        facts = [f"统一社会信用代码：{p.credit_code or '（未填写）'}", f"法定代表人：{p.legal_rep or '—'}",
                 f"地址：{p.address or '—'}", f"电话：{p.phone or '—'}"]
        lay.addWidget(QLabel("　".join(facts)))
        self.warning = QLabel(page.warning or "")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.warning.setVisible(bool(page.warning))
        lay.addWidget(self.warning)
        hidden = f"（另有其他机构案件 {page.hidden_cases} 件，无权查看）" if page.hidden_cases else ""
        self.summary = QLabel(
            f"案件 {len(page.cases)} 件{hidden}，近{cm.REPEAT_MONTHS}个月 {page.recent_cases} 件；"
            f"请求金额合计 {cm.yuan(page.amount_claimed)} 元，调解、裁决及追回金额合计 {cm.yuan(page.amount_resolved)} 元")
        lay.addWidget(self.summary)
        lay.addWidget(QLabel("<b>失信联合惩戒名单</b>"))
        self.listings = _table(["状态", "列入情形", "提请日期", "列入日期", "期满日期", "移出日期", "一并列入人员"],
                               (70, 430, 90, 90, 90, 90))
        _fill(self.listings, [[state, dict(cm.BLACKLIST_CRITERIA).get(e.criteria, e.criteria), fmt_date(e.proposed_on),
                               fmt_date(e.listed_on), fmt_date(cm.removal_due(e.listed_on)) if e.listed_on else "",
                               fmt_date(e.removed_on) + ("（提前）" if e.early_removal else ""), e.persons]
                              for state, e in page.listings] or [["未列入", "", "", "", "", "", ""]])
        self.listings.setMaximumHeight(110)
        lay.addWidget(self.listings)
        lay.addWidget(QLabel("<b>涉及的案件</b>（双击打开）"))
        self.cases = _table(["类别", "案号", "收案日期", "状态", "结案日期", "劳动者", "请求金额（元）",
                             "调解/裁决/追回（元）", "申请人/投诉人"], (80, 210, 90, 90, 90, 60, 110, 130))
        self._ids = [c.id for c in page.cases]
        _fill(self.cases, [[c.family.label, c.case_number or "（未编号）", fmt_date(c.received_on), c.status.label,
                            fmt_date(c.closed_on), f"{c.workers} 人", cm.yuan(c.amount_claimed),
                            cm.yuan(c.amount_resolved) if c.amount_resolved is not None else "—", c.applicants]
                           for c in page.cases], right={5, 6, 7})
        self.cases.cellDoubleClicked.connect(self._open)
        lay.addWidget(self.cases, 1)
        lay.addLayout(close_row(self))

    def _open(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self._ids):
            self.open_case.emit(self._ids[row])
            self.accept()


class EmployersDialog(QDialog):
    """查询 → 用人单位: search employers, open their page, find and merge duplicates."""

    open_case = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("用人单位")
        self.setMinimumSize(1000, 620)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("单位名称、统一社会信用代码或地址")
        self.search.returnPressed.connect(self.reload)
        find = QPushButton("查询")
        find.clicked.connect(self.reload)
        self.open_btn = QPushButton("查看档案…")
        self.open_btn.clicked.connect(lambda: self._page(self.table.currentRow()))
        self.dupes_btn = QPushButton("查找重复记录…")
        self.dupes_btn.clicked.connect(self.duplicates)
        for w in (self.search, find, self.open_btn, self.dupes_btn):
            bar.addWidget(w)
        lay.addLayout(bar)
        self.table = _table(["单位名称", "统一社会信用代码", "地址", "案件数", "失信名单"], (300, 170, 300, 70))
        self.table.cellDoubleClicked.connect(lambda r, _c: self._page(r))
        lay.addWidget(self.table, 1)
        self.rows: list = []
        self.reload()

    def reload(self) -> None:
        self.rows = self.ctx.call(employers.search_employers, text=self.search.text())
        _fill(self.table, [[r.party.name, r.party.credit_code or "", r.party.address or "", str(r.cases),
                            "列入中" if r.listed else ""] for r in self.rows], right={3})
        for i, r in enumerate(self.rows):
            if r.listed:
                self.table.item(i, 4).setForeground(QColor("#c62828"))

    def _page(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            dlg = EmployerDialog(self.ctx, self.rows[row].party.id, self)
            dlg.open_case.connect(self.open_case)
            dlg.exec()

    def duplicates(self) -> None:
        dlg = DuplicatesDialog(self.ctx, self)
        dlg.exec()
        self.reload()


class DuplicatesDialog(QDialog):
    """The same employer typed twice: choose the record to keep, merge the other into it."""

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("重复的用人单位记录")
        self.setMinimumSize(900, 480)
        lay = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.table = _table(["重复原因", "单位名称", "统一社会信用代码", "地址", "案件数"], (140, 260, 170, 230))
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("保留："))
        self.keep = QComboBox()
        row.addWidget(self.keep, 1)
        self.merge_btn = QPushButton("合并所选组")
        self.merge_btn.clicked.connect(self.merge)
        row.addWidget(self.merge_btn)
        lay.addLayout(row)
        self.table.currentCellChanged.connect(lambda r, *_: self._group_chosen(r))
        self.reload()

    def reload(self) -> None:
        self.groups = self.ctx.call(employers.find_duplicates)
        self.row_group: list[int] = []
        rows = []
        for g_index, g in enumerate(self.groups):
            for p in g.parties:
                rows.append([g.reason, p.name, p.credit_code or "", p.address or "", str(p.case_count)])
                self.row_group.append(g_index)
        _fill(self.table, rows, right={4})
        self.info.setText(f"发现 {len(self.groups)} 组可能重复的记录（统一社会信用代码相同，或名称和地址相同）。"
                          "合并后，两条记录的全部案件、劳动者名单和失信名单记录都归入保留的记录。"
                          if self.groups else "没有发现重复的用人单位记录。")
        self.merge_btn.setEnabled(bool(self.groups))
        if rows:
            self.table.selectRow(0)
            self._group_chosen(0)
        else:
            self.keep.clear()

    def _group_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.row_group):
            return
        group = self.groups[self.row_group[row]]
        self.keep.clear()
        for p in group.parties:
            self.keep.addItem(f"{p.name}（{p.credit_code or '无信用代码'}，{p.case_count} 件案件）", p.id)
        self.keep.setCurrentIndex(max(range(len(group.parties)), key=lambda i: (bool(group.parties[i].credit_code),
                                                                              group.parties[i].case_count)))
        self._group = group

    def merge(self) -> None:
        group = getattr(self, "_group", None)
        if group is None:
            return
        keep = self.keep.currentData()
        others = [p for p in group.parties if p.id != keep]
        names = "、".join(f"{p.name}（{p.case_count} 件）" for p in others)
        if QMessageBox.question(self, "合并记录", f"将 {names} 合并入所选保留的记录？此操作记入审计日志。") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            for p in others:
                self.ctx.call(employers.merge_employers, keep_id=keep, merge_id=p.id)
        except ValidationFailed as e:
            QMessageBox.warning(self, "不能合并", "\n".join(e.errors.values()))
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "不能合并", str(e))
        self.reload()


