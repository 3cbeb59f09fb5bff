"""How many characters a text column keeps, read from the tables themselves (issue 20.4).

SQLite never checks a VARCHAR's length; PostgreSQL refuses a longer value with a driver error.
Services check what a person typed against these limits before writing (``length_errors``),
forms cap their inputs with the same numbers (``max_length``), and a flush that would still
carry a too-long value into a row is refused by ``refuse_too_long`` (registered on the Session
in services.context) with the same Chinese message at the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, inspect
from sqlmodel import Session, SQLModel

from ..models.tables import metadata
from .errors import ValidationFailed

# the label a person knows a column by, where a form shows it; other columns are named as stored
LABELS: dict[str, dict[str, str]] = {
    "party": {"name": "名称", "phone": "联系电话", "id_doc_type": "证件类型", "address": "地址", "id_doc_number": "证件号码",
              "credit_code": "统一社会信用代码", "legal_rep": "法定代表人", "industry": "行业"},
    "dispute_case": {"case_number": "案号"},
    "complaint_detail": {
        "informant_name": "举报人姓名", "informant_phone": "举报人电话", "informant_id_number": "举报人证件号码",
        "informant_address": "举报人地址", "project_name": "项目名称", "project_location": "项目地点",
        "builder": "建设单位", "general_contractor": "施工总承包单位", "subcontractor": "分包单位",
        "team_leader": "班组长",
    },
    "office": {"code": "机构代码", "name": "机构名称", "city": "所在城市", "case_prefix": "机构代字"},
    "app_user": {"username": "用户名", "display_name": "姓名"},
    "arbitrator": {"name": "姓名", "profession": "职业", "phone": "联系电话"},
    "hearing_place": {"name": "名称", "address": "地址"},
    "hearing": {"place_text": "开庭地点"},
    "calendar_day": {"note": "依据"},
    "minimum_wage": {"city": "城市", "source": "依据"},
    "average_wage": {"region": "地区", "source": "依据"},
    "kpi_target": {"profile": "指标方案"},
    "number_pattern": {"pattern": "案号格式"},
    "issued_document": {"title": "文书标题", "number": "文书编号"},  # an office may edit a template's title
}


def max_length(table: str, column: str) -> int | None:
    """The most characters ``table.column`` keeps (None: no limit), by table name, for forms."""
    col = metadata.tables[table].c[column]
    return col.type.length if isinstance(col.type, String) else None


def column_limit(model: type[SQLModel], column: str) -> int | None:
    """The most characters ``model.column`` keeps (None: no limit)."""
    col = model.__table__.c[column]  # type: ignore[attr-defined]
    return col.type.length if isinstance(col.type, String) else None


def too_long(label: str, limit: int, n: int) -> str:
    return f"{label}不能超过 {limit} 个字（现有 {n} 个字）"


# C0 control characters other than tab, newline and carriage return: PostgreSQL refuses a NUL in
# text with a raw driver error, SQLite keeps it; neither is anything a person means to type
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


def control_text(label: str) -> str:
    return f"{label}含有不能保存的控制字符（如 NUL），请删除后重新输入"


def length_errors(model: type[SQLModel], values: Mapping[str, Any], *, prefix: str = "",
                  labels: Mapping[str, str] | None = None,
                  fields: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field errors for the values (column -> value as it will be stored) longer than their
    columns or carrying a control character (has_control); keyed ``prefix + field`` (``fields``
    maps a column to the form's field name where they differ), labelled by ``labels`` or the
    column's known label."""
    errors: dict[str, str] = {}
    table = model.__tablename__  # type: ignore[attr-defined]
    for column, value in values.items():
        if not isinstance(value, str):
            continue
        label = (labels or {}).get(column) or LABELS.get(table, {}).get(column, column)
        limit = column_limit(model, column)
        if limit is not None and len(value) > limit:
            errors[prefix + (fields or {}).get(column, column)] = too_long(label, limit, len(value))
        elif has_control(value):
            errors[prefix + (fields or {}).get(column, column)] = control_text(label)
    return errors


def require_fits(model: type[SQLModel], values: Mapping[str, Any], **kwargs: Any) -> None:
    """Refuse (ValidationFailed at the fields) values longer than their columns."""
    if errors := length_errors(model, values, **kwargs):
        raise ValidationFailed(errors)


# ------------------------------------------------------------- the last guard, at each flush

_TEXTS: dict[type, tuple[tuple[str, int | None], ...]] = {}
# columns of keys the program makes, not text a person typed: a control character there is its own
# (party_gram.gram ends a word with domain.search.WORD_END, U+0001); only a NUL is refused
_KEYS: dict[str, frozenset[str]] = {"party_gram": frozenset({"gram"})}


def _texts(cls: type) -> tuple[tuple[str, int | None], ...]:
    """(attribute, length or None) of the class's text columns (String, String(n), Text),
    worked out once per class."""
    found = _TEXTS.get(cls)
    if found is None:
        found = tuple((prop.key, prop.columns[0].type.length)
                      for prop in inspect(cls).column_attrs
                      if isinstance(prop.columns[0].type, String))
        _TEXTS[cls] = found
    return found


def refuse_too_long(session: Session, _flush_context: Any = None, _instances: Any = None) -> None:
    """before_flush: no new or changed row carries text longer than its column, or a control
    character (a NUL PostgreSQL refuses raw), whatever form forgot to check it. Reads only text
    columns, and of a changed row only what changed."""
    errors: dict[str, str] = {}
    for obj, changed in [(o, None) for o in session.new] + [(o, True) for o in session.dirty]:
        texts = _texts(type(obj))
        if not texts:
            continue
        state = inspect(obj)
        for key, limit in texts:
            if changed and key not in state.committed_state:
                continue
            value = state.dict.get(key)
            if not isinstance(value, str):
                continue
            table = obj.__tablename__
            if limit and len(value) > limit:
                errors.setdefault(key, too_long(LABELS.get(table, {}).get(key, f"{table}.{key}"), limit, len(value)))
            elif ("\x00" in value if key in _KEYS.get(table, ()) else has_control(value)):
                errors.setdefault(key, control_text(LABELS.get(table, {}).get(key, f"{table}.{key}")))
    if errors:
        raise ValidationFailed(errors)
