"""The ``monitor-tui`` command: the TUI by default, and headless subcommands for cron.

    monitor-tui [--config FILE] [--data-dir DIR] [--locale id|en]
    monitor-tui refresh            fetch every feed; one line per failure; exit 1 if none worked
    monitor-tui print-unread       print the number of unread articles
    monitor-tui add URL|FILE [--category C] [--title T]
    monitor-tui remove URL|TITLE    unsubscribe (cached articles and bookmarks stay)
    monitor-tui import-opml FILE|URL
    monitor-tui export-opml [FILE]
    monitor-tui render FILE|URL [--item N]   print a feed's articles (a pager for feeds)
    monitor-tui bookmarks [--format md|json|html] [--output FILE]

Textual is imported only when the TUI starts, so the subcommands stay light.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from monitor_tui import __version__, config, paths
from monitor_tui.i18n import t, tn
from monitor_tui.model import FeedRow, Subscription
from monitor_tui.problem import Problem, localize
from monitor_tui.render.text import one_line
from monitor_tui.store import Store, StoreError
from monitor_tui.timefmt import resolve_locale


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="monitor-tui",
        description="A terminal news reader for RSS, Atom and JSON Feed with an offline cache. "
                    "Without a subcommand it opens the reader.",
    )
    ap.add_argument("--version", action="version", version=f"monitor-tui {__version__}")
    # the default paths are looked up only if the help is printed (platformdirs: 10 ms)
    config_option = ap.add_argument("--config", type=Path, metavar="FILE",
                                    help="config file (default: %(where)s)")
    config_option.where = _WhenPrinted(paths.config_file)  # type: ignore[attr-defined]
    data_option = ap.add_argument("--data-dir", type=Path, metavar="DIR",
                                  help="where the cache lives (default: %(where)s)")
    data_option.where = _WhenPrinted(paths.data_dir)  # type: ignore[attr-defined]
    ap.add_argument("--locale", metavar="LOCALE",
                    help="language for times and labels, e.g. id or en (default: from LANG)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        text = f"{summary[0].upper()}{summary[1:]}. {details}".strip()
        return sub.add_parser(name, help=summary, description=text)

    command("refresh", "refresh all feeds without the TUI (for cron)",
            "Conditional GET for feeds read before; one line per failed feed; a progress "
            "bar on a terminal. Exits 1 only when no feed could be refreshed.")
    command("print-unread", "print the number of unread articles")
    add = command("add", "subscribe to a feed",
                  "It is written to the config file, and fetched at the next refresh.")
    add.add_argument("url", metavar="URL|FILE",
                     help='the feed\'s address ("kota.example/feed" gets https://), or a '
                          "feed file on this computer")
    add.add_argument("--category", "-c", help="the sidebar category to list it under")
    add.add_argument("--title", "-t", help="a name to show instead of the feed's own title")
    rm = command("remove", "unsubscribe from a feed (by URL or title)",
                 "Its cached articles and bookmarks stay.")
    rm.add_argument("feed", metavar="URL|TITLE", help="the feed's address or its title")
    imp = command("import-opml", "subscribe to every feed of an OPML file",
                  "Nested outlines become categories; feeds already subscribed stay as they are.")
    imp.add_argument("file", metavar="FILE|URL",
                     help="an OPML file, or the http(s) address of one (another reader's export)")
    exp = command("export-opml", "write the subscriptions as OPML 2.0")
    exp.add_argument("file", type=Path, nargs="?", help="where to write (default: stdout)")
    ren = command("render", "print a feed's articles, rendered",
                  "Colours on a terminal, plain text when piped or with NO_COLOR set.")
    ren.add_argument("source", metavar="FILE|URL", help="a feed file or a feed's address")
    ren.add_argument("--item", "-n", type=int, metavar="N", help="only the Nth article (from 1)")
    bm = command("bookmarks", "export the bookmarks (they never expire)")
    bm.add_argument("--format", "-f", choices=("md", "json", "html"), default="md",
                    help="Markdown (the default), JSON or HTML")
    bm.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    return ap


# objects allocated (less freed) between two collections of the youngest generation
GC_THRESHOLD = 20_000


class _WhenPrinted:
    """A value of a help text (``%(where)s``: argparse formats an option's attributes)
    computed only when the help is printed."""

    def __init__(self, compute: Callable[[], object]) -> None:
        self.compute = compute

    def __str__(self) -> str:
        return str(self.compute())


def run() -> NoReturn:
    """The ``monitor-tui`` command (and ``python -m monitor_tui``): :func:`main`, then exit.

    A finished refresh ends its process as soon as the exit handlers have run
    (multiprocessing's clean-up of its temporary files, logging's flush): Python's own
    teardown, which frees every object one by one, took 70 ms of a 0.6 s warm refresh
    (`benchmarks/refresh_vs_newsboat.py`). Other commands exit as usual."""
    sys.exit(main(end_refresh_at_once=True))


def main(argv: Sequence[str] | None = None, *, end_refresh_at_once: bool = False) -> int:
    """Entry point; returns the process exit status (0 ok, 1 failure, 2 usage error).
    ``end_refresh_at_once``: a refresh ends the process instead (see :func:`run`)."""
    args = _parser().parse_args(argv)
    config_path: Path = args.config or paths.config_file()
    try:
        settings = config.with_locale(config.load(config_path), args.locale)
    except config.ConfigError as exc:
        locale = resolve_locale(args.locale) if args.locale else config.locale_from_env()
        print(f"monitor-tui: {localize(exc, locale)}", file=sys.stderr)
        return 2
    _warn_about(args, settings, config_path)
    data = paths.data_dir(args.data_dir)
    db_path = paths.database(data)
    try:
        if args.command in (None, "refresh", "print-unread", "bookmarks"):
            paths.prepare_data_dir(data)
        match args.command:
            case None:
                return _tui(settings, db_path)
            case "refresh":
                status = _refresh(settings, db_path)
                if end_refresh_at_once:
                    _end_process(status)
                return status
            case "print-unread":
                return _print_unread(settings, db_path)
            case "add":
                return _add(config_path, [Subscription(_typed_source(args.url), args.title,
                                                       args.category)], settings.locale)
            case "remove":
                return _remove(config_path, args.feed, settings, db_path)
            case "import-opml":
                return _import(config_path, args.file, settings.locale)
            case "export-opml":
                return _export(settings, args.file, db_path)
            case "bookmarks":
                return _bookmarks(db_path, args.format, args.output, settings.locale)
            case "render":
                from monitor_tui.render.cli import render_command

                return render_command(args.source, args.item, settings.locale)
    except (StoreError, paths.DataDirError) as exc:
        print(f"monitor-tui: {localize(exc, settings.locale)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # what read our output went away (`| head`, `| true`): nothing to say about it
        # (a cron job would mail the message); stdout goes to /dev/null so that Python's
        # own flush at exit does not complain either (as its documentation advises)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a read-only data dir (the refresh lock), an unwritable output
        if exc.filename and _inside(Path(str(exc.filename)), data):
            message = localize(paths.data_dir_problem(data, exc), settings.locale)
        else:
            where = f": {exc.filename}" if exc.filename else ""
            message = f"{exc.strerror or exc}{where}"
        print(f"monitor-tui: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 2


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _tui(settings: config.Settings, db_path: Path) -> int:
    from monitor_tui.startup import FirstScreenPrefetch

    # the cache is read on a thread while Textual is imported (a few hundred ms)
    prefetch = FirstScreenPrefetch(db_path, settings.feeds, locale=settings.locale)
    from monitor_tui.ui.app import run_app  # Textual only for the TUI

    error = prefetch.open_error()
    if error is not None:  # an unusable cache is said here, not in the TUI
        raise error
    run_app(settings, db_path, prefetch)
    _save_time_labels(db_path.parent)
    return 0


def _save_time_labels(data_dir: Path) -> None:
    """Keep this run's time labels for the next start (after the UI is gone)."""
    from monitor_tui import time_labels

    time_labels.save_learned(data_dir)


def _warn_about(args: argparse.Namespace, settings: config.Settings, path: Path) -> None:
    """Say what would otherwise be silently ignored: a missing --config, unknown settings,
    ``[keys]`` entries that cannot be used, a locale with no translation.

    Printed before the TUI starts, so they are on the terminal when it exits.
    """
    if args.config is not None and not path.exists() and args.command not in (
            "add", "import-opml"):
        print(f"monitor-tui: {t('cli.warn_no_config', settings.locale, path=path)}",
              file=sys.stderr)
    if settings.extra:
        names = ", ".join(sorted(settings.extra))
        print("monitor-tui: " + t("cli.warn_unknown_settings", settings.locale, path=path,
                                  names=names), file=sys.stderr)
    for warning in settings.warnings:
        print(f"monitor-tui: {one_line(localize(warning, settings.locale), 400)}",
              file=sys.stderr)


class _Stop:
    """How ``monitor-tui refresh`` takes SIGINT (Ctrl+C) and SIGTERM (`kill`, `timeout`).

    The first stops the refresh as quitting the TUI does (its ``cancel`` event): the
    fetches stop, the feeds being written finish, the parser and fetch processes are shut
    down, and the process exits with 128 + the signal's number, printing nothing. A
    second one, during that clean-up, ends the process at once (:func:`_exit_now`).
    Neither raises into the refresh: an exception from a signal handler lands anywhere,
    in asyncio's, multiprocessing's or httpx's own code, and one raised into the clean-up
    of the first left it half done (tracebacks from their threads and callbacks, "leaked
    semaphore" warnings, a hang that took a third Ctrl+C).
    """

    def __init__(self) -> None:
        self.event = threading.Event()
        self.status = 0
        self.before_exit: Callable[[], None] | None = None  # e.g. take the bar off

    def __call__(self, signum: int, frame: object) -> None:
        if self.event.is_set():
            self._exit(signum)
        self.status = 128 + signum
        self.event.set()
        # The second signal must end the process even while this (main) thread waits in
        # a join or in C (a parser finishing its feed, SQLite's busy wait): the kernel
        # may hand it to another thread, and its Python handler would run here only
        # when that wait ends (20 s under load). The wakeup fd gets each signal's number
        # at once, from whichever thread took it: a watcher thread acts on it.
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        threading.Thread(target=self._watch, args=(read_end,), daemon=True,
                         name="monitor-tui-second-signal").start()

    def _watch(self, read_end: int) -> None:
        signum = os.read(read_end, 1)
        self._exit(signum[0] if signum else signal.SIGTERM)

    def _exit(self, signum: int) -> NoReturn:
        if self.before_exit is not None:
            self.before_exit()
        _exit_now(128 + signum)


def _exit_now(status: int) -> NoReturn:
    """End a stopped refresh with ``status`` at once, whatever it was doing.

    A feed being written is rolled back by SQLite; the parser processes and their fork
    server end with this process (``feed_job.exit_with_parent``), the forked fetch
    processes stop when their lifeline closes. Exits with ``os._exit``: multiprocessing's
    exit handler joins the parser pool's queue thread, which may wait for ever (a parser
    process killed while a feed was being sent to it). Its first step runs, though: it
    unlinks the named semaphores of the parser pools still open (a no-op once they are
    shut down), or its resource tracker would warn of "leaked semaphore objects".
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    mp_util = sys.modules.get("multiprocessing.util")
    if mp_util is not None:
        # priority >= 0: semaphores, queues; not the joins. On a thread of its own, given
        # at most half a second: a lock the interrupted code held must not keep us here
        finalize = threading.Thread(target=_run_finalizers, args=(mp_util,), daemon=True)
        finalize.start()
        finalize.join(0.5)
    os._exit(status)


def _end_process(status: int) -> NoReturn:
    """Exit with ``status`` once the exit handlers have run, skipping the interpreter's
    teardown. Only for a finished refresh: its threads, processes and SQLite
    connections are all closed by then."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe (`| head`): nothing to say
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(status)


def _run_finalizers(mp_util: Any) -> None:
    with contextlib.suppress(Exception):
        mp_util._run_finalizers(0)


def _refresh(settings: config.Settings, db_path: Path) -> int:
    from monitor_tui.refresh import RefreshBusy, Retention, refresh  # httpx, feedparser
    from monitor_tui.refresh_fork import STOP_SIGNALS

    loc = settings.locale
    if not settings.feeds:
        print(t("status.no_feeds", loc))
        return 0
    retention = Retention(settings.keep_days, settings.keep_per_feed)
    # A refresh makes many short-lived objects and few cycles: the collector's default
    # (every 700 allocations) rescanned the imported modules' objects a hundred times,
    # about 5 % of a warm refresh. This process only refreshes, then ends.
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    # a large warm refresh fetches on every core this process may use
    processes = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                 else os.cpu_count() or 1)
    # Ctrl+C, or `kill` or `timeout` (cron): nothing is printed but the exit status. A
    # signal ignored from the start stays ignored (`nohup`, a shell's background job).
    stop = _Stop()
    handlers = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS
                if signal.getsignal(signum) is not signal.SIG_IGN}
    try:
        if sys.stdout.isatty():
            from monitor_tui.progress import abandon, run_with_progress_bar

            stop.before_exit = abandon
            summary = run_with_progress_bar(
                lambda progress: refresh(db_path, settings.feeds, progress=progress,
                                         cancel=stop.event, retention=retention,
                                         processes=processes), loc)
        else:
            summary = refresh(db_path, settings.feeds, cancel=stop.event,
                              retention=retention, processes=processes)
    except RefreshBusy as exc:
        print("monitor-tui: " + t("cli.refresh_busy", loc, error=localize(exc, loc)),
              file=sys.stderr)
        return 0
    except sqlite3.Error as exc:  # e.g. a full disk while syncing the feed list
        problem = Problem("store.failed", detail=one_line(str(exc), 300))
        print("monitor-tui: " + localize(problem, loc), file=sys.stderr)
        return 1
    finally:
        if stop.event.is_set():  # stopped: however the refresh ended, say nothing
            _exit_now(stop.status)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    for outcome in summary.failed:
        title, url = one_line(outcome.title, 80), one_line(outcome.url, 200)
        name = url if title in ("", url) else f"{title} <{url}>"
        print(t("cli.feed_failed", loc, name=name,
                error=one_line(localize(outcome.error, loc), 300)))
    ok, total = len(summary.ok), len(summary.outcomes)
    articles = tn("cli.new_articles", summary.new, loc, n=summary.new)
    print(tn("cli.refreshed", total, loc, ok=ok, total=total, articles=articles,
             failed=len(summary.failed)))
    return 1 if summary.outcomes and ok == 0 else 0


