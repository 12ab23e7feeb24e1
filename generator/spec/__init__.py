"""The validated, frozen description of what to generate."""
