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

    # Textual's own scroll actions scroll after the next refresh, from where the scroll
    # stood: a burst of keys (a held j) would all start from one place and move one line.
    # These move the target at once, so every key counts.

    def action_scroll_down(self) -> None:
        """One line down (j, down)."""
        self.scroll_to(y=self.scroll_target_y + 1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        """One line up (k, up)."""
        self.scroll_to(y=self.scroll_target_y - 1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        """One page down."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_target_y + page, animate=False, immediate=True)

    def action_page_up(self) -> None:
        """One page up."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_target_y - page, animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        """The top of the article (g, home)."""
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        """The end of the article (G, end)."""
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

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
