"""Every number and every "try this" in the text of notebooks/04_chain_rule.ipynb, checked.

Each test quotes the sentence it checks. Numbers are recomputed here with plain
numpy (own sigmoid, own chain, own backpropagation), not by calling the code
that printed them; a "try this" is done on the widget exactly as the text says,
and the promised effect is checked on what the widget shows.
"""

import numpy as np
import pytest

import bplib
from bplib.fmt import fmt
from bplib.lessons import l04

CHAIN = dict(x=1.5, t=0.0, w1=0.8, b1=-0.4, w2=1.2, b2=0.2)    # the notebook's chain (section 2)


def sig(s):
    return 1.0 / (1.0 + np.exp(-np.asarray(s, dtype=float)))


def dsig(s):
    return sig(s) * (1 - sig(s))


def chain(x, t, w1, b1, w2, b2):
    """Forward and backward of the two-neuron chain, written out independently of bplib."""
    s1 = w1 * x + b1
    y1 = sig(s1)
    s2 = w2 * y1 + b2
    y2 = sig(s2)
    v = dict(s1=s1, y1=y1, s2=s2, y2=y2, E=0.5 * (y2 - t) ** 2)
    v["dy2"] = y2 - t
    v["ds2"] = v["dy2"] * dsig(s2)
    v["dy1"] = w2 * v["ds2"]
    v["ds1"] = v["dy1"] * dsig(s1)
    v.update(dw2=v["ds2"] * y1, db2=v["ds2"], dw1=v["ds1"] * x, db1=v["ds1"])
    return v


def chain_E(**p):
    return chain(**p)["E"]


def nudge(fun, p, name, eps=1e-6):
    up, down = dict(p), dict(p)
    up[name] += eps
    down[name] -= eps
    return (fun(**up) - fun(**down)) / (2 * eps)


# -- sections 2 and 3: the chain --------------------------------------------------------------------
def test_local_derivative_table_by_nudging():
    """The table of local derivatives: ∂s⁽¹⁾/∂w⁽¹⁾ = x, ∂s⁽²⁾/∂y⁽¹⁾ = w⁽²⁾, ∂y/∂s = f′(s) = f(s)(1 − f(s)),
    ∂E/∂y⁽²⁾ = y⁽²⁾ − t, …"""
    p = CHAIN
    eps = 1e-6
    s1 = lambda w1, b1: w1 * p["x"] + b1
    assert (s1(p["w1"] + eps, p["b1"]) - s1(p["w1"] - eps, p["b1"])) / (2 * eps) == pytest.approx(p["x"])
    assert (s1(p["w1"], p["b1"] + eps) - s1(p["w1"], p["b1"] - eps)) / (2 * eps) == pytest.approx(1.0)
    v = chain(**p)
    s2 = lambda y1: p["w2"] * y1 + p["b2"]
    assert (s2(v["y1"] + eps) - s2(v["y1"] - eps)) / (2 * eps) == pytest.approx(p["w2"])
    for s in (v["s1"], v["s2"]):
        assert (sig(s + eps) - sig(s - eps)) / (2 * eps) == pytest.approx(sig(s) * (1 - sig(s)), abs=1e-9)
    E = lambda y2: 0.5 * (y2 - p["t"]) ** 2
    assert (E(v["y2"] + eps) - E(v["y2"] - eps)) / (2 * eps) == pytest.approx(v["y2"] - p["t"], abs=1e-9)


def test_backprop_gradients_are_the_nudged_slopes():
    """"δ⁽¹⁾ = f′(s⁽¹⁾) · w⁽²⁾ · δ⁽²⁾ … ∂E/∂w⁽¹⁾ = δ⁽¹⁾x, ∂E/∂w⁽²⁾ = δ⁽²⁾y⁽¹⁾. This is backpropagation.
    Is it right? Nudge w⁽¹⁾ …" — and the same for every parameter; bplib's chain agrees."""
    v = chain(**CHAIN)
    for name in ("w1", "b1", "w2", "b2"):
        assert v["d" + name] == pytest.approx(nudge(chain_E, CHAIN, name), abs=1e-9), name
    ours = l04.chain_values(**CHAIN)
    for key in ("s1", "y1", "s2", "y2", "E", "ds2", "ds1", "dw1", "dw2"):
        assert ours[key] == pytest.approx(float(v[key]), abs=1e-12), key


