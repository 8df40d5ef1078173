"""Settle a whole agreement, year by year: the plan of tracks/levels, the withhold balance, the loss-years bar.

``settle_agreement(rules, base, savings, plan)`` is pure: each year is ``settle`` of the base scenario with that
year's track, agreement year, performance year and savings rate; the multi-year rules come from the rule file's
``[agreement.*]`` facts (withhold release, loss-years bar, glide paths), never from code. ``check_plan`` warns
when a plan does not fit a glide path of the rule file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aco_desktop.engine.settle import Settlement, settle
from aco_desktop.engine.terms import ScenarioError, book_for
from aco_desktop.format import pct, usd
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.rules.schema import AgreementFact
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class YearRow:
    """One agreement year. Dollars: positive = to the ACO, negative = owed by it."""

    year: int  # agreement year, 1 = first
    performance_year: int | None
    track: str
    model: str
    savings_rate: float
    msr: float
    mlr: float | None
    sharing_rate: float
    loss_rate: float | None
    savings_cap: float  # dollars
    loss_cap: float | None  # dollars
    earned: float  # the year's settlement (negative: shared losses owed)
    withheld: float  # part of positive earnings held back this year
    paid_now: float  # earned - withheld (as the year's statement: negative when losses are owed)
    offset: float  # withhold balance used against this year's losses
    owed: float  # losses still to pay after the offset (>= 0)
    released: float  # withhold balance paid out this year
    balance: float  # withhold balance after the year
    cash: float  # paid now (if positive) - owed + released: what actually moves this year
    loss_year: bool  # counts toward the consecutive loss-years bar
    settlement: Settlement

    def as_dict(self) -> dict:
        keys = ("year", "performance_year", "track", "model", "savings_rate", "msr", "mlr", "sharing_rate",
                "loss_rate", "savings_cap", "loss_cap", "earned", "withheld", "paid_now", "offset", "owed",
                "released", "balance", "cash", "loss_year")
        return {key: getattr(self, key) for key in keys}


@dataclass(frozen=True, slots=True)
class Agreement:
    rules: str
    rows: tuple[YearRow, ...]
    barred_after_year: int | None  # the year the consecutive loss-years bar was reached (None: not reached)
    warnings: tuple[str, ...]  # the plan does not fit the glide path
    notes: tuple[str, ...]  # reconstructed rules used, assumptions

    def total(self, field: str) -> float:
        return sum(getattr(row, field) for row in self.rows)

    @property
    def totals(self) -> dict[str, float]:
        fields = ("earned", "withheld", "paid_now", "offset", "owed", "released", "cash")
        return {f: self.total(f) for f in fields} | {"balance": self.rows[-1].balance if self.rows else 0.0}

    @property
    def barred(self) -> bool:
        return self.barred_after_year is not None

    def as_dict(self) -> dict:
        return {"rules": self.rules, "rows": [row.as_dict() for row in self.rows], "totals": self.totals,
                "barred_after_year": self.barred_after_year, "warnings": list(self.warnings),
                "notes": list(self.notes)}


def trend(first_pct: float, step_pct: float, years: int) -> tuple[float, ...]:
    """Savings percentages for ``years`` years starting at ``first_pct`` and moving ``step_pct`` a year."""
    return tuple(first_pct + step_pct * i for i in range(years))


def fact(book: Rulebook, name: str) -> AgreementFact | None:
    """The rule file's ``[agreement.<name>]`` fact, or None when the rulebook has none."""
    return book.agreement.get(name)


def default_plan(book: Rulebook, base: Scenario) -> tuple[str, ...]:
    """The base track for every year of its agreement (e.g. proposed-rule Track 1: three years)."""
    return (base.track,) * book.tracks[base.track].agreement_length


