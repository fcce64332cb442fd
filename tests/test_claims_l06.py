"""Lesson 06: every number in the notebook's text and every "try this", checked independently.

Each test quotes the sentence it checks. Numbers are recomputed with plain numpy and the core
``bplib.Network`` (not the lesson module that shows them); "try this" is done on the widget itself.
"""

import math

import numpy as np
import pytest

import bplib
from bplib import Network, training
from bplib.lessons import plots
from bplib.lessons import l06
from bplib.network import DivergenceError


@pytest.fixture(scope="module")
def moons():
    return bplib.two_class(n=100, noise=0.15, seed=0)


def tanh_net(hidden, seed=0, output="sigmoid"):
    return Network([2, hidden, 1], activation="tanh", output_activation=output, seed=seed)


# -- the data and the activations -------------------------------------------------------------------
def test_class_0_upper_moon_class_1_lower_and_no_straight_line(moons):
    """ "class 0 (vermilion) on the upper moon, class 1 (blue) on the lower one. No straight line
    separates them" """
    x, t = bplib.two_class(n=200, noise=0.0, seed=0)
    assert x[t[:, 0] == 0, 1].mean() > x[t[:, 0] == 1, 1].mean()
    assert plots.NEGATIVE == plots.VERMILION and plots.POSITIVE == plots.BLUE
    # The best straight line (least squares on [x₁, x₂, 1], thresholded at ½) misclassifies some points.
    A = np.column_stack([x, np.ones(len(x))])
    w, *_ = np.linalg.lstsq(A, t[:, 0], rcond=None)
    assert np.mean((A @ w >= 0.5) == (t[:, 0] == 1)) < 1.0


def test_tanh_slope_is_one_minus_y_squared():
    """ "tanh'(s) = 1 − y² with y = tanh(s): it is 1 at s = 0, four times the sigmoid's largest slope ¼" """
    s = np.linspace(-3, 3, 61)
    h = 1e-6
    numeric = (np.tanh(s + h) - np.tanh(s - h)) / (2 * h)
    assert np.allclose(numeric, 1 - np.tanh(s) ** 2, atol=1e-8)
    sig = lambda v: 1 / (1 + np.exp(-v))
    sig_slope = (sig(s + h) - sig(s - h)) / (2 * h)
    assert sig_slope.max() == pytest.approx(0.25, abs=1e-6) and 1 - np.tanh(0) ** 2 == 4 * 0.25


@pytest.mark.parametrize("lr", [0.3, 1.0, 3.0])
def test_tanh_hidden_layer_reaches_a_lower_error_than_all_sigmoid(moons, lr):
    """ "Here, at the same η, such a network reaches a lower error in 200 epochs than an all-sigmoid one." """
    x, t = moons
    ends = []
    for hidden_act in ("tanh", "sigmoid"):
        net = Network([2, 8, 1], activation=hidden_act, output_activation="sigmoid", seed=0)
        ends.append(net.fit(x, t, lr=lr, epochs=200, batch_size=10, seed=0).errors[-1])
    assert ends[0] < ends[1]


# -- 1. batch sizes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("B, updates", [(1, 100), (10, 10), (30, 4), (100, 1)])
def test_an_epoch_makes_ceil_n_over_B_updates(moons, B, updates):
    """ "One epoch makes ⌈n / B⌉ updates." (counted by watching the weights change) """
    x, t = moons
    net = tanh_net(8)
    seen = []
    original = net.step          # fit makes each update through the network's public step

    def counting(*args, **kwargs):
        seen.append(len(args[0]))
        return original(*args, **kwargs)

    net.step = counting
    net.fit(x, t, lr=0.3, epochs=1, batch_size=B, seed=0)
    assert len(seen) == updates == math.ceil(100 / B) and sum(seen) == 100


def test_a_batch_forward_pass_is_one_matrix_product(moons):
    """ "the forward pass for the B samples of a batch is one matrix product, S = X Wᵀ + b, with one row of
    X per sample — B rows for a mini-batch, n for the whole set, a single row for B = 1" """
    x, _ = moons
    net = tanh_net(8)
    W, b = net.weights[0], net.biases[0]
    S = x[:10] @ W.T + b
    rows = np.array([x[i:i + 1] @ W.T + b for i in range(10)])[:, 0, :]
    assert np.allclose(S, rows)
    net.forward(x[:10])
    assert np.allclose(net.s[0], S)


