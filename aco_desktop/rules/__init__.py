"""Rule files as data: schema (pydantic) and loader."""

from aco_desktop.rules.loader import RuleFileError, all_rulebooks, get_rulebook, load_rulebook_file
from aco_desktop.rules.schema import Model, Rulebook, Track

__all__ = ["Model", "RuleFileError", "Rulebook", "Track", "all_rulebooks", "get_rulebook", "load_rulebook_file"]
