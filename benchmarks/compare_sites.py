"""Compare two built sites page by page, whitespace between tags aside: did a refactoring change the output?

    python benchmarks/compare_sites.py SITE_BEFORE SITE_AFTER

Prints one line per page that differs (with the first differing text), and exits 1 if any does.
Used for the "output unchanged" check of restructurings: build the demo site before and after.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACE = re.compile(r"\s+")


def normalized(text: str) -> str:
    return _SPACE.sub(" ", _BETWEEN_TAGS.sub("><", text)).strip()


def main(before: Path, after: Path) -> int:
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()})
    changed = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if b.exists() else 'before'}")
            changed += 1
            continue
        if name.suffix not in (".html", ".xml", ".json", ".css", ".svg"):
            if a.read_bytes() != b.read_bytes():
                print(f"{name}: bytes differ")
                changed += 1
            continue
        x, y = normalized(a.read_text(encoding="utf-8")), normalized(b.read_text(encoding="utf-8"))
        if x != y:
            changed += 1
            match = difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()[0]
            at = match.size if match.a == 0 and match.b == 0 else 0
            print(f"{name}: differs at {at}: {x[max(0, at - 60):at + 100]!r}\n    vs {y[max(0, at - 60):at + 100]!r}")
    print(f"{len(names)} files compared, {changed} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