def test_per_epoch_every_example_wins_and_the_whole_set_is_quicker_per_epoch():
    """ "Per epoch, updating after every example wins: it makes 100 updates while the whole set makes one;
    mini-batches of 10 (10 updates) end in between." "an epoch of the whole set is much quicker than an
    epoch of B = 1" (the demo as it opens) """
    demo = l06.batch_sizes()
    every, mini, whole = demo.runs
    assert (every["batch_size"], mini["batch_size"], whole["batch_size"]) == (1, 10, None)
    assert every["errors"][-1] < mini["errors"][-1] < whole["errors"][-1]
    assert whole["seconds"][-1] < every["seconds"][-1] / 3


def test_exercise_1_and_2_worked_solutions():
    """ "six full batches of 32 take 6 · 32 = 192 samples, and the 8 left over make a seventh ... 7";
    "200 · 50 = 10 000 updates" """
    assert 200 // 32 == 6 and 6 * 32 == 192 and 200 - 192 == 8 and math.ceil(200 / 32) == 7
    assert l06.check_updates_per_epoch(7) and l06.check_total_updates(10000) and 200 * 50 == 10000


# -- 2. starting weights ----------------------------------------------------------------------------
def test_equal_rows_stay_equal_by_hand():
    """Exercise 3's worked solution: "the same δ ... every update changes the four rows by the same amount
    ... 1 distinct row" — one backward pass by hand in numpy, then 200 epochs with the core network."""
    x, t = bplib.two_class(n=100, noise=0.1, seed=1)
    W1, b1, w2, b2 = np.full((4, 2), 0.5), np.zeros(4), np.full(4, 0.5), 0.0
    y1 = np.tanh(x @ W1.T + b1)
    y2 = 1 / (1 + np.exp(-(y1 @ w2 + b2)))
    d2 = (y2 - t[:, 0]) * y2 * (1 - y2)
    d1 = (1 - y1 ** 2) * np.outer(d2, w2)
    gW = d1.T @ x / len(x)
    assert np.allclose(gW, gW[0]) and np.allclose(d1, d1[:, :1])
    net = l06.equal_network()
    net.fit(x, t, lr=0.5, epochs=200, batch_size=10, seed=0)
    rows = np.column_stack([net.weights[0], net.biases[0]])
    assert len({r.tobytes() for r in rows}) == 1
    assert l06.check_distinct_hidden_neurons(1)


def test_try_all_equal_lines_lie_on_top_of_each_other():
    """ "with equal starting weights the four neurons' lines lie on top of each other all the way" (200
    epochs) """
    demo = l06.starting_weights()
    demo.set(start="all equal")
    solid = [line.get_ydata() for line, _ in demo.lines]
    dashed = [line.get_ydata() for _, line in demo.lines]
    assert len(solid[0]) == 201
    assert all(np.array_equal(solid[0], s) for s in solid) and all(np.array_equal(dashed[0], d) for d in dashed)


def test_one_feature_draws_a_straight_boundary_four_draw_a_curved_one():
    """ "With one feature ... the output depends on the point only through w₁x₁ + w₂x₂ + b, so the boundary
    is a straight line; random starting weights give four different features and a curved boundary." """
    demo = l06.starting_weights()
    for start, straight in (("all equal", True), ("random", False)):
        demo.set(start=start, epoch=200)
        W, b = demo.net.weights[0], demo.net.biases[0]
        grid = demo.plane.inputs
        y = demo.net.forward(grid)[:, 0]
        z = grid @ W[0] + b[0]                     # the first neuron's adder over the plane
        order = np.argsort(z)
        monotone = np.all(np.diff(y[order]) >= -1e-12) or np.all(np.diff(y[order]) <= 1e-12)
        assert monotone == straight, start
        # where the output crosses ½: for one feature, a single value of the adder
        inside = np.abs(y - 0.5) < 0.02
        if straight and inside.any():
            assert np.ptp(z[inside]) < 0.2 * np.ptp(z)


# -- 3. the learning rate ---------------------------------------------------------------------------
def test_the_lr_slider_notches():
    """ "each notch multiplies η by about 1.47, from 0.001 to 10" """
    demo = l06.learning_rate()
    assert demo.rates[0] == 0.001 and demo.rates[-1] == 10.0
    assert 10 ** (1 / 6) == pytest.approx(1.47, abs=0.005)
    assert np.allclose(np.diff(np.log10(demo.rates)), 1 / 6, atol=0.003)


