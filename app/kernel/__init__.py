"""The shared kernel: what every room builds on and none owns (the DTO base, ids). Domain
errors are app.errors. Nothing here imports a room."""
