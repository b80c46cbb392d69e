"""The search page in both modes: the static build points the script at the exported
index; the preview answers from the Whoosh index, the same hits as search.query."""

from __future__ import annotations

from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from ipcredit.web import create_app
from search import build_index, search_results
from tests.factories import catalogue, penalty


def test_static_page_points_at_the_exported_index_and_works_without_script():
    html = create_app(catalogue()).test_client().get("/en/search/").get_data(as_text=True)
    assert 'data-index="/search-index/"' in html and 'data-root="/en/"' in html
    assert '<script src="/static/js/search.js" defer></script>' in html
    assert "<noscript>" in html and 'href="/en/penalties/"' in html and 'href="/en/data/"' in html


def test_preview_api_answers_from_whoosh(tmp_path):
    cat = catalogue(penalties=tuple(penalty(n) for n in range(1, 4)))
    build_index(documents(cat), tmp_path / "index", SEARCH_SECTIONS)
    app = create_app(cat, extra_config={"SEARCH_INDEX_DIR": tmp_path / "index"})
    client = app.test_client()
    assert 'data-api="/search/api"' in client.get("/search/").get_data(as_text=True)
    answer = client.get("/search/api", query_string={"q": "测试2贸易", "limit": 5}).get_json()
    expected = search_results(tmp_path / "index", "测试2贸易", None, 5, 0).as_json()
    # the three penalties share a credit code: their party's page (which has all three names) first
    assert answer == expected and [h["url"] for h in answer["hits"][:2]] == [
        f"parties/{penalty(2).uscc}/",
        f"penalties/{penalty(2).id}/",
    ]


def test_api_is_absent_from_the_static_site():
    assert create_app(catalogue()).test_client().get("/search/api?q=x").status_code == 404


def test_preview_api_answers_in_the_page_language(tmp_path):
    from tests.search.conftest import sample_catalogue

    cat = sample_catalogue()
    build_index(documents(cat), tmp_path / "index", SEARCH_SECTIONS)
    client = create_app(cat, extra_config={"SEARCH_INDEX_DIR": tmp_path / "index"}).test_client()
    for lang in ("zh", "en"):
        answer = client.get("/search/api", query_string={"q": "white paper", "lang": lang}).get_json()
        assert answer == search_results(tmp_path / "index", "white paper", lang=lang).as_json()
    hit = answer["hits"][0]
    assert (hit["lang"], hit["title"]) == (
        "en",
        "White Paper on Intellectual Property Protection in Jianghai (2024)",
    )
