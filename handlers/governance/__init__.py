"""Governance: the audit log and retention of question and answer texts."""