def test_a_sigmoid_output_keeps_the_error_below_a_half():
    """ "a sigmoid output cannot exceed 1, so its error stays below ½" """
    y = 1 / (1 + np.exp(-np.linspace(-50, 50, 1001)))
    assert np.all(0.5 * (y - 0) ** 2 <= 0.5) and np.all(0.5 * (y - 1) ** 2 <= 0.5)


def test_best_eta_one_notch_below_the_edge():
    """ "here the best η, 1, sits one notch below the first that diverges, 1.47" (training error after 100
    epochs, full batch, linear output) """
    x, t = bplib.two_class(n=100, noise=0.15, seed=0)
    rates = [float(f"{10 ** e:.3g}") for e in np.linspace(-3, 1, 25)]
    finals = {}
    for lr in rates:
        net = tanh_net(6, output="identity")
        try:
            finals[lr] = net.fit(x, t, lr=lr, epochs=100).errors[-1]
        except DivergenceError:
            pass
    first_diverged = min(lr for lr in rates if lr not in finals)
    best = min(finals, key=finals.get)
    assert (best, first_diverged) == (1.0, 1.47)
    assert rates.index(first_diverged) == rates.index(best) + 1
    assert all(lr in finals for lr in rates if lr < first_diverged)


# -- 4. validation and test -------------------------------------------------------------------------
def test_the_split_and_the_choice_on_validation(moons):
    """ "20 samples for the test, then 20 of the rest for validation"; "Validation picks 8 hidden neurons" """
    x, t = moons
    x_rest, t_rest, x_test, t_test = training.train_test_split(x, t, test_fraction=0.2, seed=0)
    x_train, t_train, x_val, t_val = training.train_test_split(x_rest, t_rest, test_fraction=0.25, seed=0)
    assert (len(x_train), len(x_val), len(x_test)) == (60, 20, 20)
    together = np.vstack([x_train, x_val, x_test])
    assert len({p.tobytes() for p in together}) == 100
    val = {}
    for hidden in (1, 2, 8):
        net = tanh_net(hidden)
        net.fit(x_train, t_train, lr=2.0, epochs=500)
        val[hidden] = np.mean((net.forward(x_val)[:, 0] >= 0.5) == (t_val[:, 0] == 1))
    assert max(val, key=val.get) == 8 and list(val.values()).count(val[8]) == 1


def _fit_noise_demo(noise, label_noise, hidden):
    x, t = bplib.two_class(40, noise=noise, label_noise=label_noise, seed=0)
    a, b, c, d = training.train_test_split(x, t, test_fraction=0.5, seed=0)
    net = tanh_net(hidden)
    history = net.fit(a, b, lr=0.5, epochs=500, x_val=c, t_val=d)
    return np.array(history.errors), np.array(history.val_errors)


def test_defaults_overfit_after_37_epochs():
    """ "With the defaults (noise 0.1, 10% of labels flipped, 40 hidden neurons), 500 epochs: the training
    error falls all the way, while the validation error is lowest after 37 epochs (the dot) and then
    rises"; "half of 40 points"; "on the whole set at η = 0.5" """
    errors, val = _fit_noise_demo(0.1, 0.1, 40)
    assert np.all(np.diff(errors) <= 0) and int(np.argmin(val)) == 37 and val[-1] > 1.1 * val.min()
    demo = l06.noise_and_held_out()
    assert (demo.values()["noise"], demo.values()["label_noise"], demo.values()["hidden"]) == (0.1, 0.1, 40)
    assert len(demo.x) == len(demo.x_val) == 20 and l06.NOISE_LR == 0.5 and l06.NOISE_BATCH is None
    assert int(np.argmin(demo.val_errors)) == 37 and len(demo.errors) == 501
    assert tuple(demo.best.get_xydata()[0]) == (37, demo.val_errors[37])
    assert "lowest after 37 epochs" in demo.texts["summary"].value


def test_try_little_noise_both_errors_fall_together():
    """ "Set noise to 0.05 and flipped labels to 0: both errors fall together, for all 500 epochs." """
    demo = l06.noise_and_held_out(train=False)
    demo.set(noise=0.05, label_noise=0.0)
    demo.click("train")
    assert len(demo.errors) == 501
    assert np.all(np.diff(demo.errors) <= 0) and np.all(np.diff(demo.val_errors) <= 1e-12)
    errors, val = _fit_noise_demo(0.05, 0.0, 40)
    assert np.allclose(errors, demo.errors) and np.allclose(val, demo.val_errors)


