"""Lesson 06 (training in practice): the five demos and the exercise checkers."""

import re

import numpy as np
import pytest

import bplib
from bplib import two_class
from bplib.lessons import l06
from tests.sweep import assert_sweep
from tests.screen import problems


def _plain(html):
    return re.sub(r"<[^>]+>", " ", html)


# -- every builder ----------------------------------------------------------------------
def test_every_builder_is_listed_and_callable_without_arguments():
    assert set(l06.BUILDERS) == {"batch_sizes", "starting_weights", "learning_rate", "noise_and_held_out",
                                 "training_time", "playground"}   # the playground: tests/test_playground.py


@pytest.mark.parametrize("name", sorted(l06.BUILDERS))
def test_sweep(name):
    demo = l06.BUILDERS[name]()
    assert demo.fig is not None and problems(demo) == []
    assert_sweep(demo, n=200)


# -- helpers ----------------------------------------------------------------------------
def test_lr_options_are_log_spaced_and_labelled_exactly():
    # 10^-1, 10^-0.5 = 0.3162..., 10^0
    assert l06.lr_options(-1, 0, 2) == [("0.1", 0.1), ("0.316", 0.316), ("1", 1.0)]
    values = [v for _, v in l06.lr_options(-3, 1, 6)]
    assert len(values) == 25 and values[0] == 0.001 and values[-1] == 10.0
    ratios = np.diff(np.log10(values))
    assert np.allclose(ratios, 1 / 6, atol=0.01)


def test_distinct_hidden_neurons_by_hand():
    W = np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.5]])
    assert l06.distinct_hidden_neurons(W, np.zeros(3)) == 2
    assert l06.distinct_hidden_neurons(W, np.array([0.0, 1.0, 0.0])) == 3
    assert l06.distinct_hidden_neurons(W[:2], np.zeros(2)) == 1


# -- 1. batch sizes ---------------------------------------------------------------------
def test_batch_sizes_table_counts_updates():
    demo = l06.batch_sizes(batch_size=30, epochs=10)
    html = demo.texts["table"].value
    # 100 samples: B = 1 gives 100 updates per epoch; B = 30 gives 30+30+30+10 = 4; the whole set 1.
    rows = re.findall(r"<tr><td.*?</tr>", html)
    counts = [re.findall(r"<td[^>]*>(\d+)</td>", row)[:2] for row in rows]
    assert counts == [["100", "1000"], ["4", "40"], ["1", "10"]]
    assert [h in html for h in ("update after", "updates per epoch", "final E", "seconds")] == [True] * 4
    assert demo.live.bar.value == demo.live.bar.max == 30


def test_batch_sizes_start_from_the_same_weights():
    demo = l06.batch_sizes(epochs=10)
    starts = {run["errors"][0] for run in demo.runs}
    assert len(starts) == 1
    # Per epoch, updating after every example lowers the error most; the whole set least.
    ends = [run["errors"][-1] for run in demo.runs]
    assert ends[0] < ends[2]


def test_batch_sizes_says_when_the_picture_is_out_of_date():
    demo = l06.batch_sizes(epochs=10)
    demo.set(batch_size=20)
    assert "Settings changed" in demo.texts["note"].value
    demo.click("train")
    assert "Settings changed" not in demo.texts["note"].value
    assert demo.runs[1]["batch_size"] == 20


def test_batch_sizes_at_the_largest_learning_rate_show_only_numbers():
    # A sigmoid output keeps E below ½, so even η = 100 does not make the error infinite.
    demo = l06.batch_sizes(train=False)
    demo.set(lr=100.0, epochs=10, batch_size=2)
    demo.click("train")
    assert len(demo.runs) == 3 and problems(demo) == []
    assert all(0 <= r["errors"][-1] <= 0.5 for r in demo.runs)


# -- 2. starting weights ----------------------------------------------------------------
def test_equal_starting_weights_stay_equal_for_every_epoch():
    params, errors = l06.symmetry_run("all equal")
    assert len(params) == l06.SYMMETRY_EPOCHS + 1
    for (W, b) in params:
        W1, b1 = W[0], b[0]
        assert np.all(W1 == W1[0]) and np.all(b1 == b1[0])    # every hidden neuron the same, exactly
        assert np.all(W[1] == W[1][0, 0])                      # and so are their outgoing weights
    assert errors[-1] < errors[0]                               # it does learn something: one feature


def test_random_starting_weights_learn_different_features():
    params, errors = l06.symmetry_run("random")
    (W, _), (b, _) = params[-1]
    assert l06.distinct_hidden_neurons(W, b) == l06.SYMMETRY_HIDDEN
    equal_errors = l06.symmetry_run("all equal")[1]
    assert errors[-1] < equal_errors[-1]


