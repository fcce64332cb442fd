#!/usr/bin/env python3
"""Backpropagation versus perturbation: the cost of one gradient as the network grows.

    python benchmarks/backprop_vs_perturbation.py               # 10 to 10,000 parameters
    python benchmarks/backprop_vs_perturbation.py --plot cost.png
    python benchmarks/backprop_vs_perturbation.py --quick       # up to about 200 parameters

Networks ``[k, k, k]`` (sigmoid, a batch of 4 samples) with ``2k² + 2k``
weights and biases, from about 10 to about 10,000 of them. For each, the time
of one gradient by

* backpropagation, ``net.backward(x, t)`` — one forward and one backward pass;
* perturbation, ``bplib.perturbation_gradients(net, x, t)`` — two forward
  passes per weight (central differences), so 20,000 passes at 10,000 weights;

and of one forward pass, ``net.forward(x)``. Expected: backpropagation costs
a small constant number of forward passes whatever the size; perturbation's
passes grow like the number of weights (log-log slope 1) and its time with a
slope between 1 and 2 (each pass also gets dearer as the layers widen). The
gradients of the two methods are checked to agree. One thread.
"""

import argparse
import pathlib
import sys
import time
import timeit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

_common.single_thread()

import numpy as np  # noqa: E402

import bplib  # noqa: E402

WIDTHS = [2, 4, 7, 12, 22, 40, 70]          # 12 ... 9,940 parameters
QUICK_WIDTHS = [2, 4, 7, 10]                # 12 ... 220
BATCH = 4


#: CPU time of this process: other processes on a busy machine do not inflate it.
TIMER = time.process_time


def best_time(fn, seconds=0.2, repeat=5):
    """Best CPU seconds per call of ``fn`` over ``repeat`` rounds of about ``seconds``."""
    fn()
    timer = timeit.Timer(fn, timer=TIMER)
    number, took = 1, 0.0
    while True:
        took = timer.timeit(number=number)
        if took >= seconds / 8:
            break
        number *= 2
    number = max(1, round(number * seconds / took))
    return min(timer.repeat(number=number, repeat=repeat)) / number


def measure(k, quick):
    net = bplib.Network([k, k, k], seed=0)
    rng = np.random.default_rng(k)
    x = rng.normal(size=(BATCH, k))
    t = rng.random((BATCH, k))
    per = 0.03 if quick else 0.2
    forward = best_time(lambda: net.forward(x), per)
    backprop = best_time(lambda: net.backward(x, t), per)
    # Perturbation is slow at large sizes: time a few whole gradients, keep the best.
    runs = 2 if quick else (3 if net.n_params > 2000 else 5)
    perturb, pg = _common.best_of(lambda: bplib.perturbation_gradients(net, x, t), runs, TIMER)
    bg = net.backward(x, t)
    diff = bplib.max_relative_difference(bg, pg)
    assert diff < 1e-5, f"backpropagation and perturbation disagree on [{k}, {k}, {k}]: {diff:.2g}"
    return {"k": k, "n": net.n_params, "forward": forward, "backprop": backprop,
            "perturb": perturb, "passes": pg.forward_passes, "diff": diff}


def plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bplib.lessons import plots

    n = [r["n"] for r in results]
    fig, ax = plt.subplots(figsize=(5.5, 3.6), dpi=100)
    ax.loglog(n, [r["perturb"] * 1e3 for r in results], "o-", color=plots.VERMILION,
              label="perturbation (2 forward passes per weight)")
    ax.loglog(n, [r["backprop"] * 1e3 for r in results], "o-", color=plots.BLUE,
              label="backpropagation (1 forward + 1 backward)")
    ax.loglog(n, [r["forward"] * 1e3 for r in results], "--", color=plots.GREY, label="one forward pass")
    ax.set(xlabel="number of weights and biases", ylabel="time for one gradient (ms)",
           title="The cost of one gradient")
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small networks only, for the smoke test")
    parser.add_argument("--plot", metavar="FILE", help="save a log-log plot of the times as a PNG")
    args = parser.parse_args(argv)
    widths = QUICK_WIDTHS if args.quick else WIDTHS

    _common.header("Backpropagation versus perturbation: time of one gradient",
                   networks=f"[k, k, k], sigmoid, batch of {BATCH} samples, k = {widths}",
                   timing="best of several rounds, process CPU time (time.process_time); one thread")
    results = [measure(k, args.quick) for k in widths]

    rows = []
    for r in results:
        rows.append((f"[{r['k']}, {r['k']}, {r['k']}]", r["n"], _common.us(r["forward"]),
                     _common.us(r["backprop"]), f"{r['backprop'] / r['forward']:.2f}",
                     f"{r['perturb'] * 1e3:.2f}", r["passes"], f"{r['perturb'] / r['forward']:.0f}",
                     f"{r['perturb'] / r['backprop']:.0f}", f"{r['diff']:.1e}"))
    _common.table(["network", "weights", "forward µs", "backprop µs", "backprop ÷ forward",
                   "perturbation ms", "passes", "perturbation ÷ forward", "perturbation ÷ backprop",
                   "max rel. diff"], rows)

    n = [r["n"] for r in results]
    ratios = [r["backprop"] / r["forward"] for r in results]
    s_passes = _common.loglog_slope(n, [r["passes"] for r in results])
    s_time = _common.loglog_slope(n, [r["perturb"] for r in results])
    s_back = _common.loglog_slope(n, [r["backprop"] for r in results])
    print(f"log-log slope against the number of weights: perturbation passes {s_passes:.2f}, "
          f"perturbation time {s_time:.2f}, backpropagation time {s_back:.2f}")
    print(f"backpropagation ÷ one forward pass: {min(ratios):.2f} to {max(ratios):.2f} "
          f"(median {_common.median(ratios):.2f})\n")
    _common.targets([
        ("backpropagation costs a small constant number of forward passes (≤ 5 at every size)",
         f"{min(ratios):.2f}–{max(ratios):.2f}", max(ratios) <= 5),
        ("perturbation's forward passes grow like the weights (slope ≈ 1)", f"{s_passes:.2f}",
         abs(s_passes - 1) < 0.05),
        ("perturbation's time grows with slope between 1 and 2", f"{s_time:.2f}", 0.9 <= s_time <= 2.1),
    ])
    if args.plot:
        plot(results, args.plot)
        print(f"plot saved to {args.plot}")
    return results


if __name__ == "__main__":
    main()
