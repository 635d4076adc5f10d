"""Readers of the outside world: sources files, feeds, and the pages they link."""
