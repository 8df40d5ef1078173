"""Resolve a rulebook and a scenario into ``Terms``: every rate, threshold and cap that does not
depend on the savings rate, as plain numbers with their formulas and sources.

The statement (``settle``) and the payoff curve (``curve``) both start from the same ``Terms``, so a
rule is interpreted in exactly one place. Resolving raises ``ScenarioError`` naming the input at fault
when the scenario asks for something the rules do not have (a track outside its years, an election the
track does not offer, too few beneficiaries).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aco_desktop.format import pct, usd
from aco_desktop.rules import Rulebook, get_rulebook
from aco_desktop.rules.schema import MsrTable, OptionRef, Period
from aco_desktop.scenario import Scenario


class ScenarioError(ValueError):
    """The scenario asks for something the chosen rules do not allow. ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def join_sources(*sources: str) -> str:
    """'A; B' + 'B; C' -> 'A; B; C' (each label once, first-seen order)."""
    parts = [part.strip() for source in sources for part in source.split(";") if part.strip()]
    return "; ".join(dict.fromkeys(parts))


@dataclass(frozen=True, slots=True)
class Rated:
    """A resolved rate with how it was found."""

    value: float
    formula: str
    source: str
    reconstructed: bool = False


def msr_from_table(table: MsrTable, beneficiaries: int) -> Rated:
    """The size-table MSR, interpolated linearly on the exact count within its row."""
    for row in table.rows:
        if row.first <= beneficiaries <= row.last:
            if row.last == row.first or row.msr_at_first == row.msr_at_last:
                value = row.msr_at_first
                how = f"{beneficiaries:,} beneficiaries: {pct(value)} (row {row.first:,}-{row.last:,})"
            else:
                share = (beneficiaries - row.first) / (row.last - row.first)
                value = row.msr_at_first + share * (row.msr_at_last - row.msr_at_first)
                how = (f"{beneficiaries:,} beneficiaries, row {row.first:,}-{row.last:,}: "
                       f"{pct(row.msr_at_first)} to {pct(row.msr_at_last)} interpolated = {pct(value, 3)}")
            return Rated(value, how, table.source)
    last = table.rows[-1]
    raise ScenarioError("beneficiaries", f"the MSR table covers {table.rows[0].first:,} to {last.last:,} beneficiaries")


@dataclass(frozen=True, slots=True)
class Terms:
    """Everything about a settlement except the savings rate."""

    book: Rulebook
    scenario: Scenario
    track_label: str
    model_label: str
    two_sided: bool
    two_sided_year: int  # 1 = first two-sided year (sets phased loss caps); 0 when one-sided
    benchmark: float
    msr: Rated
    mlr: Rated | None
    net_threshold: float  # fraction of benchmark not shared (0 when shared from the first dollar)
    basis: Rated  # how savings are counted (first dollar or above the net threshold)
    max_rate: Rated
    quality_method: str
    quality_standard_met: bool
    bonus: Rated | None
    final_rate: Rated
    loss_rate: Rated | None
    loss_basis: str  # "first-dollar" or "above-mlr"
    loss_basis_source: str
    savings_cap: Rated  # value in dollars
    loss_cap: Rated | None  # value in dollars
    sequestration: Rated | None
    relief: Rated | None
    withhold: Rated | None
    half_rate_factor: float  # 0 where the low-revenue half rate cannot apply
    half_rate_source: str
    participant_revenue: float
    high_revenue_threshold: float
    notes: tuple[str, ...] = field(default=())

    # Landmarks on the savings-rate axis, for the curve and the key figures.
    @property
    def savings_cap_rate(self) -> float | None:
        """The savings rate from which the savings cap binds (None if it never does)."""
        per_rate = self.final_rate.value * (1 - (self.sequestration.value if self.sequestration else 0.0))
        if per_rate <= 0:
            return None
        start = self.net_threshold + self.savings_cap.value / (per_rate * self.benchmark)
        return max(start, self.msr.value)

    @property
    def loss_cap_rate(self) -> float | None:
        """The (negative) savings rate from which the loss cap binds."""
        if not self.two_sided or self.loss_rate is None or self.loss_rate.value <= 0:
            return None
        extra = self.mlr.value if self.loss_basis == "above-mlr" else 0.0
        start = extra + self.loss_cap.value / (self.loss_rate.value * self.benchmark)
        return -max(start, self.mlr.value)

    @property
    def savings_needed_rate(self) -> float:
        """The least savings rate that earns anything: the MSR, or any saving where a low-revenue ACO
        shares at the half rate below it."""
        half_rate_near_zero = (self.half_rate_factor and self.final_rate.value > 0
                               and self.participant_revenue < self.high_revenue_threshold * self.benchmark)
        return 0.0 if half_rate_near_zero else self.msr.value

    @property
    def jump_at_msr(self) -> float:
        """What the ACO earns at exactly the MSR (the size of the step from zero)."""
        seq = self.sequestration.value if self.sequestration else 0.0
        shared = (self.msr.value - self.net_threshold) * self.benchmark * self.final_rate.value * (1 - seq)
        return min(max(shared, 0.0), self.savings_cap.value)

    @property
    def max_owed(self) -> float:
        if not self.two_sided:
            return 0.0
        return self.loss_cap.value * (1 - (self.relief.value if self.relief else 0.0))


