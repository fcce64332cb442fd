"""Recurrent backpropagation (bplib.recurrent, lesson 08).

Reference numbers come from elsewhere: fixed points and gradients solved by
hand or in closed form (for the identity activation the fixed point is
y = (I − W)⁻¹ (b + X), a matrix solve, no iteration), and gradients by
perturbation with relaxations run to a very tight tolerance.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bplib
from bplib import compare_gradients, max_relative_difference
from bplib.network import DivergenceError
from bplib.recurrent import NotConvergedError, RecurrentNetwork, pattern_completion, perturbation_gradients


def message(exc_type, call):
    with pytest.raises(exc_type) as info:
        call()
    return str(info.value)


def two_neurons():
    """Neuron 0 gets the input, neuron 1 is the output; each feeds the other with weight 0.5."""
    net = RecurrentNetwork(2, inputs=[0], outputs=[1], activation="identity")
    net.weights = [[0.0, 0.5], [0.5, 0.0]]
    return net


# -- hand-worked examples ------------------------------------------------------
def test_two_neuron_fixed_point_by_hand():
    # y0 = 1 + 0.5·y1 and y1 = 0.5·y0, so y0 = 1 + 0.25·y0: y0 = 4/3, y1 = 2/3.
    y, trajectory = two_neurons().relax([1.0], tol=1e-13)
    assert np.allclose(y, [4 / 3, 2 / 3], atol=1e-12)
    assert np.array_equal(trajectory[0], [0.0, 0.0])
    assert np.array_equal(trajectory[1], [1.0, 0.0])      # first step: y = W·0 + X
    assert np.array_equal(trajectory[2], [1.0, 0.5])      # second: y0 = 1 + 0.5·0, y1 = 0.5·1
    assert np.array_equal(trajectory[-1], y)


def test_two_neuron_gradient_by_hand():
    # Target 0 for y1 = 2/3, so e = (0, 2/3). With A = I − W = [[1, −.5], [−.5, 1]],
    # A⁻¹ = [[4/3, 2/3], [2/3, 4/3]] and δ = A⁻ᵀ e = (4/9, 8/9).
    # ∂E/∂W = δ yᵀ = [[16/27, 8/27], [32/27, 16/27]], ∂E/∂b = δ.
    # Second route for W[0, 1] = a: y1 = 0.5/(1 − 0.5a), E = 0.125/(1 − 0.5a)²,
    # dE/da = 0.125/(1 − 0.5a)³ = 0.125/0.421875 = 8/27 at a = 0.5.
    net = two_neurons()
    grads = net.backward([1.0], [0.0], tol=1e-13)
    dW, db = grads
    assert np.allclose(dW, np.array([[16, 8], [32, 16]]) / 27, atol=1e-11)
    assert np.allclose(db, [4 / 9, 8 / 9], atol=1e-11)
    assert np.allclose(grads.delta, [4 / 9, 8 / 9], atol=1e-11)
    assert np.allclose(net.delta, [4 / 9, 8 / 9], atol=1e-11)
    assert np.array_equal(grads.trajectory[0], [0.0, 0.0])
    # first backward step: δ = f'(s) ⊙ (Wᵀ·0 + e) = e
    assert np.allclose(grads.trajectory[1], [0.0, 2 / 3])


def test_one_neuron_feeding_itself():
    # y = w·y + x  gives  y = x/(1 − w) = 2 for w = 0.5, x = 1; E = ½ y² (target 0).
    # dE/dw = x²/(1 − w)³ = 8 and dE/db = x/(1 − w)² = 4.
    net = RecurrentNetwork(1, inputs=[0], outputs=[0], activation="identity")
    net.weights = [[0.5]]
    dW, db = net.backward([1.0], [0.0], tol=1e-13)
    assert dW[0, 0] == pytest.approx(8.0, abs=1e-10)
    assert db[0] == pytest.approx(4.0, abs=1e-10)
    assert net.error([1.0], [0.0], tol=1e-13) == pytest.approx(2.0, abs=1e-12)


def test_one_sigmoid_step_by_hand():
    # Exercise of lesson 08: from y = (0.5, 0.5), with w[0,1] = −1, w[1,0] = 2, x = 1 on neuron 0:
    # s0 = −1·0.5 + 1 = 0.5, s1 = 2·0.5 = 1; y = (σ(0.5), σ(1)) = (0.622459, 0.731059).
    net = RecurrentNetwork(2, inputs=[0], outputs=[1])
    net.weights = [[0.0, -1.0], [2.0, 0.0]]
    r = net.relax([1.0], y0=[0.5, 0.5], max_iter=1, strict=False)
    assert np.allclose(r.trajectory[1], [0.622459, 0.731059], atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("batch", [False, True])
def test_linear_network_matches_closed_form(seed, batch):
    # Identity activation: y = (I − W)⁻¹ (b + X) and δ = (I − W)⁻ᵀ e, by a matrix solve.
    rng = np.random.default_rng(seed)
    n = 5
    net = RecurrentNetwork(n, inputs=[0, 2], outputs=[3, 4], activation="identity", seed=seed)
    W = rng.normal(size=(n, n))
    net.weights = 0.6 * W / np.linalg.norm(W, 2)
    net.biases = rng.normal(size=n)
    x = rng.normal(size=(3, 2)) if batch else rng.normal(size=2)
    t = rng.normal(size=(3, 2)) if batch else rng.normal(size=2)
    A = np.eye(n) - net.weights
    X = np.zeros(x.shape[:-1] + (n,))
    X[..., [0, 2]] = x
    y_exact = np.linalg.solve(A, (X + net.biases).T).T
    m = 3 if batch else 1
    e = np.zeros_like(y_exact)
    e[..., [3, 4]] = (y_exact[..., [3, 4]] - t) / m
    delta_exact = np.linalg.solve(A.T, e.T).T
    dW_exact = np.atleast_2d(delta_exact).T @ np.atleast_2d(y_exact)
    y, _ = net.relax(x, tol=1e-13)
    assert np.allclose(y, y_exact, atol=1e-11)
    dW, db = net.backward(x, t, tol=1e-13)
    assert np.allclose(dW, dW_exact, atol=1e-11)
    assert np.allclose(db, delta_exact.sum(axis=0) if batch else delta_exact, atol=1e-11)


# -- against perturbation ------------------------------------------------------
@st.composite
def settling_problems(draw):
    """A random small network whose relaxation is a contraction (L = max f'·‖W‖₂ < 0.8)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = draw(st.integers(1, 6))
    activation = draw(st.sampled_from(["sigmoid", "tanh", "identity"]))
    inputs = sorted(rng.choice(n, size=draw(st.integers(1, n)), replace=False).tolist())
    outputs = sorted(rng.choice(n, size=draw(st.integers(1, n)), replace=False).tolist())
    net = RecurrentNetwork(n, inputs=inputs, outputs=outputs, activation=activation, seed=seed % 1000)
    W = rng.normal(size=(n, n))
    L = draw(st.floats(0.05, 0.8))
    slope = {"sigmoid": 0.25, "tanh": 1.0, "identity": 1.0}[activation]
    net.weights = L / slope * W / np.linalg.norm(W, 2)
    net.biases = rng.normal(size=n)
    m = draw(st.integers(1, 3))
    x = rng.normal(size=(m, len(inputs)))
    t = rng.normal(size=(m, len(outputs)))
    return net, x, t


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settling_problems())
def test_gradients_agree_with_perturbation(problem):
    net, x, t = problem
    assert net.contraction_bound() < 0.8 + 1e-9
    grads = net.backward(x, t, tol=1e-13, max_iter=5000)
    nudged = perturbation_gradients(net, x, t, eps=1e-5, tol=1e-13, max_iter=5000)
    assert max_relative_difference(grads, nudged) < 1e-5


