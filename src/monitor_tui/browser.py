"""Opening a link in the user's web browser without letting it write over the TUI.

``webbrowser.open`` starts the browser with our terminal as its stdout and stderr, so
the warnings xdg-open and browsers print land in the middle of the screen. Here the
browser gets /dev/null for all three streams and its own session. ``$BROWSER`` is
honoured as Python's webbrowser module does (a ``:``-separated list, ``%s`` for the URL).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys


def _commands(url: str) -> list[list[str]]:
    found: list[list[str]] = []
    for entry in filter(None, os.environ.get("BROWSER", "").split(os.pathsep)):
        parts = shlex.split(entry)
        if parts:
            found.append([p.replace("%s", url) for p in parts]
                         if any("%s" in p for p in parts) else [*parts, url])
    opener = {"darwin": "open", "win32": "start"}.get(sys.platform, "xdg-open")
    found.append([opener, url])
    return found


def open_url(url: str) -> bool:
    """Start a browser on ``url`` (http/https only); True when one was started.

    The browser runs detached with its output discarded. Falls back to
    ``webbrowser.open`` when no command is found.
    """
    if not url.lower().startswith(("http://", "https://")):
        return False
    for command in _commands(url):
        if shutil.which(command[0]) is None:
            continue
        try:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            continue
        return True
    import webbrowser

    return webbrowser.open(url)
