"""Judging a trained network on data it has not seen (lessons 06 and 07).

:meth:`bplib.Network.fit` does the training. This module holds what comes
around it:

* :func:`train_test_split` — keep some samples back to test on;
* :func:`predicted_class`, :func:`accuracy`, :func:`confusion_matrix` — how
  often the network names the right class, and which classes it mixes up;
* :func:`one_hot` — class numbers as desired outputs ``t``;
* :func:`nearest_neighbour` — a baseline with no training at all: answer what
  the nearest training sample was;
* :func:`updates_per_epoch` — how many weight updates one pass over the data makes;
* :class:`Stopwatch` — a ``callback`` for ``fit`` that records the seconds
  after every epoch (and can stop training after a time limit).

    >>> y = [[0.9, 0.2], [0.6, 0.7], [0.1, 0.8]]   # outputs for 3 samples, 2 classes
    >>> t = [[1, 0], [1, 0], [0, 1]]               # the right answers, one-hot
    >>> accuracy(y, t)                             # samples 0 and 2 are right
    0.6666666666666666
    >>> confusion_matrix([0, 0, 1], predicted_class(y), 2).tolist()
    [[1, 1], [0, 1]]
"""

import math
import time

import numpy as np

from . import _checks


def one_hot(labels, n_classes):
    """Desired outputs ``t`` for class numbers: ``t[i, k] = 1`` when sample ``i`` is class ``k``.

    ``one_hot([2, 0], 3)`` is ``[[0, 0, 1], [1, 0, 0]]``.
    """
    n_classes = _checks.whole_number(n_classes, "n_classes", minimum=1)
    labels = _labels(labels, "labels", n_classes)
    return np.eye(n_classes)[labels]


