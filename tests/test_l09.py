"""Lesson 09, automatic differentiation (bplib.lessons.l09): the chain as a graph, the graph walk, the network
in Values, the three ways to get every gradient, the exercises' checkers, and the PyTorch bridge.

Gradients are checked against references written here: the chain's derivatives worked with ``math``, a
numpy backpropagation of BP1–BP4, and central differences.
"""

import math

import numpy as np
import pytest

import bplib
from bplib.autograd import Value
from bplib.lessons import l05, l09
from tests.figure_audit import audit
from tests.sweep import assert_sweep
from tests.screen import problems


def sig(a):
    return 1 / (1 + math.exp(-a))


# -- the chain as a graph --------------------------------------------------------------------------
def test_chain_in_values_gives_the_chains_derivatives_worked_with_math():
    v = l09.chain_in_values()
    v["E"].backward()
    x, t, w1, b1, w2, b2 = 1.5, 0.0, 0.8, -0.4, 1.2, 0.2
    y1 = sig(w1 * x + b1)
    y2 = sig(w2 * y1 + b2)
    d2 = (y2 - t) * y2 * (1 - y2)
    d1 = w2 * d2 * y1 * (1 - y1)
    assert v["E"].data == pytest.approx(0.5 * (y2 - t) ** 2, abs=1e-15)
    for name, hand in [("s2", d2), ("s1", d1), ("w2", d2 * y1), ("b2", d2), ("w1", d1 * x), ("b1", d1),
                       ("x", d1 * w1), ("t", -(y2 - t)), ("y1", w2 * d2), ("e", y2 - t), ("e2", 0.5)]:
        assert v[name].grad == pytest.approx(hand, abs=1e-15), name
    assert set(v) == set(l09.LABELS) == set(l09.PLACES)


def test_backward_steps_end_where_backward_ends_and_add_on_the_way():
    v = l09.chain_in_values()
    steps = l09.backward_steps(v["E"])
    assert [node.op for node, _ in steps] == ["×", "**2", "−", "σ", "+", "×", "σ", "+", "×"]
    v["E"].backward()
    final = steps[-1][1]
    for key, node in v.items():
        assert final[id(node)] == node.grad, key
    # a reused Value: y = x·x + x at 3 — after the + step x holds 1, after the × step 1 + 3 + 3
    x = Value(3.0)
    y = x * x + x
    (_, after_add), (_, after_mul) = l09.backward_steps(y)
    assert after_add[id(x)] == 1.0 and after_mul[id(x)] == 7.0


# -- the graph walk ---------------------------------------------------------------------------------
def test_graph_walk_sweep():
    demo = l09.graph_walk()
    assert problems(demo) == []
    assert assert_sweep(demo, n=60) >= 60


def test_graph_walk_shows_every_value_and_each_gradient_as_it_arrives():
    demo = l09.graph_walk()
    n = demo.controls["step"].max
    assert n == len(demo.steps) == 9
    for key, node in demo.v.items():
        assert demo.value_texts[key].get_text() == bplib.fmt.fmt(node.data, 3)
        assert demo.grad_texts[key].get_text() == "?"
    for k in range(1, n + 1):
        demo.set(step=k)
        received = demo.steps[k - 1][1]
        for key, node in demo.v.items():
            shown = demo.grad_texts[key].get_text()
            assert shown == ("?" if id(node) not in received else bplib.fmt.fmt(received[id(node)], 3)), (k, key)
        assert f"Step {k} of {n}" in demo.texts["explain"].value
        assert audit(demo.fig) == [], f"step {k}"
        assert problems(demo) == []
    assert "Every gradient is now complete" in demo.texts["explain"].value
    assert all(demo.grad_texts[key].get_text() != "?" for key in demo.v)


def test_only_the_current_node_and_its_input_edges_are_highlighted():
    demo = l09.graph_walk(step=5)
    current = demo.steps[4][0]
    outlined = [key for key, box in demo.boxes.items() if box.get_linewidth() == 3.0]
    assert outlined == [demo.names[id(current)]] == ["s2"]
    hot = [(p, c) for (p, c), line in demo.edges.items() if line.get_linewidth() == 3.0]
    assert sorted(demo.names[p] for p, c in hot) == ["b2", "w2y1"] and all(c == id(current) for _, c in hot)


def test_next_and_back_move_one_step_and_stop_at_the_ends():
    demo = l09.graph_walk()
    demo.click("back")
    assert demo.values()["step"] == 0
    for k in range(1, 12):
        demo.click("next")
        assert demo.values()["step"] == min(k, 9)
    demo.click("back")
    assert demo.values()["step"] == 8 and "Step 8 of 9" in demo.texts["explain"].value
    assert problems(demo) == []


