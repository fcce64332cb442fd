"""Every number and every "try this" in the text of notebooks/03_one_neuron.ipynb, checked.

Each test quotes the sentence it checks. Numbers are recomputed here with plain
numpy (own sigmoid, own delta-rule loop), not by calling the code that printed
them; a "try this" is done on the widget exactly as the text says, and the
promised effect is checked on what the widget shows.
"""

import numpy as np
import pytest

from bplib.lessons import l03

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {"AND": np.array([0.0, 0.0, 0.0, 1.0]), "OR": np.array([0.0, 1.0, 1.0, 1.0]),
         "XOR": np.array([0.0, 1.0, 1.0, 0.0])}


def sig(s):
    return 1.0 / (1.0 + np.exp(-np.asarray(s, dtype=float)))


def table_error(w, b, t, f=sig):
    """E = (1/N) Σₙ ½ (yₙ − tₙ)² over the four gate points."""
    return float(np.mean(0.5 * (f(X @ np.asarray(w) + b) - t) ** 2))


def online_epochs(w, b, t, lr, epochs, f=sig, df=None):
    """The delta rule, one update per sample, written out independently of bplib."""
    df = df or (lambda s: sig(s) * (1 - sig(s)))
    w = np.array(w, dtype=float)
    for _ in range(epochs):
        for xn, tn in zip(X, t):
            s = xn @ w + b
            delta = (f(s) - tn) * df(s)
            w, b = w - lr * delta * xn, b - lr * delta
    return w, b


def slope(f, s, eps=1e-6):
    return (f(s + eps) - f(s - eps)) / (2 * eps)


# -- section 2: activations and their slopes ------------------------------------------------
def test_slope_table_formulas_by_nudging():
    """Table: identity slope 1; sigmoid σ(s)(1 − σ(s)) = y(1 − y); tanh 1 − tanh²(s) = 1 − y²;
    ReLU 1 where s > 0, 0 where s ≤ 0; σ(0) = ½."""
    s = np.linspace(-5, 5, 41)
    assert slope(lambda u: u, s) == pytest.approx(np.ones_like(s), abs=1e-6)
    y = sig(s)
    assert slope(sig, s) == pytest.approx(y * (1 - y), abs=1e-8)
    assert slope(np.tanh, s) == pytest.approx(1 - np.tanh(s) ** 2, abs=1e-8)
    relu = lambda u: np.maximum(u, 0.0)
    assert slope(relu, np.array([-2.0, -0.5, 0.5, 2.0])) == pytest.approx([0, 0, 1, 1], abs=1e-6)
    assert sig(0.0) == 0.5


def test_sigmoid_slope_at_most_a_quarter_and_small_far_out():
    """"Note how small the sigmoid's slope is: never more than ¼, and almost 0 far from s = 0." """
    s = np.linspace(-20, 20, 40001)
    d = sig(s) * (1 - sig(s))
    assert d.max() == pytest.approx(0.25, abs=1e-12) and s[d.argmax()] == pytest.approx(0.0, abs=1e-9)
    assert d[np.abs(s) >= 6].max() < 0.0025


def test_derivation_number_at_one_and_a_half():
    """"Section 1's neuron has s = 1.5 and y = 0.8176, so σ′(1.5) = 0.8176 · 0.1824 = 0.1491. Nudging s
    to 1.501 and 1.499 and dividing the change in y by 0.002 gives the same 0.1491." Also, in section 4:
    "the neuron of section 1 (s = 1.5, y = 0.8176)"."""
    s = 2.0 * 1 + (-1.0) * 1 + 0.5
    assert s == 1.5
    y = sig(s)
    assert round(y, 4) == 0.8176 and round(1 - y, 4) == 0.1824
    assert round(y * (1 - y), 4) == 0.1491
    assert round((sig(1.501) - sig(1.499)) / 0.002, 4) == 0.1491
    # tanh′(0) = 1 ("which is 1 at s = 0")
    assert slope(np.tanh, 0.0) == pytest.approx(1.0, abs=1e-9)


