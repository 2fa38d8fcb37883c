"""monitor-tui: a terminal news reader (RSS, Atom, JSON Feed) with an offline SQLite cache."""

__version__ = "0.1.0"