# -- the network in Values ----------------------------------------------------------------------------
def numpy_backprop(Ws, bs, x, t):
    """BP1–BP4 for one example, with plain numpy (independent of bplib)."""
    ys, ss = [np.asarray(x, float)], []
    for W, b in zip(Ws, bs):
        ss.append(W @ ys[-1] + b)
        ys.append(1 / (1 + np.exp(-ss[-1])))
    deltas = [(ys[-1] - t) * ys[-1] * (1 - ys[-1])]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, ys[l] * (1 - ys[l]) * (Ws[l].T @ deltas[0]))
    return [np.outer(d, y) for d, y in zip(deltas, ys[:-1])], deltas


@pytest.mark.parametrize("sizes, seed", [([2, 3, 2, 1], 0), ([2, 3, 2, 1], 7), ([3, 4, 2], 1), ([1, 1, 1], 2)])
def test_value_gradients_equal_network_backward_and_numpy(sizes, seed):
    net = bplib.Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    x, t = rng.normal(size=sizes[0]), rng.random(sizes[-1])
    dW, db = l09.value_gradients(net, x, t)
    bW, bb = net.backward(x, t)
    nW, nd = numpy_backprop(list(net.weights), list(net.biases), x, t)
    for l in range(len(sizes) - 1):
        assert np.max(np.abs(dW[l] - bW[l])) < 1e-12 and np.max(np.abs(db[l] - bb[l])) < 1e-12
        assert np.max(np.abs(dW[l] - nW[l])) < 1e-12 and np.max(np.abs(db[l] - nd[l])) < 1e-12
    assert bplib.compare_gradients((dW, db), (bW, bb)).largest_difference < 1e-12


def test_adder_nodes_hold_the_deltas():
    net = l05.example_network()
    E, W, b, s = l09.network_in_values(net, l05.EXAMPLE_X, [l05.EXAMPLE_T])
    E.backward()
    _, deltas = numpy_backprop(list(net.weights), list(net.biases), np.array(l05.EXAMPLE_X), np.array([1.0]))
    for l in range(3):
        assert np.allclose([v.grad for v in s[l]], deltas[l], rtol=0, atol=1e-15)
        assert np.allclose([v.grad for v in b[l]], deltas[l], rtol=0, atol=1e-15)   # BP4
    assert [len(layer) for layer in W] == [3, 2, 1]


def test_largest_difference_is_the_largest_absolute_difference_of_one_parameter():
    a = ([np.array([[1.0, 2.0]])], [np.array([0.5])])
    b = ([np.array([[1.0, 2.5]])], [np.array([0.25])])
    assert bplib.compare_gradients(a, b).largest_difference == 0.5
    assert bplib.compare_gradients(a, a).largest_difference == 0.0


# -- three ways to get every gradient -----------------------------------------------------------------
def test_three_methods_agree_with_independent_perturbation_and_count_their_passes():
    records = l09.count_passes([[2, 2, 1], [3, 4, 2]], repeats=1)
    for r in records:
        net = bplib.Network(r["sizes"], seed=0)
        rng = np.random.default_rng(0)
        x, t = rng.normal(size=r["sizes"][0]), rng.random(r["sizes"][-1])
        bW, bb = net.backward(x, t)
        flat = np.concatenate([w.ravel() for w in bW] + [v.ravel() for v in bb])
        rev, fwd, per = (np.array(r[name]["grads"]) for name in l09.METHODS)
        assert np.max(np.abs(rev - flat)) < 1e-12 and np.max(np.abs(fwd - flat)) < 1e-12
        assert np.max(np.abs(per - flat)) < 1e-8
        n = r["n_params"]
        assert [r[name]["passes"] for name in l09.METHODS] == [
            {"forward": 1, "backward": 1}, {"forward": n, "backward": 0}, {"forward": 2 * n, "backward": 0}]
        assert all(r[name]["seconds"] > 0 for name in l09.METHODS)
    assert [r["n_params"] for r in records] == [9, 3 * 4 + 4 + 4 * 2 + 2]


def test_passes_table_and_plot():
    records = l09.count_passes([[2, 2, 1], [4, 4, 1]], repeats=1)
    table = l09.passes_table(records)
    assert "1 forward + 1 backward" in table and "25 forward passes" in table and "50 forward passes" in table
    fig = l09.plot_modes(records)
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log" and len(ax.get_lines()) == 3
    assert [text.get_text() for text in ax.get_legend().get_texts()] == list(l09.METHODS)
    assert audit(fig) == []