def test_try_three_hidden_neurons_end_lower():
    """ "with 3, the validation error after 500 epochs ends well below the one with 40" """
    demo = l06.noise_and_held_out()
    with_40 = demo.val_errors[-1]
    demo.set(hidden=3)
    demo.click("train")
    assert len(demo.val_errors) == 501 and demo.val_errors[-1] < 0.85 * with_40
    _, val = _fit_noise_demo(0.1, 0.1, 3)
    assert val[-1] == pytest.approx(demo.val_errors[-1])


# -- 5. training time -------------------------------------------------------------------------------
def test_error_falls_fast_then_slowly(moons):
    """ "The error falls fast at first and then ever more slowly" (the Stopwatch run: B = 10, η = 0.3) """
    x, t = moons
    errors = np.array(tanh_net(8).fit(x, t, lr=0.3, epochs=100, batch_size=10).errors)
    assert errors[0] - errors[10] > 3 * (errors[50] - errors[100])


def test_try_runs_add_up_to_five_and_stop_at_the_time_limit(monkeypatch):
    """ "Each press of Train adds a run (up to five)"; "A run stops by itself after 30 s." """
    assert l06.TIME_LIMIT == 30.0 and l06.MAX_RUNS == 5
    demo = l06.training_time(epochs=50, batch_size=200)
    for _ in range(6):
        demo.click("train")
    assert len(demo.runs) == 5
    monkeypatch.setattr(l06, "TIME_LIMIT", 0.05)
    demo.set(epochs=3000, batch_size=1)
    demo.click("train")
    assert len(demo.runs[-1]["errors"]) - 1 < 3000
    assert "stopped at the 0.05 s limit" in demo.texts["runs"].value


# -- 6. the playground ----------------------------------------------------------------------------------
from bplib.data import plane_data  # noqa: E402
from bplib.lessons import playground as pg  # noqa: E402


def _plain_run(data, sizes, lr, epochs, noise=0.0, l2=0.0, batch_size=10):
    """The playground's defaults done with the core alone: 200 points, half trained on, seeds 0."""
    x, t = plane_data(data, 200, noise=noise, seed=0)
    x, t, x_val, t_val = training.train_test_split(x, t, test_fraction=0.5, seed=0)
    net = Network([2, *sizes, 1], activation="tanh", output_activation="sigmoid", seed=0)
    for epoch in range(1, epochs + 1):
        net.fit(x, t, lr, epochs=1, batch_size=batch_size, seed=epoch, l2=l2)

    def right(xs, ts):   # by hand: the output rounded to a class
        return round(100 * np.mean((net.forward(xs)[:, 0] >= 0.5) == (ts[:, 0] == 1)))

    def E(xs, ts):       # ½ (y − t)², averaged
        return float(np.mean(0.5 * (net.forward(xs)[:, 0] - ts[:, 0]) ** 2))

    return {"train_right": right(x, t), "val_right": right(x_val, t_val), "E": E(x, t), "E_val": E(x_val, t_val),
            "w2": sum(float((W ** 2).sum()) for W in net.weights), "net": net}


def test_playground_controls_as_the_text_lists_them():
    """ "five sets of points ... XOR, circle, Gaussian clusters, two moons and a spiral", "the share of the
    200 points trained on (the rest are validation points, the diamonds)", "1 to 3 hidden layers of 1 to 8
    neurons", "the output neuron is a sigmoid", "five epochs a frame" """
    demo = pg.playground()
    assert [label for label, _ in demo.controls["data"].options] == ["XOR", "circle", "Gaussian clusters",
                                                                     "two moons", "spiral"]
    assert len(demo.x) + len(demo.x_val) == 200 and len(demo.x) == round(200 * demo.controls["train_fraction"].value)
    assert demo.plane.held.get_paths()[0] is not demo.plane.train.get_paths()[0]   # diamonds, not circles
    layers = demo.controls["layers"]
    assert (layers.min, layers.max) == (1, 3)
    assert all((demo.controls[f"n{k}"].min, demo.controls[f"n{k}"].max) == (1, 8) for k in (1, 2, 3))
    assert demo.net.output_activation.name == "sigmoid"
    import asyncio
    demo.play_button.value = True
    asyncio.run(demo.play(frames=1))
    assert demo.epoch == 5


