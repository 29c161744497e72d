"""Microsoft Teams: the Bot Framework edge, Adaptive Cards and the Teams messenger."""
