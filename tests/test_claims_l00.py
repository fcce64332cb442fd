"""Every claim in the markdown of notebook 00 (Start here), beside its check.

Each test quotes the sentence it checks. Numbers are recomputed with plain
numpy, not by the code that prints them in the lesson.
"""

import pathlib
import re

import nbformat
import numpy as np
import pytest

import bplib
from bplib.lessons import plots
from bplib.lessons import l01, l02

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
MINE = ["01_one_weight", "02_gradient_descent"]   # the lessons whose exercises and demos this file checks


def _sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def _cells(stem):
    return nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4).cells


def _markdown(stem="00_start_here"):
    return "\n".join(c.source for c in _cells(stem) if c.cell_type == "markdown")


# -- "How to use these notebooks" ------------------------------------------------------------
def test_ten_notebooks():
    """'find your way through the ten notebooks of the course'"""
    assert len(sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))) == 10


def test_first_code_cell_of_every_notebook_switches_the_figures_on():
    """'The first code cell of every notebook (`%matplotlib widget`) switches the interactive figures on.'"""
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert "%matplotlib widget" in first.source, path.name


@pytest.mark.parametrize("checker, wrong, value", [
    (l01.check_squared_error, 600.0, "729"),      # 729 wanted: 18% too small
    (l01.check_total_error, 30.0, "25.59"),       # 25.59375 wanted: 17% too large
    (l02.check_slope, 204.75, "204.75"),          # −204.75 wanted: the wrong sign
    (l02.check_update, 1.3, "1.4095"),            # 1.4095 wanted: the step 0.3 is 27% short of 0.4095
])
def test_the_checker_says_right_or_the_direction_a_band_and_a_hint_never_the_answer(checker, wrong, value):
    """'It tells you at once whether you are right; if not, which way you are off (too large, too small,
    or the wrong sign) and roughly how far (a band such as "by 10% to 50%"), with a hint. It never shows
    the answer.'"""
    message = checker(wrong).message
    assert message.startswith("Not yet")
    assert "wrong sign" in message or re.search(r"too (large|small), by (less than 10%|10% to 50%|50% to 100%|"
                                                r"more than 100%)", message)
    assert "Hint: " in message and value not in message


def test_the_checker_bands():
    """'roughly how far (a band such as "by 10% to 50%")': 1.2 against 1 is 20% too large."""
    assert "too large, by 10% to 50%" in bplib.check(1.2, 1.0, "x").message
    assert "too small, by less than 10%" in bplib.check(0.95, 1.0, "x").message
    assert bplib.check(1.005, 1.0, "x").correct


@pytest.mark.parametrize("stem", MINE)
def test_every_exercise_is_followed_by_a_closed_worked_solution(stem):
    """'After each exercise a worked solution waits in a folded block, *Worked solution*: open it on purpose.'"""
    cells = _cells(stem)
    exercises = [k for k, c in enumerate(cells) if c.cell_type == "code" and "answer = None" in c.source]
    assert exercises
    for k in exercises:
        follow = cells[k + 1].source
        assert follow.startswith("<details><summary>Worked solution") and "</details>" in follow
        assert "<details open" not in follow


@pytest.mark.parametrize("stem, module", [("01_one_weight", l01), ("02_gradient_descent", l02)])
def test_each_lesson_ends_with_a_recap_of_two_or_three_questions(stem, module):
    """'Each lesson ends with a recap: what you can now do, and two or three quick questions.'"""
    cells = _cells(stem)
    assert "recap()" in cells[-2].source and cells[-3].source.startswith("## Recap")
    assert 2 <= len(module.QUESTIONS) <= 3 and module.CAN_DO


LESSON_STEMS = sorted(p.stem for p in NOTEBOOKS.glob("0[1-9]_*.ipynb"))


