"""确定开庭 in the step form (ui.case_edit.ActionDialog): its starting time and length, and the
warning before saving when the day is a rest day (or of a year the calendar does not know yet) or
the case's arbitrator, clerk or the place is booked at an overlapping time on another case
(services.hearings.conflicts). The warning asks; it does not refuse."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox, QSpinBox, QTimeEdit, QWidget

from ..db import DatabaseError
from ..services import hearings
from ..services.errors import ServiceError

DEFAULT_START = QTime(9, 30)
DEFAULT_MINUTES = 60
TITLE = "确定开庭前请注意"


def booking_defaults(inputs: dict[str, QWidget]) -> None:
    """09:30 for an hour, as most hearings are booked."""
    if isinstance(w := inputs.get("starts"), QTimeEdit):
        w.setTime(DEFAULT_START)
    if isinstance(w := inputs.get("minutes"), QSpinBox):
        w.setValue(DEFAULT_MINUTES)


def overlap_text(lines: list[str]) -> str:
    """The day's own warnings (a rest day, a year the calendar does not know) and the overlapping
    bookings, one a line."""
    overlapping = [line for line in lines if "已安排" in line]
    head = "以下安排与本次开庭的时间重叠：" if overlapping and len(overlapping) == len(lines) else "本次开庭："
    return head + "\n\n" + "\n".join(f"• {line}" for line in lines) + "\n\n仍要按此时间确定开庭吗？"


def confirm_overlaps(parent: QWidget, ctx, case_id: uuid.UUID, values: dict[str, object]) -> bool:  # noqa: ANN001
    """True to go on with the booking: nothing overlaps, or the person chose 仍然安排."""
    hearing_on = values.get("hearing_on")
    try:
        lines = ctx.call(hearings.conflicts, case_id=case_id,
                         hearing_on=hearing_on if isinstance(hearing_on, date) else None,
                         starts=str(values.get("starts") or ""), minutes=values.get("minutes") or 0,
                         place=values.get("place"))
    except (ServiceError, DatabaseError):
        return True  # the service says what is wrong when the step is saved
    if not lines:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, overlap_text(lines), parent=parent)
    go = box.addButton("仍然安排", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.exec()
    return box.clickedButton() is go
