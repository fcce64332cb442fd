"""Lesson 05's widgets and exercises: every slider position works, buttons step, checkers are right."""

import math

import numpy as np
import pytest

import bplib
from bplib.fmt import fmt
from bplib.lessons import l05
from bplib.lessons._demo import Demo
from bplib.lessons.diagram import line_width
from tests.sweep import assert_sweep
from tests.screen import problems


# ---- every builder ------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(l05.BUILDERS))
def test_builder_sweeps_without_problems(name):
    demo = l05.BUILDERS[name]()
    assert isinstance(demo, Demo)
    fig = demo.fig
    assert assert_sweep(demo, n=200) >= 200
    assert demo.fig is fig                      # the figure is made once


@pytest.mark.parametrize("name", sorted(l05.BUILDERS))
def test_builder_has_a_widget_and_no_problem_at_start(name):
    demo = l05.BUILDERS[name]()
    assert demo.widget is not None
    assert problems(demo) == []


def test_the_numbers_in_the_diagram_are_checked_for_nan():
    demo = l05.step_through()
    demo.diagram.texts[("s", 1, 0)].set_text("nan")
    assert any("nan" in p for p in problems(demo))


def test_buttons_say_what_they_do_in_words():
    assert [b.description for b in l05.step_through().buttons.values()] == ["Back", "Next", "Reset"]
    trainer = l05.trainer()
    assert [b.description for b in trainer.buttons.values()] == ["1 epoch", "New weights"]
    assert trainer.play.description == "Play"
    trainer.play.value = True                       # the Play control runs, the button offers Pause
    assert trainer.controls["run"].playing and trainer.play.description == "Pause"
    trainer.controls["run"].playing = False         # as when training diverges
    assert trainer.play.description == "Play"


@pytest.mark.parametrize("name", sorted(l05.BUILDERS))
def test_panels_that_change_keep_their_height(name):
    demo = l05.BUILDERS[name]()
    assert all(panel.layout.min_height for panel in demo.texts.values())


# ---- step through ---------------------------------------------------------------------------
def test_step_through_starts_with_the_first_adder():
    demo = l05.step_through()
    text = demo.texts["equation"].value
    assert "Stage 1 of 41" in text
    assert "s₁⁽¹⁾ = w₁₁⁽¹⁾·x₁ + w₁₂⁽¹⁾·x₂ + b₁⁽¹⁾" in text
    assert "0.1·0.35 + 0.8·0.9 + 0" in text and "<b>0.755</b>" in text
    # Only that number is on the diagram yet.
    assert demo.diagram.label(("s", 1, 0)) == "Σ\n0.755"
    assert demo.diagram.label(("y", 1, 0)) == "f"
    assert demo.diagram.label(("s", 3, 0)) == "Σ"
    # The notebook: each stage lights "the connections each one uses, with the weights of those connections".
    assert demo.diagram.label(("w", 1, 0, 0)) == "0.1" and demo.diagram.label(("w", 1, 0, 1)) == "0.8"
    assert demo.diagram.label(("w", 1, 1, 0)) == "" and demo.diagram.label(("w", 2, 0, 0)) == ""


def test_next_back_and_reset():
    demo = l05.step_through()
    draws = []
    demo.redraw = lambda: draws.append(1)
    demo.click("next")
    demo.click("next")
    assert demo.controls["stage"].value == 3 and len(draws) == 2      # one redraw per click
    assert demo.diagram.label(("y", 1, 0)) == "f\n0.6803"
    demo.click("back")
    assert demo.controls["stage"].value == 2
    demo.click("back"), demo.click("back")
    assert demo.controls["stage"].value == 1                           # stops at the first stage
    demo.set(stage=41)
    demo.click("next")
    assert demo.controls["stage"].value == 41                          # and at the last
    demo.click("reset")
    assert demo.controls["stage"].value == 1


def test_step_through_backward_pass_and_updates():
    demo = l05.step_through()
    demo.set(stage=17)                       # δ₂⁽²⁾, worked out in tests/test_stages.py: 0.01425
    text = demo.texts["equation"].value
    assert "backward pass" in text and "δ₂⁽²⁾" in text and "<b>0.01425</b>" in text
    assert demo.diagram.label(("delta", 2, 1)) == "δ = 0.01425"
    assert demo.diagram.label(("delta", 1, 0)) == ""                  # not worked out yet
    demo.set(stage=40)                       # the last update: b₁⁽³⁾ ← 0.2 − 0.5·(−0.0991) = 0.2495
    assert demo.diagram.label(("b", 3, 0)) == "b = 0.2495"
    assert demo.diagram.label(("w", 1, 0, 0)) == ""                   # only the stage's own weights are written
    update = next(k for k, st in enumerate(demo.stages(), start=1)
                  if st.kind == "weight-update" and st.key[1:] == (1, 0, 0))
    demo.set(stage=update)
    assert demo.diagram.label(("w", 1, 0, 0)) == "0.1003"             # its new value, at its own stage
    demo.set(stage=41)
    assert "after the update" in demo.texts["equation"].value


