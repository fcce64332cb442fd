"""The package's promises about bad input, checked one defect at a time and then as a property.

A rejected call names the argument, what was given and what was expected; it leaves every object as it
was; and no public function returns or leaves inf or NaN without saying so.
"""

import json
import os
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bplib
from bplib import Network


def params_of(net):
    return [a.copy() for a in net.weights + net.biases]


def assert_unchanged(net, before):
    after = net.weights + net.biases
    assert len(after) == len(before)
    for a, b in zip(after, before):
        np.testing.assert_array_equal(a, b)


# -- one defect at a time ------------------------------------------------------------------------
def test_set_params_with_a_short_biases_list_changes_nothing():
    net = Network([2, 3, 1], seed=1)
    before = params_of(net)
    new_weights = [w + 1 for w in net.weights]
    with pytest.raises(ValueError, match=r"biases must be a list of 2 arrays, one per layer, got length 1\."):
        net.set_params((new_weights, [np.zeros(3)]))
    assert_unchanged(net, before)


def test_set_params_of_none_says_what_it_wants():
    with pytest.raises(TypeError, match=r"params must be a pair \(weights, biases\) as made by get_params\(\), got None\."):
        Network([2, 1]).set_params(None)


def test_fit_with_a_callback_that_is_not_a_function_trains_nothing():
    x, t = bplib.logic_gate("AND")
    net = Network([2, 1])
    before = params_of(net)
    with pytest.raises(TypeError, match=r"callback must be a function callback\(epoch, history\), got 'nope'\."):
        net.fit(x, t, lr=1.0, epochs=3, callback="nope")
    assert_unchanged(net, before)


def test_the_layers_cannot_be_appended_or_popped():
    net = Network([2, 3, 1])
    for name in ("append", "pop", "insert", "extend"):
        assert not hasattr(net.weights, name) and not hasattr(net.biases, name)
    assert net.forward([0.0, 1.0]).shape == (1,)


def test_setting_a_layer_that_does_not_exist_is_named():
    net = Network([2, 3, 1])
    with pytest.raises(IndexError, match=r"weights has 2 layers: set one as weights\[l\] = array, with l a "
                                         r"whole number from -2 to 1; got 5\."):
        net.weights[5] = np.zeros((1, 3))


def test_a_callback_that_edits_weights_in_place_is_respected():
    # fit must not re-use a forward pass made before the callback clipped the weights in place
    x, t = bplib.two_class(n=30, noise=0.1, seed=4)
    a, b = Network([2, 4, 1], seed=2), Network([2, 4, 1], seed=2)

    def clip(net):
        for w in net.weights:
            np.clip(w, -0.3, 0.3, out=w)

    history = a.fit(x, t, lr=3.0, epochs=5, callback=lambda epoch, h: clip(a))
    errors = [b.error(x, t)]
    for _ in range(5):
        b.step(x, t, 3.0)
        errors.append(b.error(x, t))   # measured before the clip, as fit's history is
        clip(b)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_allclose(history.errors, errors, rtol=0, atol=1e-15)


@pytest.mark.parametrize("sizes", [{3, 2, 1}, {3: 1, 2: 1, 1: 1}, 5])
def test_sizes_must_be_an_ordered_list(sizes):
    with pytest.raises(TypeError, match=r"sizes must be a list of layer sizes such as \[2, 3, 2, 1\], got "):
        Network(sizes)


def test_ragged_rows_are_named_as_ragged():
    with pytest.raises(ValueError, match=r"x must have rows of equal length, got rows of lengths \[2, 1\]\."):
        Network([2, 1]).forward([[1, 2], [3]])


def test_the_error_of_nothing_or_of_an_overflow_is_refused():
    with pytest.raises(ValueError, match=r"y and t must hold at least one value, got empty arrays of shape \(0,\)\."):
        bplib.error([], [])
    with pytest.raises(ValueError, match=r"the error is too large to be a number: y and t differ by up to 2e\+200"):
        bplib.error([1e200], [-1e200])


