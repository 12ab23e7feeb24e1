"""The .dockerignore rules (``DI``): is there one, and what it lets into the build context."""
