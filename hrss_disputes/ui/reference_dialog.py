"""The administrator's reference data: calendar corrections, deadline day settings, wages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain import complaints as cm
from ..domain.calendar import DayKind
from ..domain.decisions import PAPER_PROCEDURE_CHOICES
from ..domain.finality import DEFAULT_MONEY_TYPES, MONEY_CHOICES, STALE_AFTER_YEARS
from ..domain.limitation import LimitationRules
from ..models.enums import ClaimType, Procedure
from ..services import case_numbers, kpi, offices
from ..services import reference_admin as ref
from ..services.errors import ServiceError, ValidationFailed
from .case_view import _fill, _table
from .forms import (
    FieldErrors,
    add_field,
    close_row,
    date_edit,
    error_label,
    money_text,
    qdate_to_date,
    show_form_errors,
)
from .length_caps import cap_to_column


class _Tab(QWidget):
    """A table of what is on file above a small form that adds to it."""

    def __init__(self, ctx, headers: list[str], widths: tuple[int, ...]):  # noqa: ANN001
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.table = _table(headers)
        for col, w in enumerate(widths):
            self.table.setColumnWidth(col, w)
        lay.addWidget(self.table, 1)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        self.errors = FieldErrors()
        self.general = error_label()
        lay.addWidget(self.general)
        self.done = QLabel()
        self.done.setStyleSheet("color: #2e7d32")
        lay.addWidget(self.done)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        lay.addLayout(self.buttons)

    def button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        self.buttons.addWidget(b)
        return b

    def run(self, fn: Callable[..., object], done: str, **kwargs: object) -> bool:
        try:
            result = self.ctx.call(fn, **kwargs)
        except ValidationFailed as e:
            self.done.clear()
            show_form_errors(self.errors, self.general, e.errors)
            return False
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return False
        show_form_errors(self.errors, self.general, {})
        self.done.setText(done.format(result) if isinstance(result, int) else done)
        self.reload()
        return True

    def reload(self) -> None:
        raise NotImplementedError


class CalendarTab(_Tab):
    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["日期", "设定为", "依据"], (120, 90))
        self.day = date_edit()
        add_field(self.form, "日期", self.day, self.errors, "day")
        self.kind = QComboBox()
        self.kind.addItem("休息日（放假）", False)
        self.kind.addItem("工作日（调休上班）", True)
        self.form.addRow("设定为", self.kind)
        self.note = QLineEdit()
        self.note.setPlaceholderText("例如 国务院办公厅关于2027年部分节假日安排的通知：春节")
        add_field(self.form, "依据", self.note, self.errors, "note")
        cap_to_column(self.note, "calendar_day", "note", label="依据", errors=self.errors, key="note")
        self.save_button = self.button("添加或更正", self.save)
        self.button("删除所选日期", self.remove)
        self.reload()

    def reload(self) -> None:
        self.rows = self.ctx.call(ref.list_calendar_days)
        _fill(self.table, [[r.day.isoformat(), "工作日" if r.workday else "休息日", r.note] for r in self.rows])

    def save(self) -> None:
        self.run(ref.set_calendar_day, "已保存，{} 件未结案件的期限已重新计算", day=qdate_to_date(self.day.date()),
                 workday=self.kind.currentData(), note=self.note.text())

    def remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.run(ref.remove_calendar_day, "已删除，{} 件未结案件的期限已重新计算", day=self.rows[row].day)


class ClockTab(_Tab):
    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["期限", "计算方式", "天数", "依据"], (200, 140, 60))
        self.kind = QComboBox()
        for k in DayKind:
            self.kind.addItem(k.label, k)
        self.form.addRow("所选期限按", self.kind)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        add_field(self.form, "天数", self.days, self.errors, "days")
        self.table.currentCellChanged.connect(lambda row, *_: self._selected(row))
        self.button("保存所选期限的设置", self.save)
        self.reload()

    def reload(self) -> None:
        self.settings = self.ctx.call(ref.clock_settings)
        _fill(self.table, [
            [s.label + ("（⚠ 待核实，可设置）" if s.unsure else ""),
             s.kind.label + ("" if s.kind is s.default_kind else f"（默认{s.default_kind.label}）"),
             str(s.days) if s.days is not None else "法定", s.source] for s in self.settings])
        self.table.setColumnWidth(0, 330)

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self.settings):
            s = self.settings[row]
            self.kind.setCurrentIndex(self.kind.findData(s.kind))
            self.days.setEnabled(s.days is not None)
            if s.days is not None:
                self.days.setValue(s.days)

    def save(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.settings):
            s = self.settings[row]
            self.run(ref.set_clock_setting, "已保存，{} 件未结案件的期限已重新计算", clock=s.key,
                     kind=self.kind.currentData(), days=self.days.value() if s.days is not None else None)


class MinimumWageTab(_Tab):
    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["城市", "月最低工资（元）", "执行日期", "来源"], (80, 130, 100))
        self.city = QLineEdit()
        add_field(self.form, "城市", self.city, self.errors, "city")
        cap_to_column(self.city, "minimum_wage", "city", label="城市", errors=self.errors, key="city")
        self.monthly = QLineEdit()
        add_field(self.form, "月最低工资（元）", self.monthly, self.errors, "monthly")
        self.effective = date_edit()
        add_field(self.form, "执行日期", self.effective, self.errors, "effective_from")
        self.source = QLineEdit()
        add_field(self.form, "来源", self.source, self.errors, "source")
        cap_to_column(self.source, "minimum_wage", "source", label="来源", errors=self.errors, key="source")
        self.stale = QLabel()  # cities whose newest figure is more than two years old
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #c62828")
        self.form.insertRow(0, self.stale)
        self.button("添加", self.save)
        self.reload()

    def reload(self) -> None:
        _fill(self.table, [[w.city, money_text(w.monthly), w.effective_from.isoformat(), w.source]
                           for w in self.ctx.call(ref.list_minimum_wages)])
        stale = self.ctx.call(ref.stale_minimum_wages)
        self.stale.setText(f"以下城市的最低工资标准最新一条已超过{STALE_AFTER_YEARS}年，可能已有新标准，请核实后录入："
                           + "、".join(f"{city}（{since.isoformat()} 起）" for city, since in stale))
        self.stale.setVisible(bool(stale))

    def save(self) -> None:
        self.run(ref.add_minimum_wage, "已添加", city=self.city.text(), monthly=self.monthly.text(),
                 effective_from=qdate_to_date(self.effective.date()), source=self.source.text())


class AverageWageTab(_Tab):
    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["地区", "年度", "职工年平均工资（元）", "来源"], (80, 60, 160))
        self.region = QLineEdit()
        self.region.setPlaceholderText("城市（经济补偿三倍封顶），或“广东省”（简易处理标的额）")
        add_field(self.form, "地区", self.region, self.errors, "region")
        cap_to_column(self.region, "average_wage", "region", label="地区", errors=self.errors, key="region")
        self.year = QSpinBox()
        self.year.setRange(2000, date.today().year)
        self.year.setValue(date.today().year - 1)
        add_field(self.form, "年度", self.year, self.errors, "year")
        self.annual = QLineEdit()
        add_field(self.form, "职工年平均工资（元）", self.annual, self.errors, "annual")
        self.source = QLineEdit()
        add_field(self.form, "来源", self.source, self.errors, "source")
        cap_to_column(self.source, "average_wage", "source", label="来源", errors=self.errors, key="source")
        self.button("添加", self.save)
        self.reload()

    def reload(self) -> None:
        _fill(self.table, [[w.region, str(w.year), money_text(w.annual), w.source]
                           for w in self.ctx.call(ref.list_average_wages)])

    def save(self) -> None:
        self.run(ref.add_average_wage, "已添加", region=self.region.text(), year=self.year.value(),
                 annual=self.annual.text(), source=self.source.text())


class NumberingTab(_Tab):
    """An office's 代字 and case-number patterns, with the next number each would give."""

    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["类别字", "用于", "案号格式", "下一个号"], (70, 150, 330))
        self.office = QComboBox()
        for o in ctx.call(offices.list_offices):
            self.office.addItem("\u3000" * o.depth + o.name, o.id)
        self.office.currentIndexChanged.connect(lambda *_: self.reload())
        self.form.addRow("机构", self.office)
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("例如 肇（案号中的 {代字}）")
        add_field(self.form, "机构代字", self.prefix, self.errors, "prefix")
        cap_to_column(self.prefix, "office", "case_prefix", label="代字", errors=self.errors, key="prefix")
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText("可用 {代字} {年} {序号}，例如 {代字}劳人仲案字〔{年}〕{序号}号")
        self.pattern.textEdited.connect(self._edited)
        add_field(self.form, "所选类别的格式", self.pattern, self.errors, "pattern")
        self.table.currentCellChanged.connect(lambda row, *_: self._selected(row))
        self.button("保存本机构的案号设置", self.save)
        self.reload()

    def reload(self) -> None:
        office_id = self.office.currentData()
        if office_id is None:
            return
        prefix, self.rows = self.ctx.call(case_numbers.office_patterns, office_id=office_id, year=date.today().year)
        self.prefix.setText(prefix)
        self.patterns = {r.number_type: r.pattern for r in self.rows}
        _fill(self.table, [[r.number_type, r.label, r.pattern + ("" if r.own else "（默认）"), r.next_number]
                           for r in self.rows])

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.pattern.setText(self.patterns[self.rows[row].number_type])

    def _edited(self, text: str) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.patterns[self.rows[row].number_type] = text
            self.table.item(row, 2).setText(text + "（未保存）")

    def save(self) -> None:
        errors = {}
        try:
            self.ctx.call(case_numbers.set_office_numbering, office_id=self.office.currentData(),
                          prefix=self.prefix.text(), patterns=self.patterns)
        except ValidationFailed as e:  # a pattern's error names its type: shown under the pattern field
            errors = {("pattern" if k.startswith("pattern:") else k): v for k, v in e.errors.items()}
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return
        show_form_errors(self.errors, self.general, errors)
        if not errors:
            self.done.setText("已保存；以后分配的案号按新格式编排，已有案号不变")
            self.reload()


