"""The life of a case: a GP's question received, routed, answered, acted on, escalated, closed."""
