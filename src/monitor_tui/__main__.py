"""`python -m monitor_tui` runs the command-line entry point."""

from monitor_tui.cli import main

raise SystemExit(main())
