"""Facet values: the describers the sections' declarations share (see ``FacetRule``)."""

from __future__ import annotations

from ipcredit.catalogue import Catalogue
from ipcredit.records import IP_TYPE_SLUGS
from ipcredit.sections.section import Description


def authority(name: str, catalogue: Catalogue) -> Description:
    """An authority's page is under its credit code, with its English name."""
    found = catalogue.authority_by_name.get(name)
    if found is None:  # validation guarantees registered authorities; keep pages building
        return name, name, name
    return found.uscc, found.name, found.name_en


def year(value: str, _catalogue: Catalogue) -> Description:
    return value, value, value


def ip_type(value: str, _catalogue: Catalogue) -> Description:
    return IP_TYPE_SLUGS.get(value, "other"), value, None