# -- saturation ---------------------------------------------------------------------------------------
def test_saturated_sigmoid_slopes():
    """"a sigmoid's slope is at most ¼ (at s = 0). It is far smaller where the neuron is saturated:
    f′(2) = 0.105, f′(4) = 0.0177, f′(6) = 0.0025." """
    s = np.linspace(-30, 30, 60001)
    assert dsig(s).max() == pytest.approx(0.25, abs=1e-12)
    assert [round(float(dsig(2.0)), 3), round(float(dsig(4.0)), 4), round(float(dsig(6.0)), 4)] == [0.105, 0.0177, 0.0025]


def test_chain_shrinks_the_error_signal():
    """"Only 0.0498 of the error ∂E/∂y⁽²⁾ arrives as δ⁽¹⁾: it was multiplied by 0.1941 · 1.2 · 0.2139." """
    v = chain(**CHAIN)
    assert round(float(dsig(v["s2"])), 4) == 0.1941 and round(float(dsig(v["s1"])), 4) == 0.2139
    assert round(float(v["ds1"] / v["dy2"]), 4) == 0.0498
    assert round(0.1941 * 1.2 * 0.2139, 4) == 0.0498


def test_a_layer_shrinks_delta_fourfold_with_weights_up_to_one_and_grows_it_only_beyond_four():
    """"Each sigmoid layer multiplies δ by its f′(s) ≤ ¼, and by the weight in between. With weights no
    larger than 1, every sigmoid layer makes the error signal at least four times smaller; it can grow
    through a layer only if that weight is larger than 4." (The factor is |w · f′(s)|.)"""
    rng = np.random.default_rng(0)
    s = rng.normal(0, 3, 100000)
    w = rng.uniform(-1, 1, s.size)
    assert np.all(np.abs(w * dsig(s)) <= 0.25)
    w = rng.uniform(-4, 4, s.size)
    assert np.all(np.abs(w * dsig(s)) <= 1.0)
    assert abs(4.5 * dsig(0.0)) > 1.0          # a weight above 4 near s = 0 lets δ grow


# -- section 4: fan-out -------------------------------------------------------------------------------
FAN = dict(x=1.5, w1=0.8, b1=-0.4, w2=np.array([1.2, -0.7]), b2=np.array([0.2, 0.1]), t=np.array([0.0, 1.0]))


def fan_errors(x, w1, b1, w2, b2, t, y1=None):
    """Each output's error ½(y⁽²⁾ₖ − tₖ)², optionally with y⁽¹⁾ set directly."""
    y1 = sig(w1 * x + b1) if y1 is None else y1
    return 0.5 * (sig(w2 * y1 + b2) - t) ** 2


def test_fanout_paths_add_up():
    """"Nudge y⁽¹⁾: both outputs change … Along path k the nudge is multiplied by w⁽²⁾ₖ δ⁽²⁾ₖ. The two changes
    add up" and "With the first path alone, ∂E/∂y⁽¹⁾ would be 0.1715 instead of 0.2718: 37% too small, and
    perturbation would disagree." """
    y1 = float(sig(FAN["w1"] * FAN["x"] + FAN["b1"]))
    eps = 1e-6
    per_path = (fan_errors(**FAN, y1=y1 + eps) - fan_errors(**FAN, y1=y1 - eps)) / (2 * eps)
    s2 = FAN["w2"] * y1 + FAN["b2"]
    delta2 = (sig(s2) - FAN["t"]) * dsig(s2)
    assert per_path == pytest.approx(FAN["w2"] * delta2, abs=1e-8)
    assert [round(float(v), 4) for v in per_path] == [0.1715, 0.1003]
    assert round(float(per_path.sum()), 4) == 0.2718
    assert round(1 - 0.1715 / 0.2718, 2) == 0.37
    # perturbation of w⁽¹⁾ agrees with the sum, not with one path
    total = lambda w1: fan_errors(**dict(FAN, w1=w1)).sum()
    measured = (total(FAN["w1"] + eps) - total(FAN["w1"] - eps)) / (2 * eps)
    both = per_path.sum() * dsig(FAN["w1"] * FAN["x"] + FAN["b1"]) * FAN["x"]
    one = per_path[0] * dsig(FAN["w1"] * FAN["x"] + FAN["b1"]) * FAN["x"]
    assert measured == pytest.approx(both, abs=1e-8) and abs(measured - one) > 0.01
    # bplib's Network([1, 1, 2]) agrees with this independent sum
    net = l04.fanout_network(FAN["w1"], FAN["b1"], FAN["w2"], FAN["b2"])
    assert net.backward([FAN["x"]], FAN["t"])[0][0][0, 0] == pytest.approx(both, abs=1e-9)


