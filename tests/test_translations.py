"""English is complete: every user-visible string has an English translation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import translations


def test_every_source_string_has_english():
    gaps = translations.missing()
    assert not gaps, "strings without English: " + ", ".join(sorted(gaps)[:20])


def test_the_catalogue_has_placeholders_matching_the_source():
    catalog = translations.load_catalog()
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            assert sorted(_placeholders(message.id)) == sorted(_placeholders(message.string)), message.id


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\((\w+)\)s", text)
