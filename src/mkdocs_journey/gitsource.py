"""Folders of a git repository as they were at a revision, copied out without touching the working tree.

`mkdocs-journey diff` compares the journeys of two revisions: each is exported with `git archive`
(one process, whatever the number of files) into a temporary folder, and loaded as any folder is.
Every failure of git is a `GitError` with a sentence for people, never a traceback.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

DEFAULT_BRANCHES = ("origin/HEAD", "main", "master", "origin/main", "origin/master")
"""Where the default branch is looked for, in order, when BASE is not given."""


class GitError(Exception):
    """Git could not do what was asked: not a repository, an unknown revision, no git at all."""


def git(args: Sequence[str], cwd: Path) -> bytes:
    """Run git (paths taken literally: a folder named `*` is that folder), its output; GitError with its message."""
    try:
        done = subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, capture_output=True, check=False, timeout=300)
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH): give --base-dir and --head-dir instead") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} took more than 300 s") from exc
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout


def toplevel(cwd: Path) -> Path:
    try:
        return Path(git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    except GitError as exc:
        raise GitError(f"{cwd} is not in a git repository: give --base-dir and --head-dir to compare two folders") from exc


def commit(revision: str, top: Path) -> str:
    """The commit a revision names (`main`, `HEAD~2`, `v1.0`, a sha)."""
    if not revision or revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision")
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top).decode().strip()
    except GitError as exc:
        raise GitError(f"'{revision}' is not a revision of this repository (a branch, tag or commit); "
                       f"fetch it first if it is a remote branch (git fetch origin)") from exc


def default_base(top: Path) -> str:
    """The merge base of HEAD with the default branch: what a pull request's diff is taken against."""
    for candidate in DEFAULT_BRANCHES:
        try:
            commit(candidate, top)
        except GitError:
            continue
        try:
            return git(["merge-base", "HEAD", candidate], top).decode().strip()
        except GitError as exc:
            raise GitError(f"HEAD has no common ancestor with {candidate}: give BASE") from exc
    raise GitError("no default branch found (" + ", ".join(DEFAULT_BRANCHES) + "): give BASE, e.g. origin/main")


def relative(path: Path, top: Path) -> str:
    """A folder as git names it: relative to the repository's top, with '/'."""
    try:
        return PurePosixPath(path.resolve().relative_to(top.resolve())).as_posix()
    except ValueError as exc:
        raise GitError(f"{path} is outside the git repository {top}") from exc


def export(revision: str, folders: Sequence[str], top: Path, dest: Path) -> list[str]:
    """Copy `folders` (relative to `top`) as they are at `revision` into `dest`; the files copied, sorted.

    A folder that does not exist at that revision is left out: every journey in it is then new.
    Only regular files are copied, each inside `dest` (no links, whatever the Python: tarfile's filters came in 3.11.4).
    """
    sha = commit(revision, top)
    present = [f for f in dict.fromkeys(folders) if git(["ls-tree", "-r", "-z", "--name-only", sha, "--", f], top)]
    for folder in folders:
        (dest / folder).mkdir(parents=True, exist_ok=True)
    if not present:
        return []
    archive = git(["archive", "--format=tar", sha, "--", *present], top)
    names = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            path = PurePosixPath(member.name)
            if not member.isfile() or path.is_absolute() or ".." in path.parts:
                continue  # links and odd names: a journey is a regular file (as `files.find_files` reads them)
            source = tar.extractfile(member)
            if source is not None:
                target = dest.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read())
                names.append(member.name)
    return sorted(names)
