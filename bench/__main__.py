"""`python -m bench [NAME ...]`: run all benchmarks, or the named ones."""

from __future__ import annotations

import importlib
import sys

# Name -> module with a `run() -> None` that prints its tables and BENCH lines. Add new benchmarks here.
BENCHES: dict[str, str] = {
    "nearest": "bench.nearest",
    "broadcast": "bench.broadcast",
    "throughput": "bench.throughput",
    "storage": "bench.storage",
    "intent": "bench.intent",
    "memory": "bench.memory",
    "workers": "bench.workers",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    for name in names:
        importlib.import_module(BENCHES[name]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
