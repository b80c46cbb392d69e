"""The section registry: every output names a record page by the same URL, and it is served."""

from __future__ import annotations

import pytest

from ipcredit.datadict import DATASETS
from ipcredit.searchdocs import FIELDS, SEARCH_SECTIONS, documents
from ipcredit.sections import SECTIONS
from ipcredit.web import SECTION_VIEWS, create_app
from ipcredit.web.views.feeds import FEEDS
from tests.search.conftest import sample_catalogue

CATALOGUE = sample_catalogue()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_every_record_page_is_served_at_its_sections_path_in_both_languages(section):
    records = section.records(CATALOGUE)
    assert records, "the sample has no record of this section: the test would prove nothing"
    client = create_app(CATALOGUE).test_client()
    for record in records[:3]:
        path = section.record_path(record)
        assert path.endswith(f"{section.key(record)}/") and not path.startswith("/")
        for prefix in ("/", "/en/"):
            assert client.get(prefix + path).status_code == 200, prefix + path


def test_search_documents_link_to_the_sections_record_paths():
    expected = {(s.name, s.record_path(r)) for s in SECTIONS for r in s.records(CATALOGUE)}
    assert {(d.section, d.url) for d in documents(CATALOGUE)} == expected


def test_every_section_has_search_fields():
    assert set(FIELDS) == {s.name for s in SECTIONS}


def test_dataset_urls_are_the_sections_record_urls():
    base = CATALOGUE.settings.base_url
    by_dataset = {s.dataset.name: s for s in SECTIONS if s.dataset}
    assert set(by_dataset) <= {d.name for d in DATASETS}  # besides: the change log and withdrawals
    for dataset in (d for d in DATASETS if d.name in by_dataset):
        url = next(i for i, f in enumerate(dataset.fields) if f.name == "url")
        section = by_dataset[dataset.name]
        rows = list(dataset.rows(CATALOGUE))
        assert rows
        assert [row[url] for row in rows] == [section.record_url(r, base) for r in section.records(CATALOGUE)]


def test_each_section_with_a_feed_has_one_following_its_list_page():
    feeds = {f.name: f for f in FEEDS}
    for section in SECTIONS:
        if section.feed_title:
            assert feeds[section.name].page == section.list_path
            assert feeds[section.name].sections == (section.name,)
    assert set(feeds) == {"all"} | {s.name for s in SECTIONS if s.feed_title}


def test_feed_entries_link_to_record_pages():
    client = create_app(CATALOGUE).test_client()
    base = CATALOGUE.settings.base_url
    for section in (s for s in SECTIONS if s.feed_title):
        xml = client.get(f"/feeds/{section.name}.atom").get_data(as_text=True)
        newest = section.records(CATALOGUE)[0]  # the site's order is newest first
        assert f'href="{section.record_url(newest, base)}"' in xml


def test_section_views_are_typed_and_distinct():
    names = [v.blueprint.name for v in SECTION_VIEWS]
    assert len(names) == len(set(names))
    assert not any(hasattr(v.blueprint, "urls") for v in SECTION_VIEWS)  # nothing patched on


def test_the_search_export_names_the_declared_sections_in_their_order(tmp_path):
    from search.export import export_documents
    from search.format import MANIFEST, Manifest, unpack

    export_documents(documents(CATALOGUE), tmp_path, SEARCH_SECTIONS)
    manifest = Manifest.decode(unpack(MANIFEST, (tmp_path / MANIFEST).read_bytes()))
    assert manifest.section_names == tuple(s.name for s in SECTIONS if s.search)
    assert [name for name, *_ in manifest.sections] == [s.name for s in SECTIONS if s.records(CATALOGUE)]


def test_the_change_log_tracks_the_sections_declared_tracked():
    from ipcredit.changes import follow

    history = follow(CATALOGUE, None).history
    assert history is not None
    expected = {(s.name, s.key(r)) for s in SECTIONS if s.tracked for r in s.records(CATALOGUE)}
    assert {(shown.section, shown.id) for shown in history.shown} == expected


def test_each_facet_of_a_section_has_pages_listing_its_records():
    client = create_app(CATALOGUE).test_client()
    for section in (s for s in SECTIONS if s.facets):
        for rule in section.facets:
            record = next(r for r in section.records(CATALOGUE) if rule.values(r))
            slug = rule.describe(rule.values(record)[0], CATALOGUE)[0]
            page = client.get(f"/{section.list_path}{rule.key}/{slug}/")
            assert page.status_code == 200, (section.name, rule.key)
            assert f'href="/{section.record_path(record)}"' in page.get_data(as_text=True)
