"""Clients of external services: intervals.icu."""
