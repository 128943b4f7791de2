"""The simulator's routers, one per resource."""