def _labels(labels, name, n_classes=None):
    """Class numbers as a 1-D int array, each checked to be a whole number in range."""
    arr = _checks.as_array(labels, name, ndim=1)
    if np.any(arr != np.round(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be class numbers 0, 1, 2, ..., got {arr.tolist()[:10]}.")
    if n_classes is not None and arr.size and arr.max() >= n_classes:
        raise ValueError(f"{name} must be class numbers below n_classes={n_classes}, "
                         f"got {int(arr.max())}.")
    return arr.astype(int)


def predicted_class(y):
    """The class a network's outputs ``y`` name: the number of the largest output.

    With a single output per sample (two classes) the class is 1 when the
    output is at least 0.5, else 0. ``y`` of shape ``(n, k)`` gives ``n``
    class numbers; ``predicted_class([0.1, 0.7, 0.2])`` is ``1``.
    """
    y = _checks.as_array(y, "y (the network's outputs)", ndim=(1, 2))
    if y.size == 0:
        raise ValueError(f"y (the network's outputs) must hold at least one output, got shape {y.shape}.")
    if y.ndim == 1:
        return int(np.argmax(y)) if y.size > 1 else int(y[0] >= 0.5)
    if y.shape[1] == 1:
        return (y[:, 0] >= 0.5).astype(int)
    return np.argmax(y, axis=1)


def accuracy(y, t):
    """The fraction of samples whose predicted class (:func:`predicted_class`) is the right one.

    ``t`` holds the desired outputs in the same shape as ``y`` (one-hot
    rows, or one 0/1 output per sample).
    """
    y = _checks.as_array(y, "y (the network's outputs)", ndim=2)
    t = _checks.as_array(t, "t (the desired outputs)", ndim=2)
    if y.shape != t.shape:
        raise ValueError(f"y and t must have the same shape, got y of shape {y.shape} and "
                         f"t of shape {t.shape}.")
    if y.shape[0] == 0:
        raise ValueError("y and t must hold at least one sample, got 0 rows.")
    return float(np.mean(predicted_class(y) == predicted_class(t)))


def confusion_matrix(true, predicted, n_classes):
    """``C[i, j]`` = how many samples of class ``i`` the network called class ``j``.

    The diagonal counts the right answers, so accuracy is ``trace(C) / C.sum()``.
    ``confusion_matrix([0, 0, 1], [0, 1, 1], 2)`` is ``[[1, 1], [0, 1]]``.
    """
    n_classes = _checks.whole_number(n_classes, "n_classes", minimum=1)
    true = _labels(true, "true", n_classes)
    predicted = _labels(predicted, "predicted", n_classes)
    if true.shape != predicted.shape:
        raise ValueError(f"true and predicted must have the same length, got {true.size} "
                         f"and {predicted.size}.")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    return counts


def nearest_neighbour(x_train, t_train, x):
    """For each row of ``x``, the desired outputs ``t_train`` of the nearest row of ``x_train``.

    Nearest: the smallest squared distance ``Σᵢ (xᵢ − x_trainᵢ)²``; for
    pictures of 0s and 1s that is the number of pixels that differ. A tie
    goes to the first training sample. Returns shape ``(len(x), t_train.shape[1])``,
    so ``accuracy(nearest_neighbour(x_train, t_train, x), t)`` scores the baseline.

        >>> nearest_neighbour([[0, 0], [1, 1]], [[1, 0], [0, 1]], [[0.9, 0.8]]).tolist()
        [[0.0, 1.0]]
    """
    x_train = _checks.as_array(x_train, "x_train", ndim=2)
    t_train = _checks.as_array(t_train, "t_train", ndim=2)
    x = _checks.as_array(x, "x", ndim=2)
    if x_train.shape[0] != t_train.shape[0] or x_train.shape[0] == 0:
        raise ValueError(f"x_train and t_train must hold the same number of samples (at least 1), got "
                         f"{x_train.shape[0]} and {t_train.shape[0]}.")
    if x.shape[1] != x_train.shape[1]:
        raise ValueError(f"x must have {x_train.shape[1]} values per sample, like x_train, got {x.shape[1]}.")
    d = (x * x).sum(1)[:, None] - 2 * x @ x_train.T + (x_train * x_train).sum(1)[None, :]
    return t_train[np.argmin(np.round(d, 9), axis=1)]


def train_test_split(x, t, test_fraction=0.25, seed=0):
    """``(x_train, t_train, x_test, t_test)``: a random ``test_fraction`` of the samples held back.

    Every sample lands in exactly one of the two parts; ``round(n ·
    test_fraction)`` go to the test part (at least one in each part). The
    same ``seed`` gives the same split. With 200 samples and
    ``test_fraction=0.25``: 150 to train on, 50 to test on.
    """
    x = _checks.as_array(x, "x", ndim=2)
    t = _checks.as_array(t, "t", ndim=(1, 2))
    if t.shape[0] != x.shape[0]:
        raise ValueError(f"x and t must hold the same number of samples, got {x.shape[0]} "
                         f"and {t.shape[0]}.")
    n = x.shape[0]
    if n < 2:
        raise ValueError(f"x must hold at least 2 samples to split, got {n}.")
    test_fraction = _checks.number(test_fraction, "test_fraction")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1 (such as 0.25), got {test_fraction}.")
    seed = _checks.whole_number(seed, "seed", minimum=0)
    n_test = min(max(int(round(n * test_fraction)), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    test, train = np.sort(order[:n_test]), np.sort(order[n_test:])
    return x[train], t[train], x[test], t[test]


def updates_per_epoch(n, batch_size=None):
    """How many weight updates one epoch makes: ``⌈n / B⌉`` (one when ``batch_size`` is ``None``).

    200 samples in batches of 32: six full batches and one of 8, so 7 updates.
    """
    n = _checks.whole_number(n, "n (the number of samples)", minimum=1)
    if batch_size is None:
        return 1
    batch_size = _checks.whole_number(batch_size, "batch_size", minimum=1)
    return math.ceil(n / batch_size)


class Stopwatch:
    """A ``callback`` for :meth:`bplib.Network.fit` that records the time after every epoch.

    ``seconds[k]`` is the time since the stopwatch was made (or last
    :meth:`restart`-ed) when epoch ``k + 1`` ended. ``max_seconds`` stops
    training once that much time has passed; ``then(epoch, history)`` is
    called after every epoch too (for a progress bar), and may return
    ``False`` to stop.

        >>> import bplib
        >>> net = bplib.Network([2, 2, 1], seed=0)
        >>> x, t = bplib.logic_gate("XOR")
        >>> watch = Stopwatch()
        >>> history = net.fit(x, t, lr=1.0, epochs=5, callback=watch)
        >>> len(watch.seconds), watch.seconds == sorted(watch.seconds)
        (5, True)
    """

    def __init__(self, max_seconds=None, then=None):
        if max_seconds is not None:
            max_seconds = _checks.positive_number(max_seconds, "max_seconds")
        if then is not None and not callable(then):
            raise TypeError(f"then must be a function then(epoch, history) or None, got {then!r}.")
        self.max_seconds, self.then = max_seconds, then
        self.restart()

    def restart(self):
        """Start counting from now, with no epochs recorded."""
        self.start = time.perf_counter()
        self.seconds = []

    def __call__(self, epoch, history):
        self.seconds.append(time.perf_counter() - self.start)
        if self.then is not None and self.then(epoch, history) is False:
            return False
        if self.max_seconds is not None and self.seconds[-1] >= self.max_seconds:
            return False
        return True
