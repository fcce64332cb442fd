"""Lesson 04, the chain rule (bplib.lessons.l04): the chain by hand and by perturbation, the demo, the cost.

The chain: x → neuron 1 → neuron 2 → y₂, both sigmoid, E = ½(y₂ − t)².
"""

import math

import numpy as np
import pytest

import bplib
from bplib.lessons import l04
from tests.screen import problems


def sigmoid(s):
    return 1 / (1 + math.exp(-s))


def chain_error(x, t, w1, b1, w2, b2):
    """E of the chain, written out independently of bplib."""
    return 0.5 * (sigmoid(w2 * sigmoid(w1 * x + b1) + b2) - t) ** 2


# -- the chain, by hand ----------------------------------------------------------------------------
def test_chain_forward_and_backward_by_hand():
    # x = 1.5, t = 0, w₁ = 0.8, b₁ = −0.4, w₂ = 1.2, b₂ = 0.2
    # forward:  s₁ = 0.8·1.5 − 0.4 = 0.8           y₁ = 1/(1 + e^−0.8) = 1/1.449329 = 0.689974
    #           s₂ = 1.2·0.689974 + 0.2 = 1.027969  y₂ = 1/(1 + e^−1.027969) = 1/1.357737 = 0.736522
    #           E = ½·0.736522² = 0.271232
    # backward: dE/dy₂ = y₂ − t = 0.736522
    #           δ₂ = 0.736522 · y₂(1 − y₂) = 0.736522 · 0.194058 = 0.142927
    #           dE/dw₂ = δ₂·y₁ = 0.142927 · 0.689974 = 0.098616;  dE/db₂ = δ₂
    #           dE/dy₁ = δ₂·w₂ = 0.142927 · 1.2 = 0.171513
    #           δ₁ = 0.171513 · y₁(1 − y₁) = 0.171513 · 0.213908 = 0.036688
    #           dE/dw₁ = δ₁·x = 0.036688 · 1.5 = 0.055032;  dE/db₁ = δ₁
    v = l04.chain_values(**l04.START)
    assert list(v) == [key for key, _, _ in l04.STEPS]
    hand = {"s1": 0.8, "y1": 0.689974, "s2": 1.027969, "y2": 0.736522, "E": 0.271232,
            "dy2": 0.736522, "ds2": 0.142927, "dw2": 0.098616, "db2": 0.142927,
            "dy1": 0.171513, "ds1": 0.036688, "dw1": 0.055032, "db1": 0.036688}
    for key, value in hand.items():
        assert v[key] == pytest.approx(value, abs=1e-6), key
    # The same to 1e-9, from the formulas evaluated with math instead of bplib.
    y1 = sigmoid(0.8)
    y2 = sigmoid(1.2 * y1 + 0.2)
    ds2 = y2 * y2 * (1 - y2)
    ds1 = ds2 * 1.2 * y1 * (1 - y1)
    exact = {"y1": y1, "y2": y2, "E": 0.5 * y2 ** 2, "ds2": ds2, "dw2": ds2 * y1, "ds1": ds1, "dw1": ds1 * 1.5}
    for key, value in exact.items():
        assert v[key] == pytest.approx(value, abs=1e-12), key


@pytest.mark.parametrize("values", [
    l04.START, l04.EXERCISE,
    {"x": -1.7, "t": 0.9, "w1": 3.1, "b1": -2.2, "w2": -0.6, "b2": 1.4},
    {"x": 0.0, "t": 0.3, "w1": -4.0, "b1": 4.0, "w2": 4.0, "b2": -4.0},
])
def test_chain_gradients_agree_with_perturbation(values):
    v = l04.chain_values(**values)
    eps = 1e-5
    for name in ("w1", "b1", "w2", "b2"):
        up, down = dict(values), dict(values)
        up[name] += eps
        down[name] -= eps
        measured = (chain_error(**up) - chain_error(**down)) / (2 * eps)
        assert v["d" + name] == pytest.approx(measured, abs=1e-9), name


def test_chain_network_is_the_same_chain():
    v = l04.chain_values(**l04.START)
    net = l04.chain_network(l04.START["w1"], l04.START["b1"], l04.START["w2"], l04.START["b2"])
    (dW1, dW2), (db1, db2) = net.backward([l04.START["x"]], [l04.START["t"]])
    assert net.s[0][0] == pytest.approx(v["s1"], abs=1e-12) and net.y[1][0] == pytest.approx(v["y2"], abs=1e-12)
    assert net.delta[1][0] == pytest.approx(v["ds2"], abs=1e-12)
    assert net.delta[0][0] == pytest.approx(v["ds1"], abs=1e-12)
    for ours, theirs in ((v["dw1"], dW1), (v["dw2"], dW2), (v["db1"], db1), (v["db2"], db2)):
        assert theirs.ravel()[0] == pytest.approx(ours, abs=1e-12)
    report = bplib.compare_gradients(net.backward([1.5], [0.0]), bplib.perturbation_gradients(net, [1.5], [0.0]))
    assert report.agree