@pytest.mark.parametrize("stem", LESSON_STEMS)
def test_every_demo_shows_a_still_picture_of_its_figure_when_saved(stem):
    """'Sliders do not work there, so each demo shows a still picture of its figure, as it was drawn when
    the notebook was saved.'  A cell that makes a demo and shows it saves its PNG, not the widget (which
    needs a kernel), and no separate still-picture cell repeats it."""
    demos = 0
    for c in _cells(stem):
        if c.cell_type != "code":
            continue
        repeat = re.search(r"static\((\w+)\.fig\)", c.source)   # a still copy of a demo's live figure
        assert not repeat, f"{stem}: a separate still picture of {repeat.group(1)}: {c.source[:60]!r}"
        made = re.search(r"^(\w+) = l0\d\.\w+\(", c.source, re.M)
        lines = [line for line in c.source.strip().splitlines() if not line.startswith("#")]
        if made and "recap" not in c.source and lines and lines[-1].strip() == made.group(1):
            demos += 1
            pictures = [o for o in c.outputs if "image/png" in o.get("data", {})]
            assert pictures, f"{stem}: the demo {made.group(1)} saved no still picture"
            assert "application/vnd.jupyter.widget-view+json" not in pictures[0]["data"], (stem, made.group(1))
    assert demos >= 1, f"{stem}: no demo with a saved still picture"


# -- "A first taste" --------------------------------------------------------------------------
def test_the_first_network_has_two_inputs_and_layers_of_three_two_and_one_neurons():
    """'a network with two inputs and three layers of neurons (three neurons, then two, then one output
    neuron)'"""
    net = bplib.Network([2, 3, 2, 1], seed=0)
    assert [w.shape for w in net.weights] == [(3, 2), (2, 3), (1, 2)]


def test_the_first_taste_error_is_half_the_squared_miss():
    """Code comment beside the first error: 'the error is E = ½·(y − t)²' (one sample, one output)."""
    net = bplib.Network([2, 3, 2, 1], seed=0)
    x = np.array([1.0, 0.0])
    y = x
    for W, b in zip(net.weights, net.biases):      # the forward pass in plain numpy
        y = _sigmoid(W @ y + b)
    assert net.error(x, np.array([1.0])) == pytest.approx(0.5 * (y[0] - 1.0) ** 2, rel=1e-12)


# -- the notation table -----------------------------------------------------------------------
def test_E_sums_over_outputs_and_averages_over_samples():
    """'E = (1/N) Σₙ ½ Σₖ (yₖ − tₖ)²: ... summed over the outputs k of a sample, averaged over the samples n'"""
    y = np.array([[0.2, 0.9], [0.5, 0.1], [1.0, 0.0]])   # N = 3 samples, 2 outputs each
    t = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    by_hand = (0.5 * (0.04 + 0.01) + 0.5 * (0.25 + 0.01) + 0.5 * (0 + 1)) / 3
    assert bplib.error(y, t) == pytest.approx(by_hand, rel=1e-12)


def test_e_is_output_minus_desired_output():
    """'e = y − t: error of one output (output minus desired)' — `bplib.one_weight.errors`."""
    assert bplib.one_weight.errors(4, [3.0], [6.0]).tolist() == [12.0 - 6.0]


def test_weight_index_is_to_neuron_j_from_neuron_i_and_layers_start_at_1():
    """'`net.weights[0]` belongs to layer 1. `net.weights[0][j, i]` is the weight to neuron j from input i.'
    and 's: adder output: weighted sum of the inputs plus the bias' (`net.s[l-1]`)."""
    net = bplib.Network([2, 3, 2, 1], seed=4)
    x = np.array([0.3, -0.7])
    net.forward(x)
    W, b = net.weights[0], net.biases[0]
    for j in range(3):
        s_j = sum(W[j, i] * x[i] for i in range(2)) + b[j]
        assert np.ravel(net.s[0])[j] == pytest.approx(s_j, rel=1e-12)
        assert np.ravel(net.y[0])[j] == pytest.approx(_sigmoid(s_j), rel=1e-12)


