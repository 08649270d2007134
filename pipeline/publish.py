"""Outputs that survive crashes and concurrent runs.

- ``run_lock(out)``: one run per output folder at a time. A second run waits for the first (and
  logs that it is waiting); the lock is an ``flock`` on a file beside the output folder, released by
  the kernel when the holder exits, even on SIGKILL — no stale lock to clean up.
- ``staging(out)`` + ``publish(staged, out)``: a run writes the whole table set into a fresh
  staging folder beside ``out`` and swaps it in at the end with one atomic ``renameat2(RENAME_EXCHANGE)``
  (Linux >= 3.15), so a reader sees the previous complete set or the new one, never a mix. Where that
  call is unavailable, two renames leave a window of microseconds with no folder (never a mixed one).
  Files in ``out`` that are not tables (a user's notes) are carried over into the new folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _sibling(out: Path, suffix: str) -> Path:
    out = Path(out).resolve()
    return out.parent / f".{out.name}.{suffix}"


@contextlib.contextmanager
def run_lock(out: Path, *, log_waiting: Callable[[str], None] = log.info) -> Iterator[None]:
    """Hold the output folder's run lock for the duration of the block (waits for a running holder)."""
    path = _sibling(out, "lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            log_waiting(f"another run is writing {out} (pid {holder}); waiting for it to finish")
            started = time.monotonic()
            fcntl.flock(fh, fcntl.LOCK_EX)
            log_waiting(f"the other run finished after {time.monotonic() - started:.1f} s; starting")
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def clean_stale(out: Path) -> None:
    """Remove staging and retired folders a killed run left behind (call while holding the lock)."""
    out = Path(out).resolve()
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.retired-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def staging(out: Path) -> Path:
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def publish(staged: Path, out: Path, table_names: tuple[str, ...]) -> None:
    """Swap the staged table set in as ``out`` (see module docstring)."""
    out = Path(out).resolve()
    staged = Path(staged)
    if out.is_dir():
        keep = {f"{name}.csv" for name in table_names}
        for entry in out.iterdir():
            if entry.name not in keep and not (staged / entry.name).exists():
                if entry.is_dir():
                    shutil.copytree(entry, staged / entry.name, symlinks=True)
                else:
                    shutil.copy2(entry, staged / entry.name)
        os.chmod(staged, os.stat(out).st_mode & 0o7777)
    else:
        os.chmod(staged, 0o755)
    for f in staged.iterdir():
        if f.is_file():
            os.chmod(f, 0o644)
    if not out.exists():
        os.rename(staged, out)
        return
    if _exchange(staged, out):
        shutil.rmtree(staged)  # now holds the previous set
        return
    retired = Path(str(staged).replace(".staging-", ".retired-"))
    os.rename(out, retired)
    os.rename(staged, out)
    shutil.rmtree(retired, ignore_errors=True)
