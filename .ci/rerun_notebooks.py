#!/usr/bin/env python3
"""Restart & Run All, from the command line: execute notebooks in a fresh kernel and save them.

    python .ci/rerun_notebooks.py                      # every notebook under notebooks/
    python .ci/rerun_notebooks.py notebooks/01_*.ipynb # some of them

Each notebook runs top to bottom in a new kernel with the notebooks folder as
its working directory; outputs and widget state are saved so the notebook
renders on GitHub and nbval can compare it. Per-cell timing metadata is
dropped so that a re-run changes only what really changed. Prints the time
each notebook took. Stops with an error on the first cell that raises.
"""

import pathlib
import sys
import time

import nbclient
import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent


def rerun(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None) if not _has_widgets(nb) else None
    nbformat.write(nb, path)
    return seconds


def _has_widgets(nb):
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


def main(argv):
    paths = [pathlib.Path(p) for p in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = rerun(path.resolve())
        total += seconds
        print(f"{path.name:45s} {seconds:6.1f} s")
    print(f"{'all':45s} {total:6.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