class TargetTab(_Tab):
    """KPI targets: the shipped profiles and each office's own, from a year on (met: strictly above)."""

    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["目标方案", "设定机构", "起始日期", "调解成功率", "仲裁结案率", "投诉结案率"],
                         (200, 200, 100, 100, 100))
        self.office = QComboBox()
        for o in ctx.call(offices.list_offices):
            self.office.addItem("\u3000" * o.depth + o.name, o.id)
        self.form.addRow("机构", self.office)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        add_field(self.form, "自该年度起", self.year, self.errors, "year")
        self.edits = {}
        for key, label in (("mediation_success", "调解成功率目标（%）"), ("arbitration_closure", "仲裁结案率目标（%）"),
                           ("complaint_closure", "投诉结案率目标（%）")):
            edit = QLineEdit()
            edit.setPlaceholderText("例如 90；实际比率须高于目标才算达标")
            add_field(self.form, label, edit, self.errors, key)
            self.edits[key] = edit
        self.button("保存本机构目标", self.save)
        self.settled = QCheckBox("和解后撤回的案件计为调解成功（统计口径，适用于所有机构）")
        self.settled.toggled.connect(self.save_settled)
        self.form.addRow("", self.settled)
        self.reload()

    def save_settled(self, on: bool) -> None:
        self.run(kpi.set_settled_withdrawals_mediated, "统计口径已保存", value=on)

    def reload(self) -> None:
        self.settled.blockSignals(True)
        self.settled.setChecked(self.ctx.call(kpi.settled_option))
        self.settled.blockSignals(False)
        _fill(self.table, [[t.profile + ("（默认）" if t.is_default else ""), t.office or "随程序提供",
                            t.effective_from.isoformat(), f">{t.mediation_success}%", f">{t.arbitration_closure}%",
                            f">{t.complaint_closure}%"] for t in self.ctx.call(kpi.list_targets)])

    def save(self) -> None:
        self.run(kpi.set_office_target, "已保存；下级机构未另设目标的按本机构目标计算",
                 office_id=self.office.currentData(), year=self.year.value(),
                 **{k: e.text() for k, e in self.edits.items()})


