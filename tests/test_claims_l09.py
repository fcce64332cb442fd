"""Every number and every "try this" in the text of notebooks/09_automatic_differentiation.ipynb, checked.

Each test quotes the sentence it checks. Numbers are recomputed here with plain Python and numpy (own sigmoid,
own chain, own backpropagation), not by the code that printed them; a "try this" is done on the widget as the
text says. The PyTorch bridge is run from the notebook's own cell when PyTorch is installed, and skipped with
a message otherwise.
"""

import contextlib
import io
import math
import pathlib

import nbformat
import numpy as np
import pytest

import bplib
from bplib.autograd import Value
from bplib.lessons import l05, l09

NOTEBOOK = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "09_automatic_differentiation.ipynb"
CHAIN = dict(x=1.5, t=0.0, w1=0.8, b1=-0.4, w2=1.2, b2=0.2)


def sig(a):
    return 1 / (1 + math.exp(-a))


def chain(x, t, w1, b1, w2, b2):
    """Lesson 04's chain forward and backward, written out here."""
    y1 = sig(w1 * x + b1)
    y2 = sig(w2 * y1 + b2)
    d2 = (y2 - t) * y2 * (1 - y2)
    d1 = w2 * d2 * y1 * (1 - y1)
    return dict(y1=y1, y2=y2, E=0.5 * (y2 - t) ** 2, d2=d2, d1=d1, dw1=d1 * x, dw2=d2 * y1)


def text():
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "markdown")


def code_cell(starts_with):
    cells = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells
             if c.cell_type == "code" and c.source.startswith(starts_with)]
    assert len(cells) == 1, starts_with
    return cells[0]


def test_the_sentences_checked_here_are_in_the_notebook():
    words = " ".join(text().split())
    for sentence in ["here $\\partial p/\\partial a = 3$ and $\\partial p/\\partial b = 2$",
                     "$\\delta^{(2)} = 0.1429$ and `s1.grad` is $\\delta^{(1)} = 0.03669$",
                     "sends $1 \\times 0.5 = 0.5$ to $e^2$", "has received 0.1429",
                     "go to the last step, 9: $w^{(1)}$ ends with $0.03669 \\times 1.5 = 0.05503$",
                     "$0.1715 + 0.1003 = 0.2718$", "$x = (0.35, 0.9)$, target $t = 1$",
                     "(18, 50, 162 and 578 passes for 9 to 289 parameters)", "$E = 0.083947$",
                     "by more than $10^{-16}$", "PyTorch 2.13", "compares your gradient with perturbation at five points",
                     "$1 + 3 + 3 = 7$", "take several times as long as reverse mode, a far wider gap than on the smallest", "only the last path counts: 3", "on three expressions",
                     "289 and 578 passes for the 289 parameters of $[16, 16, 1]$", "about a hundred lines"]:
        assert sentence in words, sentence


# -- sections 1 and 2 -------------------------------------------------------------------------------------
def test_product_local_derivatives():
    """"p = a·b … ∂p/∂a = b and ∂p/∂b = a … here ∂p/∂a = 3 and ∂p/∂b = 2" (a = 2, b = 3)."""
    eps = 1e-6
    assert ((2 + eps) * 3 - (2 - eps) * 3) / (2 * eps) == pytest.approx(3)
    assert (2 * (3 + eps) - 2 * (3 - eps)) / (2 * eps) == pytest.approx(2)


def test_the_chain_in_values_has_lesson_04s_numbers():
    """"Here is lesson 04's chain again, with the same numbers: x = 1.5, t = 0, w⁽¹⁾ = 0.8, b⁽¹⁾ = −0.4,
    w⁽²⁾ = 1.2, b⁽²⁾ = 0.2" … "s2.grad is δ⁽²⁾ = 0.1429 and s1.grad is δ⁽¹⁾ = 0.03669" """
    from bplib.lessons import l04

    assert l04.START == CHAIN
    c = chain(**CHAIN)
    assert (round(c["d2"], 4), round(c["d1"], 5)) == (0.1429, 0.03669)
    x, t = Value(1.5), Value(0.0)
    w1, b1, w2, b2 = Value(0.8), Value(-0.4), Value(1.2), Value(0.2)
    s1 = w1 * x + b1
    s2 = w2 * s1.sigmoid() + b2
    E = 0.5 * (s2.sigmoid() - t) ** 2
    E.backward()
    assert s2.grad == pytest.approx(c["d2"], abs=1e-15) and s1.grad == pytest.approx(c["d1"], abs=1e-15)
    assert w1.grad == pytest.approx(c["dw1"], abs=1e-15) and E.data == pytest.approx(c["E"], abs=1e-15)


