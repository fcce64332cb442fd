"""Instant feedback for the exercises (every lesson).

The learner works a number out by hand and hands it to a checker. The checker
says whether it is right; if not, which way it is off and roughly how far (in
coarse bands, so the exact value cannot be worked back from the message), then
a hint. The worked solution is never in the message: the notebook keeps it in a
block the learner opens on purpose::

    >>> print(check(0.8, 1.0, "the slope", hint="Multiply the error by x."))
    Not yet: your value for the slope is too small, by 10% to 50%. Hint: Multiply the error by x.
    >>> print(check(0.995, 1.0, "the slope"))
    Right: the slope is 1.
    >>> print(check(None, 1.0, "the slope"))
    Not answered yet: replace None with your value for the slope.

The tolerance is relative to the quantity asked for. When the answer is a new
value made of an old one plus a small change (a new weight w + Δw), pass
``scale=Δw``: then "right" means the *change* is right to 1%, and the bands
measure how far off the change is.
"""

import numpy as np

from .fmt import fmt

# How far off, in words: (upper limit of the relative miss, words). Coarse on purpose.
BANDS = ((0.1, "by less than 10%"), (0.5, "by 10% to 50%"), (1.0, "by 50% to 100%"),
         (np.inf, "by more than 100%"))


class Feedback:
    """The verdict on one answer: ``correct`` (bool) and ``message`` (str)."""

    def __init__(self, correct, message):
        self.correct, self.message = bool(correct), message

    def __str__(self):
        return self.message

    def __repr__(self):
        return self.message

    def __bool__(self):
        return self.correct


def check(answer, expected, name="the value", rel_tol=0.01, abs_tol=1e-9, hint="", scale=None):
    """Compare ``answer`` with ``expected``: right within ``rel_tol`` of ``scale``.

    ``scale`` is the size of the quantity asked for (default ``|expected|``);
    ``answer`` may be a number or an array of ``expected``'s shape. A wrong
    answer gets its direction (too large, too small, wrong sign) and a band of
    how far off it is, never the distance itself.
    """
    label = f"{name[0].upper()}{name[1:]}"
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"Not answered yet: replace None with your value for {name}.")
    expected_arr = np.asarray(expected, dtype=float)
    try:
        if isinstance(answer, (str, bytes, bool)):
            raise TypeError
        answer_arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"{label} should be a number, got {answer!r}.")
    if answer_arr.shape != expected_arr.shape:
        want = "a single number" if expected_arr.ndim == 0 else f"an array of shape {expected_arr.shape}"
        return Feedback(False, f"{label} should be {want}, got shape {answer_arr.shape}.")
    if not np.all(np.isfinite(answer_arr)):
        return Feedback(False, f"{label} should be a finite number, got {answer!r}.")
    size = np.abs(expected_arr) if scale is None else np.abs(np.asarray(scale, dtype=float))
    off = np.abs(answer_arr - expected_arr)
    if np.all(off <= np.maximum(abs_tol, rel_tol * size)):
        return Feedback(True, f"Right: {name} is {_fmt(expected_arr)}.")
    hint_text = f" Hint: {hint}" if hint else ""
    if expected_arr.ndim > 0:
        wrong = int(np.sum(off > np.maximum(abs_tol, rel_tol * size)))
        return Feedback(False, f"Not yet: {wrong} of the {off.size} numbers in {name} are off.{hint_text}")
    if expected_arr != 0 and np.sign(answer_arr) == -np.sign(expected_arr):
        return Feedback(False, f"Not yet: your value for {name} has the wrong sign.{hint_text}")
    direction = "too large" if answer_arr > expected_arr else "too small"
    relative = float(off / size) if size > 0 else np.inf
    band = next(words for limit, words in BANDS if relative < limit)
    return Feedback(False, f"Not yet: your value for {name} is {direction}, {band}.{hint_text}")


def _fmt(arr):
    """The expected value as the lessons write numbers (a real minus sign)."""
    if arr.ndim == 0:
        return fmt(float(arr), 6)
    return np.array2string(arr, precision=4, suppress_small=True, formatter={"float_kind": lambda v: fmt(v, 4)})
