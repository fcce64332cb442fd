"""The one-weight model ``y = w·x`` of lessons 01 and 02.

The model should output twice its input, so the right weight is ``w = 2``.
With the table of lesson 01 (inputs ``x = 0, 3, 9, 27``, desired outputs
``t = 0, 6, 18, 54``)::

    >>> from bplib.data import one_weight_table
    >>> x, t = one_weight_table()
    >>> errors(4, x, t).tolist()            # y − t at w = 4
    [0.0, 6.0, 18.0, 54.0]
    >>> total_error(4, x, t)                # mean of ½·(y − t)²: (0 + 36 + 324 + 2916) / 8
    409.5
    >>> slope(4, x, t)                      # dE/dw = mean of (y − t)·x
    409.5
    >>> update(4, x, t, lr=0.001)           # w − η·dE/dw
    3.5905

The error ``E`` is the same as :func:`bplib.loss.error` uses for networks:
the average over the samples ``n = 1 … N`` of ``½ (y_n − t_n)²``.
"""

import numpy as np

from . import _checks
from .fmt import fmt
from .results import History, diverging


def _table(w, x, t):
    w = _checks.number(w, "w")
    x = _checks.as_array(x, "x (the inputs)", ndim=(0, 1))
    t = _checks.as_array(t, "t (the desired outputs)", ndim=(0, 1))
    if x.shape != t.shape:
        raise ValueError(
            f"x and t must have the same length, got x of shape {x.shape} and t of shape {t.shape}."
        )
    if x.size == 0:
        raise ValueError("x and t must hold at least one sample, got none.")
    return w, x, t


def _finite(value, what, w):
    """``value`` if every number in it is finite; else a clear error instead of inf or NaN."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} is too large to be a number at w = {w:g}: it overflows. "
                         f"Use a smaller w (or a smaller learning rate).")
    return value


def outputs(w, x):
    """The model's outputs ``y = w·x``."""
    w = _checks.number(w, "w")
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite(w * _checks.as_array(x, "x (the inputs)", ndim=(0, 1)), "y = w·x", w)


def errors(w, x, t):
    """The errors ``y − t`` (output minus desired output), one per sample."""
    w, x, t = _table(w, x, t)
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite(w * x - t, "the error y − t", w)


def squared_errors(w, x, t):
    """``(y − t)²`` per sample."""
    e = errors(w, x, t)
    with np.errstate(over="ignore"):
        return _finite(e ** 2, "the squared error", w)


def total_error(w, x, t):
    """``E = mean of ½ (y − t)²`` over the samples: the height of the error curve at ``w``."""
    with np.errstate(over="ignore"):
        return float(_finite(0.5 * np.mean(squared_errors(w, x, t)), "the error E", w))


def slope(w, x, t):
    """``dE/dw = mean of (y − t)·x``: the slope of the error curve at ``w`` (lesson 02).

    From ``E = mean ½ (w·x − t)²`` by the chain rule: the derivative of
    ``½ e²`` is ``e``, and the derivative of ``e = w·x − t`` with respect to
    ``w`` is ``x``.
    """
    e = errors(w, x, t)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(_finite(np.mean(e * np.asarray(x, float)), "the slope dE/dw", w))


def update(w, x, t, lr):
    """One gradient-descent step: ``w − η·dE/dw`` (``lr`` is the learning rate ``η``)."""
    lr = _checks.positive_number(lr, _checks.LR)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(_finite(w - lr * slope(w, x, t), "the new w", w))


def measured_slope(w, x, t, eps=1e-4):
    """The slope measured by nudging ``w``: ``(E(w + ε) − E(w − ε)) / 2ε`` (lesson 02)."""
    eps = _checks.positive_number(eps, "eps")
    return (total_error(w + eps, x, t) - total_error(w - eps, x, t)) / (2 * eps)


