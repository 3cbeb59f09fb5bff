"""Document templates: a small line format an office can edit without touching code.

One directive a line, ``指令：内容``; a line that begins with a space continues the one above;
``#`` starts a comment. Text may name case fields in braces, ``{申请人}``. A template is checked
before use and refused with the line and the reason (``TemplateError``)::

    标题：受理通知书
    名称：受理通知书（仲裁）     # optional: how lists name it when titles repeat (决定书)
    类别：仲裁                 # which case family may issue it (仲裁 / 调解 / 投诉)
    案号：受                   # the number type (类别字) allocated for it; 无 for none
    主送：{申请人}：
    段落：你（单位）于{收案日期}送来的仲裁申请书已收悉。……
    小标题：仲裁请求
    列表：仲裁请求            # a numbered list the program builds from the case
    填写：本委查明            # text the person writes before issuing (with a draft offered)
    当事人                    # the parties block
    要素表                    # the element sheet (要素式): a table per claim item, a column per party
    权利告知                  # the rights paragraph of the award's type (final / non-final):
    终局权利告知：本裁决为终局裁决……      # its wording for final awards
    非终局权利告知：本裁决为非终局裁决……  # and for non-final awards
    履行期限：自本裁决生效之日起五日内     # the time limit each 裁决项 states
    行：受送达人 | {受送达人}   # a row of a form table (送达回证, 审批表)
    落款：{仲裁委员会}
    署名：仲裁庭              # who signs: 仲裁庭 / 调解员 / 承办人 / 审批
    日期：{签发日期}
    印章
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Case fields a template may name, and what they hold (shown in the error for an unknown one).
FIELDS: dict[str, str] = {
    "仲裁委员会": "以仲裁委员会名义发文的机构名称",
    "机构名称": "受理机构名称",
    "案号": "本案案号",
    "文书编号": "本文书的编号（如有）",
    "申请人": "申请人姓名或名称（多人以“、”分隔）",
    "被申请人": "被申请人名称",
    "投诉人": "投诉人姓名",
    "被投诉单位": "被投诉的用人单位",
    "案由": "争议案由",
    "收案日期": "收到申请或投诉之日",
    "受理日期": "受理或立案之日",
    "开庭日期": "开庭日期",
    "开庭时间": "开庭时间",  # the booking's (services.hearings): 上午9时30分
    "开庭地点": "开庭地点",  # the place's name and address
    "开庭仲裁庭": "开庭当日的仲裁庭组成人员及书记员（一句；未组庭的写明另行通知）",
    "审理经过": "开庭审理的日期（最近一次开庭审理），未开庭的写明经书面审理",
    "仲裁员": "仲裁庭组成人员",
    "书记员": "书记员",
    "承办人": "承办人",
    "请求金额": "请求金额合计（含大写）",
    "调解金额": "调解或协议金额（含大写）",
    "不予受理理由": "不予受理的理由",
    "有管辖权的仲裁委员会": "有管辖权的仲裁委员会",
    "中止事由": "中止审理的事由",
    "中止日期": "中止审理之日",
    "恢复日期": "恢复审理之日",
    "延长天数": "批准延长的天数",
    "审理期限届满日": "审理期限届满日（含延长）",
    "答辩期": "答辩期（工作日）",
    "撤回日期": "撤回申请之日",
    "决定理由": "决定的理由",
    "回避申请": "回避申请：申请日期、申请人、被申请回避的人员及事由（最近一次回避决定所答复的申请）",
    "回避决定": "回避决定：决定回避及接替人员，或驳回申请及理由（最近一次回避决定）",
    "限期支付日期": "责令支付的期限",
    "责令支付金额": "责令支付的金额（含大写）",
    "涉及劳动者人数": "涉及劳动者人数",
    "结案理由": "结案情况",
    "调解不成原因": "调解不成的原因",
    "协议履行期限": "调解协议约定的履行期限",
    "受送达人": "受送达人",
    "送达文书": "送达的文书名称",
    "签发日期": "文书签发之日（中文数字）",
    "今日": "生成文书之日",
}

LISTS: dict[str, str] = {
    "仲裁请求": "申请人的请求事项及金额",
    "投诉请求": "投诉人的请求事项及金额",
    "裁决项": "裁决支付的事项：支付人、金额（含大写）、期限",
    "驳回请求": "未获支持的请求",
    "调解协议": "调解或协议的事项及金额",
    "争议要素": "双方有争议的要素及各方的说法（要素确认）",
    "确认要素": "双方均已确认的要素（要素确认）",
    "待询要素": "尚未经双方确认或提出异议的要素，庭审中询问",
}

SIGNERS = ("仲裁庭", "书记员", "调解员", "承办人", "审批")
FAMILIES = {"仲裁": "arbitration", "调解": "mediation", "投诉": "complaint"}
NUMBER_TYPES = ("案", "受", "不受", "决", "调", "监", "无")

_BARE = {"当事人", "权利告知", "印章", "要素表"}
# wording the program puts where the template says (权利告知, 裁决项), kept with the template
WORDING = {"终局权利告知": "rights_final", "非终局权利告知": "rights_non_final", "履行期限": "payment_term"}
_WITH_TEXT = {*WORDING, "标题", "名称", "类别", "案号", "主送", "段落", "小标题", "列表", "填写", "行", "落款", "署名", "日期", "附注"}
_FIELD = re.compile(r"\{([^{}]*)\}")


class TemplateError(ValueError):
    def __init__(self, source: str, line: int, reason: str):
        super().__init__(f"{source} 第 {line} 行：{reason}")
        self.source, self.line, self.reason = source, line, reason


@dataclass(frozen=True)
class Block:
    kind: str  # a directive: 段落, 小标题, 列表, 填写, 当事人, 权利告知, 行, 落款, 署名, 日期, 印章, 主送, 附注
    text: str
    line: int


@dataclass(frozen=True)
class Template:
    key: str  # the file name: acceptance_notice
    title: str
    family: str  # CaseFamily value
    number_type: str  # 类别字, or 无
    blocks: tuple[Block, ...]
    writings: tuple[str, ...] = field(default=())  # the 填写 sections, in order
    label: str = ""  # the 名称 line, if any
    wording: dict[str, str] = field(default_factory=dict)  # WORDING lines: 终局权利告知 …

    @property
    def name(self) -> str:
        """How lists and menus name it: 决定书（撤回仲裁申请） where the title alone repeats."""
        return self.label or self.title

    def fields(self) -> set[str]:
        return {name for b in self.blocks for name in _FIELD.findall(b.text)}

    def lists(self) -> set[str]:
        return {b.text for b in self.blocks if b.kind == "列表"}


def _check_text(text: str, source: str, line: int) -> None:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth not in (0, 1):
            raise TemplateError(source, line, "花括号不成对：字段应写成 {字段名}")
    if depth:
        raise TemplateError(source, line, "花括号不成对：字段应写成 {字段名}")
    for name in _FIELD.findall(text):
        if name not in FIELDS:
            raise TemplateError(source, line, f"未知字段 {{{name}}}；可用字段：" + "、".join(FIELDS))


def parse(text: str, key: str, source: str | None = None) -> Template:
    """Read and check a template; TemplateError names the first wrong line."""
    source = source or f"{key}.tpl"
    lines: list[tuple[int, str, str]] = []  # (line number, directive, text)
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if line[0] in " \t\u3000":  # continuation of the line above
            if not lines or lines[-1][1] not in ("段落", "附注", "主送", *WORDING):
                raise TemplateError(source, no, "缩进的续行只能接在“段落”“附注”“主送”或固定用语之后")
            n, d, t = lines[-1]
            lines[-1] = (n, d, t + line.strip())
            continue
        cut = min((i for i in (line.find("："), line.find(":")) if i >= 0), default=-1)
        head, sep, rest = (line, "", "") if cut < 0 else (line[:cut], line[cut], line[cut + 1:])
        head, rest = head.strip(), rest.strip()
        if head in _BARE:
            if rest:
                raise TemplateError(source, no, f"“{head}”后面不带内容")
        elif head in _WITH_TEXT:
            if not sep or not rest:
                raise TemplateError(source, no, f"“{head}”后面应有“：”和内容")
        else:
            raise TemplateError(source, no, f"未知指令“{head}”；可用指令：" + "、".join([*_WITH_TEXT, *_BARE]))
        lines.append((no, head, rest))

    title = family = number_type = label = None
    wording: dict[str, str] = {}
    blocks: list[Block] = []
    writings: list[str] = []
    for no, head, rest in lines:
        _check_text(rest, source, no)
        if head == "标题":
            if title is not None:
                raise TemplateError(source, no, "标题只能写一次")
            title = rest
        elif head == "名称":
            label = rest
        elif head in WORDING:
            if head in wording:
                raise TemplateError(source, no, f"“{head}”只能写一次")
            wording[head] = rest
        elif head == "类别":
            if rest not in FAMILIES:
                raise TemplateError(source, no, "类别应为 仲裁、调解 或 投诉")
            family = FAMILIES[rest]
        elif head == "案号":
            if rest not in NUMBER_TYPES:
                raise TemplateError(source, no, "案号类别应为 " + "、".join(NUMBER_TYPES) + " 之一")
            number_type = rest
        else:
            if head == "列表" and rest not in LISTS:
                raise TemplateError(source, no, f"未知列表“{rest}”；可用列表：" + "、".join(LISTS))
            if head == "署名" and rest not in SIGNERS:
                raise TemplateError(source, no, "署名应为 " + "、".join(SIGNERS) + " 之一")
            if head == "行" and "|" not in rest:
                raise TemplateError(source, no, "表格行应写成 “行：标签 | 内容”")
            if head == "填写":
                if rest in writings:
                    raise TemplateError(source, no, f"“填写：{rest}”重复")
                writings.append(rest)
            blocks.append(Block(head, rest, no))
    if title is None:
        raise TemplateError(source, 1, "缺少“标题：”")
    if family is None:
        raise TemplateError(source, 1, "缺少“类别：”（仲裁、调解 或 投诉）")
    if not blocks:
        raise TemplateError(source, 1, "模板没有正文")
    needs = {"权利告知": ("终局权利告知", "非终局权利告知"), "列表:裁决项": ("履行期限",)}
    for b in blocks:
        for wanted in needs.get(b.kind if b.kind != "列表" else f"列表:{b.text}", ()):
            if wanted not in wording:
                raise TemplateError(source, b.line, f"模板有“{b.kind}：{b.text}”，还须写明“{wanted}：”" if b.text
                                    else f"模板有“{b.kind}”，还须写明“{wanted}：”")
    return Template(key, title, family, number_type or "无", tuple(blocks), tuple(writings), label or "", wording)


TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
OFFICE_DIR_ENV = "HRSS_TEMPLATES"  # an office's own folder: a .tpl there replaces the shipped one


def _folders(directory: Path | None) -> list[Path]:
    if directory is not None:
        return [directory]
    office = os.environ.get(OFFICE_DIR_ENV)
    return [Path(office), TEMPLATE_DIR] if office else [TEMPLATE_DIR]


def load(key: str, directory: Path | None = None) -> Template:
    """The template ``key``: from ``directory`` if given, else the office's folder, else shipped."""
    for folder in _folders(directory):
        path = folder / f"{key}.tpl"
        if path.is_file():
            return parse(path.read_text(encoding="utf-8"), key, str(path))
    raise TemplateError(f"{key}.tpl", 1, "找不到该文书模板")


def available(directory: Path | None = None) -> list[str]:
    return sorted({p.stem for folder in _folders(directory) for p in folder.glob("*.tpl")})


def catalogue(directory: Path | None = None) -> list[tuple[str, Template | TemplateError]]:
    """Every template by key, parsed, or the error that keeps it from use (listed all the same,
    so an office sees what is wrong with its file)."""
    out: list[tuple[str, Template | TemplateError]] = []
    for key in available(directory):
        try:
            out.append((key, load(key, directory)))
        except TemplateError as e:
            out.append((key, e))
    return out