def _print_unread(settings: config.Settings, db_path: Path) -> int:
    store = Store.open(db_path)
    try:
        store.sync_subscriptions(settings.feeds)
        print(store.unread_count())
    finally:
        store.close()
    return 0


def _bookmarks(db_path: Path, fmt: str, output: Path | None, locale: str) -> int:
    from monitor_tui.export import bookmarked_articles, export_bookmarks
    from monitor_tui.timefmt import utcnow

    store = Store.open(db_path)
    try:
        articles = bookmarked_articles(store)
        document = export_bookmarks(articles, fmt, utcnow(), locale)
    finally:
        store.close()
    if output is None:
        sys.stdout.write(document)
    else:
        output.write_text(document, "utf-8")
        print(tn("cli.bookmarks_written", len(articles), locale, n=len(articles), path=output),
              file=sys.stderr)
    return 0


def _add(config_path: Path, subs: list[Subscription], locale: str) -> int:
    bad = [s.url for s in subs if not config.acceptable_url(s.url)]
    if bad:
        print("monitor-tui: " + t("cli.not_web_url", locale, url=one_line(bad[0], 200)),
              file=sys.stderr)
        return 2
    problems = [p for p in (config.url_problem(s.url) for s in subs) if p is not None]
    if problems:  # said now, not at the first refresh
        print(f"monitor-tui: {one_line(localize(problems[0], locale), 300)}", file=sys.stderr)
        return 2
    try:
        added = config.add_feeds(config_path, subs)
    except config.ConfigError as exc:
        print(f"monitor-tui: {localize(exc, locale)}", file=sys.stderr)
        return _config_error_status(exc)
    if added:
        print(t("cli.added", locale, url=added[0].url, path=config_path))
    else:
        print(t("cli.already_subscribed", locale, url=subs[0].url))
    return 0


