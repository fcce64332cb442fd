"""The playground (lesson 06's last section, bplib/lessons/playground.py), checked against bplib itself.

Every control is swept by tests/test_builders.py (it is in l06.BUILDERS). Here: Step is exactly one
``net.fit(..., epochs=1, seed=epoch)``; Reset and New weights; the run written as code redoes the run to
the same weights, η and λ changed half-way; Export loads back; divergence is said in words and stops Play;
Play, run in an asyncio loop as the kernel runs it, trains until paused and reads η between frames.
"""

import asyncio
import html
import json
import re

import numpy as np
import pytest

import bplib
from bplib.data import plane_data
from bplib.lessons import l06
from bplib.lessons.playground import EPOCHS_PER_FRAME, Playground
from bplib.training import train_test_split
from tests.screen import problems


def _same_weights(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a.weights + a.biases, b.weights + b.biases))


def _reference(data="circle", noise=0.0, fraction=0.5, data_seed=0, sizes=(2, 4, 2, 1), activation="tanh",
               seed=0):
    """The same data and network, made with bplib directly."""
    x, t = plane_data(data, 200, noise=noise, seed=data_seed)
    x, t, x_val, t_val = train_test_split(x, t, test_fraction=round(1 - fraction, 1), seed=data_seed)
    net = bplib.Network(list(sizes), activation=activation, output_activation="sigmoid", seed=seed)
    return net, x, t, x_val, t_val


def test_registered_and_still_at_first():
    assert l06.BUILDERS["playground"]().__class__ is Playground
    demo = Playground()
    assert demo.epoch == 0 and not demo.play_button.value and demo._task is None, "Play never starts by itself"
    assert problems(demo) == []
    assert "Epoch 0" in demo.texts["run"].value


def test_step_is_one_epoch_of_fit_with_the_epoch_as_seed():
    demo = Playground(data="XOR", noise=0.2, train_fraction=0.7, data_seed=3, neurons=(3, 5), lr=1.0,
                      batch_size=7)
    net, x, t, x_val, t_val = _reference("XOR", 0.2, 0.7, 3, (2, 3, 5, 1))
    assert np.array_equal(demo.x, x) and np.array_equal(demo.x_val, x_val) and _same_weights(demo.net, net)
    for epoch in (1, 2, 3):
        demo.click("step")
        history = net.fit(x, t, 1.0, epochs=1, batch_size=7, seed=epoch)
    assert demo.epoch == 3 and _same_weights(demo.net, net)
    assert demo.errors[-1] == history.errors[-1]
    assert demo.val_errors[-1] == net.error(x_val, t_val)
    assert "Epoch 3" in demo.texts["run"].value


def test_batch_size_is_at_most_the_training_set():
    demo = Playground(train_fraction=0.1, batch_size=50)       # 20 training points
    net, x, t, _, _ = _reference(fraction=0.1)
    demo.click("step")
    net.fit(x, t, 0.3, epochs=1, batch_size=20, seed=1)
    assert len(demo.x) == 20 and _same_weights(demo.net, net)


