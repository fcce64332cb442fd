"""One neuron and the delta rule (bplib.neuron, lesson 03), worked out by hand.

A neuron computes s = w₁x₁ + w₂x₂ + b, then y = f(s). The delta rule, for
one sample: δ = (y − t)·f′(s), w ← w − η·δ·x, b ← b − η·δ.
"""

import itertools
import math

import numpy as np
import pytest

import bplib
from bplib.results import DivergenceError
from bplib.neuron import HALF_POINT, Neuron, best_line

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu"]


# -- the adder and the activation --------------------------------------------------------------
def test_sigmoid_neuron_by_hand():
    # s = 2·1 + (−1)·1 + 0.5 = 1.5;  y = 1/(1 + e^−1.5) = 1/1.2231302 = 0.8175745
    n = Neuron([2.0, -1.0], b=0.5)
    y = n.forward([1.0, 1.0])
    assert n.s == 1.5
    assert y == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-12)
    assert y == pytest.approx(0.8175745, abs=1e-7)
    assert n.y == y
    assert isinstance(n.s, float) and isinstance(n.y, float)


@pytest.mark.parametrize("activation, expected", [
    # w = (1, −2), b = 0.5, x = (1, 1): s = 1 − 2 + 0.5 = −0.5
    ("identity", -0.5),
    ("relu", 0.0),                        # max(0, −0.5)
    ("tanh", -0.46211715726000974),       # tanh(−0.5)
    ("sigmoid", 0.3775406687981454),      # 1/(1 + e^0.5) = 1/2.6487213
])
def test_each_activation_by_hand(activation, expected):
    n = Neuron([1.0, -2.0], b=0.5, activation=activation)
    assert n.adder([1.0, 1.0]) == -0.5
    assert n.forward([1.0, 1.0]) == pytest.approx(expected, abs=1e-12)


def test_bias_is_a_weight_on_a_constant_input():
    rng = np.random.default_rng(3)
    for _ in range(20):
        w, b, x = rng.normal(size=2), rng.normal(), rng.normal(size=2)
        assert Neuron(w, b).adder(x) == pytest.approx(np.append(w, b) @ np.append(x, 1.0), abs=1e-12)


def test_batch_forward_one_row_per_sample():
    # AND inputs with w = (1, 1), b = −1.5: s = −1.5, −0.5, −0.5, 0.5
    x, _ = bplib.logic_gate("AND")
    n = Neuron([1.0, 1.0], b=-1.5, activation="identity")
    assert n.forward(x).tolist() == [-1.5, -0.5, -0.5, 0.5]
    assert n.predict(x).tolist() == [0, 0, 0, 0]        # y > ½ nowhere (0.5 is not above ½)
    n.b = -1.0                                          # s = −1, 0, 0, 1
    assert n.predict(x).tolist() == [0, 0, 0, 1]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_half_point_is_where_y_is_one_half(activation):
    f = bplib.get_activation(activation).f
    assert float(f(HALF_POINT[activation])) == pytest.approx(0.5, abs=1e-12)
    assert Neuron([1.0], activation=activation).threshold == HALF_POINT[activation]


# -- one delta-rule update ------------------------------------------------------------------------
def test_delta_rule_step_sigmoid_by_hand():
    # From above: y = 0.8175745, t = 0, η = 1.
    # f′(s) = y(1 − y) = 0.8175745 × 0.1824255 = 0.1491465
    # δ = (y − t)·f′(s) = 0.8175745 × 0.1491465 = 0.1219384
    # w₁ = 2 − 0.1219384·1, w₂ = −1 − 0.1219384·1, b = 0.5 − 0.1219384
    n = Neuron([2.0, -1.0], b=0.5)
    step = n.delta_rule_step([1.0, 1.0], 0.0, lr=1.0)
    y = 1 / (1 + math.exp(-1.5))
    delta = y * y * (1 - y)
    assert delta == pytest.approx(0.1219384, abs=1e-7)
    assert step.s == 1.5 and step.y == pytest.approx(y, abs=1e-12)
    assert step.delta == pytest.approx(delta, abs=1e-12)
    assert n.w.tolist() == pytest.approx([2 - delta, -1 - delta], abs=1e-12)
    assert n.b == pytest.approx(0.5 - delta, abs=1e-12)
    assert step.w.tolist() == n.w.tolist() and step.b == n.b


