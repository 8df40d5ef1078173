"""Rule values out of their range are refused when the file loads, naming the file, the field and the range
(a NaN, negative or 50-instead-of-0.50 rate, or an infinite cap, used to load and then crash or print NaN)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aco_desktop.rules import RuleFileError, RuleRegistry, load_rulebook_file
from aco_desktop.rules.loader import rules_dir

SHARING = 'max_sharing_rate = { value = 0.50, source = "PR p.208" }'

# name: (original text, replacement, what the message must say)
BAD_VALUES = {
    "rate_as_percent": (SHARING, SHARING.replace("0.50", "50"), ("max_sharing_rate.value", "from 0 to 1", "50")),
    "negative_rate": (SHARING, SHARING.replace("0.50", "-0.5"), ("max_sharing_rate.value", "from 0 to 1")),
    "nan_rate": (SHARING, SHARING.replace("0.50", "nan"), ("max_sharing_rate.value", "from 0 to 1", "nan")),
    "infinite_cap": ("savings_cap = { value = 0.075,", "savings_cap = { value = inf,", ("savings_cap.value", "from 0 to 1")),
    "zero_loss_cap": ("of_benchmark = [0.05,", "of_benchmark = [0.0,", ("loss_cap.of_benchmark", "above 0")),
    "msr_rises_with_size": ("{ first = 6000, last = 6999, msr_at_first = 0.036",
                            "{ first = 6000, last = 6999, msr_at_first = 0.046", ("msr_table", "must not rise")),
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_out_of_range_rule_value_is_refused_with_file_field_and_range(name: str, tmp_path: Path) -> None:
    original_part, broken_part, expected = BAD_VALUES[name]
    text = (rules_dir() / "proposed-2011.toml").read_text(encoding="utf-8")
    assert original_part in text, "the test must change the real file"
    path = tmp_path / "proposed-2011.toml"
    path.write_text(text.replace(original_part, broken_part, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rulebook_file(path)
    message = str(info.value)
    assert "proposed-2011.toml" in message and all(part in message for part in expected), message


def test_a_bad_rule_file_is_skipped_with_its_reason_when_not_strict(tmp_path: Path) -> None:
    for path in rules_dir().glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "proposed-2011.toml"
    broken.write_text(broken.read_text(encoding="utf-8").replace(SHARING, SHARING.replace("0.50", "50")))
    lenient = RuleRegistry.load(tmp_path, strict=False)
    assert list(lenient) == ["mssp"]
    assert "from 0 to 1" in lenient.skipped["proposed-2011.toml"]
    with pytest.raises(RuleFileError, match="proposed-2011.toml"):
        RuleRegistry.load(tmp_path)
    with pytest.raises(RuleFileError, match="unknown rulebook 'proposed-2011'; available: mssp"):
        lenient["proposed-2011"]
