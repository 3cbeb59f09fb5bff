"""Search finds what is stored: names written in full-width letters or any case are found
however they are typed (NFKC + casefold on both sides), by every search plan, by the party
lookup and the employer list; the upgrade refolds the keys of names already on file; a search
inside a statistics drill-down stays among the figure's cases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text as sql

from hrss_disputes.db import current_revision, open_database, upgrade_server
from hrss_disputes.migrations.head import HEAD_REVISION
from hrss_disputes.models.enums import PartyKind
from hrss_disputes.services import case_list, cases, employers, parties
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, arbitration_input
from tests.services.test_kpi import built  # noqa: F401  (the hand-built October)

ABC = "ＡＢＣ电子有限公司"


def _seed(ctx: ServiceContext, office_id) -> dict[str, object]:  # noqa: ANN001
    """Five cases; the respondents' names are written full-width, in capitals, mixed."""
    names = {"abc": ABC, "strasse": "Straße Müller Trading", "plain": "肇庆市鼎盛建筑工程有限公司",
             "micro": "Ｍｉｃｒｏ科技", "upper": "DELTA物流"}
    ids = {}
    for i, (key, name) in enumerate(names.items()):
        ids[key] = ctx.call(cases.create_case, data=arbitration_input(
            office_id, received_on=date(2026, 1, 1) + timedelta(days=i),
            applicants=[PartyInput(name=f"工人{'甲乙丙丁戊'[i]}", id_doc_number=VALID_ID if i == 0 else "")],
            respondents=[PartyInput(kind=PartyKind.ORGANISATION, name=name)],
            case_number=f"肇劳人仲案字〔2026〕第{i + 1}号"))
    return ids


TYPED = [("ＡＢＣ", "abc"), ("abc", "abc"), ("Abc电子", "abc"), ("ａｂｃ电子有限", "abc"), ("ｃ电", "abc"),
         ("STRASSE", "strasse"), ("straße", "strasse"), ("müller", "strasse"), ("MICRO", "micro"),
         ("micro科", "micro"), ("delta", "upper"), ("Ｄｅｌｔａ物流", "upper"), ("Ｂ", "abc"),
         ("第４号", "micro"), ("２０２６-3", "plain")]


@pytest.mark.parametrize(("rare", "share", "sort"), [
    (2000, 0.05, "received_on"),  # names looked up through party_gram
    (0, 0.05, "received_on"),  # names found walking the covering index
    (2000, 0.0001, "amount_claimed"),  # common text: walking another sort index
    (2000, 2.0, "amount_claimed"),  # the gram candidates, sorted
    (2000, 2.0, "handler"),  # an unindexed sort
])
def test_names_are_found_however_they_are_typed(ctx, admin, monkeypatch, rare, share, sort) -> None:  # noqa: ANN001
    ids = _seed(ctx, admin.office_id)
    monkeypatch.setattr(case_list, "RARE_GRAM", rare)
    monkeypatch.setattr(case_list, "DENSE_SHARE", share)
    for typed, key in TYPED:
        found = [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(text=typed, sort=sort))]
        assert found == [ids[key]], typed
        assert ctx.call(cases.count_cases, query=CaseQuery(text=typed)) == 1, typed
        [row] = ctx.call(cases.list_cases, query=CaseQuery(text=typed, sort=sort))
        assert row.matches(typed)  # the rule the list applies to rows it already holds


def test_the_party_lookup_and_the_employer_list_fold_too(ctx, admin) -> None:  # noqa: ANN001
    _seed(ctx, admin.office_id)
    for typed in ("abc", "ＡＢＣ", "Abc电子", "ａｂｃ"):
        assert [p.name for p in ctx.call(parties.search_parties, text=typed)] == [ABC], typed
    assert [p.name for p in ctx.call(parties.search_parties, text="strasse")] == ["Straße Müller Trading"]
    assert [p.name for p in ctx.call(parties.search_parties, text="ｍｉｃｒｏ")] == ["Ｍｉｃｒｏ科技"]
    assert [e.party.name for e in ctx.call(employers.search_employers, text="abc")] == [ABC]
    assert [e.party.name for e in ctx.call(employers.search_employers, text="ｄｅｌｔａ")] == ["DELTA物流"]
    # an ID number typed in full-width digits
    [worker] = ctx.call(parties.search_parties, text="１１０１０５１９４９１２３１００２ｘ")
    assert worker.name == "工人甲"


