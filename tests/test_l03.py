"""Lesson 03's widgets and exercise (bplib.lessons.l03), on the Agg canvas."""

import math
import re

import numpy as np
import pytest

from bplib.lessons import l03
from tests.screen import problems


def test_builders_are_callable_without_arguments_and_make_one_figure():
    for builder in l03.BUILDERS.values():
        demo = builder()
        fig = demo.fig
        demo.set(**{name: w.value for name, w in demo.controls.items()})
        assert demo.fig is fig


# -- the neuron explorer ---------------------------------------------------------------------------
def test_explorer_starts_as_an_and_gate():
    # w = (4, 4), b = −6: s = −6, −2, −2, 2, so y = 0.0025, 0.1192, 0.1192, 0.8808: AND, all right.
    demo = l03.neuron_explorer()
    table = demo.texts["points"].value
    assert "4 of 4 right" in table
    assert "0.881" in table and "0.119" in table and ">−6<" in table
    assert demo.plane.wrong.get_offsets().shape == (0, 2)


def test_explorer_marks_wrong_points_and_counts_them():
    demo = l03.neuron_explorer()
    demo.set(gate="XOR")          # the AND neuron gets (0, 1), (1, 0) and (1, 1) wrong for XOR
    assert "1 of 4 right" in demo.texts["points"].value
    assert sorted(map(tuple, demo.plane.wrong.get_offsets().tolist())) == [(0, 1), (1, 0), (1, 1)]
    demo.set(gate="OR", b=-2.0)   # s = −2, 2, 2, 6: OR
    assert "4 of 4 right" in demo.texts["points"].value


def test_explorer_line_is_where_y_is_one_half():
    demo = l03.neuron_explorer()
    for activation in ("identity", "sigmoid", "relu", "tanh"):
        demo.set(w1=2.0, w2=-3.0, b=0.4, activation=activation)
        xs, ys = demo.plane.line.get_data()
        assert len(xs) == 2
        f = demo.values()
        for a, c in zip(xs, ys):
            s = 2.0 * a - 3.0 * c + 0.4
            y = {"identity": s, "relu": max(s, 0.0), "tanh": math.tanh(s), "sigmoid": 1 / (1 + math.exp(-s))}[activation]
            assert y == pytest.approx(0.5, abs=1e-9), f
    # tanh(0.5493) = ½
    assert "where s = 0.549: 2·x₁ − 3·x₂ + 0.4 = 0.549" in demo.texts["line"].value


def test_explorer_without_weights_has_no_line():
    demo = l03.neuron_explorer()
    demo.set(w1=0.0, w2=0.0, b=1.0)
    assert demo.plane.line.get_data()[0] == []
    assert "No line" in demo.texts["line"].value
    assert problems(demo) == []


def test_threshold_line_by_hand():
    # x₁ + x₂ = 1: through (½, ½), its point nearest the origin, along (−1, 1)/√2, 10 each way
    xs, ys = l03.threshold_line(1.0, 1.0, 1.0)
    d = 10 / math.sqrt(2)
    assert xs == pytest.approx([0.5 + d, 0.5 - d]) and ys == pytest.approx([0.5 - d, 0.5 + d])
    # 2·x₁ = 1 is the vertical line x₁ = ½
    xs, ys = l03.threshold_line(2.0, 0.0, 1.0)
    assert xs == [0.5, 0.5] and sorted(ys) == [-10.0, 10.0]
    # 0·x₁ + 0·x₂ = 1 is no line at all
    assert l03.threshold_line(0.0, 0.0, 1.0) == ([], [])


def test_tables_are_html_tables_with_one_value_per_cell():
    # issue 12: columns padded, one number per cell, in the course format (real minus)
    demo = l03.delta_rule_trainer()
    demo.click("step")
    for html, columns in ((demo.texts["updates"].value, 9), (l03.neuron_explorer().texts["points"].value, 7)):
        rows = re.findall(r"<tr>(.*?)</tr>", html)
        assert all(len(re.findall(r"<t[dh] ", row)) == columns for row in rows)
        assert "padding" in html and "-" not in re.sub(r"<[^>]+>", "", html)