def test_the_saved_chain_printout_is_lesson_04s():
    """The printout "compare with lesson 04's printout": each number is lesson 04's, to six decimals."""
    c = chain(**CHAIN)
    out = "".join(o.get("text", "") for o in code_cell("# Every value and every gradient").outputs)
    for name, value in [("y1", c["y1"]), ("y2", c["y2"]), ("E", c["E"]), ("ds2", c["d2"]), ("ds1", c["d1"]),
                        ("dw1", c["dw1"]), ("dw2", c["dw2"])]:
        assert f"{value: .6f}" in out, name


# -- section 3: the graph walk, done on the widget ------------------------------------------------------
def test_try_press_next_once():
    """"press Next once: E = ½e² starts with ∂E/∂E = 1 and sends 1 × 0.5 = 0.5 to e²" """
    demo = l09.graph_walk()
    demo.click("next")
    assert demo.grad_texts["E"].get_text() == "1" and demo.grad_texts["e2"].get_text() == "0.5"
    assert "to e²: 1 × 0.5 = 0.5" in demo.texts["explain"].value


def test_try_step_5():
    """"go to step 5: the adder s⁽²⁾ has received 0.1429, which is δ⁽²⁾ … so b⁽²⁾ gets the same 0.1429" """
    demo = l09.graph_walk()
    demo.set(step=5)
    d2 = chain(**CHAIN)["d2"]
    assert "s⁽²⁾ = w⁽²⁾y⁽¹⁾ + b⁽²⁾ has its gradient 0.1429" in demo.texts["explain"].value
    assert round(d2, 4) == 0.1429
    assert demo.grad_texts["b2"].get_text() == bplib.fmt.fmt(d2, 3) == "0.143"
    assert "to b⁽²⁾: 0.1429 × 1 = 0.1429" in demo.texts["explain"].value


def test_try_the_last_step():
    """"go to the last step, 9: w⁽¹⁾ ends with 0.03669 × 1.5 = 0.05503, lesson 04's ∂E/∂w⁽¹⁾" """
    demo = l09.graph_walk()
    demo.set(step=demo.controls["step"].max)
    assert demo.controls["step"].max == 9
    c = chain(**CHAIN)
    assert round(c["dw1"], 5) == 0.05503 and round(c["d1"] * 1.5, 5) == 0.05503
    assert "to w⁽¹⁾: 0.03669 × 1.5 = 0.05503" in demo.texts["explain"].value


# -- section 4: the fan-out ------------------------------------------------------------------------------
def test_fanout_sum():
    """"its gradient is the sum of both paths, 0.1715 + 0.1003 = 0.2718 as in lesson 04" """
    y1 = sig(0.8)
    paths = []
    for w, b, t in ((1.2, 0.2, 0.0), (-0.7, 0.1, 1.0)):
        y = sig(w * y1 + b)
        paths.append(w * (y - t) * y * (1 - y))
    assert [round(p, 4) for p in paths] == [0.1715, 0.1003] and round(sum(paths), 4) == 0.2718
    out = "".join(o.get("text", "") for o in code_cell("# Lesson 04's fan-out").outputs)
    assert out.strip() == "∂E/∂y⁽¹⁾ = 0.2718"


# -- section 5: the network -----------------------------------------------------------------------------
def example():
    Ws = [np.array(w, float) for w in l05.EXAMPLE_WEIGHTS]
    bs = [np.array(b, float) for b in l05.EXAMPLE_BIASES]
    return Ws, bs, np.array([0.35, 0.9]), np.array([1.0])


def my_backprop(Ws, bs, x, t):
    ys = [x]
    for W, b in zip(Ws, bs):
        ys.append(1 / (1 + np.exp(-(W @ ys[-1] + b))))
    E = 0.5 * float(np.sum((ys[-1] - t) ** 2))
    deltas = [(ys[-1] - t) * ys[-1] * (1 - ys[-1])]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, ys[l] * (1 - ys[l]) * (Ws[l].T @ deltas[0]))
    return E, [np.outer(d, y) for d, y in zip(deltas, ys[:-1])], deltas