def test_a_renamed_party_is_found_by_its_new_name(ctx, admin) -> None:  # noqa: ANN001
    ids = _seed(ctx, admin.office_id)
    detail = ctx.call(cases.get_case, case_id=ids["plain"])
    party = next(p.party for p in detail.parties if p.party.kind is PartyKind.ORGANISATION)
    ctx.call(parties.update_party, party_id=party.id, expected_version=party.version,
             data=PartyInput(kind=PartyKind.ORGANISATION, name="ＺＥＴＡ建筑"))
    assert [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(text="zeta"))] == [ids["plain"]]
    assert [p.name for p in ctx.call(parties.search_parties, text="Zeta")] == ["ＺＥＴＡ建筑"]


def _alembic(target: str) -> tuple[Config, object]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__import__("hrss_disputes").__file__).parent / "migrations"))
    return cfg, create_engine(target if "://" in target else f"sqlite:///{target}", poolclass=NullPool)


def test_the_upgrade_refolds_the_keys_of_names_on_file(ctx, admin, db, db_target) -> None:  # noqa: ANN001
    ids = _seed(ctx, admin.office_id)
    actor = ctx.actor
    db.dispose()
    cfg, engine = _alembic(db_target)
    with engine.begin() as conn:  # back to 0014: the keys as that version wrote them (lower())
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
        assert conn.exec_driver_sql("SELECT count(*) FROM party_gram WHERE gram = 'ａｂ'").scalar() == 1
        # search_text as 0014 wrote it: str.lower() of the names
        for old, new in (("abc", "ａｂｃ"), ("strasse", "straße"), ("micro", "ｍｉｃｒｏ")):
            conn.exec_driver_sql(f"UPDATE dispute_case SET search_text = replace(search_text, '{old}', '{new}')")
        assert conn.execute(sql("SELECT count(*) FROM dispute_case WHERE search_text LIKE :typed"),
                            {"typed": "%ａｂｃ电子%"}).scalar() == 1
    engine.dispose()
    if "://" in db_target:  # a server's schema is upgraded by the administrator's db upgrade
        upgrade_server(db_target)
    reopened = open_database(db_target)  # a file's: the start-up upgrade
    assert current_revision(reopened.engine) == HEAD_REVISION
    ctx2 = ServiceContext(reopened, actor)
    for typed, key in TYPED:
        assert [r.id for r in ctx2.call(cases.list_cases, query=CaseQuery(text=typed))] == [ids[key]], typed
    assert [p.name for p in ctx2.call(parties.search_parties, text="abc")] == [ABC]
    with reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM party_gram WHERE gram = 'ａｂ'").scalar() == 0
    reopened.dispose()


@pytest.mark.parametrize(("rare", "share", "sort"), [
    (2000, 0.05, "received_on"), (0, 0.05, "received_on"), (2000, 0.0001, "amount_claimed"),
    (2000, 2.0, "amount_claimed"),
])
def test_a_search_inside_a_drill_down_stays_among_the_figures_cases(ctx, built, monkeypatch, rare, share,  # noqa: ANN001, F811
                                                                     sort) -> None:
    institute, _ = built
    monkeypatch.setattr(case_list, "RARE_GRAM", rare)
    monkeypatch.setattr(case_list, "DENSE_SHARE", share)
    figure = ("arbitration_closure", "denominator", date(2026, 10, 1), date(2026, 10, 31))
    behind = {r.id for r in ctx.call(cases.list_cases, query=CaseQuery(figure=figure, office_id=institute))}
    assert len(behind) == 3
    numbered = next(r for r in ctx.call(cases.list_cases, query=CaseQuery(figure=figure)) if r.case_number)
    for text in ("张三", "张", "鼎盛", "2026", numbered.case_number):
        q = CaseQuery(figure=figure, office_id=institute, text=text, sort=sort)
        found = {r.id for r in ctx.call(cases.list_cases, query=q)}
        assert found and found <= behind, text
        assert ctx.call(cases.count_cases, query=q) == len(found), text
    everything = ctx.call(cases.count_cases, query=CaseQuery(text="张三"))
    assert everything > 3  # the name is in cases outside the figure too
