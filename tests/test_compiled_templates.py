"""The test processes' shared compiled templates (tests/templates.py) never serve stale code."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from tests.templates import CompiledTemplates


def environment(cache: CompiledTemplates, sources: dict[str, str], **options) -> Environment:
    return Environment(loader=DictLoader(sources), bytecode_cache=cache, **options)


def test_the_same_template_and_settings_reuse_the_code_and_render_alike():
    cache, sources = CompiledTemplates(), {"page.html": "<p>{{ text }}</p>"}
    first = environment(cache, sources).get_template("page.html")
    second = environment(cache, sources).get_template("page.html")
    assert len(cache.code) == 1
    assert second.render(text="x") == first.render(text="x") == "<p>x</p>"


def test_a_changed_template_or_other_settings_compile_afresh():
    cache = CompiledTemplates()
    assert environment(cache, {"page.html": "<p>{{ text }}</p>"}).get_template("page.html").render(
        text="<b>"
    ) == ("<p><b></p>")
    changed = environment(cache, {"page.html": "<div>{{ text }}</div>"}).get_template("page.html")
    assert changed.render(text="<b>") == "<div><b></div>"
    escaped = environment(cache, {"page.html": "<div>{{ text }}</div>"}, autoescape=lambda _name: True)
    assert escaped.get_template("page.html").render(text="<b>") == "<div>&lt;b&gt;</div>"
    trimmed = environment(cache, {"page.html": "{% if 1 %}\nx{% endif %}"}, trim_blocks=True)
    assert trimmed.get_template("page.html").render() == "x"
    assert (
        environment(cache, {"page.html": "{% if 1 %}\nx{% endif %}"}).get_template("page.html").render()
        == "\nx"
    )
    assert len(cache.code) == 5
