"""Every bad scenario file is refused with one clear line, by the reader and by the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from aco_desktop.cli import main
from aco_desktop.session.files import MAX_FILE_BYTES, ScenarioFileError, read_scenario_file

from ..conftest import REPO
from ..conftest import RULES

BAD = REPO / "tests" / "data" / "bad_scenarios"

# file -> a substring its message must contain
EXPECTED = {
    "agreement-year-beyond-track.json": "scenario.agreement_year: Track 1 agreements last 3 years: 1 to 3; got 4",
    "array.json": "expected a JSON object {...} at the top level; found an array",
    "binary.json": "a binary file, not a scenario file",
    "bom-garbage.json": "not valid JSON: Expecting value at line 1, column 1",
    "duplicate-key.json": "key 'savings_pct' appears twice",
    "empty.json": "the file is empty",
    "extra-scenario-key.json": 'unknown key "scenario.savings"',
    "extra-unknown-key.json": 'unknown key "colour"',
    "float-beneficiaries.json": "scenario.beneficiaries: Input should be a valid integer; got 20000.5",
    "infinity.json": '"benchmark_per_capita" is Infinity',
    "latin-1.json": "not UTF-8 text (byte 0xe9",
    "missing-scenario.json": '"scenario" is missing',
    "nan.json": '"savings_pct" is NaN',
    "negative-beneficiaries.json": "scenario.beneficiaries must be 1 to 1,000,000 people; got -5",
    "newer-schema.json": "made by a newer version of ACO What-If Explorer (schema 3); this version reads up to 2",
    "no-schema-version.json": 'no "schema_version"',
    "null-for-number.json": "scenario.quality_pct: Input should be a valid number; got None",
    "other-app.json": "\"app\" is 'excel'",
    "quality-150.json": "scenario.quality_pct must be 0 to 100 percent; got 150",
    "savings-out-of-range.json": "scenario.savings_pct must be -100 to 100 percent; got -250",
    "scenario-not-object.json": '"scenario" must be a JSON object',
    "schema-version-string.json": '"schema_version" must be a whole number',
    "schema-version-zero.json": 'unknown "schema_version" 0',
    "string-for-number.json": "scenario.savings_pct: Input should be a valid number; got '3'",
    "syntax-missing-comma.json": "not valid JSON: Expecting ',' delimiter at line 4, column 3",
    "too-few-beneficiaries.json": "scenario.beneficiaries: Track 1 needs at least 5,000 assigned beneficiaries",
    "track-outside-its-years.json": "scenario.performance_year: BASIC level E did not exist in performance year 2016",
    "truncated.json": "the JSON ends too early at line 14, column 3 (the file is cut short)",
    "two-problems.json": "(and 1 more problem)",
    "unknown-option-choice.json": "scenario.options: withhold must be one of 25, 20; got '50'",
    "unknown-quality-standard.json": "scenario.quality_standard: Input should be 'met', 'alternative' or 'not-met'",
    "unknown-rulebook.json": "scenario.rules: unknown rulebook 'mssp-2030'; this version knows mssp, proposed-2011",
    "unknown-track.json": "scenario.track: 'track-9' is not a track of",
    "v1-out-of-range.json": "savings_percent must be -100 to 100 percent; got 300",
    "whitespace-only.json": "the file is empty",
    "wrong-type-bool.json": "scenario.physician_group_only: Input should be a valid boolean; got 'yes'",
}


def _generated(tmp_path: Path) -> dict[Path, str]:
    """Bad inputs made on the fly: too big to commit, or not files at all."""
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.write(b'{"schema_version": 2, "app": "aco-desktop", "note": "')
        handle.write(b"x" * (MAX_FILE_BYTES + 10))
        handle.write(b'"}')
    deep = tmp_path / "deeply-nested.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    return {
        huge: "too large for a scenario file",
        deep: "nested too deeply",
        folder: "it is a folder",
        tmp_path / "missing.json": "no such file",
    }


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir()}
    assert on_disk == set(EXPECTED), "every bad file needs an expected message, and every message a file"
    assert len(on_disk) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reader_refuses_with_one_clear_line(name: str) -> None:
    with pytest.raises(ScenarioFileError) as caught:
        read_scenario_file(BAD / name, RULES)
    message = str(caught.value)
    assert EXPECTED[name] in message
    assert message.startswith(str(BAD / name) + ": ")  # names the file
    assert "\n" not in message and len(message) < 400


def test_generated_bad_inputs(tmp_path: Path) -> None:
    for path, needle in _generated(tmp_path).items():
        with pytest.raises(ScenarioFileError) as caught:
            read_scenario_file(path, RULES)
        assert needle in str(caught.value) and str(path) in str(caught.value)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    huge = tmp_path / "sparse.json"
    with huge.open("wb") as handle:  # 5 GB apparent size, nothing written: reading it whole would hurt
        handle.truncate(5_000_000_000)
    with pytest.raises(ScenarioFileError, match="5,000,000,000 bytes; the limit is 1,000,000"):
        read_scenario_file(huge, RULES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_command_line_exits_2_with_one_line(name: str, capsys) -> None:
    assert main(["settle", "--scenario", str(BAD / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("aco-desktop: error: --scenario: ") and EXPECTED[name] in lines[0]


def test_command_line_generated_bad_inputs_in_a_real_process(tmp_path: Path) -> None:
    for path, needle in _generated(tmp_path).items():
        proc = subprocess.run([sys.executable, "-m", "aco_desktop", "settle", "--scenario", str(path), "--json"],
                              capture_output=True, text=True, cwd=REPO, timeout=60)
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.splitlines()) == 1 and needle in proc.stderr
