"""The Nice class headings and the countries and regions of right holders: complete and consistent."""

from __future__ import annotations

import pytest

from ipcredit.nice import FIRST_CLASS, LAST_CLASS, NICE_CLASSES, nice_heading, nice_label
from ipcredit.regions import DEFAULT_REGION, REGION_ALIASES, REGIONS, region_en, region_name, region_slug


def test_every_nice_class_has_a_heading_in_both_languages():
    assert list(NICE_CLASSES) == list(range(FIRST_CLASS, LAST_CLASS + 1)) == list(range(1, 46))
    for zh, en in NICE_CLASSES.values():
        assert zh and en and en.isascii() and not zh.isascii()
    assert (
        len({zh for zh, _ in NICE_CLASSES.values()}) == 45
        and len({en for _, en in NICE_CLASSES.values()}) == 45
    )


def test_nice_labels_in_both_languages():
    assert nice_label(25, "zh") == "第25类 服装鞋帽" and nice_heading(25, "zh") == "服装鞋帽"
    assert nice_label(25, "en") == "Class 25 Clothing, footwear, headwear"
    assert nice_heading(9, "en").startswith("Scientific")


def test_regions_have_unique_iso_slugs_and_english_names():
    slugs = [region_slug(name) for name in REGIONS]
    assert len(set(slugs)) == len(slugs) and all(len(s) == 2 and s.islower() and s.isascii() for s in slugs)
    assert len({region_en(name) for name in REGIONS}) == len(REGIONS)
    assert DEFAULT_REGION in REGIONS and set(REGION_ALIASES.values()) <= set(REGIONS)
    assert not set(REGION_ALIASES) & set(REGIONS)


@pytest.mark.parametrize(
    ("written", "name"),
    [("中国", "中国"), (" 美 国 ", "美国"), ("香港", "中国香港"), ("台湾地区", "中国台湾"), ("us", "美国"),
     ("United  Kingdom", "英国"), ("JAPAN", "日本"), ("美囯", None), ("", None), ("Atlantis", None)],
)  # fmt: skip
def test_region_names_as_written(written, name):
    assert region_name(written) == name


def test_hong_kong_macao_and_taiwan_are_regions_of_china_in_both_languages():
    for name in ("中国香港", "中国澳门", "中国台湾"):
        assert name.startswith("中国") and region_en(name).endswith(", China")
