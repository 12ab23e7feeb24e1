"""One module per verb; each is a plain function usable as a library."""
