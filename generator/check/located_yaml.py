"""Load YAML into plain dicts and lists that remember the line each key and item starts on.

PyYAML's composer records where every node starts (``node.start_mark.line``); this loader keeps those
lines on the mappings and sequences it builds, so a finding can point at ``privileged: true`` itself.
Merge keys (``<<: *defaults``) and aliases work as in ``yaml.safe_load``; a merged key reports the
line where it was written, in the anchored mapping. Compose's own tags work as in a single file:
``!override`` is dropped, and a key or item tagged ``!reset`` is left out.

Hostile documents are refused with a :class:`YamlLimitError` or a ``yaml.YAMLError``, never a crash:
nesting deeper than :data:`MAX_DEPTH` (which would exhaust Python's stack), aliases that repeat more than
:data:`MAX_ALIAS_NODES` nodes (a "billion laughs" bomb), and a standard tag whose value does not read
(``!!int x``, ``!!timestamp y``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from generator.check.escaping import snippet
from generator.plain_yaml import nesting_limit_reached, safe_loader

if TYPE_CHECKING:
    import yaml

#: The deepest nesting of mappings and sequences read (a compose file nests fewer than ten levels).
MAX_DEPTH = 100
#: The most nodes aliases may add by repeating anchored parts (``<<: *defaults`` in each service adds
#: tens; a bomb adds billions).
MAX_ALIAS_NODES = 100_000


class YamlLimitError(Exception):
    """A document nests too deep or its aliases expand too far.

    Attributes:
        line: 1-based line where the limit was reached, if known.
        problem: Which limit, in a few words.

    """

    def __init__(self, *, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


_RESET = "!reset"
_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"


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


def located_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """Build the subclass of ``base`` that makes :class:`LocatedMap` and :class:`LocatedList`.

    ``base`` is a safe loader: libyaml's (:func:`generator.plain_yaml.safe_loader`, what :func:`load`
    uses) or PyYAML's pure-Python one; both keep the same limits. PyYAML is imported here, on first use,
    so importing this module (for the types) stays cheap.
    """
    import yaml

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedMap:
        loader.flatten_mapping(node)
        located = LocatedMap(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            if value_node.tag == _RESET:
                continue
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict, set)):
                raise yaml.constructor.ConstructorError(
                    None, None, "found an unhashable key", key_node.start_mark
                )
            located[key] = loader.construct_object(value_node, deep=True)
            located.key_lines[key] = key_node.start_mark.line + 1
        return located

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        located = LocatedList(node.start_mark.line + 1)
        for item in node.value:
            if item.tag == _RESET:
                continue
            located.append(loader.construct_object(item, deep=True))
            located.item_lines.append(item.start_mark.line + 1)
        return located

    def untagged(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        """Read a node tagged ``!override`` as if it had no tag."""
        if isinstance(node, yaml.MappingNode):
            return mapping(loader, node)
        if isinstance(node, yaml.SequenceNode):
            return sequence(loader, node)
        # A plain scalar has no style: None from PyYAML's own parser, "" from libyaml's.
        plain = not node.style  # type: ignore[attr-defined]
        tag = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))  # type: ignore[no-untyped-call]
        return loader.construct_object(yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark))

    class Loader(base):  # type: ignore[misc,valid-type]
        """The safe loader building :class:`LocatedMap` and :class:`LocatedList`, within the limits."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            # Only PyYAML's pure-Python composer calls this, recursively: stop before Python's stack
            # runs out. libyaml composes in C and stops at 1,000 levels itself (see get_single_node).
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    line = self.peek_event().start_mark.line + 1
                    raise YamlLimitError(line=line, problem=_TOO_DEEP)
                return super().compose_node(parent, index)  # type: ignore[no-any-return]
            finally:
                self.depth -= 1

        def get_single_node(self) -> yaml.Node | None:
            try:
                node: yaml.Node | None = super().get_single_node()
            except yaml.MarkedYAMLError as error:
                if nesting_limit_reached(error) and error.problem_mark is not None:
                    raise YamlLimitError(line=error.problem_mark.line + 1, problem=_TOO_DEEP) from None
                raise
            if node is not None:
                too_deep = deeper_than(node, MAX_DEPTH)
                if too_deep is not None:
                    raise YamlLimitError(line=too_deep.start_mark.line + 1, problem=_TOO_DEEP)
                if alias_expansion(node) > MAX_ALIAS_NODES:
                    raise YamlLimitError(
                        problem=f"its aliases repeat more than {MAX_ALIAS_NODES} nodes (a YAML bomb?)"
                    )
            return node

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            # A standard tag on a value it cannot read (!!int x, !!bool y) raises what int() or a dict
            # lookup raises; it becomes a YAML error on that node instead of a crash.
            try:
                return super().construct_object(node, deep=deep)
            except yaml.YAMLError:
                raise
            except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError):
                tag = node.tag.replace(yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG[:-3], "!!")
                value = snippet(node.value) if isinstance(node, yaml.ScalarNode) else "this node"
                raise yaml.constructor.ConstructorError(
                    None, None, f"{value} does not read as {snippet(tag)}", node.start_mark
                ) from None

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    Loader.add_constructor("!override", untagged)
    Loader.add_constructor(_RESET, lambda loader, node: None)
    return Loader


@cache
def _loader() -> type[yaml.SafeLoader]:
    return located_loader(safe_loader())


def deeper_than(root: yaml.Node, limit: int) -> yaml.Node | None:
    """Return the first node (in document order) nested more than ``limit`` levels deep, or None.

    The walk keeps its own stack, so a deep document cannot exhaust Python's; a node reached again
    through an alias is not walked again (an alias back to an ancestor would never end).

    Args:
        root: The composed document, at level 1.
        limit: The deepest level allowed.

    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, level = stack.pop()
        if level > limit:
            return node
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend((child, level + 1) for child in reversed(_children(node)))
    return None


def alias_expansion(root: yaml.Node) -> int:
    """Count the nodes aliases add: the document's size with every alias expanded, less its own nodes.

    Each node is visited once (sizes are remembered), so a bomb is measured without being expanded; an
    alias back to a node being read (a recursive document) counts as one node.

    Args:
        root: The composed document.

    Returns:
        The number of nodes the aliases repeat.

    """
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        children = _children(node)
        if finished:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        elif id(node) not in started:
            started.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    return sizes[id(root)] - len(sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load(text: str) -> Any:
    """Parse one YAML document with line numbers kept.

    Args:
        text: The YAML text.

    Returns:
        The document: :class:`LocatedMap` for mappings, :class:`LocatedList` for sequences, plain
        scalars otherwise; None for an empty document.

    Raises:
        yaml.YAMLError: The text is not valid YAML, or a tagged value does not read.
        YamlLimitError: It nests deeper than :data:`MAX_DEPTH` or its aliases repeat more than
            :data:`MAX_ALIAS_NODES` nodes.

    """
    import yaml

    return yaml.load(text, Loader=_loader())
