"""The shape of a rule file, as frozen pydantic models.

Every rule value carries ``source`` (a label defined in the file's ``[sources]`` table, plus a page or
section) and ``reconstructed`` (true where no source we hold gives the value: the app must say so
wherever it shows it). Unknown keys are rejected so a typo in a rule file cannot pass silently.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aco_desktop.rules.values import Amount, Percent, PositiveRate, Rate, check_percent, check_rate


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sourced(_Frozen):
    """A single rule value and where it comes from (a finite number of at least 0)."""

    value: Amount
    source: str = Field(min_length=1)
    reconstructed: bool = False
    note: str = ""


class SourcedRate(Sourced):
    """A rule value that is a rate, from 0 to 1."""

    value: Rate


class Period(_Frozen):
    """A value in force for performance years ``from_year`` .. ``to_year`` (inclusive)."""

    from_year: int
    to_year: int
    value: float | str
    source: str = Field(min_length=1)
    reconstructed: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.to_year < self.from_year:
            raise ValueError(f"to_year {self.to_year} is before from_year {self.from_year}")
        return self


class MsrTableRow(_Frozen):
    first: int = Field(ge=1)
    last: int
    msr_at_first: Rate
    msr_at_last: Rate

    @model_validator(mode="after")
    def _ordered(self) -> "MsrTableRow":
        if self.last < self.first:
            raise ValueError(f"last {self.last} is before first {self.first}")
        if self.msr_at_last > self.msr_at_first:
            raise ValueError("the MSR must not rise with size within a row")
        return self


class MsrTable(_Frozen):
    """One-sided minimum savings rate by assigned beneficiaries, linear within a row."""

    source: str
    note: str = ""
    rows: list[MsrTableRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> "MsrTable":
        for before, after in zip(self.rows, self.rows[1:]):
            if after.first != before.last + 1:
                raise ValueError(f"rows must be contiguous: {before.last} is followed by {after.first}")
            if after.msr_at_first > before.msr_at_last:
                raise ValueError(f"the MSR must not rise with size: row from {after.first} starts above "
                                 "the row before it ends")
        return self


class BonusBand(_Frozen):
    """FQHC/RHC bonus in percentage points for a band of the FQHC/RHC share (percent, lower bound)."""

    from_pct: Percent
    one_sided_points: Percent
    two_sided_points: Percent
    source: str
    reconstructed: bool = False


class OptionChoice(_Frozen):
    label: str
    value: float | str
    source: str


class RuleOption(_Frozen):
    """A point where the sources disagree: a switch the user can flip (the file names the default)."""

    label: str
    explanation: str
    default: str
    choices: dict[str, OptionChoice] = Field(min_length=2)

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> "RuleOption":
        if self.default not in self.choices:
            raise ValueError(f"default {self.default!r} is not one of {sorted(self.choices)}")
        return self


class OptionRef(_Frozen):
    """A model value chosen by a rule option instead of written in place."""

    option: str


class NetThreshold(_Frozen):
    """Share savings only above ``threshold`` x benchmark, unless the ACO meets an exemption."""

    threshold: Rate
    source: str
    exemption_max_beneficiaries: int = Field(ge=1, description="exempt only with fewer beneficiaries than this")
    exemption_rural_pct: Percent
    exemption_cah_pct: Percent
    exemption_fqhc_pct: Percent
    exemption_source: str


class Msr(_Frozen):
    """How the minimum savings rate is set.

    ``table``: the size table; ``flat``: ``rate``; ``elected``: the ACO's election among ``choices``
    (percent strings or "table"), except for agreements that started before ``elected_from_start_year``,
    which have ``rate``.
    """

    method: Literal["table", "flat", "elected"]
    rate: Rate | None = None
    choices: list[str] = []
    default_choice: str | None = None
    elected_from_start_year: int | None = None
    table_below_beneficiaries: int | None = Field(
        default=None, description="below this many beneficiaries the size table applies whatever was elected"
    )
    source: str
    reconstructed: bool = False

    @model_validator(mode="after")
    def _complete(self) -> "Msr":
        if self.method == "flat" and self.rate is None:
            raise ValueError("a flat MSR needs 'rate'")
        if self.method == "elected":
            if not self.choices or self.default_choice not in self.choices:
                raise ValueError("an elected MSR needs 'choices' and a 'default_choice' among them")
            for choice in self.choices:
                if choice != "table":
                    check_percent(float(choice))  # raises with the bad text named
        return self


class Mlr(_Frozen):
    method: Literal["same-as-msr", "flat"]
    rate: Rate | None = None
    source: str

    @model_validator(mode="after")
    def _complete(self) -> "Mlr":
        if self.method == "flat" and self.rate is None:
            raise ValueError("a flat MLR needs 'rate'")
        return self


class LossRate(_Frozen):
    """Shared loss rate: fixed, or one minus the final sharing rate held within [floor, ceiling]."""

    method: Literal["fixed", "one-minus-sharing"]
    value: Rate | None = None
    quality_rate: PositiveRate | None = None  # 1 - this x quality (ENHANCED 0.75), not 1 - max sharing x quality
    floor: Rate = 0.0
    ceiling: Rate = 1.0
    source: str
    note: str = ""

    @model_validator(mode="after")
    def _complete(self) -> "LossRate":
        if self.method == "fixed" and self.value is None:
            raise ValueError("a fixed loss rate needs 'value'")
        if self.floor > self.ceiling:
            raise ValueError(f"floor {self.floor} is above ceiling {self.ceiling}")
        return self


class LossCap(_Frozen):
    """Most the ACO can owe: ``of_benchmark`` by two-sided year (the last repeats), and, where a
    revenue-based cap applies, the lesser of that and ``of_revenue`` x participant revenue."""

    of_benchmark: list[PositiveRate] = Field(min_length=1)
    of_revenue: PositiveRate | None = None
    source: str


class HalfRate(_Frozen):
    """Low-revenue ACOs below their MSR but below benchmark share at a fraction of the rate."""

    factor: Rate
    from_agreement_start_year: int
    min_beneficiaries: int = Field(ge=1)
    source: str


class Model(_Frozen):
    """The financial terms of one risk model (what a track applies in a given agreement year)."""

    label: str
    risk: Literal["one-sided", "two-sided"]
    msr: Msr
    mlr: Mlr | None = None
    savings_basis: Literal["first-dollar", "net-threshold"] = "first-dollar"
    savings_basis_source: str = Field(min_length=1, description="where the savings basis comes from")
    net_threshold: NetThreshold | None = None
    max_sharing_rate: SourcedRate
    fqhc_bonus: Literal["none", "one-sided", "two-sided"] = "none"
    savings_cap: SourcedRate
    loss_rate: LossRate | None = None
    loss_cap: LossCap | None = None
    loss_basis: Literal["first-dollar", "above-mlr"] | OptionRef = "first-dollar"
    relief_source: str = Field(default="", description="rule for extreme and uncontrollable circumstances")
    withhold: SourcedRate | OptionRef | None = None
    low_revenue_half_rate: HalfRate | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Model":
        if self.risk == "two-sided":
            missing = [n for n in ("mlr", "loss_rate", "loss_cap") if getattr(self, n) is None]
            if missing:
                raise ValueError(f"a two-sided model needs {', '.join(missing)}")
        if self.savings_basis == "net-threshold" and self.net_threshold is None:
            raise ValueError("savings_basis 'net-threshold' needs a [net_threshold] table")
        return self


class AgreementExtension(_Frozen):
    """Agreements that began in one of ``agreement_starts`` ("YYYY-MM") ran ``agreement_length`` years."""

    agreement_starts: list[str] = Field(min_length=1)
    agreement_length: int = Field(ge=1, le=10)
    source: str = Field(min_length=1)
    note: str = ""


class Track(_Frozen):
    label: str
    description: str
    models: list[str] = Field(min_length=1, description="model per agreement year; the last one repeats")
    agreement_length: int = Field(ge=1, le=10)
    first_year: int | None = None
    last_year: int | None = None
    years_source: str = ""
    min_beneficiaries: int = Field(default=1, ge=1)
    extension: AgreementExtension | None = None

    def longest_agreement(self) -> int:
        return max(self.agreement_length, self.extension.agreement_length if self.extension else 0)


class AgreementFact(Sourced):
    """A multi-year rule value ([agreement.*]): an amount, or a rate (``rate``: at most 1), for ``tracks`` (empty:
    all); a glide path gives ``levels`` (track ids allowed by agreement year) and ``hold`` (years a level may stay)."""
    value: Amount = 0.0
    rate: bool = False
    tracks: list[str] = []
    levels: list[list[str]] = Field(default=[], max_length=10)
    hold: list[int] = []

    @model_validator(mode="after")
    def _rate_at_most_one(self) -> "AgreementFact":
        if self.rate:
            check_rate(self.value)
        return self


class Rulebook(_Frozen):
    id: str
    title: str
    short_title: str
    in_force: bool
    summary: str
    notes: list[str] = []
    sources: dict[str, str] = Field(min_length=1)
    msr_table: MsrTable
    fqhc_bonus: list[BonusBand] = []
    options: dict[str, RuleOption] = {}
    models: dict[str, Model] = Field(min_length=1)
    tracks: dict[str, Track] = Field(min_length=1)
    # Schedules by performance year (rulebooks that have performance years only).
    sequestration: list[Period] = []
    quality_method: list[Period] = []
    automatic_loss_relief: list[Period] = []
    quality_standard_percentile: list[Period] = []
    health_equity_bonus_max: Sourced | None = None  # points
    high_revenue_threshold: SourcedRate | None = None
    agreement: dict[str, AgreementFact] = {}  # multi-year rules: engine/agreement.py, repayment.py, costs.py
    advance_investment_recoupment: Sourced | None = None  # value: first performance year of recoupment

    def model_for(self, track: str, agreement_year: int) -> Model:
        """The model a track applies in an agreement year (its last model repeats)."""
        models = self.tracks[track].models
        return self.models[models[min(agreement_year, len(models)) - 1]]

    def first_year_of(self, quality_method: str) -> int | None:
        """The first performance year a quality method applies (e.g. the alternative standard)."""
        years = [p.from_year for p in self.quality_method if p.value == quality_method]
        return min(years) if years else None

    @property
    def has_performance_years(self) -> bool:
        return any(t.first_year is not None for t in self.tracks.values())

    @property
    def years(self) -> range:
        firsts = [t.first_year for t in self.tracks.values() if t.first_year is not None]
        lasts = [t.last_year for t in self.tracks.values() if t.last_year is not None]
        return range(min(firsts), max(lasts) + 1) if firsts else range(0)

    @model_validator(mode="after")
    def _references_resolve(self) -> "Rulebook":
        for name, track in self.tracks.items():
            for model in track.models:
                if model not in self.models:
                    raise ValueError(f"tracks.{name}.models names unknown model {model!r}")
            if (track.first_year is None) != (track.last_year is None):
                raise ValueError(f"tracks.{name}: give both first_year and last_year, or neither")
        for name, model in self.models.items():
            for field in ("loss_basis", "withhold"):
                ref = getattr(model, field)
                if isinstance(ref, OptionRef) and ref.option not in self.options:
                    raise ValueError(f"models.{name}.{field} names unknown option {ref.option!r}")
            if model.fqhc_bonus != "none" and not self.fqhc_bonus:
                raise ValueError(f"models.{name} uses an FQHC/RHC bonus but the file has no [[fqhc_bonus]]")
        used = {part.split()[0] for s in self._all_sources() for part in s.split(";") if part.strip()}
        unknown = sorted(u for u in used if u not in self.sources)
        if unknown:
            raise ValueError(f"source labels not defined in [sources]: {', '.join(unknown)}")
        for schedule in ("sequestration", "automatic_loss_relief", "quality_standard_percentile"):
            for i, period in enumerate(getattr(self, schedule)):
                check = check_percent if schedule == "quality_standard_percentile" else check_rate
                try:
                    check(float(period.value))
                except (TypeError, ValueError) as exc:
                    raise ValueError(f"{schedule}[{i}].value {exc}") from None
        if self.has_performance_years:
            for schedule in ("sequestration", "quality_method", "automatic_loss_relief"):
                periods = getattr(self, schedule)
                covered = {y for p in periods for y in range(p.from_year, p.to_year + 1)}
                gaps = [y for y in self.years if y not in covered]
                if gaps:
                    raise ValueError(f"{schedule} does not cover performance years {gaps}")
        return self

    def _all_sources(self) -> list[str]:
        found: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, BaseModel):
                for key in type(node).model_fields:
                    value = getattr(node, key)
                    if key.endswith("source") and isinstance(value, str) and value:
                        found.append(value)
                    else:
                        walk(value)
            elif isinstance(node, (list, tuple)):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                for item in node.values():
                    walk(item)

        walk(self)
        return found
