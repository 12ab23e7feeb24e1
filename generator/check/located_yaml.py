"""Load YAML into plain dicts and lists that remember the line each key and item starts on.

PyYAML's composer records where every node starts (``node.start_mark.line``); this loader keeps those
lines on the mappings and sequences it builds, so a finding can point at ``privileged: true`` itself.
Merge keys (``<<: *defaults``) and aliases work as in ``yaml.safe_load``; a merged key reports the
line where it was written, in the anchored mapping.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


class LocatedMap(dict[Any, Any]):
    """A mapping that knows its own line and the line of each key.

    Attributes:
        line: 1-based line where the mapping starts.
        key_lines: 1-based line of each key.

    """

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """Return the line of ``key``, or the mapping's own line if the key is absent."""
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows its own line and the line of each item.

    Attributes:
        line: 1-based line where the sequence starts.
        item_lines: 1-based line of each item, in order.

    """

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


@cache
def _loader() -> type[yaml.SafeLoader]:
    """Build the ``SafeLoader`` subclass that makes :class:`LocatedMap` and :class:`LocatedList`.

    PyYAML is imported here, on first use, so importing this module (for the types) stays cheap.
    """
    import yaml

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedMap:
        loader.flatten_mapping(node)
        located = LocatedMap(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, "found an unhashable key", key_node.start_mark
                )
            located[key] = loader.construct_object(value_node, deep=True)
            located.key_lines[key] = key_node.start_mark.line + 1
        return located

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        located = LocatedList(node.start_mark.line + 1)
        for item in node.value:
            located.append(loader.construct_object(item, deep=True))
            located.item_lines.append(item.start_mark.line + 1)
        return located

    class Loader(yaml.SafeLoader):
        """``SafeLoader`` building :class:`LocatedMap` and :class:`LocatedList`."""

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def load(text: str) -> Any:
    """Parse one YAML document with line numbers kept.

    Args:
        text: The YAML text.

    Returns:
        The document: :class:`LocatedMap` for mappings, :class:`LocatedList` for sequences, plain
        scalars otherwise; None for an empty document.

    Raises:
        yaml.YAMLError: The text is not valid YAML.

    """
    import yaml

    return yaml.load(text, Loader=_loader())
