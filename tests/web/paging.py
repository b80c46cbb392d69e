"""Following a list's pages as a reader does: from its first page by the "next" links."""

from __future__ import annotations

import re

NEXT = re.compile(r'<a rel="next" href="([^"]+)"')
PREVIOUS = re.compile(r'<a rel="prev" href="([^"]+)"')


def follow(client, path: str) -> list[tuple[str, str]]:
    """(path, HTML) of each page of the list at ``path``, in order; each page must be served."""
    found: list[tuple[str, str]] = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        page = response.get_data(as_text=True)
        found.append((path, page))
        assert len(found) < 1000, "the next links go round in a circle"
        following = NEXT.search(page)
        path = following.group(1) if following else ""
    return found
