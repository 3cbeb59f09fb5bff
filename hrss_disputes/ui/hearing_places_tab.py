"""开庭地点 in 参考数据与期限设置: the rooms (仲裁庭室) of each institute and the points where its mobile
tribunal sits (流动仲裁庭点), kept by the administrator; a place once used is made inactive, never
deleted (its hearings name it)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from ..models.enums import PlaceKind
from ..services import hearings, offices
from ..services.hearings import PlaceView
from .case_view import _fill
from .forms import add_field, select_data
from .length_caps import cap_to_column
from .reference_dialog import _Tab


class HearingPlacesTab(_Tab):
    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["机构", "名称", "类别", "地址", "状态"], (230, 180, 110, 380))
        self.rows: list[PlaceView] = []
        self.office = QComboBox()
        for o in ctx.call(offices.list_offices):
            self.office.addItem("\u3000" * o.depth + o.name, o.id)
        add_field(self.form, "所属机构", self.office, self.errors, "office_id")
        self.kind = QComboBox()
        self.kind.addItem("（请选择）", None)
        for k in PlaceKind:
            self.kind.addItem(k.label, k.value)
        add_field(self.form, "类别", self.kind, self.errors, "kind")
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如 第一仲裁庭、大沙镇流动仲裁庭点")
        add_field(self.form, "名称", self.name, self.errors, "name")
        cap_to_column(self.name, "hearing_place", "name", label="名称", errors=self.errors, key="name")
        self.address = QLineEdit()
        self.address.setPlaceholderText("开庭通知书写明的地址，例如 四会市大沙镇人民政府综治中心二楼调解室")
        add_field(self.form, "地址", self.address, self.errors, "address")
        cap_to_column(self.address, "hearing_place", "address", label="地址", errors=self.errors, key="address")
        self.active = QCheckBox("在用（停用后不再供“确定开庭”选择，原有开庭安排不变）")
        self.active.setChecked(True)
        self.form.addRow("", self.active)
        self.table.currentCellChanged.connect(lambda row, *_: self._selected(row))
        self.button("新增开庭地点", self.add)
        self.save_button = self.button("保存对所选地点的修改", self.save)
        self.reload()

    def reload(self) -> None:
        self.rows = self.ctx.call(hearings.list_places)
        _fill(self.table, [[p.office_name, p.name, p.kind.label, p.address, "在用" if p.active else "已停用"]
                           for p in self.rows])
        self.save_button.setEnabled(0 <= self.table.currentRow() < len(self.rows))  # the row still chosen

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            self.save_button.setEnabled(False)
            return
        p = self.rows[row]
        select_data(self.office, p.office_id)
        select_data(self.kind, p.kind.value)
        self.name.setText(p.name)
        self.address.setText(p.address)
        self.active.setChecked(p.active)
        self.save_button.setEnabled(True)

    def _values(self) -> dict[str, object]:
        return {"office_id": self.office.currentData(), "kind": self.kind.currentData(), "name": self.name.text(),
                "address": self.address.text(), "active": self.active.isChecked()}

    def add(self) -> None:
        if self.run(hearings.save_place, "已新增开庭地点（已记入审计日志）", **self._values()):
            self.name.clear()
            self.address.clear()

    def save(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            p = self.rows[row]
            self.run(hearings.save_place, "已保存（已记入审计日志）", place_id=p.id, expected_version=p.version,
                     **self._values())
