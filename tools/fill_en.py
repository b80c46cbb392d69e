"""Fill English msgstr values from a JSON object {msgid: english} (a helper for translators).

python tools/fill_en.py translations.json
"""

from __future__ import annotations

import json
import sys

from babel.messages.pofile import write_po
from translations import PO_FILE, load_catalog


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        english = json.load(handle)
    catalog = load_catalog()
    for msgid, text in english.items():
        entry = catalog.get(msgid)
        if entry is None:
            catalog.add(msgid, text)
        else:
            entry.string = text
            entry.flags.discard("fuzzy")
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