def test_step_through_follows_the_example_sliders():
    demo = l05.step_through()
    demo.set(**{"x₁": 1.0, "x₂": 0.0})
    assert "0.1·1 + 0.8·0 + 0" in demo.texts["equation"].value


def test_builders_take_another_network_with_two_inputs_and_one_output():
    net = bplib.Network([2, 4, 1], seed=1)
    walk = l05.step_through(net)
    # 5 neurons: 2·5 forward stages, e, E, 5 error signals, 4·2 + 1·4 weights and 5 biases, E after
    assert walk.controls["stage"].max == 2 * 5 + 1 + 1 + 5 + (4 * 2 + 1 * 4 + 5) + 1 == 35
    assert problems(walk) == []
    explorer = l05.weight_explorer(net)
    assert len([n for n in explorer.controls if n[0] in "wb"]) == 4 * 3 + 5
    assert problems(explorer) == []


def test_builders_refuse_a_network_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"net must have 2 inputs and 1 output \(sizes \[2, ..., 1\]\), "
                                         r"got sizes \[3, 2, 1\]"):
        l05.step_through(bplib.Network([3, 2, 1]))
    with pytest.raises(TypeError, match="net must be a bplib.Network such as Network\\(\\[2, 3, 2, 1\\]\\), got list"):
        l05.weight_explorer([[1, 2]])


# ---- move the weights ---------------------------------------------------------------------------
def test_weight_explorer_has_a_slider_for_each_of_the_20_parameters():
    demo = l05.weight_explorer()
    params = [n for n in demo.controls if n[0] in "wb"]
    assert len(params) == 20
    assert demo.controls["w₁₂⁽¹⁾"].value == 0.8 and demo.controls["b₃⁽¹⁾"].value == -0.2
    assert "E = ½·(y − t)² = 0.08395" in demo.texts["summary"].value


def test_moving_a_weight_changes_output_error_and_diagram():
    demo = l05.weight_explorer()
    demo.controls["w₁₁⁽³⁾"].value = 2.0
    net = l05.example_network()
    net.weights[2][0, 0] = 2.0
    x, t = np.array(l05.EXAMPLE_X), l05.EXAMPLE_T
    E = net.error(x, t)
    assert f"E = ½·(y − t)² = {fmt(E)}" in demo.texts["summary"].value
    wide = demo.diagram.lines.get_linewidths()[demo.diagram.connections.index((3, 0, 0))]
    assert wide == pytest.approx(line_width(2))                       # the weight is on its slider, its width shows it
    assert demo.diagram.label(("y", 3, 0)) == "f\n" + fmt(net.forward(x)[0])
    # One update with η lowers this error; the text says so and by how much.
    net.step(x, t, 0.5)
    assert f"to {fmt(net.error(x, t))}" in demo.texts["summary"].value


def test_a_value_the_browser_only_rounds_redraws_nothing():
    # the browser's slider puts 0.8 on its grid (min −4, step 0.05) in floating point and sends back
    # a value such as −4 + 96·0.05 = 0.8000000000000007 (lesson 05 got 19 such as the page loaded)
    demo = l05.weight_explorer()
    updates = []
    demo.update = lambda: updates.append(demo.values()["w₁₂⁽¹⁾"])
    slider = demo.controls["w₁₂⁽¹⁾"]
    slider.value = -4 + 96 * 0.05
    assert slider.value != 0.8 and updates == []
    slider.value = 0.85
    slider.value = 0.8
    assert updates == [0.85, 0.8]   # a step of the grid is a change


def test_a_learning_rate_too_large_for_the_step_is_said_in_words():
    demo = l05.weight_explorer()
    demo.set(lr=5.0, **{"w₁₁⁽³⁾": 4.0, "w₁₂⁽³⁾": 4.0, "b₁⁽³⁾": 4.0, "t": 0.0})
    assert "E goes UP" in demo.texts["summary"].value or "E goes down" in demo.texts["summary"].value


