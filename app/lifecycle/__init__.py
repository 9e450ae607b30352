"""A meeting's life after its days are set: the final date, its calendar file, deletion, expiry."""
