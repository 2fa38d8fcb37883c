"""The Textual UI. Only this package imports Textual; importing it stays cheap.

Launch with :func:`monitor_tui.ui.app.run_app`.
"""
