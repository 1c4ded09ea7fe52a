"""Harmful sexual behaviour screening: the domain core (pure Python, never imports Qt)."""

__version__ = "0.1.0"