def test_dual_numbers_carry_one_derivative():
    # d/dw of σ(w·x + 1)² at w = 0.5, x = 2: 2σ·σ(1 − σ)·x
    w = l09.Dual(0.5, 1.0)
    y = (w * 2.0 + 1.0).sigmoid()
    out = y * y
    s = sig(2.0)
    assert out.value == pytest.approx(s * s, abs=1e-15)
    assert out.dot == pytest.approx(2 * s * s * (1 - s) * 2, abs=1e-15)
    assert (l09.Dual(3.0, 1.0) - 1.0).dot == 1.0 and (2.0 + l09.Dual(1.0, 1.0)).value == 3.0


# -- exercise 1: sin ---------------------------------------------------------------------------------
def make_sin(local):
    return lambda v: Value(math.sin(v.data), parents=(v,), local=(local(v.data),), op="sin")


def test_check_sin_accepts_cosine_and_refuses_the_usual_slips():
    assert l09.check_sin(make_sin(math.cos)).correct
    for wrong in (lambda u: -math.cos(u), math.sin, lambda u: 1.0):
        feedback = l09.check_sin(make_sin(wrong))
        assert not feedback.correct and "Hint" in str(feedback)
        assert "cos" not in str(feedback)          # never the answer
    assert str(l09.check_sin(make_sin(lambda u: None))).startswith("Not answered yet")
    assert str(l09.check_sin(None)).startswith("Not answered yet")


def test_check_sin_explains_broken_functions():
    def broken(v):
        raise RuntimeError("oops")

    assert "raised RuntimeError: oops" in str(l09.check_sin(broken))
    assert "should return a Value, got float" in str(l09.check_sin(lambda v: math.sin(v.data)))
    wrong_forward = lambda v: Value(math.cos(v.data), parents=(v,), local=(math.cos(v.data),))
    assert "check the forward part" in str(l09.check_sin(wrong_forward))
    text_local = make_sin(lambda u: "cos(u)")
    assert "the local derivative should be a number" in str(l09.check_sin(text_local))


# -- exercise 2: the forgetful engine ------------------------------------------------------------------
def fixed_backward(out):
    order = out.graph()
    for node in order:
        node.grad = 0.0
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def no_zeroing_backward(out):
    order = out.graph()
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def test_forgetful_engine_keeps_only_the_last_path():
    x, y = l09.reuse_expression()
    l09.backward_forgetful(y)
    assert x.grad == 3.0                      # the + path and one × path are overwritten
    x2, y2 = l09.reuse_expression()
    fixed_backward(y2)
    assert x2.grad == 7.0 == 2 * 3 + 1


def test_check_reuse_gradient():
    assert l09.check_reuse_gradient(7).correct
    feedback = l09.check_reuse_gradient(3.0)  # what the forgetful engine says
    assert not feedback.correct and "too small" in str(feedback) and "Hint" in str(feedback)
    assert "Not answered yet" in str(l09.check_reuse_gradient(None))


def test_check_backward_tells_a_fixed_engine_from_broken_ones():
    assert l09.check_backward(fixed_backward).correct
    assert l09.check_backward(Value.backward).correct
    assert "3 of the 3" in str(l09.check_backward(l09.backward_forgetful))
    assert not l09.check_backward(no_zeroing_backward).correct      # a second call adds to the first
    assert "Not answered yet" in str(l09.check_backward(None))

    def crashes(out):
        raise KeyError("x")

    assert "raised KeyError" in str(l09.check_backward(crashes))

    def leaves_text(out):
        for node in out.graph():
            node.grad = "?"

    assert "x.grad should be a number, got '?'" in str(l09.check_backward(leaves_text))


# -- recap ----------------------------------------------------------------------------------------------
def test_recap_right_answers_are_right():
    q_reuse, q_passes, q_twice = l09.QUESTIONS
    x, y = l09.reuse_expression()
    y.backward()
    assert q_reuse.options[q_reuse.answer].startswith("The sum") and x.grad == 7.0
    net = bplib.Network([30, 30, 3], seed=0)     # 1,023 parameters
    grads, passes = l09.reverse_mode(net, list(np.linspace(-1, 1, 30)), [0.0, 0.5, 1.0])
    assert len(grads) == net.n_params > 1000 and passes["backward"] == int(q_passes.options[q_passes.answer])
    a = Value(2.0)
    out = a * a
    out.backward()
    first = a.grad
    out.backward()
    assert a.grad == first and q_twice.options[q_twice.answer] == "Gives the same gradients again"
    for q in l09.QUESTIONS:
        assert q.options[q.answer] not in q.nudge


def test_recap_widget():
    box = l09.recap()
    assert len(box.children) == 1 + len(l09.QUESTIONS)
