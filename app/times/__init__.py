"""Times of day: a meeting's slot grid, answers per slot, best times."""
