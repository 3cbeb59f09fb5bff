"""仲裁时效 facts of a case: the day the rights were known infringed, the end of employment, and
the interruptions and suspensions, each a row the person adds or removes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from ..domain.limitation import Interruption, Suspension
from ..services.cases import CaseDetail
from ..services.limitation import LimitationInput, save_limitation
from .case_edit import _CaseDialog
from .forms import OptionalDate, add_field, date_edit, error_label, qdate_to_date

_INTRO = ("仲裁时效为一年，从当事人知道或者应当知道其权利被侵害之日起计算；因当事人一方向对方主张权利、"
          "向有关部门请求权利救济或者对方同意履行义务而中断，从中断时起重新计算；因不可抗力或者其他正当理由"
          "不能申请仲裁的中止，从中止原因消除之日起继续计算。劳动关系存续期间追索劳动报酬不受此限，"
          "劳动关系终止的，自终止之日起一年内提出（劳动争议调解仲裁法第二十七条）。此处计算仅为提示。")


def _discard(grid: QGridLayout, widget: QWidget) -> None:
    """Take a widget out now (deleteLater alone would leave it painted until the event loop runs)."""
    grid.removeWidget(widget)
    widget.setParent(None)
    widget.deleteLater()


class _Rows(QGroupBox):
    """A list of dated rows with a reason, an error line under every field, 添加 and 删除."""

    def __init__(self, title: str, key: str, dates: tuple[str, ...], add_text: str, placeholder: str,
                 dialog: LimitationDialog):
        super().__init__(title)
        self.key, self.dates, self.placeholder, self.dialog = key, dates, placeholder, dialog
        self.grid = QGridLayout(self)
        self.rows: list[tuple[list, QLineEdit]] = []
        self.add_btn = QPushButton(add_text)
        self.add_btn.clicked.connect(lambda: self.add())
        self._transient: list[QWidget] = []  # error lines and 删除 buttons, made anew at each layout
        self._lay_out()

    def add(self, days: tuple[date, ...] = (), reason: str = "") -> None:
        edits = [date_edit(d) for d in days] or [date_edit() for _ in self.dates]
        line = QLineEdit(reason)
        line.setPlaceholderText(self.placeholder)
        self.rows.append((edits, line))
        self._lay_out()

    def remove(self, index: int) -> None:
        edits, line = self.rows.pop(index)
        for w in (*edits, line):
            _discard(self.grid, w)
        self._lay_out()

    def _lay_out(self) -> None:
        for w in self._transient:
            _discard(self.grid, w)
        self._transient = []
        errors = self.dialog.errors
        errors.forget(f"{self.key}.")  # rows are numbered anew
        for i, (edits, line) in enumerate(self.rows):
            cells = [*zip(edits, self.dates, strict=True), (line, "reason")]
            for col, (widget, name) in enumerate(cells):
                label = error_label()
                self.grid.addWidget(widget, 2 * i, col)
                self.grid.addWidget(label, 2 * i + 1, col)
                errors.register(f"{self.key}.{i}.{name}", widget, label)
                self._transient.append(label)
            delete = QPushButton("删除")
            delete.clicked.connect(lambda _=False, i=i: self.remove(i))
            self.grid.addWidget(delete, 2 * i, len(cells))
            self._transient.append(delete)
        self.grid.setColumnStretch(len(self.dates), 1)
        self.grid.addWidget(self.add_btn, 2 * len(self.rows), 0, 1, len(self.dates) + 1)

    def values(self, make: Callable) -> list:  # noqa: ANN001
        return [make(*(qdate_to_date(e.date()) for e in edits), reason.text()) for edits, reason in self.rows]


class LimitationDialog(_CaseDialog):
    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "仲裁时效", parent)
        self.setMinimumWidth(640)
        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        self.form.addRow(intro)
        self.known = OptionalDate("已确定")
        self.known.set_value(detail.rights_known_on)
        add_field(self.form, "知道或应当知道权利被侵害之日", self.known, self.errors, "known_on")
        self.ended = OptionalDate("劳动关系已终止")
        self.ended.set_value(detail.employment_ended_on)
        add_field(self.form, "劳动关系终止之日", self.ended, self.errors, "employment_ended_on")
        self.interruptions = _Rows("时效中断", "interruptions", ("on",), "添加中断事由",
                                   "事由，如：向用人单位书面主张、向劳动监察投诉、用人单位承诺支付", self)
        for it in detail.interruptions:
            self.interruptions.add((it.on,), it.reason)
        self.form.addRow(self.interruptions)
        self.suspensions = _Rows("时效中止（开始日 — 原因消除日）", "suspensions", ("start", "end"), "添加中止事由",
                                 "事由，如：不可抗力、无民事行为能力且无法定代理人", self)
        for s in detail.suspensions:
            self.suspensions.add((s.start, s.end), s.reason)
        self.form.addRow(self.suspensions)

    def data(self) -> LimitationInput:
        return LimitationInput(known_on=self.known.value(), employment_ended_on=self.ended.value(),
                               interruptions=self.interruptions.values(Interruption),
                               suspensions=self.suspensions.values(Suspension))

    def call(self) -> CaseDetail:
        return self.ctx.call(save_limitation, case_id=self.detail.id, expected_version=self.detail.version,
                             data=self.data())
