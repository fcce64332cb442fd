"""Lesson 02 (gradient descent): the slope explorer, the descent demo and the checkers.

Reference numbers are worked out by hand in the comments, with the table
x = 0, 3, 9, 27 and t = 2·x, so that y − t = (w − 2)·x and
mean(x²) = (0 + 9 + 81 + 729) / 4 = 204.75. Then dE/dw = 204.75·(w − 2), and
one step of gradient descent maps w − 2 to (1 − 204.75·η)·(w − 2): that closed
form is the independent reference for whole descents.
"""

import re

import numpy as np
import pytest

from bplib.lessons import l02
from tests.screen import problems

M = 204.75  # mean(x²), by hand


def _clean(html):
    return re.sub(r"<[^>]+>", "", html)


# -- every builder ----------------------------------------------------------------------
def test_every_builder_is_listed_and_callable_without_arguments():
    assert set(l02.BUILDERS) == {"slope_explorer", "descent_demo"}
    for build in l02.BUILDERS.values():
        demo = build()
        assert demo.fig is not None and problems(demo) == []


def test_log_sliders_swept_over_their_real_range():
    # The shared sweep reads a FloatLogSlider's min/max (exponents) as values, which the slider
    # clamps to its smallest value; so sweep η and ε over their real values here.
    rng = np.random.default_rng(1)
    demo = l02.descent_demo()
    for k in range(120):
        lr = float(10 ** rng.uniform(np.log10(l02.LR_MIN), np.log10(l02.LR_MAX)))
        demo.set(w=float(rng.uniform(-1, 5)), lr=lr)
        demo.click(["step", "run", "run", "reset"][k % 4])
        assert problems(demo) == [], (lr, problems(demo))
    slopes = l02.slope_explorer()
    for eps in np.logspace(-2, 0, 50):
        slopes.set(w=float(rng.uniform(-1, 5)), eps=float(eps))
        assert problems(slopes) == []


def test_slope_explorer_shows_the_hand_computed_slope_at_w_4():
    demo = l02.slope_explorer()
    demo.set(w=4, eps=0.5)
    text = _clean(demo.texts["slopes"].value)
    # e = 0, 6, 18, 54; e·x = 0, 18, 162, 1458; mean = 1638 / 4 = 409.5
    assert "(0 + 18 + 162 + 1458) / 4 = 409.5" in text
    # E(4.5) = ½·204.75·2.5² = 639.84375 and E(3.5) = ½·204.75·1.5² = 230.34375; difference / 1 = 409.5
    assert "(639.844 − 230.344) / 1 = 409.5" in text
    assert "lower w" in text


def test_slope_explorer_tangent_has_the_formula_slope():
    demo = l02.slope_explorer()
    demo.set(w=1, eps=0.1)
    (x0, y0), (x1, y1) = demo.tangent.get_xydata()
    # dE/dw at w = 1: 204.75·(1 − 2) = −204.75
    assert (y1 - y0) / (x1 - x0) == pytest.approx(-204.75)
    assert "raise w" in demo.texts["slopes"].value


def test_slope_explorer_at_the_bottom():
    demo = l02.slope_explorer()
    demo.set(w=2)
    assert "stay: this is the bottom" in demo.texts["slopes"].value


# -- the descent -------------------------------------------------------------------------
def test_step_moves_w_by_minus_eta_times_the_slope():
    demo = l02.descent_demo(w=4, lr=0.001)
    assert demo.path.tolist() == [4.0]
    demo.click("step")
    # slope at 4: 204.75·2 = 409.5; w ← 4 − 0.001·409.5 = 3.5905
    assert demo.path[-1] == pytest.approx(3.5905, abs=1e-12)
    assert "step 1: w = 3.5905" in demo.texts["report"].value
    demo.click("step")
    # slope at 3.5905: 204.75·1.5905 = 325.654875; w ← 3.5905 − 0.325654875 = 3.264845125
    assert demo.path[-1] == pytest.approx(3.264845125, abs=1e-12)


