"""The engagement lead's figures: statistics, RAG status, reporting periods and text tables."""
