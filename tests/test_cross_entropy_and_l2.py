"""The cross-entropy error with softmax (and sigmoid) outputs, and L2 regularisation (lessons 06 and 07).

Every reference here is computed in this file, from the formulas, with its own forward pass and its own
central differences: nothing below calls the code it checks to get the expected numbers.
"""

import json

import numpy as np
import pytest

from bplib import DivergenceError, Network
from bplib.activations import softmax
from bplib.loss import cross_entropy

RNG = np.random.default_rng(7)
X = RNG.normal(size=(6, 3))
T_ONE_HOT = np.eye(4)[[0, 3, 1, 1, 2, 0]]
T_YES_NO = (RNG.random((6, 4)) < 0.5).astype(float)


def reference_error(net, x, t, l2=0.0):
    """E written out from the formulas, with a forward pass of its own (no bplib code)."""
    y = x
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        s = y @ W.T + b
        last = l == len(net.weights) - 1
        name = net.output_activation.name if last else net.activation.name
        if name == "softmax":
            e = np.exp(s - s.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        elif name == "sigmoid":
            y = 1 / (1 + np.exp(-s))
        elif name == "tanh":
            y = np.tanh(s)
        else:
            y = np.maximum(s, 0)
    n = len(x)
    if net.error_function == "squared":
        E = 0.5 * np.sum((y - t) ** 2) / n
    elif net.output_activation.name == "softmax":
        E = -np.sum(t * np.log(y)) / n
    else:
        E = -np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)) / n
    return E + l2 / 2 * sum(np.sum(W ** 2) for W in net.weights)


