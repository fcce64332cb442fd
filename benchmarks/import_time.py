#!/usr/bin/env python3
"""Import time: ``import bplib`` in a fresh Python process.

    python benchmarks/import_time.py            # 15 runs of each
    python benchmarks/import_time.py --quick    # 3 runs of each

Four measurements, each the median of several fresh processes:

* a timer around ``import bplib`` inside a fresh process (numpy included):
  what a learner's new kernel waits for — the figure the target applies to;
* the same around ``import numpy`` alone, to show how much of it is numpy's;
* wall clock of ``python -c "import bplib"`` minus that of ``python -c "pass"``
  (this also counts the interpreter's shutdown, which tears numpy down);
* Python's own ``-X importtime`` figure for the ``bplib`` package (cumulative,
  numpy included) and for bplib's own modules (without numpy).

Also checks that ``import bplib`` imports neither matplotlib nor ipywidgets
(nor IPython): those are imported only by ``bplib.lessons.plots`` and
``bplib.lessons``. Target: under 0.2 s.
"""

import argparse
import pathlib
import re
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGET = 0.2
HEAVY = ("matplotlib", "ipywidgets", "IPython", "scipy", "pandas", "torch")


def wall(code, runs):
    """Wall-clock seconds of ``python -c code`` in fresh processes, one per run."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([_common.python(), "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def timed_import(module):
    """Seconds that ``import module`` takes, timed inside one fresh process."""
    code = (f"import time; t0 = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t0)")
    out = subprocess.run([_common.python(), "-c", code], check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def importtime(runs):
    """``-X importtime``: cumulative µs of ``bplib`` and the sum of bplib's own modules' self times."""
    total, own = [], []
    for _ in range(runs):
        err = subprocess.run([_common.python(), "-X", "importtime", "-c", "import bplib"], check=True,
                             capture_output=True, text=True).stderr
        mine = 0
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if not m:
                continue
            self_us, cumulative, name = int(m.group(1)), int(m.group(2)), m.group(4)
            if name == "bplib":
                total.append(cumulative / 1e6)
            if name == "bplib" or name.startswith("bplib."):
                mine += self_us
        own.append(mine / 1e6)
    return total, own


def modules_loaded():
    code = ("import sys, bplib; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([_common.python(), "-c", code], check=True, capture_output=True, text=True).stdout
    return set(out.split())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 15")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 15)

    _common.header("Import time: `import bplib` in a fresh process",
                   interpreter=_common.python(), runs=f"{runs} fresh processes per figure, median shown")
    # Interleave the three so that a burst of load hits them alike.
    empty, with_numpy, with_bplib, in_numpy, in_bplib = [], [], [], [], []
    for _ in range(runs):
        in_numpy.append(timed_import("numpy"))
        in_bplib.append(timed_import("bplib"))
        empty += wall("pass", 1)
        with_numpy += wall("import numpy", 1)
        with_bplib += wall("import bplib", 1)
    total, own = importtime(runs)
    bplib_time, numpy_time = _common.median(in_bplib), _common.median(in_numpy)
    base = _common.median(empty)
    wall_bplib = _common.median(with_bplib) - base
    wall_numpy = _common.median(with_numpy) - base

    rows = [
        ("timer around `import bplib` (numpy included)", _common.ms(bplib_time), _common.ms(min(in_bplib)), ""),
        ("timer around `import numpy`", _common.ms(numpy_time), _common.ms(min(in_numpy)), ""),
        ("-X importtime: bplib, cumulative", _common.ms(_common.median(total)), _common.ms(min(total)), ""),
        ("-X importtime: bplib's own modules only", _common.ms(_common.median(own)), _common.ms(min(own)),
         f"{_common.median(own) / _common.median(total):.0%} of bplib's cumulative"),
        ("wall: python -c 'import bplib' − 'pass'", _common.ms(wall_bplib),
         _common.ms(min(with_bplib) - min(empty)), ""),
        ("wall: python -c 'import numpy' − 'pass'", _common.ms(wall_numpy),
         _common.ms(min(with_numpy) - min(empty)), ""),
        ("wall: python -c 'pass'", _common.ms(base), _common.ms(min(empty)), ""),
    ]
    _common.table(["measurement", "median ms", "best ms", "share"], rows)

    loaded = modules_loaded()
    heavy = [m for m in HEAVY if m in loaded]
    print("Imported by `import bplib`: " + ", ".join(sorted(m for m in loaded if m in ("numpy", "bplib"))))
    for m in HEAVY:
        print(f"  {m:11s} {'IMPORTED' if m in loaded else 'not imported'}")
    print()
    _common.targets([
        (f"import bplib under {TARGET * 1e3:.0f} ms (timed in a fresh process, median)",
         f"{bplib_time * 1e3:.0f} ms", bplib_time < TARGET),
        ("matplotlib, ipywidgets and IPython not imported", ", ".join(heavy) or "none of them", not heavy),
    ])
    return bplib_time, heavy


if __name__ == "__main__":
    main()
