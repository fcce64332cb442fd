"""Lesson 07 (reading characters): the reader's accuracy, the four demos, the exercise checkers."""

import re

import numpy as np
import pytest

from bplib import characters
from bplib.lessons import plots
from bplib.characters import CLASSES
from bplib.lessons import l07


def _plain(html):
    return re.sub(r"<[^>]+>", " ", html)


# -- the recipe, early stopping, the baseline ---------------------------------------------
def test_reader_keeps_the_weights_of_the_lowest_validation_error():
    net, errors, val_errors, diverged, best = l07.train_reader()
    assert diverged is None and errors[-1] < errors[0]
    assert best == int(np.argmin(val_errors))
    x, t = l07.validation_data()
    assert net.error(x, t) == pytest.approx(val_errors[best], rel=1e-9)


def test_reader_beats_the_nearest_picture_on_validation():
    net = l07.trained_reader()
    x, t = l07.validation_data()
    right = int(np.sum(np.argmax(net.forward(x), 1) == np.argmax(t, 1)))
    x_train, t_train = l07.training_data()
    nearest = np.argmin(np.abs(x[:, None, :] - x_train[None]).sum(axis=2), axis=1)
    right_nn = int(np.sum(np.argmax(t_train[nearest], 1) == np.argmax(t, 1)))
    assert right > right_nn


def test_noisy_held_out_copies_are_never_training_pictures():
    train = {p.tobytes() for p in l07.training_data()[0]}
    for noise in (0.05, 0.3):
        for part in (l07.validation_data, l07.test_data):
            x, t = part(noise)
            assert len(x) == 10 * len(part()[0]) and not {p.tobytes() for p in x} & train


def test_reader_training_is_deterministic():
    a = l07.train_reader(hidden=8, epochs=3)[0]
    b = l07.train_reader(hidden=8, epochs=3)[0]
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))


def test_trained_reader_gives_each_caller_its_own_copy():
    a, b = l07.trained_reader(), l07.trained_reader()
    a.weights[0] = np.zeros_like(a.weights[0])
    assert np.any(b.weights[0] != 0)


# -- helpers ----------------------------------------------------------------------------
def test_mosaic_places_each_picture_and_masks_the_gaps():
    pictures = characters.glyphs()
    m = plots.mosaic(pictures, 9, (7, 5))
    assert m.shape == (4 * 8 - 1, 9 * 6 - 1)
    assert np.array_equal(m[0:7, 0:5], pictures[0])            # A, top left
    assert np.array_equal(m[8:15, 6:11], pictures[10])         # K: row 2, column 2
    assert m.mask[7].all() and m.mask[:, 5].all()              # the gaps
    assert not m.mask[0:7, 0:5].any()
    few = plots.mosaic(pictures[:3], 2, (7, 5))                          # 2 rows: the 4th place is empty
    assert few.mask[8:15, 6:11].all()


def test_outputs_table():
    y = np.zeros(36)
    y[CLASSES.index("R")] = 0.57
    text = l07.outputs_table(y)
    assert len(text.splitlines()) == 4 and "R 0.57" in text.splitlines()[1]
    with pytest.raises(ValueError, match="y must hold 36 outputs, one per class, got 10"):
        l07.outputs_table(np.zeros(10))


# -- builders ---------------------------------------------------------------------------
def test_every_builder_is_listed_and_callable_without_arguments():
    assert set(l07.BUILDERS) == {"font_gallery", "reader_trainer", "error_functions", "draw_character",
                                 "hidden_features"}


# -- font gallery -----------------------------------------------------------------------
def test_font_gallery_frames_the_characters_a_shift_would_spoil():
    demo = l07.font_gallery(dx=1)
    # Moving right pushes the right-hand column off: count its lit pixels by hand from the font.
    spoiled = [c for c in CLASSES if sum(row[-1] == "#" for row in characters.FONT[c]) >= 2]
    framed = [c for c, f in zip(CLASSES, demo.frames) if f.get_visible()]
    assert framed == spoiled and "A" in framed and "I" not in framed
    assert f"for {len(spoiled)} characters" in demo.texts["counts"].value


def test_font_gallery_counts_the_flipped_pixels():
    demo = l07.font_gallery(noise=0.2, seed=3)
    flipped = int(re.search(r"Noise flipped (\d+) of 1260", demo.texts["counts"].value).group(1))
    assert abs(flipped - 252) < 60       # 1260 pixels · 0.2 = 252, spread about 14
    shown = demo.image.get_array()
    clean = plots.mosaic(characters.glyphs(), 9, (7, 5))
    assert int(np.sum(shown[~clean.mask] != clean[~clean.mask])) == flipped


