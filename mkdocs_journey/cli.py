"""The `mkdocs-journey` command. `validate`, `new` and `schema` come with the validation issue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalog import load_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-journey", description="Work with customer journey YAML files.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check journey and persona files; exit 1 on errors")
    check.add_argument("path", nargs="?", default="journeys", help="the journeys folder (default: journeys)")
    args = parser.parse_args(argv)
    folder = Path(args.path)
    catalog = load_catalog(folder, folder / "personas", root=Path.cwd())
    for problem in catalog.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    for problem in catalog.errors:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(catalog.journeys)} journeys, {len(catalog.personas)} personas, "
          f"{len(catalog.errors)} errors, {len(catalog.warnings)} warnings")
    return 1 if catalog.errors else 0


if __name__ == "__main__":
    sys.exit(main())
