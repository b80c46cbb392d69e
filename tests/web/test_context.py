"""The page's app and language: each request's own, gone when it ends, never another's."""

from __future__ import annotations

import threading

from ipcredit.web import create_app
from ipcredit.web.context import catalogue, lang, site_state, translate
from tests.factories import catalogue as make_catalogue
from tests.factories import penalty, settings


def test_a_request_sees_its_own_language_and_app_and_nothing_is_left_after_it():
    first = create_app(make_catalogue(penalties=(penalty(1),)))
    second = create_app(make_catalogue(settings=settings(base_url="https://second.example/")))
    with first.test_request_context("/en/penalties/"):
        assert first.preprocess_request() is None
        assert lang() == "en" and translate("处罚决定") != "处罚决定"
        assert catalogue() is first.config["CATALOGUE"] and site_state() is first.extensions["ipcredit"]
    assert lang() == "zh"  # outside a request
    with second.app_context():  # the app's own context, with no request: the app of that context
        assert catalogue().settings.base_url == "https://second.example/" and lang() == "zh"
    with second.test_request_context("/penalties/"):
        assert second.preprocess_request() is None
        assert lang() == "zh" and catalogue() is second.config["CATALOGUE"]
        assert translate("处罚决定") == "处罚决定"


def test_requests_in_threads_of_the_preview_server_keep_their_own_language():
    """The preview server answers each request in a thread: a page in English and one in Chinese
    made at the same time each read their own language all the way through."""
    app = create_app(make_catalogue(penalties=(penalty(1), penalty(2))))
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {"zh": [], "en": []}

    def page(language: str) -> None:
        path = "/en/penalties/" if language == "en" else "/penalties/"
        with app.test_request_context(path):
            app.preprocess_request()
            for _ in range(50):
                barrier.wait()  # the other thread has entered its request too
                seen[language].append(lang())

    threads = [threading.Thread(target=page, args=(language,)) for language in seen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"zh": ["zh"] * 50, "en": ["en"] * 50}


def test_a_page_in_english_is_english_whichever_page_came_before():
    app = create_app(make_catalogue(penalties=(penalty(1),)))
    client = app.test_client()
    english = client.get(f"/en/penalties/{penalty(1).id}/").get_data(as_text=True)
    client.get(f"/penalties/{penalty(1).id}/")
    again = client.get(f"/en/penalties/{penalty(1).id}/").get_data(as_text=True)
    assert english == again and 'lang="en"' in english.split(">", 2)[1]
    not_found = client.get("/no-such-page/").get_data(as_text=True)
    assert 'lang="zh-CN"' in not_found.split(">", 2)[1]