def test_starting_weights_demo_says_so():
    demo = l06.starting_weights(start="all equal")
    assert "exactly the same weights" in demo.texts["table"].value
    demo.set(start="random", epoch=0)
    assert "differ" in demo.texts["table"].value
    assert "After 0 epochs" in demo.texts["table"].value


def test_symmetry_run_rejects_an_unknown_start():
    with pytest.raises(ValueError, match="start must be 'random' or 'all equal', got 'zero'"):
        l06.symmetry_run("zero")


# -- 3. learning rate -------------------------------------------------------------------
def test_learning_rate_from_slow_to_diverged():
    demo = l06.learning_rate()
    rates = demo.rates
    demo.set(lr=rates[0])
    assert "Slow" in demo.texts["verdict"].value
    demo.set(lr=rates[-1])
    assert "Diverged" in demo.texts["verdict"].value and "smaller η" in demo.texts["verdict"].value
    assert problems(demo) == []
    demo.set(lr=demo.best_lr)
    assert "Learning" in demo.texts["verdict"].value


def test_a_smaller_learning_rate_learns_slower():
    # At small η the error after 100 epochs falls as η grows (gradient descent's steps are η·slope).
    finals = [l06.lr_run(lr)[0][-1] for lr in (0.001, 0.01, 0.1)]
    assert finals[0] > finals[1] > finals[2]


def test_lr_run_never_raises_on_divergence():
    errors, diverged = l06.lr_run(10.0)
    assert diverged is not None and diverged >= 1
    assert np.all(np.isfinite(errors))


# -- 4. noise and held-out data ---------------------------------------------------------
def test_noisy_data_overfits_clean_data_does_not():
    demo = l06.noise_and_held_out()          # noise 0.1, 10% labels flipped, 40 hidden neurons
    assert len(demo.errors) == 501
    assert demo.errors[-1] < demo.errors[0]
    assert demo.val_errors[-1] > min(demo.val_errors) * 1.05
    assert "overfitting" in demo.texts["summary"].value
    clean = l06.noise_and_held_out(noise=0.05, label_noise=0.0, hidden=8)
    assert clean.val_errors[-1] < 0.5 * demo.val_errors[-1]


def test_noise_demo_split_is_held_out():
    demo = l06.noise_and_held_out(train=False)
    assert len(demo.x) == len(demo.x_val) == l06.NOISE_N // 2
    together = {tuple(p) for p in demo.x} | {tuple(p) for p in demo.x_val}
    assert len(together) == l06.NOISE_N
    x, _ = two_class(l06.NOISE_N, noise=0.1, label_noise=0.1, seed=0)
    assert together == {tuple(p) for p in x}


def test_noise_demo_trains_on_and_resets_when_the_data_change():
    demo = l06.noise_and_held_out(epochs=100, train=False)
    demo.click("train")
    demo.click("train")
    assert len(demo.errors) == 201 and "After 200 epochs" in demo.texts["summary"].value
    assert demo.live.bar.value == 100
    demo.set(noise=0.2)
    assert len(demo.errors) == 1 and "After 0 epochs" in demo.texts["summary"].value


# -- 5. training time -------------------------------------------------------------------
def test_training_time_adds_runs_and_keeps_five():
    demo = l06.training_time(epochs=50, batch_size=200)
    for _ in range(5):
        demo.click("train")
    assert len(demo.runs) == l06.MAX_RUNS
    assert all(len(r["errors"]) == len(r["seconds"]) == 51 for r in demo.runs)
    assert all(np.all(np.diff(r["seconds"]) >= 0) for r in demo.runs)
    assert demo.texts["runs"].value.count("<tr>") == 1 + l06.MAX_RUNS
    demo.click("clear")
    assert demo.runs == [] and "Press <b>Train</b>" in demo.texts["runs"].value
    # the cleared (empty) axes start at 0, as the empty figure before the first run does
    for d in (demo, l06.training_time(train=False)):
        for ax in (d.ax_epoch, d.ax_time):
            assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (0, 1)


def test_live_run_redraws_during_a_long_run():
    demo = l06.training_time(train=False)
    demo.widget                   # on the page: frames are pushed only to a demo that is shown
    drawn = []
    demo.live.every = 0.0
    original = demo._show
    demo._show = lambda: drawn.append(1) or original()
    demo.set(epochs=50)
    demo.click("train")
    assert len(drawn) >= 50       # once per epoch with every = 0, plus the final update
    assert demo.live.bar.value == demo.live.bar.max == 50


