"""Human citations: a rule file's source labels ("CFR 425.605(d)", "PR p.208", "SEED-003") worded the
way a reader cites them ("42 CFR 425.605(d)", "April 2011 proposed rule, p.208", "law-firm advisory on
the 2011 proposed rule"). Internal labels and file names never reach the screen or the report.
"""

from __future__ import annotations

import re
from typing import Mapping

# Short human forms of the labels the rule files use; a label not here is worded from its [sources]
# text (its first clause, without file names).
_SHORT = {
    "CFR": "42 CFR",
    "PR": "April 2011 proposed rule,",
    "PUF": "CMS results files",
    "PUF-CURRENT": "CMS results files",
    "SEED-003": "law-firm advisory on the 2011 proposed rule",
    "SEED-000": "trade press on the 2014 results",
    "2ND": "CMS rural providers fact sheet (May 2011)",
    "T1PLUS-FS": "CMS Track 1+ fact sheet (2017)",
    "NATLAW-2018": "National Law Review (Dec 2018)",
    "MILLIMAN-2022": "Milliman on the CY2023 fee schedule rule",
    "REPAY-2ND": "secondary source on repayment mechanisms",
    "NAACOS-2014": "NAACOS survey (Jan 2014)",
    "definition": "definition",
    "decision": "project decision (sources silent)",
    "RECONSTRUCTED": "reconstructed (no source)",
}
_FILE_NAMES = re.compile(r"\s*\([^)]*(?:\.md|\.csv|/)[^)]*\)")


def short_source(label: str, sources: Mapping[str, str]) -> str:
    """A label's short human form."""
    if label in _SHORT:
        return _SHORT[label]
    text = _FILE_NAMES.sub("", sources.get(label, label))
    return re.split(r"[:;]", text, maxsplit=1)[0].strip() or label


def cite(source: str, sources: Mapping[str, str] | None = None) -> str:
    """A step's source field ('CFR 425.605(b); PUF') as a human citation
    ('42 CFR 425.605(b); CMS results files'); repeated citations are given once."""
    parts = []
    for part in source.split(";"):
        label, _, rest = part.strip().partition(" ")
        if not label:
            continue
        short = short_source(label, sources or {})
        parts.append(f"{short} {rest.strip()}".strip() if rest.strip() else short.rstrip(","))
    return "; ".join(dict.fromkeys(parts))


def cite_text(text: str, sources: Mapping[str, str] | None = None) -> str:
    """Free text (a notice, a note) with any internal label in it replaced by its human form."""
    for label in sorted(_SHORT, key=len, reverse=True):
        if label in ("definition", "decision", "CFR", "PR", "PUF"):
            continue  # ordinary words or already readable
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", _SHORT[label].rstrip(","), text)
    return _FILE_NAMES.sub("", text).replace("rules-reference.md", "the project's rule notes")
