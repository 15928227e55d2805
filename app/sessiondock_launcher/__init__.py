"""SessionDock Launcher: a system-tray quick-search palette for the SessionDock Local API."""

__version__ = "0.1.0"
