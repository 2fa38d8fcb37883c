"""The widgets of the main screen: sidebar, article list, article pane, status line."""
