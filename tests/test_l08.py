"""Lesson 08 (static and recurrent backpropagation): the widgets and the exercise checkers.

Reference values are computed here with plain numpy from the demo network's
weights (fixed-point equation, contraction bound), or by hand in the comments.
"""

import math

import numpy as np
import pytest

from bplib.lessons import plots
from bplib.fmt import fmt
from bplib.lessons import l08
from bplib.recurrent import NotConvergedError
from tests.sweep import assert_sweep
from tests.screen import problems, shown


def sigma(s):
    return 1 / (1 + np.exp(-np.asarray(s, dtype=float)))


# -- the builders ---------------------------------------------------------------------
def test_every_builder_is_listed_and_callable_without_arguments():
    assert set(l08.BUILDERS) == {"relaxation_explorer", "backward_explorer", "training_explorer"}
    for build in l08.BUILDERS.values():
        demo = build()
        assert demo.fig is not None and problems(demo) == []


@pytest.mark.parametrize("name", sorted(l08.BUILDERS))
def test_sweep(name):
    assert_sweep(l08.BUILDERS[name](), n=200)


def test_words_in_the_figures_are_matplotlib_texts():
    for build in l08.BUILDERS.values():
        build().fig.canvas.draw()
    demo = l08.relaxation_explorer()
    _, texts = shown(demo)
    for word in ("iteration k", "output y", "largest change in one step"):
        assert word in texts
    # The keys are in the text panel: the neurons' colours (a swatch per table row) and the right panel's two lines.
    panel = demo.texts["verdict"].value
    assert all(name in panel for name in l08.NAMES) and "tol (dashed)" in panel
    assert "the largest change of an output in one step" in panel
    demo = l08.backward_explorer()
    _, texts = shown(demo)
    assert {"backward iteration k", "error signal δ", "∂E/∂w by perturbation",
            "∂E/∂w by recurrent backprop"} <= set(texts)
    assert all(name in demo.texts["verdict"].value for name in l08.NAMES)
    _, texts = shown(l08.training_explorer())
    assert {"epoch", "error E", "cue x", "settled y", "target t"} <= set(texts)


def test_neuron_lines_differ_in_colour_and_dash():
    demo = l08.relaxation_explorer()
    styles = [(line.get_color(), line.get_linestyle()) for line in demo.lines]
    assert len(set(styles)) == 5 and len({c for c, _ in styles}) == 5
    # The key: each table row starts with a swatch of its neuron's line colour, in the neurons' order.
    panel = demo.texts["verdict"].value
    swatches = [panel.index(f"background:{colour}") for colour, _ in styles]
    assert swatches == sorted(swatches)
    for start, end, name in zip(swatches, swatches[1:] + [len(panel)], l08.NAMES):
        assert name in panel[start:end]                                   # each name in its swatch's row


def test_axes_follow_the_relaxation():
    demo = l08.relaxation_explorer()
    demo.set(scale=1.0, tol=1e-10, max_iter=100)       # settles after 15 iterations: x from 0 to 20
    assert demo.axes[0].get_xlim() == demo.axes[1].get_xlim() == (0, 20)
    assert demo.axes[1].get_yscale() == "log" and demo.axes[1].get_ylim() == (1e-16, 10)
    demo.set(scale=5.0, max_iter=500)                  # no settling: x from 0 to 500
    assert demo.axes[0].get_xlim() == (0, 500)


def test_gradient_axes_are_symmetric_and_hold_every_point():
    demo = l08.backward_explorer()
    for scale in (0.25, 2.0, 4.0):
        demo.set(scale=scale)
        lo, hi = demo.axes[1].get_xlim()
        assert lo == -hi and demo.axes[1].get_ylim() == (lo, hi)
        assert np.all(np.abs(demo.points.get_offsets()) < hi)