def test_delta_rule_step_identity_by_hand():
    # w = (0.5, −1), b = 0.25, x = (2, 1), t = 1, η = 0.1:
    # s = 1 − 1 + 0.25 = 0.25 = y;  δ = (0.25 − 1)·1 = −0.75
    # w₁ = 0.5 + 0.1·0.75·2 = 0.65;  w₂ = −1 + 0.1·0.75·1 = −0.925;  b = 0.25 + 0.075 = 0.325
    n = Neuron([0.5, -1.0], b=0.25, activation="identity")
    step = n.delta_rule_step([2.0, 1.0], 1.0, lr=0.1)
    assert step.delta == pytest.approx(-0.75, abs=1e-12)
    assert n.w.tolist() == pytest.approx([0.65, -0.925], abs=1e-12)
    assert n.b == pytest.approx(0.325, abs=1e-12)


def test_delta_rule_step_relu_below_zero_changes_nothing():
    # s = −1 − 1 + 0.5 = −1.5 < 0, so f′(s) = 0 and δ = 0: a "dead" ReLU does not learn.
    n = Neuron([-1.0, -1.0], b=0.5, activation="relu")
    step = n.delta_rule_step([1.0, 1.0], 1.0, lr=1.0)
    assert step.delta == 0.0
    assert n.w.tolist() == [-1.0, -1.0] and n.b == 0.5


def test_delta_rule_goes_downhill_like_perturbation():
    # δ·x is ∂E/∂w for E = ½(y − t)²: compare with a central difference of the error.
    rng = np.random.default_rng(0)
    for activation in ("identity", "sigmoid", "tanh"):
        w, b, x, t = rng.normal(size=2), rng.normal(), rng.normal(size=2), rng.random()
        n = Neuron(w, b, activation)
        step = Neuron(w, b, activation).delta_rule_step(x, t, lr=1.0)
        eps = 1e-6
        for i in range(2):
            up, down = w.copy(), w.copy()
            up[i] += eps
            down[i] -= eps
            slope = (Neuron(up, b, activation).error(x, t) - Neuron(down, b, activation).error(x, t)) / (2 * eps)
            assert step.delta * x[i] == pytest.approx(slope, rel=1e-6, abs=1e-9)
        assert n.error(x, t) >= 0


def test_epoch_is_one_update_per_sample_in_order():
    x, t = bplib.logic_gate("OR")
    a, b = Neuron([0.1, -0.2], 0.3), Neuron([0.1, -0.2], 0.3)
    steps = a.epoch(x, t, lr=0.5)
    for xi, ti in zip(x, t.ravel()):
        b.delta_rule_step(xi, ti, lr=0.5)
    assert len(steps) == 4
    assert a.w.tolist() == b.w.tolist() and a.b == b.b
    assert [s.t for s in steps] == [0.0, 1.0, 1.0, 1.0]


# -- training ----------------------------------------------------------------------------------
@pytest.mark.parametrize("gate", ["AND", "OR"])
@pytest.mark.parametrize("activation, lr", [("sigmoid", 1.0), ("sigmoid", 3.0), ("identity", 0.1), ("tanh", 0.1)])
def test_delta_rule_learns_and_and_or(gate, activation, lr):
    x, t = bplib.logic_gate(gate)
    n = Neuron([-0.3, 0.4], 0.1, activation)
    run = n.fit(x, t, lr=lr, epochs=200)
    assert not run.diverged
    assert n.n_right(x, t) == 4
    assert n.predict(x).tolist() == t.ravel().astype(int).tolist()
    assert run.errors[-1] < run.errors[0]
    assert run.epochs == 200 and len(run.errors) == 201
    assert len(run.last_epoch) == 4


