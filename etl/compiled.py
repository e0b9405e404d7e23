"""The lexicon's regular expressions compiled once per installation, not once per run (issue #12).

Python turns a pattern's text into a program for its matching engine in Python code (``re._parser``,
``re._compiler``) in every process that compiles it: for the lexicon's few hundred patterns, about a tenth of a second
of every build, before a worker can start. ``compile`` is ``re.compile``, and keeps the program it made in a file of
``etl/__pycache__`` (as Python keeps the bytecode of modules, and only where Python would write that); next time the
engine is handed the kept program of the same text and flags. The engine checks each program it is handed; a file made
by another Python, or one that cannot be read, is ignored and the patterns are compiled as ``re.compile`` does.
"""
from __future__ import annotations

import array
import marshal
import os
import re
import sys
import tempfile
import zlib
from pathlib import Path

try:
    import _sre
    from re import _compiler, _parser

    _CODE = next(t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE)  # an engine program's unit
    VERSION = (sys.hexversion, _sre.MAGIC, _sre.CODESIZE)
except (ImportError, AttributeError, StopIteration):  # another Python's engine: re.compile alone
    _sre = None
    VERSION = None

FILE = Path(__file__).with_name("__pycache__") / f"lexicon-patterns.{sys.implementation.cache_tag}.bin"
_kept: dict[tuple[str, int], tuple] | None = None  # (text, flags) -> (flags, program, groups, groupindex, indexgroup)
_made: set[tuple[str, int]] = set()  # programs this process made, not yet in the file


def _programs() -> dict[tuple[str, int], tuple]:
    global _kept
    if _kept is None:
        _kept = {}
        try:
            with open(FILE, "rb") as f:
                version, check, data = marshal.load(f)
            if version == VERSION and zlib.crc32(data) == check:  # (a file cut short or altered: not used)
                _kept = marshal.loads(data)
        except Exception:  # no file yet, or one that cannot be read: every pattern compiled anew
            pass
    return _kept


def compile(text: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (re.compile's name: it is re.compile)
    """``re.compile(text, flags)``, from the program kept for them where there is one."""
    flags = int(flags)
    if _sre is None:
        return re.compile(text, flags)
    key = (text, flags)
    kept = _programs().get(key)
    if kept is not None:
        try:
            return _sre.compile(text, kept[0], array.array(_CODE, kept[1]).tolist(), *kept[2:])
        except Exception:  # a program the engine refuses: compiled anew below
            pass
    # what re._compiler.compile does, keeping the program
    parsed = _parser.parse(text, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    program = (flags | parsed.state.flags, array.array(_CODE, code).tobytes(), parsed.state.groups - 1, groupindex,
               tuple(indexgroup))
    _programs()[key] = program
    _made.add(key)
    return _sre.compile(text, program[0], code, *program[2:])


def keep() -> None:
    """Write the programs made by this process to the file (with those kept before), where Python would write
    bytecode; a folder that cannot be written to keeps nothing."""
    if not _made or sys.dont_write_bytecode or _sre is None:
        return
    try:
        FILE.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{FILE.name}.", dir=FILE.parent)
        try:
            os.chmod(tmp, 0o644)  # as Python's own bytecode files
            data = marshal.dumps(_programs())
            with os.fdopen(fd, "wb") as f:
                marshal.dump((VERSION, zlib.crc32(data), data), f)
            os.replace(tmp, FILE)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    _made.clear()
