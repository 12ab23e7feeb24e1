"""Background jobs run on a schedule."""
