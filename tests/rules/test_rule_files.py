"""Every shipped rule file validates; every broken one fails with its file and field named."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from aco_desktop.rules import RuleFileError, RuleRegistry, load_rulebook_file
from aco_desktop.rules.loader import rules_dir
from aco_desktop.rules.schema import Rulebook
from ..conftest import RULES

SHIPPED = sorted(rules_dir().glob("*.toml"))


def test_both_rulebooks_ship() -> None:
    assert {p.stem for p in SHIPPED} == {"mssp", "proposed-2011"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_rule_file_validates_and_every_value_has_a_source(path: Path) -> None:
    book = load_rulebook_file(path)
    sources = book._all_sources()
    assert sources and all(s.strip() for s in sources)
    # Values the reference marks RECONSTRUCTED stay marked: the FQHC/RHC steps below 41%.
    if book.id == "proposed-2011":
        assert [b.reconstructed for b in book.fqhc_bonus] == [True] * 5 + [False]


def test_mssp_tracks_exist_only_in_their_years() -> None:
    tracks = RULES["mssp"].tracks
    assert (tracks["track-3"].first_year, tracks["basic-e"].first_year, tracks["track-1"].last_year) == (2016, 2019, 2021)


# Each broken file: (how to break the text of a real file, the field its message must name).
MUTATIONS = {
    "unknown_key": (lambda t: t.replace('in_force = false', 'in_force = false\ncolour = "blue"'), "colour"),
    "missing_source": (lambda t: t.replace('max_sharing_rate = { value = 0.50, source = "PR p.208" }',
                                           'max_sharing_rate = { value = 0.50 }'), "models.one-sided.max_sharing_rate.source"),
    "wrong_type": (lambda t: t.replace('savings_cap = { value = 0.075,', 'savings_cap = { value = "lots",'),
                   "models.one-sided.savings_cap.value"),
    "unknown_model": (lambda t: t.replace('models = ["two-sided"]', 'models = ["three-sided"]'), "three-sided"),
    "undefined_source_label": (lambda t: t.replace('source = "PR p.208" }', 'source = "NOWHERE p.1" }'), "NOWHERE"),
    "unknown_option": (lambda t: t.replace('loss_basis = { option = "loss_basis" }',
                                           'loss_basis = { option = "holdback" }'), "holdback"),
    "bad_default_option": (lambda t: t.replace('default = "25"', 'default = "30"'), "options.withhold"),
    "gap_in_msr_table": (lambda t: t.replace("{ first = 6000, last = 6999", "{ first = 6100, last = 6999"), "msr_table"),
    "not_toml": (lambda t: t.replace("[sources]", "[sources"), "not valid TOML"),
    "id_mismatch": (lambda t: t.replace('id = "proposed-2011"', 'id = "proposed-2012"'), "id"),
    "flat_msr_without_rate": (lambda t: t.replace('msr = { method = "flat", rate = 0.02,', 'msr = { method = "flat",'),
                              "models.two-sided.msr"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_broken_rule_file_names_file_and_field(name: str, tmp_path: Path) -> None:
    mutate, field = MUTATIONS[name]
    original = (rules_dir() / "proposed-2011.toml").read_text(encoding="utf-8")
    broken = mutate(original)
    assert broken != original, "the mutation must change the file"
    path = tmp_path / "proposed-2011.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rulebook_file(path)
    message = str(info.value)
    assert "proposed-2011.toml" in message and field in message, message


def test_schedule_gap_is_refused(tmp_path: Path) -> None:
    text = (rules_dir() / "mssp.toml").read_text(encoding="utf-8")
    broken = re.sub(r"\[\[sequestration\]\]\nfrom_year = 2021\nto_year = 2021\n", "[[sequestration]]\nfrom_year = 2022\nto_year = 2022\n", text, count=1)
    assert broken != text
    path = tmp_path / "mssp.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"mssp.toml.*sequestration does not cover performance years \[2021\]"):
        load_rulebook_file(path)


def test_missing_rule_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="rule file not found"):
        load_rulebook_file(tmp_path / "mssp.toml")
    with pytest.raises(RuleFileError, match="rule folder not found"):
        RuleRegistry.load(tmp_path / "nowhere")


def test_schema_rejects_unknown_keys_everywhere() -> None:
    data = tomllib.loads((rules_dir() / "mssp.toml").read_text(encoding="utf-8"))
    data["tracks"]["track-1"]["colour"] = "red"
    with pytest.raises(Exception, match="colour"):
        Rulebook.model_validate(data)