def test_report_shows_the_next_step_before_it_is_taken():
    demo = l02.descent_demo(w=4, lr=0.001)
    text = _clean(demo.texts["report"].value)
    assert "slope dE/dw = 409.5" in text
    assert "= 3.5905" in text
    assert "Press Step" in text


def test_run_takes_ten_steps_matching_the_closed_form():
    demo = l02.descent_demo(w=4, lr=0.002)
    demo.click("run")
    k = np.arange(11)
    # w_k − 2 = (1 − 204.75·0.002)^k · (4 − 2) = 0.5905^k · 2
    np.testing.assert_allclose(demo.path, 2 + 2 * (1 - M * 0.002) ** k, rtol=1e-12)
    demo.click("reset")
    assert demo.path.tolist() == [4.0]


def test_moving_a_slider_keeps_the_number_of_steps():
    demo = l02.descent_demo(w=4, lr=0.001, steps=10)
    demo.set(lr=0.004)
    assert len(demo.path) == 11
    assert demo.path[1] == pytest.approx(4 - 0.004 * 409.5)


def test_the_right_learning_rate_lands_on_the_bottom_in_one_step():
    demo = l02.descent_demo(w=4, lr=1 / M)
    demo.click("step")
    assert demo.path[-1] == pytest.approx(2.0, abs=1e-12)
    assert problems(demo) == []


def test_a_large_learning_rate_oscillates_but_converges():
    demo = l02.descent_demo(w=4, lr=0.009, steps=20)
    # factor 1 − 204.75·0.009 = −0.84275: w flips side every step and creeps in
    assert np.all(np.sign(demo.path[1:] - 2) != np.sign(demo.path[:-1] - 2))
    assert "Oscillating" in demo.texts["report"].value
    assert "converges" in demo.texts["report"].value


def test_divergence_is_reported_in_words_with_nothing_non_finite_drawn():
    demo = l02.descent_demo(w=5, lr=l02.LR_MAX)
    for _ in range(30):
        demo.click("run")
    report = demo.texts["report"].value
    assert "diverged" in report and "smaller η" in report
    assert problems(demo) == []
    for line in (demo.path_line, demo.error_line, demo.curve):
        assert np.all(np.isfinite(line.get_xydata()))
    lo, hi = demo.ax.get_xlim()
    assert lo <= demo.path.min() and demo.path.max() <= hi   # the whole path is in view
    steps = len(demo.path)
    demo.click("step")
    assert len(demo.path) == steps                          # no step past the divergence


def test_starting_at_the_bottom_or_at_the_limit_is_described_truthfully():
    demo = l02.descent_demo(w=2, lr=0.001, steps=10)
    assert "starts at the bottom" in demo.texts["report"].value
    # η = 2/204.75: factor −1, so w goes 4, 0, 4, 0, ... and E stays 409.5
    demo = l02.descent_demo(w=4, lr=2 / M, steps=10)
    report = _clean(demo.texts["report"].value)
    assert "bounces between 4 and 0" in report and "stays at 409.5" in report
    assert "falls" not in report and "exactly −1" in report


def test_just_past_the_limit_gets_worse_and_says_so():
    # η = 0.0105: factor 1 − 2.149875 = −1.149875, |factor| > 1: the distance grows each step
    demo = l02.descent_demo(w=4, lr=0.0105, steps=10)
    assert abs(demo.path[-1] - 2) > abs(demo.path[0] - 2)
    assert "overshoots further" in demo.texts["report"].value


def test_error_axis_shows_the_error_on_a_log_scale():
    demo = l02.descent_demo(w=4, lr=0.001, steps=1)
    # E at 4 = ½·204.75·4 = 409.5; at 3.5905: ½·204.75·1.5905² = 258.97...
    np.testing.assert_allclose(demo.error_line.get_ydata(), [409.5, 0.5 * M * 1.5905 ** 2], rtol=1e-12)
    assert demo.ax_e.get_yscale() == "log"


def test_builders_reject_bad_arguments():
    with pytest.raises(ValueError, match=r"lr \(the learning rate η\) must be a positive number, got -0.1"):
        l02.descent_demo(lr=-0.1)
    with pytest.raises(TypeError, match=r"steps must be a whole number, got 2.5"):
        l02.descent_demo(steps=2.5)
    with pytest.raises(ValueError, match=r"eps \(the nudge ε\) must be a positive number, got 0"):
        l02.slope_explorer(eps=0)


