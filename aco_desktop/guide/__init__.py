"""Help that ships with the app, read offline: the glossary, the how-tos and the guided tour (data in
``resources/help/``). Qt-free: the window shows what these return."""

from aco_desktop.guide.content import (LAYERS, GuideFileError, Glossary, HowTo, Tour, TourStep, load_glossary,
                                       load_howtos, load_tour)

__all__ = ["LAYERS", "GuideFileError", "Glossary", "HowTo", "Tour", "TourStep", "load_glossary", "load_howtos",
           "load_tour"]
