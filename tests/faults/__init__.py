"""Fault tests: many people at once, the database going away, a disk that will not take a file."""
