"""The ``parties`` field of an action form (登记送达's 受送达人): each party of the case with a tick
box and its own date of receipt, since each party's period runs from its own receipt."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QCheckBox, QDateEdit, QGridLayout, QLabel, QWidget

from ..models.enums import CasePartyRole
from ..services.cases import CaseDetail
from .forms import date_edit, qdate_to_date

# the roles a paper is served on; a representative is an applicant too, an agent receives for a party
SERVED_ROLES = (CasePartyRole.APPLICANT, CasePartyRole.RESPONDENT, CasePartyRole.THIRD_PARTY,
                CasePartyRole.REPRESENTATIVE)


def served_parties(detail: CaseDetail) -> list[tuple[uuid.UUID, str, str]]:
    """(party id, name, role label) of the case's parties a paper may be served on, each once."""
    out: dict[uuid.UUID, tuple[str, str]] = {}
    for cp in detail.parties:
        if cp.role in SERVED_ROLES and cp.party.id not in out:
            role = CasePartyRole.APPLICANT if cp.role is CasePartyRole.REPRESENTATIVE else cp.role
            out[cp.party.id] = (cp.party.name, role.label)
    return [(pid, name, role) for pid, (name, role) in out.items()]


class PartiesPicker(QWidget):
    """One row per party: ☐ 张三（申请人）  [签收日期]; the date is asked only of the ticked."""

    def __init__(self, parties: list[tuple[uuid.UUID, str, str]], default: date, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.rows: dict[uuid.UUID, tuple[QCheckBox, QDateEdit]] = {}
        self.names: dict[uuid.UUID, str] = {}
        if not parties:
            grid.addWidget(QLabel("本案没有登记当事人"), 0, 0)
        for i, (pid, name, role) in enumerate(parties):
            box = QCheckBox(f"{name}（{role}）")
            day = date_edit(default)
            day.setEnabled(False)
            day.setToolTip("该当事人签收（送达回证记载）的日期；公告送达的为公告发出之日")
            box.toggled.connect(day.setEnabled)
            grid.addWidget(box, i, 0)
            grid.addWidget(QLabel("签收日期"), i, 1)
            grid.addWidget(day, i, 2)
            self.rows[pid] = (box, day)
            self.names[pid] = name
        grid.setColumnStretch(0, 1)

    def box(self, name: str) -> QCheckBox:
        """The tick box of the party called ``name``."""
        return next(self.rows[pid][0] for pid, n in self.names.items() if n == name)

    def date_of(self, name: str) -> QDateEdit:
        return next(self.rows[pid][1] for pid, n in self.names.items() if n == name)

    def value(self) -> list[dict[str, object]]:
        """The ticked parties with their dates: ``[{"party": id, "on": date}]``."""
        return [{"party": pid, "on": qdate_to_date(day.date())}
                for pid, (box, day) in self.rows.items() if box.isChecked()]

    def earliest(self) -> date | None:
        days = [r["on"] for r in self.value()]
        return min(days) if days else None  # type: ignore[type-var]
