"""The rule files an app run works with: an object its owner holds and passes in (no module global).

``RuleRegistry.load()`` reads every ``*.toml`` of a folder. Strict loading (the command line, tests)
raises on the first bad file; lenient loading (the window) keeps the files that load and lists the
others with the reason in ``skipped``, so the window can start and say what it left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from aco_desktop.rules.loader import RuleFileError, load_rulebook_file, rules_dir
from aco_desktop.rules.schema import Rulebook


class RuleRegistry:
    """Rulebooks by id, in file-name order, plus the files that could not be loaded and why."""

    def __init__(self, books: dict[str, Rulebook], skipped: dict[str, str] | None = None) -> None:
        self._books = dict(books)
        self.skipped: dict[str, str] = dict(skipped or {})

    @classmethod
    def load(cls, folder: Path | None = None, strict: bool = True) -> "RuleRegistry":
        folder = (folder or rules_dir()).resolve()
        if not folder.is_dir():
            raise RuleFileError(f"{folder}: rule folder not found; the installation is incomplete")
        books, skipped = {}, {}
        for path in sorted(folder.glob("*.toml")):
            try:
                books[path.stem] = load_rulebook_file(path)
            except RuleFileError as exc:
                if strict:
                    raise
                skipped[path.name] = str(exc)
        if not books:
            why = "; ".join(skipped.values()) if skipped else "no rule files (*.toml) found"
            raise RuleFileError(f"{folder}: {why}; the installation is incomplete")
        return cls(books, skipped)

    def __getitem__(self, rulebook_id: str) -> Rulebook:
        try:
            return self._books[rulebook_id]
        except KeyError:
            raise RuleFileError(f"unknown rulebook {rulebook_id!r}; available: "
                                f"{', '.join(sorted(self._books))}") from None

    def __contains__(self, rulebook_id: object) -> bool:
        return rulebook_id in self._books

    def __iter__(self) -> Iterator[str]:
        return iter(self._books)

    def __len__(self) -> int:
        return len(self._books)

    def books(self) -> list[Rulebook]:
        return list(self._books.values())

    def items(self):
        return self._books.items()

    def with_book(self, book: Rulebook) -> "RuleRegistry":
        """A registry with ``book`` added or replacing the one of the same id (a reform, a test file)."""
        return RuleRegistry({**self._books, book.id: book}, self.skipped)

    def years(self) -> range:
        """Every performance year some rulebook settles (for help texts and defaults)."""
        spans = [b.years for b in self._books.values() if b.has_performance_years]
        return range(min(r.start for r in spans), max(r.stop for r in spans)) if spans else range(0)