def best_weight(x, t):
    """The weight at the bottom of the error curve: ``w* = Σₙ xₙ·tₙ / Σₙ xₙ²`` (``None`` if every ``x`` is 0).

    Setting ``dE/dw = mean((w·x − t)·x) = 0`` gives it; for the lesson's table
    (``t = 2·x``) it is ``2``.
    """
    w, x, t = _table(0.0, x, t)
    xx = float(np.sum(x * x))
    return float(np.sum(x * t)) / xx if xx > 0 else None


def fit(w, x, t, lr, steps):
    """``steps`` gradient-descent steps from ``w``: the path ``[w₀, w₁, …]`` and the errors along it.

    Stops early, with ``diverged=True``, as soon as ``w`` or the error is no
    longer a finite number or the error has grown a million-fold; the path
    then ends at the last finite point, so nothing infinite reaches a plot.
    """
    w = _checks.number(w, "w")
    _table(w, x, t)
    lr = _checks.positive_number(lr, _checks.LR)
    steps = _checks.whole_number(steps, "steps", minimum=0)
    path, errs = [w], [total_error(w, x, t)]
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            try:
                new_w = w - lr * slope(w, x, t)
            except ValueError:   # the slope itself overflowed
                new_w = np.nan
            new_e = 0.5 * float(np.mean((new_w * np.asarray(x, float) - np.asarray(t, float)) ** 2))
            if not np.isfinite(new_w) or diverging(new_e, errs[0]):
                diverged = True
                break
            w = float(new_w)
            path.append(w)
            errs.append(new_e)
    return Descent(np.array(path), np.array(errs), diverged, lr, best_weight(x, t))


class Descent(History):
    """The result of :func:`fit`: a :class:`~bplib.results.History` (``errors``, ``diverged``, ``lr``)
    plus the ``path`` of ``w`` and the ``minimum`` of the error curve (:func:`best_weight`).
    """

    def __init__(self, path, errors, diverged, lr, minimum=None):
        super().__init__(errors, lr)
        self.path, self.errors, self.diverged, self.minimum = path, errors, diverged, minimum

    def crossings(self):
        """How many steps landed on the other side of the minimum from where they started.

        A point within ``1e-9`` (relative) of the minimum counts as on it, on neither side.
        """
        if self.minimum is None or len(self.path) < 2:
            return 0
        gap = self.path - self.minimum
        side = np.where(np.abs(gap) <= 1e-9 * max(1.0, abs(self.minimum)), 0.0, np.sign(gap))
        return int(np.sum(side[1:] * side[:-1] < 0))

    def describe(self, lr_digits=4):
        """Plain words: converged, on its way, oscillating, stuck, getting worse or diverged.

        Numbers are written by :func:`bplib.fmt.fmt`, η to ``lr_digits`` digits (as its slider shows it).
        """
        steps, eta = len(self.path) - 1, fmt(self.lr, lr_digits)
        first, last = fmt(self.errors[0]), fmt(self.errors[-1])
        if self.diverged:
            return (f"Diverged after {steps} step(s): each step overshoots further and the error grows "
                    f"without bound. Try a smaller learning rate than η = {eta}.")
        if steps == 0:
            return f"No steps taken yet: the error is {first}."
        if self.errors[0] == 0:
            return "w starts at the bottom: the slope there is 0, so the steps do not move it."
        if abs(self.errors[-1] - self.errors[0]) <= 1e-9 * self.errors[0]:
            low, high = sorted(self.path[-2:])
            return (f"Stuck: w bounces between {fmt(high)} and {fmt(low)}, equally high on both sides "
                    f"of the bottom, and the error stays at {last}.")
        if self.errors[-1] > self.errors[0]:
            return (f"Getting worse: after {steps} steps the error grew from {first} to {last}. "
                    f"The learning rate η = {eta} is too large.")
        flips = self.crossings()
        if flips and 2 * flips >= steps:
            how_often = f"at every one of the {steps} steps" if flips == steps else f"at {flips} of the {steps} steps"
            return (f"Oscillating: w jumps over the minimum, from one side to the other, {how_often}; "
                    f"the error still falls, to {last}.")
        return f"After {steps} step{'' if steps == 1 else 's'} the error fell from {first} to {last}."