def test_sigmoid_error_keeps_falling_on_and():
    x, t = bplib.logic_gate("AND")
    run = Neuron([-0.3, 0.4], 0.1).fit(x, t, lr=0.5, epochs=100)
    assert all(b <= a + 1e-12 for a, b in zip(run.errors[10:], run.errors[11:]))


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("lr", [0.05, 0.3, 1.0])
def test_delta_rule_cannot_learn_xor(activation, lr):
    x, t = bplib.logic_gate("XOR")
    rng = np.random.default_rng(1)
    for _ in range(3):
        n = Neuron(rng.normal(size=2), rng.normal(), activation)
        run = n.fit(x, t, lr=lr, epochs=300)
        assert n.n_right(x, t) <= 3
        if activation == "sigmoid":  # the error stalls at or above 0.125 (answering ½ everywhere)
            assert min(run.errors) > 0.12


def test_divergence_is_reported_and_weights_stay_finite():
    x, t = bplib.logic_gate("AND")
    n = Neuron([-0.3, 0.4], 0.1, "identity")
    run = n.fit(x, t, lr=5.0, epochs=100)
    assert run.diverged
    assert np.all(np.isfinite(n.w)) and np.isfinite(n.b)
    assert all(np.isfinite(run.errors))
    assert "Diverged" in run.describe() and "smaller η than 5" in run.describe()


def test_getting_worse_is_said_in_words():
    # Identity with η = 1 overshoots on AND: the error grows, but slowly enough not to count as diverging.
    x, t = bplib.logic_gate("AND")
    run = Neuron([-0.3, 0.4], 0.1, "identity").fit(x, t, lr=1.0, epochs=50)
    assert not run.diverged
    assert run.errors[-1] > run.errors[0]
    assert run.describe().startswith("Getting worse")


def test_zero_epochs_changes_nothing():
    x, t = bplib.logic_gate("AND")
    n = Neuron([1.0, 2.0], 3.0)
    run = n.fit(x, t, lr=1.0, epochs=0)
    assert run.epochs == 0 and run.last_epoch == []
    assert n.w.tolist() == [1.0, 2.0] and n.b == 3.0


# -- the best line ---------------------------------------------------------------------------
def test_best_line_for_the_gates():
    assert best_line(*bplib.logic_gate("AND"))[0] == 4
    assert best_line(*bplib.logic_gate("OR"))[0] == 4
    assert best_line(*bplib.logic_gate("XOR"))[0] == 3


def test_best_line_counts_fourteen_separable_gates():
    # Of the 16 functions of two bits, all but XOR and XNOR can be drawn with one line (a classic count).
    x, _ = bplib.logic_gate("AND")
    counts = {}
    for t in itertools.product([0, 1], repeat=4):
        right, w, b = best_line(x, np.array(t, float))
        counts[t] = right
        n = Neuron(10 * w, 10 * b)  # the line it returns really gets that many right
        assert n.n_right(x, np.array(t, float)) == right
    assert sorted(t for t, r in counts.items() if r < 4) == [(0, 1, 1, 0), (1, 0, 0, 1)]
    assert counts[(0, 1, 1, 0)] == counts[(1, 0, 0, 1)] == 3


