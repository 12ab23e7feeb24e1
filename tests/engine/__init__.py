"""Engine tier: build and run what scaffold writes under a real Docker engine and Compose v2."""
