"""Database tables, area by area; ``storage.schema`` imports them all."""