# -- section 5: BP1–BP4 -------------------------------------------------------------------------------
def my_backprop(Ws, bs, x, t):
    """BP1–BP4 for one sample, written from the notebook's equations with plain numpy."""
    ys, ss = [np.asarray(x, float)], []
    for W, b in zip(Ws, bs):
        ss.append(W @ ys[-1] + b)
        ys.append(sig(ss[-1]))
    deltas = [(ys[-1] - t) * dsig(ss[-1])]                        # BP1
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, dsig(ss[l - 1]) * (Ws[l].T @ deltas[0]))  # BP2: f′(s) Σₖ w_kj δ_k
    dWs = [np.outer(d, y) for d, y in zip(deltas, ys[:-1])]        # BP3
    return dWs, deltas                                             # BP4: ∂E/∂b = δ


def test_bp1_to_bp4_are_the_gradient():
    """"Everything so far fits in four equations" (BP1–BP4), checked by perturbation on random networks."""
    rng = np.random.default_rng(4)
    for sizes in ([2, 3, 2], [3, 4, 2, 2], [1, 1, 1]):
        Ws = [rng.normal(size=(m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
        bs = [rng.normal(size=m) for m in sizes[1:]]
        x, t = rng.normal(size=sizes[0]), rng.random(sizes[-1])

        def E(Ws=Ws, bs=bs):
            y = x
            for W, b in zip(Ws, bs):
                y = sig(W @ y + b)
            return 0.5 * np.sum((y - t) ** 2)

        dWs, dbs = my_backprop(Ws, bs, x, t)
        eps = 1e-6
        for l in range(len(Ws)):
            for idx in np.ndindex(Ws[l].shape):
                Wp = [W.copy() for W in Ws]
                Wm = [W.copy() for W in Ws]
                Wp[l][idx] += eps
                Wm[l][idx] -= eps
                assert dWs[l][idx] == pytest.approx((E(Wp) - E(Wm)) / (2 * eps), abs=1e-8)
            for j in range(bs[l].size):
                bp = [b.copy() for b in bs]
                bm = [b.copy() for b in bs]
                bp[l][j] += eps
                bm[l][j] -= eps
                assert dbs[l][j] == pytest.approx((E(bs=bp) - E(bs=bm)) / (2 * eps), abs=1e-8)


def test_with_n_samples_the_gradient_is_the_average():
    """"(for one sample; with N samples, average each gradient over them)" """
    net = bplib.Network([2, 2, 1], seed=0)
    x, t = bplib.logic_gate("XOR")
    dW, db = net.backward(x, t)
    mine = [my_backprop(net.weights, net.biases, xn, tn) for xn, tn in zip(x, t)]
    for l in range(2):
        assert dW[l] == pytest.approx(np.mean([m[0][l] for m in mine], axis=0), abs=1e-12)
        assert db[l] == pytest.approx(np.mean([m[1][l] for m in mine], axis=0), abs=1e-12)


def test_gradients_from_the_old_weights():
    """"All gradients are computed from the old weights before any weight changes: BP2 uses w⁽²⁾, so
    changing w⁽²⁾ first would give δ⁽¹⁾ of a different network." And the demo's Step does it that way."""
    v = chain(**CHAIN)
    lr = 2.0
    moved_first = chain(**dict(CHAIN, w2=CHAIN["w2"] - lr * v["dw2"]))
    assert abs(moved_first["dw1"] - v["dw1"]) > 1e-3
    demo = l04.chain_explorer(lr=lr)
    demo.click("step")
    for name in ("w1", "b1", "w2", "b2"):
        assert demo.values()[name] == pytest.approx(CHAIN[name] - lr * v["d" + name], abs=1e-12)


# -- section 6: the network with a hidden layer ----------------------------------------------------
def test_weight_index_and_the_matrix_form_of_bp2():
    """"`net.weights[l][j, i]` is w⁽ˡ⁺¹⁾ⱼᵢ, the weight to neuron j from neuron (or input) i below" and
    "For a whole layer that sum is the matrix product W⁽²⁾ᵀδ⁽²⁾, written `ds2 @ net.weights[1]` in code." """
    net = bplib.Network([2, 3, 2], seed=1)
    x = np.array([0.3, -1.2])
    net.forward(x)
    W = net.weights[0]
    for j in range(3):
        assert net.s[0][j] == pytest.approx(sum(W[j, i] * x[i] for i in range(2)) + net.biases[0][j], abs=1e-12)
    delta = np.array([0.2, -0.5])
    W2 = net.weights[1]
    by_sum = [sum(W2[k, j] * delta[k] for k in range(2)) for j in range(3)]
    assert delta @ W2 == pytest.approx(W2.T @ delta, abs=1e-15) and delta @ W2 == pytest.approx(by_sum, abs=1e-15)


# -- section 7: the cost ------------------------------------------------------------------------------
def test_pass_counts_for_every_size():
    """"On growing networks [n, n, 1], from 9 to about 5,000 parameters" and, in the summary, "(10,082 for the
    5,041 parameters of [70, 70, 1])"; perturbation needs two forward passes per parameter."""
    counts = [n * n + n + n * 1 + 1 for n in (2, 4, 8, 16, 32, 50, 70)]   # weights and biases of [n, n, 1]
    assert counts[0] == 9 and counts[-1] == 5041 and 2 * counts[-1] == 10082
    assert [bplib.Network(s).n_params for s in l04.COST_SIZES] == counts
    records = l04.time_gradients([[2, 2, 1], [70, 70, 1]], repeats=1)
    assert [r["perturbation"]["passes"] for r in records] == [{"forward": 18, "backward": 0},
                                                              {"forward": 10082, "backward": 0}]
    assert all(r["backpropagation"]["passes"] == {"forward": 1, "backward": 1} for r in records)


def test_perturbation_time_climbs_backprop_far_more_slowly():
    """"perturbation's time climbs steadily with the number of parameters …; backpropagation's grows far
    more slowly." (Best of five, from 9 to 5,041 parameters.)"""
    small, big = l04.time_gradients([[2, 2, 1], [70, 70, 1]], repeats=5)
    perturbation_growth = big["perturbation"]["seconds"] / small["perturbation"]["seconds"]
    backprop_growth = big["backpropagation"]["seconds"] / small["backpropagation"]["seconds"]
    assert perturbation_growth > 10 * backprop_growth


# -- section 8: the live chain, "Try" -----------------------------------------------------------------
def E_shown(demo):
    return chain(**{k: demo.values()[k] for k in CHAIN})["E"]


def test_try_step_a_few_times_error_falls():
    """"press Step a few times and watch E fall" """
    demo = l04.chain_explorer()
    Es = [E_shown(demo)]
    for _ in range(4):
        demo.click("step")
        Es.append(E_shown(demo))
    assert all(b < a for a, b in zip(Es, Es[1:]))
    assert "too large" not in demo.texts["verdict"].value


def test_try_large_eta_goes_further_and_does_not_overshoot():
    """"make η large (10), then Step: each step goes further and E falls faster. From these starting values
    even η = 10 does not overshoot" """
    slow, fast = l04.chain_explorer(), l04.chain_explorer()
    fast.set(lr=10.0)
    assert fast.controls["lr"].max == 10.0
    slow.click("step")
    fast.click("step")
    moved = lambda d: np.linalg.norm([d.values()[k] - CHAIN[k] for k in ("w1", "b1", "w2", "b2")])
    assert moved(fast) > moved(slow) and E_shown(fast) < E_shown(slow)
    Es = [E_shown(fast)]
    for _ in range(15):
        fast.click("step")
        Es.append(E_shown(fast))
        assert "too large" not in fast.texts["verdict"].value
    assert all(b < a for a, b in zip(Es, Es[1:]))


def test_try_saturate_neuron_one():
    """"set w⁽¹⁾ = 4: now s⁽¹⁾ = 5.6, neuron 1 is saturated (f′(s⁽¹⁾) = 0.0037), and δ⁽¹⁾ is about 65 times
    smaller than at the start" """
    demo = l04.chain_explorer()
    demo.set(w1=4.0)
    v = chain(**dict(CHAIN, w1=4.0))
    assert v["s1"] == pytest.approx(5.6) and round(float(dsig(v["s1"])), 4) == 0.0037
    ratio = chain(**CHAIN)["ds1"] / v["ds1"]
    assert 60 < ratio < 70 and round(float(ratio)) == 65
    table = demo.texts["values"].value
    assert ">5.6<" in table and f">{fmt(float(v['ds1']))}<" in table


def test_try_x_zero_and_w2_zero():
    """"set x = 0 and see which gradients vanish (and why: ∂E/∂w⁽¹⁾ = δ⁽¹⁾x)" and "make w⁽²⁾ = 0 and see that
    no error reaches neuron 1." """
    demo = l04.chain_explorer()
    demo.set(x=0.0)
    c = demo.chain()
    assert c["dw1"] == 0 and c["ds1"] != 0 and c["dw2"] != 0
    assert "The orange lines have slopes ∂E/∂w⁽¹⁾ = 0 and" in demo.texts["verdict"].value
    demo = l04.chain_explorer()
    demo.set(w2=0.0)
    c = demo.chain()
    assert c["dy1"] == 0 and c["ds1"] == 0 and c["dw1"] == 0 and c["db1"] == 0 and c["dw2"] != 0


# -- the exercises' worked solutions ------------------------------------------------------------------
def test_chain_exercise_worked_solution():
    """(a) 2 · (−0.1381) = −0.2762. (b) 0.3775 · 0.6225 = 0.2350, δ⁽¹⁾ = −0.2762 · 0.2350 = −0.0649.
    (c) −0.0649 · 2 = −0.1298. The printed numbers: y⁽¹⁾ = 0.3775, δ⁽²⁾ = −0.1381."""
    v = chain(**l04.EXERCISE)
    assert round(float(v["y1"]), 4) == 0.3775 and round(float(v["ds2"]), 4) == -0.1381
    assert round(2 * -0.1381, 4) == -0.2762
    assert round(0.3775 * 0.6225, 4) == 0.2350 and round(1 - 0.3775, 4) == 0.6225
    assert round(-0.2762 * 0.2350, 4) == -0.0649
    assert round(-0.0649 * 2, 4) == -0.1298
    assert l04.check_dy1(-0.2762) and l04.check_delta1(-0.0649) and l04.check_dw1(-0.1298)
    assert v["dy1"] == pytest.approx(-0.2762, abs=2e-4) and v["dw1"] == pytest.approx(-0.1298, abs=2e-4)


def test_fanout_exercise_worked_solution():
    """(d) path 1: 2 · (−0.1381) = −0.2762; path 2: 1.5 · 0.1290 = 0.1935; sum −0.0827; "The second path
    undoes 70% of the first". (e) δ⁽¹⁾ = 0.2350 · (−0.0827) = −0.01943, ∂E/∂w⁽¹⁾ = −0.01943 · 2 = −0.0389,
    "30% of part (c)'s gradient". The exercise: w⁽²⁾₂ = 1.5, b⁽²⁾₂ = −0.5, t₂ = 0, t₁ = 1."""
    e = l04.FANOUT_EXERCISE
    assert e["w2"][1] == 1.5 and e["b2"][1] == -0.5 and e["t"] == [1.0, 0.0]
    assert {k: e[k] for k in ("x", "w1", "b1")} == {k: l04.EXERCISE[k] for k in ("x", "w1", "b1")}
    y1 = sig(e["w1"] * e["x"] + e["b1"])
    s2 = np.array(e["w2"]) * y1 + np.array(e["b2"])
    delta2 = (sig(s2) - np.array(e["t"])) * dsig(s2)
    assert [round(float(d), 4) for d in delta2] == [-0.1381, 0.1290]
    assert round(1.5 * 0.1290, 4) == 0.1935 and round(-0.2762 + 0.1935, 4) == -0.0827
    assert round(0.1935 / 0.2762, 2) == 0.70
    assert round(0.2350 * -0.0827, 5) == -0.01943 and round(-0.01943 * 2, 4) == -0.0389
    assert round(0.0389 / 0.1298, 2) == 0.30
    exact = float(np.dot(e["w2"], delta2) * dsig(e["w1"] * e["x"] + e["b1"]) * e["x"])
    assert exact == pytest.approx(-0.0389, abs=1e-4)
    assert l04.check_fanout_dy1(-0.0827) and l04.check_fanout_dw1(-0.0389)
