"""Keep the English message catalogue complete.

    python tools/translations.py check    # exit 1 and list every string without English
    python tools/translations.py update   # add new strings to messages.po (empty msgstr)

Source strings are Chinese; they are found in templates (_(), ngettext) and
in Python code marked with N_() or gettext.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PO_FILE = ROOT / "site/translations/en/LC_MESSAGES/messages.po"
METHODS = [("ipcredit/**.py", "python"), ("site/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def _extracted():
    return extract_from_dir(
        str(ROOT),
        METHODS,
        keywords=KEYWORDS,
        options_map={"site/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )


def source_messages() -> dict[str, list[tuple[str, int]]]:
    """Every translatable string → where it is used (both forms of an ngettext call)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in _extracted():
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, []).append((filename, lineno))
    return found


def plural_forms() -> dict[str, str]:
    """Singular → plural msgid of every ngettext call (a catalogue entry with two forms)."""
    return {m[0]: m[1] for _f, _n, m, _c, _x in _extracted() if isinstance(m, tuple) and m[0]}


def load_catalog() -> Catalog:
    if not PO_FILE.exists():
        return Catalog(locale="en", project="ipcredit")
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="en")


def missing() -> dict[str, list[tuple[str, int]]]:
    catalog = load_catalog()
    out = {}
    for msgid, places in source_messages().items():
        entry = catalog.get(msgid)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            out[msgid] = places
    return out


def update() -> int:
    catalog = load_catalog()
    plurals = plural_forms()
    plural_only = set(plurals.values()) - set(plurals)
    added = 0
    for msgid, places in sorted(source_messages().items()):
        if catalog.get(msgid) is None and msgid not in plural_only:
            if msgid in plurals:  # English needs both forms: "1 result", "2 results"
                catalog.add((msgid, plurals[msgid]), ("", ""), locations=places[:3])
            else:
                catalog.add(msgid, "", locations=places[:3])
            added += 1
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, omit_header=False)
    return added


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        print(f"added {update()} new string(s) to {PO_FILE.relative_to(ROOT)}")
        return 0
    gaps = missing()
    for msgid, places in sorted(gaps.items()):
        where = ", ".join(f"{f}:{n}" for f, n in places[:2])
        print(f"{where}: no English translation for {msgid!r}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