def test_perturbation_leaves_the_network_as_it_was():
    net = RecurrentNetwork(4, inputs=[0, 1], outputs=[3], seed=2)
    net.biases = [0.1, -0.2, 0.3, 0.0]
    W, b = net.get_params()
    perturbation_gradients(net, [[1.0, 0.0], [0.0, 1.0]], [[1.0], [0.0]])
    assert np.array_equal(net.weights, W) and np.array_equal(net.biases, b)


def compare(a, b):
    """Lesson 08's comparison: rounded up to powers of ten, so the saved notebook does not depend on the CPU."""
    return str(compare_gradients(a, b, names=("recurrent backprop", "perturbation"), rounded=True))


def test_a_wrong_gradient_is_caught():
    net = RecurrentNetwork(3, inputs=[0], outputs=[2], seed=1)
    x, t = [1.0], [1.0]
    dW, db = net.backward(x, t)
    nudged = perturbation_gradients(net, x, t)
    assert "(agree)" in compare((dW, db), nudged)
    wrong = dW.copy()
    wrong[2, 0] *= 1.1
    assert max_relative_difference((wrong, db), nudged) > 1e-3
    assert "(DISAGREE)" in compare((wrong, db), nudged)
    assert compare((dW, db), (dW, db)).splitlines()[-1] == "largest relative difference: 0 (identical) (agree)"


