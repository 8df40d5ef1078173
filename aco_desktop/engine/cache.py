"""Caches that only make the same answer faster: ``TermsCache.resolve(rules, s)`` is ``resolve(rules, s)``.

Terms depend on the rulebook and on every scenario field but the savings rate, so the key is the
rulebook's identity and all those fields (options included). The rulebook is kept beside the terms
and compared with ``is``, so a different rulebook object (a reloaded or edited file) never gets
another book's terms. The owner (a window's session, a batch) holds a ``TermsCache``; ``BookLru`` is the
same bounded map for the engine's own caches of values worked out from immutable inputs only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, TypeVar

from aco_desktop.engine.terms import Terms, book_for, resolve
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

_SAVINGS_FREE_FIELDS = tuple(f for f in Scenario.model_fields if f not in ("savings_pct", "options"))
V = TypeVar("V")


def terms_key(book: Rulebook, s: Scenario, changes: dict[str, object] | None = None) -> tuple:
    """The key of ``s`` (with ``changes`` made to it: the same key as ``s.with_changes(**changes)``'s
    when the changes are already valid values) for everything but its savings rate."""
    if changes:
        options = changes.get("options", s.options)
        return (id(book), *[changes[f] if f in changes else getattr(s, f) for f in _SAVINGS_FREE_FIELDS],
                *sorted(options.items()))
    return (id(book), *[getattr(s, f) for f in _SAVINGS_FREE_FIELDS], *sorted(s.options.items()))


class BookLru:
    """At most ``limit`` values by key, least recently used dropped first. A key starts with the rulebook's
    id; the book is held beside the value and compared with ``is``, so a new book never gets another's."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._entries: OrderedDict[tuple, tuple[Rulebook, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, book: Rulebook, key: tuple, make: Callable[[], V]) -> V:
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] is book:
                self._entries.move_to_end(key)
                return hit[1]
        value = make()
        with self._lock:
            self._entries[key] = (book, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._limit:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class TermsCache:
    def __init__(self, limit: int = 256) -> None:
        self._entries = BookLru(limit)

    def resolve(self, rules: Rulebook | RuleRegistry, scenario: Scenario) -> Terms:
        book = book_for(rules, scenario)
        return self._entries.get(book, terms_key(book, scenario), lambda: resolve(book, scenario))
