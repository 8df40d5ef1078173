"""Rule files as data: schema (pydantic), loader and the registry callers hold."""

from aco_desktop.rules.loader import RuleFileError, load_rulebook_file
from aco_desktop.rules.registry import RuleRegistry
from aco_desktop.rules.schema import Model, Rulebook, Track

__all__ = ["Model", "RuleFileError", "RuleRegistry", "Rulebook", "Track", "load_rulebook_file"]