def test_f_prime_is_the_slope_of_f():
    """'f, f′: activation function, and its slope' — `bplib.sigmoid`, `bplib.sigmoid_prime`."""
    s = np.linspace(-4, 4, 17)
    h = 1e-6
    measured = (_sigmoid(s + h) - _sigmoid(s - h)) / (2 * h)
    np.testing.assert_allclose(bplib.sigmoid_prime(s), measured, rtol=1e-7)
    np.testing.assert_allclose(bplib.sigmoid(s), _sigmoid(s), rtol=1e-12)


def test_one_weight_slope_is_dE_dw():
    """'dE/dw: slope of the error along one weight' — `bplib.one_weight.slope`."""
    x, t = np.array([0.0, 3, 9, 27]), np.array([0.0, 6, 18, 54])
    E = lambda w: 0.5 * np.mean((w * x - t) ** 2)
    for w in (-1.0, 0.5, 3.7):
        assert bplib.one_weight.slope(w, x, t) == pytest.approx((E(w + 1e-5) - E(w - 1e-5)) / 2e-5, rel=1e-7)


def test_delta_at_W_is_W_transposed_times_delta():
    """'W^T δ: matrix product with the transposed weights' — `delta @ W`."""
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    delta = np.array([0.5, -1.0])
    assert (delta @ W).tolist() == (W.T @ delta).tolist() == [0.5 - 4, 1 - 5, 1.5 - 6]


def test_positive_weights_blue_negative_vermilion():
    """'In pictures, positive weights are blue and negative weights vermilion.' (Okabe–Ito colours)"""
    assert plots.POSITIVE == "#0072B2" and plots.NEGATIVE == "#D55E00"