def _period(periods: list[Period], year: int) -> Period | None:
    for period in periods:
        if period.from_year <= year <= period.to_year:
            return period
    return None


def _option(book: Rulebook, scenario: Scenario, name: str):
    option = book.options[name]
    choice_key = scenario.options.get(name, option.default)
    return option.choices[choice_key], choice_key


def _check_scenario_against_book(book: Rulebook, s: Scenario) -> None:
    if s.track not in book.tracks:
        raise ScenarioError("track", f"{s.track!r} is not a track of {book.short_title}; "
                                     f"choose one of {', '.join(book.tracks)}")
    track = book.tracks[s.track]
    if book.has_performance_years:
        if s.performance_year is None:
            raise ScenarioError("performance_year", f"{book.short_title} needs a performance year "
                                                    f"({book.years.start}-{book.years.stop - 1})")
        if not track.first_year <= s.performance_year <= track.last_year:
            raise ScenarioError("performance_year", f"{track.label} did not exist in performance year "
                                f"{s.performance_year}; it ran {track.first_year}-{track.last_year}")
    elif s.performance_year is not None:
        raise ScenarioError("performance_year", f"{book.short_title} has no performance years; leave it out")
    if not 1 <= s.agreement_year <= track.agreement_length:
        raise ScenarioError("agreement_year", f"{track.label} agreements last {track.agreement_length} "
                                              f"years: 1 to {track.agreement_length}; got {s.agreement_year}")
    if s.beneficiaries < track.min_beneficiaries:
        raise ScenarioError("beneficiaries", f"{track.label} needs at least {track.min_beneficiaries:,} "
                                             f"assigned beneficiaries; got {s.beneficiaries:,}")
    for name, choice in s.options.items():
        if name not in book.options:
            raise ScenarioError("options", f"{book.short_title} has no rule switch {name!r}; "
                                           f"switches: {', '.join(book.options) or 'none'}")
        if choice not in book.options[name].choices:
            raise ScenarioError("options", f"{name} must be one of {', '.join(book.options[name].choices)}; "
                                           f"got {choice!r}")


# Terms do not depend on the savings rate, so dragging the savings slider reuses them. The cache is keyed
# on every other input; ``Terms.scenario`` is the first scenario seen with that key (its savings_pct is
# not used by anything in Terms).
_SAVINGS_FREE_FIELDS = tuple(f for f in Scenario.model_fields if f not in ("savings_pct", "options"))
_CACHE: dict[tuple, Terms] = {}
_CACHE_LIMIT = 512


def resolve(scenario: Scenario, book: Rulebook | None = None) -> Terms:
    """The terms the rules give this scenario (everything but the savings rate)."""
    if book is not None:
        return _resolve(scenario, book)
    key = (*[getattr(scenario, f) for f in _SAVINGS_FREE_FIELDS], *sorted(scenario.options.items()))
    terms = _CACHE.get(key)
    if terms is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        terms = _CACHE[key] = _resolve(scenario, None)
    return terms


def clear_cache() -> None:
    """Forget resolved terms (after rule files are reloaded)."""
    _CACHE.clear()


