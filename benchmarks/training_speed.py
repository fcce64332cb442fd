#!/usr/bin/env python3
"""Training speed: one ``net.step(x, t, lr)`` of bplib against a hand-written numpy loop and PyTorch.

    python benchmarks/training_speed.py            # full run (about a minute)
    python benchmarks/training_speed.py --quick    # a few seconds, for the smoke test
    python benchmarks/training_speed.py --profile  # also: where bplib's step spends its time

Two networks, both sigmoid in every layer, error ``E = ½ Σₖ (tₖ − yₖ)²``
averaged over the samples, plain gradient descent on the full batch:

* XOR: sizes [2, 3, 2, 1], the four examples (lessons 05 and 06);
* characters: sizes [35, 32, 26], 1,040 examples of 5×7-pixel letters A–Z (lesson 07's font).

Everything in float64 on one thread. First it checks that the three
implementations, started from the same weights, compute the same updated
weights; then it times one step of each (interleaved rounds, best and median
of the rounds). Targets: bplib within 1.2× of the hand-written loop, and
faster than PyTorch. PyTorch is optional: without it the script says so and
skips it.
"""

import argparse
import os
import pathlib
import sys
import time
import timeit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

_common.single_thread()  # before numpy is imported

import numpy as np  # noqa: E402

import bplib  # noqa: E402


# -- the data ------------------------------------------------------------------
def xor_data():
    return bplib.logic_gate("XOR")


def character_data(per_letter=40, noise=0.05, seed=0):
    """1,040 letters A–Z (40 variants each, 5 % of pixels flipped) from lesson 07's font, 26 outputs.

    Falls back to random 5×7 patterns of the same shape if ``bplib.characters`` is missing.
    """
    try:
        from bplib import characters
    except ImportError:
        rng = np.random.default_rng(seed)
        x = np.repeat((rng.random((26, 35)) < 0.4).astype(float), per_letter, axis=0)
        flip = rng.random(x.shape) < noise
        x[flip] = 1.0 - x[flip]
        return x, np.repeat(np.eye(26), per_letter, axis=0)
    x, t = characters.make_set(per_letter, noise=noise, seed=seed)
    n = 26 * per_letter  # the letters come first (CLASSES = "ABC...Z0...9"): keep them
    return np.ascontiguousarray(x[:n]), np.ascontiguousarray(t[:n, :26])


# -- the three implementations ----------------------------------------------------
class HandWritten:
    """The same network written out in plain numpy: forward, backward, update.

    ``s = y_in @ W.T + b``, ``y = 1 / (1 + e^(−s))``; output ``δ = (y − t)/n · y(1 − y)``,
    hidden ``δ = (δ_above @ W_above) · y(1 − y)``; ``W ← W − η δᵀ y_in``, ``b ← b − η Σ δ``.
    """

    def __init__(self, weights, biases):
        self.W = [w.copy() for w in weights]
        self.b = [b.copy() for b in biases]

    def step(self, x, t, lr):
        ys = [x]
        for W, b in zip(self.W, self.b):                       # forward
            ys.append(1.0 / (1.0 + np.exp(-(ys[-1] @ W.T + b))))
        y = ys[-1]
        n = x.shape[0]
        E = 0.5 * np.sum((t - y) ** 2) / n
        delta = (y - t) / n * y * (1.0 - y)                    # output error signal
        for l in range(len(self.W) - 1, -1, -1):               # backward, then update
            dW = delta.T @ ys[l]
            db = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ self.W[l]) * ys[l] * (1.0 - ys[l])
            self.W[l] -= lr * dW
            self.b[l] -= lr * db
        return E


