"""Small UI choices remembered between runs (theme, density): a JSON file in the data dir.

Kept apart from the config file, which is the user's to edit: the app never rewrites it
for a passing choice such as a theme picked in the command palette. Reading never
fails: a missing or damaged file gives the defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

STATE_NAME = "ui-state.json"


def load_state(data_dir: Path) -> dict[str, Any]:
    """The remembered choices, or ``{}`` when there are none (or the file is damaged)."""
    try:
        value = json.loads((data_dir / STATE_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def save_state(data_dir: Path, **changes: Any) -> None:
    """Merge ``changes`` into the remembered choices; written atomically. OSError propagates."""
    state = {**load_state(data_dir), **changes}
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{STATE_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(data_dir / STATE_NAME)