def test_the_network_example_and_its_graph():
    """"two inputs, layers of 3, 2 and 1 sigmoid neurons, input x = (0.35, 0.9), target t = 1" and the printout
    "63 Values in the graph, 20 of them weights and biases"; its gradients equal Network.backward's (1e-12)."""
    assert l05.SIZES == [2, 3, 2, 1] and l05.EXAMPLE_X == (0.35, 0.9) and l05.EXAMPLE_T == 1.0
    Ws, bs, x, t = example()
    E, dWs, deltas = my_backprop(Ws, bs, x, t)
    # nodes: 2 inputs, 20 parameters; per neuron with n inputs: n products, n sums, 1 sigmoid (3·5 + 2·7 + 1·5 = 34);
    # the error: 1 start Value(0), then per output y − t (t a leaf too), **2, the constant ½, ×, + : 1 + 6 = 7
    assert 2 + 20 + 34 + 7 == 63
    out = "".join(o.get("text", "") for o in code_cell("# Lesson 05's network and example, as a graph").outputs)
    assert out.strip() == f"E = {E:.6f}: 63 Values in the graph, 20 of them weights and biases"
    assert f"{E:.6f}" == "0.083947"
    net = l05.example_network()
    dW, db = l09.value_gradients(net, x, t)
    for l in range(3):
        assert np.max(np.abs(dW[l] - dWs[l])) < 1e-12 and np.max(np.abs(db[l] - deltas[l])) < 1e-12


# -- section 6: passes ------------------------------------------------------------------------------------
def test_the_backward_pass_visits_each_node_once():
    """"As it runs through the graph it produces ∂E/∂v for every node v on the way, parameters included, each
    visited once, as the forward pass visited each once." Counted on the network's graph: each node sends
    along each of its input edges exactly once, and every parameter receives a gradient."""
    net = l05.example_network()
    E, W, b, _ = l09.network_in_values(net, l05.EXAMPLE_X, [l05.EXAMPLE_T])
    sent = []
    order = E.graph()
    assert len({id(v) for v in order}) == len(order)
    for node in order:
        node.grad = 0.0
    E.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            sent.append((id(node), id(parent)))
            parent.grad += local * node.grad
    edges = [(id(n), id(p)) for n in order for p in n.parents]
    assert sorted(sent) == sorted(edges)
    params = [w for layer in W for row in layer for w in row] + [v for layer in b for v in layer]
    assert len(params) == 20 and all(any(p is v for v in order) for p in params)


def test_times_are_the_best_of_two_runs():
    """"the best of two runs, with time.perf_counter" """
    import inspect

    assert inspect.signature(l09.count_passes).parameters["repeats"].default == 2
    from bplib.lessons import l04
    assert "l04.time_gradients(" in inspect.getsource(l09.count_passes)
    assert "best_time(" in inspect.getsource(l04.time_gradients)
    assert "time.perf_counter()" in inspect.getsource(l04.best_time) and "min(" in inspect.getsource(l04.best_time)


def test_pass_counts_are_lesson_04s():
    """"The perturbation counts are lesson 04's (18, 50, 162 and 578 passes for 9 to 289 parameters)" and
    "289 and 578 passes for the 289 parameters of [16, 16, 1]" """
    n = [sum(b * (a + 1) for a, b in zip(s[:-1], s[1:])) for s in l09.MODE_SIZES]
    assert n == [9, 25, 81, 289] and [2 * k for k in n] == [18, 50, 162, 578]
    from bplib.lessons import l04
    assert l09.MODE_SIZES == l04.COST_SIZES[:4]
    records = l09.count_passes([[16, 16, 1]], repeats=1)
    assert records[0]["forward mode"]["passes"]["forward"] == 289
    assert records[0]["perturbation"]["passes"]["forward"] == 578


def test_forward_mode_and_perturbation_take_several_times_as_long_a_wider_gap_than_on_the_smallest():
    """"On the largest network forward mode and perturbation take several times as long as reverse mode, a far
    wider gap than on the smallest." Timed here (best of three) with a margin: at least 3 times as long on
    [16, 16, 1] (the counts say 289 and 578 passes against 2), and a wider gap there than on [2, 2, 1]."""
    records = l09.count_passes([[2, 2, 1], [4, 4, 1], [8, 8, 1], [16, 16, 1]], repeats=3)
    ratios = [{name: r[name]["seconds"] / r["reverse mode (backpropagation)"]["seconds"] for name in l09.METHODS}
              for r in records]
    for name in ("forward mode", "perturbation"):
        assert ratios[-1][name] > 3, (name, ratios[-1])
        assert ratios[-1][name] > 2 * ratios[0][name], (name, [r[name] for r in ratios])