def test_the_four_equations_give_the_gradient_found_by_nudging():
    """(BP1) δ⁽ᴸ⁾ₖ = (yₖ − tₖ) f′(s⁽ᴸ⁾ₖ); (BP2) δ⁽ˡ⁾ⱼ = f′(s⁽ˡ⁾ⱼ) Σₖ w⁽ˡ⁺¹⁾ₖⱼ δ⁽ˡ⁺¹⁾ₖ;
    (BP3) ∂E/∂w⁽ˡ⁾ⱼᵢ = δ⁽ˡ⁾ⱼ y⁽ˡ⁻¹⁾ᵢ; (BP4) ∂E/∂b⁽ˡ⁾ⱼ = δ⁽ˡ⁾ⱼ — for one sample, in plain numpy, against
    nudging every weight and bias."""
    rng = np.random.default_rng(7)
    sizes = [2, 3, 2, 2]
    Ws = [rng.normal(size=(m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    bs = [rng.normal(size=m) for m in sizes[1:]]
    x, t = np.array([0.4, -1.2]), np.array([1.0, 0.0])

    def forward(Ws, bs):
        ys, ss = [x], []
        for W, b in zip(Ws, bs):
            ss.append(W @ ys[-1] + b)
            ys.append(_sigmoid(ss[-1]))
        return ss, ys

    def E(Ws, bs):
        return 0.5 * np.sum((forward(Ws, bs)[1][-1] - t) ** 2)

    ss, ys = forward(Ws, bs)
    fp = [_sigmoid(s) * (1 - _sigmoid(s)) for s in ss]
    deltas = [None] * 3
    deltas[2] = (ys[-1] - t) * fp[2]                                   # BP1
    for l in (1, 0):
        deltas[l] = fp[l] * np.array([sum(Ws[l + 1][k, j] * deltas[l + 1][k] for k in range(sizes[l + 2]))
                                      for j in range(sizes[l + 1])])   # BP2, the sum over k written out
    h = 1e-6
    for l in range(3):
        for j in range(sizes[l + 1]):
            for i in range(sizes[l]):
                up = [W.copy() for W in Ws]; up[l][j, i] += h
                down = [W.copy() for W in Ws]; down[l][j, i] -= h
                nudged = (E(up, bs) - E(down, bs)) / (2 * h)
                assert deltas[l][j] * ys[l][i] == pytest.approx(nudged, rel=1e-6, abs=1e-10)   # BP3
            up = [b.copy() for b in bs]; up[l][j] += h
            down = [b.copy() for b in bs]; down[l][j] -= h
            assert deltas[l][j] == pytest.approx((E(Ws, up) - E(Ws, down)) / (2 * h), rel=1e-6, abs=1e-10)  # BP4


def test_other_texts_letters_give_the_same_step():
    """'Many books and slides call the adder's output r and the neuron's output b = f(r), write the error as
    z − y (desired minus actual) and update with w ← w + η·…. Here ... e = y − t ... and w ← w − η ∂E/∂w.
    The two signs flip together, so for one sample it is the same step.'"""
    w, x, z, eta = np.array([0.3, -0.8]), np.array([1.0, 0.5]), 1.0, 0.7
    r = w @ x
    b_out = _sigmoid(r)
    theirs = w + eta * (z - b_out) * b_out * (1 - b_out) * x        # the delta rule as other texts write it
    E = lambda v: 0.5 * (_sigmoid(v @ x) - z) ** 2                    # here: t = z, E = ½ (y − t)²
    grad = np.array([(E(w + h) - E(w - h)) / 2e-6 for h in np.eye(2) * 1e-6])
    np.testing.assert_allclose(w - eta * grad, theirs, rtol=1e-8)


def test_slider_labels_are_the_symbols():
    """'The symbol in the maths, the label on the slider and the name in `bplib` are the same.' (w, η, ε)"""
    assert l01.one_weight_explorer().controls["w"].description == "w"
    assert l02.descent_demo().controls["lr"].description == "η"
    assert l02.slope_explorer().controls["eps"].description == "ε"


def test_notation_table_is_the_last_section_before_the_summary_and_names_the_symbols():
    """'The notation table at the end of this notebook collects them all' (issue 16: the table as a reference
    at the end; no symbol in the body before its lesson)."""
    cells = [c for c in _cells("00_start_here") if c.cell_type == "markdown"]
    assert cells[-2].source.startswith("## Notation") and cells[-1].source.startswith("## Summary")
    body = "\n".join(c.source for c in cells[:-2])
    for symbol in ("δ", "\\delta", "η", "\\eta", "ε", "\\varepsilon", "∂", "\\partial", "f′", "f'"):
        assert symbol not in body, symbol
    for symbol in ("e = y - t", "\\sum_n", "\\sum_k", "\\odot", "W^\\top", "(BP1)", "(BP2)", "(BP3)", "(BP4)"):
        assert symbol in cells[-2].source, symbol


def test_the_map_says_lesson_05_works_through_a_2_3_2_1_network():
    """'[05 The three-layer network, step by step] — a 2-3-2-1 network worked through step by step'"""
    source = "\n".join(c.source for c in _cells("05_three_layer_network"))
    assert re.search(r"Network\(\[2, 3, 2, 1\]", source)


def test_the_slider_labels_in_the_table_exist_in_the_lessons():
    """The table's slider column: x, t (lesson 04), w (01), w₁ and b (03), w⁽²⁾ and b⁽²⁾ (04), η, ε (02)."""
    lessons = pathlib.Path(__file__).resolve().parent.parent / "bplib" / "lessons"
    labels = {"l01.py": ['"w"'], "l02.py": ['"η"', '"ε"'], "l03.py": ['"w₁"', '"b"'],
              "l04.py": ['"x"', '"t"', '"w⁽²⁾"', '"b⁽²⁾"']}
    for name, wanted in labels.items():
        source = (lessons / name).read_text()
        for label in wanted:
            assert label in source, (name, label)