# ---- train ---------------------------------------------------------------------------------
def test_trainer_defaults_learn_xor():
    demo = l05.trainer()
    demo.train(3000)
    demo.update()
    assert demo.errors[-1] < 0.01 < demo.errors[0]
    assert "4 of 4 examples" in demo.texts["progress"].value
    # The decision boundary image is the network's output over the plane.
    image = np.asarray(demo.image.get_array())
    assert image.shape == (l05.GRID, l05.GRID) and image.min() < 0.1 and image.max() > 0.9


def test_each_frame_of_the_play_control_trains_one_frame_of_epochs():
    demo = l05.trainer(epochs_per_frame=7)
    demo.controls["run"].value = 1
    demo.controls["run"].value = 2
    assert len(demo.errors) - 1 == 14
    demo.click("epoch")
    assert len(demo.errors) - 1 == 15
    demo.controls["run"].value = 0                # the Play control's stop: nothing is trained
    assert len(demo.errors) - 1 == 15
    demo.click("reset")
    assert len(demo.errors) == 1


def test_eta_and_epochs_per_frame_leave_the_trainer_figure_as_drawn():
    # IPython runs pyplot's post-execute hook after every widget message, and it draws any stale
    # figure again: a move that changes nothing on the figure must leave it not stale
    demo = l05.trainer()
    draws = []
    demo.fig.canvas.mpl_connect("draw_event", draws.append)
    demo.controls["lr"].value = 4.0
    demo.controls["epochs per frame"].value = 20
    assert draws == [] and not demo.fig.stale
    demo.click("epoch")
    assert len(draws) == 1


def test_data_set_and_seed_start_again():
    demo = l05.trainer()
    demo.train(10)
    demo.set(**{"data set": "two moons"})
    assert len(demo.errors) == 1 and demo.x.shape == (100, 2)
    demo.train(5)
    demo.set(seed=3)
    assert len(demo.errors) == 1
    assert np.array_equal(demo.net.weights[0], bplib.Network([2, 3, 2, 1], seed=3).weights[0])


def test_divergence_is_reported_in_words():
    demo = l05.trainer()
    # Sigmoid neurons saturate rather than blow up, so give the output neuron no activation
    # (y = s) and a huge η: the error then really overflows.
    demo.net = bplib.Network([2, 3, 2, 1], output_activation="identity", seed=0)
    demo.controls["lr"].max = 1e6
    demo.set(lr=1e6)
    demo.click("epoch")
    demo.controls["run"].value = 1
    text = demo.texts["progress"].value
    assert "diverged" in text and "smaller η" in text
    assert problems(demo) == []


# ---- check the gradients ------------------------------------------------------------------------
def test_gradient_check_right_rule_agrees_and_the_classic_rule_does_not():
    demo = l05.gradient_check()
    assert "agree" in demo.texts["table"].value and "DISAGREE" not in demo.texts["table"].value
    x, y = demo.dots[0].get_data()
    assert np.allclose(x, y, rtol=1e-5, atol=1e-9)               # on the diagonal
    demo.set(rule="classic")
    assert "DISAGREE" in demo.texts["table"].value
    x, y = demo.dots[1].get_data()
    assert np.all(np.abs(y) > 4 * np.abs(x) * (1 - 1e-6))       # layer 2: at least 4 times too large
    x, y = demo.dots[2].get_data()
    assert np.allclose(x, y, rtol=1e-5)                          # the output layer stays right
    assert problems(demo) == []


def test_gradient_table():
    text = l05.gradient_table(l05.example_network(), np.array(l05.EXAMPLE_X), l05.EXAMPLE_T)
    lines = text.splitlines()
    assert len(lines) == 1 + 20 + 2
    # δ₁⁽²⁾ = −0.01785 (tests/test_stages.py) is ∂E/∂b₁⁽²⁾; the classic rule's g is
    # −(w₁₁⁽³⁾·(t − y))·f′(s₁⁽²⁾) = −0.8·0.4097·0.6577·0.3423.
    y3 = 0.5903
    classic = -0.8 * (1 - y3) * 0.6577 * (1 - 0.6577)
    assert classic == pytest.approx(-0.0738, abs=2e-4)
    name, right, rule, measured = lines[18].split()
    assert (name, right, measured) == ("b₁⁽²⁾", "−0.01785", "−0.01785")
    assert float(rule.replace("−", "-")) == pytest.approx(classic, rel=1e-3)
    assert lines[-2].endswith("they agree") and lines[-1].endswith("they DISAGREE")


