"""Screens: the three-pane main screen and the key help."""
