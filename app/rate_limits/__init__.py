"""Rate limits per client: how many meetings it creates, how often it joins, how many changes a
token makes, how many event streams it holds open. Counted by the `limits` library's moving
window, in this process or, when RATE_LIMIT_STORAGE names a Redis, shared by every process."""