# -- section 3: the plane -------------------------------------------------------------------
def test_half_points():
    """"(For identity and ReLU, y = ½ where s = ½; for tanh where s = 0.549: still a straight line.)" """
    assert round(float(np.arctanh(0.5)), 3) == 0.549
    assert np.tanh(0.5493) == pytest.approx(0.5, abs=1e-4)
    demo = l03.neuron_explorer()
    demo.set(activation="tanh", w1=1.0, w2=1.0, b=0.0)
    assert "s = 0.549" in demo.texts["line"].value


def test_explorer_starts_as_and():
    """"The starting weights, w₁ = w₂ = 4 and b = −6, make an AND gate." """
    demo = l03.neuron_explorer()
    v = demo.values()
    assert (v["w1"], v["w2"], v["b"], v["gate"]) == (4.0, 4.0, -6.0, "AND")
    answers = (sig(X @ [4.0, 4.0] - 6.0) > 0.5).astype(float)
    assert answers.tolist() == GATES["AND"].tolist()
    assert "4 of 4 right" in demo.texts["points"].value


def test_try_make_or_with_b_minus_two():
    """"Try: make an OR gate (only (0, 0) should be vermilion; b = −2 does it)." """
    demo = l03.neuron_explorer()
    demo.set(gate="OR", b=-2.0)
    assert (sig(X @ [4.0, 4.0] - 2.0) > 0.5).astype(float).tolist() == GATES["OR"].tolist()
    assert "4 of 4 right" in demo.texts["points"].value
    assert demo.plane.wrong.get_offsets().shape == (0, 2)


def test_try_xor_never_all_four_on_the_sliders():
    """"Then choose XOR and try to get all four right." — no slider setting does it."""
    demo = l03.neuron_explorer(gate="XOR")
    rng = np.random.default_rng(3)
    for _ in range(300):
        w1, w2, b = np.round(rng.uniform(-10, 10, 3), 1)
        demo.set(w1=float(w1), w2=float(w2), b=float(b))
        assert "4 of 4 right" not in demo.texts["points"].value


# -- section 4: the delta rule -----------------------------------------------------------------
def test_one_epoch_is_four_updates_from_the_stated_start():
    """"One update per sample … each update starting from the weights the one before left. A gate has
    four samples, so one epoch makes four updates." and "from the trainer's starting weights
    w₁ = −0.3, w₂ = 0.4, b = 0.1 (… the demo below starts there too)"."""
    assert tuple(l03.START_W) == (-0.3, 0.4) and l03.START_B == 0.1
    demo = l03.delta_rule_trainer()
    assert "w₁ = −0.3, w₂ = 0.4, b = 0.1" in demo.texts["verdict"].value
    demo.click("step")
    assert demo.texts["updates"].value.count("<tr>") == 1 + 4
    w, b = online_epochs([-0.3, 0.4], 0.1, GATES["AND"], lr=1.0, epochs=1)
    assert demo.neuron.w == pytest.approx(w, abs=1e-12) and demo.neuron.b == pytest.approx(b, abs=1e-12)
    # …which is not one step on the whole table's mean slope (lesson 02's way)
    s = X @ [-0.3, 0.4] + 0.1
    d = (sig(s) - GATES["AND"]) * sig(s) * (1 - sig(s))
    assert not np.allclose(w, np.array([-0.3, 0.4]) - d @ X / 4)


def test_try_small_eta_is_slower():
    """"a small η (0.05), then Train: after 100 epochs the error is higher than with η = 1 — slower" """
    slow, fast = l03.delta_rule_trainer(), l03.delta_rule_trainer()
    slow.set(lr=0.05)
    slow.click("train")
    fast.click("train")
    assert slow.errors[-1] > fast.errors[-1]
    w, b = online_epochs([-0.3, 0.4], 0.1, GATES["AND"], lr=0.05, epochs=100)
    assert slow.errors[-1] == pytest.approx(table_error(w, b, GATES["AND"]), abs=1e-12)