def test_compare_rounds_up_to_a_power_of_ten():
    a = (np.array([[1.0]]), np.array([1.0]))
    b = (np.array([[1.0 + 3e-8]]), np.array([1.0]))
    assert compare(a, b).splitlines() == [
        "parameters   largest |recurrent backprop − perturbation|",
        "weights      below 10⁻⁷",
        "biases       0 (identical)",
        "largest relative difference: below 10⁻⁷ (agree)",
    ]
    # unrounded, as lessons 04 and 05 show it: 1 + 3e-8 − 1 to 3 significant digits
    assert str(compare_gradients(a, b)).splitlines()[1] == "weights      3×10⁻⁸"


# -- relaxation ----------------------------------------------------------------
def test_relaxation_record():
    net = RecurrentNetwork(4, inputs=[0, 1], outputs=[3], seed=0)
    r = net.relax([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], tol=1e-9)
    assert r.converged and r.error is None
    assert r.trajectory.shape == (r.iterations + 1, 3, 4)
    assert np.array_equal(r.trajectory[-1], r.y)
    assert np.allclose(r.changes, np.abs(np.diff(r.trajectory, axis=0)).max(axis=(1, 2)))
    assert r.changes[-1] < 1e-9 <= r.changes[-2]
    assert np.allclose(r.y, net.activation.f(r.s))                 # y = f(s)
    assert np.allclose(r.y, net.activation.f(r.y @ net.weights.T + net.biases
                                             + np.array([[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])),
                       atol=1e-8)                                # a fixed point
    assert np.array_equal(net.y, r.y) and np.array_equal(net.s, r.s)
    assert np.array_equal(net.forward([[1.0, 0.0]], tol=1e-9), net.y[:, [3]])


def test_contraction_bound():
    net = RecurrentNetwork(2, inputs=[0], outputs=[1])                 # sigmoid: max f' = 1/4
    net.weights = [[0.0, 2.0], [0.0, 0.0]]                             # ‖W‖₂ = 2
    assert net.contraction_bound() == pytest.approx(0.5)


def oscillator():
    """y ← −y + 1: from 0 it jumps 0, 1, 0, 1, ... forever (the fixed point 0.5 repels)."""
    net = RecurrentNetwork(1, inputs=[0], outputs=[0], activation="identity")
    net.weights = [[-1.0]]
    return net


def test_not_settling_raises_with_a_clear_message():
    text = message(NotConvergedError, lambda: oscillator().relax([1.0], max_iter=50))
    assert text == (
        "The forward relaxation did not settle: after 50 iterations the largest change of a "
        "neuron's output y in one step was still 1 (the tolerance tol is 1e-10). The weights are "
        "probably too large for the undamped iteration to settle: damp each step with alpha below 1 "
        "(such as alpha=0.5), try smaller weights, or allow more iterations with a larger max_iter.")
    assert issubclass(NotConvergedError, ValueError)
    for call in (lambda net: net.backward([1.0], [0.0]), lambda net: net.error([1.0], [0.0]),
                 lambda net: net.forward([1.0]), lambda net: net.step([1.0], [0.0], lr=0.1),
                 lambda net: perturbation_gradients(net, [1.0], [0.0])):
        with pytest.raises(NotConvergedError):
            call(oscillator())


def test_not_settling_can_be_reported_instead():
    r = oscillator().relax([1.0], max_iter=6, strict=False)
    assert not r.converged
    assert r.trajectory[:, 0].tolist() == [0, 1, 0, 1, 0, 1, 0]
    assert isinstance(r.error, NotConvergedError) and r.error.iterations == 6
    assert r.error.last_change == 1.0 and r.error.which == "forward"


def test_blowing_up_is_reported():
    net = RecurrentNetwork(1, inputs=[0], outputs=[0], activation="identity")
    net.weights = [[2.0]]                                 # y ← 2y + 1 doubles every step
    text = message(NotConvergedError, lambda: net.relax([1.0], max_iter=5000))
    assert text.startswith("The forward relaxation did not settle: after 10")
    assert "grew beyond any finite number" in text
    r = net.relax([1.0], max_iter=5000, strict=False)
    assert np.all(np.isfinite(r.trajectory)) and r.error.blew_up


def test_backward_not_settling():
    # y ← 0.9·y + 1 changes by 0.9^(k−1) in step k: below 1e-3 from step 67 on.
    # δ ← 0.9·δ + e with e = y − t = 10 − (−10) = 20 changes by 20·0.9^(k−1): not below 1e-3 by step 70.
    net = RecurrentNetwork(1, inputs=[0], outputs=[0], activation="identity")
    net.weights = [[0.9]]
    assert net.relax([1.0], tol=1e-3, max_iter=70).iterations == 67
    text = message(NotConvergedError, lambda: net.backward([1.0], [-10.0], tol=1e-3, max_iter=70))
    assert text.startswith("The backward relaxation did not settle: after 70 iterations the largest "
                           "change of an error signal δ in one step was still 0.0")


# -- training ------------------------------------------------------------------
def test_training_completes_the_pictures():
    x, t = pattern_completion()
    net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
    history = net.fit(x, t, lr=3.0, epochs=150)
    assert history.epochs == 150 and len(history.errors) == 151 == len(history.iterations)
    assert history.errors[-1] < 0.05 * history.errors[0]
    assert all(b < a for a, b in zip(history.errors[10:], history.errors[11:]))
    y = net.forward(x)
    assert np.array_equal(y > 0.5, t > 0.5)                 # every pixel right, hidden ones too


def test_one_step_lowers_the_error():
    x, t = pattern_completion()
    net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=1, weight_scale=0.5)
    before = net.error(x, t)
    assert net.step(x, t, lr=1.0) == pytest.approx(before)
    assert net.error(x, t) < before