class CrimeThresholdTab(_Tab):
    """法释〔2013〕3号 Art 3: the province's figures inside the national bands (⚠ Guangdong's not
    found), blank until the administrator enters them; the complaint view says so meanwhile."""

    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["标准", "本省数额", "司法解释幅度"], (380, 140))
        note = QLabel("拒不支付劳动报酬罪“数额较大”由各省高级人民法院在幅度内确定。未填写时，投诉案件的移送判断显示"
                      "“未设置本省数额标准”，不能以数额标准提请列入失信名单。")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.edits = {}
        for key, label in (("single", "一名劳动者三个月以上劳动报酬（元）"), ("group", "十名以上劳动者累计（元）")):
            edit = QLineEdit()
            edit.setPlaceholderText("留空为未设置")
            add_field(self.form, label, edit, self.errors, key)
            self.edits[key] = edit
        self.button("保存数额标准", self.save)
        self.reload()

    def reload(self) -> None:
        t = self.ctx.call(ref.threshold_settings)
        bands = (cm.SINGLE_BAND, cm.GROUP_BAND)
        _fill(self.table, [[label, f"{value:,.2f} 元" if value is not None else "未设置",
                            f"{band[0]:,.0f}—{band[1]:,.0f} 元"]
                           for label, value, band in (("一名劳动者，三个月以上劳动报酬", t.single, bands[0]),
                                                      ("十名以上劳动者，累计", t.group, bands[1]))])
        for key, value in (("single", t.single), ("group", t.group)):
            self.edits[key].setText("" if value is None else str(value))

    def save(self) -> None:
        self.run(ref.set_thresholds, "数额标准已保存", single=self.edits["single"].text(),
                 group=self.edits["group"].text())