def _year_scenario(book: Rulebook, base: Scenario, track: str, year: int, savings_pct: float) -> Scenario:
    if track not in book.tracks:
        raise ScenarioError("plan", f"year {year}: {track!r} is not a track of {book.short_title}")
    length = book.tracks[track].agreement_length
    py = base.performance_year + year - 1 if base.performance_year is not None else None
    return base.with_changes(track=track, agreement_year=min(year, length), performance_year=py,
                             savings_pct=savings_pct)


def _savings_by_year(savings: float | Sequence[float], years: int) -> tuple[float, ...]:
    if isinstance(savings, (int, float)):
        return (float(savings),) * years
    values = tuple(float(v) for v in savings)
    if len(values) != years:
        raise ScenarioError("savings_pct", f"the plan has {years} years but {len(values)} savings rates were given")
    return values


def _release_year(book: Rulebook) -> int | None:
    release = fact(book, "withhold_release_year")
    return int(release.value) if release is not None else None


def _is_loss_year(book: Rulebook, savings_rate: float) -> bool:
    threshold = fact(book, "loss_year_threshold")
    return savings_rate < -(threshold.value if threshold else 0.0)


def _row(year: int, result: Settlement, balance: float, release_year: int | None,
         loss_year: bool) -> tuple[YearRow, float]:
    """The year's row and the withhold balance after it."""
    t, s = result.terms, result.scenario
    balance += result.withheld
    offset = min(balance, -result.earned) if result.earned < 0 else 0.0
    balance -= offset
    owed = -result.earned - offset if result.earned < 0 else 0.0
    released = balance if release_year == year else 0.0
    balance -= released
    row = YearRow(
        year=year, performance_year=s.performance_year, track=s.track, model=t.model_label,
        savings_rate=s.savings_rate, msr=result.msr, mlr=result.mlr, sharing_rate=result.final_sharing_rate,
        loss_rate=result.shared_loss_rate, savings_cap=t.savings_cap.value,
        loss_cap=t.loss_cap.value if t.loss_cap else None, earned=result.earned, withheld=result.withheld,
        paid_now=result.paid_now, offset=offset, owed=owed, released=released, balance=balance,
        cash=max(result.paid_now, 0.0) - owed + released, loss_year=loss_year, settlement=result)
    return row, balance


def _barred_after(book: Rulebook, rows: Sequence[YearRow]) -> int | None:
    bar = fact(book, "loss_years_bar")
    if bar is None:
        return None
    streak = 0
    for row in rows:
        streak = streak + 1 if row.loss_year else 0
        if streak >= int(bar.value):
            return row.year
    return None


def settle_agreement(rules: Rulebook | RuleRegistry, base: Scenario, savings: float | Sequence[float],
                     plan: Sequence[str] | None = None, glide_path: str | None = None) -> Agreement:
    """Settle every year of an agreement.

    ``base``: the ACO (size, benchmark, quality, revenue...) and, for rulebooks with performance years, the
    first performance year. ``savings``: one savings percentage for every year, or one per year (see
    ``trend``). ``plan``: the track (BASIC level) of each year; default the base track for its agreement
    length. ``glide_path``: the ``[agreement.*]`` schedule ``check_plan`` holds the plan to (warnings only).
    Pure: the same arguments give the same ``Agreement``.
    """
    book = book_for(rules, base)
    plan = tuple(plan) if plan is not None else default_plan(book, base)
    rates = _savings_by_year(savings, len(plan))
    release_year = _release_year(book)
    rows: list[YearRow] = []
    balance = 0.0
    for year, (track, rate) in enumerate(zip(plan, rates), start=1):
        result = settle(book, _year_scenario(book, base, track, year, rate))
        row, balance = _row(year, result, balance, release_year, _is_loss_year(book, rate / 100))
        rows.append(row)
    warnings = check_plan(book, plan, glide_path) if glide_path else ()
    barred = _barred_after(book, rows)
    return Agreement(book.id, tuple(rows), barred, tuple(warnings), _notes(book, plan, rows, barred))


