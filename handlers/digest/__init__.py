"""The quarterly GP Update: items, editions, approval and publication."""
