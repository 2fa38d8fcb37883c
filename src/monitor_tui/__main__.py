"""`python -m monitor_tui` runs the command-line entry point."""

if __name__ == "__main__":
    # imported here, not at the top: every parser process imports this module again
    # (as __mp_main__), and needs none of the command line
    from monitor_tui.cli import run

    run()
