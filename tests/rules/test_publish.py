"""publish(): every rule set applied on one as-of date, with one settings object, into one catalogue."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ipcredit.catalogue import publish
from ipcredit.records import Origin, Page, PublicityClass, SourceSet, Text, WithholdReason
from tests.factories import AUTHORITY, case, dishonesty, notice, penalty, settings, white_paper


def test_publish_applies_every_rule_on_the_as_of_date_and_keeps_every_part():
    as_of = date(2026, 11, 24)
    page = Page(Text("关于", "", "<p></p>"), None, "about", 1, (), Origin("content/pages/about.md", 1))
    sources = SourceSet(
        white_papers=(white_paper("now", date(2026, 4, 22)), white_paper("later", date(2027, 4, 22))),
        notices=(notice("now", date(2026, 10, 1)), notice("later", date(2026, 12, 1))),
        pages=(page,),
        authorities=(AUTHORITY,),
        cases=(case("now", published=date(2026, 4, 26)), case("later", published=date(2027, 1, 1))),
        penalties=(
            penalty(1, decision_date=date(2026, 6, 1), publicity_end=None),
            penalty(2, decision_date=date(2026, 12, 1)),
        ),
        dishonesty=(dishonesty(1), dishonesty(2, listed_on=date(2026, 12, 1))),
    )
    chosen = settings(page_size=7)
    catalogue = publish(sources, chosen, as_of)
    assert catalogue.as_of == as_of
    assert catalogue.settings is chosen
    assert catalogue.pages == (page,)
    assert catalogue.authorities == (AUTHORITY,)
    assert [p.slug for p in catalogue.white_papers] == ["now"]
    assert [n.slug for n in catalogue.notices] == ["now"]
    assert [c.slug for c in catalogue.cases] == ["now"]
    assert [p.decision_number for p in catalogue.penalties] == [penalty(1).decision_number]
    assert [d.decision_number for d in catalogue.dishonesty] == [dishonesty(1).decision_number]
    held = {(w.register, w.key): w.reason for w in catalogue.withheld}
    assert held == {
        ("white-papers", "later"): WithholdReason.NOT_YET_EFFECTIVE,
        ("notices", "later"): WithholdReason.NOT_YET_EFFECTIVE,
        ("cases", "later"): WithholdReason.NOT_YET_EFFECTIVE,
        ("penalties", penalty(2).decision_number): WithholdReason.NOT_YET_EFFECTIVE,
        ("dishonesty", dishonesty(2).decision_number): WithholdReason.NOT_YET_EFFECTIVE,
    }


def test_publish_masks_with_the_settings_it_is_given():
    person = replace(dishonesty(1), name="张三丰", entity_type=dishonesty(1).entity_type.PERSON)
    sources = SourceSet(dishonesty=(person,))
    masked = publish(sources, settings(mask_person_names=True), date(2026, 11, 24))
    plain = publish(sources, settings(mask_person_names=False), date(2026, 11, 24))
    assert [d.name for d in masked.dishonesty] == ["张**"]
    assert [d.name for d in plain.dishonesty] == ["张三丰"]


def test_the_build_summary_counts_every_penalty_by_class_and_basis_shown_or_not():
    serious = PublicityClass.SERIOUS
    sources = SourceSet(
        penalties=(
            penalty(1, decision_date=date(2026, 6, 1), publicity_end=None),
            penalty(2, decision_date=date(2026, 12, 1)),  # not yet shown: still counted
            penalty(3, decision_date=date(2026, 6, 1), declared_class=serious),
        )
    )
    catalogue = publish(sources, settings(), date(2026, 11, 24))
    assert catalogue.penalty_classes == (("declared", "严重", 1), ("default", "一般", 2))
