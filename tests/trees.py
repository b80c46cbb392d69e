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
