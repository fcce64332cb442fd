"""Every number and "try this" in the markdown of 05_three_layer_network.ipynb, checked.

Numbers are recomputed here with plain numpy (a forward pass, BP1–BP4 and the classic rule
written out below), not with the lesson code that printed them. A "try this" is done on the
widget exactly as the text says, and its promised effect is checked.
"""

import numpy as np
import pytest

import bplib
from bplib.fmt import fmt
from bplib.lessons import l05

# ---- an independent 2-3-2-1 sigmoid network ----------------------------------------------------
W = [np.array([[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]),
     np.array([[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]]),
     np.array([[0.8, -0.6]])]
B = [np.array([0.0, 0.1, -0.2]), np.array([0.1, -0.1]), np.array([0.2])]
X, T, LR = np.array([0.35, 0.9]), np.array([1.0]), 0.5


def sig(s):
    return 1 / (1 + np.exp(-s))


def forward(W, B, x):
    """Every layer's output, input first: [x, y⁽¹⁾, y⁽²⁾, y⁽³⁾] (rows = examples)."""
    ys = [x]
    for w, b in zip(W, B):
        ys.append(sig(ys[-1] @ w.T + b))
    return ys


def backprop(W, B, x, t):
    """BP1–BP4 averaged over the rows of x: (dW, db, deltas)."""
    x, t = np.atleast_2d(x), np.atleast_2d(t)
    ys = forward(W, B, x)
    n = len(x)
    deltas = [None] * 3
    deltas[2] = (ys[3] - t) / n * ys[3] * (1 - ys[3])                       # BP1
    for l in (1, 0):
        deltas[l] = (deltas[l + 1] @ W[l + 1]) * ys[l + 1] * (1 - ys[l + 1])   # BP2
    dW = [deltas[l].T @ ys[l] for l in range(3)]                             # BP3
    db = [deltas[l].sum(axis=0) for l in range(3)]                           # BP4
    return dW, db, deltas


def classic(W, B, x, t):
    """The classic rule for one example: its δ's (slideshow sign) and updates per unit η."""
    ys = forward(W, B, x)
    d = [None] * 3
    d[2] = t - ys[3]                        # no f′
    d[1] = d[2] @ W[2]                      # no f′ of the neuron above
    d[0] = d[1] @ W[1]
    up = [np.outer(d[l] * ys[l + 1] * (1 - ys[l + 1]), ys[l]) for l in range(3)]   # δ·f′(s)·y
    return d, up


def error(W, B, x, t):
    y = forward(W, B, np.atleast_2d(x))[3]
    return float(np.mean(0.5 * np.sum((y - np.atleast_2d(t)) ** 2, axis=1)))


def train(W, B, x, t, lr, epochs):
    """Full-batch gradient descent; returns the error before each epoch and after the last."""
    W, B = [w.copy() for w in W], [b.copy() for b in B]
    errors = [error(W, B, x, t)]
    for _ in range(epochs):
        dW, db, _ = backprop(W, B, x, t)
        W = [w - lr * g for w, g in zip(W, dW)]
        B = [b - lr * g for b, g in zip(B, db)]
        errors.append(error(W, B, x, t))
    return W, B, np.array(errors)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([[0.0], [1.0], [1.0], [0.0]])


def seed_params(seed):
    """The starting weights of Network([2, 3, 2, 1], seed=seed) (only the random numbers are taken)."""
    net = bplib.Network([2, 3, 2, 1], seed=seed)
    return [np.array(w) for w in net.weights], [np.array(b) for b in net.biases]


# ---- the network and the worked example ------------------------------------------------------------
def test_twenty_parameters():
    """ "Layer 1 has 3·2 weights and 3 biases, layer 2 has 2·3 + 2, layer 3 has 1·2 + 1: 20 parameters" """
    assert sum(w.size + b.size for w, b in zip(W, B)) == 3 * 2 + 3 + 2 * 3 + 2 + 1 * 2 + 1 == 20
    assert l05.example_network().n_params == 20


def test_forward_numbers():
    """ "s₁⁽¹⁾ = 0.1·0.35 + 0.8·0.9 + 0 = 0.755 … y₁⁽¹⁾ = 1/(1 + e^(−0.755)) = 0.6803";
    "The output is 0.5903; we wanted 1." """
    ys = forward(W, B, X)
    assert 0.1 * 0.35 + 0.8 * 0.9 + 0 == pytest.approx(0.755)
    assert ys[1][0] == pytest.approx(0.6803, abs=5e-5)
    assert ys[3][0] == pytest.approx(0.5903, abs=5e-5)


def test_stage_numbering():
    """ "Stages 21 to 40 are the updates"; "The widget goes through the same 41 stages" """
    steps = l05.stages(l05.example_network(), X, 1.0, LR)
    assert len(steps) == 12 + 2 + 6 + 20 + 1 == 41
    assert {st.kind for st in steps[20:40]} == {"weight-update", "bias-update"}
    assert steps[19].kind == "error-signal" and steps[40].kind == "new-error"


def test_one_step_lowers_the_error():
    """Summary: "one step took E from 0.08395 to 0.07487" """
    dW, db, _ = backprop(W, B, X, T)
    before = error(W, B, X, T)
    after = error([w - LR * g for w, g in zip(W, dW)], [b - LR * g for b, g in zip(B, db)], X, T)
    assert before == pytest.approx(0.08395, abs=5e-6)
    assert after == pytest.approx(0.07487, abs=5e-6)


def test_row_and_column_identity():
    """ "Σₖ wₖⱼ δₖ = (δ @ W)ⱼ = (Wᵀδ)ⱼ" — forward reads row j (y @ W.T), backward column j (delta @ W) """
    _, _, deltas = backprop(W, B, X, T)
    d2 = deltas[1][0]
    for j in range(3):
        by_sum = sum(W[1][k, j] * d2[k] for k in range(2))
        assert (d2 @ W[1])[j] == pytest.approx(by_sum) and (W[1].T @ d2)[j] == pytest.approx(by_sum)
    y1 = forward(W, B, X)[1]
    for j in range(2):
        assert (y1 @ W[1].T)[j] == pytest.approx(sum(W[1][j, i] * y1[i] for i in range(3)))


# ---- move the weights: try this ---------------------------------------------------------------------
def test_try_a_larger_output_weight():
    """ "Try making w₁₁⁽³⁾ larger: the output rises towards t = 1." """
    demo = l05.weight_explorer()
    outputs = []
    for w in (0.8, 1.5, 2.5, 4.0):
        demo.set(**{"w₁₁⁽³⁾": w})
        outputs.append(demo.net.forward(X)[0])
        assert f"y = {fmt(outputs[-1])}" in demo.texts["summary"].value
    assert np.all(np.diff(outputs) > 0) and outputs[-1] < 1
    # independently: the output with w₁₁⁽³⁾ = 4
    W4 = [w.copy() for w in W]
    W4[2][0, 0] = 4.0
    assert outputs[-1] == pytest.approx(forward(W4, B, X)[3][0], rel=1e-12)


def test_try_a_saturated_output_neuron():
    """ "set t = 0 and the output neuron's w₁₁⁽³⁾, w₁₂⁽³⁾ and b₁⁽³⁾ to 4: the output is stuck near 1, and
    even η = 5 changes E by less than a millionth. The output neuron is saturated: its f′(s) is almost 0,
    so BP1 makes its δ, and every δ below it, almost 0." """
    demo = l05.weight_explorer()
    demo.set(**{"t": 0.0, "w₁₁⁽³⁾": 4.0, "w₁₂⁽³⁾": 4.0, "b₁⁽³⁾": 4.0, "lr": 5.0})
    text = demo.texts["summary"].value
    assert "E goes down" in text
    W4, B4 = [w.copy() for w in W], [b.copy() for b in B]
    W4[2][:] = 4.0
    B4[2][:] = 4.0
    t0 = np.array([0.0])
    y = forward(W4, B4, X)[3][0]
    assert y > 0.999 and y * (1 - y) < 1e-3                      # saturated: f′(s) near 0
    dW, db, deltas = backprop(W4, B4, X, t0)
    assert max(float(np.max(np.abs(d))) for d in deltas) < 1e-3
    before = error(W4, B4, X, t0)
    after = error([w - 5 * g for w, g in zip(W4, dW)], [b - 5 * g for b, g in zip(B4, db)], X, t0)
    assert 0 < before - after < 1e-6                              # less than a millionth
    assert f"from {fmt(before)} to {fmt(after)}" in text


# ---- the classic rule --------------------------------------------------------------------------------
def test_classic_rule_on_the_worked_example():
    """ "For the output neuron the two updates are the same (0.03259). One layer down the classic rule
    lacks the output neuron's f′(s₁⁽³⁾) = 0.2419, so layer 2's changes are 1/0.2419 = 4.135 times too
    large … In layer 1 … here 18 to 19" """
    d, up = classic(W, B, X, T)
    dW, _, _ = backprop(W, B, X, T)
    right = [-LR * g for g in dW]
    assert LR * up[2][0, 0] == pytest.approx(0.03259, abs=5e-6)
    assert right[2][0, 0] == pytest.approx(LR * up[2][0, 0], rel=1e-12)
    y3 = forward(W, B, X)[3][0]
    assert y3 * (1 - y3) == pytest.approx(0.2419, abs=5e-5)
    ratio2 = LR * up[1] / right[1]
    assert np.allclose(ratio2, 1 / (y3 * (1 - y3))) and ratio2[0, 0] == pytest.approx(4.135, abs=5e-4)
    ratio1 = LR * up[0] / right[0]
    assert ratio1.min() > 17.5 and ratio1.max() < 19.0
    # the δ's the lesson prints: t − y = 0.4097, 0.8·0.4097 = 0.3278
    assert d[2][0] == pytest.approx(0.4097, abs=5e-5) and d[1][0] == pytest.approx(0.3278, abs=5e-5)


def test_classic_rule_in_random_networks():
    """ "a sigmoid's slope is at most ¼, so with one output neuron it is always at least 4, and always
    with the right sign … in 2,000 random networks about one in six had a layer-1 change off by less
    than 16 times, and about one in forty had one with the wrong sign." """
    rng = np.random.default_rng(0)
    small = wrong = 0
    for k in range(2000):
        Wk, Bk = seed_params(k)
        x, t = rng.random(2), rng.random(1)
        _, up = classic(Wk, Bk, x, t)
        dW, _, _ = backprop(Wk, Bk, x, t)
        assert np.all(up[1] / -dW[1] >= 4 - 1e-9)                 # layer 2: ≥ 4, right sign
        r = up[0] / -dW[0]
        small += bool(np.any((r > 0) & (r < 16)))
        wrong += bool(np.any(r < 0))
    assert 1 / 7.5 < small / 2000 < 1 / 5                          # "about one in six" (17%)
    assert 1 / 60 < wrong / 2000 < 1 / 30                          # "about one in forty" (2.6%)


# ---- train it ------------------------------------------------------------------------------------
def test_two_moons_as_introduced():
    """ "100 points in the plane, on two interleaved half-circles with a little noise, 50 of class 0 and
    50 of class 1 (bplib.two_class(n=100, noise=0.1, seed=0))" """
    x, t = bplib.two_class(n=100, noise=0.1, seed=0)
    assert x.shape == (100, 2) and int(t.sum()) == 50
    x0, t0 = bplib.two_class(n=100, noise=0.0, seed=0)
    upper, lower = x0[t0[:, 0] == 0], x0[t0[:, 0] == 1]
    assert np.allclose(np.hypot(*upper.T), 1)                      # half-circles of radius 1
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1)
    gap = np.min(np.hypot(*(x[:, None, :] - x0[None, :, :]).transpose(2, 0, 1)), axis=1)
    assert gap.max() < 0.4                                         # a little noise