def _resolve(scenario: Scenario, book: Rulebook | None) -> Terms:
    s = scenario
    book = book or get_rulebook(s.rules)
    _check_scenario_against_book(book, s)
    track = book.tracks[s.track]
    model = book.model_for(s.track, s.agreement_year)
    two_sided = model.risk == "two-sided"
    two_sided_year = (sum(book.model_for(s.track, y).risk == "two-sided" for y in range(1, s.agreement_year + 1))
                      if two_sided else 0)
    year = s.performance_year
    start_year = year - s.agreement_year + 1 if year is not None else None
    n = s.beneficiaries
    benchmark = s.benchmark
    notes: list[str] = []

    # Minimum savings rate and minimum loss rate.
    rule = model.msr
    if rule.method == "table":
        msr = msr_from_table(book.msr_table, n)
        msr = Rated(msr.value, msr.formula, join_sources(rule.source, book.msr_table.source))
        if s.msr_election not in (None, "table"):
            raise ScenarioError("msr_election", f"{track.label} uses the size table; there is no MSR election")
    elif rule.method == "flat":
        msr = Rated(rule.rate, f"flat {pct(rule.rate)} of benchmark", rule.source, rule.reconstructed)
        if s.msr_election is not None:
            raise ScenarioError("msr_election", f"{model.label} has a flat {pct(rule.rate)} MSR; no election")
    else:
        if rule.elected_from_start_year and start_year is not None and start_year < rule.elected_from_start_year:
            msr = Rated(rule.rate, f"fixed {pct(rule.rate)} (agreement began {start_year}, before elections "
                                   f"started in {rule.elected_from_start_year})", rule.source)
        else:
            choice = s.msr_election or rule.default_choice
            if choice not in rule.choices:
                raise ScenarioError("msr_election", f"{track.label} offers {', '.join(rule.choices)}; got {choice!r}")
            if rule.table_below_beneficiaries and n < rule.table_below_beneficiaries:
                table = msr_from_table(book.msr_table, n)
                msr = Rated(table.value, f"size table below {rule.table_below_beneficiaries:,} beneficiaries, "
                            f"whatever was elected: {table.formula}", rule.source)
            elif choice == "table":
                table = msr_from_table(book.msr_table, n)
                msr = Rated(table.value, f"elected the size table: {table.formula}", rule.source)
            else:
                value = float(choice) / 100
                msr = Rated(value, f"elected {pct(value)} of benchmark", rule.source)
    mlr = None
    if two_sided:
        if model.mlr.method == "same-as-msr":
            mlr = Rated(msr.value, f"equal to the MSR ({pct(msr.value, 3)})", model.mlr.source)
        else:
            mlr = Rated(model.mlr.rate, f"flat {pct(model.mlr.rate)} of benchmark", model.mlr.source)

    # Savings basis: first dollar, or only above a net threshold unless exempt.
    net_threshold = 0.0
    if model.savings_basis == "net-threshold":
        nt = model.net_threshold
        criteria = []
        if s.physician_group_only:
            criteria.append("only ACO professionals in group practices")
        if s.rural_pct >= nt.exemption_rural_pct:
            criteria.append(f"{s.rural_pct:g}% outside a metro area (>= {nt.exemption_rural_pct:g}%)")
        if s.cah_pct >= nt.exemption_cah_pct:
            criteria.append(f"{s.cah_pct:g}% assigned through a CAH (>= {nt.exemption_cah_pct:g}%)")
        if s.fqhc_pct >= nt.exemption_fqhc_pct:
            criteria.append(f"{s.fqhc_pct:g}% with an FQHC/RHC visit (>= {nt.exemption_fqhc_pct:g}%)")
        if n < nt.exemption_max_beneficiaries and criteria:
            basis = Rated(0.0, f"exempt from the net {pct(nt.threshold)} threshold (fewer than "
                               f"{nt.exemption_max_beneficiaries:,} beneficiaries; {criteria[0]}): "
                               "shared from the first dollar", nt.exemption_source)
        else:
            net_threshold = nt.threshold
            why = ("not exempt: no exemption criterion met" if not criteria
                   else f"not exempt: {nt.exemption_max_beneficiaries:,} or more beneficiaries")
            basis = Rated(nt.threshold, f"only savings above {pct(nt.threshold)} of benchmark are shared ({why})",
                          nt.source)
    else:
        basis = Rated(0.0, "shared from the first dollar once savings reach the MSR", model.savings_basis_source)

    # Quality and the final sharing rate.
    quality_method = "scaled"
    if year is not None:
        period = _period(book.quality_method, year)
        quality_method = str(period.value)
    if s.quality_standard == "alternative" and quality_method != "alternative-standard":
        since = book.first_year_of("alternative-standard")
        raise ScenarioError("quality_standard", "the alternative quality standard exists only from "
                                                f"PY{since}" if since else f"{book.short_title} has no alternative standard")
    max_rate = Rated(model.max_sharing_rate.value, f"{pct(model.max_sharing_rate.value)} at full quality",
                     model.max_sharing_rate.source, model.max_sharing_rate.reconstructed)
    q = s.quality_pct / 100
    met = s.quality_standard != "not-met"
    bonus = None
    if model.fqhc_bonus != "none" and s.fqhc_pct > 0:  # no FQHC/RHC participation: no bonus to find
        band = max((b for b in book.fqhc_bonus if b.from_pct <= s.fqhc_pct), key=lambda b: b.from_pct)
        points = band.one_sided_points if model.fqhc_bonus == "one-sided" else band.two_sided_points
        bonus = Rated(points / 100, f"{s.fqhc_pct:g}% FQHC/RHC share: +{points:g} points "
                      f"({model.fqhc_bonus} scale, band from {band.from_pct:g}%)", band.source, band.reconstructed)
    bonus_value = bonus.value if bonus else 0.0
    percentile = _period(book.quality_standard_percentile, year) if year is not None else None
    standard = f"quality standard ({percentile.value:g}th percentile of MIPS scores) met" if percentile else \
        "quality standard met"
    if quality_method == "scaled":
        rate_value = max_rate.value * q + bonus_value
        loss_quality = rate_value
        formula = f"{pct(max_rate.value)} x quality {pct(q, 1)}" + (f" + bonus {pct(bonus_value)}" if bonus else "")
    elif quality_method == "standard-gate":
        rate_value = max_rate.value
        loss_quality = max_rate.value * q
        formula = f"full {pct(max_rate.value)}: {standard}"
    else:
        cap = book.health_equity_bonus_max.value if book.health_equity_bonus_max else 0.0
        heaqps = min(100.0, s.quality_pct + min(s.health_equity_bonus, cap)) / 100
        loss_quality = max_rate.value * heaqps
        if s.quality_standard == "met":
            rate_value = max_rate.value
            formula = f"full {pct(max_rate.value)}: {standard}"
        else:
            rate_value = max_rate.value * heaqps
            formula = (f"{pct(max_rate.value)} x health-equity-adjusted quality {pct(heaqps, 1)} "
                       "(alternative standard met)")
    if not met:  # no method shares savings when the quality standard is missed
        rate_value = 0.0
        formula = "no savings shared: quality standard not met"
    qsource = join_sources(model.max_sharing_rate.source, _period(book.quality_method, year).source if year else "")
    final_rate = Rated(rate_value, formula, qsource, bonus.reconstructed if bonus else False)

    # Shared loss rate and caps.
    loss_rate = loss_cap = None
    loss_basis, loss_basis_source = "first-dollar", ""
    if two_sided:
        lr = model.loss_rate
        if lr.method == "fixed":
            loss_rate = Rated(lr.value, f"fixed {pct(lr.value)}", lr.source)
        else:
            raw = 1 - loss_quality if met else lr.ceiling
            value = min(max(raw, lr.floor), lr.ceiling)
            held = "" if value == raw else f", held at {pct(value)}"
            what = "1 - final sharing rate" if quality_method == "scaled" else f"1 - {pct(max_rate.value)} x quality"
            formula = (f"{what} = {pct(raw, 2)}{held} (allowed {pct(lr.floor)}-{pct(lr.ceiling)})" if met
                       else f"{pct(value)}: the most, as the quality standard was not met")
            loss_rate = Rated(value, formula, lr.source)
        cap = model.loss_cap
        cap_rate = cap.of_benchmark[min(two_sided_year, len(cap.of_benchmark)) - 1]
        by_benchmark = cap_rate * benchmark
        if cap.of_revenue is not None and s.participant_revenue > 0:
            by_revenue = cap.of_revenue * s.participant_revenue
            amount = min(by_revenue, by_benchmark)
            formula = (f"lesser of {pct(cap.of_revenue)} of participant revenue ({usd(by_revenue)}) and "
                       f"{pct(cap_rate)} of benchmark ({usd(by_benchmark)})")
        else:
            amount = by_benchmark
            formula = f"{pct(cap_rate)} of benchmark"
            if len(cap.of_benchmark) > 1:
                formula += f" (two-sided year {two_sided_year})"
            if cap.of_revenue is not None:
                formula += "; participant revenue not given, so the revenue-based limit is not applied"
                notes.append("Participant revenue not given: the loss cap uses the benchmark-based limit only.")
        loss_cap = Rated(amount, formula, cap.source)
        if isinstance(model.loss_basis, OptionRef):
            choice, _ = _option(book, s, model.loss_basis.option)
            loss_basis, loss_basis_source = str(choice.value), choice.source
        else:
            loss_basis, loss_basis_source = model.loss_basis, model.savings_basis_source

    cap_value = model.savings_cap.value
    savings_cap = Rated(cap_value * benchmark, f"{pct(cap_value)} of benchmark", model.savings_cap.source,
                        model.savings_cap.reconstructed)

    sequestration = relief = withhold = None
    if year is not None:
        p = _period(book.sequestration, year)
        if p.value:
            sequestration = Rated(float(p.value), f"payments reduced by {pct(float(p.value))} in PY{year}",
                                  p.source, p.reconstructed)
        auto = _period(book.automatic_loss_relief, year)
        user = s.loss_relief_pct / 100
        combined = 1 - (1 - float(auto.value)) * (1 - user)
        if two_sided and (combined > 0 or auto.reconstructed):
            parts = []
            if auto.value or auto.reconstructed:
                parts.append(f"{pct(float(auto.value))} automatic in PY{year}" + (" (assumed)" if auto.reconstructed else ""))
            if user:
                parts.append(f"{pct(user)} for extreme and uncontrollable circumstances")
            sources = [auto.source] if (auto.value or auto.reconstructed) else []
            if user:
                sources.append(model.relief_source or auto.source)
            relief = Rated(combined, " and ".join(parts), join_sources(*sources), auto.reconstructed)
    elif two_sided and s.loss_relief_pct:
        raise ScenarioError("loss_relief_pct", f"{book.short_title} has no loss relief")
    if model.withhold is not None:
        if isinstance(model.withhold, OptionRef):
            choice, _ = _option(book, s, model.withhold.option)
            withhold = Rated(float(choice.value), f"{pct(float(choice.value))} of earned savings held back "
                             "against future losses", choice.source)
        else:
            withhold = Rated(model.withhold.value, f"{pct(model.withhold.value)} of earned savings held back",
                             model.withhold.source, model.withhold.reconstructed)

    half = model.low_revenue_half_rate
    half_factor = 0.0
    if (half is not None and start_year is not None and start_year >= half.from_agreement_start_year
            and n >= half.min_beneficiaries and met and s.participant_revenue > 0):
        half_factor = half.factor
    threshold = book.high_revenue_threshold.value if book.high_revenue_threshold else 0.0

    return Terms(
        book=book, scenario=s, track_label=track.label, model_label=model.label, two_sided=two_sided,
        two_sided_year=two_sided_year, benchmark=benchmark, msr=msr, mlr=mlr, net_threshold=net_threshold,
        basis=basis, max_rate=max_rate, quality_method=quality_method, quality_standard_met=met,
        bonus=bonus, final_rate=final_rate, loss_rate=loss_rate,
        loss_basis=loss_basis, loss_basis_source=loss_basis_source, savings_cap=savings_cap, loss_cap=loss_cap, sequestration=sequestration,
        relief=relief, withhold=withhold, half_rate_factor=half_factor,
        half_rate_source=half.source if half else "", participant_revenue=s.participant_revenue,
        high_revenue_threshold=threshold, notes=tuple(notes),
    )
