"""The local console platform."""
