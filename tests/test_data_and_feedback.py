"""The data made in code, the activations, and the exercise checker."""

import numpy as np
import pytest

import bplib


def test_logic_gates_truth_tables():
    x, t = bplib.logic_gate("AND")
    assert x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert t.ravel().tolist() == [0, 0, 0, 1]
    assert bplib.logic_gate("or")[1].ravel().tolist() == [0, 1, 1, 1]
    assert bplib.logic_gate("XOR")[1].ravel().tolist() == [0, 1, 1, 0]


def test_two_class_shapes_balance_and_seed():
    x, t = bplib.two_class(n=101, noise=0.2, seed=5)
    assert x.shape == (101, 2) and t.shape == (101, 1)
    assert set(t.ravel().tolist()) == {0.0, 1.0} and int(t.sum()) == 51
    again, _ = bplib.two_class(n=101, noise=0.2, seed=5)
    other, _ = bplib.two_class(n=101, noise=0.2, seed=6)
    assert np.array_equal(x, again) and not np.array_equal(x, other)


def test_two_class_noise_free_points_lie_on_the_moons():
    x, t = bplib.two_class(n=50, noise=0.0)
    upper = x[t.ravel() == 0]
    lower = x[t.ravel() == 1]
    # upper moon: unit circle around (0, 0); lower moon: unit circle around (1, 0.5)
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, atol=1e-12)


def test_label_noise_flips_about_that_fraction():
    _, clean = bplib.two_class(n=2000, noise=0.0, seed=3)
    _, noisy = bplib.two_class(n=2000, noise=0.0, label_noise=0.2, seed=3)
    assert 0.17 < np.mean(clean != noisy) < 0.23


@pytest.mark.parametrize("name, s, f, df", [
    # values by hand: sigmoid(0) = 1/2, sigmoid'(0) = 1/4; sigmoid(ln 3) = 3/4, slope 3/16
    ("sigmoid", 0.0, 0.5, 0.25),
    ("sigmoid", np.log(3.0), 0.75, 3 / 16),
    # tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 0.6, slope 1 − 0.36 = 0.64
    ("tanh", np.log(2.0), 0.6, 0.64),
    ("relu", -1.5, 0.0, 0.0),
    ("relu", 2.5, 2.5, 1.0),
    ("identity", -3.0, -3.0, 1.0),
])
def test_activation_values(name, s, f, df):
    act = bplib.get_activation(name)
    assert float(act.f(s)) == pytest.approx(f, abs=1e-12)
    assert float(act.df(s)) == pytest.approx(df, abs=1e-12)


def test_sigmoid_does_not_overflow():
    with np.errstate(all="raise"):
        assert bplib.sigmoid(-1000.0) == 0.0 and bplib.sigmoid(1000.0) == 1.0


def test_error_is_half_sum_of_squares_averaged_over_samples():
    # sample 1: ½((1−0)² + (2−0)²) = 2.5; sample 2: ½(0 + 1²) = 0.5; mean 1.5
    assert bplib.error([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [3.0, 3.0]]) == pytest.approx(1.5)
    np.testing.assert_allclose(bplib.error_derivative([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [3.0, 3.0]]),
                               [[0.5, 1.0], [0.0, 0.5]])


def test_check_right_wrong_and_unanswered():
    assert bplib.check(409.5, 409.5, "E").correct
    assert bplib.check(410.0, 409.5, "E").correct  # within 1%
    wrong = bplib.check(400.0, 409.5, "E", hint="Average ½·e².")
    assert not wrong.correct
    assert str(wrong) == "Not yet: E is 400, which is off by 9.5 (2%). Your value is too small. Hint: Average ½·e²."
    assert str(bplib.check(-2.0, 2.0, "the slope")).endswith("Check the sign.")
    assert str(bplib.check(None, 1.0, "the slope")) == "Not answered yet: replace None with your value for the slope."
    assert str(bplib.check("two", 2.0, "w")) == "W should be a number, got 'two'."
    assert str(bplib.check([1.0, 2.0], 2.0, "w")) == "W should be a single number, got shape (2,)."
    assert bplib.check([0.1, 0.2], [0.1, 0.2], "the gradients").correct
