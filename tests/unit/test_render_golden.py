"""Golden text: a dozen representative articles rendered to plain text at 80 columns.

Regenerate after an intended rendering change with MONITOR_TUI_UPDATE_GOLDEN=1, then read
the diff: every line of these files is what a reader sees.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from monitor_tui.parse import parse_feed
from monitor_tui.render.article import render_article
from monitor_tui.render.cli import entry_article
from tests.conftest import REPO, shared_dir

GOLDEN = REPO / "tests" / "golden"
NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)

# (name, folder, file, entry index): each brings something different to the renderer
ARTICLES = [
    ("sample-table-ekonomi", "samples", "ekonomi.xml", 0),
    ("sample-code-teknologi", "samples", "teknologi.xml", None),
    ("sample-quote-parlemen", "samples", "parlemen.xml", 0),
    ("sample-atom-world", "samples", "world.atom", 0),
    ("podcast-nightvale", "corpus", "feeds/feedrs__rss_2.0_nightvale.xml", 0),
    ("relative-links-hugo", "corpus", "feeds/feedrs__rss_2.0_relurl_1.xml", 0),
    ("reddit-atom", "corpus", "feeds/feedrs__atom_mediarss_reddit_1.xml", 0),
    ("golem-latin1", "corpus", "feeds/miniflux__encoding_ISO-8859-1.xml", 0),
    ("urdu-rtl", "corpus", "feeds/miniflux__urdu_UTF8.xml", 0),
    ("escaped-html-in-pre", "corpus", "feeds/feedjira__AtomEscapedHTMLInPreTag.xml", 0),
    ("b19-xml-base", "cases", "B19.xml", 0),
    ("b23-pre", "cases", "B23.xml", 0),
]


def _source(folder: str, name: str) -> Path:
    if folder == "samples":
        return REPO / "sample_feeds" / name
    return shared_dir(folder) / name


def _render(path: Path, index: int | None) -> str:
    feed = parse_feed(path.read_bytes(), "https://example.com/posts/feed.xml")
    if index is None:  # the first entry with a code block
        index = next(i for i, e in enumerate(feed.entries) if "<pre" in e.content)
    article = entry_article(feed.entries[index], feed.title, index + 1, NOW)
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None, force_terminal=False,
                      legacy_windows=False)
    console.print(render_article(article, "en", NOW, UTC, version_line=False))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


@pytest.mark.parametrize(("name", "folder", "file", "index"), ARTICLES,
                         ids=[a[0] for a in ARTICLES])
def test_golden(name: str, folder: str, file: str, index: int | None) -> None:
    text = _render(_source(folder, file), index)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("MONITOR_TUI_UPDATE_GOLDEN") == "1":
        golden.write_text(text, "utf-8")
    assert golden.exists(), f"{golden} missing: run with MONITOR_TUI_UPDATE_GOLDEN=1"
    assert text == golden.read_text("utf-8")