# -- save and load -------------------------------------------------------------------------------
def test_save_that_fails_part_way_leaves_the_earlier_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "net.json"
    Network([2, 3, 1], seed=1).save(path)
    good = path.read_bytes()

    def dump_half_then_fail(obj, f, **kw):
        f.write('{"sizes": [2, ')
        raise OSError("disk full")

    monkeypatch.setattr(json, "dump", dump_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        Network([2, 3, 1], seed=2).save(path)
    assert path.read_bytes() == good
    assert os.listdir(tmp_path) == ["net.json"]   # no temporary file left behind


@pytest.mark.parametrize("content, why", [
    (bytes(range(256)) * 3, "it is not JSON text"),
    (b"\xff\xfe\xfa", "it is not JSON text"),
    (b"", "it is not JSON text"),
    (b'{"sizes": [2, 1], "activation": "sigm', "it is not JSON text"),
    (b"[" * 100_000 + b"]" * 100_000, ""),
    (b"[1, 2, 3]", "data must be a dict made by to_dict(), got list."),
    (b'{"sizes": [2, 1]}', "data is missing the key(s)"),
])
def test_load_of_anything_but_a_saved_network_says_so(tmp_path, content, why):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"{path} is not a saved network") as info:
        Network.load(path)
    assert why in str(info.value)


def test_load_of_a_folder_says_so(tmp_path):
    with pytest.raises(ValueError, match=r"is not a saved network: it is a folder\."):
        Network.load(tmp_path)


def test_load_checks_sizes_before_it_allocates(tmp_path):
    # 83 bytes that claim a 15000 × 15000 layer: refused without making 1.8 GB of random weights
    path = tmp_path / "huge.json"
    path.write_text('{"sizes": [15000, 15000, 1], "activation": "sigmoid", "weights": [[], []], "biases": [[], []]}')
    tracemalloc.start()
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(15000, 15000\), got shape \(0,\)"):
        Network.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10_000_000


# -- the promise as a property: a rejected call changes nothing ---------------------------------------
BAD = [None, "text", np.nan, np.inf, -1.0, 0, [[1.0, 2.0], [3.0]], np.zeros((3, 3)), [np.nan, 1.0], 1e308]


def calls(net, bad, which):
    x, t = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0], [0.0]])
    return [
        lambda: net.forward(bad),
        lambda: net.backward(bad, t),
        lambda: net.backward(x, bad),
        lambda: net.step(bad, t, 0.5),
        lambda: net.step(x, t, bad),
        lambda: net.fit(x, t, lr=bad, epochs=2),
        lambda: net.fit(x, t, lr=0.5, epochs=bad),
        lambda: net.fit(x, t, lr=0.5, epochs=2, batch_size=bad),
        lambda: net.fit(x, t, lr=0.5, epochs=2, x_val=bad, t_val=t),
        lambda: net.fit(x, t, lr=0.5, epochs=2, callback=bad),
        lambda: net.set_params(([w * 2 for w in net.weights], bad)),
        lambda: net.set_params((bad, [b + 1 for b in net.biases])),
        lambda: net.weights.__setitem__(which % 4 - 2, bad),
        lambda: net.biases.__setitem__(which % 4 - 2, bad),
        lambda: setattr(net, "weights", bad),
        lambda: bplib.perturbation_gradients(net, x, t, eps=bad),
    ][which]


@settings(max_examples=300, deadline=None)
@given(bad=st.sampled_from(BAD), which=st.integers(0, 15), seed=st.integers(0, 50))
def test_a_rejected_call_leaves_the_network_as_it_was(bad, which, seed):
    net = Network([2, 3, 1], seed=seed)
    before = params_of(net)
    try:
        result = calls(net, bad, which)()
    except (TypeError, ValueError, IndexError) as exc:
        assert len(str(exc)) > 20   # a sentence, not a bare numpy message
        assert_unchanged(net, before)
    else:
        # accepted: whatever it returned is finite
        arrays = result if isinstance(result, tuple) else [result]
        for a in arrays:
            for part in (a if isinstance(a, list) else [a]):
                if part is not None and not hasattr(part, "errors"):
                    assert np.all(np.isfinite(np.asarray(part, dtype=float)))