def test_the_error_axis_fits_the_run_and_the_warning_is_one_line():
    demo = l08.training_explorer()
    demo.set(lr=3.0)                                    # from 0.5 to 0.001: decades, a log axis
    ax = demo.axes[0]
    errors = demo.curve.get_ydata()
    assert ax.get_yscale() == "log"
    assert ax.get_ylim()[0] < errors.min() and errors.max() < ax.get_ylim()[1] < 2 * errors.max()
    demo.set(lr=30.0)                                   # jumps about within one decade: linear from 0
    errors = demo.curve.get_ydata()
    assert ax.get_yscale() == "linear" and ax.get_ylim() == pytest.approx((0, 1.1 * errors.max()))
    text = demo.texts["verdict"].value
    assert text.count("<br>") == 1 and text.count("Training stopped") == 1
    assert "NotConvergedError" not in text and len(text.split("<br>")[1]) < 200


@pytest.mark.parametrize("name", sorted(l08.BUILDERS))
def test_the_text_under_each_figure_keeps_its_height(name):
    assert all(panel.layout.min_height for panel in l08.BUILDERS[name]().texts.values())


# -- the demo network -----------------------------------------------------------------
def test_demo_network_settles_undamped_up_to_scale_4_only():
    W = l08.W_DEMO
    assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(1.0, abs=0.02)
    assert l08.demo_network(4.0).relax(l08.X_DEMO, max_iter=1000).iterations > 100
    with pytest.raises(NotConvergedError):
        l08.demo_network(4.25).relax(l08.X_DEMO, max_iter=1000)
    assert np.array_equal(l08.demo_network(2.0).weights, 2.0 * W)


def test_relaxation_demo_shows_a_fixed_point():
    demo = l08.relaxation_explorer()
    demo.set(scale=1.0, tol=1e-10, max_iter=100)
    y = np.array([line.get_ydata()[-1] for line in demo.lines])
    X = np.array([1.0, -1.0, 0, 0, 0])
    assert np.allclose(y, sigma(l08.W_DEMO @ y + X), atol=1e-9)     # y = f(W y + X)
    assert np.array_equal(demo.lines[0].get_ydata()[:2], [0.0, sigma(1.0)])  # from 0, one step: f(x₀)
    text = demo.texts["verdict"].value
    assert "<b>Settled</b> after 15 iterations" in text
    L = 0.25 * np.linalg.norm(l08.W_DEMO, 2)                        # max σ′ = 1/4
    assert f"L = max f′·‖W‖ = {fmt(L, 2)} is below 1" in text
    assert demo.tol_line.get_ydata()[0] == 1e-10


def test_relaxation_demo_says_when_it_does_not_settle():
    demo = l08.relaxation_explorer()
    demo.set(scale=5.0, max_iter=200)
    text = demo.texts["verdict"].value
    assert ("<b>Did not settle</b> within max_iter = 200 iterations of y ← f(W y + b + x) "
            "(weight scale 5)") in text
    assert "raises <code>NotConvergedError</code>" in text
    assert "Yet the fixed point exists" in text and "spectral radius 1.219, above 1" in text
    assert "is above 1: the bound guarantees nothing" in text
    assert len(demo.lines[0].get_xdata()) == 201 and problems(demo) == []


def test_relaxation_demo_cuts_one_run_exactly_as_relax_would_stop():
    # The demo relaxes once per weight scale and cuts that run for each tol and max_iter;
    # the reference is a fresh net.relax with those settings.
    demo = l08.relaxation_explorer()
    for scale in (0.25, 1.0, 3.75, 4.0, 4.25, 6.0):
        for _, tol in l08.TOLERANCES:
            for max_iter in (10, 20, 60, 200, 370, 500):
                _, r = demo.relax(scale, tol, max_iter)
                ref = l08.demo_network(scale).relax(l08.X_DEMO, tol=tol, max_iter=max_iter, strict=False)
                assert r.iterations == ref.iterations and r.converged == ref.converged
                assert np.array_equal(r.trajectory, ref.trajectory) and np.array_equal(r.changes, ref.changes)
                assert np.allclose(r.s, ref.s, rtol=0, atol=1e-14)
                assert str(r.error) == str(ref.error)