# -- the reader -------------------------------------------------------------------------
def test_reader_shows_its_confusion_matrix_and_wrong_characters():
    demo = l07.reader_trainer(epochs=10)
    x, t = l07.validation_data(0.0)
    guess = np.argmax(demo.net.forward(x), axis=1)
    true = np.argmax(t, axis=1)
    counts = np.asarray(demo.conf.get_array())
    for i, j in [(0, 0), (2, 2), (8, 8), (8, 27)]:
        assert counts[i, j] == np.sum((true == i) & (guess == j))
    wrong = int(np.sum(true != guess))
    assert counts.sum() == len(x) and np.trace(counts) == len(x) - wrong
    labels = [lab.get_text() for lab in demo.wrong_labels if lab.get_text()]
    assert len(labels) == min(wrong, l07.N_WRONG)
    first = np.flatnonzero(true != guess)[0]
    assert labels[0] == f"{CLASSES[true[first]]}→{CLASSES[guess[first]]}"


def test_reader_accuracy_falls_with_noise():
    demo = l07.reader_trainer()
    assert demo.accuracies[-1] < demo.accuracies[0] - 0.3
    assert demo.baseline[-1] < demo.baseline[0]
    demo.set(val_noise=0.3)
    assert "Validation accuracy at noise 0.30" in demo.texts["summary"].value
    assert demo.noise_here.get_xydata()[0, 0] == pytest.approx(0.3)


def test_reader_retrains_on_the_button_and_says_when_out_of_date():
    demo = l07.reader_trainer(train=False)
    assert "Press <b>Train</b>" in demo.texts["summary"].value
    demo.set(hidden=8, epochs=5)
    demo.click("train")
    assert demo.net.sizes == [35, 8, 36] and len(demo.errors) == 6
    assert demo.live.bar.value == demo.live.bar.max == 5
    assert "Settings changed" not in demo.texts["summary"].value
    demo.set(epochs=10)
    assert "Settings changed" in demo.texts["summary"].value


# -- the error function -------------------------------------------------------------------
def test_both_readers_start_from_the_same_weights():
    squared, softmax = l07.reader_network(), l07.reader_network(error_function="cross_entropy")
    assert softmax.output_activation.name == "softmax" and softmax.error_function == "cross_entropy"
    assert squared.output_activation.name == "sigmoid" and squared.error_function == "squared"
    for a, b in zip(squared.get_params(), softmax.get_params()):
        assert all(np.array_equal(p, q) for p, q in zip(a, b))
    # sigmoid and softmax both keep the order of s: before training both read the same characters
    x, _ = l07.validation_data()
    assert np.array_equal(np.argmax(squared.forward(x), 1), np.argmax(softmax.forward(x), 1))
    runs = [l07.error_function_run(name, 5.0) for name in ("squared", "cross_entropy")]
    assert runs[0].wrong[0] == runs[1].wrong[0] and runs[0].val_wrong[0] == runs[1].val_wrong[0]
    assert runs[0].errors[0] != runs[1].errors[0]     # two error functions, two scales


def test_reader_network_names_a_wrong_error_function():
    with pytest.raises(ValueError, match="error_function must be one of 'squared', 'cross_entropy', got 'hinge'"):
        l07.reader_network(error_function="hinge")


def test_error_functions_names_a_bad_argument():
    with pytest.raises(ValueError, match=r"lr \(the learning rate η\) must be .*positive.*got -1"):
        l07.error_functions(lr=-1)
    with pytest.raises(ValueError, match="epochs must be at most 60 \\(the length of each run\\), got 80"):
        l07.error_functions(epochs=80)
    with pytest.raises(ValueError, match="epochs must be at least 5, got 2"):
        l07.error_functions(epochs=2)
    with pytest.raises(TypeError, match="epochs must be a whole number"):
        l07.error_functions(epochs=7.5)


