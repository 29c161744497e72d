"""`make bench`: run every benchmark module in bench/ (bench_*.py), each with its own main()."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    """Run the benchmarks named in ``argv`` (module names without bench_), or all of them."""
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{a}" for a in argv] or names
    for name in wanted:
        if name not in names:
            raise SystemExit(f"no benchmark {name}; have: {', '.join(names)}")
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()


main(sys.argv[1:])