def test_slow_settling_needs_more_iterations():
    demo = l08.relaxation_explorer()
    demo.set(scale=3.75, max_iter=100, tol=1e-8)
    assert "Did not settle" in demo.texts["verdict"].value
    demo.set(max_iter=300)
    assert "<b>Settled</b>" in demo.texts["verdict"].value


def test_backward_demo_points_lie_on_the_diagonal():
    demo = l08.backward_explorer()
    for scale in (1.0, 3.0):
        demo.set(scale=scale)
        points = demo.points.get_offsets()
        assert points.shape == (30, 2)
        assert np.max(np.abs(points[:, 0] - points[:, 1])) < 1e-6 * np.max(np.abs(points))
        assert "they agree" in demo.texts["verdict"].value


def test_backward_demo_first_step_is_the_output_error():
    # δ after one backward step: f′(s) ⊙ e, nonzero only at the output neuron 4.
    demo = l08.backward_explorer()
    demo.set(scale=1.0)
    y = np.array([line.get_ydata() for line in demo.lines])       # (neurons, steps)
    net = l08.demo_network(1.0)
    fixed = net.relax(l08.X_DEMO, tol=1e-12).y
    s4 = l08.W_DEMO[4] @ fixed
    first = sigma(s4) * (1 - sigma(s4)) * (fixed[4] - 0.9)
    assert y[4, 1] == pytest.approx(first, rel=1e-6)
    assert np.all(y[:4, 1] == 0)


def test_backward_demo_without_a_fixed_point():
    demo = l08.backward_explorer()
    demo.set(scale=5.0)
    assert demo.points.get_offsets().shape[0] == 0
    text = demo.texts["verdict"].value
    assert "forward relaxation does not settle" in text and "NotConvergedError" in text
    assert "The fixed point and the gradient exist all the same" in text
    demo.set(scale=1.0)
    assert demo.points.get_offsets().shape == (30, 2)


def test_damping_in_the_relaxation_demo():
    demo = l08.relaxation_explorer(tol=1e-8, max_iter=500)
    for scale in (5.0, 6.0):
        demo.set(scale=scale, α=0.5)
        text = demo.texts["verdict"].value
        assert "<b>Settled</b>" in text and "y ← 0.5·y + 0.5·f(W y + b + x)" in text
        _, r = demo.relax(scale, 1e-8, 500, 0.5)
        ref = l08.demo_network(scale).relax(l08.X_DEMO, tol=1e-8, max_iter=500, strict=False, alpha=0.5)
        assert np.array_equal(r.trajectory, ref.trajectory) and r.converged
    assert problems(demo) == []


def test_damping_in_the_backward_demo():
    demo = l08.backward_explorer()
    demo.set(scale=6.0, α=0.5)
    points = demo.points.get_offsets()
    assert points.shape == (30, 2)
    assert np.max(np.abs(points[:, 0] - points[:, 1])) < 1e-6 * np.max(np.abs(points))
    assert "With α = 0.5" in demo.texts["verdict"].value and "they agree" in demo.texts["verdict"].value


def test_step_radius_and_fixed_point():
    net = l08.demo_network(5.0)
    y = l08.fixed_point(net)
    X = np.array([1.0, -1.0, 0, 0, 0])
    assert np.allclose(y, sigma(net.weights @ y + X), rtol=0, atol=1e-12)
    D = sigma(net.weights @ y + X) * (1 - sigma(net.weights @ y + X))
    lam = np.linalg.eigvals(D[:, None] * net.weights)
    assert l08.step_radius(net, y) == pytest.approx(np.max(np.abs(lam)))
    assert l08.step_radius(net, y, alpha=0.5) == pytest.approx(np.max(np.abs(0.5 + 0.5 * lam)))


