"""Delivery: the outbox, its retries and failures, and the loop that drains the inbox and sends."""
