"""The extraction's compiled regular expressions, kept between runs as Python keeps compiled modules (issue #12).

Python's ``re`` turns a pattern's text into a program for its matching engine, in Python, every time a process
starts. The extraction's few hundred patterns, long word lists among them, take about half a second: as long as
reading a thousand documents, and, in a large build, done before the workers start. ``compile`` gives the very
pattern ``re.compile`` gives (Pattern objects compare equal: same text, flags and program), taking the program from
a file an earlier run wrote when it holds that text with those flags; ``save`` writes the programs this process
compiled or used. A program is kept only after the engine, given it, made a pattern equal to ``re.compile``'s
(``re.Pattern`` equality compares every code of the program): ``re``'s private compiler, which makes it, can change
with Python without making a wrong pattern here (only a slower start).

The file is named by the Python build and the version of its regex engine (a program is read back only by the
engine that made it) and lives in the user's cache folder (``$XDG_CACHE_HOME/kca-indicators``, else
``~/.cache/kca-indicators``; ``KCA_REGEX_CACHE=off`` turns it off). It is written atomically and is only ever a
cache: missing, unreadable or unwritable, patterns are compiled as ``re.compile`` compiles them.
"""
from __future__ import annotations

import _sre
import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

try:  # (the engine's own compiler, which re.compile calls: Python 3.11 and later)
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python
    _compiler = _parser = None

# programs kept at most (the extraction has about 420): past it, a save keeps only its own process's patterns
MAX_KEPT = 1500
Program = tuple  # (flags, code, groups, groupindex, indexgroup): what _sre.compile takes after the pattern's text

_loaded: dict[tuple[str, int], Program] | None = None  # read from the file, once per process
_used: dict[tuple[str, int], Program] = {}  # the programs this process compiled or read (what save writes)


def _engine() -> str:
    """The Python build and regex engine a program belongs to, and the checkout it serves (two checkouts of the project
    on one machine, say a working copy and a clean clone, each keep their own programs rather than evict each other's)."""
    build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXGROUPS}"
    return hashlib.sha256(f"{build}|{Path(__file__).resolve().parent}".encode()).hexdigest()[:16]


def path() -> Path | None:
    """The cache file, or None when the cache is turned off."""
    if os.environ.get("KCA_REGEX_CACHE", "").lower() in ("off", "0", "no") or _compiler is None:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kca-indicators" / f"regex-{_engine()}.marshal"


def _programs() -> dict[tuple[str, int], Program] | None:
    """The programs read from the file (once per process); None when the cache is turned off."""
    global _loaded
    if _loaded is None:
        file = path()
        if file is None:
            return None
        _loaded = {}
        try:
            data = marshal.loads(file.read_bytes())
            _loaded = data if isinstance(data, dict) else {}
        except (OSError, ValueError, EOFError, TypeError):  # none yet, or not ours: compiled again
            pass
    return _loaded


def program(text: str, flags: int) -> Program:
    """The engine's program of a pattern, as ``re._compiler.compile`` makes it (plain values: marshal keeps them)."""
    parsed = _parser.parse(text, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(text: str, flags: int | re.RegexFlag = 0) -> re.Pattern:
    """``re.compile(text, flags)``, its program read from the cache when an earlier run made it."""
    flags = int(flags)
    if _compiler is None or flags & re.DEBUG or not isinstance(text, str):
        return re.compile(text, flags)
    programs = _programs()
    if programs is None:
        return re.compile(text, flags)
    key = (text, flags)
    found = programs.get(key)
    if found is not None:
        try:
            compiled = _sre.compile(text, *found)
            _used[key] = found
            return compiled
        except (TypeError, ValueError, RuntimeError, OverflowError):  # (the engine refuses a damaged program)
            pass
    compiled = re.compile(text, flags)
    try:  # the program, kept only when the engine makes the very same pattern of it
        made = program(text, flags)
        same = _sre.compile(text, *made) == compiled  # (Pattern equality: text, flags and every code of the program)
    except Exception:  # (another Python's private compiler: this one's re.compile, nothing kept)
        same = False
    if same:
        _used[key] = made
    return compiled


def save(complete: bool = False) -> None:
    """Write the programs of this process's patterns, with those read from the file (only these, when ``complete``:
    every pattern the extraction may compile has been, so what it no longer uses is dropped; or when the file would
    hold more than MAX_KEPT). Nothing is written when nothing is new; a failure to write is no error (the next run
    compiles again)."""
    if not _used:  # (a command that compiled nothing: not even the file is read)
        return
    file, known = path(), _programs()
    if file is None or known is None:
        return
    keep = dict(_used) if complete else {**known, **_used}
    if len(keep) > MAX_KEPT:  # (patterns of many lexicons, a word list edited again and again: only today's)
        keep = dict(_used)
    if keep.keys() == known.keys():
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(keep))
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return
    global _loaded
    _loaded = keep
