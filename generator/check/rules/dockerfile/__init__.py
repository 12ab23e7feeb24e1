"""Dockerfile rules (``DF``): each reads a parsed Dockerfile."""
