"""The HTTP client every fetch goes through, and its guards.

Addresses, pinning, politeness, retries and bounded bodies.
"""
