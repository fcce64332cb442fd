"""The step-through of one training example (bplib.stages), checked against a calculation by hand.

The worked example of lesson 05: a 2-3-2-1 network of sigmoid neurons,

    layer 1: w⁽¹⁾ = [[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]   b⁽¹⁾ = [0, 0.1, -0.2]
    layer 2: w⁽²⁾ = [[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]]    b⁽²⁾ = [0.1, -0.1]
    layer 3: w⁽³⁾ = [[0.8, -0.6]]                           b⁽³⁾ = [0.2]

one example x = (0.35, 0.9), t = 1, learning rate η = 0.5.

The reference numbers below are worked out with plain Python floats and
math.exp, neuron by neuron, without bplib (the rounded values in the comments
are what you get on a pocket calculator).
"""

import math

import numpy as np
import pytest

import bplib
from bplib.stages import Stage, stage_gradients, stages, wrong_shortcut_backward

W1 = [[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]
B1 = [0.0, 0.1, -0.2]
W2 = [[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]]
B2 = [0.1, -0.1]
W3 = [[0.8, -0.6]]
B3 = [0.2]
X, T, LR = (0.35, 0.9), 1.0, 0.5


def example_net():
    net = bplib.Network([2, 3, 2, 1])
    net.weights = [W1, W2, W3]
    net.biases = [B1, B2, B3]
    return net


def sig(s):
    return 1.0 / (1.0 + math.exp(-s))


# ---- the calculation by hand -------------------------------------------------------
x1, x2 = X
# Layer 1.
s1_1 = 0.1 * x1 + 0.8 * x2 + 0.0          # 0.035 + 0.72        = 0.755
s1_2 = 0.4 * x1 + 0.6 * x2 + 0.1          # 0.14 + 0.54 + 0.1   = 0.78
s1_3 = -0.3 * x1 + 0.5 * x2 - 0.2         # -0.105 + 0.45 - 0.2 = 0.145
y1_1, y1_2, y1_3 = sig(s1_1), sig(s1_2), sig(s1_3)   # 0.6803, 0.6857, 0.5362
# Layer 2.
s2_1 = 0.3 * y1_1 + 0.9 * y1_2 - 0.5 * y1_3 + 0.1    # 0.2041 + 0.6171 - 0.2681 + 0.1 = 0.6531
s2_2 = -0.2 * y1_1 + 0.4 * y1_2 + 0.7 * y1_3 - 0.1   # -0.1361 + 0.2743 + 0.3753 - 0.1 = 0.4135
y2_1, y2_2 = sig(s2_1), sig(s2_2)                    # 0.6577, 0.6019
# Layer 3, the output.
s3_1 = 0.8 * y2_1 - 0.6 * y2_2 + 0.2                 # 0.5262 - 0.3612 + 0.2 = 0.3650
y3_1 = sig(s3_1)                                     # 0.5903
# The error.
e = y3_1 - T                                         # -0.4097
E = 0.5 * e * e                                      # 0.08395
# Error signals, δ = ∂E/∂s; for the sigmoid f′(s) = y·(1 − y).
d3_1 = e * y3_1 * (1 - y3_1)                         # -0.4097 · 0.2419 = -0.09910
d2_1 = (0.8 * d3_1) * y2_1 * (1 - y2_1)              # -0.07928 · 0.2251 = -0.01785
d2_2 = (-0.6 * d3_1) * y2_2 * (1 - y2_2)             # 0.05946 · 0.2396 = 0.01425
d1_1 = (0.3 * d2_1 + -0.2 * d2_2) * y1_1 * (1 - y1_1)   # -0.008204 · 0.2175 = -0.001784
d1_2 = (0.9 * d2_1 + 0.4 * d2_2) * y1_2 * (1 - y1_2)    # -0.01036 · 0.2155 = -0.002234
d1_3 = (-0.5 * d2_1 + 0.7 * d2_2) * y1_3 * (1 - y1_3)   # 0.01890 · 0.2487 = 0.004700
# Gradients ∂E/∂w = δ of the neuron · the input the weight carries; biases carry 1.
G1 = [[d1_1 * x1, d1_1 * x2], [d1_2 * x1, d1_2 * x2], [d1_3 * x1, d1_3 * x2]]
GB1 = [d1_1, d1_2, d1_3]
G2 = [[d2_1 * y1_1, d2_1 * y1_2, d2_1 * y1_3], [d2_2 * y1_1, d2_2 * y1_2, d2_2 * y1_3]]
GB2 = [d2_1, d2_2]
G3 = [[d3_1 * y2_1, d3_1 * y2_2]]                    # [-0.06518, -0.05965]
GB3 = [d3_1]
# Updates w ← w − η·∂E/∂w, e.g. w₁₁⁽³⁾: 0.8 − 0.5·(−0.06518) = 0.8326.
NEW_W3 = [[0.8 - LR * G3[0][0], -0.6 - LR * G3[0][1]]]   # [0.8326, -0.5702]
NEW_B3 = [0.2 - LR * GB3[0]]                              # 0.2495
NEW_W1_11 = 0.1 - LR * G1[0][0]                           # 0.1 + 0.5·0.001784·0.35 = 0.1003


def new_params():
    sub = lambda a, g: [[w - LR * gw for w, gw in zip(ra, rg)] for ra, rg in zip(a, g)]
    subv = lambda a, g: [w - LR * gw for w, gw in zip(a, g)]
    return sub(W1, G1), subv(B1, GB1), sub(W2, G2), subv(B2, GB2), sub(W3, G3), subv(B3, GB3)


def by_key(stage_list):
    return {st.key: st for st in stage_list}


# ---- the worked example ----------------------------------------------------------------
def test_forward_values_match_the_hand_calculation():
    got = by_key(stages(example_net(), X, T, LR))
    assert got[("s", 1, 0)].value == pytest.approx(0.755, abs=1e-12)
    assert got[("s", 1, 1)].value == pytest.approx(0.78, abs=1e-12)
    assert got[("s", 1, 2)].value == pytest.approx(0.145, abs=1e-12)
    expected = {("y", 1, 0): y1_1, ("y", 1, 1): y1_2, ("y", 1, 2): y1_3,
                ("s", 2, 0): s2_1, ("s", 2, 1): s2_2, ("y", 2, 0): y2_1, ("y", 2, 1): y2_2,
                ("s", 3, 0): s3_1, ("y", 3, 0): y3_1}
    for key, value in expected.items():
        assert got[key].value == pytest.approx(value, rel=1e-12), key
    assert got[("y", 1, 0)].value == pytest.approx(0.6803, abs=5e-5)
    assert got[("y", 3, 0)].value == pytest.approx(0.5903, abs=5e-5)


def test_error_and_error_signals_match_the_hand_calculation():
    got = by_key(stages(example_net(), X, T, LR))
    assert got[("e", 0)].value == pytest.approx(e, rel=1e-12)
    assert got[("E",)].value == pytest.approx(E, rel=1e-12)
    assert got[("E",)].value == pytest.approx(0.08395, abs=5e-6)
    expected = {("delta", 3, 0): d3_1, ("delta", 2, 0): d2_1, ("delta", 2, 1): d2_2,
                ("delta", 1, 0): d1_1, ("delta", 1, 1): d1_2, ("delta", 1, 2): d1_3}
    for key, value in expected.items():
        assert got[key].value == pytest.approx(value, rel=1e-12), key
    assert got[("delta", 3, 0)].value == pytest.approx(-0.0991, abs=5e-5)
    assert got[("delta", 2, 0)].value == pytest.approx(-0.01785, abs=5e-6)
    assert got[("delta", 1, 2)].value == pytest.approx(0.0047, abs=5e-6)


def test_updated_weights_match_the_hand_calculation():
    got = by_key(stages(example_net(), X, T, LR))
    assert got[("w", 3, 0, 0)].value == pytest.approx(0.8326, abs=5e-5)
    assert got[("w", 1, 0, 0)].value == pytest.approx(NEW_W1_11, rel=1e-12)
    nw1, nb1, nw2, nb2, nw3, nb3 = new_params()
    for layer, (nw, nb) in enumerate(((nw1, nb1), (nw2, nb2), (nw3, nb3)), start=1):
        for j, row in enumerate(nw):
            for i, value in enumerate(row):
                assert got[("w", layer, j, i)].value == pytest.approx(value, rel=1e-12)
            assert got[("b", layer, j)].value == pytest.approx(nb[j], rel=1e-12)
    assert got[("b", 3, 0)].value == pytest.approx(NEW_B3[0], rel=1e-12)
    assert got[("w", 3, 0, 1)].value == pytest.approx(NEW_W3[0][1], rel=1e-12)


def test_the_error_after_the_update_is_the_new_networks_error():
    # Hand: the new weights, forward again.
    nw1, nb1, nw2, nb2, nw3, nb3 = new_params()
    h1 = [sig(sum(w * xi for w, xi in zip(row, X)) + b) for row, b in zip(nw1, nb1)]
    h2 = [sig(sum(w * hi for w, hi in zip(row, h1)) + b) for row, b in zip(nw2, nb2)]
    out = sig(sum(w * hi for w, hi in zip(nw3[0], h2)) + nb3[0])    # 0.6130
    last = stages(example_net(), X, T, LR)[-1]
    assert last.kind == "new-error"
    assert last.value == pytest.approx(0.5 * (out - T) ** 2, rel=1e-12)   # 0.07487
    assert last.value < E
    assert "it went down" in last.note


def test_order_of_the_stages():
    kinds = [st.kind for st in stages(example_net(), X, T, LR)]
    # Forward: each neuron's adder then activation, layer 1 (3 neurons), 2 (2), 3 (1).
    assert kinds[:12] == ["forward-sum", "forward-activation"] * 6
    assert kinds[12:14] == ["output-error", "error"]
    assert kinds[14:20] == ["error-signal"] * 6
    assert kinds[20:40].count("weight-update") == 14 and kinds[20:40].count("bias-update") == 6
    assert kinds[40:] == ["new-error"]
    keys = [st.key for st in stages(example_net(), X, T, LR)]
    # The backward pass goes from the output neuron to layer 2 to layer 1.
    assert keys[14:20] == [("delta", 3, 0), ("delta", 2, 0), ("delta", 2, 1),
                           ("delta", 1, 0), ("delta", 1, 1), ("delta", 1, 2)]
    assert keys[:4] == [("s", 1, 0), ("y", 1, 0), ("s", 1, 1), ("y", 1, 1)]


def test_equations_carry_the_numbers():
    got = by_key(stages(example_net(), X, T, LR))
    assert got[("s", 1, 0)].equation == "s₁⁽¹⁾ = w₁₁⁽¹⁾·x₁ + w₁₂⁽¹⁾·x₂ + b₁⁽¹⁾ = 0.1·0.35 + 0.8·0.9 + 0 = 0.755"
    assert got[("s", 1, 2)].equation == ("s₃⁽¹⁾ = w₃₁⁽¹⁾·x₁ + w₃₂⁽¹⁾·x₂ + b₃⁽¹⁾ = "
                                         "(−0.3)·0.35 + 0.5·0.9 − 0.2 = 0.145")
    assert got[("y", 1, 0)].equation == "y₁⁽¹⁾ = f(s₁⁽¹⁾) = 1/(1 + e^(−s₁⁽¹⁾)) = 1/(1 + e^(−0.755)) = 0.6803"
    assert got[("e", 0)].equation == "e = y₁⁽³⁾ − t = 0.5903 − 1 = −0.4097"
    assert got[("delta", 2, 0)].equation == (
        "δ₁⁽²⁾ = (w₁₁⁽³⁾·δ₁⁽³⁾)·y₁⁽²⁾·(1 − y₁⁽²⁾) = (0.8·(−0.0991))·0.6577·(1 − 0.6577) = −0.01785")
    assert got[("delta", 1, 0)].formula == "δ₁⁽¹⁾ = (w₁₁⁽²⁾·δ₁⁽²⁾ + w₂₁⁽²⁾·δ₂⁽²⁾)·y₁⁽¹⁾·(1 − y₁⁽¹⁾)"
    assert got[("w", 3, 0, 0)].equation == "w₁₁⁽³⁾ ← w₁₁⁽³⁾ − η·δ₁⁽³⁾·y₁⁽²⁾ = 0.8 − 0.5·(−0.0991)·0.6577 = 0.8326"
    assert got[("b", 1, 2)].equation == "b₃⁽¹⁾ ← b₃⁽¹⁾ − η·δ₃⁽¹⁾ = −0.2 − 0.5·0.0047 = −0.2023"


def test_each_stage_names_the_neurons_and_connections_it_uses():
    got = by_key(stages(example_net(), X, T, LR))
    # s₁⁽²⁾ adds up the three outputs of layer 1 through the three weights into neuron 1 of layer 2.
    assert set(got[("s", 2, 0)].neurons) == {(1, 0), (1, 1), (1, 2), (2, 0)}
    assert set(got[("s", 2, 0)].connections) == {(2, 0, 0), (2, 0, 1), (2, 0, 2)}
    # δ₃⁽¹⁾ gathers the error signals of both layer-2 neurons through the weights leaving neuron 3.
    assert set(got[("delta", 1, 2)].connections) == {(2, 0, 2), (2, 1, 2)}
    assert set(got[("delta", 1, 2)].neurons) == {(1, 2), (2, 0), (2, 1)}
    assert got[("w", 2, 1, 0)].connections == ((2, 1, 0),)
    assert set(got[("w", 2, 1, 0)].neurons) == {(1, 0), (2, 1)}
    assert got[("y", 1, 1)].connections == () and got[("y", 1, 1)].neurons == ((1, 1),)


# ---- agreement with the Network's matrix code ------------------------------------------
@pytest.mark.parametrize("sizes, activation, seed", [
    ([2, 3, 2, 1], "sigmoid", 1), ([2, 3, 2, 1], "tanh", 2), ([2, 3, 2, 1], "relu", 3),
    ([2, 3, 2, 1], "identity", 4), ([3, 4, 2], "sigmoid", 5), ([2, 1], "sigmoid", 6),
])
def test_values_agree_with_forward_backward_and_step(sizes, activation, seed):
    net = bplib.Network(sizes, activation=activation, seed=seed)
    rng = np.random.default_rng(seed)
    for l in range(len(net.biases)):
        net.biases[l] = rng.normal(0, 0.5, net.biases[l].shape)
    x = rng.uniform(-1, 1, sizes[0])
    t = rng.uniform(0, 1, sizes[-1])
    before = net.get_params()
    got = by_key(stages(net, x, t, 0.3))
    # stages() leaves the network alone.
    for a, b in zip(before[0] + before[1], net.weights + net.biases):
        assert np.array_equal(a, b)
    dW, db = net.backward(x, t)
    for l in range(len(net.weights)):
        for j in range(sizes[l + 1]):
            assert got[("s", l + 1, j)].value == pytest.approx(net.s[l][j], rel=1e-12, abs=1e-15)
            assert got[("y", l + 1, j)].value == pytest.approx(net.y[l][j], rel=1e-12, abs=1e-15)
            assert got[("delta", l + 1, j)].value == pytest.approx(net.delta[l][j], rel=1e-9, abs=1e-15)
    E_before = net.error(x, t)
    assert got[("E",)].value == pytest.approx(E_before, rel=1e-12)
    net.step(x, t, 0.3)
    for l in range(len(net.weights)):
        for j in range(sizes[l + 1]):
            for i in range(sizes[l]):
                assert got[("w", l + 1, j, i)].value == pytest.approx(net.weights[l][j, i], rel=1e-12, abs=1e-15)
            assert got[("b", l + 1, j)].value == pytest.approx(net.biases[l][j], rel=1e-12, abs=1e-15)
    assert got[("E_new",)].value == pytest.approx(net.error(x, t), rel=1e-9, abs=1e-15)


def test_the_stages_gradients_agree_with_perturbation():
    net = example_net()
    st = stages(net, X, T, LR)
    ours = stage_gradients(st, net)
    measured = bplib.perturbation_gradients(net, np.array(X), T)
    assert bplib.max_relative_difference(ours, measured) < 1e-6
    # And with the hand calculation.
    assert np.allclose(ours.weights[2], G3, rtol=1e-12)
    assert np.allclose(ours.biases[0], GB1, rtol=1e-12)


def test_stages_for_random_networks_agree_with_perturbation():
    for seed in range(5):
        net = bplib.Network([2, 3, 2, 1], seed=seed)
        x, t = np.array([0.2 * seed - 0.4, 0.7]), 0.1 * seed
        ours = stage_gradients(stages(net, x, t, 1.0), net)
        assert bplib.max_relative_difference(ours, bplib.perturbation_gradients(net, x, t)) < 1e-6


def test_one_row_of_a_batch_is_accepted():
    net = example_net()
    a = stages(net, [list(X)], [[T]], LR)
    b = stages(net, X, T, LR)
    assert [s.value for s in a] == [s.value for s in b]


# ---- the wrong shortcut ---------------------------------------------------------------
def test_the_shortcut_leaves_out_the_hidden_slope():
    net = example_net()
    wrong = wrong_shortcut_backward(net, np.array(X), T)
    # Output layer: the same as the right rule.
    assert np.allclose(wrong.weights[2], G3, rtol=1e-12)
    # Layer 2: δ₁⁽²⁾ = w₁₁⁽³⁾·δ₁⁽³⁾ = 0.8·(−0.0991) = −0.07928, without the factor y(1 − y) = 0.2251.
    shortcut_d2_1 = 0.8 * d3_1
    assert wrong.biases[1][0] == pytest.approx(shortcut_d2_1, rel=1e-12)
    assert wrong.biases[1][0] == pytest.approx(d2_1 / (y2_1 * (1 - y2_1)), rel=1e-12)
    # Layer 1 gets the wrong δ⁽²⁾ and again no slope.
    shortcut_d2_2 = -0.6 * d3_1
    assert wrong.biases[0][0] == pytest.approx(0.3 * shortcut_d2_1 + -0.2 * shortcut_d2_2, rel=1e-12)


def test_the_gradient_check_catches_the_shortcut():
    net = example_net()
    measured = bplib.perturbation_gradients(net, np.array(X), T)
    right = net.backward(np.array(X), T)
    wrong = wrong_shortcut_backward(net, np.array(X), T)
    assert bplib.max_relative_difference(right, measured) < 1e-6
    assert bplib.max_relative_difference(wrong, measured) > 0.1
    # For sigmoid hidden neurons f′(s) ≤ 1/4, so the shortcut's layer-2 gradients are at least
    # 4 times too large for one example.
    for seed in range(4):
        net = bplib.Network([2, 3, 2, 1], seed=seed)
        xs, ts = np.array([0.3 * seed - 0.5, 0.8]), 1.0
        wrong = wrong_shortcut_backward(net, xs, ts)
        measured = bplib.perturbation_gradients(net, xs, ts)
        assert np.all(np.abs(wrong.biases[1]) >= 4 * np.abs(measured.biases[1]) * (1 - 1e-6))
        assert np.all(np.abs(wrong.weights[1]) >= 4 * np.abs(measured.weights[1]) * (1 - 1e-6))
    # Over the four XOR examples the errors of the examples do not cancel: still far off.
    x, t = bplib.logic_gate("XOR")
    for seed in range(3):
        net = bplib.Network([2, 3, 2, 1], seed=seed)
        wrong = wrong_shortcut_backward(net, x, t)
        measured = bplib.perturbation_gradients(net, x, t)
        for layer in (0, 1):
            diff = np.abs(wrong.weights[layer] - measured.weights[layer]).max()
            assert diff > 0.5 * np.abs(measured.weights[layer]).max()


def test_the_shortcut_is_only_right_when_the_hidden_slope_is_one():
    # identity hidden neurons: f′(s) = 1, so the missing factor changes nothing.
    net = bplib.Network([2, 3, 2, 1], activation="identity", output_activation="sigmoid", seed=2)
    x, t = bplib.logic_gate("XOR")
    assert bplib.max_relative_difference(wrong_shortcut_backward(net, x, t), net.backward(x, t)) < 1e-12


# ---- bad input and small pieces ----------------------------------------------------------
def test_stages_refuse_a_batch():
    x, t = bplib.logic_gate("XOR")
    with pytest.raises(ValueError, match=r"x must be ONE training example \(2 values\), got 4 samples"):
        stages(example_net(), x, t, 0.5)


def test_stages_refuse_a_bad_learning_rate_and_a_wrong_input():
    with pytest.raises(ValueError, match=r"lr \(the learning rate η\) must be a positive number, got 0.0"):
        stages(example_net(), X, T, 0)
    with pytest.raises(ValueError, match=r"x must have 2 value\(s\) per sample"):
        stages(example_net(), [1.0, 2.0, 3.0], T, 0.5)
    with pytest.raises(ValueError, match=r"t must have shape \(1,\)"):
        stages(example_net(), X, [1.0, 0.0], 0.5)


def test_stage_gradients_needs_every_update():
    net = example_net()
    st = stages(net, X, T, LR)
    with pytest.raises(ValueError, match="2 are missing"):
        stage_gradients(st[:-3], net)


def test_equations_write_numbers_in_the_one_format():
    """bplib.fmt's format: 4 significant digits, a real minus, powers of ten as ×10ⁿ."""
    assert Stage("error", "t", ("E",), "E = ½·e²", "½·(−0.0005)²", 1.25e-7).equation.endswith("= 1.25×10⁻⁷")
    assert Stage("error", "t", ("e", 0), "e", "x", -0.0991).equation.endswith("= −0.0991")
    assert stages(example_net(), X, T, LR)[1].equation.endswith("= 0.6803")


def test_a_stage_prints_as_its_equation():
    st = Stage("error", "t", ("E",), "E = ½·e²", "½·0.2²", 0.02)
    assert str(st) == "E = ½·e² = ½·0.2² = 0.02"


# ---- the classic slideshow's rule -----------------------------------------------------
def test_the_classic_rule_by_hand_on_the_worked_example():
    """δ₁⁽³⁾ = t − y (no f′); δⱼ⁽²⁾ = w₁ⱼ⁽³⁾·δ₁⁽³⁾; δᵢ⁽¹⁾ = Σⱼ wⱼᵢ⁽²⁾·δⱼ⁽²⁾; w ← w + η·δ·f′(s)·y."""
    from bplib.stages import classic_rule_backward
    net = example_net()
    x = np.array(X)
    rule = classic_rule_backward(net, x, T)
    sig = lambda s: 1 / (1 + np.exp(-s))
    y1 = sig(np.array([0.755, 0.78, 0.145]))
    s2 = np.array([[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]]) @ y1 + [0.1, -0.1]
    y2 = sig(s2)
    y3 = sig(0.8 * y2[0] - 0.6 * y2[1] + 0.2)
    d3 = 1 - y3
    d2 = np.array([0.8, -0.6]) * d3
    d1 = np.array([0.3 * d2[0] - 0.2 * d2[1], 0.9 * d2[0] + 0.4 * d2[1], -0.5 * d2[0] + 0.7 * d2[1]])
    assert rule.delta[2] == pytest.approx([d3], rel=1e-12)
    assert rule.delta[1] == pytest.approx(d2, rel=1e-12)
    assert rule.delta[0] == pytest.approx(d1, rel=1e-12)
    # the update w ← w + η·δ·f′(s)·y, stored as g with w ← w − η·g
    assert rule.weights[1][0, 2] == pytest.approx(-d2[0] * y2[0] * (1 - y2[0]) * y1[2], rel=1e-12)
    assert rule.weights[0][2, 1] == pytest.approx(-d1[2] * y1[2] * (1 - y1[2]) * 0.9, rel=1e-12)
    assert rule.biases[0][1] == pytest.approx(-d1[1] * y1[1] * (1 - y1[1]), rel=1e-12)


def test_the_classic_rule_agrees_with_backpropagation_only_in_the_output_layer():
    from bplib.stages import classic_rule_backward
    net = example_net()
    right, rule = net.backward(np.array(X), T), classic_rule_backward(net, np.array(X), T)
    assert rule.weights[2] == pytest.approx(right.weights[2], rel=1e-12)
    # one layer down: too large by exactly 1/f′(s⁽³⁾), the output neuron's slope
    y3 = float(net.forward(np.array(X))[0])
    assert rule.weights[1] == pytest.approx(right.weights[1] / (y3 * (1 - y3)), rel=1e-12)
    assert not np.allclose(rule.weights[0], right.weights[0])
    # a batch averages like the error does
    xs, ts = bplib.logic_gate("XOR")
    one = [classic_rule_backward(net, xs[n], ts[n]) for n in range(4)]
    batch = classic_rule_backward(net, xs, ts)
    for l in range(3):
        assert batch.weights[l] == pytest.approx(sum(g.weights[l] for g in one) / 4, rel=1e-12)


def test_max_relative_difference_divides_by_the_largest_gradient():
    # gradcheck's docstring: (maxᵢ |aᵢ − bᵢ|) / (maxᵢ max(|aᵢ|, |bᵢ|)), not per element
    a = ([np.array([[1.0, 1e-9]])], [np.array([0.0])])
    b = ([np.array([[1.0, 2e-9]])], [np.array([0.0])])
    assert bplib.max_relative_difference(a, b) == pytest.approx(1e-9)   # per element it would be 0.5
