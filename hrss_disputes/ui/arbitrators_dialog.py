"""设置 → 仲裁员名册: an institute's register of arbitrators, kept by its head (or an administrator):
full-time arbitrators linked to their sign-in, 兼职仲裁员 (lawyers, union and employers'
representatives) with no login. Stood down, not deleted: the tribunals they sat on name them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import ArbitratorKind
from ..services import tribunal
from ..services.errors import ServiceError, ValidationFailed
from .case_view import _fill, _table
from .forms import (
    DiscardGuard,
    FieldErrors,
    add_field,
    close_row,
    error_label,
    select_data,
    show_form_errors,
)
from .length_caps import cap_to_column


class ArbitratorsDialog(DiscardGuard, QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[tribunal.ArbitratorView] = []
        self.setWindowTitle("仲裁员名册")
        self.resize(980, 640)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.office = QComboBox()
        for o in ctx.call(tribunal.register_offices):
            self.office.addItem(o.name, o.id)
        self.office.setCurrentIndex(self._first_office())
        self.office.currentIndexChanged.connect(self._office_changed)
        top.addWidget(QLabel("仲裁机构"))
        top.addWidget(self.office, 1)
        lay.addLayout(top)
        note = QLabel("组成仲裁庭时从本名册选择仲裁员。专职仲裁员关联其登录账号（本院角色为仲裁员的用户），"
                      "其承办、参与审理的案件列入“我承办的案件”；兼职仲裁员没有登录账号。不再任职的请取消“在任”，不删除。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        lay.addWidget(note)
        self.table = _table(["姓名", "类别", "登录账号", "职业/单位", "联系电话", "状态"])
        for col, w in enumerate((120, 110, 120, 260, 130)):
            self.table.setColumnWidth(col, w)
        self.table.currentCellChanged.connect(self._cell_changed)
        lay.addWidget(self.table, 1)
        self.form = QFormLayout()
        lay.addLayout(self.form)  # before its fields: their error lines belong to the dialog from the start
        self.errors = FieldErrors()
        self.kind = QComboBox()
        for value, label in ArbitratorKind.choices():
            self.kind.addItem(label, value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        add_field(self.form, "类别", self.kind, self.errors, "kind")
        self.user = QComboBox()
        self.user.currentIndexChanged.connect(self._user_chosen)
        add_field(self.form, "登录账号", self.user, self.errors, "user_id")
        self.name = QLineEdit()
        add_field(self.form, "姓名", self.name, self.errors, "name")
        cap_to_column(self.name, "arbitrator", "name", label="姓名", errors=self.errors, key="name")
        self.profession = QLineEdit()
        self.profession.setPlaceholderText("例如 律师（广东某律师事务所）、市总工会、企业联合会")
        add_field(self.form, "职业/单位", self.profession, self.errors, "profession")
        cap_to_column(self.profession, "arbitrator", "profession", label="职业/单位", errors=self.errors, key="profession")
        self.phone = QLineEdit()
        add_field(self.form, "联系电话", self.phone, self.errors, "phone")
        cap_to_column(self.phone, "arbitrator", "phone", label="联系电话", errors=self.errors, key="phone")
        self.active = QCheckBox("在任（可选入仲裁庭）")
        self.active.setChecked(True)
        self.form.addRow("", self.active)
        self.general = error_label()
        lay.addWidget(self.general)
        self.saved = QLabel()
        self.saved.setStyleSheet("color: #2e7d32")
        lay.addWidget(self.saved)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_btn = QPushButton("新登记")
        self.new_btn.clicked.connect(self.clear)
        self.save_btn = QPushButton("保存")
        self.save_btn.clicked.connect(self.save)
        buttons.addWidget(self.new_btn)
        buttons.addWidget(self.save_btn)
        lay.addLayout(buttons)
        lay.addLayout(close_row(self))
        self.editing: tribunal.ArbitratorView | None = None
        self.reload()

    def _first_office(self) -> int:
        """The user's own institute when it keeps a register here that holds anyone, else the first
        whose register does (the province commission above the institutes usually keeps none),
        else the user's own, else the first."""
        ids = [self.office.itemData(i) for i in range(self.office.count())]
        own = self.ctx.actor.office_id
        ordered = ([own] if own in ids else []) + [i for i in ids if i != own]
        for office_id in ordered:
            if self.ctx.call(tribunal.list_arbitrators, office_id=office_id):
                return ids.index(office_id)
        return ids.index(own) if own in ids else 0

    # slots are the dialog's bound methods (Qt disconnects them when the dialog goes)
    def _office_changed(self, _index: int) -> None:
        self.reload()

    def _cell_changed(self, row: int, *_: int) -> None:
        self._selected(row)

    def reload(self) -> None:
        office_id = self.office.currentData()
        self.rows = self.ctx.call(tribunal.list_arbitrators, office_id=office_id) if office_id else []
        _fill(self.table, [[a.name, a.kind.label, a.username or "—", a.profession, a.phone,
                            "在任" if a.active else "已停用"] for a in self.rows])
        self.clear()

    def _fill_users(self, current: tribunal.ArbitratorView | None) -> None:
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem("（不关联）", None)
        if current is not None and current.user_id is not None:
            self.user.addItem(f"{current.name}（{current.username}）", current.user_id)
        office_id = self.office.currentData()
        if office_id is not None:
            for u in self.ctx.call(tribunal.unregistered_arbitrator_users, office_id=office_id):
                self.user.addItem(u.name, u.id)
        select_data(self.user, current.user_id if current else None)
        self.user.blockSignals(False)

    def clear(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self._fill_users(None)
        self.kind.setCurrentIndex(self.kind.findData(ArbitratorKind.PART_TIME.value))
        for edit in (self.name, self.profession, self.phone):
            edit.clear()
        self.active.setChecked(True)
        self.save_btn.setText("登记到名册")
        self._kind_changed()
        self.mark_clean()  # Esc asks only about what was typed since

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        a = self.editing = self.rows[row]
        self._fill_users(a)
        self.kind.setCurrentIndex(self.kind.findData(a.kind.value))
        self.name.setText(a.name)
        self.profession.setText(a.profession)
        self.phone.setText(a.phone)
        self.active.setChecked(a.active)
        self.save_btn.setText("保存修改")
        self._kind_changed()
        self.mark_clean()

    def _kind_changed(self, _index: int = 0) -> None:
        full_time = self.kind.currentData() == ArbitratorKind.FULL_TIME.value
        self.user.setEnabled(full_time)
        if not full_time:
            self.user.setCurrentIndex(0)

    def _user_chosen(self, _index: int = 0) -> None:
        if self.user.currentData() is not None and not self.name.text().strip():
            self.name.setText(self.user.currentText().split("（")[0])

    def _stand_down_confirmed(self, a: tribunal.ArbitratorView) -> bool:
        """Standing down someone who sits on open cases or travels with planned sittings: said first."""
        try:
            warning = self.ctx.call(tribunal.stand_down_warning, arbitrator_id=a.id)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return False
        return not warning or QMessageBox.question(
            self, "停用仲裁员", f"{warning}。\n\n确定停用？") == QMessageBox.StandardButton.Yes

    def save(self) -> None:
        data = tribunal.ArbitratorInput(self.name.text(), self.kind.currentData(), self.user.currentData(),
                                        self.profession.text(), self.phone.text(), self.active.isChecked())
        editing = self.editing
        if editing is not None and editing.active and not data.active and not self._stand_down_confirmed(editing):
            return
        try:
            self.ctx.call(tribunal.save_arbitrator, office_id=self.office.currentData(), data=data,
                          arbitrator_id=editing.id if editing else None,
                          expected_version=editing.version if editing else None)
        except ValidationFailed as e:
            self.saved.clear()
            show_form_errors(self.errors, self.general, e.errors)
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return
        show_form_errors(self.errors, self.general, {})
        self.reload()
        self.saved.setText(f"已保存：{data.name.strip() or '仲裁员'}（已记入审计日志）")