def test_training_stops_when_relaxation_no_longer_settles():
    x, t = pattern_completion()
    net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
    with pytest.raises(NotConvergedError) as info:
        net.fit(x, t, lr=30.0, epochs=400)
    exc = info.value
    assert str(exc).startswith(f"Training stopped in epoch {exc.epoch}: the weights have grown too large for "
                               "the relaxations to settle. The forward relaxation did not settle: ")
    assert f"The weights are left as they were after epoch {exc.epoch - 1}." in str(exc)
    assert "Try a smaller learning rate than lr=30, such as lr=3," in str(exc)
    assert len(exc.history.errors) == exc.epoch
    # the weights are exactly those after epoch − 1: train a twin that far
    twin = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
    twin.fit(x, t, lr=30.0, epochs=exc.epoch - 1)
    assert np.array_equal(net.weights, twin.weights) and np.array_equal(net.biases, twin.biases)


def test_an_infinite_update_is_refused():
    net = RecurrentNetwork(1, inputs=[0], outputs=[0], activation="identity")
    net.weights = [[0.5]]
    text = message(DivergenceError, lambda: net.step([1.0], [0.0], lr=1e308))
    assert text == ("Training diverged: the update with lr=1e+308 made the weights infinite. "
                    "Try a smaller learning rate, such as lr=1e+307.")
    assert net.weights[0, 0] == 0.5


def test_unseen_cues():
    x, t = pattern_completion("columns")
    assert x[1].tolist() == [1, 0, 1, -1, 0, -1, 1, 0, 1]      # the cross, middle column hidden
    assert np.array_equal(t[1], t[0])


# -- bad input -----------------------------------------------------------------
NET = RecurrentNetwork(3, inputs=[0, 1], outputs=[2])


