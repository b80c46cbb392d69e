"""Snippets: a window of a result's stored text with the query's matches in ``<mark>``.

search.js implements the same steps, so the live preview and the static page
show the same snippet. Matching runs on normalised text (search.tokenizer),
so a query typed with full-width digits or without brackets still lights up
``〔2025〕１２３４号``; every normalised character remembers the original
character it came from, and the marks cover the original text.
"""

from __future__ import annotations

from search.tokenizer import normalise_char

WINDOW = 100  # characters shown
LEAD = 24  # characters shown before the first match
ELLIPSIS = "…"

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def escape(text: str) -> str:
    return "".join(_ESCAPES.get(c, c) for c in text)


def _normalised(text: str) -> tuple[str, list[int]]:
    """Token characters of ``text`` and, for each, the index of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in normalise_char(char):
            if c not in " \n":
                chars.append(c)
                origin.append(i)
    return "".join(chars), origin


def match_spans(text: str, marks: tuple[str, ...]) -> list[tuple[int, int]]:
    """[start, end) character ranges of ``text`` matching any mark, merged, in order."""
    norm, origin = _normalised(text)
    spans: list[tuple[int, int]] = []
    for mark in marks:
        pos = norm.find(mark) if mark else -1
        while pos >= 0:
            spans.append((origin[pos], origin[pos + len(mark) - 1] + 1))
            pos = norm.find(mark, pos + len(mark))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, marks: tuple[str, ...]) -> str:
    """HTML: the window around the first match (or the start), matches in <mark>, the rest escaped."""
    spans = match_spans(text, marks)
    first = spans[0][0] if spans else 0
    end = min(len(text), max(first - LEAD, 0) + WINDOW)
    start = max(0, end - WINDOW) if spans else 0
    parts = [ELLIPSIS] if start > 0 else []
    pos = start
    for span_start, span_end in spans:
        a, b = max(span_start, pos), min(span_end, end)
        if a < b:
            parts += [escape(text[pos:a]), "<mark>", escape(text[a:b]), "</mark>"]
            pos = b
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts)
