"""Repositories: the queries the core needs, by name. They flush but never commit."""
