"""A long fuzzing run of the loader, beyond the test suite's 400 examples.

    python benchmarks/fuzz_loader.py [--examples 5000]

Uses the test suite's hypothesis strategy (random mutations of valid journey and persona files)
and its assertion: the loader returns problems, it never raises.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import test_loader


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=5000)
    args = parser.parse_args()
    check = test_loader.test_mutated_files_never_raise.hypothesis.inner_test
    count = 0

    @settings(max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(raw=test_loader.mutated(), as_persona=st.booleans())
    def run(raw: bytes, as_persona: bool) -> None:
        nonlocal count
        count += 1
        check(raw, as_persona)

    start = time.perf_counter()
    run()
    print(f"{count} mutated files in {time.perf_counter() - start:.1f} s: the loader raised nothing")


if __name__ == "__main__":
    main()
