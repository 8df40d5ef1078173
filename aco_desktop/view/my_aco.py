"""Your ACO from CMS's results, Qt-free: result lines, where each filled input came from, the published
amount beside the app's, the history series, the peers' marks and the spread offered for next year.

The window's "Find my ACO" feature (``ui.features.my_aco``) only draws what this module returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aco_desktop.cms.directory import History, Peers, cleared_msr
from aco_desktop.cms.exceptions import known_exception
from aco_desktop.cms.reproduce import within_tolerance
from aco_desktop.cms.table import AcoYear
from aco_desktop.format import usd

RESULTS_SHOWN = 50  # more than a person reads in a list; the count says how many more matched

# The inputs the note names, in reading order: (scenario field, what the user calls it).
NOTE_FIELDS = (("beneficiaries", "beneficiaries"), ("benchmark_per_capita", "benchmark"),
               ("savings_pct", "savings"), ("quality_pct", "quality"), ("msr_election", "MSR"))


def result_line(item: AcoYear) -> str:
    """One line of the results list: year, ID, name, state, track/level and size."""
    r = item.record
    ident = f"{r.aco_id}  " if r.aco_id else ""
    state = f" ({item.state})" if item.state else ""
    return f"PY{r.performance_year}  {ident}{r.aco_name}{state}  -  {r.track}, {r.beneficiaries:,} beneficiaries"


def results_summary(query: str, shown: int, matched: int, searched: int) -> str:
    if not query.strip():
        return f"Type a word of the name, an ACO ID (A1001) or a state (NJ): {searched:,} ACO-years." \
            if searched else "Type a word of the name, an ACO ID (A1001) or a state (NJ)."
    if not matched:
        return f"No ACO-year matches {query.strip()!r} (searched {searched:,} by ID, state and name)."
    if shown < matched:  # two lines at most in the dock: its height stays put while the user types
        return f"{matched:,} ACO-years match; {shown} listed, {matched - shown:,} more: type more of the name."
    return f"{matched:,} ACO-year{'s' if matched > 1 else ''} match: Enter or a double-click fills the scenario."


def _column(source: str) -> str:
    """'N_AB (file.csv line 3)' -> 'N_AB': the CMS column(s), without the file, line or explanation."""
    text = source.rsplit(" (", 1)[0] if source.endswith(")") else source
    return text if text.startswith("(") else text.split(" (", 1)[0].split(": ", 1)[0]


def fill_note(item: AcoYear, sources: dict[str, str]) -> str:
    r = item.record
    named = ", ".join(f"{label} ({_column(sources[field])})" for field, label in NOTE_FIELDS if field in sources)
    return (f"Filled from CMS PY{r.performance_year} results ({Path(r.path).name} line {r.line}): {named}. "
            f"Hover for every input's source.")


def document_name(item: AcoYear) -> str:
    """The untitled document a fill makes: the window's title and Save's suggested file name."""
    return f"{item.name} PY{item.year}"


def document_source(item: AcoYear) -> str:
    """Where the filled numbers come from, kept in every saved copy (as a preset's citation is)."""
    r = item.record
    ident = f", ACO_ID {r.aco_id}" if r.aco_id else ""
    return f"CMS MSSP PY{r.performance_year} ACO results{ident} ({Path(r.path).name} line {r.line})"


def sources_tooltip(sources: dict[str, str]) -> str:
    return "\n".join(f"{field}: {text}" for field, text in sources.items())


def comparison(item: AcoYear, computed: float) -> str:
    """'CMS published $X; the app computes $Y' and whether they agree (or the known reason they do not)."""
    published = item.record.published_earned
    app = f"the app computes {usd(computed)}"
    if published is None:
        return f"CMS published no earned amount for PY{item.year} in this file; {app}."
    text = f"CMS published {usd(published)}; {app}"
    if within_tolerance(computed, published):
        return f"{text}: they agree (within $5 or 0.2%)."
    reason = known_exception(item.record)
    gap = usd(computed - published)
    if reason:
        return f"{text}: they differ by {gap}, a known case: {reason}."
    return f"{text}: they differ by {gap}; no known reason (please report it)."


def agrees(item: AcoYear, computed: float) -> bool:
    published = item.record.published_earned
    return published is not None and within_tolerance(computed, published)


# ----------------------------------------------------------------------------- history

@dataclass(frozen=True)
class HistorySeries:
    years: np.ndarray
    savings_pct: np.ndarray
    msr_pct: np.ndarray  # NaN where the file gives no MSR
    earned: np.ndarray  # dollars; NaN where none was published
    title: str
    spread_text: str
    spread: float | None  # fraction: the SD of the ACO's own year-to-year changes
    spread_short: str = ""


def _spread_short(history: History) -> str:
    if history.spread is None:
        return f"{len(history.changes)} year-to-year change(s): too few for a spread of its own."
    return (f"Own spread for next year: {100 * history.spread:.2f} pp (SD of its {len(history.changes)} "
            f"year-to-year changes of the savings rate).")


def history_series(history: History) -> HistorySeries:
    years = history.years
    name = years[-1].name if years else history.aco
    nan = float("nan")
    return HistorySeries(
        years=np.array([y.year for y in years], dtype=float),
        savings_pct=np.array([100 * y.savings_rate for y in years]),
        msr_pct=np.array([nan if y.msr is None else 100 * y.msr for y in years]),
        earned=np.array([nan if y.earned is None else y.earned for y in years]),
        title=f"{name}: {len(years)} performance years",
        spread_short=_spread_short(history),
        spread_text=history.describe_spread(), spread=history.spread)


def spread_message(series: HistorySeries, taken: bool) -> str:
    """What the window says when the user offers the ACO's own spread to the outlook."""
    if series.spread is None:
        return "Too few consecutive years for a spread of this ACO's own; the size-based default stays."
    value = f"{100 * series.spread:.2f} pp"
    if taken:
        return f"Next year's spread set to {value}: the SD of this ACO's own year-to-year changes."
    return (f"This ACO's own spread is {value} (SD of its year-to-year changes); the outlook is not in "
            f"this window, so nothing uses it yet.")


# ----------------------------------------------------------------------------- peers

@dataclass(frozen=True)
class PeerMarks:
    x_cleared: np.ndarray  # savings rate, percent: peers that cleared their MSR
    x_short: np.ndarray  # peers that did not
    summary: str
    cleared: int
    total: int


def peer_marks(peers: Peers) -> PeerMarks:
    cleared = [100 * p.record.savings_rate for p in peers.peers if cleared_msr(p.record)]
    short = [100 * p.record.savings_rate for p in peers.peers if not cleared_msr(p.record)]
    return PeerMarks(np.array(cleared, dtype=float), np.array(short, dtype=float), peers.summary,
                     peers.cleared, len(peers.peers))


def peers_label(marks: PeerMarks) -> str:
    if not marks.total:
        return "No ACOs of similar size on the same track that year."
    return f"{marks.summary}. Ticks on the payoff chart: the peers' savings rates, green if they cleared."


PEERS_TIP = ("Similar ACOs: the same year and track/level, beneficiaries within a factor of 1.5. Ticks on the "
             "payoff chart's savings axis (View > Show peers): green cleared their MSR, grey did not.")
