"""Guard (issue 19.5): every query of the timeline's events leaves struck-out steps out.

A step struck out by 更正 keeps its row with ``corrected_by`` set; a fold, clock, count or check
that read it would still count the mistake. This test reads the package's source and lists each
``select(...)`` / ``exists()`` expression over ``CaseEvent`` that does not filter
``CaseEvent.corrected_by.is_(None)``; the allow-list names the reads that must see struck steps.
A read of one step by its id (``CaseEvent.id == …``: a booking's step, the step being corrected)
is no fold: the row that names it (a booking a correction cancelled) says whether it counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import hrss_disputes

PACKAGE = Path(hrss_disputes.__file__).parent
# (module, function): reads that show struck steps on purpose
SEES_STRUCK = {
    ("services/cases.py", "_detail"): "the timeline shows a struck step struck through, with its correction",
}
QUERY_CALLS = {"select", "exists"}


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def unfiltered_reads(root: Path = PACKAGE) -> list[str]:
    """'module:function:line' of each query expression over CaseEvent without the filter."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "CaseEvent" not in source:
            continue
        tree = ast.parse(source)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        seen: set[int] = set()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node) in QUERY_CALLS):
                continue
            top = node  # the whole expression the query is part of, up to its statement
            while not isinstance(parents.get(top), ast.stmt | ast.comprehension) and top in parents:
                top = parents[top]
            text = ast.get_source_segment(source, top) or ""
            if id(top) in seen or "CaseEvent" not in text or "corrected_by" in text or "CaseEvent.id ==" in text:
                continue
            seen.add(id(top))
            func, up = "<module>", top
            while up in parents:
                up = parents[up]
                if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef):
                    func = up.name
                    break
            module = path.relative_to(root).as_posix()
            if (module, func) not in SEES_STRUCK:
                found.append(f"{module}:{func}:{top.lineno}")
    return found


def test_every_read_of_the_timeline_leaves_struck_steps_out() -> None:
    assert unfiltered_reads() == [], "add CaseEvent.corrected_by.is_(None) to these queries (or allow-list them)"


def test_the_guard_sees_a_query_without_the_filter(tmp_path: Path) -> None:
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "leaky.py").write_text(
        "def kinds(session, case):\n"
        "    return session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))\n"
        "def live(session, case):\n"
        "    return session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id,\n"
        "                                                        CaseEvent.corrected_by.is_(None)))\n"
        "def one(session, h):\n"
        "    return session.scalar(select(CaseEvent.occurred_on).where(CaseEvent.id == h.event_id))\n"
        "def anything(session, case):\n"
        "    for e in session.scalars(select(CaseEvent).where(exists().where(CaseEvent.kind == 'x'))):\n"
        "        pass\n",
        encoding="utf-8")
    assert unfiltered_reads(tmp_path) == ["services/leaky.py:kinds:2", "services/leaky.py:anything:9"]
