"""Window attributes built on first use: a feature's dialog or dock that the first paint does not show is
built when the user first opens it, or when code first reads the attribute (``window.agreement_view``),
never at start-up. Reading the attribute always works; ``built`` asks without building."""

from __future__ import annotations

from typing import Callable

_BUILDERS = "_built_on_first_use"


class _OnFirstUse:
    """A class attribute that builds the instance's value once, then steps aside (the value is stored on
    the instance, which takes precedence over this non-data descriptor)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, window, owner=None):
        if window is None:
            return self
        build = vars(window).get(_BUILDERS, {}).get(self.name)
        if build is None:
            raise AttributeError(f"{type(window).__name__!r} object has no attribute {self.name!r}")
        value = build()
        setattr(window, self.name, value)
        return value


def build_on_first_use(window, name: str, build: Callable[[], object]) -> None:
    """``window.<name>`` is ``build()``, called the first time it is read."""
    cls = type(window)
    if not isinstance(cls.__dict__.get(name), _OnFirstUse):
        if hasattr(cls, name):
            raise TypeError(f"{cls.__name__}.{name} exists: a feature cannot shadow it")
        setattr(cls, name, _OnFirstUse(name))
    vars(window).setdefault(_BUILDERS, {})[name] = build


def built(window, name: str):
    """``window.<name>`` if it has been built, else None (without building it)."""
    return vars(window).get(name)
