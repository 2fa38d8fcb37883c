"""The memo of time labels (``timefmt.memo``) saved in the data dir between runs.

With it the first screen's relative times ("3 jam yang lalu") and day separators need
no Babel import at start-up. The file records which Babel made the labels (the size and
time of its locale data); a memo from another Babel, or a damaged file, is ignored
(Babel makes the labels again).
Labels are shown through ``Text``, never markup, and cut to a sane length on load.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
from pathlib import Path

from monitor_tui import timefmt

FILE_NAME = "time-labels.json"
MAX_LABEL = 80
"""Characters a label may have (CLDR's longest dates are about 40)."""


@functools.cache
def babel_stamp() -> str:
    """Which Babel (and CLDR data) made the labels: the size and time of its root locale
    data, read without importing Babel (its import is what the memo saves)."""
    spec = importlib.util.find_spec("babel")
    if spec is None or spec.origin is None:
        return "?"
    try:
        info = (Path(spec.origin).parent / "locale-data" / "root.dat").stat()
    except OSError:
        return "?"
    return f"{info.st_size}-{info.st_mtime_ns}"


def load(data_dir: Path) -> dict[str, str]:
    """The saved labels, or ``{}`` when there are none, they came from another Babel
    version, or the file is damaged. Never raises."""
    try:
        data = json.loads((data_dir / FILE_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("babel") != babel_stamp():
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
    tmp.write_text(json.dumps({"babel": babel_stamp(), "labels": labels},
                              ensure_ascii=False), "utf-8")
    tmp.replace(data_dir / FILE_NAME)


def save_learned(data_dir: Path) -> None:
    """Save the memo when it learned labels since it was loaded or last saved. An OSError
    is ignored: only a faster next start is lost."""
    labels = timefmt.take_learned()
    if labels is not None:
        with contextlib.suppress(OSError):
            save(data_dir, labels)
