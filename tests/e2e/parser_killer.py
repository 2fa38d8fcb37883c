"""A stand-in for ``refresh._parse_job`` that really kills its parser process.

Installed by test_parser_death.py in a refresh subprocess; the parser processes find it by
its module name (pickled by reference), so it runs there as it would in production.
"""

from __future__ import annotations

import os
import signal
import time

from monitor_tui.problem import Problem
from monitor_tui.refresh import _parse_job
from monitor_tui.store.update import PreparedFeed

MARK = b"<!-- kill the parser -->"
SLOW = b"<!-- slow parse -->"


def parse_job_or_die(body: bytes, url: str, content_type: str | None,
                     stored_url: str) -> PreparedFeed | Problem:
    """``_parse_job``, except that a body with MARK kills a parser process (SIGKILL, as
    the OOM killer does) and one with SLOW takes a second (so it is in the pool when a
    process dies). In the refreshing process itself (``MAIN_PID``) the marked feed is
    refused loudly instead: it must never be parsed there after a worker died on it."""
    if MARK in body:
        if os.getpid() == int(os.environ["MAIN_PID"]):
            raise SystemExit("the killer feed was parsed in the main process")
        os.kill(os.getpid(), signal.SIGKILL)
    if SLOW in body:
        time.sleep(1.0)
    return _parse_job(body, url, content_type, stored_url)