def test_rule_comparison_lists_both_rules():
    text = l05.rule_comparison()
    assert "δ₁⁽³⁾" in text and "δ₃⁽¹⁾" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert rows["w₁₁⁽³⁾"][2] == "1"                              # output layer: the same update
    assert float(rows["w₁₁⁽²⁾"][2]) == pytest.approx(4.135, abs=1e-3)


def test_row_and_column_lights_a_row_and_a_column():
    html = l05.row_and_column(l05.example_network(), layer=2, row=0, column=0).data
    assert html.count("background:#fde2b5") == 3 + 2                # row 1 has 3 weights, column 1 has 2
    assert "y @ W.T" in html and "delta @ W" in html


def test_parameter_names_follow_the_flattened_gradients():
    names = [n for n, *_ in l05.parameter_names(l05.example_network())]
    assert names[:3] == ["w₁₁⁽¹⁾", "w₁₂⁽¹⁾", "w₂₁⁽¹⁾"] and names[-1] == "b₁⁽³⁾" and len(names) == 20


# ---- exercises: the expected values worked out by hand ------------------------------------------------
def _sig(s):
    return 1 / (1 + math.exp(-s))


# The exercise: the example's weights, x = (0.6, 0.1), t = 0, η = 0.5.
_y1 = [_sig(0.1 * 0.6 + 0.8 * 0.1), _sig(0.4 * 0.6 + 0.6 * 0.1 + 0.1), _sig(-0.3 * 0.6 + 0.5 * 0.1 - 0.2)]
#      s = 0.14 → 0.5349,          s = 0.40 → 0.5987,                  s = −0.33 → 0.4182
_y2 = [_sig(0.3 * _y1[0] + 0.9 * _y1[1] - 0.5 * _y1[2] + 0.1),
       _sig(-0.2 * _y1[0] + 0.4 * _y1[1] + 0.7 * _y1[2] - 0.1)]         # 0.6434, 0.5806
_y3 = _sig(0.8 * _y2[0] - 0.6 * _y2[1] + 0.2)                           # 0.5906
_d3 = (_y3 - 0.0) * _y3 * (1 - _y3)                                     # 0.5906·0.5906·0.4094 = 0.1428
_d2_2 = (-0.6 * _d3) * _y2[1] * (1 - _y2[1])                            # −0.08568·0.2435 = −0.02086
_dw = -0.5 * _d2_2 * _y1[2]                                             # 0.5·0.02086·0.4182 = 0.004363


def test_exercise_numbers_show_what_is_needed():
    text = l05.exercise_numbers()
    assert "y₂⁽²⁾ = 0.5806" in text and "y₃⁽¹⁾ = 0.4182" in text
    assert "δ₁⁽³⁾ = e·y₁⁽³⁾·(1 − y₁⁽³⁾) = 0.5906·0.5906·(1 − 0.5906) = 0.1428" in text
    assert f"{_d3:.4f}" == "0.1428"


def test_check_error_signal():
    assert _d2_2 == pytest.approx(-0.02086, abs=5e-6)
    assert l05.check_error_signal(_d2_2).correct
    assert l05.check_error_signal(-0.02086).correct                   # rounded as on screen
    wrong = l05.check_error_signal(-0.6 * _d3)                         # without f′(s)
    assert not wrong.correct and "Hint" in wrong.message
    assert not l05.check_error_signal(None).correct
    assert "Not answered yet" in l05.check_error_signal(None).message


def test_check_weight_update():
    assert _dw == pytest.approx(0.004363, abs=5e-7)
    assert l05.check_weight_update(_dw).correct
    assert l05.check_weight_update(0.004363).correct
    assert "wrong sign" in l05.check_weight_update(-_dw).message
    assert not l05.check_weight_update(None).correct


def test_exercise_figure_shows_forward_values_and_the_output_error_signal_only():
    picture = l05.exercise_figure()
    assert picture.diagram.label(("s", 1, 0)) == "Σ\n0.14"                 # 0.1·0.6 + 0.8·0.1
    assert picture.diagram.label(("delta", 3, 0)) == "δ = 0.1428"
    assert picture.diagram.label(("delta", 2, 1)) == ""                    # the exercise's answer
    assert picture.controls == {} and "exercise" in picture.caption()