def test_slopes_shrink_through_the_sigmoid_layers():
    """ "In the worked example e = −0.4097 became δ₁⁽³⁾ = −0.0991, and no δ of layer 1 is larger than
    0.0047." (each sigmoid layer multiplies δ by f′(s) ≤ ¼) """
    _, _, deltas = backprop(W, B, X, T)
    e = forward(W, B, X)[3][0] - 1
    assert e == pytest.approx(-0.4097, abs=5e-5)
    assert deltas[2][0, 0] == pytest.approx(-0.0991, abs=5e-5)
    assert np.max(np.abs(deltas[0])) == pytest.approx(0.0047, abs=5e-5)
    s = np.linspace(-10, 10, 2001)
    assert np.max(sig(s) * (1 - sig(s))) == pytest.approx(0.25)


@pytest.fixture(scope="module")
def xor_run():
    W0, B0 = seed_params(0)
    return train(W0, B0, XOR_X, XOR_T, 3.0, 3000)


def test_xor_learned_within_3000_epochs(xor_run):
    """ "with η = 3 XOR is learned within 3,000 epochs" (the trainer's defaults: seed 0) """
    Wf, Bf, errors = xor_run
    y = forward(Wf, Bf, XOR_X)[3]
    assert np.array_equal(y > 0.5, XOR_T > 0.5) and errors[-1] < 0.001