def test_l2_adds_half_lambda_sum_w2_and_lambda_w_to_the_slopes_not_to_the_biases():
    """ "the error trained on is E + (λ/2)·Σw², so every slope ∂E/∂w gains λ·w ... (the biases are not
    shrunk)" """
    net = Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    x, t = plane_data("circle", 20, seed=1)
    lam = 0.3
    y = net.forward(x)
    E = np.mean(0.5 * (y - t) ** 2)
    assert net.error(x, t, l2=lam) == pytest.approx(E + lam / 2 * sum((W ** 2).sum() for W in net.weights))
    dW0, db0 = net.backward(x, t)
    dW, db = net.backward(x, t, l2=lam)
    for a, b, W in zip(dW, dW0, net.weights):
        np.testing.assert_allclose(a - b, lam * W, atol=1e-12)
    for a, b in zip(db, db0):
        np.testing.assert_array_equal(a, b)


def test_the_left_picture_blue_high_vermilion_low_and_the_line_colours():
    """ "blue high, vermilion low, white between", "blue for a positive weight and vermilion for a
    negative one, and the larger the weight, the thicker the line" """
    demo = pg.playground()
    cmap = demo.mosaic.get_cmap()
    assert plots.matplotlib.colors.to_hex(cmap(1.0)) == plots.BLUE.lower()
    assert plots.matplotlib.colors.to_hex(cmap(0.0)) == plots.VERMILION.lower()
    assert np.allclose(cmap(0.5)[:3], 1.0, atol=2 / 255)   # white, to the colour map's 256 steps
    weights = np.concatenate([W.ravel() for W in demo.net.weights])
    colours = [plots.matplotlib.colors.to_hex(c) for c in demo.connections.get_colors()]
    assert colours == [plots.BLUE.lower() if w > 0 else plots.VERMILION.lower() for w in weights]
    widths = np.asarray(demo.connections.get_linewidths())
    order = np.argsort(np.abs(weights))
    assert np.all(np.diff(widths[order]) >= 0) and widths[order[-1]] > widths[order[0]]


def _accuracies(demo):
    text = demo.texts["run"].value
    train, val = (int(v) for v in __import__("re").findall(r"\((\d+)% right", text))
    return train, val


def test_try_this_the_spiral_needs_many_neurons():
    """ "spiral, one hidden layer of 2 neurons and η = 1, and play to epoch 500: only about half the
    validation points are right (52 %). Now two hidden layers of 8 neurons: by epoch 400 every training
    point and 84 % of the validation points are right." """
    small = _plain_run("spiral", (2,), 1.0, 500)
    assert small["val_right"] == 52
    large = _plain_run("spiral", (8, 8), 1.0, 400)
    assert large["train_right"] == 100 and large["val_right"] == 84
    demo = pg.playground()                                     # the same, with the widget
    demo.set(data="spiral", layers=1, n1=2, lr=1.0)
    demo.train(500)
    demo.update()
    assert _accuracies(demo)[1] == 52 and "Epoch 500" in demo.texts["run"].value
    demo.set(layers=2, n1=8, n2=8)
    demo.train(400)
    demo.update()
    assert _accuracies(demo) == (100, 84)


def _steepest(demo):
    """The largest change of the output y between two neighbouring pixels of the middle picture."""
    img = np.asarray(demo.plane.image.get_array(), float)
    return max(np.abs(np.diff(img, axis=0)).max(), np.abs(np.diff(img, axis=1)).max())


def test_try_this_l2_smooths_the_boundary():
    """ "two moons with noise 1, two layers of 8 neurons and η = 0.3, and play to epoch 300. With λ = 0 the
    boundary is sharp and winding, the weights' Σw² is about 32, and the error on the training data (0.0539)
    is far below the error on the validation data (0.0897). Press Reset, set λ = 0.01 and play to epoch 300
    again: Σw² is about 3, the lines are thin, the boundary is smooth, and the validation error is lower
    (0.0845) though the training error is higher (0.0703)." """
    free = _plain_run("moons", (8, 8), 0.3, 300, noise=1.0)
    assert round(free["w2"]) == 32 and round(free["E"], 4) == 0.0539 and round(free["E_val"], 4) == 0.0897
    decayed = _plain_run("moons", (8, 8), 0.3, 300, noise=1.0, l2=0.01)
    assert round(decayed["w2"]) == 3 and round(decayed["E"], 4) == 0.0703 and round(decayed["E_val"], 4) == 0.0845

    demo = pg.playground()
    demo.set(data="moons", noise=1.0, layers=2, n1=8, n2=8, lr=0.3)
    demo.train(300)
    demo.update()
    text = demo.texts["run"].value
    assert "training data E = 0.0539 " in text and "validation data E = 0.0897 " in text and "Σw² = 31.8" in text
    sharp, thick = _steepest(demo), max(demo.connections.get_linewidths())
    demo.click("reset")
    demo.set(l2=0.01)
    demo.train(300)
    demo.update()
    text = demo.texts["run"].value
    assert "training data E = 0.0703 " in text and "validation data E = 0.0845 " in text and "Σw² = 3.06" in text
    assert _steepest(demo) < sharp / 5, "the boundary is smooth: no sudden step between neighbouring pixels"
    assert max(demo.connections.get_linewidths()) < thick / 2, "the lines are thin"


