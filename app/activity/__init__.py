"""A meeting's activity: its change log, page by page, for whoever has its code."""
