"""Data made in code: nothing is downloaded.

* :func:`one_weight_table` — lesson 01's table: ``x = 0, 3, 9, 27`` should give ``t = 2·x``.
* :func:`logic_gate` — AND, OR and XOR on two inputs (lessons 03 and 05).
* :func:`two_class` — two interleaved half-moons in the plane, with noise (lessons 05 and 06).
"""

import numpy as np

from . import _checks


def one_weight_table():
    """``(x, t)``: inputs ``0, 3, 9, 27`` and desired outputs ``0, 6, 18, 54`` (lesson 01)."""
    x = np.array([0.0, 3.0, 9.0, 27.0])
    return x, 2.0 * x


GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "XOR": [0, 1, 1, 0],
}


def logic_gate(name):
    """``(x, t)`` for a logic gate: ``x`` the four input pairs (4, 2), ``t`` the outputs (4, 1).

    >>> x, t = logic_gate("XOR")
    >>> x.tolist(), t.ravel().tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    key = name.upper() if isinstance(name, str) else name
    _checks.choice(key, "name", tuple(GATES))
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return x, np.array(GATES[key], dtype=float)[:, None]


MAX_NOISE = 10.0   # two_class's largest noise: far beyond the moons' size, and never overflowing


def two_class(n=200, noise=0.1, label_noise=0.0, seed=0):
    """``(x, t)``: ``n`` points in the plane in two interleaved half-moons.

    Class 0 lies on the upper moon, class 1 on the lower one; the classes
    cannot be split by a straight line. ``noise`` is the standard deviation
    of Gaussian noise added to each point (0 to 10); ``label_noise`` the fraction of
    points whose class is flipped. ``x`` has shape ``(n, 2)``, ``t`` shape
    ``(n, 1)`` with values 0 and 1. The same ``seed`` gives the same points.
    """
    n = _checks.whole_number(n, "n", minimum=2)
    noise = _checks.number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be zero or positive, got {noise}.")
    if noise > MAX_NOISE:
        raise ValueError(f"noise must be at most {MAX_NOISE:g} (the moons are about 2 wide), got {noise:g}.")
    label_noise = _checks.number(label_noise, "label_noise")
    if not 0 <= label_noise <= 1:
        raise ValueError(f"label_noise must be a fraction between 0 and 1, got {label_noise}.")
    seed = _checks.whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    angle = np.linspace(0, np.pi, n0)
    upper = np.column_stack([np.cos(angle), np.sin(angle)])
    angle = np.linspace(0, np.pi, n - n0)
    lower = np.column_stack([1 - np.cos(angle), 0.5 - np.sin(angle)])
    x = np.vstack([upper, lower]) + rng.normal(0.0, noise, (n, 2)) if noise else np.vstack([upper, lower])
    t = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    flip = rng.random(n) < label_noise
    t[flip] = 1 - t[flip]
    order = rng.permutation(n)
    return x[order], t[order][:, None]
