"""Party pages (当事人): /parties/, one page per party of the registers."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.sections.section import Section, id_key

PARTIES = Section("parties", N_("当事人"), "parties", id_key, lambda r: r.updated, "parties")