def test_the_plateau(xor_run):
    """ "For about 2,000 epochs the error curve is flat, near E = 0.125, and then it drops, between epochs
    2,200 and 2,700. In that plateau the network answers about ½ for all four examples and their slopes
    almost cancel. (… here the hidden outputs stay between 0.1 and 0.9.)" """
    W0, B0 = seed_params(0)
    _, _, errors = xor_run
    assert np.all(np.abs(errors[100:2001] - 0.125) < 0.001)
    assert errors[2200] > 0.11 and errors[2700] < 0.01
    Wp, Bp, _ = train(W0, B0, XOR_X, XOR_T, 3.0, 1000)
    ys = forward(Wp, Bp, XOR_X)
    assert np.all(np.abs(ys[3] - 0.5) < 0.01)
    dW, db, _ = backprop(Wp, Bp, XOR_X, XOR_T)
    assert max(np.abs(g).max() for g in dW + db) < 1e-3            # the slopes almost cancel
    for epochs in (100, 1000, 2000):
        Wp, Bp, _ = train(W0, B0, XOR_X, XOR_T, 3.0, epochs)
        ys = forward(Wp, Bp, XOR_X)
        assert all(np.all((y > 0.1) & (y < 0.9)) for y in ys[1:3])


def test_small_learning_rate_plateau():
    """ "At η = 0.5 the plateau lasts until about epoch 13,000." """
    W0, B0 = seed_params(0)
    _, _, errors = train(W0, B0, XOR_X, XOR_T, 0.5, 15000)
    assert np.all(np.abs(errors[1000:12001] - 0.125) < 0.001)
    assert errors[13000] > 0.12 and errors[15000] < 0.1


