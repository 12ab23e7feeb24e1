"""``python -m generator``: the same as the ``scaffold`` command."""

from generator.entry import main

main()
