"""Meetifyr: find a day that works for a group, on MySQL and EdgeDB side by side."""
