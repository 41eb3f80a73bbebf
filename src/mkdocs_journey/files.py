"""Finding and reading journey files without trusting the folder: links, FIFOs, devices, loops.

A build must end in seconds and name the file whatever sits in the journeys folder, so discovery
never follows a folder link into a loop, and reading takes only regular files, at most `LIMIT` bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

YAML_SUFFIXES = (".yml", ".yaml")
JOURNEY_SUFFIXES = (*YAML_SUFFIXES, ".mmd")
"""A journey may also be a Mermaid `journey` diagram (`mermaid.read_document`); a persona is YAML only."""
LIMIT = 1024 * 1024
"""Bytes per journey file: far above any real journey, far below what would eat a build's memory."""

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class FileError(Exception):
    """A file that cannot be a journey file: `message` and `hint` go into a Problem."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def _reason(exc: OSError) -> str:
    """`permission denied`, not `[Errno 13] Permission denied: '/abs/path'`: the path is said already."""
    return (exc.strerror or str(exc)).lower()


def _not_regular(mode: int) -> FileError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return FileError(f"cannot read the file: it is {kind}, not a file",
                     "journey files must be regular files (or links to them)")


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most `LIMIT` bytes, or FileError; never blocks, never reads more.

    O_NONBLOCK makes opening a FIFO return at once (then fstat refuses it); reading stops at LIMIT + 1
    bytes, so a file growing while read, or lying in its size, is still refused.
    """
    try:
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            raise _not_regular(mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError(f"cannot read the file: {_reason(exc)}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between stat and open
            raise _not_regular(info.st_mode)
        chunks, size = [], 0
        while size <= LIMIT and (chunk := os.read(fd, LIMIT + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FileError(f"cannot read the file: {_reason(exc)}") from exc
    finally:
        os.close(fd)
    if size > LIMIT:
        shown = max(size, info.st_size)
        raise FileError(f"the file is {shown} bytes; journey files are limited to 1 MiB",
                        "split it into several journeys, or remove what is not journey data")
    return b"".join(chunks)


@dataclass
class _Walk:
    """One walk of a folder tree: what it found, skipped and could not read."""

    display: Callable[[Path], str]
    skipped: list[str]
    problems: list[Problem]
    excluded: tuple[int, int] | None
    suffixes: tuple[str, ...] = YAML_SUFFIXES
    found: list[Path] = field(default_factory=list)
    ancestors: set[tuple[int, int]] = field(default_factory=set)

    def sort(self, path: Path) -> None:
        """A folder is walked, a YAML file found, anything else said to be skipped."""
        yaml = path.suffix.lower() in self.suffixes
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            if yaml:
                self.found.append(path)  # a dangling or looping .yml link: reading it says why
            else:
                self.problems.append(Problem(self.display(path), 0, 0, f"cannot read it: {_reason(exc)}",
                                             "remove the broken link"))
            return
        if is_dir:
            self.visit(path)
        elif yaml:
            self.found.append(path)
        else:
            self.skipped.append(self.display(path))

    def visit(self, directory: Path) -> None:
        try:
            info = os.stat(directory)
            key = (info.st_dev, info.st_ino)
            if key in self.ancestors:
                self.problems.append(Problem(self.display(directory), 0, 0,
                                             "the folder links back to a folder above it (a symlink loop)",
                                             "remove the link, or point it at a folder outside this one"))
                return
            if key == self.excluded:
                return
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(Problem(self.display(directory), 0, 0, f"cannot read the folder: {_reason(exc)}",
                                         "fix its permissions or links, or move it out of the journeys folder"))
            return
        self.ancestors.add(key)
        for entry in entries:
            if not entry.name.startswith("."):
                self.sort(directory / entry.name)
        self.ancestors.discard(key)


def find_files(folder: Path, exclude: Path | None, display: Callable[[Path], str],
               skipped: list[str], problems: list[Problem], suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[Path]:
    """YAML files under `folder` (subfolders and folder links too, hidden ones not), in a stable order.

    Nothing is skipped silently: an unreadable folder or a link loop is a Problem; non-YAML files go
    to `skipped` (README.md next to journeys is normal). A .yml that is not a file is returned, so
    that reading it names what it is. `exclude` (the personas folder) is compared by inode: a link
    loop cannot make the comparison raise.
    """
    try:
        info = os.stat(exclude) if exclude is not None else None
    except OSError:
        info = None
    walk = _Walk(display, skipped, problems, (info.st_dev, info.st_ino) if info else None, suffixes)
    if os.path.lexists(folder):  # no personas folder is fine; a broken or looping link to one is not
        walk.visit(folder)
    return walk.found