def _config_error_status(exc: config.ConfigError) -> int:
    """The exit status for a config file that stopped a command: 2 for a mistake in it
    (the README's "a mistake in the command line or the config file"), 1 when it cannot
    be written (the command failed; the user made no mistake)."""
    return 1 if isinstance(exc, config.ConfigWriteError) else 2


def _remove(config_path: Path, feed: str, settings: config.Settings, db_path: Path) -> int:
    locale = settings.locale
    try:
        removed = config.remove_feeds(config_path, feed)
        if not removed:
            # the title the feed itself gives (as shown in the TUI) also names it, and so
            # does the address a permanent redirect moved it to
            wanted = feed.strip().casefold()
            named = {row.sub_url or row.url for row in _cached_feeds(db_path)
                     if (row.sub_url and row.url.casefold() == wanted) or (
                         row.title and row.title != row.url
                         and row.title.casefold() == wanted)}
            listed = {sub.url for sub in settings.feeds}  # the config, read already
            named &= listed
            if len(named) > 1:  # a title several feeds give: never remove them all
                print("monitor-tui: " + t("cli.remove_ambiguous", locale,
                                          feed=one_line(feed, 200),
                                          urls=", ".join(sorted(named))), file=sys.stderr)
                return 2
            for url in named:
                removed += config.remove_feeds(config_path, url)
    except config.ConfigError as exc:
        print(f"monitor-tui: {localize(exc, locale)}", file=sys.stderr)
        return _config_error_status(exc)
    if not removed:
        print("monitor-tui: " + t("cli.not_subscribed", locale, feed=one_line(feed, 200),
                                  path=config_path), file=sys.stderr)
        return 1
    for sub in removed:
        print(t("cli.removed", locale, url=sub.url, path=config_path))
    return 0


