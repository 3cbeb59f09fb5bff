"""Case numbers from the office's pattern, a sequence per year that never repeats, also when
several people allocate at the same moment from their own connections."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from hrss_disputes.domain.case_numbers import format_number, pattern_error
from hrss_disputes.models.office import Office
from hrss_disputes.models.reference import NumberPattern
from hrss_disputes.services.case_numbers import allocate


def _office(db, prefix: str = "肇"):  # noqa: ANN001, ANN202
    with db.session() as s:
        office = s.scalars(select(Office)).first()
        office.case_prefix = prefix
        s.commit()
        return office.id


def test_numbers_follow_the_pattern_and_count_per_year_and_type(ctx, db) -> None:  # noqa: ANN001
    office_id = _office(db)
    with db.session() as s:
        got = [allocate(s, office_id, "案", 2026), allocate(s, office_id, "案", 2026),
               allocate(s, office_id, "受", 2026), allocate(s, office_id, "案", 2027)]
        s.commit()
    assert got == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕2号", "肇劳人仲受字〔2026〕1号",
                   "肇劳人仲案字〔2027〕1号"]


def test_an_office_pattern_and_a_rolled_back_number(ctx, db) -> None:  # noqa: ANN001
    office_id = _office(db)
    with db.session() as s:
        s.add(NumberPattern(office_id=office_id, number_type="案", pattern="〔{年}〕{代字}劳人仲案字第{序号}号"))
        s.commit()
    with db.session() as s:
        assert allocate(s, office_id, "案", 2026) == "〔2026〕肇劳人仲案字第1号"
        s.rollback()  # the paper was not issued: the number was never given out
    with db.session() as s:
        assert allocate(s, office_id, "案", 2026) == "〔2026〕肇劳人仲案字第1号"


@pytest.mark.parametrize(("pattern", "error"), [
    ("{代字}劳人仲案字〔{年}〕号", "案号格式必须含有 {序号}"),
    ("{代字}劳人仲案字第{序号}号", "案号格式必须含有 {年}：序号按年度编排"),
    ("{机构}〔{年}〕{序号}号", "未知部分 {机构}；可用：{代字} {年} {序号}"),
])
def test_a_pattern_that_cannot_number_is_named(pattern: str, error: str) -> None:
    assert pattern_error(pattern) == error


def test_format_number() -> None:
    assert format_number("{代字}调字〔{年}〕{序号}号", "端", 2026, 7) == "端调字〔2026〕7号"


def test_concurrent_allocation_never_repeats_a_number(ctx, db) -> None:  # noqa: ANN001
    office_id = _office(db)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(15):
                with db.session() as s:
                    number = allocate(s, office_id, "案", 2026)
                    s.commit()
                with lock:
                    results.append(number)
        except BaseException as e:  # noqa: BLE001  (reported below)
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == sorted(f"肇劳人仲案字〔2026〕{i}号" for i in range(1, 91))
