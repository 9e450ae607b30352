"""What whoever runs the servers sees: health, metrics, request logs."""
