"""Message catalogues without Flask: the gettext marker and the English catalogue.

Source strings (msgids) are Chinese, the site's first language;
``site/translations/en`` holds the English catalogue. This module is Babel
only, so the lower layers (section declarations, the data dictionary, the
search documents) can mark and translate labels without the web app; the web
layer binds the same catalogues to each request (``ipcredit.web.i18n``).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "site" / "translations"


def N_(message: str) -> str:  # the gettext marker: tools/translations.py extracts what it marks
    return message


def load_translations(folder: Path) -> dict[str, NullTranslations]:
    """Catalogues by language; ``folder/<lang>/LC_MESSAGES/messages.po``, compiled in memory."""
    catalogues: dict[str, NullTranslations] = {"zh": NullTranslations()}
    for lang in LOCALES:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        if lang == "zh" or not po.is_file():
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogues[lang] = Translations(buffer)
    return catalogues


def english_labels() -> Callable[[str], str]:
    """The English message catalogue's gettext (the labels the English pages show)."""
    return load_translations(TRANSLATIONS_DIR)["en"].gettext