def test_recap_questions_are_right():
    q1, q2, q3 = l08.QUESTIONS
    # q1: at scale 5 the undamped relaxation swings, but the fixed point exists (radius of D·W > 1)
    net = l08.demo_network(5.0)
    with pytest.raises(NotConvergedError):
        net.relax(l08.X_DEMO)
    y = net.relax(l08.X_DEMO, alpha=0.5).y
    assert np.allclose(y, sigma(net.weights @ y + np.array([1.0, -1.0, 0, 0, 0])), atol=1e-9)
    assert l08.step_radius(net, y) > 1 and "exists" in q1.options[q1.answer]
    # q2: |1 − α + α·(−1.5)| < 1 only for the right option
    sizes = [abs(1 - a + a * -1.5) for a in (1.0, 0.9, 0.5)]
    assert [s < 1 for s in sizes] == [k == q2.answer for k in range(3)]
    assert "through time" in q3.options[q3.answer]
    for q in l08.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
    assert len(l08.recap().children) == 4


def test_training_demo():
    demo = l08.training_explorer()
    demo.set(lr=3.0, epochs=300, cues="rows")
    errors = demo.curve.get_ydata()
    assert len(errors) == l08.MAX_EPOCHS + 1 and errors[-1] < 0.01 * errors[0]
    assert demo.marker.get_xdata()[0] == 300
    assert "81 of the 81 pixels are right" in demo.texts["verdict"].value
    demo.set(cues="columns")
    assert "never seen in training" in demo.texts["verdict"].value
    demo.set(lr=10.0, epochs=600)
    text = demo.texts["verdict"].value
    assert "<b>Training stopped in epoch" in text and "Try a smaller learning rate than lr=10" in text
    assert demo.marker.get_xdata()[0] == len(demo.curve.get_xdata()) - 1 < 600


def test_picture_mosaic():
    a = np.arange(18).reshape(2, 9) / 17
    image = plots.mosaic(np.concatenate([a, 1 - a]), 2, (3, 3))   # lesson 08's pictures: rows of 3×3
    assert image.shape == (7, 7)                      # 2 rows of 3 + a gap; 2 pictures of 3 + a gap
    assert image.mask[3].all() and image.mask[:, 3].all()
    assert np.allclose(image[0:3, 4:7], a[1].reshape(3, 3))
    assert np.all(np.isfinite(image.data))


# -- exercises --------------------------------------------------------------------------
def test_check_one_step():
    # s = (−1·0.5 + 1, 2·0.5) = (0.5, 1); y = (1/(1 + e^−0.5), 1/(1 + e^−1)) = (0.622459, 0.731059)
    right = [1 / (1 + math.exp(-0.5)), 1 / (1 + math.exp(-1))]
    assert l08.check_one_step([0.6225, 0.7311])
    assert l08.check_one_step(right).message.startswith("Right")
    wrong = l08.check_one_step([0.5, 1.0])   # s instead of f(s)
    assert not wrong and "Hint" in wrong.message
    assert not l08.check_one_step(None) and "Not answered yet" in l08.check_one_step(None).message
    assert "shape (2,)" in l08.check_one_step(0.6).message
    # the tolerance is 1% of the change from 0.5, not of the value: two decimals are not enough
    assert not l08.check_one_step([0.62, 0.73])


def test_check_fixed_point():
    # y = 0.5·y + 1  →  y = 2
    assert l08.check_fixed_point(2.0)
    assert not l08.check_fixed_point(1.0)
    assert not l08.check_fixed_point(None)
    assert l08.check_fixed_point(4.0, w=0.75)          # 1/(1 − 0.75)


def test_check_self_loop_gradient():
    # y = 2, e = 2, δ = e/(1 − w) = 4, ∂E/∂w = δ·y = 8 (also d/dw of ½(1/(1 − w))² = (1 − w)⁻³ = 8)
    assert l08.check_self_loop_gradient(8.0)
    fb = l08.check_self_loop_gradient(4.0)            # δ, not δ·y
    assert not fb and "too small" in fb.message
    assert not l08.check_self_loop_gradient(None)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(l08, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
