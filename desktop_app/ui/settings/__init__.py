"""The Settings page parts."""
