#!/usr/bin/env python3
"""Notebook run time: each lesson notebook executed top to bottom in a fresh kernel, as CI does.

    python benchmarks/notebook_times.py                 # every notebooks/NN_*.ipynb
    python benchmarks/notebook_times.py notebooks/05_*.ipynb
    python benchmarks/notebook_times.py --quick         # a one-cell notebook only (checks the machinery)
    python benchmarks/notebook_times.py --cells 3 notebooks/07_*.ipynb   # and each one's 3 slowest cells

Each notebook is read, executed with nbclient in a new ``python3`` kernel with
the notebooks folder as its working directory, and thrown away: the executed
notebook is NOT written back (use ``.ci/rerun_notebooks.py`` for that). The
time includes starting the kernel, as Restart & Run All does; the kernel
start-up alone is measured once on a one-cell notebook and shown for scale.
Targets: all notebooks together under 60 s; each notebook at most 8 s; no cell over 2 s
(a cell's time is from the kernel starting it to its reply, as nbclient records it).
"""

import argparse
import pathlib
import sys
import time
from datetime import datetime

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

import nbclient  # noqa: E402
import nbformat  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
TOTAL_TARGET = 60.0
NOTEBOOK_TARGET = 8.0
CELL_TARGET = 2.0


def execute(nb, workdir):
    """Seconds to run ``nb`` top to bottom in a fresh kernel (the notebook object is changed, not saved)."""
    start = time.perf_counter()
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return time.perf_counter() - start


def cell_seconds(nb):
    """``[(index, seconds)]`` for each executed code cell, from the timing nbclient records."""
    out = []
    for k, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.status.busy"), timing.get("shell.execute_reply")
        if cell.cell_type == "code" and start and end:
            seconds = (datetime.fromisoformat(end.replace("Z", "+00:00"))
                       - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
            out.append((k, seconds))
    return out


def one_cell_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import bplib"))
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="notebooks to run (default: notebooks/NN_*.ipynb)")
    parser.add_argument("--quick", action="store_true",
                        help="run only a one-cell notebook (import bplib): checks the machinery in seconds")
    parser.add_argument("--cells", type=int, default=0, metavar="K",
                        help="also list each notebook's K slowest cells (index as in the .ipynb, from 0)")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p).resolve() for p in args.paths] or \
        sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

    _common.header("Notebook run time: top to bottom in a fresh kernel (nbclient), not saved",
                   nbclient=nbclient.__version__)

    kernel = execute(one_cell_notebook(), ROOT / "notebooks" if (ROOT / "notebooks").is_dir() else ROOT)
    rows = [("(kernel start + `import bplib`, for scale)", "1", f"{kernel:.1f}")]
    if args.quick:
        print(f"--quick: only the one-cell notebook was run; {len(paths)} notebook(s) found, not run.\n")
        paths = []
    total, failed, slow, checks = 0.0, [], [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        cells = sum(c.cell_type == "code" for c in nb.cells)
        try:
            seconds = execute(nb, path.parent)
        except Exception as exc:  # report and go on: the others still get timed
            failed.append(f"{path.name}: {type(exc).__name__}: {str(exc).strip().splitlines()[-1][:160]}")
            rows.append((path.name, cells, "failed"))
            continue
        total += seconds
        timed = cell_seconds(nb)
        worst = max(timed, key=lambda c: c[1], default=(None, 0.0))
        rows.append((path.name, cells, f"{seconds:.1f}", f"{worst[1]:.2f} (cell {worst[0]})"))
        checks.append((f"{path.name}: at most {NOTEBOOK_TARGET:.0f} s, no cell over {CELL_TARGET:.0f} s",
                       f"{seconds:.1f} s, slowest cell {worst[1]:.2f} s",
                       seconds <= NOTEBOOK_TARGET and worst[1] <= CELL_TARGET))
        for k, sec in sorted(timed, key=lambda c: -c[1])[:args.cells]:
            slow.append((path.name, k, f"{sec:.2f}", nb.cells[k].source.splitlines()[0][:70]))
    if paths:
        rows.append(("all notebooks", "", f"{total:.1f}"))
    _common.table(["notebook", "code cells", "seconds", "slowest cell (s)"],
                  [r if len(r) == 4 else (*r, "") for r in rows])
    if slow:
        _common.table(["notebook", "cell", "seconds", "first line"], slow)
    for line in failed:
        print(f"FAILED {line}")
    if paths:
        _common.targets([(f"all {len(paths)} notebooks together under {TOTAL_TARGET:.0f} s",
                          f"{total:.1f} s" + (f" ({len(failed)} failed, not counted)" if failed else ""),
                          total < TOTAL_TARGET and not failed)] + checks)
    elif not args.quick:
        print("No notebooks found yet (notebooks/NN_*.ipynb).\n")
    return rows


if __name__ == "__main__":
    main()