def test_reset_keeps_the_starting_weights_and_new_weights_changes_them():
    demo = Playground()
    start = bplib.Network([2, 4, 2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    demo.train(20)
    assert not _same_weights(demo.net, start)
    demo.click("reset")
    assert demo.epoch == 0 and _same_weights(demo.net, start) and demo.segments == []
    demo.click("new_weights")
    other = bplib.Network([2, 4, 2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    assert demo.epoch == 0 and _same_weights(demo.net, other) and not _same_weights(demo.net, start)
    demo.train(5)
    demo.click("reset")
    assert _same_weights(demo.net, other), "Reset goes back to this run's starting weights, not the first run's"


def _run_with_changes(demo):
    demo.train(4)
    demo.set(lr=1.0)            # η changed half-way ...
    demo.train(3)
    demo.set(l2=0.01, batch_size=25)   # ... then λ and B
    demo.click("step")
    demo.set(lr=0.1)
    demo.train(2)


def test_the_code_redoes_the_run_exactly():
    demo = Playground(data="spiral", noise=0.3, train_fraction=0.6, data_seed=2, neurons=(5, 3, 2),
                      activation="relu", lr=0.03, batch_size=10, seed=4)
    _run_with_changes(demo)
    assert demo.epoch == 10 and len(demo.segments) == 4
    code = demo.code()
    scope = {}
    exec(code, scope)
    assert _same_weights(scope["net"], demo.net)
    assert np.array_equal(scope["x_val"], demo.x_val)
    demo.click("code")
    shown = html.unescape(re.sub(r"<[^>]+>", "", demo.texts["code"].value))
    assert code.strip() in shown and "epoch 10" in shown
    demo.click("step")   # the panel follows the run once shown
    assert "range(9, 12)" in html.unescape(demo.texts["code"].value)


def test_export_loads_back(tmp_path):
    demo = Playground(neurons=(3,), activation="sigmoid")
    demo.train(6)
    path = tmp_path / "run.json"
    where = demo.export(str(path))
    assert where == str(path) and str(path) in demo.texts["code"].value
    back = bplib.Network.load(str(path))
    assert back.sizes == [2, 3, 1] and _same_weights(back, demo.net)
    saved = json.loads(path.read_text())["history"]
    assert saved["errors"] == demo.errors and saved["val_errors"] == demo.val_errors and len(saved["errors"]) == 7


def test_the_export_button_writes_into_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    demo = Playground()
    demo.click("export")
    assert (tmp_path / "playground_run.json").exists() and problems(demo) == []


def test_divergence_is_said_in_words_and_stops_play():
    demo = Playground(lr=10.0, l2=3.0)    # each update multiplies every weight by about 1 − ηλ = −29
    demo.play_button.value = True
    for _ in range(200):
        demo.click("step")
    assert demo.diverged and not demo.play_button.value
    text = demo.texts["run"].value
    assert f"Training diverged in epoch {demo.diverged}" in text and "smaller η" in text
    assert demo.epoch == demo.diverged - 1, "the weights of the last good epoch are kept"
    assert "∞" not in text and "Σw² is too large to write" in text   # (their squares overflow)
    assert problems(demo) == []
    epoch = demo.epoch
    demo.click("step")
    assert demo.epoch == epoch, "nothing more until Reset"
    demo.set(lr=0.3, l2=0.0)
    demo.click("reset")
    demo.click("step")
    assert demo.epoch == 1 and not demo.diverged


def test_changing_the_data_or_shape_starts_again_and_stops_play():
    demo = Playground()
    demo.train(5)
    demo.play_button.value = True
    demo.set(data="spiral")
    assert demo.epoch == 0 and not demo.play_button.value
    demo.train(2)
    demo.set(layers=1, n1=6)
    assert demo.sizes == [2, 6, 1] and demo.epoch == 0
    assert [label for label, _ in demo.controls["neuron"].options][-2:] == ["layer 1, neuron 6", "output neuron"]
    demo.train(2)
    demo.set(lr=1.0, batch_size=3, l2=0.1, neuron=(0, 5), point=7)   # none of these starts again
    assert demo.epoch == 2


def test_the_inspector_shows_s_y_and_delta_of_one_point():
    demo = Playground(neurons=(3,), activation="tanh")
    demo.train(5)
    demo.set(neuron=(0, 1), point=4)
    x, t = demo.x[4], demo.t[4, 0]
    (W1, W2), (b1, b2) = demo.net.weights, demo.net.biases
    s = W1 @ x + b1                              # by hand: the hidden layer ...
    y_hidden = np.tanh(s)
    y = 1 / (1 + np.exp(-(W2 @ y_hidden + b2)))  # ... and the output
    delta_out = (y - t) * y * (1 - y)             # E = ½(y − t)², one point
    delta = delta_out[0] * W2[0] * (1 - y_hidden ** 2)
    text = demo.texts["inspector"].value
    for value in (s[1], y_hidden[1], delta[1], delta[1] * x[0], delta[1] * x[1]):
        assert bplib.fmt.fmt(value) in text
    assert "neuron 2 of layer 1 at training point 4" in text
    demo.set(neuron=(1, 0))
    text = demo.texts["inspector"].value
    assert "the output neuron" in text and bplib.fmt.fmt(delta_out[0] * y_hidden[2]) in text


async def _play_until(demo, epochs, change=None):
    demo.play_button.value = True                # as a click in the browser: the toggle starts the task
    task = demo._task
    assert task is not None
    while demo.epoch < epochs:
        await asyncio.sleep(0.005)
    if change:
        demo.set(**change)                       # a slider moved while it plays
        while demo.epoch < 2 * epochs:
            await asyncio.sleep(0.005)
    demo.play_button.value = False
    frames = await asyncio.wait_for(task, 10)
    return frames


def test_play_trains_in_the_loop_until_paused_and_reads_eta_between_frames():
    demo = Playground(lr=0.1)
    frames = asyncio.run(_play_until(demo, 10, change={"lr": 1.0}))
    assert demo.epoch == frames * EPOCHS_PER_FRAME and demo.epoch >= 20
    assert demo.play_button.description == "Play" and problems(demo) == []
    assert [s[0] for s in demo.segments] == [0.1, 1.0], "η changed at the start of the next frame's epochs"
    assert demo.segments[0][4] % EPOCHS_PER_FRAME == 0
    epoch = demo.epoch
    asyncio.run(asyncio.sleep(0.05))
    assert demo.epoch == epoch, "paused: no more epochs"
    scope = {}
    exec(demo.code(), scope)
    assert _same_weights(scope["net"], demo.net)


def test_play_for_a_few_frames_and_a_play_after_divergence_does_nothing():
    demo = Playground()
    demo.play_button.value = True      # no event loop here: nothing starts ...
    assert demo._task is None and demo.epoch == 0
    assert asyncio.run(demo.play(frames=3)) == 3 and demo.epoch == 3 * EPOCHS_PER_FRAME   # ... until run
    demo.set(lr=10.0, l2=3.0)
    asyncio.run(demo.play())            # plays until it diverges
    assert demo.diverged and not demo.play_button.value
    demo.play_button.value = True
    assert not demo.play_button.value, "Play after divergence springs back"


@pytest.mark.parametrize("bad, words", [
    ({"data": "swirl"}, "swirl"),
    ({"neurons": (9,)}, "neurons must list 1 to 3 hidden layers of 1 to 8 neurons, such as (4, 2), got (9,)"),
    ({"neurons": (2, 2, 2, 2)}, "got (2, 2, 2, 2)"),
    ({"noise": 2.0}, "noise must be a number from 0 to 1.5, got 2.0"),
    ({"batch_size": 0}, "batch_size must be a number from 1 to 50, got 0"),
    ({"lr": 0.5}, "lr must be one of 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, got 0.5"),
    ({"activation": "softmax"}, "activation must be one of 'sigmoid', 'tanh', 'relu', got 'softmax'"),
])
def test_bad_settings_are_refused_with_words(bad, words):
    with pytest.raises(Exception) as info:
        Playground(**bad)
    assert words in str(info.value)


def _click(demo, ax, x, y):
    from matplotlib.backend_bases import MouseEvent

    px, py = ax.transData.transform((x, y))
    demo.fig.canvas.callbacks.process("button_press_event",
                                      MouseEvent("button_press_event", demo.fig.canvas, px, py, button=1))


def test_a_click_chooses_the_neuron_or_the_point_for_the_inspector():
    demo = Playground(neurons=(4, 2))
    demo.fig.canvas.draw()                       # the axes' transforms as drawn
    tile = demo.tile
    _click(demo, demo.ax_net, 2 * tile + 5, 3 * tile + 5)         # layer 1's 4th picture
    assert demo.controls["neuron"].value == (0, 3) and "neuron 4 of layer 1" in demo.texts["inspector"].value
    _click(demo, demo.ax_net, 6 * tile + 5, 5)                    # the output's picture
    assert demo.controls["neuron"].value == (2, 0) and "the output neuron" in demo.texts["inspector"].value
    _click(demo, demo.ax_net, 4 * tile + 5, 3 * tile + 5)         # where layer 2 has no 4th neuron
    _click(demo, demo.ax_net, 3 * tile + 5, 5)                    # between two columns
    _click(demo, demo.ax_net, 5, 5)                               # the input x₁
    assert demo.controls["neuron"].value == (2, 0)
    k = 17
    _click(demo, demo.ax_plane, *(demo.x[k] + 0.01))
    assert demo.controls["point"].value == k and f"at training point {k} " in demo.texts["inspector"].value
    assert problems(demo) == []


def test_one_playground_plays_at_a_time():
    old, new = Playground(), Playground()       # say, the cell was run again while the first one played

    async def both():
        old.play_button.value = True
        while old.epoch < 10:
            await asyncio.sleep(0.005)
        new.play_button.value = True
        await asyncio.wait_for(old._task, 10)   # the old one stops
        while new.epoch < 10:
            await asyncio.sleep(0.005)
        new.play_button.value = False
        await asyncio.wait_for(new._task, 10)

    asyncio.run(both())
    assert not old.play_button.value and old.epoch >= 10 and new.epoch >= 10


def test_play_pauses_after_its_limit_and_on_a_problem(monkeypatch):
    import bplib.lessons.playground as pg

    monkeypatch.setattr(pg, "PLAY_LIMIT", 12)
    demo = Playground()
    demo.play_button.value = True
    asyncio.run(demo.play())
    assert demo.epoch == 12 and not demo.play_button.value
    assert "Play paused after 12 epochs in one go; press Play to go on." in demo.texts["run"].value
    demo.play_button.value = True                # Play again goes on for another PLAY_LIMIT epochs
    asyncio.run(demo.play())
    assert demo.epoch == 24 and not demo.play_button.value

    def broken(epochs=1):
        raise RuntimeError("a fault in a frame")

    demo.train = broken
    demo.play_button.value = True
    assert asyncio.run(demo.play()) == 1 and not demo.play_button.value
    assert "a fault in a frame" in demo.status.value
