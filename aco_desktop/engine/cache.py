"""A cache that only makes the same answer faster: ``TermsCache.resolve(rules, s)`` is ``resolve(rules, s)``.

Terms depend on the rulebook and on every scenario field but the savings rate, so the key is the
rulebook's identity and all those fields (options included). The rulebook is kept beside the terms
and compared with ``is``, so a different rulebook object (a reloaded or edited file) never gets
another book's terms. The owner (a window's session, a batch) holds the cache; nothing is global.
"""

from __future__ import annotations

from collections import OrderedDict

from aco_desktop.engine.terms import Terms, book_for, resolve
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

_SAVINGS_FREE_FIELDS = tuple(f for f in Scenario.model_fields if f not in ("savings_pct", "options"))


def terms_key(book: Rulebook, s: Scenario) -> tuple:
    return (id(book), *[getattr(s, f) for f in _SAVINGS_FREE_FIELDS], *sorted(s.options.items()))


class TermsCache:
    def __init__(self, limit: int = 256) -> None:
        self._limit = limit
        self._entries: OrderedDict[tuple, tuple[Rulebook, Terms]] = OrderedDict()

    def resolve(self, rules: Rulebook | RuleRegistry, scenario: Scenario) -> Terms:
        book = book_for(rules, scenario)
        key = terms_key(book, scenario)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is book:
            self._entries.move_to_end(key)
            return hit[1]
        terms = resolve(book, scenario)
        self._entries[key] = (book, terms)
        if len(self._entries) > self._limit:
            self._entries.popitem(last=False)
        return terms