class Torch:
    """The same network in PyTorch (float64, one thread), trained with ``torch.optim.SGD``."""

    def __init__(self, weights, biases, torch):
        self.torch = torch
        layers = []
        for W, b in zip(weights, biases):
            lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W))
                lin.bias.copy_(torch.from_numpy(b))
            layers += [lin, torch.nn.Sigmoid()]
        self.model = torch.nn.Sequential(*layers)
        self.opt = None

    def data(self, x, t):
        return self.torch.from_numpy(x), self.torch.from_numpy(t)

    def step(self, x, t, lr):
        if self.opt is None:
            self.opt = self.torch.optim.SGD(self.model.parameters(), lr=lr)
        self.opt.zero_grad(set_to_none=True)
        y = self.model(x)
        E = 0.5 * ((t - y) ** 2).sum() / x.shape[0]
        E.backward()
        self.opt.step()
        return E.item()

    @property
    def weights(self):
        return [m.weight.detach().numpy() for m in self.model if hasattr(m, "weight")]

    @property
    def biases(self):
        return [m.bias.detach().numpy() for m in self.model if hasattr(m, "bias")]


def load_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


# -- agreement -------------------------------------------------------------------
def max_abs_difference(a, b):
    return max(float(np.max(np.abs(np.asarray(p) - np.asarray(q)))) for p, q in zip(a, b))


def check_agreement(sizes, x, t, lr, torch, steps=3):
    """All implementations, from the same weights, give the same weights after ``steps`` steps."""
    net = bplib.Network(sizes, seed=1)
    hand = HandWritten(net.weights, net.biases)
    others = [("hand-written numpy", hand)]
    if torch is not None:
        tn = Torch(net.weights, net.biases, torch)
        others.append(("PyTorch", tn))
    errors = {"bplib": [net.step(x, t, lr) for _ in range(steps)],
              "hand-written numpy": [hand.step(x, t, lr) for _ in range(steps)]}
    if torch is not None:
        tx, tt = tn.data(x, t)
        errors["PyTorch"] = [tn.step(tx, tt, lr) for _ in range(steps)]
    rows = []
    for name, impl in others:
        W = impl.W if name == "hand-written numpy" else impl.weights
        b = impl.b if name == "hand-written numpy" else impl.biases
        dw = max(max_abs_difference(net.weights, W), max_abs_difference(net.biases, b))
        de = max(abs(p - q) for p, q in zip(errors["bplib"], errors[name]))
        assert dw < 1e-12 and de < 1e-12, (
            f"{name} disagrees with bplib on {sizes}: weights differ by {dw:.3g}, errors by {de:.3g}")
        rows.append((name, f"{dw:.1e}", f"{de:.1e}"))
    return rows


# -- timing ---------------------------------------------------------------------
#: The clock the timings use: the process's CPU time by default (other processes on a busy
#: machine do not inflate it), or the wall clock (``--clock wall``).
CLOCK = {"cpu": time.process_time, "wall": time.perf_counter}
TIMER = CLOCK["cpu"]


def calibrate(fn, seconds):
    """How many calls of ``fn`` take about ``seconds`` (after a few warm-up calls)."""
    for _ in range(3):
        fn()
    number = 1
    while True:
        took = min(timeit.Timer(fn, timer=TIMER).repeat(number=number, repeat=3))
        if took >= seconds / 8 or number >= 1_000_000:
            return max(1, round(number * seconds / max(took, 1e-9)))
        number *= 2


def time_steps(candidates, rounds, seconds):
    """Seconds per step of each candidate (name → fn, or name → (fn, steps per call)): best and median.

    The rounds are interleaved (A, B, C, A, B, C, ...) so that a burst of load
    from another process hits every candidate alike.
    """
    candidates = {name: c if isinstance(c, tuple) else (c, 1) for name, c in candidates.items()}
    numbers = {name: calibrate(fn, seconds) for name, (fn, _) in candidates.items()}
    per_call = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, (fn, steps) in candidates.items():
            took = timeit.Timer(fn, timer=TIMER).timeit(number=numbers[name])
            per_call[name].append(took / (numbers[name] * steps))
    return {name: (min(v), _common.median(v), numbers[name]) for name, v in per_call.items()}


FIT_EPOCHS = 20


