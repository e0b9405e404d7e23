"""One error hierarchy for the ETL; the CLI turns these into messages."""
from __future__ import annotations


class EtlError(ValueError):
    """Base of every error the ETL reports about its input."""


class DocumentError(EtlError):
    """A source document that cannot be read: names the file, the field and the problem."""

    def __init__(self, source: str, problem: str, field: str | None = None):
        self.source, self.problem, self.field = source, problem, field
        where = f"{source}: {field}: " if field else f"{source}: "
        super().__init__(where + problem)


class SnapshotError(EtlError):
    """A statistics snapshot that cannot be read: names the file, the row and the problem."""

    def __init__(self, source: str, problem: str, row: int | None = None):
        self.source, self.problem, self.row = source, problem, row
        where = f"{source}: row {row}: " if row is not None else f"{source}: "
        super().__init__(where + problem)