# -- activations ---------------------------------------------------------------------------
def test_activation_explorer_values_at_zero():
    # sigmoid(0) = ½, slope ¼; tanh(0) = 0, slope 1; relu′(0) is taken as 0
    demo = l03.activation_explorer()
    demo.set(activation="sigmoid", s=0.0)
    assert "<b>0.5</b>" in demo.texts["values"].value and "<b>0.25</b>" in demo.texts["values"].value
    demo.set(activation="tanh")
    assert "= <b>0</b>" in demo.texts["values"].value and "<b>1</b>" in demo.texts["values"].value
    demo.set(activation="relu", s=2.0)
    assert list(demo.dots.get_data()[1]) == [2.0, 1.0]


def test_tangent_has_slope_f_prime():
    demo = l03.activation_explorer()
    demo.set(activation="sigmoid", s=1.0)
    (a, b), (fa, fb) = demo.tangent.get_data()
    y = 1 / (1 + math.exp(-1.0))
    assert (fb - fa) / (b - a) == pytest.approx(y * (1 - y), abs=1e-12)


def test_static_figures():
    fig = l03.plot_activations()
    assert len(fig.axes) == 8
    fig = l03.plot_best_lines()
    assert [ax.get_title() for ax in fig.axes] == [
        "AND: at best 4 of 4 right", "OR: at best 4 of 4 right", "XOR: at best 3 of 4 right"]


# -- the delta-rule trainer ------------------------------------------------------------------
def test_trainer_learns_and_then_resets():
    demo = l03.delta_rule_trainer()
    start = demo.neuron.w.tolist(), demo.neuron.b
    demo.click("train")
    assert "Epoch 100" in demo.texts["verdict"].value and "4 of 4 right" in demo.texts["verdict"].value
    assert len(demo.error_curve.get_xdata()) == 101
    assert demo.texts["updates"].value.count("<tr>") == 5   # a header and one row per sample
    demo.click("step")
    assert "Epoch 101" in demo.texts["verdict"].value
    demo.click("reset")
    assert (demo.neuron.w.tolist(), demo.neuron.b) == start
    assert "Epoch 0" in demo.texts["verdict"].value
    assert problems(demo) == []


def test_trainer_fails_at_xor():
    demo = l03.delta_rule_trainer(gate="XOR")
    for _ in range(3):
        demo.click("train")
    verdict = demo.texts["verdict"].value
    assert "4 of 4 right" not in verdict
    assert demo.errors[-1] > 0.12


def test_changing_the_gate_starts_again():
    demo = l03.delta_rule_trainer()
    demo.click("train")
    demo.set(gate="OR")
    assert len(demo.errors) == 1 and "Epoch 0" in demo.texts["verdict"].value


@pytest.mark.parametrize("gate", ["AND", "OR", "XOR"])
@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh", "relu"])
def test_trainer_buttons_at_every_rate_show_only_finite_numbers(gate, activation):
    demo = l03.delta_rule_trainer(gate=gate, activation=activation)
    for lr in (demo.controls["lr"].min, 1.0, demo.controls["lr"].max):
        demo.set(lr=lr)
        for button in ("step", "train", "train"):
            demo.click(button)
            assert problems(demo) == [], (lr, button)
        demo.click("reset")


def test_trainer_says_diverged_in_words():
    demo = l03.delta_rule_trainer(activation="identity", lr=5.0)
    demo.click("train")
    assert demo.diverged
    assert "Diverged — try a smaller η" in demo.texts["verdict"].value
    before = demo.errors[:]
    demo.click("train")              # nothing more happens until Reset
    assert demo.errors == before
    demo.click("reset")
    assert not demo.diverged
    assert problems(demo) == []


