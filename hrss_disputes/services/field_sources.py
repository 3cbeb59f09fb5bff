"""Choices of a step's field that depend on the case or the office (FieldSpec.source): its
parties, its recorded suits, the institute's arbitrators, rooms, clerks… One registry, so the form
lists and the service checks the same choices."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session

from ..domain.workflows import Action
from ..models.case import DisputeCase
from .cases import _load_case
from .context import Actor

# source name → (session, case) → [(value, label)]
Lister = Callable[[Session, DisputeCase], list[tuple[str, str]]]
SOURCES: dict[str, Lister] = {}


def source(name: str) -> Callable[[Lister], Lister]:
    """Register the lister of a FieldSpec.source."""
    def register(fn: Lister) -> Lister:
        SOURCES[name] = fn
        return fn
    return register


def _load_listers() -> None:
    # the modules that register sources; imported here, not at the top, to keep import order free
    from . import award_life, hearings, tribunal  # noqa: F401


def listed(session: Session, case: DisputeCase, name: str) -> list[tuple[str, str]]:
    _load_listers()
    lister = SOURCES.get(name)
    return lister(session, case) if lister is not None else []


def choices(*, session: Session, user: Actor, case_id: uuid.UUID, source: str) -> list[tuple[str, str]]:
    """The choices of a field whose list depends on the case (FieldSpec.source)."""
    return listed(session, _load_case(session, user, case_id), source)


def check(session: Session, case: DisputeCase, action: Action, values: dict[str, Any]) -> dict[str, str]:
    """A sourced choice must be one of those listed for the case today."""
    errors: dict[str, str] = {}
    for f in action.fields:
        value = values.get(f.name)
        if f.type != "choice" or not f.source or value in (None, ""):
            continue
        if str(value) not in (options := {v for v, _ in listed(session, case, f.source)}):
            errors[f.name] = f"所选{f.label}不在可选范围内，" + ("请重新选择" if options else _nothing(f.label))
    return errors


def nothing_to_choose(session: Session, case: DisputeCase, actions: Iterable[Action]) -> dict[str, str]:
    """The steps of ``actions`` with a required sourced choice that lists nothing for the case now
    (回避决定 without an open 回避申请, 登记法院裁判结果 without a suit …): not offered, with why."""
    out: dict[str, str] = {}
    for action in actions:
        empty = next((f for f in action.fields if f.type in ("choice", "tribunal") and f.source and f.required
                      and not listed(session, case, f.source)), None)
        if empty is not None:
            out[action.key] = _nothing(empty.label)
    return out


def _nothing(label: str) -> str:
    return f"没有可选的{re.sub(r'（[^）]*）', '', label)}"  # 接替人员（决定回避时选择） → 接替人员
