"""The agreement view's numbers and words (Qt-free): a plan of levels, the years side by side, the range
of the agreement's total.

``AgreementInputs`` is what the user chose (a level and an expected savings rate per year, the glide path
the plan is held to); ``present_agreement`` settles it (``engine.agreement.settle_agreement``), adds each
year's outlook (``engine.uncertainty.outlook``) and the distribution of the total, and returns the cells
and sentences the window shows. The total's distribution is a seeded Monte Carlo over correlated years
(``total_draws``): same inputs, same figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aco_desktop.engine import Outlook, book_for, outlook
from aco_desktop.engine.agreement import Agreement, YearRow, check_plan, default_plan, fact, settle_agreement
from aco_desktop.engine.curve import earned_at
from aco_desktop.engine.uncertainty import savings_sigma
from aco_desktop.format import pct, usd
from aco_desktop.rules import Rulebook
from aco_desktop.scenario import Scenario

# The same ACO's savings rate correlates 0.66-0.83 with the year before (shared/uncertainty.md).
YEAR_TO_YEAR_CORRELATION = 0.75
DRAWS = 4000
SEED = 20_110_419  # fixed: the range does not flicker between refreshes
SAVINGS_LIMIT = 100.0

MODEL_SENTENCE = (
    "Each year's savings rate is normal around the rate you expect (spread by ACO size), correlated "
    f"{YEAR_TO_YEAR_CORRELATION:.2f} with the year before (CMS results show 0.66-0.83); the range of the "
    f"total is from {DRAWS:,} seeded simulated agreements (Monte Carlo, same inputs give the same range).")


@dataclass(frozen=True)
class AgreementInputs:
    levels: tuple[str, ...]
    savings: tuple[float, ...]  # percent, one per year
    glide_path: str | None


# ---- the plan ------------------------------------------------------------------------------------------

def glide_paths(book: Rulebook) -> tuple[str, ...]:
    """The rule file's schedules (``[agreement.*]`` facts with levels)."""
    return tuple(name for name, f in book.agreement.items() if f.levels)


def default_glide_path(book: Rulebook, track: str) -> str | None:
    """The track's own schedule, else glide-standard (or the first path) when it lists the track."""
    own = book.agreement.get(track)
    if own is not None and own.levels:
        return track
    paths = [name for name in glide_paths(book) if any(track in y for y in book.agreement[name].levels)]
    return "glide-standard" if "glide-standard" in paths else (paths[0] if paths else None)


def plan_from_path(book: Rulebook, glide_path: str, start: str) -> tuple[str, ...]:
    """Start at ``start`` (or the first level year 1 allows) and advance one level a year, except in the
    path's ``hold`` years, never below what the year allows."""
    path = book.agreement[glide_path]
    order = list(dict.fromkeys(level for year in path.levels for level in year))
    plan: list[str] = []
    for year, allowed in enumerate(path.levels, start=1):
        if year == 1:
            plan.append(start if start in allowed else allowed[0])
            continue
        at = order.index(plan[-1]) + (0 if year in path.hold else 1)
        candidates = [lvl for lvl in allowed if order.index(lvl) >= min(at, len(order) - 1)]
        plan.append(candidates[0] if candidates else allowed[-1])
    return tuple(plan)


def starting_inputs(book: Rulebook, base: Scenario, glide_path: str | None = None) -> AgreementInputs:
    """The plan the rule file's schedule gives the scenario's track, its savings rate every year."""
    path = glide_path if glide_path in glide_paths(book) else default_glide_path(book, base.track)
    levels = plan_from_path(book, path, base.track) if path else default_plan(book, base)
    return AgreementInputs(levels, (base.savings_pct,) * len(levels), path)


def schedule_lines(book: Rulebook, glide_path: str | None) -> tuple[str, ...]:
    """The glide path as the rule file has it: the levels each year allows, its source and note."""
    if glide_path is None:
        return ("No glide path in the rule file for this track: the track for its agreement length.",)
    path = book.agreement[glide_path]
    short = lambda level: level.removeprefix("basic-").upper() if level.startswith("basic-") else level  # noqa: E731
    years = "; ".join(f"year {i}: {', '.join(short(x) for x in allowed)}" + (" (may hold)" if i in path.hold else "")
                      for i, allowed in enumerate(path.levels, start=1))
    return (f"Schedule {glide_path} ({sourced(path.source, path.reconstructed)}): {years}.", f"Note: {path.note}")


# ---- strict input --------------------------------------------------------------------------------------

