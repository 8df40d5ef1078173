"""A reform's impact on real ACO-years: every ACO-year of one performance year settled twice (no Qt).

Current law is the rulebook each ACO-year's scenario names (``scenario_for``: the shipped 'mssp'); the
reform is the same scenario with ``rules`` set to the reform's id. A reform is a full rulebook (usually a
copy of ``mssp.toml`` with changed values), so a copy that changes nothing differs by exactly $0.

Under current law the totals are checked against CMS's published ``EarnSaveLoss``: the ACO-years whose
published amount is not expected to reproduce (``exceptions.known_exception``) are listed with both amounts,
and any other ACO-year off by more than the reproduction tolerance is listed as unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.cms.directory import scenario_for
from aco_desktop.cms.exceptions import known_exception
from aco_desktop.cms.reproduce import within_tolerance
from aco_desktop.cms.table import AcoYear
from aco_desktop.engine import settle


@dataclass(frozen=True, slots=True)
class Outcome:
    """One ACO-year: earned under current law and under the reform (negative: owed)."""

    item: AcoYear
    law: float
    reform: float
    exception: str | None  # why the published amount is not expected to reproduce, or None

    @property
    def difference(self) -> float:
        return self.reform - self.law

    @property
    def published(self) -> float | None:
        return self.item.record.published_earned

    @property
    def unexplained(self) -> bool:
        return (self.exception is None and self.published is not None
                and not within_tolerance(self.law, self.published))


@dataclass(frozen=True, slots=True)
class Totals:
    paid: float  # sum of positive amounts
    earning: int  # ACO-years with a positive amount
    owed: float  # sum of owed amounts, as a positive number
    owing: int

    @classmethod
    def of(cls, amounts: list[float]) -> "Totals":
        gains = [a for a in amounts if a > 0]
        losses = [-a for a in amounts if a < 0]
        return cls(sum(gains), len(gains), sum(losses), len(losses))

    def as_dict(self) -> dict:
        return {"paid": self.paid, "earning": self.earning, "owed": self.owed, "owing": self.owing}


@dataclass(frozen=True, slots=True)
class Impact:
    year: int
    reform_id: str
    law_ids: tuple[str, ...]  # the rulebooks current law used (one: 'mssp')
    outcomes: tuple[Outcome, ...]

    @property
    def law(self) -> Totals:
        return Totals.of([o.law for o in self.outcomes])

    @property
    def reform(self) -> Totals:
        return Totals.of([o.reform for o in self.outcomes])

    @property
    def published(self) -> Totals:
        return Totals.of([o.published for o in self.outcomes if o.published is not None])

    @property
    def law_as_published_where_explained(self) -> Totals:
        """Current law with each explained exception at its published amount: what should equal CMS's totals."""
        return Totals.of([o.published if o.exception is not None and o.published is not None else o.law
                          for o in self.outcomes])

    @property
    def changed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.difference != 0]

    @property
    def exceptions(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.exception is not None]

    @property
    def unexplained(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.unexplained]

    def gainers(self, top: int) -> list[Outcome]:
        ranked = sorted((o for o in self.outcomes if o.difference > 0), key=lambda o: (-o.difference, o.item.name))
        return ranked[:top]

    def losers(self, top: int) -> list[Outcome]:
        ranked = sorted((o for o in self.outcomes if o.difference < 0), key=lambda o: (o.difference, o.item.name))
        return ranked[:top]


def reform_impact(items: list[AcoYear], year: int, rules, reform_id: str) -> Impact:
    """Settle every ACO-year of ``year`` in ``items`` under current law and under ``reform_id``.

    ``rules``: a registry holding the shipped rulebooks and the reform. ``LookupError`` if the year has
    no ACO-years."""
    chosen = [i for i in items if i.year == year]
    if not chosen:
        have = sorted({i.year for i in items})
        raise LookupError(f"no ACO-years of PY{year}; the table has PY{have[0]}-{have[-1]}" if have
                          else "the table holds no ACO-years")
    outcomes, law_ids = [], set()
    for item in chosen:
        scenario, _ = scenario_for(item, rules)
        law_ids.add(scenario.rules)
        law = settle(rules, scenario).earned
        reform = settle(rules, scenario.model_copy(update={"rules": reform_id})).earned
        outcomes.append(Outcome(item, law, reform, known_exception(item.record)))
    outcomes.sort(key=lambda o: (o.item.name.lower(), o.item.aco_id))
    return Impact(year, reform_id, tuple(sorted(law_ids)), tuple(outcomes))
