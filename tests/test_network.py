"""The network's forward pass, error signals, gradients and one update, worked out by hand.

The network is [2, 2, 1] with sigmoid neurons f(s) = 1 / (1 + e^(−s)), f'(s) = f(s)(1 − f(s)):

    layer 1: W = [[ 0.1, 0.2],      b = [ 0.05, −0.1]
                  [−0.3, 0.4]]
    layer 2: W = [[ 0.5, −0.6]],    b = [ 0.2]
    input x = (1.0, 0.5), desired output t = 1.0

Forward (a calculator, one neuron at a time):
    s₁ = 0.1·1 + 0.2·0.5 + 0.05 = 0.25        y₁ = f(0.25)  = 0.5621765008857981
    s₂ = −0.3·1 + 0.4·0.5 − 0.1 = −0.2        y₂ = f(−0.2)  = 0.45016600268752216
    s₃ = 0.5·y₁ − 0.6·y₂ + 0.2 = 0.21098864883038576
    y₃ = f(s₃) = 0.5525523540615002
    E  = ½ (1 − y₃)² = 0.10010469792795255
Backward:
    δ₃ = (y₃ − t)·y₃(1 − y₃) = −0.11062617298541112
    δ₁ = δ₃·0.5·y₁(1 − y₁)    = −0.013614435807267523
    δ₂ = δ₃·(−0.6)·y₂(1 − y₂) =  0.016429086713746984
Gradients: ∂E/∂W₂ = δ₃·(y₁, y₂) = (−0.062191434835325424, −0.04980014208546087), ∂E/∂b₂ = δ₃
           ∂E/∂W₁ = [[δ₁·1, δ₁·0.5], [δ₂·1, δ₂·0.5]],  ∂E/∂b₁ = (δ₁, δ₂)
One update with η = 0.5: W₂ ← (0.5 + 0.5·0.062191…, −0.6 + 0.5·0.049800…) = (0.5310957174176627, −0.5750999289572696)
                         b₂ ← 0.2 + 0.5·0.110626… = 0.25531308649270557
"""

import json

import numpy as np
import pytest

import bplib
from bplib import DivergenceError, Network

Y1, Y2, Y3 = 0.5621765008857981, 0.45016600268752216, 0.5525523540615002
D1, D2, D3 = -0.013614435807267523, 0.016429086713746984, -0.11062617298541112


@pytest.fixture
def net():
    n = Network([2, 2, 1], activation="sigmoid")
    n.weights = [[[0.1, 0.2], [-0.3, 0.4]], [[0.5, -0.6]]]
    n.biases = [[0.05, -0.1], [0.2]]
    return n


X, T = np.array([1.0, 0.5]), np.array([1.0])


def test_forward_by_hand(net):
    y = net.forward(X)
    assert y.shape == (1,)
    np.testing.assert_allclose(net.s[0], [0.25, -0.2], atol=1e-12)
    np.testing.assert_allclose(net.y[0], [Y1, Y2], atol=1e-12)
    np.testing.assert_allclose(net.s[1], [0.21098864883038576], atol=1e-12)
    np.testing.assert_allclose(y, [Y3], atol=1e-12)
    assert net.error(X, T) == pytest.approx(0.10010469792795255, abs=1e-12)


def test_error_signals_and_gradients_by_hand(net):
    dW, db = net.backward(X, T)
    np.testing.assert_allclose(net.delta[1], [D3], atol=1e-12)
    np.testing.assert_allclose(net.delta[0], [D1, D2], atol=1e-12)
    np.testing.assert_allclose(dW[1], [[D3 * Y1, D3 * Y2]], atol=1e-12)
    np.testing.assert_allclose(dW[1], [[-0.062191434835325424, -0.04980014208546087]], atol=1e-12)
    np.testing.assert_allclose(db[1], [D3], atol=1e-12)
    np.testing.assert_allclose(dW[0], [[D1 * 1.0, D1 * 0.5], [D2 * 1.0, D2 * 0.5]], atol=1e-12)
    np.testing.assert_allclose(db[0], [D1, D2], atol=1e-12)


