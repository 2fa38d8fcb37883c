"""The memo of time labels (``timefmt.memo``) saved in the data dir between runs.

With it the first screen's relative times ("3 jam yang lalu") and day separators need
no Babel import at start-up. The file records the Babel version that made the labels;
a memo from another version, or a damaged file, is ignored (Babel makes them again).
Labels are shown through ``Text``, never markup, and cut to a sane length on load.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from babel import __version__ as babel_version

from monitor_tui import timefmt

FILE_NAME = "time-labels.json"
MAX_LABEL = 80
"""Characters a label may have (CLDR's longest dates are about 40)."""


def load(data_dir: Path) -> dict[str, str]:
    """The saved labels, or ``{}`` when there are none, they came from another Babel
    version, or the file is damaged. Never raises."""
    try:
        data = json.loads((data_dir / FILE_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("babel") != babel_version:
        return {}
    labels = data.get("labels")
    if not isinstance(labels, dict):
        return {}
    return {k: v for k, v in list(labels.items())[:timefmt.MEMO_LIMIT]
            if isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_LABEL
            and v.isprintable()}


def save(data_dir: Path, labels: dict[str, str]) -> None:
    """Write ``labels`` (``timefmt.memo()``) atomically; OSError propagates."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{FILE_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"babel": babel_version, "labels": labels},
                              ensure_ascii=False), "utf-8")
    tmp.replace(data_dir / FILE_NAME)
