"""Every bad input gets a message that names the argument, what was given and what was expected."""

import numpy as np
import pytest

import bplib
from bplib import Network


def message(exc_type, call):
    with pytest.raises(exc_type) as info:
        call()
    return str(info.value)


NET = Network([2, 3, 1])


@pytest.mark.parametrize("call, expected", [
    # sizes
    (lambda: Network([3]), "sizes must list at least two layers (inputs and outputs), got [3]."),
    (lambda: Network([]), "sizes must list at least two layers (inputs and outputs), got []."),
    (lambda: Network([2, 0, 1]), "sizes must be positive whole numbers, got 0 at position 1 of [2, 0, 1]."),
    (lambda: Network([2, -3, 1]), "sizes must be positive whole numbers, got -3 at position 1 of [2, -3, 1]."),
    (lambda: Network([2, 2.5, 1]), "sizes must be positive whole numbers, got 2.5 at position 1 of [2, 2.5, 1]."),
    # activation names
    (lambda: Network([2, 1], activation="sigmod"),
     "activation must be one of 'identity', 'sigmoid', 'tanh', 'relu', got 'sigmod'."),
    (lambda: Network([2, 1], output_activation="softmax"),
     "error_function='squared' does not go with output_activation='softmax': the cross-entropy needs "
     "'softmax' or 'sigmoid' outputs, and softmax needs the cross-entropy."),
    (lambda: Network([2, 1], output_activation="tanh", error_function="cross_entropy"),
     "error_function='cross_entropy' does not go with output_activation='tanh': the cross-entropy needs "
     "'softmax' or 'sigmoid' outputs, and softmax needs the cross-entropy."),
    (lambda: Network([2, 2], activation="softmax"),
     "activation must be one of 'identity', 'sigmoid', 'tanh', 'relu', got 'softmax'."),
    (lambda: Network([2, 2], error_function="hinge"),
     "error_function must be one of 'squared', 'cross_entropy', got 'hinge'."),
    (lambda: Network([2, 2], output_activation="softmax", error_function="cross_entropy").error([1, 2], [0.5, 0.6]),
     "t (the desired outputs) must sum to 1 in every sample for softmax outputs (one 1, the rest 0), got sums [1.1]."),
    (lambda: Network([2, 1], error_function="cross_entropy").error([1, 2], [2.0]),
     "t (the desired outputs) must be from 0 to 1 for the cross-entropy error, got values from 2 to 2."),
    (lambda: Network([2, 1]).fit([[1, 2]], [[1]], lr=0.1, epochs=1, l2=-1),
     "l2 (the regularisation rate λ) must be zero or positive, got -1."),
    # shapes that do not match the network
    (lambda: NET.forward([1.0, 2.0, 3.0]),
     "x must have 2 value(s) per sample (the network's inputs), got shape (3,)."),
    (lambda: NET.forward(np.zeros((4, 3))),
     "x must have 2 value(s) per sample (the network's inputs), got shape (4, 3)."),
    (lambda: NET.forward(np.zeros((2, 2, 2))), "x must be 1-D or 2-D, got 3-D with shape (2, 2, 2)."),
    (lambda: NET.backward(np.zeros((4, 2)), np.zeros((3, 1))),
     "t (the desired outputs) must have shape (4, 1) to match x of shape (4, 2) and 1 output(s), got shape (3, 1)."),
    (lambda: NET.step(np.zeros((4, 2)), np.zeros((4, 2)), lr=0.1),
     "t (the desired outputs) must have shape (4, 1) to match x of shape (4, 2) and 1 output(s), got shape (4, 2)."),
    # NaN and infinity
    (lambda: NET.forward([np.nan, 1.0]), "x must be finite numbers, got nan at index (0,)."),
    (lambda: NET.backward([0.0, 1.0], [np.inf]), "t (the desired outputs) must be finite numbers, got inf at index (0,)."),
    # learning rate
    (lambda: NET.step([0.0, 1.0], [1.0], lr=0), "lr (the learning rate η) must be a positive number, got 0.0."),
    (lambda: NET.step([0.0, 1.0], [1.0], lr=-0.5), "lr (the learning rate η) must be a positive number, got -0.5."),
    (lambda: NET.fit([[0.0, 1.0]], [[1.0]], lr=np.inf, epochs=1), "lr (the learning rate η) must be a finite number, got inf."),
    # training arguments
    (lambda: NET.fit([[0.0, 1.0]], [[1.0]], lr=0.1, epochs=-1), "epochs must be at least 0, got -1."),
    (lambda: NET.fit(np.zeros((4, 2)), np.zeros((4, 1)), lr=0.1, epochs=1, batch_size=5),
     "batch_size must be at most the number of samples (4), got 5."),
    (lambda: NET.fit(np.zeros((4, 2)), np.zeros((4, 1)), lr=0.1, epochs=1, batch_size=0), "batch_size must be at least 1, got 0."),
    # setting weights of the wrong shape
    (lambda: setattr(Network([2, 3, 1]), "weights", [np.zeros((3, 2)), np.zeros((2, 3))]),
     "weights[1] must have shape (1, 3), got shape (2, 3)."),
    (lambda: setattr(Network([2, 3, 1]), "biases", [np.zeros(3)]),
     "biases must be a list of 2 arrays, one per layer, got length 1."),
    (lambda: Network([2, 3, 1]).weights.__setitem__(0, np.zeros((2, 3))),
     "weights[0] must have shape (3, 2), got shape (2, 3)."),
    # errors and gradients
    (lambda: bplib.error([1.0, 2.0], [1.0]), "y and t must have the same shape, got y of shape (2,) and t of shape (1,)."),
    (lambda: bplib.perturbation_gradients(NET, [0.0, 1.0], [1.0], eps=0), "eps must be a positive number, got 0.0."),
    (lambda: bplib.max_relative_difference(([np.zeros(2)], []), ([np.zeros(3)], [])),
     "a and b must hold gradients of the same shapes, got [(2,)] and [(3,)]."),
    # data
    (lambda: bplib.logic_gate("NAND"), "name must be one of 'AND', 'OR', 'XOR', got 'NAND'."),
    (lambda: bplib.two_class(noise=-0.1), "noise must be zero or positive, got -0.1."),
    (lambda: bplib.two_class(label_noise=1.5), "label_noise must be a fraction between 0 and 1, got 1.5."),
])
def test_value_errors(call, expected):
    assert message(ValueError, call) == expected


@pytest.mark.parametrize("call, expected", [
    (lambda: Network("2,3,1"), "sizes must be a list of layer sizes such as [2, 3, 2, 1], got '2,3,1'."),
    (lambda: Network([2, 1], activation=3), "activation must be the name of an activation ('identity', 'sigmoid', 'tanh', 'relu'), got 3."),
    (lambda: NET.forward("hello"), "x must be numbers, got 'hello'."),
    (lambda: NET.forward([[0.0, "a"]]), "x must be numbers (a number, a list or an array), got a list of length 1."),
    (lambda: NET.step([0.0, 1.0], [1.0], lr="fast"), "lr (the learning rate η) must be a number, got 'fast'."),
    (lambda: NET.fit([[0.0, 1.0]], [[1.0]], lr=0.1, epochs=2.5), "epochs must be a whole number, got 2.5."),
    (lambda: bplib.saving.from_dict([1, 2]), "data must be a dict made by to_dict(), got list."),
])
def test_type_errors(call, expected):
    assert message(TypeError, call) == expected