def test_one_update_by_hand(net):
    E = net.step(X, T, lr=0.5)
    assert E == pytest.approx(0.10010469792795255, abs=1e-12)  # the error before the update
    np.testing.assert_allclose(net.weights[1], [[0.5310957174176627, -0.5750999289572696]], atol=1e-9)
    np.testing.assert_allclose(net.biases[1], [0.25531308649270557], atol=1e-9)
    # Layer 1 moved by its gradients computed *before* layer 2 changed.
    np.testing.assert_allclose(net.weights[0], [[0.1 - 0.5 * D1, 0.2 - 0.5 * D1 * 0.5],
                                                [-0.3 - 0.5 * D2, 0.4 - 0.5 * D2 * 0.5]], atol=1e-9)
    assert net.error(X, T) < 0.10010469792795255


def test_batch_is_the_average_of_samples(net):
    # Two samples: the batch gradient is the mean of the two single-sample gradients.
    x2, t2 = np.array([0.2, -1.0]), np.array([0.0])
    g_a = net.backward(X, T)
    g_b = net.backward(x2, t2)
    g = net.backward(np.vstack([X, x2]), np.vstack([T, t2]))
    for l in range(2):
        np.testing.assert_allclose(g[0][l], (g_a[0][l] + g_b[0][l]) / 2, atol=1e-14)
        np.testing.assert_allclose(g[1][l], (g_a[1][l] + g_b[1][l]) / 2, atol=1e-14)
    assert net.s[0].shape == (2, 2) and net.delta[0].shape == (2, 2)


def test_one_sample_is_a_batch_of_one_inside(net):
    # The passes work on batches; a 1-D sample is computed as a batch of one row, and what the learner
    # inspects (net.s, net.y, net.delta, the output) keeps the sample's shape: that row, bit for bit.
    g_one = net.backward(X, T)
    one = {name: [a.copy() for a in getattr(net, name)] for name in ("s", "y", "delta")}
    g_row = net.backward(X[None, :], T[None, :])
    for name in ("s", "y", "delta"):
        for a, b in zip(one[name], getattr(net, name)):
            assert a.ndim == 1 and b.shape == (1,) + a.shape and np.array_equal(a, b[0])
    for a, b in zip(g_one[0] + g_one[1], g_row[0] + g_row[1]):
        assert np.array_equal(a, b)
    assert net.forward(X).shape == (1,) and net.forward(X[None, :]).shape == (1, 1)


def test_shapes_and_defaults():
    net = Network([2, 3, 2, 1])
    assert [w.shape for w in net.weights] == [(3, 2), (2, 3), (1, 2)]
    assert [b.shape for b in net.biases] == [(3,), (2,), (1,)]
    assert net.n_params == 20
    assert net.output_activation is net.activation
    assert net.forward(np.zeros((5, 2))).shape == (5, 1)
    assert Network([2, 3, 1], seed=1).weights[0].tolist() != net.weights[0][:3].tolist()
    assert Network([2, 3, 1], seed=1).weights[0].tolist() == Network([2, 3, 1], seed=1).weights[0].tolist()


def test_output_activation_identity():
    net = Network([1, 1], activation="sigmoid", output_activation="identity")
    net.weights = [[[2.0]]]
    net.biases = [[1.0]]
    assert net.forward([3.0]).tolist() == [7.0]


def test_fit_learns_xor_and_records_history():
    x, t = bplib.logic_gate("XOR")
    net = Network([2, 3, 2, 1], seed=3)
    history = net.fit(x, t, lr=5.0, epochs=3000)
    assert len(history.errors) == 3001 and history.epochs == 3000
    assert history.errors[-1] < 0.01 < history.errors[0]
    assert np.all((net.forward(x) > 0.5) == (t > 0.5))


