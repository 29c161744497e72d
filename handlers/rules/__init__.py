"""Pure rules the cases follow: privacy, routing, working time, rotas, red flags, roles."""