def test_try_identity_large_eta_grows():
    """"activation identity with η = 1, then Train: the error grows — the weights overshoot" """
    demo = l03.delta_rule_trainer()
    demo.set(activation="identity", lr=1.0)
    demo.click("train")
    assert demo.errors[-1] > demo.errors[0]
    assert "the error grew" in demo.texts["verdict"].value
    lin = lambda s: s
    w, b = online_epochs([-0.3, 0.4], 0.1, GATES["AND"], lr=1.0, epochs=3, f=lin, df=lambda s: 1.0)
    assert table_error(w, b, GATES["AND"], f=lin) > table_error([-0.3, 0.4], 0.1, GATES["AND"], f=lin)


def test_try_relu_large_eta_dies_and_freezes():
    """"activation ReLU with η = 1, then Step: after one epoch every sample has s ≤ 0, so y = 0 and
    f′(s) = 0 for all four. Every δ is 0, no weight moves again, and the error stays at 0.125 however
    often you press Train: the neuron has died. With η = 0.05 the same ReLU neuron learns AND" """
    demo = l03.delta_rule_trainer()
    demo.set(activation="relu", lr=1.0)
    demo.click("step")
    assert np.all(X @ demo.neuron.w + demo.neuron.b <= 0)
    assert demo.errors[-1] == pytest.approx(0.125, abs=1e-12)
    assert table_error(demo.neuron.w, demo.neuron.b, GATES["AND"], f=lambda s: np.maximum(s, 0)) == 0.125
    assert "died" in demo.texts["verdict"].value
    frozen = demo.neuron.w.copy(), demo.neuron.b
    for _ in range(3):
        demo.click("train")
    assert demo.neuron.w.tolist() == frozen[0].tolist() and demo.neuron.b == frozen[1]
    assert set(np.round(demo.errors[1:], 12)) == {0.125}
    demo.click("reset")
    demo.set(lr=0.05)
    demo.click("train")
    assert "4 of 4 right" in demo.texts["verdict"].value and "died" not in demo.texts["verdict"].value


# -- section 5: XOR ----------------------------------------------------------------------------------
def test_xor_stalls_near_an_eighth():
    """"Train on it and the error stalls near 0.125 — what a neuron gets by answering ½ everywhere" """
    t = GATES["XOR"]
    assert float(np.mean(0.5 * (0.5 - t) ** 2)) == 0.125
    w, b = online_epochs([-0.3, 0.4], 0.1, t, lr=1.0, epochs=1000)
    assert abs(table_error(w, b, t) - 0.125) < 0.002


def test_xor_outputs_near_the_threshold_one_right():
    """"Only 1 of 4 right" … "All four outputs are within 0.07 of ½, the threshold where the answer flips."
    … "here only (1, 1) comes out right." """
    t = GATES["XOR"]
    w, b = online_epochs([-0.3, 0.4], 0.1, t, lr=1.0, epochs=1000)
    y = sig(X @ w + b)
    assert np.all(np.abs(y - 0.5) < 0.07)
    right = (y > 0.5).astype(float) == t
    assert right.sum() == 1 and right.tolist() == [False, False, False, True]


def test_xor_answers_change_with_every_update():
    """"which side each one lands on changes with every update: in the last epoch the number right goes
    2, 2, 2, 1 after its four updates. At the end, only (1, 1) comes out right." """
    t = GATES["XOR"]
    w, b = online_epochs([-0.3, 0.4], 0.1, t, lr=1.0, epochs=999)
    counts = []
    for xn, tn in zip(X, t):
        s = xn @ w + b
        delta = (sig(s) - tn) * sig(s) * (1 - sig(s))
        w, b = w - delta * xn, b - delta
        counts.append(int(((sig(X @ w + b) > 0.5) == (t == 1)).sum()))
    assert counts == [2, 2, 2, 1]


