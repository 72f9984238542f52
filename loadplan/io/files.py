"""Files: bounded reads of inputs, output checks and atomic writes.

Inputs are read with a bound on the bytes actually read (:func:`read_limited`),
so ``/dev/zero``, a FIFO or a growing file cannot exhaust memory; outputs are
checked before anything is computed (:func:`check_output`) and written
atomically (:func:`atomic_path`, :func:`atomic_write`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Union

from loadplan.io.errors import OrderError, OutputError
from loadplan.model.limits import MAX_ORDER_BYTES

__all__ = [
    "Source",
    "looks_like_text",
    "load_source",
    "read_limited",
    "decode_text",
    "check_output",
    "atomic_path",
    "atomic_write",
]

Source = Union[str, bytes, os.PathLike, IO[str], IO[bytes]]
"""Where an order or costs file comes from: a path, the text, bytes or an open file."""


def looks_like_text(source: str) -> bool:
    """Whether ``source`` is the text itself rather than a file name."""
    if source == "" or "\n" in source or "\r" in source:
        return True
    if not source.lstrip().startswith(("{", "[")):
        return False
    try:  # "[2024] order.json" may be a file name
        return not os.path.exists(source)
    except (OSError, ValueError):
        return True


def load_source(source: Source) -> tuple[str | bytes, str, str | None]:
    """Return (content, display name, file suffix or None)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "order", None
    if isinstance(source, str) and looks_like_text(source):
        return source, "order", None
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.fspath(source))
        return read_limited(path, MAX_ORDER_BYTES), str(path), path.suffix.lower()
    read = getattr(source, "read", None)
    if callable(read):
        name = str(getattr(source, "name", "order"))
        try:
            data = read(MAX_ORDER_BYTES + 1)
        except UnicodeDecodeError as exc:
            raise OrderError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                             "save it as 'CSV UTF-8'") from None
        except OSError as exc:
            raise OrderError(f"{name}: cannot read ({exc})") from None
        if not isinstance(data, (str, bytes)):
            raise OrderError(f"{name}: read() returned {type(data).__name__}, not text or bytes")
        if len(data) > MAX_ORDER_BYTES:
            raise OrderError(f"{name}: file too large (more than {MAX_ORDER_BYTES:,} bytes; "
                             f"the limit is {MAX_ORDER_BYTES // (1024 * 1024)} MiB)")
        suffix = Path(name).suffix.lower() if isinstance(getattr(source, "name", None), str) else None
        return data, name, suffix
    raise OrderError(f"cannot read an order from a {type(source).__name__}; "
                     "give a path, the text, bytes or an open file")


def read_limited(path: str | os.PathLike, limit: int, *, what: str = "order file") -> bytes:
    """Read at most ``limit`` bytes of a file; more is an error.

    The bound is on the bytes actually read, not on the size the file
    claims, so ``/dev/zero``, a FIFO or a growing file cannot exhaust memory.

    Raises
    ------
    OrderError
        Missing file, a directory, unreadable, not a valid file name, or
        larger than ``limit`` bytes; the message names the path and the limit.
    """
    name = os.fspath(path)
    name = os.fsdecode(name) if isinstance(name, bytes) else name
    try:
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise OrderError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise OrderError(f"{name}: is a directory, not an {what}") from None
    except OSError as exc:
        raise OrderError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except ValueError:  # e.g. a NUL character in the name
        raise OrderError(f"{name!r}: not a valid file name") from None
    if len(data) > limit:
        raise OrderError(f"{name}: file too large (more than {limit:,} bytes; "
                         f"the limit is {limit // (1024 * 1024)} MiB)")
    return data


def decode_text(data: str | bytes, name: str) -> str:
    """Text of an input: UTF-8 (with or without BOM) or UTF-16 with a BOM; no NUL characters."""
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise OrderError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise OrderError(
                    f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                    "save it as 'CSV UTF-8' or JSON") from None
    else:
        text = data
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise OrderError(f"{name}: binary data (NUL characters), not a CSV or JSON order")
    return text


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output(path: str | os.PathLike, *, inputs: Iterable[Any] = (),
                 outputs: Iterable[Any] = ()) -> Path:
    """Check that ``path`` may be written as an output file; return it as a Path.

    An output is written only as a regular file, never over an input nor
    over another output of the same run: paths are compared resolved
    (symbolic links and ``..`` followed), and existing files also by
    identity (``os.path.samefile``: the same inode, so hard links count).

    Parameters
    ----------
    path : str or os.PathLike
        The output file.
    inputs, outputs : iterable of str or os.PathLike
        Files read by the run and the run's other outputs (``"-"``, None and
        file objects are skipped).

    Raises
    ------
    OutputError
        Empty name; a path that exists and is not a regular file (a
        directory, symbolic link, FIFO, device or socket); a missing folder;
        the same file as an input or another output. The message names
        the path as given.

    Examples
    --------
    >>> check_output("")
    Traceback (most recent call last):
    ...
    loadplan.io.OutputError: output file name is empty
    """
    try:
        text = os.fspath(path)
    except TypeError:
        raise OutputError(f"an output path must be a str or os.PathLike, got {type(path).__name__}") from None
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text:
        raise OutputError("output file name is empty")
    if "\x00" in text:
        raise OutputError(f"{text!r}: not a valid file name (NUL character)")
    target = Path(text)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{text}: cannot write ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{text}: is {_kind(info.st_mode)}; outputs are written only as regular files")
    if text.endswith(os.sep) or (os.altsep and text.endswith(os.altsep)):
        raise OutputError(f"{text}: is a folder name, not a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{text}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{text}: folder {parent} is not writable")
    for other in inputs:
        if _same_file(target, other):
            raise OutputError(f"{text}: would overwrite an input file ({os.fspath(other)})")
    for other in outputs:
        if _same_file(target, other):
            raise OutputError(f"{text}: the same file is given twice as an output "
                              f"({os.fspath(other)})")
    return target


def _same_file(target: Path, other: Any) -> bool:
    if other is None or not isinstance(other, (str, os.PathLike)) or os.fspath(other) in ("-", ""):
        return False
    try:
        if os.path.realpath(target) == os.path.realpath(other):
            return True
        return os.path.exists(target) and os.path.exists(other) and os.path.samefile(target, other)
    except (OSError, ValueError):
        return False


def _temporary(directory: Path, suffix: str) -> tuple[int, str]:
    """A new temporary file in ``directory`` with a short name (``.lp-XXXXXXXX.tmp``)."""
    suffix = suffix if len(suffix) <= 16 else ""
    return tempfile.mkstemp(prefix=".lp-", suffix=".tmp" + suffix, dir=directory)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it to ``path`` on success.

    If the body raises, the temporary file is removed and ``path`` is left as
    it was, so a reader never sees a half-written file. The temporary name
    is short (``.lp-XXXXXXXX.tmp`` plus the suffix of ``path``), so any valid
    file name works, and errors name ``path``, never the temporary file.
    ``path`` must be a regular file or not exist (see :func:`check_output`).

    Raises
    ------
    OutputError
        As :func:`check_output`.
    OSError
        When the folder cannot be written; ``filename`` is ``path``.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    """
    target = check_output(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = _temporary(directory, target.suffix)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    with contextlib.suppress(OSError):  # mkstemp makes 0600 files; give the usual mode
        os.chmod(tmp, _file_mode(target))
    try:
        try:
            yield tmp
            check_output(target)  # it may have become a FIFO or a link meanwhile
            os.replace(tmp, target)
        except OSError as exc:
            if exc.filename is not None and os.fspath(exc.filename) in (tmp_name, str(tmp)):
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename; see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