def test_fit_minibatches_and_validation():
    x, t = bplib.two_class(n=60, noise=0.1, seed=1)
    net = Network([2, 5, 1], seed=0)
    history = net.fit(x[:40], t[:40], lr=2.0, epochs=20, batch_size=8, x_val=x[40:], t_val=t[40:])
    assert len(history.errors) == len(history.val_errors) == 21
    assert history.errors[-1] < history.errors[0]


def test_fit_callback_can_stop():
    x, t = bplib.logic_gate("AND")
    net = Network([2, 1])
    seen = []
    history = net.fit(x, t, lr=1.0, epochs=50, callback=lambda epoch, h: seen.append(epoch) or epoch < 5)
    assert seen == [1, 2, 3, 4, 5] and history.epochs == 5


def test_save_and_load_round_trip(net, tmp_path):
    path = tmp_path / "net.json"
    net.save(path)
    again = Network.load(path)
    assert json.loads(path.read_text())["sizes"] == [2, 2, 1]
    for a, b in zip(net.weights + net.biases, again.weights + again.biases):
        np.testing.assert_array_equal(a, b)
    assert again.forward(X).tolist() == net.forward(X).tolist()
    assert bplib.saving.from_dict(bplib.saving.to_dict(net)).activation.name == "sigmoid"


def test_divergence_is_reported_and_weights_kept_finite():
    # A linear neuron on inputs as large as 27: η = 1 overshoots wildly.
    x, t = np.array([[27.0], [9.0]]), np.array([[54.0], [18.0]])
    net = Network([1, 1], activation="identity")
    with pytest.raises(DivergenceError, match=r"diverged in epoch \d+.*Try a smaller learning rate than lr=1, such as lr=0\.1\."):
        net.fit(x, t, lr=1.0, epochs=100)
    assert all(np.all(np.isfinite(w)) for w in net.weights + net.biases)


def test_step_that_would_overflow_is_refused():
    net = Network([1, 1], activation="identity")
    net.weights = [[[1e300]]]
    with pytest.raises(DivergenceError, match="smaller learning rate"):
        net.step([[1e10]], [[0.0]], lr=1e10)
    assert net.weights[0].tolist() == [[1e300]]


def test_nan_set_into_a_weight_in_place_is_named():
    net = Network([2, 2, 1])
    net.weights[1][0, 1] = np.nan
    with pytest.raises(ValueError, match=r"weights\[1\] must be finite numbers, got nan at index \(0, 1\)\."):
        net.forward([0.0, 1.0])


def _steps_by_hand(net, x, t, lr, epochs):
    errors = [net.error(x, t)]
    for _ in range(epochs):
        net.step(x, t, lr)
        errors.append(net.error(x, t))
    return errors


@pytest.mark.parametrize("with_val, with_callback", [(False, False), (True, False), (False, True), (True, True)])
def test_fit_equals_plain_steps(with_val, with_callback):
    # fit must give exactly what one step after another gives, whatever runs between the epochs.
    x, t = bplib.two_class(n=40, noise=0.1, seed=2)
    a, b = Network([2, 4, 1], seed=1), Network([2, 4, 1], seed=1)
    grid = np.random.default_rng(0).random((9, 2))

    def another_forward_pass(epoch, history):
        a.forward(grid)

    callback = another_forward_pass if with_callback else None
    val = dict(x_val=x[:10], t_val=t[:10]) if with_val else {}
    history = a.fit(x, t, lr=2.0, epochs=30, callback=callback, **val)
    errors = _steps_by_hand(b, x, t, 2.0, 30)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_allclose(history.errors, errors, rtol=0, atol=1e-15)


def test_fit_notices_weights_replaced_by_a_callback():
    x, t = bplib.logic_gate("OR")
    a, b = Network([2, 1], seed=0), Network([2, 1], seed=0)

    def shrink(net):
        net.weights = [w * 0.5 for w in net.weights]

    a.fit(x, t, lr=1.0, epochs=5, callback=lambda epoch, h: shrink(a))
    for _ in range(5):
        b.step(x, t, 1.0)
        shrink(b)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