# -- numbers used in the lesson ------------------------------------------------------------
def test_mean_square_input():
    assert l02.mean_square_input() == 204.75
    assert l02.mean_square_input([1, 3]) == 5.0   # (1 + 9) / 2


# -- exercises ---------------------------------------------------------------------------
def test_check_slope():
    # w = 1: e = −x; e·x = −x² = 0, −9, −81, −729; mean = −819 / 4 = −204.75
    assert l02.check_slope(-204.75).correct
    flipped = l02.check_slope(204.75)
    assert not flipped.correct and "wrong sign" in flipped.message and "Hint:" in flipped.message
    assert "204.75" not in flipped.message                 # never the value
    mean_forgotten = l02.check_slope(-819)                 # the sum, not the mean: 4 times too large
    assert not mean_forgotten.correct and "too small, by more than 100%" in mean_forgotten.message
    assert not l02.check_slope(None).correct and "replace None" in l02.check_slope(None).message
    # w = 3: 204.75·1 = 204.75
    assert l02.check_slope(204.75, w=3).correct


def test_check_update():
    # w = 1, η = 0.002: slope −204.75; w ← 1 − 0.002·(−204.75) = 1 + 0.4095 = 1.4095
    assert l02.check_update(1.4095).correct
    assert l02.check_update(1.41).correct                  # the step 0.41 is within 1% of 0.4095
    wrong_sign = l02.check_update(0.5905)
    assert not wrong_sign.correct and "too small" in wrong_sign.message and "Hint:" in wrong_sign.message
    assert not l02.check_update(None).correct
    # w = 4, η = 0.001: 3.5905 (the first step of the demo)
    assert l02.check_update(3.5905, w=4, lr=0.001).correct


def test_check_update_judges_the_step_not_the_new_weight():
    # The step is 0.4095; 1.43 is only 1.5% off as a weight but 5% off as a step: not right.
    # (Without scale= the 1% tolerance on w, ±0.014, would accept it.)
    near = l02.check_update(1.43)
    assert not near.correct and "too large, by less than 10%" in near.message
    # Forgetting the mean (step 4·0.4095 = 1.638, new w 2.638): the step is 300% too large
    assert "by more than 100%" in l02.check_update(2.638).message


def test_the_eta_slider_has_a_position_that_lands_on_the_bottom_in_one_step():
    # The browser snaps log10(η) to min + k·step; one of those points is 1/204.75.
    demo = l02.descent_demo(w=4)
    lr = demo.controls["lr"]
    k = np.arange(int(np.floor((lr.max - lr.min) / lr.step)) + 1)
    grid = 10.0 ** (lr.min + k * lr.step)
    best = grid[np.argmin(np.abs(grid - 1 / M))]
    assert best == pytest.approx(1 / M, rel=1e-12)
    assert grid[0] == pytest.approx(1e-4, rel=0.01) and grid[-1] == pytest.approx(0.02, rel=0.01)


# -- the recap ---------------------------------------------------------------------------
def test_recap_has_the_questions_and_their_right_answers_are_right():
    widget = l02.recap()
    assert len(widget.children) == 1 + len(l02.QUESTIONS)
    q1, q2, q3 = l02.QUESTIONS
    # 1: slope −50, w ← w − η·(−50) grows for every η > 0
    assert q1.options[q1.answer].startswith("up")
    # 2: factor 1 − 0.009·204.75 = −0.84275: between −1 and 0, so it jumps over w = 2 and converges
    factor = 1 - 0.009 * M
    assert -1 < factor < 0 and "converges" in q2.options[q2.answer]
    # 3: 2/mean(x²) with x ten times larger is 100 times smaller
    x = np.array([0.0, 3, 9, 27])
    assert (2 / np.mean(x ** 2)) / (2 / np.mean((10 * x) ** 2)) == pytest.approx(100)
    assert q3.options[q3.answer] == "a hundred times smaller"
    for q in l02.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
