"""Variants of the other languages, one module per language, each defining ``VARIANTS: dict[str, Spec]``.

tests/variants.py adds every module's variants to the matrix, so each language's set lives beside the
others without editing one shared list.
"""
