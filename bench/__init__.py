"""Benchmarks, run with `python -m bench` (`make bench`); each module in `bench.__main__.BENCHES` is one.

Every figure is printed twice: in a table for people and as one `BENCH <name> key=value ...` line for scripts.
Speed figures are ratios against a baseline measured in the same run, so they do not depend on the machine.
"""

from __future__ import annotations

from collections.abc import Sequence


def format_value(value: object) -> str:
    """Booleans as true/false, floats to 3 significant digits (whole numbers from 1000), the rest as str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)


def emit(name: str, **values: object) -> None:
    """Print the machine-readable line of one figure."""
    fields = " ".join(f"{key}={format_value(value)}" for key, value in values.items())
    print(f"BENCH {name} {fields}", flush=True)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain aligned table."""
    cells = [list(headers), *([format_value(value) for value in row] for row in rows)]
    widths = [max(len(row[col]) for row in cells) for col in range(len(headers))]
    print(f"\n{title}")
    for index, row in enumerate(cells):
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print(flush=True)
