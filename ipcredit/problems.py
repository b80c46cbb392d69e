"""Problems found in the sources: ``path:line: level: message``.

Every check appends to a :class:`Problems` collector instead of raising, so a
run reports everything wrong at once (docs/agencies.md, "Reading the build's messages"). Messages are Chinese with
an English gloss; build them with :func:`bilingual`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    level: Level
    message: str
    column: str | None = None

    def __str__(self) -> str:
        column = f"{self.column}: " if self.column else ""
        return f"{self.path}:{self.line}: {self.level.value}: {column}{self.message}"


def bilingual(zh: str, en: str) -> str:
    """A message in Chinese first with its English gloss."""
    return f"{zh} ({en})"


def shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a pasted page must not flood the report."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path, roots: Sequence[Path] = ()) -> str:
    """The path as a clerk should see it: inside one of the folders they gave (``roots``), as that
    folder's name and the path below it (``cases_data/penalties/a.csv``, wherever the folder is);
    otherwise relative to the working directory when possible, else as given."""
    for root in roots:
        try:
            below = path.relative_to(root)
        except ValueError:
            continue
        return str(Path(root.resolve().name) / below)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def failure_summary(problems: Problems) -> str:
    """The closing line of a run that found errors."""
    errors, warnings = len(problems.errors), len(problems.warnings)
    return bilingual(
        f"共 {errors} 个错误、{warnings} 个警告；未写入任何文件，请按以上各行改正后重新运行",
        f"{errors} error(s), {warnings} warning(s); nothing was written: fix the lines above and run again",
    )


def check_summary(problems: Problems, as_of: date) -> str:
    """The closing line of a check without errors."""
    warnings = len(problems.warnings)
    return bilingual(
        f"检查通过：没有错误，{warnings} 个警告；数据截至 {as_of.isoformat()}",
        f"OK: no errors, {warnings} warning(s); as of {as_of.isoformat()}",
    )


class Problems:
    """An append-only collector of problems, shared by every check of one run."""

    def __init__(self, roots: Sequence[Path] = ()) -> None:
        self._items: list[Problem] = []
        self.roots: tuple[Path, ...] = tuple(roots)  # the folders the clerk gave

    def show_relative_to(self, *roots: Path) -> None:
        """Show paths inside these folders relative to them (see :func:`display_path`)."""
        self.roots = roots

    def show(self, path: Path | str) -> str:
        """A path as problems show it."""
        return display_path(path, self.roots) if isinstance(path, Path) else path

    def error(self, path: Path | str, line: int, message: str, column: str | None = None) -> None:
        self._add(path, line, Level.ERROR, message, column)

    def warning(self, path: Path | str, line: int, message: str, column: str | None = None) -> None:
        self._add(path, line, Level.WARNING, message, column)

    def _add(self, path: Path | str, line: int, level: Level, message: str, column: str | None) -> None:
        self._items.append(Problem(self.show(path), line, level, message, column))

    def extend(self, other: Problems) -> None:
        self._items.extend(other._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if p.level is Level.WARNING]

    def has_errors(self) -> bool:
        return any(p.level is Level.ERROR for p in self._items)

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by file, then line, errors before warnings."""
        return sorted(self._items, key=lambda p: (p.path, p.line, p.level != Level.ERROR, p.message))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
