"""Every figure of every lesson readable at a glance (issue 12): after a draw, at the defaults and after
a few slider settings, every text is at least 11 px high as displayed (titles 12 px), lies inside its
figure, and overlaps no other text."""

import importlib

import pytest

from tests.sweep import sweep_values
from tests.figure_audit import MIN_PX, audit

BUILDERS = [(f"l0{k}", name) for k in range(1, 10)
            for name in sorted(importlib.import_module(f"bplib.lessons.l0{k}").BUILDERS)]


@pytest.mark.parametrize("lesson, name", BUILDERS, ids=[f"{a}.{b}" for a, b in BUILDERS])
def test_every_text_readable_inside_and_apart(lesson, name):
    demo = importlib.import_module(f"bplib.lessons.{lesson}").BUILDERS[name]()
    assert demo.fig is not None
    assert audit(demo.fig) == [], "at the defaults"
    for values in list(sweep_values(demo, n=6, seed=1))[-3:]:   # three random settings
        demo.set(**values)
        assert audit(demo.fig) == [], f"after {values}"


def test_the_audit_finds_small_outside_and_overlapping_texts():
    from bplib.lessons import plots

    fig, ax = plots.new_figure(4, 3)
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    ax.text(0.2, 0.2, "one")
    ax.text(0.2, 0.2, "two")
    fig.text(1.2, 0.5, "far away")
    problems = audit(fig)
    assert any("'tiny' is 6.7 px high" in p for p in problems)
    assert any("'one' overlaps 'two'" in p for p in problems)
    assert any("'far away' lies outside the figure" in p for p in problems)
    assert MIN_PX == 11
