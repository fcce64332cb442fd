"""Instant feedback for the exercises (every lesson).

The learner works a number out by hand and hands it to a checker; the
checker says it is right, or how far off it is, with a hint::

    >>> print(check(0.9, 1.0, "the slope", hint="Multiply the error by x."))
    Not yet: the slope is 0.9, which is off by 0.1 (10%). Your value is too small. Hint: Multiply the error by x.
    >>> print(check(None, 1.0, "the slope"))
    Not answered yet: replace None with your value for the slope.
"""

import numpy as np


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


def check(answer, expected, name="the value", rel_tol=0.01, abs_tol=1e-6, hint=""):
    """Compare ``answer`` with ``expected``: right within 1% (``rel_tol``), else how far off.

    ``answer`` may be a number or an array of numbers of ``expected``'s shape.
    """
    hint_text = f" Hint: {hint}" if hint else ""
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"Not answered yet: replace None with your value for {name}.")
    expected_arr = np.asarray(expected, dtype=float)
    try:
        if isinstance(answer, (str, bytes, bool)):
            raise TypeError
        answer_arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"{name[0].upper()}{name[1:]} should be a number, got {answer!r}.")
    if answer_arr.shape != expected_arr.shape:
        want = "a single number" if expected_arr.ndim == 0 else f"an array of shape {expected_arr.shape}"
        return Feedback(False, f"{name[0].upper()}{name[1:]} should be {want}, got shape {answer_arr.shape}.")
    if not np.all(np.isfinite(answer_arr)):
        return Feedback(False, f"{name[0].upper()}{name[1:]} should be a finite number, got {answer!r}.")
    off = np.abs(answer_arr - expected_arr)
    ok = np.all(off <= np.maximum(abs_tol, rel_tol * np.abs(expected_arr)))
    shown = _fmt(answer_arr)
    if ok:
        return Feedback(True, f"Right: {name} is {_fmt(expected_arr)}.")
    worst = float(np.max(off))
    scale = float(np.max(np.abs(expected_arr)))
    pct = f" ({100 * worst / scale:.0f}%)" if scale > 0 else ""
    sign = ""
    if expected_arr.ndim == 0:
        sign = " Your value is too large." if answer_arr > expected_arr else " Your value is too small."
        if np.sign(answer_arr) == -np.sign(expected_arr) and expected_arr != 0:
            sign = " Check the sign."
    return Feedback(False, f"Not yet: {name} is {shown}, which is off by {worst:.4g}{pct}.{sign}{hint_text}")


def _fmt(arr):
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr, precision=4, suppress_small=True)
