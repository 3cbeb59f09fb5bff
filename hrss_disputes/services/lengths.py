"""How many characters a text column keeps, read from the tables themselves (issue 20.4).

SQLite never checks a VARCHAR's length; PostgreSQL refuses a longer value with a driver error.
Services check what a person typed against these limits before writing (``length_errors``),
forms cap their inputs with the same numbers (``max_length``), and a flush that would still
carry a too-long value into a row is refused by ``refuse_too_long`` (registered on the Session
in services.context) with the same Chinese message at the field.
"""

from __future__ import annotations

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


def length_errors(model: type[SQLModel], values: Mapping[str, Any], *, prefix: str = "",
                  labels: Mapping[str, str] | None = None,
                  fields: Mapping[str, str] | None = None) -> dict[str, str]:
    """Field errors for the values (column -> value as it will be stored) longer than their
    columns; keyed ``prefix + field`` (``fields`` maps a column to the form's field name where
    they differ), labelled by ``labels`` or the column's known label."""
    errors: dict[str, str] = {}
    table = model.__tablename__  # type: ignore[attr-defined]
    for column, value in values.items():
        if not isinstance(value, str):
            continue
        limit = column_limit(model, column)
        if limit is not None and len(value) > limit:
            label = (labels or {}).get(column) or LABELS.get(table, {}).get(column, column)
            errors[prefix + (fields or {}).get(column, column)] = too_long(label, limit, len(value))
    return errors


def require_fits(model: type[SQLModel], values: Mapping[str, Any], **kwargs: Any) -> None:
    """Refuse (ValidationFailed at the fields) values longer than their columns."""
    if errors := length_errors(model, values, **kwargs):
        raise ValidationFailed(errors)


# ------------------------------------------------------------- the last guard, at each flush

_LIMITED: dict[type, tuple[tuple[str, int], ...]] = {}


def _limited(cls: type) -> tuple[tuple[str, int], ...]:
    """(attribute, length) of the class's String(n) columns, worked out once per class."""
    found = _LIMITED.get(cls)
    if found is None:
        found = tuple((prop.key, prop.columns[0].type.length)
                      for prop in inspect(cls).column_attrs
                      if isinstance(prop.columns[0].type, String) and prop.columns[0].type.length)
        _LIMITED[cls] = found
    return found


def refuse_too_long(session: Session, _flush_context: Any = None, _instances: Any = None) -> None:
    """before_flush: no new or changed row carries text longer than its column, whatever form
    forgot to check it. Reads only String(n) columns, and of a changed row only what changed."""
    errors: dict[str, str] = {}
    for obj, changed in [(o, None) for o in session.new] + [(o, True) for o in session.dirty]:
        limited = _limited(type(obj))
        if not limited:
            continue
        state = inspect(obj)
        for key, limit in limited:
            if changed and key not in state.committed_state:
                continue
            value = state.dict.get(key)
            if isinstance(value, str) and len(value) > limit:
                table = obj.__tablename__
                label = LABELS.get(table, {}).get(key, f"{table}.{key}")
                errors.setdefault(key, too_long(label, limit, len(value)))
    if errors:
        raise ValidationFailed(errors)