def test_the_trainer_shows_the_same_run():
    """The widget's "3000 epochs from code" is the run above: E = 0.00085 after 3000 epochs."""
    trainer = l05.trainer()
    trainer.train_and_show(3000)
    W0, B0 = seed_params(0)
    _, _, errors = train(W0, B0, XOR_X, XOR_T, 3.0, 3000)
    assert trainer.errors[-1] == pytest.approx(errors[-1], rel=1e-9)
    assert "4 of 4 examples" in trainer.texts["progress"].value


def test_try_two_moons_seeds():
    """ "On the two moons many seeds get stuck with 87 of 100 right …: with η = 3 seed 0 is still there
    after 3,000 epochs. Press new weights with another seed: seed 6 with η = 5 gets all 100 right within
    3,000 epochs." """
    trainer = l05.trainer()
    trainer.set(**{"data set": "two moons"})
    trainer.train_and_show(3000)
    assert "87 of 100 examples" in trainer.texts["progress"].value
    trainer.set(seed=6, lr=5.0)
    trainer.click("reset")
    trainer.train_and_show(3000)
    assert "100 of 100 examples" in trainer.texts["progress"].value
    stuck = 0
    x, t = bplib.two_class(n=100, noise=0.1, seed=0)
    for seed in range(6):                                         # "many seeds": 0 to 5 all stuck
        Ws, Bs = seed_params(seed)
        Ws, Bs, _ = train(Ws, Bs, x, t, 3.0, 1000)
        stuck += int(np.sum((forward(Ws, Bs, x)[3] > 0.5) == (t > 0.5))) == 87
    assert stuck == 6


# ---- the exercises' worked solutions ----------------------------------------------------------------
def test_worked_solutions_of_exercises_1_and_2():
    """ "f′(s₂⁽²⁾) = 0.5806·(1 − 0.5806) = 0.2435. So δ₂⁽²⁾ = 0.2435·(−0.6)·0.1428 = −0.02086";
    "δ₂⁽²⁾·y₃⁽¹⁾ = (−0.02086)·0.4182 = −0.008726 … Δw₂₃⁽²⁾ = 0.004363. The weight grows from 0.7 to
    0.7044." """
    x = np.array([0.6, 0.1])
    ys = forward(W, B, x)
    assert ys[2][1] == pytest.approx(0.5806, abs=5e-5) and ys[1][2] == pytest.approx(0.4182, abs=5e-5)
    fp = ys[2][1] * (1 - ys[2][1])
    d3 = ys[3][0] * ys[3][0] * (1 - ys[3][0])
    assert fp == pytest.approx(0.2435, abs=5e-5) and d3 == pytest.approx(0.1428, abs=5e-5)
    d22 = fp * -0.6 * d3
    assert d22 == pytest.approx(-0.02086, abs=5e-6)
    assert d22 * ys[1][2] == pytest.approx(-0.008726, abs=5e-7)
    assert -0.5 * d22 * ys[1][2] == pytest.approx(0.004363, abs=5e-7)
    assert 0.7 - 0.5 * d22 * ys[1][2] == pytest.approx(0.7044, abs=5e-5)
    assert l05.check_error_signal(-0.02086).correct and l05.check_weight_update(0.004363).correct


def test_worked_solution_of_exercise_3():
    """ "∂E/∂w₁₁⁽³⁾ = 0.01410 and ∂E/∂w₁₁⁽¹⁾ = 0.00008537. Without the 1/N every gradient comes out
    4 times too large." """
    dW, _, _ = backprop(W, B, XOR_X, XOR_T)
    assert dW[2][0, 0] == pytest.approx(0.01410, abs=5e-6)
    assert dW[0][0, 0] == pytest.approx(0.00008537, abs=5e-9)
    summed = [sum(backprop(W, B, XOR_X[n], XOR_T[n])[0][l] for n in range(4)) for l in range(3)]
    assert all(np.allclose(s, 4 * g) for s, g in zip(summed, dW))
