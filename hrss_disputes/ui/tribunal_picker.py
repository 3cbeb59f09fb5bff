"""组成仲裁庭's ordered pick from the arbitrators' register: the sole arbitrator, or the presiding
arbitrator (首席) and two members, each seat a drop-down of the register (FieldSpec type "tribunal")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from ..models.enums import Procedure, TribunalSeatKind

THREE, SOLE = "three", "sole"
# the size rules (domain.workflows.tribunal_size_error): which forms each procedure allows
FORMS = {Procedure.SIMPLIFIED: (SOLE,), Procedure.COLLECTIVE: (THREE,)}
FORM_LABELS = {THREE: "三人仲裁庭（首席仲裁员一名、仲裁员两名）", SOLE: "独任仲裁"}


class TribunalPicker(QWidget):
    """Seat by seat, in order; ``value()`` is the chosen register ids (hex), chief first."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str]], procedure: Procedure, parent: QWidget | None = None):
        super().__init__(parent)
        self.choices = choices
        lay = QFormLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.form = QComboBox()
        for key in FORMS.get(procedure, (THREE, SOLE)):
            self.form.addItem(FORM_LABELS[key], key)
        self.form.currentIndexChanged.connect(self._lay_out)
        lay.addRow("组庭方式", self.form)
        self.seats: list[QComboBox] = []
        self.seat_labels: list[QLabel] = []
        for _ in range(3):
            box = QComboBox()
            box.addItem("（请选择）", None)
            for value, label in choices:
                box.addItem(label, value)
            box.currentIndexChanged.connect(lambda *_: self.changed.emit())
            label = QLabel()
            lay.addRow(label, box)
            self.seats.append(box)
            self.seat_labels.append(label)
        if not choices:
            lay.addRow(QLabel("本院仲裁员名册中没有在任的仲裁员：请本院领导在“设置 → 仲裁员名册”中登记"))
        self._lay_out()

    def _lay_out(self) -> None:
        sole = self.form.currentData() == SOLE
        kinds = [TribunalSeatKind.SOLE] if sole else [TribunalSeatKind.CHIEF, TribunalSeatKind.MEMBER,
                                                      TribunalSeatKind.MEMBER]
        for i, (label, box) in enumerate(zip(self.seat_labels, self.seats, strict=True)):
            shown = i < len(kinds)
            label.setVisible(shown)
            box.setVisible(shown)
            if shown:
                label.setText(kinds[i].label)
        self.changed.emit()

    def shown_seats(self) -> list[QComboBox]:
        return self.seats[:1] if self.form.currentData() == SOLE else self.seats

    def value(self) -> list[str]:
        """The ids chosen, in seat order (a seat left blank is left out: the service says how many)."""
        return [box.currentData() for box in self.shown_seats() if box.currentData()]
