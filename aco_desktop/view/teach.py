"""The teaching features' words and choices, Qt-free: which inputs presentation mode keeps and how much
larger its type is, and which plot items draw each tour layer (``aco_desktop.guide.LAYERS``)."""

from __future__ import annotations

from html import escape

PRESENTATION_INPUTS = ("savings_pct", "quality_pct", "beneficiaries")
PRESENTATION_SCALE = 2.2  # fonts x2.2: figures readable from the back of a room on a 1080p projector

# Tour layer -> attribute names of the payoff plot's items (ui/panels/payoff.py). "expected" and "spread"
# are drawn by the outlook feature, when installed: looked up in ``plot.items_by_layer``.
LAYER_ITEMS: dict[str, tuple[str, ...]] = {
    "curve": ("earn_curve", "owe_curve", "flat_curve"),
    "marker": ("marker", "marker_label"),
    "msr": ("msr_line",),
    "mlr": ("mlr_line",),
    "corridor": ("corridor", "corridor_label"),
    "net_threshold": ("net_line",),
    "savings_cap": ("cap_line",),
    "loss_cap": ("loss_cap_line",),
}


def step_heading(number: int, count: int, title: str) -> str:
    return f"Step {number} of {count}: {title}"


TOUR_KEYS_HINT = "Keys: Right, PageDown or Space next; Left or PageUp back; Esc ends the tour."


def plain_label(text: str) -> str:
    """A form label as the glossary knows it: 'Performance &year:' -> 'Performance year'."""
    return text.replace("&", "").strip().rstrip(":").strip()


def term_html(term, titles: dict[str, str] | None = None) -> str:
    """A glossary entry as the What's This text and the glossary window show it."""
    see = ", ".join((titles or {}).get(ref, ref) for ref in term.see)
    also = f" (also: {escape(', '.join(term.aliases))})" if term.aliases else ""
    lines = [f"<h3>{escape(term.term)}</h3>", f"<p>{escape(term.definition)}</p>",
             f"<p><i>Source: {escape(term.source)}</i>{also}</p>"]
    if see:
        lines.append(f"<p>See also: {escape(see)}</p>")
    return "".join(lines)


def howto_html(howtos) -> str:
    parts = []
    for question in howtos:
        steps = "".join(f"<li>{escape(step)}</li>" for step in question.steps)
        parts.append(f"<h3>{escape(question.title)}</h3><ol>{steps}</ol>")
    return "".join(parts)


REFORM_INK = "#8e44ad"  # the reform's curve: purple, apart from the law's green/red and the baseline's grey
REFORM_DEFAULT_ID = "{book}-reform"
