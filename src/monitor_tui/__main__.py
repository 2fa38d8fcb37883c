"""`python -m monitor_tui` runs the command-line entry point."""

from monitor_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