def test_lowest_xor_error_is_an_eighth_at_zero():
    """"On XOR the lowest error one neuron can reach is E = 0.125, with every output exactly ½
    (w₁ = w₂ = b = 0)." Grid search, then gradient descent from random starts."""
    t = GATES["XOR"]
    assert table_error([0.0, 0.0], 0.0, t) == 0.125
    g = np.linspace(-12, 12, 61)
    W1, W2, B = np.meshgrid(g, g, g, indexing="ij")
    S = W1[..., None] * X[:, 0] + W2[..., None] * X[:, 1] + B[..., None]
    E = np.mean(0.5 * (sig(S) - t) ** 2, axis=-1)
    assert E.min() >= 0.125 - 1e-12
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = rng.normal(0, 3, 3)
        for _ in range(2000):
            s = X @ p[:2] + p[2]
            d = (sig(s) - t) * sig(s) * (1 - sig(s)) / 4
            p = p - 2.0 * np.concatenate([d @ X, [d.sum()]])
        assert table_error(p[:2], p[2], t) >= 0.125 - 1e-9


def test_best_line_three_of_four_with_higher_error():
    """"with the weights drawn below, the best line gets 3 of 4 right with E = 0.126" and
    "`best_line` tries lines in 720 directions …: for XOR the best gets 3 of 4." """
    from bplib.neuron import best_line

    t = GATES["XOR"]
    right, w, b = best_line(X, t)
    drawn_w, drawn_b = 8.0 * w, 8.0 * b          # plot_best_lines(scale=8)
    assert ((sig(X @ drawn_w + drawn_b) > 0.5) == (t == 1)).sum() == 3
    assert round(table_error(drawn_w, drawn_b, t), 3) == 0.126
    titles = [ax.get_title() for ax in l03.plot_best_lines().axes]
    assert "XOR: at best 3 of 4 right" in titles
    # Independently: 20,000 random lines never get more than 3 of 4 XOR points; AND and OR get 4.
    rng = np.random.default_rng(1)
    P = rng.normal(size=(20000, 3))
    side = (X @ P[:, :2].T + P[:, 2]) > 0
    for gate, best in (("XOR", 3), ("AND", 4), ("OR", 4)):
        n_right = (side == (GATES[gate] == 1)[:, None]).sum(axis=0)
        assert n_right.max() == best, gate


# -- the exercise's worked solutions --------------------------------------------------------------
def test_worked_solution_numbers():
    """(a) s = 1.5 − 1 + 0.5 = 1. (b) e^(−1) = 0.3679, y = 1/1.3679 = 0.7311.
    (c) f′(s) = 0.7311 · 0.2689 = 0.1966, δ = 0.7311 · 0.1966 = 0.1437.
    (d) η·δ·x₂ = 0.5 · 0.1437 · 0.5 = 0.0359, new w₂ = −2.0359; slips: x₁ gives −2.0719, f′ = ¼ gives −2.0457."""
    s = 1.5 * 1 + (-2.0) * 0.5 + 0.5
    assert s == 1.0
    assert round(np.exp(-1), 4) == 0.3679 and round(1 + np.exp(-1), 4) == 1.3679
    y = sig(s)
    assert round(y, 4) == 0.7311 and round(1 - y, 4) == 0.2689
    d = y * (1 - y)
    assert round(d, 4) == 0.1966
    delta = (y - 0) * d
    assert round(delta, 4) == 0.1437
    change = 0.5 * delta * 0.5
    assert round(change, 4) == 0.0359 and round(-2 - change, 4) == -2.0359
    assert round(-2 - 0.5 * delta * 1.0, 4) == -2.0719
    assert round(-2 - 0.5 * (y * 0.25) * 0.5, 4) == -2.0457
    # The checkers take the worked solution's rounded values and refuse the slips.
    assert l03.check_s(1.0) and l03.check_y(0.7311) and l03.check_delta(0.1437)
    assert l03.check_new_w2(-2.0359)
    assert not l03.check_new_w2(-2.0719) and not l03.check_new_w2(-2.0457)


def test_buttons_and_best_line_search_as_described():
    """"Step runs one epoch (four updates), Train a hundred" and "`best_line` tries lines in 720 directions
    and every position between the points" """
    import inspect

    from bplib.neuron import best_line

    demo = l03.delta_rule_trainer()
    demo.click("step")
    assert len(demo.errors) == 2 and len(demo.last_epoch) == 4
    demo.click("train")
    assert len(demo.errors) == 2 + 100
    assert inspect.signature(best_line).parameters["n_directions"].default == 720