def test_error_function_run_measures_what_it_says():
    run = l07.error_function_run("cross_entropy", 5.0)
    n = len(run.errors)
    assert n == l07.COMPARE_EPOCHS + 1 and run.diverged is None
    assert all(len(getattr(run, f)) == n for f in l07.Run._fields[:7])
    # softmax with cross-entropy: the right output's δ is y − 1, so its mean |δ| is 1 − (its mean y)
    assert np.allclose(run.push, 1 - np.array(run.y_right))
    assert l07.error_function_run("cross_entropy", 5.0) is run          # kept, not trained again
    # the same reader trained by hand for 3 epochs: the same errors
    x, t = l07.training_data()
    net = l07.reader_network(error_function="cross_entropy")
    history = net.fit(x, t, 5.0, 3, batch_size=16, seed=0)
    assert history.errors == pytest.approx(run.errors[:4], rel=1e-12)
    y = net.forward(x)
    assert run.wrong[3] == np.mean(np.argmax(y, 1) != np.argmax(t, 1))
    assert run.y_right[3] == pytest.approx(np.mean(y[t == 1]), rel=1e-12)


def test_squared_push_is_y_minus_t_times_the_slope():
    run = l07.error_function_run("squared", 5.0)
    x, t = l07.training_data()
    net = l07.reader_network()
    net.fit(x, t, 5.0, 2, batch_size=16, seed=0)
    y = net.forward(x)[t == 1]
    assert run.push[2] == pytest.approx(np.mean((1 - y) * y * (1 - y)), rel=1e-12)


def test_error_functions_demo_shows_the_epochs_asked_for():
    demo = l07.error_functions()
    fig = demo.fig
    assert demo.controls["lr"].value == 5.0 and demo.controls["epochs"].value == 40
    for name, curves in demo.curves.items():
        run = l07.error_function_run(name, 5.0)
        assert curves["errors"].get_ydata() == pytest.approx(run.errors[:41])
        assert curves["val_wrong"].get_ydata() == pytest.approx(100 * np.array(run.val_wrong[:41]) / 21)
    demo.set(epochs=10)
    assert len(demo.curves["squared"]["errors"].get_xdata()) == 11 and demo.marks[0].get_xdata() == [10, 10]
    assert demo.ax_sq.get_xlim() == (0, l07.COMPARE_EPOCHS)      # the axes stay: only the curves grow
    text = _plain(demo.texts["summary"].value)
    assert "after epoch 10, η = 5" in text and demo.fig is fig
    assert demo.live.bar.value == demo.live.bar.max


def test_error_functions_warns_where_outputs_or_hidden_neurons_saturate():
    demo = l07.error_functions()
    assert f"color:{plots.VERMILION}" not in demo.texts["summary"].value      # no warning at η = 5
    demo.set(lr=20.0)
    text = _plain(demo.texts["summary"].value)
    assert "Squared error, sigmoid outputs: the right output is y = " in text and "hardly learns" in text
    share = re.search(r"Cross-entropy, softmax outputs: (\d+)% of the hidden neurons' outputs are saturated", text)
    assert share and int(share.group(1)) >= 90
    assert "cancels f′ only at the outputs" in text


# -- drawing ----------------------------------------------------------------------------
def test_drawing_a_glyph_reads_it():
    demo = l07.draw_character(start="blank")
    assert demo.image().sum() == 0
    demo.draw(characters.glyph("H"))
    assert "Guess: <b>H</b>" in demo.texts["guess"].value
    y = demo.net.forward(characters.glyph("H").ravel())
    assert [b.get_height() for b in demo.bars] == pytest.approx(list(y))


def test_clicking_one_pixel_updates_the_outputs():
    demo = l07.draw_character(start="F")
    before = [b.get_height() for b in demo.bars]
    demo.pixels[6 * 5 + 4].value = True      # light the bottom-right pixel, as a click would
    after = [b.get_height() for b in demo.bars]
    assert after != before
    image = characters.glyph("F").ravel().copy()
    image[34] = 1
    assert after == pytest.approx(list(demo.net.forward(image)))
    assert demo.pixels[34].button_style == "primary"


def test_start_from_and_clear():
    demo = l07.draw_character(start="blank")
    demo.set(start="7")
    assert np.array_equal(demo.image(), characters.glyph("7").ravel())
    demo.click("clear")
    assert demo.image().sum() == 0 and demo.controls["start"].value == "blank"


def test_draw_character_rejects_a_network_of_the_wrong_shape():
    from bplib import Network
    with pytest.raises(ValueError, match=r"net must have 35 inputs and 36 outputs, got sizes \[2, 3, 1\]"):
        l07.draw_character(Network([2, 3, 1]))


