"""XML external entities, DOCTYPE paths and bodies that look like paths (case B31): no
local file is opened, nothing is fetched, the secret never reaches the cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor_tui.model import Subscription
from monitor_tui.parse import ParseError, parse_feed
from monitor_tui.refresh import refresh
from tests.conftest import REPO, shared_dir

CANARY = Path("/tmp/monitor-tui-B31-secret.txt")


@pytest.fixture(autouse=True)
def _canary() -> None:
    CANARY.write_text("SECRET-B31\n")


@pytest.mark.parametrize("fast", [True, False])
def test_b31_entities_are_not_expanded(fast: bool) -> None:
    cases = shared_dir("cases")
    feed = parse_feed((cases / "B31.xml").read_bytes(), "https://example.com/f", fast=fast)
    title = feed.entries[0].title
    assert title in ("before &xxe; after", "before after", "before  after")
    assert "SECRET" not in repr(feed)
    doctype = parse_feed((cases / "B31.doctype.xml").read_bytes(), "https://e.com/f", fast=fast)
    assert doctype.entries[0].title == "B31 doctype item"


def test_no_file_opened_and_no_connection_made() -> None:
    """Audit hooks see every Python-level open() and socket connect while parsing."""
    script = f"""
import sys
seen = []
def hook(event, args):
    if event == "open" and "monitor-tui-B31-secret" in str(args[0]):
        seen.append(("open", str(args[0])))
    if event == "socket.connect":
        seen.append(("connect", str(args[1])))
sys.addaudithook(hook)
from monitor_tui.parse import parse_feed
for name in ("B31.xml", "B31.doctype.xml"):
    data = open({str(shared_dir("cases"))!r} + "/" + name, "rb").read()
    for fast in (True, False):
        parse_feed(data, "https://example.com/f", fast=fast)
print(seen)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src")}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_body_that_is_a_path_is_not_read(tmp_path: Path) -> None:
    local = tmp_path / "local-feed.xml"
    local.write_text('<rss version="2.0"><channel><title>LOCAL FILE</title><item><title>x'
                     "</title></item></channel></rss>")
    with pytest.raises(ParseError):
        parse_feed(str(local).encode(), "https://example.com/f")


def test_b31_refresh_keeps_the_secret_out_of_the_cache(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    sub = Subscription((shared_dir("cases") / "B31.xml").as_uri())
    assert not refresh(db, [sub]).failed
    for file in tmp_path.iterdir():
        assert b"SECRET-B31" not in file.read_bytes(), file
