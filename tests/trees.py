"""A folder's files and their SHA-256, to compare whole built sites byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below ``root`` (relative path → SHA-256 of its bytes); empty when there is none."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def with_empty_folders(root: Path) -> dict[str, str]:
    """:func:`tree_digest` and every empty folder below ``root`` (relative path and "/" → "empty
    folder"): served, an empty folder answers (a listing, a 403) where a missing page is a 404."""
    found = tree_digest(root)
    found.update(
        (f"{p.relative_to(root)}/", "empty folder")
        for p in root.rglob("*")
        if p.is_dir() and not any(p.iterdir())
    )
    return dict(sorted(found.items()))


def site_digest(root: Path) -> dict[str, str] | None:
    """A served site's files and empty folders, or None when no site is there at all."""
    return with_empty_folders(root) if root.is_dir() else None
