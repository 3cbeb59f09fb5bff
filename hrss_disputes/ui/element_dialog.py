"""要素确认: each party's stance on each element of each claim (要素式审理), a tab per claim item,
the elements as rows and a column per party (确认, or 有争议 with what the party says instead).
Saved all at once (services.element_positions): a refused cell says why under it, and nothing is
saved until every cell is right."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain import element_sheet as es
from ..models.enums import ElementStance
from ..services import element_positions as ep
from ..services.cases import CaseDetail
from .case_edit import _CaseDialog
from .forms import error_label

NO_STANCE = "未表态"
_HINT = {None: "", ElementStance.CONFIRMED: "确认的内容（已知情况有记载的可不填）",
         ElementStance.DISPUTED: "该方主张的事实（必填）"}


def fit_rows(table: QTableWidget) -> None:
    """Each row as tall as its tallest cell at the cell's own width: a wrapped message (the red
    line under a stance) is shown whole, not cut off by a row sized from an unwrapped hint."""
    table.resizeRowsToContents()
    for r in range(table.rowCount()):
        needed = table.rowHeight(r)
        for c in range(table.columnCount()):
            cell = table.cellWidget(r, c)
            if cell is not None and cell.hasHeightForWidth():
                needed = max(needed, cell.heightForWidth(table.columnWidth(c)))
        table.setRowHeight(r, needed)


class StanceCell(QWidget):
    """One party's stance on one element: 未表态 / 确认 / 有争议, a note, and its message."""

    def __init__(self, position: ep.PositionView | None, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)
        row = QHBoxLayout()
        self.stance = QComboBox()
        self.stance.addItem(NO_STANCE, None)
        for s in ElementStance:
            self.stance.addItem(s.label, s.value)
        self.note = QLineEdit()
        row.addWidget(self.stance)
        row.addWidget(self.note, 1)
        lay.addLayout(row)
        self.error = error_label()
        lay.addWidget(self.error)
        if position is not None:
            self.stance.setCurrentIndex(self.stance.findData(position.stance.value))
            self.note.setText(position.note)
        self.stance.currentIndexChanged.connect(self._hint)
        self._hint()

    def value(self) -> tuple[str | None, str]:
        return self.stance.currentData(), self.note.text().strip()

    def _hint(self) -> None:
        chosen = self.stance.currentData()
        self.note.setPlaceholderText(_HINT[ElementStance(chosen) if chosen else None])


class ElementDialog(_CaseDialog):
    """``cells`` by "claim:element:party" (the service's error keys), for tests and errors."""

    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "要素确认", parent)
        self.sheet = ctx.call(ep.element_sheet, case_id=detail.id)
        self.cells: dict[str, StanceCell] = {}
        self.tab_of: dict[str, int] = {}
        intro = QLabel("逐项记录双方当事人对各要素的表态：“确认”，或“有争议”并写明该方主张的事实。"
                       "双方均确认的要素写入仲裁裁决书“本委查明”的“双方确认”部分；有争议的要素列入庭审笔录的庭审重点。"
                       "“基本情况”是各项请求共同涉及的事实，只记录一次；请求金额、证据等不是事实要素，不列入“双方确认”。"
                       "“已知情况”来自请求事项中填写的要素和请求期间、金额。")
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #455a64;")
        self.tabs = QTabWidget()
        for claim in self.sheet.claims:
            self.tabs.addTab(self._page(claim), f"{claim.position} {claim.title}" if claim.position else claim.title)
        if not self.sheet.claims:
            self.tabs.addTab(QLabel("本案尚无请求事项。"), "请求事项")
        lay = self.layout()
        lay.insertWidget(0, intro)
        lay.insertWidget(1, self.tabs, 1)
        self.setMinimumWidth(900)
        self.resize(1280, 700)

    def _page(self, claim: ep.ClaimSheetView) -> QWidget:
        """The claim's table, and for each party a button that confirms what is on record."""
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 4, 0, 0)
        buttons = QHBoxLayout()
        for party in self.sheet.parties:
            btn = QPushButton(f"{party.role_label}：有记载的要素均确认")
            btn.setToolTip(f"将{party.role_label}{party.name}尚未表态、且“已知情况”有一致记载的事实要素设为“确认”"
                           "（请求金额、证据等不在其列）")
            btn.clicked.connect(lambda _=False, c=claim, p=party: self.confirm_known(c, p))
            buttons.addWidget(btn)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(self._table(claim), 1)
        return page

    def confirm_known(self, claim: ep.ClaimSheetView, party: ep.SheetParty) -> None:
        """未表态 → 确认 for the party on the claim's facts the case has one value for: never what is
        claimed (请求金额, 是否要求继续履行…) nor evidence (es.NOT_FACTS), which is no fact to admit."""
        for row in claim.rows:
            cell = self.cells[f"{claim.claim_id.hex}:{row.key}:{party.id.hex}"]
            if row.fact and row.known and not row.differs and cell.stance.currentData() is None:
                cell.stance.setCurrentIndex(cell.stance.findData(ElementStance.CONFIRMED.value))

    def _table(self, claim: ep.ClaimSheetView) -> QTableWidget:
        parties = self.sheet.parties
        table = QTableWidget(len(claim.rows), 2 + len(parties))
        table.setHorizontalHeaderLabels(["要素", "已知情况", *(f"{p.role_label} {p.name}" for p in parties)])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(0, 230)
        table.setColumnWidth(1, 190)
        for col in range(2, 2 + len(parties)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(claim.rows):
            kind = "" if row.fact else f"<span style='color:#8d6e63'>（{es.NOT_FACTS[row.key]}，不列入双方确认）</span>"
            label = QLabel(f"<b>{html.escape(row.label)}</b>{kind}<br>"
                           f"<span style='color:#757575;font-size:8pt'>{html.escape(row.facts)}</span>")
            label.setWordWrap(True)
            label.setContentsMargins(4, 2, 4, 2)
            table.setCellWidget(r, 0, label)
            known = QLabel(html.escape(row.known) if row.known else "<span style='color:#9e9e9e'>（无记载）</span>")
            known.setWordWrap(True)
            known.setContentsMargins(4, 2, 4, 2)
            table.setCellWidget(r, 1, known)
            for c, party in enumerate(parties, 2):
                cell = StanceCell(row.positions.get(party.id))
                key = f"{claim.claim_id.hex}:{row.key}:{party.id.hex}"
                self.cells[key] = cell
                self.tab_of[key] = self.tabs.count()
                self.errors.register(key, cell, cell.error)
                table.setCellWidget(r, c, cell)
        table.resizeRowsToContents()
        return table

    def positions(self) -> list[ep.PositionInput]:
        out = []
        for key, cell in self.cells.items():
            claim, element, party = key.split(":")
            stance, note = cell.value()
            out.append(ep.PositionInput(uuid.UUID(claim), element, uuid.UUID(party), stance, note))
        return out

    def call(self) -> CaseDetail:
        return self.ctx.call(ep.record_positions, case_id=self.detail.id, expected_version=self.detail.version,
                             positions=self.positions())

    def save(self) -> None:
        super().save()
        refused = [k for k, cell in self.cells.items() if cell.error.text()]
        if self.result_detail is not None or not refused:
            return
        for table in self.tabs.findChildren(QTableWidget):  # rows grown to show the messages under their cells
            fit_rows(table)
        self.tabs.setCurrentIndex(self.tab_of[refused[0]])  # the first refused cell
        self.cells[refused[0]].note.setFocus(Qt.FocusReason.OtherFocusReason)