def _notes(book: Rulebook, plan: Sequence[str], rows: Sequence[YearRow], barred: int | None) -> tuple[str, ...]:
    notes: list[str] = []
    withheld = any(row.withheld for row in rows)
    used = ["withhold_release_year"] if withheld else []
    used += ["loss_years_bar", "loss_year_threshold"] if any(row.loss_year for row in rows) else []
    for name in used:
        f = fact(book, name)
        if f is not None and f.reconstructed:
            notes.append(f"RECONSTRUCTED ({name}): {f.note}")
    release_year = _release_year(book)
    if withheld and release_year is not None and release_year > len(rows):
        notes.append(f"The withhold balance ({usd(rows[-1].balance)}) is still held: it is released after "
                     f"agreement year {release_year}.")
    if barred is not None:
        bar = fact(book, "loss_years_bar")
        notes.append(f"Barred: losses in {int(bar.value)} consecutive years (through agreement year {barred}); "
                     f"source {bar.source}.")
    long = [y for y, track in enumerate(plan, start=1) if y > book.tracks[track].agreement_length]
    if long:
        notes.append(f"Agreement years {', '.join(map(str, long))} run past the track's "
                     f"{book.tracks[plan[0]].agreement_length}-year length (a July 2019 start): they are settled "
                     "as its last year.")
    for row in rows:
        notes += [n for n in row.settlement.terms.notes if n not in notes]
    return tuple(notes)


def check_plan(rules: Rulebook | RuleRegistry, plan: Sequence[str], glide_path: str,
               rulebook_id: str | None = None) -> tuple[str, ...]:
    """Warnings where ``plan`` (a track per agreement year) does not fit the rule file's glide path
    ``[agreement.<glide_path>]``: its length, a level not allowed in a year, a move back, or no advance in
    a year that is not a ``hold`` year (automatic advancement). Empty when the plan fits."""
    book = rules if isinstance(rules, Rulebook) else rules[rulebook_id or "mssp"]
    path = fact(book, glide_path)
    if path is None or not path.levels:
        raise ScenarioError("glide_path", f"{book.short_title} has no glide path {glide_path!r}; "
                            f"paths: {', '.join(k for k, f in book.agreement.items() if f.levels) or 'none'}")
    order = list(dict.fromkeys(level for year in path.levels for level in year))
    label = f"{glide_path} ({path.source}{'; reconstructed' if path.reconstructed else ''})"
    warnings = []
    if len(plan) != len(path.levels):
        warnings.append(f"{label}: the agreement has {len(path.levels)} years; the plan has {len(plan)}")
    for year, track in enumerate(plan, start=1):
        allowed = path.levels[min(year, len(path.levels)) - 1]
        if track not in allowed:
            warnings.append(f"{label}: year {year}: {track} is not allowed; allowed: {', '.join(allowed)}")
        if year == 1 or track not in order or plan[year - 2] not in order:
            continue
        before, now = order.index(plan[year - 2]), order.index(track)
        if now < before:
            warnings.append(f"{label}: year {year}: {track} moves back from {plan[year - 2]}")
        elif now == before < len(order) - 1 and year not in path.hold:
            warnings.append(f"{label}: year {year}: {track} stays at the level of year {year - 1}; "
                            f"automatic advancement moves it to {order[before + 1]}")
    return tuple(warnings)


def describe_row(row: YearRow) -> str:
    """One line for a year (command line, reports)."""
    cap = f", loss cap {usd(row.loss_cap)}" if row.loss_cap is not None else ""
    return (f"year {row.year} {row.track}: savings {pct(row.savings_rate)}, MSR {pct(row.msr)}{cap}; "
            f"earned {usd(row.earned)}, withheld {usd(row.withheld)}, offset {usd(row.offset)}, "
            f"released {usd(row.released)}, balance {usd(row.balance)}, cash {usd(row.cash)}")
