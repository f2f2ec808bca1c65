"""``python -m kepatuhan`` / ``kepatuhan``: score the bundled example round and print a table."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .errors import KepatuhanError
from .example import example_round
from .scoring import score
from .text_table import format_result

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 invalid input, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog="kepatuhan",
        description="Hitung nilai contoh penilaian (Kota Pagar Alam, data sintetis).",
    )
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default="id",
        help="bahasa keluaran / output language (default: id)",
    )
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    args = parser.parse_args(argv)
    try:
        result = score(example_round())
    except KepatuhanError as exc:
        print(exc, file=sys.stderr)
        return 1
    text = result.to_json(indent=2) if args.json else format_result(result, lang=args.lang)
    try:
        print(text)
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