def other_calls(bad, which, seed):
    """The neuron's and the recurrent network's public calls, each given one bad argument."""
    from bplib.recurrent import RecurrentNetwork, perturbation_gradients

    neuron = bplib.Neuron([0.5, -0.5], b=0.1 * seed, activation=("sigmoid", "identity")[seed % 2])
    rec = RecurrentNetwork(3, inputs=[0], outputs=[2], seed=seed)
    x, t = np.array([[0.0, 1.0], [1e10, 1e10]]), np.array([0.5, 1.0])
    call = [
        lambda: neuron.forward(bad),
        lambda: neuron.delta_rule_step(x[1], bad, 0.5),
        lambda: neuron.delta_rule_step(x[1], 1.0, bad),
        lambda: neuron.epoch(x, t, bad),
        lambda: neuron.epoch(bad, t, 0.5),
        lambda: neuron.fit(x, t, bad, 2),
        lambda: setattr(neuron, "w", bad),
        lambda: setattr(neuron, "b", bad),
        lambda: rec.relax(bad),
        lambda: rec.backward([1.0], bad),
        lambda: rec.step([1.0], [0.5], bad),
        lambda: rec.fit([[1.0]], [[0.5]], lr=bad, epochs=2),
        lambda: rec.set_params((rec.weights * 2, bad)),
        lambda: setattr(rec, "weights", bad),
        lambda: perturbation_gradients(rec, [1.0], [0.5], eps=bad),
    ][which % 15]
    return call, (lambda: [neuron.w.copy(), np.array(neuron.b)]), (lambda: [rec.weights.copy(), rec.biases.copy()])


@settings(max_examples=200, deadline=None)
@given(bad=st.sampled_from(BAD + [1e308]), which=st.integers(0, 14), seed=st.integers(0, 20))
def test_a_rejected_call_leaves_a_neuron_and_a_recurrent_network_as_they_were(bad, which, seed):
    call, neuron_params, rec_params = other_calls(bad, which, seed)
    before = neuron_params() + rec_params()
    try:
        result = call()
    except (TypeError, ValueError, IndexError) as exc:
        assert len(str(exc)) > 20   # a sentence, not a bare numpy message
        for a, b in zip(neuron_params() + rec_params(), before):
            np.testing.assert_array_equal(a, b)
    else:
        after = neuron_params() + rec_params()   # accepted: nothing left infinite
        assert all(np.all(np.isfinite(a)) for a in after)
        del result


# -- perturbation gradients ---------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [1e308, 1e-300])
def test_perturbation_refuses_a_nudge_that_is_no_nudge(eps):
    net = Network([2, 3, 1], seed=1)
    before = params_of(net)
    with pytest.raises(ValueError, match=r"eps must be from 1e-10 to 1 \(a small nudge that still changes E\)"):
        bplib.perturbation_gradients(net, [0.0, 1.0], [1.0], eps=eps)
    assert_unchanged(net, before)


def test_perturbation_says_when_a_weight_is_too_large_to_nudge():
    net = Network([2, 1])
    net.weights = [[[1e300, 0.5]]]
    with pytest.raises(ValueError, match=r"eps=1e-05 is too small to change weights\[0\]\[0, 0\] = 1e\+300"):
        bplib.perturbation_gradients(net, [0.0, 1.0], [1.0])
    assert net.weights[0].tolist() == [[1e300, 0.5]]


def test_perturbation_of_something_that_is_not_a_network_is_named():
    with pytest.raises(TypeError, match=r"net must be a bplib.Network or RecurrentNetwork, got 'net'\."):
        bplib.perturbation_gradients("net", [0.0, 1.0], [1.0])


def test_compare_gradients_needs_two_names():
    net = Network([2, 1])
    g = net.backward([0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match=r"names must be two names, one for each gradient set, got \('a',\)\."):
        bplib.compare_gradients(g, g, names=("a",))


# -- the one-weight model ------------------------------------------------------------------------------
X1, T1 = [0.0, 3.0, 9.0, 27.0], [0.0, 6.0, 18.0, 54.0]


@pytest.mark.parametrize("call, what", [
    (lambda: bplib.one_weight.update(4, X1, T1, lr=1e308), "the new w is too large to be a number at w = 4"),
    (lambda: bplib.one_weight.outputs(1e308, [10]), "y = w·x is too large to be a number at w = 1e\\+308"),
    (lambda: bplib.one_weight.total_error(1e200, X1, T1), "the squared error is too large to be a number"),
    (lambda: bplib.one_weight.slope(1e307, X1, T1), "is too large to be a number at w = 1e\\+307"),
])
def test_one_weight_never_returns_infinity(call, what):
    with pytest.raises(ValueError, match=what):
        call()


def test_a_descent_whose_slope_overflows_says_it_diverged():
    run = bplib.one_weight.fit(4, X1, T1, lr=1e300, steps=5)
    assert run.diverged and np.all(np.isfinite(run.path)) and "Diverged" in run.describe()
