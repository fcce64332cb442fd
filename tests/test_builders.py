"""Every demo of every lesson, written once and parametrised over every builder (``lNN.BUILDERS``).

* it builds with no arguments, makes its figure once, and shows no problem (no NaN, no infinity, no
  error in its status line);
* the slider sweep (:func:`tests.sweep.assert_sweep`): every control at its ends and 200 settings in all,
  each drawing finite numbers and nothing else, with the same figure object throughout;
* every control (slider, dropdown, toggle) has a name: a visible label, or for a small button without
  one (a pixel to click) a tooltip; and no two controls of a demo share a label, so the learner (and a
  screen reader reading the label) can tell them apart;
* no two buttons of a demo share a label, and a progress bar is not labelled like a control beside it.
"""

import importlib

import ipywidgets as widgets
import pytest

from tests.sweep import assert_sweep
from tests.test_figures import BUILDERS
from tests.screen import problems


def _build(lesson, name):
    return importlib.import_module(f"bplib.lessons.{lesson}").BUILDERS[name]()


def _labels(demo):
    controls = [w.description.strip() for w in demo.controls.values() if w.description.strip()]
    buttons = [b.description.strip() for b in demo.buttons.values()]
    bars = [w.description.strip() for w in _all_widgets(demo.widget)
            if isinstance(w, (widgets.IntProgress, widgets.FloatProgress))]
    return controls, buttons, bars


def _all_widgets(root):
    """``root`` and every widget inside it."""
    found, todo = [], [root]
    while todo:
        w = todo.pop()
        found.append(w)
        todo.extend(getattr(w, "children", ()))
    return found


@pytest.mark.parametrize("lesson, name", BUILDERS, ids=[f"{a}.{b}" for a, b in BUILDERS])
def test_builds_and_sweeps_without_problems(lesson, name):
    demo = _build(lesson, name)
    fig = demo.fig
    assert fig is not None and problems(demo) == [], "at the defaults"
    assert assert_sweep(demo, n=200) >= 200
    assert demo.fig is fig, "the figure is made once and updated in place"


@pytest.mark.parametrize("lesson, name", BUILDERS, ids=[f"{a}.{b}" for a, b in BUILDERS])
def test_every_control_labelled_once(lesson, name):
    demo = _build(lesson, name)
    controls, buttons, bars = _labels(demo)
    unnamed = [key for key, w in demo.controls.items()
               if not (w.description.strip() or getattr(w, "tooltip", None))]
    assert not unnamed, f"controls without a label or a tooltip: {unnamed}"
    for kind, labels in (("controls", controls), ("buttons", buttons)):
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        assert not repeated, f"{kind} sharing a label: {repeated}"
    clash = sorted(set(bars) & set(controls))
    assert not clash, f"a progress bar labelled like a control: {clash}"


def test_the_check_sees_a_repeated_label():
    from tests.test_demo_base import Reciprocal   # a demo with two controls, "w" and "kind"

    demo = Reciprocal(guarded=True)
    demo.controls["kind"].description = demo.controls["w"].description
    controls, _, _ = _labels(demo)
    assert controls.count("w") == 2
