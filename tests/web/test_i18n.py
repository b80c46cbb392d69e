"""Templates compiled per language (ipcredit.web.i18n): a page reads as it would with every
``_()`` called as it renders, whatever the message, its translation or where the call stands."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment

from ipcredit.outputs.freeze import PageFreezer, _all_urls
from ipcredit.web import _direct_gettext, create_app
from ipcredit.web.context import enter_page, lang, leave_page
from ipcredit.web.i18n import PageEnvironment, Translator
from tests.factories import sample_catalogue


class Translations(NullTranslations):
    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)


class Methods:
    def _(self, message: str) -> str:  # a method named like the translation function
        return f"method: {message}"


# Where a translated literal may stand: output, expressions, filters, a variable, a macro's
# default, a list, an attribute call, and inside {% autoescape false %}, where _() gives plain text.
PLACES = [
    "{{ _(M) }}",
    "{{ gettext(M) }}",
    "{{ _(M) ~ x }}",
    "{{ _(M)|e }}{{ _(M)|upper }}{{ _(M)|length }}",
    '{{ _(M)|replace("a", x) }}',
    "{% set t = _(M) %}{{ t }}|{{ t ~ x }}",
    "{% macro m(label=_(M)) %}{{ label }}{% endmacro %}{{ m() }}",
    '{{ [_(M), x]|join(",") }}',
    "{{ obj._(M) }}",
    "{% autoescape false %}{{ _(M)|e }}{{ _(M) ~ x }}{% endautoescape %}{{ _(M) }}",
]
TEXT = st.lists(
    st.sampled_from([*"ab <>&\"'%\\\n", "处罚", "{{", "}}", "%(n)s", "%%", "\u3000"]), max_size=12
).map("".join)


def environment(texts: dict[str, str], templates: dict[str, str]) -> tuple[Flask, PageEnvironment, list[str]]:
    """An app's environment with English ``texts`` as its translations; the messages its ``_()`` is
    called with at render time are recorded."""
    app = Flask(__name__)
    env = PageEnvironment(app, loader=DictLoader(templates), autoescape=True)
    translator = Translator({"zh": NullTranslations(), "en": Translations(texts)}, lang)
    gettext = _direct_gettext(translator)
    called: list[str] = []

    def recorded(context, message, **values):
        called.append(message)
        return gettext(context, message, **values)

    recorded.jinja_pass_arg = gettext.jinja_pass_arg  # type: ignore[attr-defined]
    env.globals.update(_=recorded, gettext=recorded, obj=Methods())
    env.translator = translator
    return app, env, called


def rendered(app: Flask, env: PageEnvironment, name: str, language: str, folded: bool = True) -> str:
    """The template rendered in a page in ``language``, compiled for it or (not ``folded``) not."""
    token = enter_page(app, language)
    try:
        # Unfolded: the app's own environment, which a page does not otherwise reach.
        template = (
            env.in_language(language).get_template(name) if folded else Environment.get_template(env, name)
        )
        return template.render(x="<x>")
    finally:
        leave_page(token)


def outcome(render) -> str:
    try:
        return render()
    except (KeyError, ValueError, TypeError) as error:  # _() formats a text holding %: it may fail
        return f"raised {type(error).__name__}"


@settings(max_examples=200, deadline=None)
@example(message="a", translation="<b>", place=PLACES[-1], language="en")  # plain text in the block
@example(message="a", translation="&", place="{{ obj._(M) }}", language="en")
@given(message=TEXT, translation=TEXT, place=st.sampled_from(PLACES), language=st.sampled_from(["zh", "en"]))
def test_a_folded_translation_renders_as_the_call_would(
    message: str, translation: str, place: str, language: str
):
    source = place.replace("M", repr(message))
    app, env, _called = environment({message: translation}, {"page.html": source})
    folded = outcome(lambda: rendered(app, env, "page.html", language))
    assert folded == outcome(lambda: rendered(app, env, "page.html", language, folded=False))


def test_a_literal_message_is_translated_once_when_compiled_not_on_every_page():
    templates = {"page.html": "{{ _('处罚') }} {{ _('%(n)s 条', n=2) }} {{ _('满 100%%') }}"}
    app, env, called = environment({"处罚": "Penalty", "%(n)s 条": "%(n)s items"}, templates)
    assert rendered(app, env, "page.html", "en") == "Penalty 2 items 满 100%"
    assert called == ["%(n)s 条", "满 100%%"]  # those formatted with values or holding % are called
    called.clear()
    assert rendered(app, env, "page.html", "en") == "Penalty 2 items 满 100%"
    assert rendered(app, env, "page.html", "en", folded=False) == "Penalty 2 items 满 100%"
    assert called == ["%(n)s 条", "满 100%%", "处罚", "%(n)s 条", "满 100%%"]


def test_each_language_has_its_own_compiled_templates():
    app, env, _called = environment({"处罚": "Penalty"}, {"page.html": "{{ _('处罚') }}"})
    assert rendered(app, env, "page.html", "en") == "Penalty"
    assert rendered(app, env, "page.html", "zh") == "处罚"
    assert rendered(app, env, "page.html", "en") == "Penalty"
    assert env.in_language("en") is env.in_language("en") is not env.in_language("zh")


def test_every_page_of_the_site_reads_as_without_folding(monkeypatch):
    """Each page of a small site, in both languages, byte for byte as when every template is
    compiled once with every _() called as it renders."""
    catalogue = sample_catalogue()

    def pages() -> dict[str, bytes]:
        app = create_app(catalogue, data_page=False)
        app.config["FREEZER_BASE_URL"] = catalogue.settings.base_url
        freezer = PageFreezer(app)
        with app.test_request_context():
            from flask import url_for

            urls = [url_for(endpoint, **values) for endpoint, values in _all_urls(app, catalogue)]
        return {url: freezer._get(url).get_data() for url in urls}

    folded = pages()
    monkeypatch.setattr(PageEnvironment, "in_language", lambda self, _language: self)
    plain = pages()
    assert len(folded) > 40 and any(url.startswith("/en/") for url in folded)
    assert folded == plain
