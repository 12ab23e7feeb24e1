"""Rendering the Copier template: where it lives, its versioned source, and the render itself."""