def candidates_for(sizes, x, t, lr, torch, with_internals=False):
    net = bplib.Network(sizes, seed=1)
    hand = HandWritten(net.weights, net.biases)
    trained = bplib.Network(sizes, seed=1)
    found = {
        "bplib net.step": lambda: net.step(x, t, lr),
        "hand-written numpy": lambda: hand.step(x, t, lr),
        # What the lessons call: fit also measures the error after every epoch.
        f"bplib net.fit, per epoch ({FIT_EPOCHS} epochs a call)":
            (lambda: trained.fit(x, t, lr, epochs=FIT_EPOCHS), FIT_EPOCHS),
    }
    if with_internals:  # where the time goes: without the argument checks
        found["bplib net.step (checked=True: no argument checks)"] = lambda: net.step(x, t, lr, checked=True)
    if torch is not None:
        tn = Torch(net.weights, net.biases, torch)
        tx, tt = tn.data(x, t)
        found["PyTorch (CPU, SGD)"] = lambda: tn.step(tx, tt, lr)
    return found


def profile_step(x, t, lr, label, calls):
    """cProfile of ``calls`` bplib steps: the functions that take the most time."""
    import cProfile
    import pstats

    net = bplib.Network([2, 3, 2, 1] if x.shape[1] == 2 else [35, 32, 26], seed=1)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(calls):
        net.step(x, t, lr)
    prof.disable()
    print(f"-- cProfile of {calls} bplib steps, {label} (sorted by own time)")
    pstats.Stats(prof).sort_stats("tottime").print_stats(14)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="few short rounds, for the smoke test")
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds per implementation")
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out even if installed")
    parser.add_argument("--profile", action="store_true", help="show where bplib's step spends its time")
    parser.add_argument("--clock", choices=sorted(CLOCK), default="cpu",
                        help="time.process_time (cpu, default: robust on a shared machine) or the wall clock")
    args = parser.parse_args(argv)
    global TIMER
    TIMER = CLOCK[args.clock]
    rounds = args.rounds or (3 if args.quick else 9)
    seconds = 0.02 if args.quick else 0.25

    torch = None if args.no_torch else load_torch()
    torch_note = (f"PyTorch {torch.__version__}, torch.set_num_threads(1)" if torch is not None else
                  "PyTorch not installed (or --no-torch): skipped")
    _common.header("Training speed: one full-batch gradient-descent step, float64, one thread",
                   threads=f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
                           f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}",
                   pytorch=torch_note,
                   timing=f"{rounds} interleaved rounds of about {seconds:g} s each; best and median per step; "
                          f"clock: {'process CPU time' if args.clock == 'cpu' else 'wall clock'}")

    problems = [("XOR", [2, 3, 2, 1], *xor_data(), 0.5),
                ("characters", [35, 32, 26], *character_data(), 0.5)]

    print("Agreement after 3 steps from the same weights (max |difference| from bplib):")
    rows = []
    for label, sizes, x, t, lr in problems:
        for name, dw, de in check_agreement(sizes, x, t, lr, torch):
            rows.append((f"{label} {sizes}", name, dw, de))
    _common.table(["network", "implementation", "weights", "error E"], rows)

    results, checks = [], []
    for label, sizes, x, t, lr in problems:
        found = time_steps(candidates_for(sizes, x, t, lr, torch, args.profile), rounds, seconds)
        base = found["hand-written numpy"]
        bp = found["bplib net.step"]
        rows = []
        for name, (best, med, number) in found.items():
            rows.append((name, _common.us(best), _common.us(med), f"{best / bp[0]:.2f}",
                         f"{best / base[0]:.2f}", number))
        print(f"{label}: sizes {sizes}, {x.shape[0]} examples")
        _common.table(["implementation", "best µs/step", "median µs/step", "÷ bplib", "÷ hand-written",
                       "calls/round"], rows)
        ratio = bp[0] / base[0]
        checks.append((f"{label}: bplib within 1.2× of the hand-written loop",
                       f"{ratio:.2f}× (best of rounds)", ratio <= 1.2))
        if torch is not None:
            tr = found["PyTorch (CPU, SGD)"][0] / bp[0]
            checks.append((f"{label}: bplib faster than PyTorch", f"PyTorch takes {tr:.2f}× bplib's time",
                           tr > 1.0))
        results.append((label, found))
    if torch is None:
        print("(PyTorch comparison skipped: not installed. To try it: pip install torch)\n")
    _common.targets(checks)

    if args.profile:
        for label, sizes, x, t, lr in problems:
            profile_step(x, t, lr, label, 200 if args.quick else 3000)
    return results


if __name__ == "__main__":
    main()
