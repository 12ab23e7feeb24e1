"""Answers from flags, data files, organisation settings and prompts, gathered for one run."""
