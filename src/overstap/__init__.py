"""Overstap: the doorgaande lijn in passend onderwijs."""

__version__ = "0.1.0"
