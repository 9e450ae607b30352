"""Event streams: every open view of a meeting gets each change pushed."""
