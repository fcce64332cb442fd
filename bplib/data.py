"""Data made in code: nothing is downloaded.

* :func:`one_weight_table` — lesson 01's table: ``x = 0, 3, 9, 27`` should give ``t = 2·x``.
* :func:`logic_gate` — AND, OR and XOR on two inputs (lessons 03 and 05).
* :func:`two_class` — two interleaved half-moons in the plane, with noise (lessons 05 and 06);
* :func:`plane_data` — the playground's five data sets in the plane: XOR, circle, clusters, moons, spiral (lesson 06).
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


# -- the playground's data sets (lesson 06's last section) ------------------------------------------
PLANE_DATA = ("XOR", "circle", "clusters", "moons", "spiral")
PLANE_SIZE = 3.0        # the playground's points lie within about −3 … 3: a neuron with weights near 1 bends there
MAX_PLANE_NOISE = 3.0   # the playground's noise: at most as large as the data


def plane_data(name, n=200, noise=0.0, seed=0):
    """``(x, t)``: ``n`` points in the plane, in two classes, like TensorFlow Playground's (lesson 06).

    ``name`` is one of :data:`PLANE_DATA`. Without noise the points lie within about −3 … 3 (``PLANE_SIZE``),
    large enough for a neuron whose weights are about 1 to bend its output there. In units of 3:

    * ``"XOR"`` — class 1 where ``x₁·x₂ > 0`` (two opposite quarters), class 0 in the other two, every
      point at least 0.05 from the axes;
    * ``"circle"`` — class 1 within radius 0.5 of the centre, class 0 in a ring from 0.7 to 1;
    * ``"clusters"`` — two round Gaussian clouds (standard deviation 0.25) around ``(0.4, 0.4)``
      (class 1) and ``(−0.4, −0.4)`` (class 0);
    * ``"moons"`` — :func:`two_class`'s two half-moons, centred and shrunk by 1.5 to fit;
    * ``"spiral"`` — two arms, half a turn apart, each turning 1.75 times around the centre out to radius 1.

    The class is decided before ``noise`` (0 to 3), the standard deviation of the Gaussian noise added to
    each coordinate, moves the points, so noise puts points on the wrong side; the same seed moves the same
    points in the same directions at every noise level. ``x`` has shape ``(n, 2)``,
    ``t`` shape ``(n, 1)`` with values 0 and 1, half of each (class 1 gets the odd one out). The same ``seed``
    gives the same points; their order is shuffled.

        >>> x, t = plane_data("spiral", n=4)
        >>> x.shape, t.ravel().tolist()
        ((4, 2), [1.0, 0.0, 0.0, 1.0])
    """
    _checks.choice(name, "name", PLANE_DATA)
    n = _checks.whole_number(n, "n", minimum=2)
    noise = _checks.number(noise, "noise")
    if not 0 <= noise <= MAX_PLANE_NOISE:
        raise ValueError(f"noise must be between 0 and {MAX_PLANE_NOISE:g} (the data lie within −3 … 3), "
                         f"got {noise:g}.")
    seed = _checks.whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    if name == "moons":   # the same half-moons as lessons 05 and 06, centred and shrunk by 1.5
        x, t = two_class(n, noise=0.0, seed=seed)
        x, t = (x - [0.5, 0.25]) / 1.5, t[:, 0]   # within −1 … 1, as _plane_shape's
    else:
        x, t = _plane_shape(name, n, rng)
        order = rng.permutation(n)
        x, t = x[order], t[order]
    # drawn whatever the noise, so that moving the noise slider moves the same points further
    return PLANE_SIZE * x + noise * rng.normal(0.0, 1.0, (n, 2)), t[:, None]


def _plane_shape(name, n, rng):
    """The points of :func:`plane_data` in units of ``PLANE_SIZE``, before noise, class 0 first: ``(x, t)``
    with ``t`` of shape ``(n,)``."""
    n0 = n // 2
    t = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    if name == "XOR":                  # away from the axes by 0.05, so that the quarters do not touch
        sign = rng.choice([-1.0, 1.0], n)
        x = rng.uniform(0.05, 1.0, (n, 2)) * np.column_stack([sign, np.where(t == 1, sign, -sign)])
    elif name == "circle":
        radius = np.where(t == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
        angle = rng.uniform(0.0, 2 * np.pi, n)
        x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    elif name == "clusters":
        x = np.where(t[:, None] == 1, 0.4, -0.4) + rng.normal(0.0, 0.25, (n, 2))
    else:                              # spiral: point k of an arm of m at r = (k + ½)/m, angle 1.75 · 2π · r
        k = np.concatenate([np.arange(n0), np.arange(n - n0)])
        radius = (k + 0.5) / np.where(t == 1, n - n0, n0)
        angle = 1.75 * 2 * np.pi * radius + np.where(t == 1, 0.0, np.pi)   # the arms half a turn apart
        x = radius[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    return x, t
