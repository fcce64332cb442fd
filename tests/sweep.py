"""The slider sweep used by every lesson's tests.

Every control at its minimum and maximum, each alone and all together, then
random combinations: at least ``n`` settings in all. After each one the demo
must have raised nothing and must show no NaN or infinite number, in the
figure or in the text.
"""

import ipywidgets as widgets
import numpy as np

from tests.screen import problems


def assert_sweep(demo, n=200, seed=0):
    """Drive ``demo`` through ``n`` or more control settings; fail on the first problem."""
    tried = 0
    for values in sweep_values(demo, n=n, seed=seed):
        demo.set(**values)
        found = problems(demo)
        assert not found, f"after setting {values}: {found}"
        tried += 1
    assert tried >= n
    return tried


def control_value(widget, where, rng=None):
    """A value for ``widget``: ``where`` is ``"min"``, ``"max"`` or ``"random"``."""
    if isinstance(widget, (widgets.Dropdown, widgets.RadioButtons, widgets.ToggleButtons,
                           widgets.SelectionSlider, widgets.Select)):
        options = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        index = {"min": 0, "max": len(options) - 1}.get(where)
        return options[rng.integers(len(options)) if index is None else index]
    if isinstance(widget, (widgets.Checkbox, widgets.ToggleButton)):
        return {"min": False, "max": True}.get(where, bool(rng.integers(2)))
    lo, hi = widget.min, widget.max
    if isinstance(widget, widgets.FloatLogSlider):  # min and max are exponents of the base
        exponent = {"min": lo, "max": hi}.get(where)
        if exponent is None:
            exponent = lo + round((hi - lo) * rng.random() / widget.step) * widget.step
        return float(widget.base ** min(max(exponent, lo), hi))
    if where in ("min", "max"):
        return lo if where == "min" else hi
    value = lo + (hi - lo) * rng.random()
    if isinstance(widget, (widgets.IntSlider, widgets.IntText, widgets.BoundedIntText)):
        return int(round(value))
    step = getattr(widget, "step", None)
    if step:  # a position the slider can really take
        value = lo + round((value - lo) / step) * step
    return float(min(max(value, lo), hi))


def sweep_values(demo, n=200, seed=0):
    """Control settings to try: each control at its min and max, then random combinations.

    Yields ``n`` dicts (at least) suitable for ``demo.set(**values)``.
    """
    rng = np.random.default_rng(seed)
    names = list(demo.controls)
    count = 0
    for where in ("min", "max"):
        yield {name: control_value(demo.controls[name], where, rng) for name in names}
        count += 1
    for name in names:
        for where in ("min", "max"):
            yield {name: control_value(demo.controls[name], where, rng)}
            count += 1
    while count < n:
        picks = {}
        for name in names:
            where = rng.choice(["min", "max", "random", "random", "random"])
            picks[name] = control_value(demo.controls[name], where, rng)
        yield picks
        count += 1
