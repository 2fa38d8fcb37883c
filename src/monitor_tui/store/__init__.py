"""The local cache: SQLite in WAL mode, one connection per thread."""

from monitor_tui.store.db import SCHEMA_VERSION, StoreError, connect
from monitor_tui.store.queries import CategoryCount, ChangeMarker, FeedState, Store, UpdateStats

__all__ = [
    "SCHEMA_VERSION",
    "CategoryCount",
    "ChangeMarker",
    "FeedState",
    "Store",
    "StoreError",
    "UpdateStats",
    "connect",
]
