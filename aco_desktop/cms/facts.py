"""What the readers need to know about the rules, read from the rulebook they are given (never typed here).

Track ids, which tracks are one-sided, the MSR/MLR elections, the size table, agreement lengths and the
years whose loss relief is automatic all come from ``resources/rules/mssp.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.engine import msr_from_table
from aco_desktop.engine.terms.schedule import period_for
from aco_desktop.rules import RuleRegistry, Rulebook

RULEBOOK_ID = "mssp"


def mssp_book(rules: Rulebook | RuleRegistry) -> Rulebook:
    """The rules-in-force rulebook: ``rules`` itself or the registry's ``mssp`` book."""
    return rules if isinstance(rules, Rulebook) else rules[RULEBOOK_ID]


@dataclass(frozen=True)
class BookFacts:
    book: Rulebook

    def has_track(self, track: str) -> bool:
        return track in self.book.tracks

    def one_sided(self, track: str) -> bool:
        book = self.book
        return book.models[book.tracks[track].models[-1]].risk == "one-sided"

    def elections(self, track: str) -> tuple[float, ...]:
        """The elected MSR/MLR choices (fractions) of the track's model; () where there is no election."""
        msr = self.book.models[self.book.tracks[track].models[-1]].msr
        return tuple(float(c) / 100 for c in msr.choices if c != "table")

    def election_for(self, track: str, published_msr: float | None) -> str | None:
        """The election read off the published MSR of a two-sided row; None for one-sided rows."""
        if self.one_sided(track):
            return None
        msr = self.book.models[self.book.tracks[track].models[-1]].msr
        if published_msr is None:
            return msr.default_choice or "table"
        for elected in self.elections(track):
            if abs(published_msr - elected) < 1e-9:
                return f"{100 * elected:.1f}"
        return "table"

    def flat_msr(self, track: str) -> float | None:
        """The track's flat MSR where the rule file gives one (Track 2 before elections)."""
        return self.book.models[self.book.tracks[track].models[-1]].msr.rate

    def table_msr(self, beneficiaries: int) -> float:
        return msr_from_table(self.book.msr_table, beneficiaries).value

    def max_rate(self, track: str) -> float:
        return self.book.models[self.book.tracks[track].models[-1]].max_sharing_rate.value

    def agreement_length(self, track: str, agreement_start: str | None = None) -> int:
        track_ = self.book.tracks[track]
        ext = track_.extension
        if ext is not None and agreement_start in ext.agreement_starts:
            return ext.agreement_length
        return track_.agreement_length

    def automatic_relief(self, year: int) -> float:
        """The share of shared losses the rule file forgives automatically in ``year`` (0 when none)."""
        period = period_for(self.book.automatic_loss_relief, year)
        return float(period.value) if period else 0.0

    def flag_tracks(self, columns: list[str], prefix: str) -> list[tuple[str, str]]:
        """(column, track id) for every track whose flag column ``prefix + id`` (dashes as underscores)
        is in ``columns`` (case-insensitive), in rule-file order."""
        lower = {c.lower(): c for c in columns}
        pairs = []
        for track in self.book.tracks:
            column = (prefix + track.replace("-", "_")).lower()
            if column in lower:
                pairs.append((lower[column], track))
        return pairs