def test_hidden_layer_backward_by_hand_matches_network():
    # The notebook's hand-made backward pass for Network([2, 2, 1]), as written there.
    net = bplib.Network([2, 2, 1], seed=0)
    x, t = np.array([1.0, 1.0]), np.array([0.0])
    net.forward(x)
    ds2 = (net.y[1] - t) * bplib.sigmoid_prime(net.s[1])
    dW2 = np.outer(ds2, net.y[0])
    ds1 = (ds2 @ net.weights[1]) * bplib.sigmoid_prime(net.s[0])
    dW1 = np.outer(ds1, x)
    dW, db = net.backward(x, t)
    for line in (l04.cmp("dW2", dW2, dW[1]), l04.cmp("dW1", dW1, dW[0]), l04.cmp("δ₁", ds1, net.delta[0])):
        assert line.endswith("exact: True   close: True"), line
    assert ds1 == pytest.approx(db[0], abs=0)


def test_cmp():
    assert l04.cmp("dw", [1.0, 2.0], [1.0, 2.0]) == "dw    exact: True   close: True"
    assert l04.cmp("dw", [1.0, 2.0], [1.0, 2.0 + 1e-12]) == "dw    exact: False  close: True"
    assert l04.cmp("dw", [1.0, 2.0], [1.0, 2.1]) == "dw    exact: False  close: False"
    with pytest.raises(ValueError, match=r"dw: ours has shape \(2,\), the reference \(3,\)"):
        l04.cmp("dw", [1.0, 2.0], [1.0, 2.0, 3.0])


# -- the demo ----------------------------------------------------------------------------------------
def test_chain_explorer_shows_every_quantity():
    demo = l04.chain_explorer()
    table = demo.texts["values"].value
    for _, symbol, formula in l04.STEPS:
        assert symbol in table and formula in table
    # The hand numbers of test_chain_forward_and_backward_by_hand, to four significant digits (bplib.fmt).
    for number in ("0.69", "0.7365", "0.2712", "0.1429", "0.09862", "0.1715", "0.03669", "0.05503"):
        assert f">{number}<" in table, number


def test_chain_explorer_forward_and_backward_in_one_table_row_by_row():
    # issue 12: one table, every row a quantity with its formula and its value, in computing order
    import re
    table = l04.chain_explorer().texts["values"].value
    assert table.count("<table") == 1
    rows = re.findall(r"<tr>(.*?)</tr>", table)[1:]
    assert len(rows) == len(l04.STEPS)
    for row, (_, symbol, formula) in zip(rows, l04.STEPS):
        assert symbol in row and formula in row and len(re.findall(r"<td ", row)) == 4


def test_chain_explorer_tangents_have_the_backprop_slopes():
    demo = l04.chain_explorer()
    demo.set(w1=-1.3, b2=0.5, x=0.7, t=1.0)
    v = l04.chain_values(**{k: demo.values()[k] for k in ("x", "t", "w1", "b1", "w2", "b2")})
    for k, name in enumerate(("w1", "w2")):
        (a, b), (ea, eb) = demo.tangents[k].get_data()
        assert (eb - ea) / (b - a) == pytest.approx(v["d" + name], abs=1e-12)
        xs, Es = demo.curves[k].get_data()
        here = np.interp(demo.values()[name], xs, Es)
        assert here == pytest.approx(v["E"], abs=1e-3)  # the dot sits on the curve


def test_step_goes_downhill_and_reset_returns():
    demo = l04.chain_explorer(lr=2.0)
    E0 = l04.chain_values(**l04.START)["E"]
    before = demo.values()
    v = l04.chain_values(**l04.START)
    demo.click("step")
    after = demo.values()
    for name in ("w1", "b1", "w2", "b2"):
        assert after[name] == pytest.approx(before[name] - 2.0 * v["d" + name], abs=1e-12)
    for _ in range(9):
        demo.click("step")
    assert "10 step(s)" in demo.texts["verdict"].value
    assert demo.chain()["E"] < E0
    demo.click("reset")
    assert {k: demo.values()[k] for k in ("w1", "b1", "w2", "b2")} == {k: l04.START[k] for k in ("w1", "b1", "w2", "b2")}
    assert "step(s)" not in demo.texts["verdict"].value
    assert problems(demo) == []


