"""What the printed report says besides the window's figures and statement (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.engine import Settlement, Spread, outlook, track_options
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.scenario import INPUTS
from aco_desktop.format import usd
from aco_desktop.view.citations import cite, cite_text, short_source
from aco_desktop.view.outlook import chances_line
from aco_desktop.view.outlook_tables import top_rows
from aco_desktop.view.statement import RECONSTRUCTED, source_labels


def input_text(name: str, value: float) -> str:
    spec = INPUTS[name]
    if spec.unit == "$":
        text = usd(value)
    elif spec.unit == "%":
        text = f"{value:.2f}".rstrip("0").rstrip(".") + "%"
    elif spec.unit == "people":
        text = f"{value:,.0f}"
    else:
        text = f"{value:g}"
    return f"{spec.label} {text}"


def inputs_line(result: Settlement) -> str:
    """The inputs the chosen rules use, in one sentence."""
    s, ignored = result.scenario, ignored_inputs(result.terms, result.scenario)
    parts = [input_text(name, getattr(s, name)) for name in INPUTS
             if name not in ignored and name != "agreement_year"
             and not (name == "participant_revenue" and not s.participant_revenue)]
    if s.msr_election is not None and "msr_election" not in ignored:
        parts.append(f"MSR election {s.msr_election}")
    if s.physician_group_only and "physician_group_only" not in ignored:
        parts.append("physician groups only")
    if "quality_standard" not in ignored and s.quality_standard != "met":
        parts.append(f"quality standard {s.quality_standard}")
    parts += [f"{name} = {choice}" for name, choice in sorted(s.options.items())]
    return "Inputs: " + "; ".join(parts) + "."


def rule_version(result: Settlement) -> str:
    t, s = result.terms, result.scenario
    year = f"performance year {s.performance_year}" if s.performance_year else "no performance year (never in force)"
    track = t.model_label if t.model_label.startswith(t.track_label) else f"{t.track_label}: {t.model_label}"
    return f"{t.book.title}. {track}; {year}; agreement year {s.agreement_year}."


def source_legend(result: Settlement) -> str:
    """The source labels the statement uses, spelled out."""
    names = result.terms.book.sources
    used = dict.fromkeys(label for step in result.steps for label in source_labels(step))
    return "Sources: " + "; ".join(f"{short_source(key, names).rstrip(',')}: {cite_text(names[key])}" for key in used
                                   if key in names and key not in ("definition", RECONSTRUCTED)) + "."


def report_source(step) -> str:
    """A statement row's source cell in print: reconstructed values starred for the footnote."""
    human = cite(step.source.replace("; RECONSTRUCTED", "").replace("RECONSTRUCTED", ""))
    return f"{human}; reconstructed *".lstrip("; ") if step.reconstructed else human


@dataclass(frozen=True)
class ReportTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bold_last: bool = False  # a totals row


@dataclass(frozen=True)
class ReportPage:
    """A further page of the meeting report (e.g. the agreement view's): a title, then paragraphs (str)
    and tables in order."""

    title: str
    blocks: tuple[str | ReportTable, ...]


def outlook_summary(rules, scenario, spread=None, top: int = 4) -> tuple[str, list[tuple[str, ...]]]:
    """The report's outlook: the chances line (with the spread it assumes) and the track chooser's best
    ``top`` rows (a header row first)."""
    spread = spread or Spread()
    o = outlook(rules, scenario, spread)
    source = "yours" if spread.sigma_pp is not None else "the default for the ACO's size"
    line = (f"Outlook (savings rate uncertain, \u03c3 {o.sigma * 100:.2f} pp, {source}"
            f"{', doubled for a bad year' if spread.bad_year else ''}): {chances_line(o)}.")
    return line, top_rows(track_options(rules, scenario, spread), top)