def test_best_line_prefers_the_roomiest_line():
    # For AND the widest gap is the diagonal x₁ + x₂ = 1.5, at distance √2/4 from (1, 0), (0, 1) and (1, 1).
    right, w, b = best_line(*bplib.logic_gate("AND"))
    assert w.tolist() == pytest.approx([math.sqrt(0.5)] * 2, abs=1e-9)
    assert b == pytest.approx(-1.5 * math.sqrt(0.5), abs=1e-9)


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, message", [
    (lambda: Neuron("ab"), TypeError, "w (the weights) must be numbers, got 'ab'"),
    (lambda: Neuron([]), ValueError, "w (the weights) must hold at least one weight"),
    (lambda: Neuron([[1.0, 2.0]]), ValueError, "w (the weights) must be 1-D, got 2-D"),
    (lambda: Neuron([1.0, float("nan")]), ValueError, "w (the weights) must be finite numbers, got nan at index (1,)"),
    (lambda: Neuron([1.0, 2.0], b="x"), TypeError, "b (the bias) must be a number, got 'x'"),
    (lambda: Neuron([1.0, 2.0], b=float("inf")), ValueError, "b (the bias) must be a finite number"),
    (lambda: Neuron([1.0, 2.0], activation="softmax"), ValueError,
     "activation must be one of 'identity', 'sigmoid', 'tanh', 'relu', got 'softmax'"),
    (lambda: Neuron([1.0, 2.0]).forward([1.0, 2.0, 3.0]), ValueError,
     "x must have 2 value(s) per sample, one per weight in w, got shape (3,)"),
    (lambda: Neuron([1.0, 2.0]).forward(np.zeros((0, 2))), ValueError, "x must hold at least one sample"),
    (lambda: Neuron([1.0, 2.0]).forward(None), TypeError, "x must be numbers, got None"),
    (lambda: Neuron([1.0, 2.0]).delta_rule_step([1, 1], 0, lr=0), ValueError,
     "lr (the learning rate η) must be a positive number, got 0.0"),
    (lambda: Neuron([1.0, 2.0]).delta_rule_step([1, 1], 0, lr=-1), ValueError,
     "lr (the learning rate η) must be a positive number, got -1.0"),
    (lambda: Neuron([1.0, 2.0]).delta_rule_step([[1, 1], [0, 1]], [0, 1], lr=1), ValueError,
     "x must be one sample for delta_rule_step"),
    (lambda: Neuron([1.0, 2.0]).delta_rule_step([1, 1], [0, 1], lr=1), ValueError,
     "t (the desired outputs) must hold one value per sample (1)"),
    (lambda: Neuron([1.0, 2.0]).fit(*bplib.logic_gate("AND"), lr=1, epochs=-1), ValueError,
     "epochs must be at least 0, got -1"),
    (lambda: Neuron([1.0, 2.0]).fit(*bplib.logic_gate("AND"), lr=1, epochs=1.5), TypeError,
     "epochs must be a whole number, got 1.5"),
    (lambda: Neuron([1.0, 2.0]).fit(np.zeros((4, 2)), np.zeros(3), lr=1, epochs=1), ValueError,
     "t (the desired outputs) must hold one value per sample (4), as shape (4,) or (4, 1), got shape (3,)"),
    (lambda: best_line(np.zeros((4, 3)), np.zeros(4)), ValueError,
     "x (the inputs) must have shape (n, 2), one point of the plane per row, got shape (4, 3)"),
    (lambda: best_line(np.zeros((4, 2)), [0, 1, 2, 1]), ValueError,
     "t (the desired outputs) must be 0s and 1s, got [0.0, 1.0, 2.0, 1.0]"),
    (lambda: best_line(np.zeros((4, 2)), [0, 1]), ValueError,
     "t (the desired outputs) must hold one value per row of x (4), got 2"),
])
def test_bad_input_gets_a_clear_message(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("method", ["delta_rule_step", "epoch"])
def test_an_update_that_overflows_is_refused_and_changes_nothing(method):
    # One step: s = 0, δ = (½ − 1)·¼ = −⅛, and w − η·δ·x = w + 1e308 · ⅛ · 1e10 overflows to ∞.
    # An epoch (identity neuron): the first step moves only b, to η·½ = 5e307; the second overflows.
    neuron = Neuron([0.5, -0.5], b=0.0, activation="sigmoid" if method == "delta_rule_step" else "identity")
    x = [1e10, 1e10] if method == "delta_rule_step" else [[0.0, 0.0], [1e10, 1e10]]
    t = 1.0 if method == "delta_rule_step" else [0.5, 1.0]
    with pytest.raises(DivergenceError, match=r"lr=1e\+308 made the weights infinite.*such as lr=1e\+307"):
        getattr(neuron, method)(x, t, lr=1e308)
    assert neuron.w.tolist() == [0.5, -0.5] and neuron.b == 0.0   # the epoch's first step is undone too


def test_training_that_overflows_stops_as_diverged_with_finite_weights():
    neuron = Neuron([0.5, -0.5])
    history = neuron.fit([[1e10, 1e10]], [1.0], lr=1e308, epochs=3)
    assert history.diverged and history.epochs == 0
    assert neuron.w.tolist() == [0.5, -0.5] and neuron.b == 0.0
