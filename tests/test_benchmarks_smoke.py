"""Each benchmark script runs in its quick mode and prints its table.

The figures themselves are not checked (a shared machine is too noisy for
that; benchmarks/README.md holds measured ones): only that every script
runs to the end, prints the machine it ran on, a table, and its targets.
About 20 seconds in all.
"""

import pathlib
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "benchmarks"


def run(script, *args):
    result = subprocess.run([sys.executable, str(BENCH / script), "--quick", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{script} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    out = result.stdout
    assert "nproc" in out and "load" in out, f"{script} did not print the machine:\n{out}"
    assert "\n----" in out, f"{script} printed no table:\n{out}"  # a table's rule under its header
    return out


def test_training_speed_quick():
    # PyTorch is left out here: importing it alone takes seconds.
    out = run("training_speed.py", "--no-torch")
    assert "hand-written numpy" in out and "bplib net.step" in out
    assert "XOR" in out and "characters" in out
    assert "within 1.2× of the hand-written loop" in out  # the targets are printed


def test_backprop_vs_perturbation_quick(tmp_path):
    png = tmp_path / "cost.png"
    out = run("backprop_vs_perturbation.py", "--plot", str(png))
    assert "log-log slope" in out and "backprop ÷ forward" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_import_time_quick():
    out = run("import_time.py")
    assert "import bplib" in out
    for heavy in ("matplotlib", "ipywidgets"):
        assert f"{heavy}  not imported" in out or f"{heavy} not imported" in out, out


def test_slider_latency_quick():
    out = run("slider_latency.py")
    assert "median ms" in out and "naive ÷ in place" in out


def test_notebook_times_quick():
    pytest.importorskip("ipykernel")
    out = run("notebook_times.py")
    assert "kernel start" in out


def test_playground_speed_quick():
    out = run("playground_speed.py")
    assert "epochs/s" in out or "epochs per second" in out, out
