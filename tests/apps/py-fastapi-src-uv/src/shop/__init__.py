"""The shop catalogue API."""