def _typed_source(text: str) -> str:
    """What ``add`` subscribes to: a feed file on this computer as its ``file://`` URL,
    anything else as :func:`config.typed_url` completes it."""
    path = Path(text.strip()).expanduser()
    if "://" not in text and not text.strip().lower().startswith("file:") and path.is_file():
        return path.resolve().as_uri()
    return config.typed_url(text)


def _is_web_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _read_opml(source: str) -> list[Subscription]:
    """The subscriptions of an OPML file, or of the OPML document at an http(s) URL
    (fetched as a feed is: size caps, redirects, a clear error). Raises OPMLError."""
    from monitor_tui.subscriptions import OPMLError, parse_opml, read_opml_file

    if not _is_web_url(source.strip()):
        return read_opml_file(Path(source))
    from monitor_tui.fetch import fetch_now

    result = fetch_now(source.strip())
    if result.body is None:
        raise OPMLError(Problem("opml.fetch_failed", url=source.strip(),
                                error=result.error or Problem("fetch.failed")))
    return parse_opml(result.body)


def _import(config_path: Path, file: str, locale: str) -> int:
    from monitor_tui.subscriptions import OPMLError
    from monitor_tui.url_checks import unusable_url

    source = file.strip()
    refused = unusable_url(source) if _is_web_url(source) else None
    if refused is not None:  # a mistake in the command line, as add says it
        print(f"monitor-tui: {one_line(source, 200)}: {localize(refused, locale)}",
              file=sys.stderr)
        return 2
    try:
        listed = _read_opml(file)
    except OPMLError as exc:
        message = localize(exc, locale)
        where = "" if file in message else f"{file}: "  # "cannot read FILE" names it already
        print(f"monitor-tui: {where}{message}", file=sys.stderr)
        return 1
    subs = []
    remote = _is_web_url(source)
    for sub in listed:
        url = one_line(sub.url, 200)
        problem = config.url_problem(sub.url)
        if not config.acceptable_url(sub.url):
            print("monitor-tui: " + t("cli.import_skipped", locale, url=url), file=sys.stderr)
        elif remote and not _is_web_url(sub.url):
            # a list from the web must not have refresh read this machine's files
            print("monitor-tui: " + t("cli.import_skipped_local", locale, url=url),
                  file=sys.stderr)
        elif problem is not None:
            reason = localize(problem.args["reason"], locale)
            print("monitor-tui: " + t("cli.import_skipped_invalid", locale, url=url,
                                      reason=reason), file=sys.stderr)
        else:
            subs.append(replace(sub, url=config.normal_url(sub.url)))
    try:
        added = config.add_feeds(config_path, subs)
    except config.ConfigError as exc:  # its message names the config file
        print(f"monitor-tui: {localize(exc, locale)}", file=sys.stderr)
        return _config_error_status(exc)
    known = len(subs) - len(added)
    print(tn("cli.imported_some_known" if known else "cli.imported", len(added), locale,
             n=len(added), path=config_path, known=known))
    return 0


