"""The disk cache's one file (`.cache/journey/cache.sqlite`): entries of every kind, written once a build.

The three caches (parsed files, charts, rendered pages) once kept a file per entry: at N = 300 a cold
build made ~1,300 files in ~770 folders, which cost ~0.7 s of CPU (most of it in the kernel) and ~1 s
of wall time, a third of what the plugin costs a cold build. SQLite (the standard library's) keeps
them in one file, written in one transaction at the end of the build, read by primary key; it also
settles what per-file entries needed care for: a reader never sees half an entry, two builds sharing
the folder wait for each other's write, and what no build used for `KEEP_DAYS` is dropped, so a
cache restored by CI does not grow with every edit.

The cache is never the build's problem: a folder that cannot be written, a locked or damaged
database, a foreign file in its place, each only turns the cache off or starts it afresh. Entries
are text the plugin wrote (JSON and SVG), never code, and each kind checks what it reads.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "cache.sqlite"
LAYOUT = 2
"""The file's `user_version`: 2, a table with rowids; a file of another layout is started afresh."""
KEEP_DAYS = 30
WAIT_SECONDS = 10.0
"""How long a build waits for another one's write (a transaction of one build's entries: well under a second)."""
BATCH_CHARS = 16_000_000
"""New entries held in memory before they are written (a transaction each): memory stays bounded at N = 3000."""
_DAY = 24 * 3600
_OLD_LAYOUT = ("charts", "parsed", "pages")  # a file per entry, before this store


@dataclass
class DiskStore:
    """Text entries by (kind, key) in one SQLite file; new entries are kept in memory until `flush`."""

    path: Path
    clock: Callable[[], float] = time.time
    _db: sqlite3.Connection | None = None
    _broken: bool = False
    _new: dict[tuple[str, str], str] = field(default_factory=dict)
    _new_chars: int = 0
    _kinds: dict[str, bool] = field(default_factory=dict)
    """Whether the file holds entries of a kind: a cold build asks nothing of an empty file (a lookup in a
    file that grows as the build writes cost ~0.7 ms, ~5 s for the 6,900 entries of N = 3000)."""
    _batched: set[tuple[str, str]] = field(default_factory=set)
    """Entries of a kind the file lacked at its first lookup, written in a batch before the build's end: the
    only ones of that kind it can hold. A cold build's pages went on to query the growing file (~0.1 ms each)
    once the first batch was written."""
    _touched: set[tuple[str, str]] = field(default_factory=set)
    """Entries read this build that no build has used for a day: their last use is written at `flush`."""

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and exc.sqlite_errorcode != sqlite3.SQLITE_ERROR:
                self._broken = True  # locked by another build for too long, read-only: no cache this build
                return None
            try:  # not a database, a damaged one, or another program's tables: the cache starts afresh
                self.path.unlink(missing_ok=True)
                self._db = self._open()
            except (OSError, sqlite3.Error):
                self._broken = True
        except (OSError, sqlite3.Error):  # no folder: no cache this build
            self._broken = True
        return self._db

    def _open(self) -> sqlite3.Connection:
        # check_same_thread=False: `mkdocs serve` builds in a thread of its own, one build at a time.
        db = sqlite3.connect(self.path, timeout=WAIT_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            # Entries are pages of HTML (up to megabytes): large database pages read them in few system calls
            # (~30,000 reads of 4 KB at N = 300 with SQLite's default page size).
            db.execute("PRAGMA page_size = 65536")  # takes effect when the file is new
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] and (
                    db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT):
                raise sqlite3.DatabaseError("a cache of another layout")  # started afresh, as a damaged one
            # `used` before `value`: pruning reads it without reading the values (overflow pages) at all.
            # A table with rowids: an entry is appended where the last one ended, and (kind, key) is an index of
            # its own. In a WITHOUT ROWID table the entries were the index, and an entry of tens of KB landing
            # among others moved its neighbours about: writing took 2.5 s of CPU at N = 3000, over 10 times
            # what it took at N = 300 (SQLite advises WITHOUT ROWID for rows of under 1/20 of a page).
            db.execute("CREATE TABLE IF NOT EXISTS entry (kind TEXT NOT NULL, key TEXT NOT NULL, used INTEGER NOT NULL,"
                       " value TEXT NOT NULL, PRIMARY KEY (kind, key))")
            db.execute(f"PRAGMA user_version = {LAYOUT}")
            db.execute("SELECT kind, key, used, value FROM entry LIMIT 1").fetchall()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def get(self, kind: str, key: str) -> str | None:
        """The entry, or None (a miss; also when the cache cannot be read)."""
        new = self._new.get((kind, key))
        if new is not None:
            return new
        db = self._connect()
        if db is None:
            return None
        try:
            if kind not in self._kinds:
                self._kinds[kind] = db.execute("SELECT 1 FROM entry WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None
            if not self._kinds[kind] and (kind, key) not in self._batched:
                return None
            row = db.execute("SELECT value, used FROM entry WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], str):
            return None
        if not isinstance(row[1], int) or row[1] < self.clock() - _DAY:
            self._touched.add((kind, key))
        return row[0]

    def put(self, kind: str, key: str, value: str) -> None:
        self._new[(kind, key)] = value
        self._new_chars += len(value)
        if self._new_chars > BATCH_CHARS:
            self._write(prune=False)

    def flush(self) -> None:
        """Write this build's new entries and last uses, and drop what no build used for `KEEP_DAYS`."""
        self._write(prune=True)

    def _write(self, *, prune: bool) -> None:
        new, touched = self._new, self._touched
        self._new, self._touched, self._new_chars = {}, set(), 0
        db = self._connect()
        if db is None:
            return
        now = int(self.clock())
        rows = [(kind, key, now, value) for (kind, key), value in sorted(new.items())]
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entry (kind, key, used, value) VALUES (?, ?, ?, ?)", rows)
            except UnicodeEncodeError:  # a lone surrogate (the loader refuses them): that entry is not kept
                db.execute("ROLLBACK")  # (looked for only then: encoding every entry first cost ~0.2 s at N = 3000)
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO entry (kind, key, used, value) VALUES (?, ?, ?, ?)",
                               [row for row in rows if _encodable(row[3])])
            db.executemany("UPDATE entry SET used = ? WHERE kind = ? AND key = ?",
                           [(now, kind, key) for kind, key in sorted(touched - new.keys())])
            if prune:
                db.execute("DELETE FROM entry WHERE used < ?", (now - KEEP_DAYS * _DAY,))
            db.execute("COMMIT")
            if prune:
                self._kinds.update((kind, True) for kind, _ in new)
                self._batched.clear()
            else:  # a kind the file lacked stays lacking but for these (see `_batched`)
                self._batched.update(entry for entry in new if entry[0] in self._kinds)
        except sqlite3.Error:  # locked by another build for too long, disk full: this build's entries are lost
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def open_store(folder: Path) -> DiskStore:
    """The store in `folder`; a folder of the older layout (a file per entry) is emptied of it first."""
    for name in _OLD_LAYOUT:
        old = folder / name
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return DiskStore(folder / FILE_NAME)
