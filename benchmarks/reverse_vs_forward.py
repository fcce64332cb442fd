#!/usr/bin/env python3
"""Reverse mode, forward mode and perturbation (lesson 09): the cost of every gradient as the network grows.

    python benchmarks/reverse_vs_forward.py            # [n, n, 1] from 9 to 1,089 parameters
    python benchmarks/reverse_vs_forward.py --quick    # up to 81 parameters

Networks ``[n, n, 1]`` (sigmoid, one example), each written with plain Python numbers
so that only the method differs (``bplib.lessons.l09``):

* reverse mode, ``l09.reverse_mode`` — a graph of ``bplib.autograd.Value``\\ s built by
  one forward pass, then one ``backward()``;
* forward mode, ``l09.forward_mode`` — one forward pass of dual numbers per parameter;
* perturbation, ``l09.perturbation`` — two forward passes of floats per parameter.

Expected: reverse mode's time grows like the network's size (log-log slope about 1
against the number of parameters), forward mode's and perturbation's like the size
times the number of parameters (slope about 2). The three gradients are checked to
agree. CPU time of this process, best of a few runs.
"""

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

_common.single_thread()

import numpy as np  # noqa: E402

import bplib  # noqa: E402
from bplib.lessons import l09  # noqa: E402

WIDTHS = [2, 4, 8, 16, 32]      # 9 ... 1,089 parameters
QUICK_WIDTHS = [2, 4, 8]        # 9 ... 81
TIMER = time.process_time


def measure(n, runs):
    net = bplib.Network([n, n, 1], seed=0)
    rng = np.random.default_rng(n)
    x, t = list(rng.normal(size=n)), [float(rng.random())]
    row = {"n": n, "params": net.n_params}
    for name, method in l09.METHODS.items():
        best, (grads, passes) = _common.best_of(lambda: method(net, x, t), runs, TIMER)
        row[name] = {"seconds": best, "passes": passes, "grads": np.array(grads)}
    rev, fwd, per = (row[name]["grads"] for name in l09.METHODS)
    row["diff"] = max(float(np.max(np.abs(fwd - rev))), float(np.max(np.abs(per - rev))))
    assert np.max(np.abs(fwd - rev)) < 1e-12 and np.max(np.abs(per - rev)) < 1e-7, f"[{n}, {n}, 1] disagree"
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small networks only, for a smoke test")
    args = parser.parse_args(argv)
    widths = QUICK_WIDTHS if args.quick else WIDTHS
    _common.header("Reverse mode, forward mode and perturbation: time for every gradient",
                   networks=f"[n, n, 1], sigmoid, one example, n = {widths}, plain Python numbers",
                   timing="best of 3 runs (1 at the largest size), process CPU time; one thread")
    results = [measure(n, 1 if n >= 32 else 3) for n in widths]
    names = list(l09.METHODS)
    rows = []
    for r in results:
        rev = r[names[0]]["seconds"]
        rows.append((f"[{r['n']}, {r['n']}, 1]", r["params"], _common.ms(rev, 2),
                     _common.ms(r[names[1]]["seconds"], 1), _common.ms(r[names[2]]["seconds"], 1),
                     f"{r[names[1]]['seconds'] / rev:.0f}", f"{r[names[2]]['seconds'] / rev:.0f}",
                     f"{r['diff']:.1e}"))
    _common.table(["network", "parameters", "reverse ms", "forward mode ms", "perturbation ms",
                   "forward ÷ reverse", "perturbation ÷ reverse", "max abs. diff"], rows)
    p = [r["params"] for r in results]
    slopes = {name: _common.loglog_slope(p, [r[name]["seconds"] for r in results]) for name in names}
    print("log-log slope of time against the number of parameters: "
          + ", ".join(f"{name} {s:.2f}" for name, s in slopes.items()) + "\n")
    if args.quick:   # at 9 to 81 parameters fixed costs still hide the slopes
        print("(--quick: the slopes' targets are judged on the full sizes only)")
        return results
    _common.targets([
        ("reverse mode grows like the network (slope ≤ 1.3)", f"{slopes[names[0]]:.2f}", slopes[names[0]] <= 1.3),
        ("forward mode and perturbation grow faster (slope ≥ 1.5)",
         f"{slopes[names[1]]:.2f}, {slopes[names[2]]:.2f}", min(slopes[names[1]], slopes[names[2]]) >= 1.5),
    ])
    return results


if __name__ == "__main__":
    main()
