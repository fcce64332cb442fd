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
    # direction and a coarse band only: 9.5 / 409.5 = 2.3% off gives "less than 10%", never 9.5 or 400
    assert str(wrong) == "Not yet: your value for E is too small, by less than 10%. Hint: Average ½·e²."
    assert str(bplib.check(500.0, 409.5, "E")) == "Not yet: your value for E is too large, by 10% to 50%."
    assert str(bplib.check(700.0, 409.5, "E")).endswith("too large, by 50% to 100%.")
    assert str(bplib.check(900.0, 409.5, "E")).endswith("too large, by more than 100%.")
    assert str(bplib.check(-2.0, 2.0, "the slope")) == "Not yet: your value for the slope has the wrong sign."
    assert str(bplib.check(None, 1.0, "the slope")) == "Not answered yet: replace None with your value for the slope."
    assert str(bplib.check("two", 2.0, "w")) == "W should be a number, got 'two'."
    assert str(bplib.check([1.0, 2.0], 2.0, "w")) == "W should be a single number, got shape (2,)."
    assert bplib.check([0.1, 0.2], [0.1, 0.2], "the gradients").correct
    assert str(bplib.check([0.1, 0.3], [0.1, 0.2], "the gradients")) == "Not yet: 1 of the 2 numbers in the gradients are off."


def test_check_message_never_gives_the_answer_away():
    for answer in (0.37, 0.41, 0.5, 1.3, -0.2):
        message = str(bplib.check(answer, 0.4, "y"))
        assert "0.4" not in message.replace(str(answer), "") and str(answer - 0.4)[:5] not in message


def test_check_with_scale_judges_the_change_not_the_new_value():
    # new w₂ = 0.5 − 0.036: the update is 0.036, so 1% of it is 0.00036, not 1% of w₂ (0.0046)
    expected, change = 0.5 - 0.036, 0.036
    assert bplib.check(expected + 0.0003, expected, "the new w₂", scale=change).correct
    assert not bplib.check(expected + 0.002, expected, "the new w₂", scale=change).correct
    assert bplib.check(expected + 0.002, expected, "the new w₂").correct  # the loose check the scale prevents
    wrong_by_quarter = 0.5 - 0.036 * 1.4  # the change 40% too big
    assert str(bplib.check(wrong_by_quarter, expected, "the new w₂", scale=change)).endswith("too small, by 10% to 50%.")


# -- the playground's data sets (bplib.data.plane_data) ------------------------------------------------
from bplib.data import PLANE_DATA, plane_data  # noqa: E402
from bplib.training import train_test_split  # noqa: E402


@pytest.mark.parametrize("name", PLANE_DATA)
def test_plane_data_shapes_balance_and_seed(name):
    x, t = plane_data(name, n=101, noise=0.1, seed=4)
    assert x.shape == (101, 2) and t.shape == (101, 1)
    assert set(t.ravel().tolist()) == {0.0, 1.0} and int(t.sum()) == 51   # class 1 gets the odd one
    again, t_again = plane_data(name, n=101, noise=0.1, seed=4)
    other, _ = plane_data(name, n=101, noise=0.1, seed=5)
    assert np.array_equal(x, again) and np.array_equal(t, t_again) and not np.array_equal(x, other)
    assert np.isfinite(x).all()


def _polar(x):
    return np.hypot(x[:, 0], x[:, 1]), np.arctan2(x[:, 0], x[:, 1])   # angle from the x₂ axis, clockwise


def test_plane_data_noise_free_shapes():   # every shape checked in units of 3, the size of the picture
    x, t = plane_data("XOR", n=400, seed=1)
    x = x / 3
    t = t.ravel()
    assert np.all((x[:, 0] * x[:, 1] > 0) == (t == 1)) and np.all(np.abs(x) >= 0.05) and np.all(np.abs(x) <= 1)
    x, t = plane_data("circle", n=400, seed=1)
    r, _ = _polar(x / 3)
    assert r[t.ravel() == 1].max() <= 0.5 and r[t.ravel() == 0].min() >= 0.7 and r.max() <= 1.0
    x, t = plane_data("clusters", n=4000, seed=1)
    x = x / 3
    np.testing.assert_allclose(x[t.ravel() == 1].mean(0), [0.4, 0.4], atol=0.02)
    np.testing.assert_allclose(x[t.ravel() == 0].std(0), [0.25, 0.25], atol=0.02)
    x, t = plane_data("moons", n=50, seed=1)   # undo the shift and the shrinking: two_class's unit circles
    back = x / 3 * 1.5 + [0.5, 0.25]
    upper, lower = back[t.ravel() == 0], back[t.ravel() == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, atol=1e-12)
    x, t = plane_data("spiral", n=200, seed=1)
    r, angle = _polar(x / 3)
    # an arm: angle = 1.75 · 2π · r, the class-0 arm half a turn further (angles compared on the circle)
    turn = 1.75 * 2 * np.pi * r + np.where(t.ravel() == 1, 0.0, np.pi)
    np.testing.assert_allclose(np.cos(angle - turn), 1.0, atol=1e-9)
    assert sorted(np.round(r[t.ravel() == 1] * 100, 9)) == [k + 0.5 for k in range(100)]


@pytest.mark.parametrize("name", PLANE_DATA)
def test_plane_data_noise_moves_the_same_points(name):
    clean, t = plane_data(name, n=2000, noise=0.0, seed=2)
    noisy, t_noisy = plane_data(name, n=2000, noise=0.3, seed=2)
    assert np.array_equal(t, t_noisy), "noise moves points, it does not change their class"
    moved = noisy - clean
    assert 0.28 < moved.std() < 0.32 and abs(moved.mean()) < 0.02
    half, _ = plane_data(name, n=2000, noise=0.15, seed=2)
    np.testing.assert_allclose(half - clean, moved / 2, atol=1e-12)


@pytest.mark.parametrize("name", PLANE_DATA)
def test_plane_data_split_is_disjoint(name):
    x, t = plane_data(name, n=200, noise=0.0, seed=0)
    assert len(np.unique(x, axis=0)) == 200, "no two points lie on the same spot"
    x_train, t_train, x_val, t_val = train_test_split(x, t, test_fraction=0.3, seed=0)
    assert len(x_train) == 140 and len(x_val) == 60
    train_points = {tuple(p) for p in x_train.tolist()}
    assert not train_points & {tuple(p) for p in x_val.tolist()}, "a point is both a training and a validation point"
    assert sorted(train_points | {tuple(p) for p in x_val.tolist()}) == sorted(map(tuple, x.tolist()))


@pytest.mark.parametrize("kwargs, kind, words", [
    ({"name": "swirl"}, ValueError, "name must be one of 'XOR', 'circle', 'clusters', 'moons', 'spiral', got 'swirl'"),
    ({"name": "XOR", "noise": 3.5}, ValueError, "noise must be between 0 and 3"),
    ({"name": "XOR", "noise": -0.1}, ValueError, "got -0.1"),
    ({"name": "XOR", "noise": "a lot"}, TypeError, "noise must be a number"),
    ({"name": "XOR", "n": 1}, ValueError, "n must be at least 2"),
    ({"name": "XOR", "seed": -1}, ValueError, "seed must be at least 0"),
    ({"name": "XOR", "seed": 1.5}, TypeError, "seed must be a whole number"),
])
def test_plane_data_refuses_bad_arguments(kwargs, kind, words):
    with pytest.raises(kind, match=words.replace("(", r"\(")):
        plane_data(**kwargs)
