"""PySide6 widgets, view models and Qt glue. No business logic lives here."""
