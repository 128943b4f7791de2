"""Services: extract, enrich, load, train, ask. Each takes its ports (store, queue, repository, client) as arguments."""
