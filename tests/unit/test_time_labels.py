"""The memo of time labels: the same labels as Babel makes, saved and used again without
importing Babel's date formatting at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from monitor_tui import time_labels, timefmt
from tests.conftest import FROZEN_NOW, REPO


def _deltas() -> list[timedelta]:
    steps = ([timedelta(seconds=s) for s in range(0, 2 * 3600, 7)]
             + [timedelta(minutes=m) for m in range(0, 4 * 24 * 60, 13)]
             + [timedelta(hours=h) for h in range(0, 800 * 24, 5)])
    return steps + [-d for d in steps]


@pytest.mark.parametrize("locale", ["id", "en"])
def test_memoized_labels_are_babels_labels(locale: str) -> None:
    try:
        fresh = []
        for delta in _deltas():
            timefmt.use_memo({})  # every label made by Babel
            fresh.append(timefmt.relative(FROZEN_NOW - delta, FROZEN_NOW, locale))
        timefmt.use_memo({})
        memoized = [timefmt.relative(FROZEN_NOW - d, FROZEN_NOW, locale) for d in _deltas()]
        assert memoized == fresh
        labels, learned = timefmt.memo()
        assert learned and len(labels) < len(fresh) / 5  # far fewer labels than times
        today = date(2026, 11, 29)
        days = [today - timedelta(days=n) for n in range(0, 40)]
        timefmt.use_memo({})
        fresh_days = [timefmt.day_label(d, today, locale) for d in days]
        assert [timefmt.day_label(d, today, locale) for d in days] == fresh_days
    finally:
        timefmt.use_memo({})


def test_saved_labels_come_back_and_damage_is_ignored(tmp_path: Path) -> None:
    time_labels.save(tmp_path, {"en|3600s": "1 hour ago"})
    assert time_labels.load(tmp_path) == {"en|3600s": "1 hour ago"}
    path = tmp_path / time_labels.FILE_NAME
    data = json.loads(path.read_text())
    for broken in ("{", "[]", json.dumps({**data, "babel": "0.0"}),
                   json.dumps({**data, "labels": ["x"]})):
        path.write_text(broken)
        assert time_labels.load(tmp_path) == {}
    path.write_text(json.dumps({**data, "labels": {"a": "\x1b[2J", "b": 3, "c": "ok"}}))
    assert time_labels.load(tmp_path) == {"c": "ok"}  # escapes and non-text dropped
    assert time_labels.load(tmp_path / "missing") == {}


def test_a_saved_memo_spares_babels_date_formatting(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from datetime import UTC, datetime, timedelta\n"
        "from pathlib import Path\n"
        "from monitor_tui import time_labels, timefmt\n"
        "now = datetime(2026, 11, 29, 18, tzinfo=UTC)\n"
        "timefmt.use_memo(time_labels.load(Path(sys.argv[1])))\n"
        "labels = [timefmt.relative(now - timedelta(hours=h), now, 'id') for h in (2, 30)]\n"
        "labels.append(timefmt.day_label(now.date(), now.date(), 'id'))\n"
        "locale = timefmt.resolve_locale('id_ID.UTF-8')\n"
        "print(labels, locale, 'babel.dates' in sys.modules, 'babel' in sys.modules)\n"
        "memo, learned = timefmt.memo()\n"
        "if learned: time_labels.save(Path(sys.argv[1]), memo)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env,
                              capture_output=True, text=True, check=True).stdout.strip()

    first = run()
    assert first == "['2 jam yang lalu', '1 hari yang lalu', 'Hari ini'] id_ID True True"
    # with the saved memo, Babel is not even imported
    assert run() == "['2 jam yang lalu', '1 hari yang lalu', 'Hari ini'] id_ID False False"


def test_learned_labels_are_saved_once(tmp_path: Path) -> None:
    try:
        timefmt.use_memo({})
        time_labels.save_learned(tmp_path)  # nothing learned: nothing written
        assert not (tmp_path / time_labels.FILE_NAME).exists()
        timefmt.relative(FROZEN_NOW - timedelta(hours=3), FROZEN_NOW, "en")
        time_labels.save_learned(tmp_path)
        assert time_labels.load(tmp_path) == {"en|-10800s": "3 hours ago"}
        (tmp_path / time_labels.FILE_NAME).unlink()
        time_labels.save_learned(tmp_path)  # already saved: not written again
        assert not (tmp_path / time_labels.FILE_NAME).exists()
        (tmp_path / "a-file").write_text("")
        timefmt.relative(FROZEN_NOW - timedelta(hours=4), FROZEN_NOW, "en")
        time_labels.save_learned(tmp_path / "a-file" / "below")  # unwritable: ignored
    finally:
        timefmt.use_memo({})