@pytest.mark.parametrize("call, kind, expected", [
    (lambda: RecurrentNetwork(0, [0], [0]), ValueError, "n (the number of neurons) must be at least 1, got 0."),
    (lambda: RecurrentNetwork(2.5, [0], [0]), TypeError, "n (the number of neurons) must be a whole number, got 2.5."),
    (lambda: RecurrentNetwork(3, [0, 3], [2]), ValueError, "inputs must hold neuron numbers from 0 to 2, got 3 in [0, 3]."),
    (lambda: RecurrentNetwork(3, [0, 0], [2]), ValueError, "inputs must not list a neuron twice, got [0, 0]."),
    (lambda: RecurrentNetwork(3, [0], []), TypeError,
     "outputs must be a non-empty list of neuron numbers such as [0, 1], got []."),
    (lambda: RecurrentNetwork(3, "01", [2]), TypeError,
     "inputs must be a non-empty list of neuron numbers such as [0, 1], got '01'."),
    (lambda: RecurrentNetwork(3, [0], [2], activation="sigmod"), ValueError,
     "activation must be one of 'identity', 'sigmoid', 'tanh', 'relu', got 'sigmod'."),
    (lambda: NET.relax([1.0]), ValueError,
     "x must have 2 value(s) per sample (one per input neuron [0, 1]), got shape (1,)."),
    (lambda: NET.relax(np.zeros((2, 2, 2))), ValueError, "x must be 1-D or 2-D, got 3-D with shape (2, 2, 2)."),
    (lambda: NET.relax([np.nan, 1.0]), ValueError, "x must be finite numbers, got nan at index (0,)."),
    (lambda: NET.relax([1.0, 0.0], tol=0), ValueError, "tol (the tolerance) must be a positive number, got 0.0."),
    (lambda: NET.relax([1.0, 0.0], max_iter=0), ValueError, "max_iter (the iteration limit) must be at least 1, got 0."),
    (lambda: NET.relax([1.0, 0.0], y0=[0.0]), ValueError,
     "y0 must have shape (3,) (one output per neuron for each sample), got shape (1,)."),
    (lambda: NET.backward(np.zeros((4, 2)), np.zeros((3, 1))), ValueError,
     "t (the desired outputs) must have shape (4, 1) to match x of shape (4, 2) and 1 output neuron(s) [2], got shape (3, 1)."),
    (lambda: NET.step([1.0, 0.0], [1.0], lr=-1), ValueError,
     "lr (the learning rate η) must be a positive number, got -1.0."),
    (lambda: NET.fit([[1.0, 0.0]], [[1.0]], lr=0.1, epochs=-1), ValueError, "epochs must be at least 0, got -1."),
    (lambda: setattr(NET, "weights", np.zeros((2, 2))), ValueError,
     "weights must have shape (3, 3), got shape (2, 2)."),
    (lambda: setattr(NET, "biases", [0.0, np.inf, 0.0]), ValueError,
     "biases must be finite numbers, got inf at index (1,)."),
    (lambda: perturbation_gradients("net", [1.0, 0.0], [1.0]), TypeError,
     "net must be a RecurrentNetwork, got str."),
    (lambda: max_relative_difference(np.zeros(3), (np.zeros((1, 1)), np.zeros(1))), TypeError,
     "a must be a pair (weight_grads, bias_grads), got ndarray."),
    (lambda: pattern_completion("diagonals"), ValueError, "hide must be one of 'rows', 'columns', got 'diagonals'."),
])
def test_bad_input_messages(call, kind, expected):
    assert message(kind, call) == expected


