"""What whoever runs the servers sees: request logs, health."""
