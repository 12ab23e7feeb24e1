"""Order events in, ledger entries out."""