# -- exercise ----------------------------------------------------------------------------------
# w = (1.5, −2), b = 0.5, x = (1, 0.5), t = 0, η = 0.5, sigmoid.
# s = 1.5 − 1 + 0.5 = 1;  y = 1/(1 + e^−1) = 0.731059
# δ = (0.731059 − 0) · 0.731059 · 0.268941 = 0.143735
# w₂ ← −2 − 0.5 · 0.143735 · 0.5 = −2.035934
@pytest.mark.parametrize("checker, right, wrong", [
    (l03.check_s, 1.0, 1.5),
    (l03.check_y, 0.731059, 0.5),
    (l03.check_delta, 0.143735, 0.19661),      # 0.19661 forgot the factor (y − t)
    (l03.check_new_w2, -2.035934, -2.071868),  # −2.071868 used x₁ = 1 instead of x₂ = 0.5
])
def test_checkers(checker, right, wrong):
    assert checker(right).correct
    assert "Right" in str(checker(right))
    feedback = checker(wrong)
    assert not feedback.correct and "Not yet" in str(feedback) and "Hint" in str(feedback)
    none = checker(None)
    assert not none.correct and "Not answered yet" in str(none)


def test_new_w2_tolerance_is_on_the_update_not_on_w2():
    # The update is η·δ·x₂ = 0.5 · 0.143735 · 0.5 = 0.035934; 1% of it is 0.00036.
    # With f′ = ¼ (the sigmoid's slope at s = 0 only): δ = 0.731059 · 0.25 = 0.182765,
    # w₂ = −2 − 0.5 · 0.182765 · 0.5 = −2.045691: off by 0.0098, inside 1% of w₂ but 27% of the update.
    assert not l03.check_new_w2(-2.045691).correct
    assert "too small" in str(l03.check_new_w2(-2.045691))
    assert l03.check_new_w2(-2.035934 + 0.0003).correct
    assert not l03.check_new_w2(-2.035934 + 0.0005).correct
    assert not l03.check_new_w2(-2.0).correct           # no update at all


def test_trainer_says_when_a_relu_neuron_has_died():
    demo = l03.delta_rule_trainer(activation="relu", lr=1.0)
    assert not demo.dead()
    demo.click("step")
    assert demo.dead() and "The neuron has died" in demo.texts["verdict"].value
    assert "E stays at 0.125" in demo.texts["verdict"].value
    sigmoid = l03.delta_rule_trainer(lr=1.0)
    sigmoid.click("step")
    assert not sigmoid.dead() and "died" not in sigmoid.texts["verdict"].value


# -- recap ----------------------------------------------------------------------------------------
def test_recap_questions_right_answers_are_right():
    q_delta, q_dead, q_xor = l03.QUESTIONS
    # δ = (y − t)·y·(1 − y) with y = 0.8, t = 0: 0.8 · 0.8 · 0.2 = 0.128
    assert float(q_delta.options[q_delta.answer]) == pytest.approx(0.8 * 0.8 * 0.2)
    assert all(abs(float(o) - 0.128) > 0.01 for k, o in enumerate(q_delta.options) if k != q_delta.answer)
    # A ReLU neuron with s ≤ 0 everywhere: one more epoch leaves the weights as they are.
    from bplib.neuron import Neuron
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    neuron = Neuron([-1.0, -0.5], -0.2, "relu")
    steps = neuron.epoch(x, [0, 1, 1, 1], lr=5.0)
    assert all(st.delta == 0 for st in steps) and neuron.w.tolist() == [-1.0, -0.5] and neuron.b == -0.2
    assert "Nothing" in q_dead.options[q_dead.answer]
    # XOR: the right option is the straight-line one; best_line finds at most 3 of 4.
    from bplib.neuron import best_line
    assert best_line(x, [0, 1, 1, 0])[0] == 3 and "straight line" in q_xor.options[q_xor.answer]
    for q in l03.QUESTIONS:
        assert q.verdict(q.answer)[0]
        right = q.options[q.answer]
        assert right not in q.nudge


def test_recap_widget_answers_at_once():
    box = l03.recap()
    questions = box.children[1:]
    assert len(questions) == len(l03.QUESTIONS)
    first = questions[0]
    first.buttons.value = first.question.options[first.question.answer]
    assert "Right" in first.verdict.value