def test_docstring_examples_run():
    import doctest

    import bplib.recurrent

    result = doctest.testmod(bplib.recurrent, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# ---- damping: y ← (1 − α)·y + α·f(W y + b + X) ------------------------------------------
def test_damping_settles_the_oscillator_in_one_step():
    # y ← −y + 1 swings 0, 1, 0, ...; damped with α = ½: y ← ½·y + ½·(1 − y) = ½ at once.
    net = oscillator()
    r = net.relax([1.0], alpha=0.5)
    assert r.converged and r.y.tolist() == [0.5]
    assert r.trajectory[:2].ravel().tolist() == [0.0, 0.5]


def test_damped_step_by_hand():
    # One damped step from y = (0.5, 0.5) of the 2-neuron net of test_one_sigmoid_step_by_hand.
    net = RecurrentNetwork(2, inputs=[0], outputs=[1])
    net.weights = [[0.0, -1.0], [2.0, 0.0]]
    r = net.relax([1.0], y0=[0.5, 0.5], max_iter=1, strict=False, alpha=0.25)
    plain = 1 / (1 + np.exp(-np.array([0.5, 1.0])))
    assert np.allclose(r.trajectory[1], 0.75 * 0.5 + 0.25 * plain, rtol=0, atol=1e-15)


@pytest.mark.parametrize("seed", range(4))
def test_alpha_one_is_the_undamped_relaxation(seed):
    net = RecurrentNetwork(4, inputs=[0, 1], outputs=[3], seed=seed)
    x, t = [0.3, -0.7], [0.2]
    a, b = net.relax(x), net.relax(x, alpha=1.0)
    assert np.array_equal(a.trajectory, b.trajectory)
    ga, gb = net.backward(x, t), net.backward(x, t, alpha=1)
    assert np.array_equal(ga.trajectory, gb.trajectory) and np.array_equal(ga[0], gb[0])


@pytest.mark.parametrize("seed", range(4))
def test_damping_reaches_the_same_fixed_point_and_gradient(seed):
    net = RecurrentNetwork(4, inputs=[0, 1], outputs=[3], seed=seed)
    x, t = [0.3, -0.7], [0.2]
    for alpha in (0.3, 0.5, 0.8):
        assert np.allclose(net.relax(x, alpha=alpha).y, net.relax(x).y, rtol=0, atol=1e-8)
        damped, plain = net.backward(x, t, alpha=alpha), net.backward(x, t)
        assert np.allclose(damped.delta, plain.delta, rtol=0, atol=1e-9)
        assert max_relative_difference(damped, plain) < 1e-7


def _demo_like_network(scale):
    # 5 sigmoid neurons whose plain relaxation swings at scale 5 (the lesson's demo network, rebuilt)
    net = RecurrentNetwork(5, inputs=[0, 1], outputs=[4], seed=3)
    W = net.weights / np.max(np.abs(np.linalg.eigvals(net.weights)))
    net.weights = scale * np.round(W, 2)
    return net


def test_damped_gradient_agrees_with_perturbation_where_the_plain_iteration_swings():
    net = _demo_like_network(5.0)
    x, t = [1.0, -1.0], [0.9]
    with pytest.raises(NotConvergedError):
        net.relax(x)
    grads = net.backward(x, t, alpha=0.5)
    nudged = perturbation_gradients(net, x, t, alpha=0.5)
    assert max_relative_difference(grads, nudged) < 1e-6
    # the fixed point is a fixed point of the undamped step too
    y, s = grads.relaxation.y, grads.relaxation.s
    assert np.allclose(1 / (1 + np.exp(-s)), y, rtol=0, atol=1e-9)
    # and δ solves δ = D (Wᵀ δ + e): I − D Wᵀ is invertible, so the gradient exists
    D = np.diag(y * (1 - y))
    e = np.zeros(5)
    e[4] = y[4] - 0.9
    delta = np.linalg.solve(np.eye(5) - D @ net.weights.T, D @ e)
    assert np.allclose(grads.delta, delta, rtol=0, atol=1e-9)


def test_damped_training_runs():
    x, t = pattern_completion()
    net = RecurrentNetwork(9, inputs=range(9), outputs=range(9), seed=0, weight_scale=0.5)
    history = net.fit(x, t, lr=3.0, epochs=20, alpha=0.5)
    assert history.errors[-1] < history.errors[0]


@pytest.mark.parametrize("alpha", [0, -0.5, 1.5, float("nan"), "half"])
def test_alpha_must_be_a_step_between_0_and_1(alpha):
    net = oscillator()
    with pytest.raises((ValueError, TypeError), match="alpha"):
        net.relax([1.0], alpha=alpha)


def test_one_comparison_serves_recurrent_gradients_too():
    """bplib.compare_gradients takes a recurrent network's (dW, db), single arrays, as well as layer lists."""
    net = RecurrentNetwork(3, inputs=[0], outputs=[2], seed=0, weight_scale=0.5)
    x, t = [[1.0], [0.5]], [[0.2], [0.7]]
    ours, nudged = net.backward(x, t), perturbation_gradients(net, x, t)
    report = bplib.compare_gradients((ours[0], ours[1]), nudged)
    assert report.agree and [row[0] for row in report._rows] == ["weights", "biases"]
    wrong = (ours[0] * 1.01, ours[1])
    assert not bplib.compare_gradients(wrong, nudged).agree


def test_set_params_checks_both_before_changing_either():
    net = RecurrentNetwork(3, inputs=[0], outputs=[2], seed=1)
    before = net.get_params()
    with pytest.raises(ValueError, match=r"biases must have shape \(3,\), got shape \(2,\)"):
        net.set_params((np.zeros((3, 3)), np.zeros(2)))
    with pytest.raises(TypeError, match=r"params must be a pair \(weights, biases\) as made by get_params\(\), got None"):
        net.set_params(None)
    assert np.array_equal(net.weights, before[0]) and np.array_equal(net.biases, before[1])
    net.set_params((np.ones((3, 3)), np.arange(3.0)))
    assert np.array_equal(net.weights, np.ones((3, 3))) and np.array_equal(net.biases, np.arange(3.0))
