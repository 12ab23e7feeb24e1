"""What a Java build file (Maven or Gradle) says, in one shape for :mod:`generator.languages.java.detect`."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A value and the source behind it (``pom.xml:12: maven.compiler.release``).
Sourced = tuple[str, str]


@dataclass
class JavaBuild:
    """The answers a Java build file holds.

    Attributes:
        tool: ``maven`` or ``gradle``.
        tool_source: The build file, and the wrapper script beside it if there is one.
        name: The artifact (Maven) or root project (Gradle) name.
        description: The project's description (Maven only).
        java: The Java release it compiles for, as written (``17``, ``1.8``).
        jar: The runnable jar's path ('*' for the version).
        dependencies: Each dependency's artifact name, with the line that declares it.
        spring_boot: The source that makes it a Spring Boot app, if it is one.
        notes: What the user should know about the build file.

    """

    tool: str
    tool_source: str
    name: Sourced | None = None
    description: Sourced | None = None
    java: Sourced | None = None
    jar: Sourced | None = None
    dependencies: dict[str, str] = field(default_factory=dict)
    spring_boot: str | None = None
    notes: list[str] = field(default_factory=list)