def test_steps_stay_on_the_sliders_and_finite():
    demo = l04.chain_explorer()
    demo.set(lr=10.0, x=2.0, t=1.0, w1=-4.0, w2=-4.0)
    for _ in range(30):
        demo.click("step")
        assert problems(demo) == []
        assert all(-4.0 <= demo.values()[k] <= 4.0 for k in ("w1", "b1", "w2", "b2"))


# -- the cost ------------------------------------------------------------------------------------------
def test_pass_counts():
    # [2, 2, 1]: 4 + 2 + 2 + 1 = 9 parameters; [3, 4, 1]: 12 + 4 + 4 + 1 = 21
    records = l04.time_gradients([[2, 2, 1], [3, 4, 1]], repeats=1)
    assert [r["n_params"] for r in records] == [9, 21]
    assert [r["perturbation"]["passes"]["forward"] for r in records] == [18, 42]
    assert all(r["backpropagation"]["passes"] == {"forward": 1, "backward": 1} for r in records)
    assert all(0 < r["backpropagation"]["seconds"] < 1 and 0 < r["perturbation"]["seconds"] < 10 for r in records)
    table = l04.cost_table(records)
    assert "18 forward passes" in table and "42 forward passes" in table and "1 forward + 1 backward" in table


def test_cost_sizes_span_ten_to_five_thousand_weights():
    n = [bplib.Network(s).n_params for s in l04.COST_SIZES]
    assert n[0] < 10 < n[1] and 4000 < n[-1] <= 5100 and n == sorted(n)


def test_plot_cost_is_log_log():
    fig = l04.plot_cost(l04.time_gradients([[2, 2, 1], [4, 4, 1]], repeats=1))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 2


# -- exercise ---------------------------------------------------------------------------------------
# x = 2, t = 1, w₁ = −0.5, b₁ = 0.5, w₂ = 2, b₂ = −1:
# s₁ = −1 + 0.5 = −0.5, y₁ = 1/(1 + e^0.5) = 0.377541; s₂ = 2·0.377541 − 1 = −0.244919, y₂ = 0.439075
# dE/dy₂ = −0.560925; δ₂ = −0.560925 · 0.439075 · 0.560925 = −0.138149
# dE/dy₁ = δ₂·w₂ = −0.276299; δ₁ = −0.276299 · 0.377541 · 0.622459 = −0.064931; dE/dw₁ = δ₁·x = −0.129862
@pytest.mark.parametrize("checker, right, wrong, says", [
    (l04.check_dy1, -0.276299, 0.276299, "wrong sign"),
    (l04.check_delta1, -0.064931, -0.276299, "Hint"),        # forgot f′(s₁)
    (l04.check_dw1, -0.129862, -0.064931, "Hint"),           # forgot x
])
def test_checkers(checker, right, wrong, says):
    assert checker(right).correct and "Right" in str(checker(right))
    assert checker(right * 1.004).correct                      # from four-decimal numbers: close enough
    feedback = checker(wrong)
    assert not feedback.correct and says in str(feedback)
    assert "Not answered yet" in str(checker(None)) and not checker(None).correct


def test_exercise_prints_what_is_needed(capsys):
    l04.show_exercise()
    out = capsys.readouterr().out
    assert "y⁽¹⁾ = 0.3775" in out and "w⁽²⁾ = 2" in out and "δ⁽²⁾ = ∂E/∂y⁽²⁾ · y⁽²⁾(1 − y⁽²⁾) = −0.1381" in out
    # The learner's δ₁ from the printed (rounded) numbers is within the checker's tolerance.
    assert l04.check_delta1(-0.1381 * 2 * 0.3775 * (1 - 0.3775)).correct


# -- fan-out: one hidden neuron feeding two ------------------------------------------------------
def fanout_error(x, t, w1, b1, w2, b2):
    """E = Σₖ ½(y⁽²⁾ₖ − tₖ)² of the fan-out, written out independently of bplib."""
    y1 = sigmoid(w1 * x + b1)
    return sum(0.5 * (sigmoid(w2[k] * y1 + b2[k]) - t[k]) ** 2 for k in range(2))


