"""Issue 19 fix round: the lists a step's form offers read naturally — rooms and points in their
numbers' order (第一 < 第二 < 第三 < 第十), and an arbitrator's kind said once."""

from __future__ import annotations

from hrss_disputes.services import cases, field_sources, tribunal
from hrss_disputes.services.tribunal import ArbitratorInput
from tests.factories import arbitration_input, room


def test_places_are_offered_in_their_numbers_order(ctx, admin) -> None:  # noqa: ANN001
    for name in ("第三仲裁庭", "第十仲裁庭", "第一仲裁庭", "第二仲裁庭"):
        room(ctx, admin.office_id, name)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    listed = [label for _v, label in ctx.call(field_sources.choices, case_id=case_id, source="places")]
    assert listed == [f"{n}（仲裁庭室）" for n in ("第一仲裁庭", "第二仲裁庭", "第三仲裁庭", "第十仲裁庭")], listed


def test_an_arbitrator_whose_profession_repeats_the_kind_is_named_once(ctx, admin) -> None:  # noqa: ANN001
    ctx.call(tribunal.save_arbitrator, office_id=admin.office_id,
             data=ArbitratorInput("于国娟", "part_time", profession="兼职仲裁员"))
    ctx.call(tribunal.save_arbitrator, office_id=admin.office_id,
             data=ArbitratorInput("周志明", "part_time", profession="律师"))
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    for source in ("arbitrators", "replacements"):
        labels = [label for _v, label in ctx.call(field_sources.choices, case_id=case_id, source=source)]
        assert any(label.endswith("于国娟（兼职仲裁员）") for label in labels), labels
        assert any(label.endswith("周志明（兼职仲裁员，律师）") for label in labels), labels