# -- exercises --------------------------------------------------------------------------
def test_check_updates_per_epoch():
    # 200 samples in batches of 32: 6 full batches (192) and one of 8 → 7 updates.
    assert l06.check_updates_per_epoch(7)
    assert not l06.check_updates_per_epoch(6)
    assert not l06.check_updates_per_epoch(None)
    assert "Not answered yet" in str(l06.check_updates_per_epoch(None))
    assert l06.check_updates_per_epoch(4, n=100, batch_size=25)


def test_check_total_updates():
    # B = 1: 200 updates per epoch, 50 epochs → 10 000.
    assert l06.check_total_updates(10000)
    assert not l06.check_total_updates(50)
    assert not l06.check_total_updates(None)


def test_batch_sizes_figure_has_a_legend_naming_the_three_runs():
    demo = l06.batch_sizes(batch_size=20, epochs=10)
    legend = demo.ax_epoch.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["B = 1", "B = 20", "whole set (B = 100)"]
    assert "matrix form" not in demo.texts["table"].value


def test_recap_questions_are_right():
    q_batches, q_equal, q_stop, q_decay = l06.QUESTIONS
    assert q_batches.options[q_batches.answer] == str(-(-100 // 30)) == "4"
    params, _ = l06.symmetry_run("all equal")
    (W, _), (b, _) = params[-1]
    assert l06.distinct_hidden_neurons(W, b) == 1 and q_equal.options[q_equal.answer] == "still exactly the same"
    assert q_stop.options[q_stop.answer] == "the validation set"
    # the weight from an input that is 0 in every sample has ∂E/∂w = 0: with λ > 0 one step shrinks it
    net = bplib.Network([2, 1], seed=1)
    x, t = np.array([[0.0, 1.0], [0.0, -1.0]]), np.array([[1.0], [0.0]])
    assert net.backward(x, t)[0][0][0, 0] == 0.0
    w = net.weights[0][0, 0]
    net.step(x, t, lr=0.5, l2=0.1)
    assert 0 < net.weights[0][0, 0] / w < 1 and q_decay.options[q_decay.answer] == "shrinks towards 0"
    for q in l06.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
    assert len(l06.recap().children) == 1 + len(l06.QUESTIONS)


def test_check_distinct_hidden_neurons():
    assert l06.check_distinct_hidden_neurons(1)
    assert not l06.check_distinct_hidden_neurons(4)
    assert not l06.check_distinct_hidden_neurons(None)


def test_live_redraws_before_the_figure_is_shown_leave_no_broken_picture():
    # A live redraw pushes a frame at once (canvas.draw). Under ipympl a frame pushed before the browser
    # has shown the figure used to store a PNG without its "data:image/png;base64," prefix in the widget
    # state, and a view built from that state was blank; plots.new_figure stops that sync, so frames may
    # be pushed at any time. Checked on a real ipympl canvas.
    import matplotlib.pyplot as plt

    backend = plt.get_backend()          # before importing ipympl, which may change it
    try:
        pytest.importorskip("ipympl")
        plt.switch_backend("module://ipympl.backend_nbagg")
        demo = l06.training_time(train=False)
        demo.widget
        canvas = demo.fig.canvas
        assert type(canvas).__module__.startswith("ipympl")
        frames = []
        send = canvas.send_binary
        canvas.send_binary = lambda data: frames.append(1) or send(data)
        demo.live.every = 0.0
        demo.set(epochs=50)
        demo.click("train")
        assert len(frames) >= 50 and demo.live.bar.value == 50
        assert canvas._data_url is None or canvas._data_url.startswith("data:image/png;base64,")
    finally:
        plt.switch_backend(backend)
    assert type(l06.learning_rate().fig.canvas).__module__.startswith("matplotlib")   # Agg again


def test_the_progress_bar_is_not_labelled_like_a_control():
    for name, builder in l06.BUILDERS.items():
        demo = builder() if name not in ("batch_sizes", "noise_and_held_out", "training_time") \
            else builder(train=False)
        labels = [w.description for w in demo.controls.values()] + \
            ([demo.live.bar.description] if hasattr(demo, "live") else [])
        assert len(labels) == len(set(labels)), (name, labels)


def test_no_live_frames_while_a_demo_is_being_made():
    # Training inside the builder happens before the cell shows the demo: no frame would be seen.
    demo = l06.training_time(train=False)
    drawn = []
    demo.live.every = 0.0
    original = demo._show
    demo._show = lambda: drawn.append(1) or original()
    demo.train()                          # as the builder does, before demo.widget exists
    assert drawn == [] and demo.live.bar.value == demo.live.bar.max
    demo.widget
    demo.click("train")
    assert len(drawn) >= demo.controls["epochs"].value
