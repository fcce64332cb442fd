"""Held-out evaluation (lessons 06 and 07): split, predicted class, accuracy, confusion matrix."""

import time

import numpy as np
import pytest

import bplib
from bplib import training as T


# -- one_hot and predicted_class --------------------------------------------------------
def test_one_hot_by_hand():
    assert T.one_hot([2, 0, 1], 3).tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]


def test_predicted_class_is_the_largest_output():
    assert T.predicted_class([0.1, 0.7, 0.2]) == 1
    assert T.predicted_class([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4]]).tolist() == [1, 0]


def test_predicted_class_with_one_output_thresholds_at_a_half():
    assert T.predicted_class([[0.2], [0.5], [0.9]]).tolist() == [0, 1, 1]
    assert T.predicted_class([0.49]) == 0


# -- accuracy ---------------------------------------------------------------------------
def test_accuracy_by_hand():
    y = [[0.9, 0.1, 0.0], [0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.4, 0.4, 0.2]]
    t = [[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]]
    # predicted 0, 2, 1, 0 (a tie goes to the first); right: 0, 1, 1, 0 -> 3 of 4 right.
    assert T.accuracy(y, t) == 0.75


def test_accuracy_with_one_output():
    y = [[0.2], [0.6], [0.7], [0.1], [0.55]]
    t = [[0], [1], [0], [0], [1]]
    assert T.accuracy(y, t) == pytest.approx(4 / 5)


def test_accuracy_of_a_network_matches_counting():
    net = bplib.Network([2, 4, 1], seed=3)
    x, t = bplib.two_class(40, seed=1)
    y = net.forward(x)
    right = sum((y[i, 0] >= 0.5) == (t[i, 0] == 1) for i in range(40))
    assert T.accuracy(y, t) == right / 40


# -- confusion matrix -------------------------------------------------------------------
def test_confusion_matrix_by_hand():
    true = [0, 0, 1, 1, 1, 2]
    predicted = [0, 1, 1, 1, 2, 0]
    # class 0: once right, once called 1; class 1: twice right, once called 2; class 2: called 0.
    assert T.confusion_matrix(true, predicted, 3).tolist() == [[1, 1, 0], [0, 2, 1], [1, 0, 0]]


def test_confusion_matrix_agrees_with_accuracy():
    rng = np.random.default_rng(0)
    y = rng.random((50, 4))
    t = T.one_hot(rng.integers(0, 4, 50), 4)
    counts = T.confusion_matrix(T.predicted_class(t), T.predicted_class(y), 4)
    assert counts.sum() == 50
    assert np.trace(counts) / 50 == T.accuracy(y, t)
    assert counts.sum(axis=1).tolist() == t.sum(axis=0).astype(int).tolist()


# -- train/test split -------------------------------------------------------------------
def test_nearest_neighbour_by_hand():
    # Training pictures 0011 (class 0) and 1100 (class 1); 0111 differs from the first in 1 pixel, from
    # the second in 3; 1000 is 1 pixel from the second. A tie (1010: 2 and 2) goes to the first.
    x_train = [[0, 0, 1, 1], [1, 1, 0, 0]]
    t_train = [[1, 0], [0, 1]]
    out = T.nearest_neighbour(x_train, t_train, [[0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 1, 0]])
    assert out.tolist() == [[1, 0], [0, 1], [1, 0]]
    assert T.accuracy(out, [[1, 0], [0, 1], [0, 1]]) == pytest.approx(2 / 3)


def test_nearest_neighbour_agrees_with_counting_pixels():
    rng = np.random.default_rng(0)
    x_train = (rng.random((50, 35)) < 0.5).astype(float)
    t_train = np.eye(5)[rng.integers(0, 5, 50)]
    x = (rng.random((20, 35)) < 0.5).astype(float)
    apart = np.abs(x[:, None, :] - x_train[None]).sum(axis=2)
    assert np.array_equal(T.nearest_neighbour(x_train, t_train, x), t_train[np.argmin(apart, axis=1)])


@pytest.mark.parametrize("args, words", [
    (([[0, 1]], [[1, 0], [0, 1]], [[0, 1]]), "x_train and t_train must hold the same number of samples"),
    (([[0, 1]], [[1, 0]], [[0, 1, 1]]), "x must have 2 values per sample, like x_train, got 3"),
])
def test_nearest_neighbour_bad_input(args, words):
    with pytest.raises(ValueError, match=words):
        T.nearest_neighbour(*args)


def test_split_sizes_and_no_overlap():
    x = np.arange(200.0).reshape(100, 2)        # every row different: row i is (2i, 2i+1)
    t = np.arange(100.0)[:, None]
    x_train, t_train, x_test, t_test = T.train_test_split(x, t, test_fraction=0.25, seed=4)
    assert x_train.shape == (75, 2) and x_test.shape == (25, 2)
    assert t_train.shape == (75, 1) and t_test.shape == (25, 1)
    train_ids, test_ids = set(t_train[:, 0]), set(t_test[:, 0])
    assert not train_ids & test_ids
    assert train_ids | test_ids == set(range(100))
    assert np.array_equal(x_test[:, 0], 2 * t_test[:, 0])        # rows stay with their targets


