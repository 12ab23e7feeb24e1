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
        build_file: The build file read (``pom.xml``, ``build.gradle.kts``...).
        wrapper: The wrapper script beside it (``mvnw``, ``gradlew``), or None when there is none.
        name: The artifact (Maven) or root project (Gradle) name, when the build file sets it.
        description: The project's description.
        java: The Java release it compiles for, as written (``17``, ``1.8``).
        jar: The runnable jar's path: the folder the build writes it to, and a file name in which '*'
            stands for what may change (the version, and the project name where the image's folder
            decides it).
        dependencies: Each dependency the app runs with (test-only ones left out), with the line that
            declares it.
        spring_boot: The source that makes it a Spring Boot app, if it is one.
        unsettled: Answers the build points at only something that would not build or start (a
            multi-module build, a jar without a main class), each with why and the candidates found.
        notes: What the user should know about the build file.

    """

    tool: str
    build_file: str
    wrapper: str | None = None
    name: Sourced | None = None
    description: Sourced | None = None
    java: Sourced | None = None
    jar: Sourced | None = None
    dependencies: dict[str, str] = field(default_factory=dict)
    spring_boot: str | None = None
    unsettled: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def tool_source(self) -> str:
        """The build file, and the wrapper beside it if there is one: ``pom.xml, mvnw``."""
        return f"{self.build_file}, {self.wrapper}" if self.wrapper else self.build_file
