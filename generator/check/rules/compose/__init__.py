"""Compose file rules (``CF``): each reads one service."""
