"""The article pane: a header (title, author, dates, categories, link) and the body.

The article-loading worker builds the whole pane as one Rich ``Group`` (header, body,
numbered links; ``render.article.compose_article``) in a thread, so HTML rendering never
blocks the UI thread; re-opened articles take their body from the worker's render cache.
Every piece of feed text goes through ``safe_text``/``one_line`` into ``Text`` objects,
never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from monitor_tui.i18n import t
from monitor_tui.model import Article
from monitor_tui.ui.bindings import ARTICLE, make_bindings


class ArticleView(VerticalScroll):
    """The right pane: scrolls one rendered article (j/k, arrows, page keys, space)."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(ARTICLE, "en"))

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.locale = locale
        self.article: Article | None = None
        self._body = Static(Text(t("article.hint", locale), style="italic"),
                            id="article-body", markup=False)

    def compose(self) -> ComposeResult:
        """The single Static holding the rendered article."""
        yield self._body

    def show(self, article: Article | None, renderable: RenderableType) -> None:
        """Display a rendered article (or the "gone" notice) from the top."""
        self.article = article
        self._body.update(renderable)
        self.scroll_home(animate=False, immediate=True)

    def show_message(self, message: str) -> None:
        """Replace the pane with one line of our own text."""
        self.article = None
        self._body.update(Text(message, style="italic"))
        self.scroll_home(animate=False, immediate=True)