@pytest.mark.parametrize("values", [
    {"x": 1.5, "t": [0.0, 1.0], "w1": 0.8, "b1": -0.4, "w2": [1.2, -0.7], "b2": [0.2, 0.1]},
    l04.FANOUT_EXERCISE,
])
def test_fanout_gradient_is_the_sum_of_both_paths(values):
    v = l04.fanout_values(**values)
    eps = 1e-6
    up, down = dict(values, w1=values["w1"] + eps), dict(values, w1=values["w1"] - eps)
    measured = (fanout_error(**up) - fanout_error(**down)) / (2 * eps)
    assert v["dw1"] == pytest.approx(measured, abs=1e-9)
    assert v["dy1"] == pytest.approx(sum(v["paths"]), abs=0)
    net = l04.fanout_network(values["w1"], values["b1"], values["w2"], values["b2"])
    (dW1, _), _ = net.backward([values["x"]], values["t"])
    assert dW1[0, 0] == pytest.approx(v["dw1"], abs=1e-12)
    assert net.delta[0][0] == pytest.approx(v["ds1"], abs=1e-12)


# x = 2, w⁽¹⁾ = −0.5, b⁽¹⁾ = 0.5: y⁽¹⁾ = 0.377541, f′(s⁽¹⁾) = 0.235004
# output 1 (w = 2, b = −1, t = 1): δ = −0.138149; output 2 (w = 1.5, b = −0.5, t = 0): y = 0.516572, δ = 0.129001
# ∂E/∂y⁽¹⁾ = 2·(−0.138149) + 1.5·0.129001 = −0.276299 + 0.193502 = −0.082797
# δ⁽¹⁾ = −0.082797 · 0.235004 = −0.019458;  ∂E/∂w⁽¹⁾ = δ⁽¹⁾ · 2 = −0.038915
@pytest.mark.parametrize("checker, right, wrongs", [
    (l04.check_fanout_dy1, -0.082797, [-0.276299, 0.193502, -0.082797 * 0.235004]),  # one path only; or f′ too
    (l04.check_fanout_dw1, -0.038915, [-0.129862, -0.019458, -0.082797 * 2]),        # one path; no x; no f′
])
def test_fanout_checkers(checker, right, wrongs):
    assert checker(right).correct and checker(right * 1.004).correct
    for wrong in wrongs:
        feedback = checker(wrong)
        assert not feedback.correct and "Hint" in str(feedback), wrong
    assert "Not answered yet" in str(checker(None))


def test_fanout_exercise_prints_what_is_needed(capsys):
    l04.show_fanout_exercise()
    out = capsys.readouterr().out
    assert "y⁽¹⁾ = 0.3775" in out and "δ⁽²⁾₁ = −0.1381" in out and "δ⁽²⁾₂ = 0.129\n" in out
    assert "w⁽²⁾₂ = 1.5" in out and "t₂ = 0" in out
    # From the printed (rounded) numbers the learner's answers are within the checkers' tolerance.
    dy1 = 2 * -0.1381 + 1.5 * 0.1290
    assert l04.check_fanout_dy1(dy1).correct
    assert l04.check_fanout_dw1(dy1 * 0.3775 * (1 - 0.3775) * 2).correct


def test_slider_labels_use_layer_superscripts():
    demo = l04.chain_explorer()
    labels = {name: w.description for name, w in demo.controls.items()}
    assert labels == {"w1": "w⁽¹⁾", "b1": "b⁽¹⁾", "w2": "w⁽²⁾", "b2": "b⁽²⁾", "x": "x", "t": "t", "lr": "η"}


# -- recap ------------------------------------------------------------------------------------------
def test_recap_questions_right_answers_are_right():
    q_sum, q_slope, q_old = l04.QUESTIONS
    # Two paths: 2·0.1 + (−1)·0.3 = −0.1
    right = float(q_sum.options[q_sum.answer].replace("−", "-"))
    assert right == pytest.approx(2 * 0.1 + (-1) * 0.3)
    assert float(q_sum.options[0]) == pytest.approx(2 * 0.1)        # the one-path slip is offered, and wrong
    # sigmoid′(0) = ¼, measured by nudging
    measured = (sigmoid(1e-6) - sigmoid(-1e-6)) / 2e-6
    assert float(q_slope.options[q_slope.answer]) == pytest.approx(measured, abs=1e-9)
    # Step computes all gradients from the old weights: the demo's step equals old − η·(gradient at old)
    assert q_old.options[q_old.answer].startswith("The old weights")
    demo = l04.chain_explorer(lr=5.0)
    old = {k: demo.values()[k] for k in ("w1", "b1", "w2", "b2")}
    v = l04.chain_values(**l04.START)
    demo.click("step")
    for name in old:
        assert demo.values()[name] == pytest.approx(old[name] - 5.0 * v["d" + name], abs=1e-12)
    for q in l04.QUESTIONS:
        assert q.options[q.answer] not in q.nudge


def test_recap_widget():
    box = l04.recap()
    assert len(box.children) == 1 + len(l04.QUESTIONS)
    q = box.children[1]
    q.buttons.value = q.question.options[0]
    assert "Not quite" in q.verdict.value