def test_split_is_seeded():
    x = np.arange(40.0).reshape(20, 2)
    t = np.arange(20.0)
    a = T.train_test_split(x, t, seed=1)
    b = T.train_test_split(x, t, seed=1)
    c = T.train_test_split(x, t, seed=2)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert not np.array_equal(a[3], c[3])


def test_split_keeps_one_sample_on_each_side():
    x = np.zeros((3, 2))
    parts = T.train_test_split(x, np.zeros(3), test_fraction=0.01)
    assert len(parts[2]) == 1 and len(parts[0]) == 2


# -- updates per epoch ------------------------------------------------------------------
@pytest.mark.parametrize("n, batch_size, expected", [
    (200, None, 1), (200, 200, 1), (200, 1, 200), (200, 32, 7), (200, 50, 4), (7, 3, 3),
])
def test_updates_per_epoch(n, batch_size, expected):
    assert T.updates_per_epoch(n, batch_size) == expected


def test_updates_per_epoch_counts_the_network_steps():
    # Count the steps fit really takes, by wrapping the network's update.
    net = bplib.Network([2, 3, 1], seed=0)
    x, t = bplib.two_class(50, seed=0)
    steps = []
    original = net.step
    net.step = lambda *a, **k: steps.append(1) or original(*a, **k)
    net.fit(x, t, lr=0.5, epochs=2, batch_size=16)
    assert len(steps) == 2 * T.updates_per_epoch(50, 16) == 8


# -- Stopwatch --------------------------------------------------------------------------
def test_stopwatch_records_every_epoch_and_passes_on():
    seen = []
    watch = T.Stopwatch(then=lambda epoch, history: seen.append(epoch))
    net = bplib.Network([2, 2, 1], seed=0)
    x, t = bplib.logic_gate("XOR")
    history = net.fit(x, t, lr=1.0, epochs=4, callback=watch)
    assert seen == [1, 2, 3, 4] and history.epochs == 4
    assert len(watch.seconds) == 4 and np.all(np.diff(watch.seconds) >= 0)


def test_stopwatch_stops_after_its_time():
    def slow(epoch, history):
        time.sleep(0.02)

    watch = T.Stopwatch(max_seconds=0.05, then=slow)
    net = bplib.Network([2, 2, 1], seed=0)
    x, t = bplib.logic_gate("XOR")
    history = net.fit(x, t, lr=1.0, epochs=1000, callback=watch)
    assert 3 <= history.epochs <= 10


def test_stopwatch_then_can_stop():
    watch = T.Stopwatch(then=lambda epoch, history: epoch < 3)
    history = bplib.Network([2, 2, 1]).fit(*bplib.logic_gate("AND"), lr=1.0, epochs=50, callback=watch)
    assert history.epochs == 3


# -- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: T.one_hot([0, 3], 3), ValueError, "labels must be class numbers below n_classes=3, got 3"),
    (lambda: T.one_hot([0.5], 3), ValueError, "labels must be class numbers 0, 1, 2"),
    (lambda: T.accuracy([[0.1, 0.9]], [[1, 0, 0]]), ValueError, "y and t must have the same shape"),
    (lambda: T.accuracy(np.zeros((0, 2)), np.zeros((0, 2))), ValueError, "at least one sample"),
    (lambda: T.confusion_matrix([0, 1], [0], 2), ValueError, "true and predicted must have the same length, got 2 and 1"),
    (lambda: T.confusion_matrix([0, -1], [0, 0], 2), ValueError, "true must be class numbers"),
    (lambda: T.train_test_split(np.zeros((4, 2)), np.zeros(5)), ValueError,
     "x and t must hold the same number of samples, got 4 and 5"),
    (lambda: T.train_test_split(np.zeros((4, 2)), np.zeros(4), test_fraction=1.0), ValueError,
     "test_fraction must be between 0 and 1"),
    (lambda: T.train_test_split(np.zeros((1, 2)), np.zeros(1)), ValueError, "at least 2 samples"),
    (lambda: T.updates_per_epoch(100, 0), ValueError, "batch_size must be at least 1, got 0"),
    (lambda: T.updates_per_epoch(2.5, 1), TypeError, "n (the number of samples) must be a whole number"),
    (lambda: T.Stopwatch(max_seconds=-1), ValueError, "max_seconds must be a positive number"),
    (lambda: T.Stopwatch(then=3), TypeError, "then must be a function"),
    (lambda: T.predicted_class([]), ValueError, "y (the network's outputs) must hold at least one output"),
    (lambda: T.predicted_class(np.zeros((0, 3))), ValueError, "must hold at least one output, got shape (0, 3)"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_two_class_refuses_a_noise_that_would_swamp_or_overflow_the_moons():
    with pytest.raises(ValueError, match="noise must be at most 10 .the moons are about 2 wide., got 1e[+]308"):
        bplib.two_class(noise=1e308)
    x, _ = bplib.two_class(n=20, noise=10.0)          # the largest allowed: finite
    assert np.all(np.isfinite(x))