def reference_gradients(net, x, t, l2=0.0, eps=1e-6):
    """Central differences of :func:`reference_error`, weight by weight."""
    grads = []
    for W in list(net.weights) + list(net.biases):
        g = np.zeros_like(W)
        for i in np.ndindex(W.shape):
            keep = W[i]
            W[i] = keep + eps
            up = reference_error(net, x, t, l2)
            W[i] = keep - eps
            down = reference_error(net, x, t, l2)
            W[i] = keep
            g[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


CASES = [("softmax", T_ONE_HOT), ("sigmoid", T_YES_NO)]


@pytest.mark.parametrize("output, t", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_cross_entropy_gradients_match_perturbation(output, t, hidden):
    net = Network([3, 5, 4], activation=hidden, output_activation=output, error_function="cross_entropy", seed=3)
    assert net.error(X, t) == pytest.approx(reference_error(net, X, t), rel=1e-12)
    dW, db = net.backward(X, t)
    for ours, ref in zip(list(dW) + list(db), reference_gradients(net, X, t)):
        np.testing.assert_allclose(ours, ref, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("output, t", CASES, ids=[c[0] for c in CASES])
def test_output_delta_is_y_minus_t(output, t):
    """The famous shortcut: with the cross-entropy, the output layer's δ is (y − t)/n, no f′(s) factor."""
    net = Network([3, 5, 4], output_activation=output, error_function="cross_entropy", seed=1)
    net.backward(X, t)
    np.testing.assert_allclose(net.delta[-1], (net.y[-1] - t) / len(X), rtol=0, atol=1e-15)
    # and that is ∂E/∂s: perturb the output layer's sums directly
    s = net.s[-1].copy()
    eps = 1e-6
    for i in np.ndindex(s.shape):
        up, down = s.copy(), s.copy()
        up[i] += eps
        down[i] -= eps
        E = (lambda s_: -np.sum(t * np.log(softmax(s_))) / len(X)) if output == "softmax" else \
            (lambda s_: -np.sum(t * np.log(1 / (1 + np.exp(-s_))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-s_)))) / len(X))
        assert net.delta[-1][i] == pytest.approx((E(up) - E(down)) / (2 * eps), abs=1e-8)


def test_squared_error_delta_keeps_the_slope():
    """Beside it, the squared error's δ carries f′(s) = y(1 − y): tiny when a sigmoid output saturates."""
    net = Network([3, 5, 4], seed=1)
    net.backward(X, T_YES_NO)
    y = net.y[-1]
    np.testing.assert_allclose(net.delta[-1], (y - T_YES_NO) * y * (1 - y) / len(X), atol=1e-15)


def test_softmax_sums_to_one_and_does_not_overflow():
    y = softmax(np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(y[1], e / e.sum(), rtol=1e-15)
    assert y[0, 0] == 1.0 and np.isfinite(y).all()


def test_cross_entropy_function():
    assert cross_entropy([0.5, 0.25, 0.25], [1.0, 0.0, 0.0]) == pytest.approx(np.log(2))
    assert cross_entropy([[0.5, 0.5], [0.9, 0.1]], [[1, 0], [1, 0]]) == pytest.approx((np.log(2) - np.log(0.9)) / 2)
    with pytest.raises(ValueError, match="y must be probabilities"):
        cross_entropy([0.0, 1.0], [1.0, 0.0])   # ln 0: the error would be infinite


def test_cross_entropy_stays_finite_when_an_output_rounds_to_zero():
    """Computed from s, the error of a confidently wrong answer is large but a number (y rounds to 0)."""
    net = Network([1, 2], output_activation="softmax", error_function="cross_entropy")
    net.weights = [np.array([[800.0], [-800.0]])]
    E = net.error([[1.0]], [[0.0, 1.0]])
    assert E == pytest.approx(1600.0)


@pytest.mark.parametrize("error_function, output, t", [("squared", "sigmoid", T_YES_NO),
                                                       ("cross_entropy", "softmax", T_ONE_HOT)])
def test_l2_gradients_match_perturbation(error_function, output, t):
    net = Network([3, 4, 4], activation="tanh", output_activation=output, error_function=error_function, seed=5)
    lam = 0.3
    assert net.error(X, t, l2=lam) == pytest.approx(reference_error(net, X, t, lam), rel=1e-12)
    dW, db = net.backward(X, t, l2=lam)
    for ours, ref in zip(list(dW) + list(db), reference_gradients(net, X, t, lam)):
        np.testing.assert_allclose(ours, ref, rtol=1e-6, atol=1e-9)


def test_l2_step_is_weight_decay_and_leaves_biases_alone():
    net = Network([3, 4, 4], seed=5)
    lam, lr = 0.2, 0.5
    plain = Network([3, 4, 4], seed=5)
    dW, db = plain.backward(X, T_YES_NO)          # gradients without the penalty
    W0, b0 = net.get_params()
    net.step(X, T_YES_NO, lr, l2=lam)
    for W, w0, g in zip(net.weights, W0, dW):
        np.testing.assert_allclose(W, (1 - lr * lam) * w0 - lr * g, atol=1e-15)
    for b, c0, g in zip(net.biases, b0, db):
        np.testing.assert_allclose(b, c0 - lr * g, atol=1e-15)


def test_l2_keeps_weights_smaller_and_history_records_the_data_error():
    x, t = X, T_YES_NO
    free, decayed = Network([3, 8, 4], seed=2), Network([3, 8, 4], seed=2)
    free.fit(x, t, lr=2.0, epochs=300)
    h = decayed.fit(x, t, lr=2.0, epochs=300, l2=0.05)
    size = lambda net: sum(np.sum(W ** 2) for W in net.weights)
    assert size(decayed) < 0.5 * size(free)
    assert h.errors[-1] == pytest.approx(reference_error(decayed, x, t), rel=1e-12)   # without λ's term


def test_zero_l2_adds_nothing_even_for_huge_weights():
    net = Network([1, 1], activation="identity")
    net.weights = [np.array([[1e200]])]
    with pytest.raises(DivergenceError):
        net.error([[1.0]], [[0.0]])           # the square overflows: said, not returned as inf
    net.weights = [np.array([[1e160]])]
    assert np.isfinite(net.error([[1e-150]], [[0.0]], l2=0.0))


def test_save_keeps_the_error_function_and_the_history(tmp_path):
    net = Network([3, 5, 4], activation="relu", output_activation="softmax", error_function="cross_entropy", seed=4)
    history = net.fit(X, T_ONE_HOT, lr=0.3, epochs=5, x_val=X[:2], t_val=T_ONE_HOT[:2], l2=0.01)
    path = tmp_path / "run.json"
    net.save(path, history)
    back = Network.load(path)
    assert back.error_function == "cross_entropy" and back.output_activation.name == "softmax"
    for a, b in zip(back.weights, net.weights):
        assert np.array_equal(a, b)
    saved = json.loads(path.read_text())["history"]
    assert saved["errors"] == history.errors and saved["val_errors"] == history.val_errors and saved["lr"] == 0.3
    with pytest.raises(TypeError, match="history must be a bplib.History"):
        net.save(path, history=[1, 2])
