"""Backpropagation's gradients equal perturbation's, on randomly drawn networks.

Perturbation (nudge one weight by ±ε, run forward twice, central difference)
shares no code with the backward pass, so agreement checks every line of it.
Hypothesis draws the sizes, the activations, the batch size, the weights,
the inputs and the targets; 200 examples.
"""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import bplib

ACTS = st.sampled_from(sorted(bplib.ACTIVATIONS))
VALUES = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    net = bplib.Network(sizes, activation=draw(ACTS), output_activation=draw(ACTS))
    net.weights = [draw(arrays(float, w.shape, elements=VALUES)) for w in net.weights]
    net.biases = [draw(arrays(float, b.shape, elements=VALUES)) for b in net.biases]
    n = draw(st.integers(1, 6))
    x = draw(arrays(float, (n, sizes[0]), elements=VALUES))
    t = draw(arrays(float, (n, sizes[-1]), elements=st.floats(-1.0, 1.0)))
    return net, x, t


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases())
def test_backprop_equals_perturbation(case):
    net, x, t = case
    backprop = net.backward(x, t)
    # ReLU has a kink at s = 0: a nudge of ε that crosses it measures neither side's slope.
    if "relu" in (net.activation.name, net.output_activation.name):
        assume(min(float(np.min(np.abs(s))) for s in net.s) > 1e-3)
    # Central differences carry rounding noise of about 1e-16·E/ε; gradients below that
    # noise floor cannot be compared to six digits, by any method.
    scale = max(float(np.max(np.abs(g))) for g in backprop[0] + backprop[1])
    assume(scale > 1e-4 * max(net.error(x, t), 1e-3))
    perturbed = bplib.perturbation_gradients(net, x, t, eps=1e-5)
    assert bplib.max_relative_difference(backprop, perturbed) < 1e-6
    # Perturbation costs two forward passes per parameter; backpropagation one forward, one backward.
    assert perturbed.forward_passes == 2 * net.n_params
    assert (backprop.forward_passes, backprop.backward_passes) == (1, 1)


def test_perturbation_leaves_weights_unchanged():
    net = bplib.Network([2, 3, 1], seed=4)
    before = [w.copy() for w in net.weights + net.biases]
    bplib.perturbation_gradients(net, np.ones((2, 2)), np.zeros((2, 1)))
    for a, b in zip(before, net.weights + net.biases):
        np.testing.assert_array_equal(a, b)


def test_compare_reports_a_wrong_gradient():
    net = bplib.Network([2, 2, 1], seed=0)
    x, t = bplib.logic_gate("XOR")
    good = net.backward(x, t)
    wrong = ([g.copy() for g in good[0]], [g.copy() for g in good[1]])
    wrong[0][0][0, 0] += 0.01
    report = bplib.compare_gradients(good, wrong)
    assert not report.agree and report.max_relative_difference > 1e-3
    assert "DISAGREE" in str(report) and "weights[0]" in str(report)
    assert bplib.compare_gradients(good, good).agree
