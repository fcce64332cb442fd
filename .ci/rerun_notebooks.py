#!/usr/bin/env python3
"""Restart & Run All, from the command line: execute notebooks in a fresh kernel and save them.

    python .ci/rerun_notebooks.py                      # every notebook under notebooks/
    python .ci/rerun_notebooks.py notebooks/01_*.ipynb # some of them

Each notebook runs top to bottom in a new kernel with the notebooks folder as
its working directory; outputs are saved so nbval can compare them, and each
demo keeps the still picture of its figure (not the widget, which needs a
kernel) so the notebook reads well on GitHub and in nbconvert. Per-cell timing metadata is
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
        if "outputs" in cell:
            cell.outputs = _joined_streams(cell.outputs)
        for out in cell.get("outputs", []):
            _keep_still_picture(out)
    if not _has_widgets(nb) or not any(VIEW in out.get("data", {}) for c in nb.cells for out in c.get("outputs", [])):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return seconds


VIEW = "application/vnd.jupyter.widget-view+json"


def _joined_streams(outputs):
    """Consecutive prints to the same stream as one output, however the kernel happened to send them
    (under load one print can arrive in two pieces), so a re-run changes only what really changed."""
    joined = []
    for out in outputs:
        last = joined[-1] if joined else None
        if out.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream" \
                and last.get("name") == out.get("name"):
            last["text"] = "".join(last["text"]) + "".join(out["text"])
        else:
            joined.append(out)
    return joined


def _keep_still_picture(out):
    """A demo's output holds the live widget and a PNG of its figure: keep the PNG only.

    A saved notebook is read where no kernel runs (GitHub, nbconvert, JupyterLab before
    Run All): there the still picture is what a reader should see, and nbconvert would
    otherwise pick the widget, which needs a kernel. Running the cell brings the live
    widget back. nbval compares the text, which stays.
    """
    data = out.get("data", {})
    if VIEW in data and "image/png" in data:
        del data[VIEW]


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
