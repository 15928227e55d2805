"""Shared helpers for the test suite (real X server, child processes)."""