# -- section 7: PyTorch --------------------------------------------------------------------------------------
def _number(text):
    """A number as bplib.fmt writes it ('1.4×10⁻¹⁷', '−0.5', '0') back to a float."""
    text = text.strip().replace("−", "-")
    if "×10" in text:
        mantissa, power = text.split("×10")
        return float(mantissa) * 10.0 ** int(power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    return float(text)


def test_pytorch_cell_gives_the_same_gradients():
    """"In the output saved with this notebook (PyTorch 2.13, on a CPU) both give E = 0.083947, and no gradient
    differs from bplib's by more than 10⁻¹⁶" — run from the notebook's own cell."""
    cell = code_cell("# Lesson 05's network and example in PyTorch")
    assert "nbval-ignore-output" in cell.metadata.get("tags", [])
    saved = "".join(o.get("text", "") for o in cell.outputs)
    assert saved.startswith("PyTorch 2.13") and "E = 0.083947   bplib: E = 0.083947" in saved
    assert all(_number(d) <= 1e-16 for d in [line.rsplit(": ", 1)[1] for line in saved.splitlines()[1:]])
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional: pip install torch); "
                                                "the bridge's comparison is not run")
    Ws, bs, x, t = example()
    E, dWs, deltas = my_backprop(Ws, bs, x, t)
    scope = {"np": np, "bplib": bplib, "net": l05.example_network(), "x_ex": x, "t_ex": [1.0], "dW": dWs, "db": deltas,
             "E_net": Value(E)}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell.source, scope)
    lines = printed.getvalue().splitlines()
    assert lines[0] == f"PyTorch {torch.__version__}: E = 0.083947   bplib: E = 0.083947"
    for l, line in enumerate(lines[1:]):
        assert line.startswith(f"layer {l + 1}:") and _number(line.rsplit(": ", 1)[1]) <= 1e-16
    for l in range(3):
        assert np.max(np.abs(scope["W_t"][l].grad.numpy() - dWs[l])) <= 1e-16


def test_pytorch_backward_adds_to_grad():
    """The table: PyTorch's "backward() adds to .grad: zero it first" (bplib's starts from zero)."""
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional); nothing to check")
    w = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    (w * w).backward()
    (w * w).backward()
    assert w.grad.item() == 8.0            # 4 + 4
    v = Value(2.0)
    out = v * v
    out.backward()
    out.backward()
    assert v.grad == 4.0


def test_pytorch_cell_without_pytorch_says_how_to_install():
    """When PyTorch cannot be imported, the cell says so and how to install it (no traceback)."""
    import builtins

    cell = code_cell("# Lesson 05's network and example in PyTorch")
    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch":
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    printed = io.StringIO()
    builtins.__import__ = no_torch
    try:
        with contextlib.redirect_stdout(printed):
            exec(cell.source, {"np": np})
    finally:
        builtins.__import__ = real_import
    assert printed.getvalue().startswith("PyTorch is not installed here") and "pip install torch" in printed.getvalue()


# -- exercises -------------------------------------------------------------------------------------------------
def test_exercise_claims():
    """"the checker compares your gradient with perturbation at five points"; "dy/dx = 2x + 1 = 7 … 1 + 3 + 3 = 7
    … only the last path counts: 3"; "the checker tries your my_backward on three expressions … twice each" """
    assert len(l09.SIN_POINTS) == 5
    assert 2 * 3 + 1 == 1 + 3 + 3 == 7
    eps = 1e-6
    assert ((3 + eps) ** 2 + 3 + eps - (3 - eps) ** 2 - 3 + eps) / (2 * eps) == pytest.approx(7)
    out = "".join(o.get("text", "") for o in code_cell("# The forgetful engine").outputs)
    assert out.strip() == "the forgetful engine says dy/dx = 3.0"
    calls = []

    def counting(out):
        calls.append(id(out))
        Value.backward(out)

    assert l09.check_backward(counting).correct
    assert len(calls) == 6 and len(set(calls)) == 3


def test_the_engine_is_about_a_hundred_lines():
    """"You build the tool yourself, about a hundred lines" (code lines, without docstrings and blank lines)."""
    import ast

    source = pathlib.Path(bplib.autograd.__file__).read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node):
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    code = [k for k, line in enumerate(source.splitlines(), 1)
            if line.strip() and not line.strip().startswith("#") and k not in docstrings]
    assert 80 <= len(code) <= 120, len(code)
