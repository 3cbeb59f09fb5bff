"""Which steps 更正 may strike out or re-date (issue 19.5; domain.corrections), and who may."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import hrss_disputes
from hrss_disputes.domain.corrections import (
    NO_STEP,
    PAPERS,
    REDATE,
    STRIKE,
    accepted_year_error,
    kind_refusal,
    who_refusal,
)
from hrss_disputes.models.enums import EventKind, Role

K = EventKind


@pytest.mark.parametrize(("kind", "strike", "redate"), [
    (K.TRIBUNAL_FORMED, None, None),  # its seats are ended or moved with it
    (K.HEARING_SCHEDULED, None, None),  # its booking is cancelled or moved with it
    (K.WITHDRAWN, None, None),
    (K.SUPERVISION_SET, None, None),  # the flag is put back
    (K.NOTE, None, None),
    (K.ACCEPTED, "给了案件案号，不能撤销", None),  # the case number (Rules2017 acceptance); re-dated within its year
    (K.FILED, "给了案件案号，不能撤销", None),
    (K.SERVED, None, "签收日期"),  # dated by each party's own receipt
    (K.RECEIVED, "收案是案件的起点", "收案是案件的起点"),
    (K.REFERRED, "另一个案件", "另一个案件"),
    (K.DOCUMENT_ISSUED, "补正", "补正"),  # issued papers are immutable
    (K.CORRECTED, "不能再更正", "不能再更正"),
    (K.PAYMENT, "款项记录不删除", "款项记录不删除"),
    (K.BLACKLISTED, "名单记录", "名单记录"),
    (K.COMPENSATION_ORDERED, "赔偿金数额", None),
])
def test_what_each_kind_of_step_allows(kind: EventKind, strike: str | None, redate: str | None) -> None:
    for how, expected in ((STRIKE, strike), (REDATE, redate)):
        got = kind_refusal(kind, how)
        assert (got is None) if expected is None else (got is not None and expected in got), (kind, how, got)


@pytest.mark.parametrize(("role", "mine", "recorded", "today", "refused"), [
    (Role.CLERK, True, date(2026, 11, 20), date(2026, 11, 20), None),  # the recorder, that day
    (Role.CLERK, True, date(2026, 11, 20), date(2026, 11, 21), "记录当日之后只能由领导更正"),
    (Role.ARBITRATOR, False, date(2026, 11, 20), date(2026, 11, 20), "只有记录该步骤的人员（当日）或领导"),
    (Role.SUPERVISOR, False, date(2026, 10, 1), date(2026, 11, 21), None),  # a supervisor afterwards
])
def test_who_corrects(role: Role, mine: bool, recorded: date, today: date, refused: str | None) -> None:
    got = who_refusal(role, mine, recorded, today)
    assert (got is None) if refused is None else (got is not None and refused in got)


def test_the_acceptance_date_stays_in_the_year_of_its_number() -> None:
    assert accepted_year_error(K.ACCEPTED, date(2026, 1, 3), date(2026, 1, 2)) is None
    assert "2026年" in accepted_year_error(K.ACCEPTED, date(2026, 1, 3), date(2025, 12, 31))
    assert accepted_year_error(K.WITHDRAWN, date(2026, 1, 3), date(2025, 12, 31)) is None


def test_every_paper_named_is_a_paper_the_program_issues() -> None:
    templates = {p.stem for p in (Path(hrss_disputes.__file__).parent / "templates").glob("*.tpl")}
    assert set(PAPERS) <= templates, set(PAPERS) - templates


def test_every_paper_the_program_issues_is_tied_to_its_step_or_to_none() -> None:
    """A step whose paper was issued is not struck (the paper is immutable): every template is
    either a paper of some step or named as the paper of none, so a new one cannot slip through."""
    templates = {p.stem for p in (Path(hrss_disputes.__file__).parent / "templates").glob("*.tpl")}
    assert templates - NO_STEP <= set(PAPERS), templates - NO_STEP - set(PAPERS)
    assert not NO_STEP & set(PAPERS)


@pytest.mark.parametrize(("paper", "step"), [
    ("hearing_record", K.HEARING_SCHEDULED),  # 庭审笔录 of the hearing 确定开庭 booked (LDMAF 40)
    ("hearing_notice", K.HEARING_SCHEDULED),
    ("award", K.HEARING_HELD), ("award", K.AWARDED),  # it prints the hearing and the award (LDMAF 46–47)
    ("administrative_decision", K.PENALTY),
    ("suspension_approval", K.SUSPENDED),
    ("tribunal_notice", K.TRIBUNAL_FORMED),
])
def test_the_papers_of_a_step_include_what_issuing_says_each_paper_follows(paper: str, step: EventKind) -> None:
    assert step in PAPERS[paper]


def test_every_paper_issuing_or_service_ties_to_a_step_keeps_that_step() -> None:
    from hrss_disputes.domain.issuing import FOLLOWS
    from hrss_disputes.domain.receipts import MADE_BY

    for doc, kinds in FOLLOWS.items():
        assert set(kinds) <= PAPERS[doc], doc
    for doc, kinds in MADE_BY.items():  # the served papers the program issues itself
        if doc in PAPERS:
            assert {EventKind(k) for k in kinds} <= PAPERS[doc], doc
