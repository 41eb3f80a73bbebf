"""The disk cache's one file (issue 16): entries survive a build, damage or a lock never fails one, and
what no build used for a month is dropped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mkdocs_journey import diskstore
from mkdocs_journey.diskstore import KEEP_DAYS, DiskStore, open_store

from conftest import CACHE_DB, build_site, cache_entries, site_files

DAY = 24 * 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000_000.0

    def __call__(self) -> float:
        return self.now


def test_entries_are_written_at_flush_and_read_by_a_later_store(tmp_path):
    store = DiskStore(tmp_path / "c.sqlite")
    assert store.get("page", "k") is None  # an empty file: a miss (and no lookup for that kind again)
    store.put("page", "k", "value")
    assert store.get("page", "k") == "value"  # this build sees its own new entries
    assert DiskStore(tmp_path / "c.sqlite").get("page", "k") is None  # not written yet
    store.flush()
    later = DiskStore(tmp_path / "c.sqlite")
    assert later.get("page", "k") == "value"
    assert later.get("chart", "k") is None  # kinds are apart


@pytest.mark.parametrize("content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 90, b""])
def test_a_damaged_or_foreign_file_starts_the_cache_afresh(tmp_path, content):
    path = tmp_path / "c.sqlite"
    path.write_bytes(content)
    store = DiskStore(path)
    assert store.get("page", "k") is None
    store.put("page", "k", "v")
    store.flush()
    assert DiskStore(path).get("page", "k") == "v"


def test_a_database_of_another_shape_starts_the_cache_afresh(tmp_path):
    path = tmp_path / "c.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE entry (something TEXT)")
    other.commit()
    other.close()
    store = DiskStore(path)
    store.put("page", "k", "v")
    store.flush()
    assert DiskStore(path).get("page", "k") == "v"


def test_a_cache_of_the_older_layout_starts_afresh_in_the_new_one(tmp_path):
    """Before LAYOUT 2 the entries were a WITHOUT ROWID table, whose writes grew faster than the site."""
    path = tmp_path / "c.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE entry (kind TEXT NOT NULL, key TEXT NOT NULL, used INTEGER NOT NULL,"
                " value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
    old.execute("INSERT INTO entry VALUES ('page', 'k', 0, 'old')")
    old.commit()
    old.close()
    store = DiskStore(path)
    assert store.get("page", "k") is None  # not read: rebuilt
    store.put("page", "k", "new")
    store.flush()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == diskstore.LAYOUT
    assert "WITHOUT ROWID" not in check.execute("SELECT sql FROM sqlite_master WHERE name = 'entry'").fetchone()[0]
    check.close()
    assert DiskStore(path).get("page", "k") == "new"


def test_a_folder_that_cannot_hold_the_file_turns_the_cache_off(tmp_path):
    (tmp_path / "file").write_text("x")
    store = DiskStore(tmp_path / "file" / "c.sqlite")
    store.put("page", "k", "v")
    store.flush()  # no error
    assert store.get("page", "k") is None


@pytest.mark.parametrize("opened_before", [True, False])
def test_a_store_locked_by_another_build_is_kept_and_loses_only_this_builds_entries(tmp_path, monkeypatch, opened_before):
    monkeypatch.setattr(diskstore, "WAIT_SECONDS", 0.05)
    path = tmp_path / "c.sqlite"
    first = DiskStore(path)
    first.put("page", "old", "kept")
    first.flush()
    store = DiskStore(path)
    if opened_before:
        assert store.get("page", "old") == "kept"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another build in the middle of its write
    store.put("page", "k", "v")
    assert store.get("page", "old") is None  # a miss, not an error
    store.flush()  # gives up, no error
    other.execute("ROLLBACK")
    other.close()
    after = DiskStore(path)
    assert after.get("page", "k") is None and after.get("page", "old") == "kept"


def test_what_no_build_used_for_a_month_is_dropped(tmp_path):
    clock = Clock()
    path = tmp_path / "c.sqlite"
    first = DiskStore(path, clock=clock)
    first.put("page", "used", "u")
    first.put("page", "unused", "x")
    first.flush()
    for _ in range(KEEP_DAYS + 5):  # a build a day, which reads one entry only
        clock.now += DAY
        build = DiskStore(path, clock=clock)
        assert build.get("page", "used") == "u"
        build.flush()
    last = DiskStore(path, clock=clock)
    assert last.get("page", "used") == "u" and last.get("page", "unused") is None


def test_new_entries_are_written_in_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(diskstore, "BATCH_CHARS", 10)
    store = DiskStore(tmp_path / "c.sqlite")
    store.put("page", "a", "0123456789ab")  # over the batch: written now
    assert DiskStore(tmp_path / "c.sqlite").get("page", "a") == "0123456789ab"
    assert store._new == {}
    assert store.get("page", "a") == "0123456789ab"  # the same build still finds what it wrote


def test_a_kind_the_file_lacked_is_not_looked_up_again_after_a_batch(tmp_path, monkeypatch):
    monkeypatch.setattr(diskstore, "BATCH_CHARS", 10)
    store = DiskStore(tmp_path / "c.sqlite")
    assert store.get("page", "a") is None  # a cold build: the file holds no page
    store.put("page", "a", "0123456789ab")  # written in a batch
    queries: list[str] = []
    store._db.set_trace_callback(queries.append)
    assert store.get("page", "b") is None and queries == []  # no lookup: only this build wrote pages
    assert store.get("page", "a") == "0123456789ab"  # and what it wrote is found
    store.flush()
    assert DiskStore(tmp_path / "c.sqlite").get("page", "b") is None


def test_the_older_layout_is_removed(tmp_path):
    for name in ("charts", "parsed", "pages"):
        (tmp_path / name / "ab").mkdir(parents=True)
        (tmp_path / name / "ab" / "abc.json").write_text("{}")
    (tmp_path / "mine").mkdir()
    store = open_store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    assert store.path == tmp_path / "cache.sqlite"


def test_a_build_keeps_every_kind_in_one_file(tmp_path: Path):
    built = build_site(tmp_path, site_files())
    assert built.error is None, built.text()
    assert sorted(p.name for p in (tmp_path / ".cache/journey").iterdir()) == ["cache.sqlite"]
    assert (tmp_path / CACHE_DB).is_file()
    assert len(cache_entries(tmp_path, "parsed")) == 4 and cache_entries(tmp_path, "page")
    assert all(v.startswith("<svg") or v == "\0none" for v in cache_entries(tmp_path, "chart").values())


def test_an_entry_that_is_no_utf8_text_is_not_kept_and_the_others_are(tmp_path):
    store = DiskStore(tmp_path / "c.sqlite")
    store.put("chart", "bad", "<svg>\ud800</svg>")  # a lone surrogate, from a journey built in Python
    store.put("chart", "good", "<svg>ok</svg>")
    store.flush()
    again = DiskStore(tmp_path / "c.sqlite")
    assert again.get("chart", "bad") is None and again.get("chart", "good") == "<svg>ok</svg>"