class ChoiceBoxes(QWidget):
    """A checkbox for each claim type (or procedure) offered, three to a row."""

    def __init__(self, types: list[ClaimType] | list[Procedure]):
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes = {t: QCheckBox(t.label) for t in types}
        for i, box in enumerate(self.boxes.values()):
            grid.addWidget(box, i // 3, i % 3)

    def chosen(self) -> set[ClaimType]:
        return {t for t, box in self.boxes.items() if box.isChecked()}

    def set_chosen(self, chosen: frozenset[ClaimType]) -> None:
        for t, box in self.boxes.items():
            box.setChecked(t in chosen)


WAGE_DATES = (("award", "裁决作出之日（默认）"), ("application", "仲裁申请之日"))


class LegalTab(_Tab):
    """How this office reads the points the law leaves open (legal-rules.md ⚠): each choice
    with its default and its basis; the administrator changes them, every change audited."""

    def __init__(self, ctx):  # noqa: ANN001
        super().__init__(ctx, ["事项", "本机构设置", "默认", "依据"], (190, 250, 130))
        note = QLabel("以下事项法律未逐项规定，各地做法不一，由本机构确定；改动后即用于终局判断和仲裁时效提示。")
        note.setWordWrap(True)
        self.form.addRow(note)
        choices = sorted(MONEY_CHOICES, key=list(ClaimType).index)
        self.money = ChoiceBoxes(choices)
        add_field(self.form, "可终局裁决的金额请求", self.money, self.errors, "final_money_types")
        self.wage_date = QComboBox()
        for key, label in WAGE_DATES:
            self.wage_date.addItem(label, key)
        add_field(self.form, "判断终局所用最低工资的日期", self.wage_date, self.errors, "minimum_wage_date")
        self.remuneration = ChoiceBoxes(choices)
        add_field(self.form, "时效上计为“劳动报酬”的请求", self.remuneration, self.errors, "remuneration_types")
        self.rest_days = QCheckBox("时效期间最后一日为法定休假日的，顺延至其后第一个工作日")
        add_field(self.form, "时效届满日", self.rest_days, self.errors, "move_off_rest_days")
        self.papers = ChoiceBoxes(list(PAPER_PROCEDURE_CHOICES))
        add_field(self.form, "可书面审理（不开庭裁决）的程序", self.papers, self.errors, "paper_procedures")
        self.button("保存法律适用设置", self.save)
        self.reload()

    def reload(self) -> None:
        o = self.ctx.call(ref.legal_options)
        d = ref.LegalOptions(DEFAULT_MONEY_TYPES, "award", LimitationRules().remuneration,
                             LimitationRules().move_off_rest_days)

        def procedures(chosen: frozenset[Procedure]) -> str:
            return "、".join(p.label for p in PAPER_PROCEDURE_CHOICES if p in chosen) or "（均须开庭）"

        def names(types: frozenset[ClaimType]) -> str:
            return "、".join(t.label for t in sorted(types, key=list(ClaimType).index)) or "（无）"

        dates = dict(WAGE_DATES)
        yes_no = {True: "顺延", False: "不顺延"}
        _fill(self.table, [
            ["可终局裁决的金额请求", names(o.final_money_types), names(d.final_money_types),
             "劳动争议调解仲裁法第四十七条第一项：劳动报酬、工伤医疗费、经济补偿或者赔偿金；具体请求的归类法律未列明"],
            ["判断终局所用最低工资的日期", dates[o.minimum_wage_date], dates[d.minimum_wage_date],
             "第四十七条以“当地月最低工资标准”计算，未规定以哪一日的标准为准"],
            ["时效上计为劳动报酬的请求", names(o.remuneration_types), names(d.remuneration_types),
             "第二十七条第四款：劳动关系存续期间因拖欠劳动报酬发生争议的，不受一年时效限制；二倍工资、年休假工资等各地认定不一"],
            ["时效届满日遇休息日", yes_no[o.move_off_rest_days], yes_no[d.move_off_rest_days],
             "民法典第二百零三条（期间最后一日是法定休假日的，以休假日结束的次日为最后一日），仲裁法未明文"],
            ["可书面审理的程序", procedures(o.paper_procedures), procedures(d.paper_procedures),
             "劳动争议调解仲裁法第三十五条以开庭审理为常态，未规定书面审理；仲裁规则第六十条许简易处理案件由仲裁庭"
             "根据案件情况确定审理程序。此为本机构设置，不是法律的明文规定"],
        ])
        for row in range(self.table.rowCount()):  # long texts read whole on hover
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                item.setToolTip(item.text())
        self.money.set_chosen(o.final_money_types)
        self.wage_date.setCurrentIndex(self.wage_date.findData(o.minimum_wage_date))
        self.remuneration.set_chosen(o.remuneration_types)
        self.rest_days.setChecked(o.move_off_rest_days)
        self.papers.set_chosen(o.paper_procedures)

    def save(self) -> None:
        self.run(ref.set_legal_options, "法律适用设置已保存（已记入审计日志）", final_money_types=self.money.chosen(),
                 minimum_wage_date=self.wage_date.currentData(), remuneration_types=self.remuneration.chosen(),
                 move_off_rest_days=self.rest_days.isChecked(), paper_procedures=self.papers.chosen())


class ReferenceDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("参考数据与期限设置")
        self.resize(980, 640)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("仅管理员可修改。修改节假日或期限计算方式后，所有未结案件的期限立即重新计算。"))
        self.tabs = QTabWidget()
        self.calendar = CalendarTab(ctx)
        self.clocks = ClockTab(ctx)
        self.minimum = MinimumWageTab(ctx)
        self.average = AverageWageTab(ctx)
        self.numbering = NumberingTab(ctx)
        self.targets = TargetTab(ctx)
        self.thresholds = CrimeThresholdTab(ctx)
        self.legal = LegalTab(ctx)
        from .hearing_places_tab import HearingPlacesTab  # it builds on _Tab above

        self.places = HearingPlacesTab(ctx)
        for tab, title in ((self.calendar, "节假日调整"), (self.clocks, "期限计算方式"),
                           (self.minimum, "最低工资标准"), (self.average, "职工平均工资"), (self.numbering, "案号格式"),
                           (self.targets, "考核目标"), (self.thresholds, "欠薪犯罪标准"), (self.legal, "法律适用"),
                           (self.places, "开庭地点")):
            self.tabs.addTab(tab, title)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(close_row(self))
