"""One error hierarchy for the ETL; the CLI turns these into messages."""
from __future__ import annotations

from collections.abc import Iterable


class EtlError(ValueError):
    """Base of every error the ETL reports about its input."""


class UsageError(EtlError):
    """A mistaken command (a folder that does not exist, one with no documents): exit status 2."""


class DocumentError(EtlError):
    """A source document that cannot be read: names the file, and for each problem the field and what is wrong.

    One document may have several problems (``problems``: (field or None, problem) pairs, all found in one
    pass); ``field`` and ``problem`` are the first. ``str()`` is one ``file: field: problem`` line per problem.
    """

    def __init__(self, source: str, problem: str, field: str | None = None,
                 more: Iterable[tuple[str | None, str]] = ()):
        self.source, self.problem, self.field = source, problem, field
        self.problems: list[tuple[str | None, str]] = [(field, problem), *more]
        super().__init__("\n".join(f"{source}: {f}: {p}" if f else f"{source}: {p}" for f, p in self.problems))

    def renamed(self, source: str) -> DocumentError:
        """The same problems, said of another name (the file's name rather than its stem)."""
        return DocumentError(source, self.problem, self.field, self.problems[1:])

    def __reduce__(self):  # crosses process boundaries whole (worker processes of a large build)
        return DocumentError, (self.source, self.problem, self.field, tuple(self.problems[1:]))


class SnapshotError(EtlError):
    """A statistics snapshot that cannot be read: names the file, the row and the problem."""

    def __init__(self, source: str, problem: str, row: int | None = None):
        self.source, self.problem, self.row = source, problem, row
        where = f"{source}: row {row}: " if row is not None else f"{source}: "
        super().__init__(where + problem)

    def __reduce__(self):
        return SnapshotError, (self.source, self.problem, self.row)