def test_exercise_4_one_update_multiplies_an_idle_weight_by_1_minus_eta_lambda():
    """ "With η = 0.3 and λ = 0.1, by what factor does one update multiply that weight?" — "(1 − 0.3 · 0.1)·w =
    **0.97**·w: every update takes 3 % off the weight. After 100 such updates 0.97¹⁰⁰ ≈ 0.048" """
    net = Network([2, 1], activation="sigmoid", seed=3)
    x = np.array([[0.0, 1.0], [0.0, -2.0], [0.0, 0.5]])   # the first input is 0 for every point: ∂E/∂w₁ = 0
    t = np.array([[1.0], [0.0], [1.0]])
    w = net.weights[0][0, 0]
    net.step(x, t, lr=0.3, l2=0.1)
    assert net.weights[0][0, 0] / w == pytest.approx(0.97, abs=1e-12)
    for _ in range(99):
        net.step(x, t, lr=0.3, l2=0.1)
    assert round(net.weights[0][0, 0] / w, 3) == 0.048
    assert pg.check_decay_factor(0.97, lr=0.3, l2=0.1).correct
    assert "too large" in str(pg.check_decay_factor(1.03)) and "Hint" in str(pg.check_decay_factor(1.03))
    assert "too small" in str(pg.check_decay_factor(0.7))
    assert not pg.check_decay_factor(0.96).correct and "0.97" not in str(pg.check_decay_factor(0.96))


def test_beyond_the_playground_inspector_code_and_export(tmp_path, monkeypatch):
    """ "The inspector ... shows one neuron ... at one training point ...; both are ringed in the pictures):
    its adder output s, its output y, its error signal δ, and each incoming weight with ∂E/∂w for that one
    point", "Show as code writes the few lines of bplib that redo the run exactly", "Export saves the weights
    and every epoch's errors to playground_run.json next to this notebook; bplib.Network.load(...) reads the
    network back" (the inspector's numbers by hand and the code's exactness: tests/test_playground.py) """
    demo = pg.playground()
    demo.set(neuron=(1, 1), point=9)
    assert np.array_equal(demo.chosen_point.get_xydata()[0], demo.x[9])           # the point's ring
    x0, y0 = demo.chosen_neuron.get_xy()                                            # the neuron's frame:
    assert (x0, y0) == (4 * demo.tile, 1 * demo.tile)                               # layer 2, 2nd picture
    text = demo.texts["inspector"].value
    assert all(word in text for word in ("adder output s", "y = f(s)", "error signal δ", "∂E/∂w"))
    demo.train(3)
    scope = {}
    exec(demo.code(), scope)
    assert all(np.array_equal(a, b) for a, b in zip(scope["net"].weights, demo.net.weights))
    monkeypatch.chdir(tmp_path)        # the notebook's kernel runs in the notebooks folder
    demo.click("export")
    back = bplib.Network.load("playground_run.json")
    assert all(np.array_equal(a, b) for a, b in zip(back.weights, demo.net.weights))


def test_summary_l2_update_is_one_minus_eta_lambda_times_w_minus_eta_slope():
    """ "each update is w ← (1 − ηλ)·w − η·∂E/∂w" (the fading and the smoother boundary: the tests of
    Exercise 4 and of the try-this above) """
    net = Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=5)
    x, t = plane_data("XOR", 30, seed=2)
    eta, lam = 0.3, 0.05
    W = [w.copy() for w in net.weights]
    dW, _ = net.backward(x, t)                       # the data's slopes, without λ
    net.step(x, t, lr=eta, l2=lam)
    for new, old, slope in zip(net.weights, W, dW):
        np.testing.assert_allclose(new, (1 - eta * lam) * old - eta * slope, atol=1e-12)
