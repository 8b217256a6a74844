"""Run every benchmark: `python -m bench` (or `make bench`)."""

from __future__ import annotations

import sys

from bench import audit_writes, fhir_import, practice_move, screening_rules

BENCHMARKS = {
    "audit_writes": audit_writes.main,
    "screening_rules": screening_rules.main,
    "fhir_import": fhir_import.main,
    "practice_move": practice_move.main,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