# ---- exercise 3: the batched backward pass ---------------------------------------------------------
def _batched_by_hand():
    """BP1–BP3 for the four XOR rows written with plain loops over the examples, then averaged."""
    x4, t4 = bplib.logic_gate("XOR")
    W1, W2, W3 = (np.array(w) for w in l05.EXAMPLE_WEIGHTS)
    b1, b2, b3 = (np.array(b) for b in l05.EXAMPLE_BIASES)
    sums = [np.zeros_like(W1), np.zeros_like(W2), np.zeros_like(W3)]
    for x, t in zip(x4, t4):
        y1 = 1 / (1 + np.exp(-(W1 @ x + b1)))
        y2 = 1 / (1 + np.exp(-(W2 @ y1 + b2)))
        y3 = 1 / (1 + np.exp(-(W3 @ y2 + b3)))
        d3 = (y3 - t) * y3 * (1 - y3)
        d2 = np.array([sum(W3[k, j] * d3[k] for k in range(1)) for j in range(2)]) * y2 * (1 - y2)
        d1 = np.array([sum(W2[k, j] * d2[k] for k in range(2)) for j in range(3)]) * y1 * (1 - y1)
        for g, d, y in zip(sums, (d1, d2, d3), (x, y1, y2)):
            g += np.outer(d, y)
    return [g / 4 for g in sums]


def test_check_batched_backward():
    right = _batched_by_hand()
    assert l05.check_batched_backward(right).correct
    assert right[2][0, 0] == pytest.approx(0.01410, abs=5e-6)        # quoted in the worked solution
    assert right[0][0, 0] == pytest.approx(0.00008537, abs=5e-9)
    four = l05.check_batched_backward([4 * g for g in right])
    assert not four.correct and "4 times too large" in four.message and "1/N" in four.message
    wrong = l05.check_batched_backward([right[0], -right[1], right[2]])
    assert not wrong.correct and "Hint" in wrong.message
    assert "Not answered yet" in l05.check_batched_backward(None).message
    assert "list of three arrays" in l05.check_batched_backward([1, 2]).message


def test_worked_solution_of_exercise_3_runs():
    x4, t4 = bplib.logic_gate("XOR")
    net4 = l05.example_network()
    net4.forward(x4)
    y1, y2, y3 = net4.y
    delta3 = (y3 - t4) / len(x4) * y3 * (1 - y3)
    W1, W2, W3 = net4.weights
    delta2 = (delta3 @ W3) * y2 * (1 - y2)
    delta1 = (delta2 @ W2) * y1 * (1 - y1)
    assert l05.check_batched_backward([delta1.T @ x4, delta2.T @ y1, delta3.T @ y2]).correct


# ---- recap ---------------------------------------------------------------------------------------
def test_recap_questions_are_right():
    q1, q2, q3 = l05.QUESTIONS
    # q1: f′·Σ w·δ = 0.25·(0.5·0.2 + 1·(−0.1))
    assert float(q1.options[q1.answer]) == pytest.approx(0.25 * (0.5 * 0.2 + 1 * (-0.1)), abs=1e-12)
    # q2: entry j of delta @ W is Σₖ δₖ·W[k, j]
    rng = np.random.default_rng(0)
    delta, W = rng.normal(size=(1, 3)), rng.normal(size=(3, 4))
    by_sum = np.array([[sum(delta[0, k] * W[k, j] for k in range(3)) for j in range(4)]])
    assert q2.options[q2.answer] == "delta @ W" and np.allclose(delta @ W, by_sum)
    # q3: the slope of the average error is the average of the slopes
    x4, t4 = bplib.logic_gate("XOR")
    net = l05.example_network()
    batch = net.backward(x4, t4)[0][2]
    each = [net.backward(x4[n], t4[n])[0][2] for n in range(4)]
    assert "average" in q3.options[q3.answer] and np.allclose(batch, sum(each) / 4)
    for q in l05.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
    box = l05.recap()
    assert len(box.children) == 1 + 3


def test_the_diagram_is_laid_out_once_and_kept():
    # plots.keep_layout: constrained layout once, then the layout engine is off until a tick label changes
    demo = l05.step_through()
    position = demo.diagram.ax.get_position().bounds
    assert type(demo.fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    demo.set(stage=20, lr=2.0)
    assert demo.diagram.ax.get_position().bounds == position
    trainer = l05.trainer()
    before = trainer.fig._kept_layout
    trainer.train_and_show(2000)                     # the epoch axis gets new numbers: laid out again
    assert trainer.fig._kept_layout != before
