"""The change log: an entry per version of a meeting, the state brought up to date from
them, and the JSON Patches between versions."""