def parse_savings(text: str) -> float:
    """A year's expected savings percent; ValueError with the reason when it is not one."""
    try:
        value = float(text.strip().rstrip("%").replace(",", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a number: type a savings percent such as 2.5 or -1") from None
    if not (math.isfinite(value) and -SAVINGS_LIMIT <= value <= SAVINGS_LIMIT):
        raise ValueError(f"savings must be -100 to 100 percent; got {text.strip()}")
    return value


def trend_savings(first: str, step: str, years: int) -> tuple[float, ...]:
    """Savings for every year from a first year and a step a year; ValueError with the reason."""
    start, change = parse_savings(first), float(parse_savings(step))
    values = tuple(start + change * i for i in range(years))
    if not all(-SAVINGS_LIMIT <= v <= SAVINGS_LIMIT for v in values):
        raise ValueError(f"the trend reaches {values[-1]:g}% by year {years}; savings must be -100 to 100 percent")
    return values


def check_level(book: Rulebook, text: str) -> str:
    level = text.strip().lower()
    if level in book.tracks:
        return level
    if f"basic-{level}" in book.tracks:
        return f"basic-{level}"
    raise ValueError(f"{text.strip()!r} is not a track of {book.short_title}; tracks: {', '.join(book.tracks)}")


# ---- the distribution of the total ---------------------------------------------------------------------

def correlated_normals(draws: int, years: int, rho: float = YEAR_TO_YEAR_CORRELATION,
                       seed: int = SEED) -> np.ndarray:
    """Standard normals (draws x years), each year correlated ``rho`` with the year before (AR(1))."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((draws, years))
    for y in range(1, years):
        z[:, y] = rho * z[:, y - 1] + math.sqrt(1 - rho * rho) * z[:, y]
    return z


def total_draws(book: Rulebook, agreement: Agreement, draws: int = DRAWS) -> np.ndarray:
    """Simulated totals of the agreement's cash (settlements after the withhold, its offsets and release)."""
    rows = agreement.rows
    z = correlated_normals(draws, len(rows))
    release = fact(book, "withhold_release_year")
    balance, total = np.zeros(draws), np.zeros(draws)
    for i, row in enumerate(rows):
        t = row.settlement.terms
        rates = row.savings_rate + savings_sigma(row.settlement.scenario.beneficiaries) * z[:, i]
        earned = earned_at(t, rates)
        withheld = np.where(earned > 0, earned * (t.withhold.value if t.withhold else 0.0), 0.0)
        balance += withheld
        offset = np.where(earned < 0, np.minimum(balance, -earned), 0.0)
        balance -= offset
        total += earned - withheld + offset
        if release is not None and int(release.value) == row.year:
            total += balance
            balance = np.zeros(draws)
    return total


# ---- the table -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgreementPicture:
    title: str
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    agreement: Agreement
    outlooks: tuple[Outlook, ...]
    totals: tuple[str, ...]
    range_line: str
    p05: float
    p95: float
    draws: np.ndarray
    schedule: tuple[str, ...]
    warnings: tuple[str, ...]
    rule_lines: tuple[str, ...]  # withhold release and the loss-years bar, with sources
    rules_summary: str
    notes: tuple[str, ...]
    book: Rulebook
    base: Scenario
    inputs: AgreementInputs

    @property
    def savings_column(self) -> int:
        return self.columns.index("Savings %")

    @property
    def level_column(self) -> int:
        return self.columns.index("Level")


def _has_withhold(agreement: Agreement) -> bool:
    return any(row.settlement.terms.withhold is not None for row in agreement.rows)


def columns_for(book: Rulebook, agreement: Agreement) -> tuple[str, ...]:
    extra = ("Withheld", "Balance") if _has_withhold(agreement) else ()
    bar = ("Loss year",) if fact(book, "loss_years_bar") is not None else ()
    return ("Year", "Level", "Savings %", "Spread", "MSR", "MLR", "Share", "Loss rate", "Savings cap",
            "Loss cap", "Settlement", *extra, *bar, "Cash", "Expected", "Owe chance")


def _rate(value: float | None) -> str:
    return "-" if value is None else pct(value)


def _chance(p: float) -> str:
    return "<1%" if 0 < p < 0.005 else (">99%" if 0.995 < p < 1 else f"{p:.0%}")


def _cells(row: YearRow, o: Outlook, columns: Sequence[str]) -> tuple[str, ...]:
    level = row.track.removeprefix("basic-").upper() if row.track.startswith("basic-") else row.track
    py = f" ({row.performance_year})" if row.performance_year else ""
    values = {"Year": f"{row.year}{py}", "Level": level, "Savings %": f"{row.savings_rate * 100:g}",
              "Spread": f"\N{PLUS-MINUS SIGN}{o.sigma * 100:.1f} pp", "MSR": pct(row.msr), "MLR": _rate(row.mlr),
              "Share": pct(row.sharing_rate), "Loss rate": _rate(row.loss_rate), "Savings cap": usd(row.savings_cap),
              "Loss cap": "-" if row.loss_cap is None else usd(row.loss_cap), "Settlement": usd(row.earned),
              "Withheld": usd(row.withheld), "Balance": usd(row.balance), "Loss year": "yes" if row.loss_year else "no",
              "Cash": usd(row.cash), "Expected": usd(o.expected_earned), "Owe chance": _chance(o.p_owe)}
    return tuple(values[c] for c in columns)


def _total_cells(agreement: Agreement, outlooks: Sequence[Outlook], columns: Sequence[str]) -> tuple[str, ...]:
    t = agreement.totals
    values = {"Year": "Total", "Settlement": usd(t["earned"]), "Withheld": usd(t["withheld"]),
              "Balance": usd(t["balance"]), "Cash": usd(t["cash"]),
              "Expected": usd(sum(o.expected_earned for o in outlooks)),
              "Loss year": "BARRED" if agreement.barred else ""}
    return tuple(values.get(c, "") for c in columns)


def rule_lines(book: Rulebook, agreement: Agreement) -> tuple[str, ...]:
    """The proposed rule's withhold release and the loss-year definition, with their sources and notes."""
    out = []
    names = (("withhold_release_year", "Withhold release") if _has_withhold(agreement) else None,
             ("loss_years_bar", "Loss-years bar"), ("loss_year_threshold", "Loss year"))
    for name, label in filter(None, names):
        f = fact(book, name)
        if f is not None:
            out.append(f"{label} ({sourced(f.source, f.reconstructed)}): {f.note}")
    return tuple(out)


def rules_summary(book: Rulebook, agreement: Agreement) -> str:
    """One line under the table: when the withhold is released and what bars the ACO (details: rule_lines)."""
    parts = []
    release, bar, threshold = (fact(book, n) for n in ("withhold_release_year", "loss_years_bar", "loss_year_threshold"))
    if release is not None and _has_withhold(agreement):
        parts.append(f"the withhold balance offsets later losses and the rest is paid after year {int(release.value)} "
                     f"({sourced(release.source, release.reconstructed)})")
    if bar is not None:
        parts.append(f"{int(bar.value)} loss years in a row bar the ACO ({sourced(bar.source, bar.reconstructed)})")
    if threshold is not None:
        parts.append(f"a loss year is spending above the benchmark by more than {pct(threshold.value)} "
                     f"({sourced(threshold.source, threshold.reconstructed)})")
    return ("Rules: " + "; ".join(parts) + ". Full text under Schedule and rules.") if parts else ""


def _other_notes(agreement: Agreement) -> tuple[str, ...]:
    """The engine's notes but the reconstructed rule facts ``rule_lines`` already states in full."""
    return tuple(n for n in agreement.notes if not n.startswith("RECONSTRUCTED ("))


def sourced(source: str, reconstructed: bool) -> str:
    """A source, marked reconstructed when it is (once)."""
    return source if not reconstructed or "RECONSTRUCTED" in source else f"{source}; RECONSTRUCTED"


def range_line(p05: float, p95: float, expected: float, years: int) -> str:
    return (f"Over the {years} years the total cash ranges from {usd(p05)} to {usd(p95)} (5th-95th percentile); "
            f"on average {usd(expected)}.")


def present_agreement(rules, base: Scenario, inputs: AgreementInputs) -> AgreementPicture:
    """Everything the agreement table shows for ``inputs`` (raises ScenarioError for a bad plan)."""
    book = book_for(rules, base)
    base = base.with_changes(agreement_year=1)
    agreement = settle_agreement(book, base, inputs.savings, inputs.levels)
    outlooks = tuple(outlook(book, row.settlement.scenario) for row in agreement.rows)
    columns = columns_for(book, agreement)
    draws = total_draws(book, agreement)
    p05, p95 = (float(np.percentile(draws, q)) for q in (5, 95))
    warnings = check_plan(book, inputs.levels, inputs.glide_path) if inputs.glide_path else ()
    title = (f"{book.short_title}: {len(agreement.rows)}-year agreement, "
             f"{'glide path ' + inputs.glide_path if inputs.glide_path else 'no glide path'}")
    return AgreementPicture(
        title=title, columns=columns, cells=tuple(_cells(r, o, columns) for r, o in zip(agreement.rows, outlooks)),
        agreement=agreement, outlooks=outlooks, totals=_total_cells(agreement, outlooks, columns),
        range_line=range_line(p05, p95, float(draws.mean()), len(agreement.rows)), p05=p05, p95=p95, draws=draws,
        schedule=schedule_lines(book, inputs.glide_path), warnings=tuple(warnings),
        rule_lines=rule_lines(book, agreement), rules_summary=rules_summary(book, agreement),
        notes=_other_notes(agreement), book=book, base=base, inputs=inputs)
