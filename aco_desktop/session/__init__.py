"""Qt-free application state: the current scenario, its undo history, scenario files, autosave."""
