"""Lesson 01's table, worked out by hand.

The model is y = w·x with inputs x = 0, 3, 9, 27 and desired outputs
t = 0, 6, 18, 54. The error of a sample is e = y − t, and
E = mean of ½·e² over the four samples.
"""

import numpy as np
import pytest

from bplib import one_weight, one_weight_table

X, T = one_weight_table()


def test_table_is_lesson_01s():
    assert X.tolist() == [0, 3, 9, 27]
    assert T.tolist() == [0, 6, 18, 54]


def test_w4_errors_and_squares():
    # w = 4: outputs 0, 12, 36, 108; errors 0, 6, 18, 54; squares 0, 36, 324, 2916.
    assert one_weight.outputs(4, X).tolist() == [0, 12, 36, 108]
    assert one_weight.errors(4, X, T).tolist() == [0, 6, 18, 54]
    assert one_weight.squared_errors(4, X, T).tolist() == [0, 36, 324, 2916]
    # E = (0 + 36 + 324 + 2916) / 2 / 4 = 3276 / 8 = 409.5
    assert one_weight.total_error(4, X, T) == pytest.approx(409.5, abs=1e-12)


def test_w3_errors():
    # w = 3: outputs 0, 9, 27, 81; errors 0, 3, 9, 27; E = (9 + 81 + 729) / 8 = 102.375
    assert one_weight.errors(3, X, T).tolist() == [0, 3, 9, 27]
    assert one_weight.total_error(3, X, T) == pytest.approx(102.375, abs=1e-12)


def test_w2_no_error():
    assert one_weight.errors(2, X, T).tolist() == [0, 0, 0, 0]
    assert one_weight.total_error(2, X, T) == 0.0
    assert one_weight.slope(2, X, T) == 0.0


def test_slope_and_update_by_hand():
    # dE/dw = mean of e·x. At w = 4: (0·0 + 6·3 + 18·9 + 54·27) / 4 = (18 + 162 + 1458) / 4 = 409.5
    assert one_weight.slope(4, X, T) == pytest.approx(409.5, abs=1e-12)
    # With η = 0.001: w ← 4 − 0.001 · 409.5 = 3.5905
    assert one_weight.update(4, X, T, lr=0.001) == pytest.approx(3.5905, abs=1e-12)
    # At w = 3 the slope is (3·3 + 9·9 + 27·27) / 4 = 819 / 4 = 204.75; η = 1/204.75 lands on w = 2.
    assert one_weight.slope(3, X, T) == pytest.approx(204.75, abs=1e-12)
    assert one_weight.update(3, X, T, lr=1 / 204.75) == pytest.approx(2.0, abs=1e-12)


def test_measured_slope_agrees_with_formula():
    for w in (-1.0, 0.5, 2.0, 4.0):
        assert one_weight.measured_slope(w, X, T) == pytest.approx(one_weight.slope(w, X, T), rel=1e-8, abs=1e-8)


def test_fit_converges_with_small_rate():
    run = one_weight.fit(4, X, T, lr=0.004, steps=50)
    assert not run.diverged
    assert run.path[-1] == pytest.approx(2.0, abs=1e-3)
    assert np.all(np.diff(run.errors) <= 0)
    assert "fell" in run.describe()


def test_fit_oscillates_then_settles():
    # η between 1/204.75 and 2/204.75: each step overshoots w = 2 but by less each time.
    run = one_weight.fit(4, X, T, lr=0.008, steps=20)
    assert not run.diverged
    assert np.all(np.sign(run.path[1:] - 2) == -np.sign(run.path[:-1] - 2))
    assert "Oscillating" in run.describe()


def test_oscillating_counts_the_steps_that_jump_over_the_minimum():
    # η = 0.009: w − 2 is multiplied by 1 − 204.75·0.009 = −0.84275 each step, so all 20 steps cross w = 2
    # (the direction of the moves reverses only 19 times: that is not what the sentence counts).
    run = one_weight.fit(4, X, T, lr=0.009, steps=20)
    closed_form = 2 + 2 * (1 - 204.75 * 0.009) ** np.arange(21)
    crossings = int(np.sum(np.sign(closed_form[1:] - 2) != np.sign(closed_form[:-1] - 2)))
    assert crossings == 20 and run.crossings() == 20
    assert "jumps over the minimum, from one side to the other, at every one of the 20 steps" in run.describe()
    # η = 0.004 (factor +0.181) never crosses; landing exactly on the bottom is no crossing either
    assert one_weight.fit(4, X, T, lr=0.004, steps=20).crossings() == 0
    assert one_weight.fit(4, X, T, lr=1 / 204.75, steps=5).crossings() == 0


def test_best_weight_is_the_bottom_of_the_curve():
    # t = 2·x: Σ x·t / Σ x² = 2; x = 1, 2 and t = 1, 1: (1 + 2) / (1 + 4) = 0.6
    assert one_weight.best_weight(X, T) == pytest.approx(2.0)
    assert one_weight.best_weight([1, 2], [1, 1]) == pytest.approx(0.6)
    assert one_weight.best_weight([0, 0], [1, 2]) is None


def test_fit_reports_divergence_without_infinities():
    # η above 2/204.75 ≈ 0.00977: |w − 2| grows by |1 − 204.75 η| each step.
    run = one_weight.fit(4, X, T, lr=0.05, steps=1000)
    assert run.diverged
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.errors))
    assert "Diverged" in run.describe() and "smaller learning rate" in run.describe()


@pytest.mark.parametrize("call, message", [
    (lambda: one_weight.update(4, X, T, lr=0), "lr (the learning rate η) must be a positive number, got 0.0."),
    (lambda: one_weight.update(4, X, T, lr=-1), "lr (the learning rate η) must be a positive number, got -1.0."),
    (lambda: one_weight.update(4, X, T, lr=float("nan")), "lr (the learning rate η) must be a finite number, got nan."),
    (lambda: one_weight.errors(4, [1, 2], [2, 4, 6]), "x and t must have the same length, got x of shape (2,) and t of shape (3,)."),
    (lambda: one_weight.errors(float("inf"), X, T), "w must be a finite number, got inf."),
    (lambda: one_weight.errors(4, [1, np.nan], [2, 4]), "x (the inputs) must be finite numbers, got nan at index (1,)."),
    (lambda: one_weight.errors(4, [], []), "x and t must hold at least one sample, got none."),
])
def test_bad_input_messages(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_type_errors_name_the_argument():
    with pytest.raises(TypeError, match=r"^w must be a number, got 'four'\.$"):
        one_weight.errors("four", X, T)
    with pytest.raises(TypeError, match=r"^x \(the inputs\) must be numbers, got 'abc'\.$"):
        one_weight.errors(4, "abc", T)


def test_describe_edge_cases():
    # From w = 2 the slope is 0: nothing moves.
    assert "starts at the bottom" in one_weight.fit(2, X, T, lr=0.004, steps=5).describe()
    # η = 2/mean(x²) = 2/204.75: w − 2 flips sign each step with the same size, the error stays put.
    edge = one_weight.fit(4, X, T, lr=2 / 204.75, steps=6)
    np.testing.assert_allclose(edge.path, [4, 0, 4, 0, 4, 0, 4], atol=1e-9)
    assert edge.describe().startswith("Stuck") and "stays at 409.5" in edge.describe()
    assert one_weight.fit(4, X, T, lr=0.004, steps=0).describe() == "No steps taken yet: the error is 409.5."
