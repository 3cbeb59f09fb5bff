"""Entry of one party (worker or employer) with field-level errors and existing-record lookup."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import IdDocType, PartyKind
from ..services import parties
from ..services.errors import ServiceError
from ..services.parties import PartyInput
from .forms import FieldErrors, add_field
from .length_caps import cap_to_column

INDUSTRY_CHOICES = ("", "建筑业", "制造业", "批发和零售业", "住宿和餐饮业", "居民服务业", "交通运输业",
                    "信息技术服务业", "其他")


def ask_update(parent: QWidget, errors: dict[str, str]) -> bool | None:
    """Ask once about every known worker typed differently from their record (the service's
    RecordDiffers): True update the records, False keep them, None go back to the form."""
    lines = []
    for key, message in errors.items():
        parts = key.split(".")
        row = f"第 {int(parts[1]) + 1} 行" if parts[0] == "workers" and parts[1].isdigit() else ""
        lines.append(f"{row}：{message.split('：请确认')[0]}" if row else message.split("：请确认")[0])
    shown = lines[:12] + ([f"……共 {len(lines)} 处"] if len(lines) > 12 else [])
    box = QMessageBox(QMessageBox.Icon.Question, "已有当事人记录",
                      "以下劳动者按身份证号码已有登记记录，填写的内容与登记的不同：\n" + "\n".join(shown)
                      + "\n\n是否用填写的内容更新已登记的记录？更新记入审计日志。", parent=parent)
    update = box.addButton("更新已登记的记录", QMessageBox.ButtonRole.YesRole)
    keep = box.addButton("不更新，沿用已登记的", QMessageBox.ButtonRole.NoRole)
    box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(update)
    box.exec()
    return True if box.clickedButton() is update else False if box.clickedButton() is keep else None


def answer_rows(workers: list, errors: dict[str, str], answer: bool) -> None:
    """Give the rows the errors name the answer (WorkerInput.update_existing)."""
    for key in errors:
        parts = key.split(".")
        if parts[0] == "workers" and parts[1].isdigit() and int(parts[1]) < len(workers):
            workers[int(parts[1])].update_existing = answer


class PartyForm(QGroupBox):
    """Fields of a person or an organisation; ``edited`` carries the key of the field left."""

    edited = Signal(str)

    def __init__(self, title: str, prefix: str, errors: FieldErrors, ctx, kind: PartyKind,  # noqa: ANN001
                 parent: QWidget | None = None):
        super().__init__(title, parent)
        self.prefix = prefix
        self.ctx = ctx
        self.update_existing: bool | None = None  # the answer to confirm_existing()'s question
        lay = QVBoxLayout(self)
        kinds = QHBoxLayout()
        self.person_radio = QRadioButton("自然人")
        self.org_radio = QRadioButton("单位")
        group = QButtonGroup(self)
        group.addButton(self.person_radio)
        group.addButton(self.org_radio)
        kinds.addWidget(self.person_radio)
        kinds.addWidget(self.org_radio)
        kinds.addStretch(1)
        lay.addLayout(kinds)
        self.existing = QLabel()
        self.existing.setStyleSheet("color: #2e7d32;")
        self.existing.setWordWrap(True)
        self.existing.hide()
        lay.addWidget(self.existing)

        # natural person
        person = QWidget()
        pf = QFormLayout(person)
        pf.setContentsMargins(0, 0, 0, 0)
        self.p_name = QLineEdit()
        self.p_doc_type = QComboBox()
        for value, label in IdDocType.choices():
            self.p_doc_type.addItem(label, value)
        self.p_doc_number = QLineEdit()
        self.p_doc_number.setPlaceholderText("18位身份证号码，性别和出生日期自动识别")
        self.p_phone = QLineEdit()
        self.p_address = QLineEdit()
        self.p_migrant = QCheckBox("农民工")
        add_field(pf, "姓名", self.p_name, errors, prefix + "name")
        pf.addRow("证件类型", self.p_doc_type)
        add_field(pf, "证件号码", self.p_doc_number, errors, prefix + "id_doc_number")
        self._person_phone_error = add_field(pf, "联系电话", self.p_phone, errors, prefix + "phone")
        add_field(pf, "住址", self.p_address, errors, prefix + "address")
        pf.addRow("", self.p_migrant)
        lay.insertWidget(1, person)
        self.person_page = person

        # organisation
        org = QWidget()
        of = QFormLayout(org)
        of.setContentsMargins(0, 0, 0, 0)
        self.o_name = QLineEdit()
        self.o_code = QLineEdit()
        self.o_code.setPlaceholderText("18位；没有的可以不填（个体工商户、旧记录）")
        self.o_rep = QLineEdit()
        self.o_phone = QLineEdit()
        self.o_address = QLineEdit()
        self.o_industry = QComboBox()
        self.o_industry.setEditable(True)
        self.o_industry.addItems(INDUSTRY_CHOICES)
        self.o_construction = QCheckBox("建设领域（工程建设项目）")
        add_field(of, "单位名称", self.o_name, errors, prefix + "org_name")
        add_field(of, "统一社会信用代码", self.o_code, errors, prefix + "credit_code")
        add_field(of, "法定代表人", self.o_rep, errors, prefix + "legal_rep")
        add_field(of, "联系电话", self.o_phone, errors, prefix + "org_phone")
        add_field(of, "住所", self.o_address, errors, prefix + "org_address")
        add_field(of, "行业", self.o_industry, errors, prefix + "industry")
        of.addRow("", self.o_construction)
        lay.insertWidget(2, org)
        self.org_page = org
        # no field holds more than its column keeps (PostgreSQL refuses more)
        for widget, column, label, key in (
                (self.p_name, "name", "姓名", "name"), (self.p_doc_number, "id_doc_number", "证件号码", "id_doc_number"),
                (self.p_phone, "phone", "联系电话", "phone"), (self.p_address, "address", "住址", "address"),
                (self.o_name, "name", "单位名称", "org_name"), (self.o_code, "credit_code", "统一社会信用代码", "credit_code"),
                (self.o_rep, "legal_rep", "法定代表人", "legal_rep"), (self.o_phone, "phone", "联系电话", "org_phone"),
                (self.o_address, "address", "住所", "org_address"), (self.o_industry, "industry", "行业", "industry")):
            cap_to_column(widget, "party", column, label=label, errors=errors, key=prefix + key)

        # Show one page at a time; a hidden page takes no room, so error lines can grow the form.
        self.person_radio.toggled.connect(self._show_kind)
        (self.person_radio if kind is PartyKind.PERSON else self.org_radio).setChecked(True)
        self._show_kind()
        for edit, key in ((self.p_name, "name"), (self.p_doc_number, "id_doc_number"),
                          (self.p_phone, "phone"), (self.o_name, "org_name"),
                          (self.o_code, "credit_code"), (self.o_phone, "org_phone")):
            edit.editingFinished.connect(lambda k=key: self.edited.emit(self.prefix + k))
        self.p_doc_number.editingFinished.connect(self._lookup)
        self.o_code.editingFinished.connect(self._lookup)

    def _show_kind(self) -> None:
        person = self.person_radio.isChecked()
        self.person_page.setVisible(person)
        self.org_page.setVisible(not person)

    @property
    def kind(self) -> PartyKind:
        return PartyKind.PERSON if self.person_radio.isChecked() else PartyKind.ORGANISATION

    def value(self) -> PartyInput:
        if self.kind is PartyKind.PERSON:
            return PartyInput(
                kind=PartyKind.PERSON, name=self.p_name.text(), phone=self.p_phone.text(),
                address=self.p_address.text(), id_doc_type=self.p_doc_type.currentData(),
                id_doc_number=self.p_doc_number.text(), migrant_worker=self.p_migrant.isChecked(),
                update_existing=self.update_existing,
            )
        return PartyInput(
            kind=PartyKind.ORGANISATION, name=self.o_name.text(), phone=self.o_phone.text(),
            address=self.o_address.text(), credit_code=self.o_code.text(),
            legal_rep=self.o_rep.text(), industry=self.o_industry.currentText(),
            construction=self.o_construction.isChecked(), update_existing=self.update_existing,
        )

    @staticmethod
    def map_errors(prefix: str, kind: PartyKind, errors: dict[str, str]) -> dict[str, str]:
        """The service names fields the same for both kinds; the form has a set for each."""
        if kind is PartyKind.PERSON:
            return errors
        out = {}
        for key, msg in errors.items():
            if key == prefix + "name":
                key = prefix + "org_name"
            elif key == prefix + "phone":
                key = prefix + "org_phone"
            elif key == prefix + "address":
                key = prefix + "org_address"
            out[key] = msg
        return out

    def _lookup(self) -> None:
        """Tell the user when the ID number or credit code belongs to a party they may see on file
        (a person known only to another office is not mentioned: a record of their own is made)."""
        self.update_existing = None
        match = self._match()
        if match is None:
            self.existing.hide()
            return
        text = f"已有当事人记录：{match.name}（涉及 {match.case_count} 件案件），保存时将关联该记录。"
        if match.conflicts:
            text += "填写的" + "、".join(d.label for d in match.conflicts) + "与已登记的不同，保存时将询问是否更新。"
        self.existing.setText(text)
        self.existing.show()
        name_edit = self.p_name if self.kind is PartyKind.PERSON else self.o_name
        if not name_edit.text().strip():
            name_edit.setText(match.name)

    def _match(self) -> parties.PartyMatch | None:
        number = (self.p_doc_number if self.kind is PartyKind.PERSON else self.o_code).text().strip()
        if not number:
            return None
        try:
            return self.ctx.call(parties.match_party, data=self.value())
        except (ServiceError, DatabaseError):
            return None  # the save says what is wrong

    def confirm_existing(self) -> bool:
        """Before saving: when the record this party will be linked to holds other details than
        those typed, ask whether to update it (audited) or keep it. False: the user went back."""
        match = self._match()
        if match is None or not match.conflicts:
            self.update_existing = None
            return True
        lines = [f"已登记的{d.label}为“{d.stored}”，填写的是“{d.typed}”。" for d in match.conflicts]
        what = "证件号码" if self.kind is PartyKind.PERSON else "统一社会信用代码"
        box = QMessageBox(QMessageBox.Icon.Question, "已有当事人记录",
                          f"{self.title()}的{what}已登记为“{match.name}”（涉及 "
                          f"{match.case_count} 件案件）：\n" + "\n".join(lines)
                          + "\n\n是否用填写的内容更新已登记的记录？更新记入审计日志，该当事人的其他案件同样显示新内容。",
                          parent=self)
        update = box.addButton("更新已登记的记录", QMessageBox.ButtonRole.YesRole)
        keep = box.addButton("不更新，沿用已登记的", QMessageBox.ButtonRole.NoRole)
        box.addButton("返回修改", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(update)
        box.exec()
        if box.clickedButton() is update:
            self.update_existing = True
        elif box.clickedButton() is keep:
            self.update_existing = False
        else:
            return False
        return True