# -- hidden features --------------------------------------------------------------------
def test_hidden_features_show_the_chosen_neurons_weights():
    demo = l07.hidden_features()
    demo.set(neuron=10)
    W = demo.net.weights[0]
    assert np.array_equal(demo.one.get_array(), W[9].reshape(7, 5))
    # Neuron 10 is in row 2 (neurons 9-16), column 2 of the 8-wide mosaic: its pixels are columns 6-10
    # and rows 8-14 (edges at 5.5 and 7.5); the frame keeps half a pixel of margin: it starts at (5, 7).
    assert demo.frame.get_xy() == (5.0, 7.0)
    out = demo.net.weights[1][:, 9]
    assert CLASSES[int(np.argmax(out))] in _plain(demo.texts["votes"].value).split("pushes up the outputs of")[1][:4]


# -- exercises --------------------------------------------------------------------------
def test_check_predicted_character():
    # EXERCISE_OUTPUT: R 0.57 is the largest (then B 0.41, 8 0.38).
    assert l07.check_predicted_character("R")
    assert l07.check_predicted_character("r")
    assert not l07.check_predicted_character("B")
    assert not l07.check_predicted_character(None)
    assert "Not answered yet" in str(l07.check_predicted_character(None))
    assert "one character in quotes" in str(l07.check_predicted_character(17))
    assert "not one of the 36 classes" in str(l07.check_predicted_character("?"))


def test_mistakes_count_pixels_to_the_training_set():
    net = l07.trained_reader()
    x, t = l07.validation_data()
    rows = l07.mistakes(net, x, t)
    assert len(rows) == int(np.sum(np.argmax(net.forward(x), 1) != np.argmax(t, 1)))
    x_train, t_train = l07.training_data()
    for true_c, answer, to_true, to_answer, picture in rows:
        of = lambda c: x_train[np.argmax(t_train, 1) == CLASSES.index(c)]
        assert to_true == np.abs(of(true_c) - picture).sum(axis=1).min()
        assert to_answer == np.abs(of(answer) - picture).sum(axis=1).min()


def test_recap_questions_are_right():
    q_test, q_noise, q_bold, q_slow = l07.QUESTIONS
    assert "you chose on it" in q_test.options[q_test.answer]
    # 0.3 · 35 = 10.5 pixels: "about 10", not a third (11.7).
    assert q_noise.options[q_noise.answer] == "about 10" and abs(0.3 * 35 - 10) < abs(0.3 * 35 - 35 / 3)
    # Bold adds pixels to every narrow character: at least 5 to each.
    added = [characters.thicken(characters.glyph(c, "narrow")).sum() - characters.glyph(c, "narrow").sum()
             for c in CLASSES]
    assert min(added) >= 5 and "bold stroke changes many pixels" in q_bold.options[q_bold.answer]
    # y = 0.01, t = 1: f′ = 0.01 · 0.99 = 0.0099, δ = −0.99 · 0.0099 = −0.009801; cross-entropy's δ = −0.99
    assert "f′(s) = y(1 − y) is about 0.01" in q_slow.options[q_slow.answer]
    assert round(0.01 * 0.99, 4) == 0.0099 and round(-0.99 * 0.0099, 4) == -0.0098
    assert "≈ 0.0099" in q_slow.why and "δ ≈ −0.0098" in q_slow.why and "y − t = −0.99" in q_slow.why
    for q in l07.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
    assert len(l07.recap().children) == 1 + len(l07.QUESTIONS)


def test_check_accuracy():
    # Diagonal 8 + 6 + 10 = 24 right out of 30: 0.8.
    assert l07.check_accuracy(0.8)
    assert not l07.check_accuracy(0.6)
    assert not l07.check_accuracy(None)
    assert l07.check_accuracy(0.5, counts=[[1, 1], [1, 1]])


def test_check_slow_delta():
    # y = 0.05, t = 1: (0.05 − 1) · 0.05 · 0.95 = −0.95 · 0.0475 = −0.045125
    assert l07.EXERCISE_Y == 0.05
    assert l07.check_slow_delta(-0.045125) and l07.check_slow_delta(-0.0451)
    assert not l07.check_slow_delta(-0.95)          # y − t alone: the cross-entropy's δ
    assert "wrong sign" in str(l07.check_slow_delta(0.0451))
    assert "too small" in str(l07.check_slow_delta(-0.0475))   # f′ alone, with the sign of y − t
    assert "Not answered yet" in str(l07.check_slow_delta(None))
