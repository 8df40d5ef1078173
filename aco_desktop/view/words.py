"""The sentences the window shows: a scenario's short name, the headline, notices, the window title."""

from __future__ import annotations

from aco_desktop import APP_NAME
from aco_desktop.engine import Settlement, Terms
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.format import pct, usd
from aco_desktop.view.citations import cite_text
from aco_desktop.view.effects import rule_effects


def describe(rules: RuleRegistry, s: Scenario) -> str:
    """A short name for a scenario: '2011 proposed rule, Track 1 (agreement year 1)'."""
    book = rules[s.rules]
    track = book.tracks[s.track].label
    year = f" PY{s.performance_year}" if s.performance_year else ""
    return f"{book.short_title}{year}, {track} (agreement year {s.agreement_year})"


def tag(rules: RuleRegistry, s: Scenario) -> str:
    """A scenario in a few words, for a chart's key: 'BASIC A PY2026, 4% savings, quality 90%'."""
    book = rules[s.rules]
    year = f" PY{s.performance_year}" if s.performance_year else f" ({book.short_title})"
    return f"{book.tracks[s.track].label}{year}, {s.savings_pct:g}% savings, quality {s.quality_pct:g}%"


def headline(rules: RuleRegistry, r: Settlement) -> str:
    """One rich-text sentence: who the ACO is, what it saved, and what the settlement is."""
    s = r.scenario
    if r.earned > 0.5:
        what = f"<b>CMS pays the ACO {usd(r.earned)}</b>"
        if r.withheld:
            what += f" ({usd(r.paid_now)} now, {usd(r.withheld)} withheld)"
    elif r.earned < -0.5:
        what = f"<b>The ACO owes CMS {usd(-r.earned)}</b>"
    else:
        what = "<b>Nothing is shared</b>"
    saving = "saves" if s.savings_pct >= 0 else "overspends"
    effects = rule_effects(r)
    why = f"<br><b>{'. '.join(effects)}.</b>" if effects else ""
    return (f"{describe(rules, s)}: an ACO of {s.beneficiaries:,} beneficiaries that {saving} "
            f"{abs(s.savings_pct):g}% of its {usd(r.benchmark)} benchmark ({usd(abs(r.gross_savings))}), "
            f"MSR {pct(r.msr)}: {what}.{why}")


def notice(terms: Terms, r: Settlement) -> str:
    """What the user must know about the numbers shown (reconstructed values, rule notes); '' if nothing."""
    reconstructed = [st.label for st in r.steps if st.reconstructed]
    notes = [cite_text(note) for note in terms.notes]
    if reconstructed:
        notes.insert(0, f"Reconstructed values used ({', '.join(reconstructed)}): no source we hold gives "
                        "them; see the statement's Source column.")
    return "\n".join(notes)


def window_title(name: str, dirty: bool) -> str:
    return f"{'*' if dirty else ''}{name} - {APP_NAME}"


def skipped_rules(skipped: dict[str, str]) -> str:
    """'Skipped rule file x.toml: why.' for each rule file that could not be loaded; '' if none."""
    if not skipped:
        return ""
    def reason(name: str, why: str) -> str:  # the loader's message starts with the file's path: said already
        where, sep, rest = why.partition(": ")
        return rest if sep and where.endswith(name) else why

    lines = [f"Skipped rule file {name}: {reason(name, why)}" for name, why in sorted(skipped.items())]
    return "\n".join(lines) + "\nThe other rule files work; scenarios that need a skipped file cannot be opened."


def recovery_question(rules: RuleRegistry, name: str, s: Scenario) -> str:
    what = name or describe(rules, s)
    return (f"{APP_NAME} stopped unexpectedly last time. Restore the scenario that was on screen?\n\n"
            f"{what}: savings {s.savings_pct:g}%, quality {s.quality_pct:g}%, {s.beneficiaries:,} beneficiaries.")