def _export(settings: config.Settings, file: Path | None, db_path: Path) -> int:
    from monitor_tui.subscriptions import export_opml

    feeds = _cached_feeds(db_path)
    # a feed moved for good (301/308) is exported at its new address
    moved = {row.sub_url: row.url for row in feeds if row.sub_url}
    subs = [replace(sub, url=moved.get(sub.url, sub.url)) for sub in settings.feeds]
    data = export_opml(subs, feed_titles=_titles_by_sub_url(feeds, moved))
    if file is None:
        sys.stdout.buffer.write(data)
    else:
        file.write_bytes(data)
        print(tn("cli.exported", len(settings.feeds), settings.locale, n=len(settings.feeds),
                 path=file), file=sys.stderr)
    return 0


def _cached_feeds(db_path: Path) -> list[FeedRow]:
    """The cache's feeds, subscribed or not; none when there is no cache or it cannot be
    read (an export or a remove never creates one)."""
    if not db_path.exists():
        return []
    try:
        store = Store.open(db_path)
    except (StoreError, OSError):
        return []
    try:
        return store.feeds(include_unsubscribed=True)
    finally:
        store.close()


def _titles_by_sub_url(feeds: list[FeedRow], moved: dict[str, str] | None = None
                       ) -> dict[str, str]:
    """The feeds' own titles (URL → title), for an export that names feeds the user
    never titled, by the URL the config names them by (or, in ``moved``, its new one)."""
    moved = moved or {}
    return {moved.get(row.sub_url or row.url, row.sub_url or row.url): row.title
            for row in feeds if row.title and row.title != row.url}
