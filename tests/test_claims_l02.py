"""Every number and every "try this" in the markdown of notebook 02 (Gradient descent), beside its check.

Each test quotes the sentence it checks. Numbers are recomputed with plain
numpy from the table x = 0, 3, 9, 27 and t = 2·x; the "try this" suggestions
are done on the lesson's widgets, at positions their sliders can take (a log
slider moves its exponent in steps from its minimum).
"""

import re

import numpy as np
import pytest

from bplib.lessons import l02

X = np.array([0.0, 3.0, 9.0, 27.0])
T = 2 * X
M = np.mean(X ** 2)


def E(w, x=X, t=T):
    return 0.5 * np.mean((w * x - t) ** 2)


def slope(w, x=X, t=T):
    return np.mean((w * x - t) * x)


def descent(w, lr, steps, x=X, t=T):
    path = [w]
    for _ in range(steps):
        path.append(path[-1] - lr * slope(path[-1], x, t))
    return np.array(path)


def log_slider_positions(slider):
    """Every value a FloatLogSlider can take: base ** (min + k·step)."""
    k = np.arange(int(np.floor((slider.max - slider.min) / slider.step + 1e-9)) + 1)
    return slider.base ** (slider.min + k * slider.step)


def nearest(values, target):
    return float(values[np.argmin(np.abs(np.log(values / target)))])


def shown_number(text):
    """A number as bplib.fmt writes it (real minus, ×10ⁿ) back as a float."""
    mantissa, _, power = text.replace("−", "-").partition("×10")
    power = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    return float(mantissa) * 10.0 ** int(power or 0)


def _clean(html):
    return re.sub(r"<[^>]+>", "", html)


@pytest.fixture
def rates():
    return log_slider_positions(l02.descent_demo().controls["lr"])


# -- where we left off, and the slope --------------------------------------------------------------
def test_at_4_the_error_is_409_5_and_the_curve_rises_to_the_right():
    """'At w = 4 the error is E = 409.5, and the error curve rises to the right there: a smaller w is better.'"""
    assert E(4) == 409.5 and E(4.01) > E(4) > E(3.99)


def test_the_slope_by_nudging_and_by_the_formula_is_409_5():
    """The measured slope at w = 4 (ε = 0.001) and the formula 'dE/dw = (1/N) Σₙ (yₙ − tₙ)·xₙ' agree at 409.5."""
    assert (E(4.001) - E(3.999)) / 0.002 == pytest.approx(409.5, rel=1e-9)
    assert np.sum((4 * X - T) * X) / 4 == 409.5


def test_409_5_is_both_E_and_the_slope_at_4_by_coincidence_only():
    """'Careful: 409.5 is also the error E at w = 4. That is a coincidence. ... at w = 3, E = 102.375 but
    dE/dw = 204.75.' and later: 'E = ½·204.75·(w − 2)² and dE/dw = 204.75·(w − 2) are equal only where
    ½(w − 2) = 1, at w = 4 (and at the bottom, w = 2, where both are 0).'"""
    assert M == 204.75
    assert E(4) == slope(4) == 409.5
    assert E(3) == 102.375 and slope(3) == 204.75
    w = np.linspace(-1, 5, 6001)
    gap = np.array([E(v) - slope(v) for v in w])
    assert w[np.abs(gap) < 1e-9].tolist() == pytest.approx([2.0, 4.0])
    for v in w[::100]:
        assert E(v) == pytest.approx(0.5 * 204.75 * (v - 2) ** 2, abs=1e-9)
        assert slope(v) == pytest.approx(204.75 * (v - 2), abs=1e-9)


def test_the_sign_of_the_slope_says_which_way():
    """'The slope is positive: ... w should go down; where the slope is negative, w should go up.' — on the
    widget: at w = 4 it says lower w, at w = 1 raise w."""
    demo = l02.slope_explorer()
    demo.set(w=4.0)
    assert slope(4) > 0 and "lower w" in demo.texts["slopes"].value
    demo.set(w=1.0)
    assert slope(1) < 0 and "raise w" in demo.texts["slopes"].value


def test_on_this_parabola_the_slope_is_proportional_to_the_distance():
    """'dE/dw = 204.75·(w − 2) is proportional to the distance from the bottom.'"""
    for w in np.linspace(-1, 5, 25):
        assert slope(w) == pytest.approx(204.75 * (w - 2), abs=1e-9)


def test_a_plateau_has_a_small_slope_far_from_the_bottom():
    """'That does not hold on every error curve: on a plateau, met in later lessons, the slope is small far
    from the bottom.' One sigmoid neuron, y = 1/(1 + e^(−w)), t = 0.9, bottom at ln 9 ≈ 2.2."""
    f = lambda s: 1 / (1 + np.exp(-s))
    d = lambda w: (f(w) - 0.9) * f(w) * (1 - f(w))
    assert abs(d(-6)) < abs(d(1)) / 10 and abs(-6 - np.log(9)) > abs(1 - np.log(9))


def test_formula_and_nudging_agree_for_every_eps_on_this_parabola():
    """'On this curve the two slopes agree for every ε, because it is a parabola.' — every ε the slider can
    take, at several w, as the widget shows them."""
    demo = l02.slope_explorer()
    for eps in log_slider_positions(demo.controls["eps"]):
        for w in (0.7, 4.0):
            demo.set(w=w, eps=float(eps))
            shown = shown_number(re.search(r"difference: ([−0-9.×⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", demo.texts["slopes"].value).group(1))
            assert shown < 1e-8
            assert (E(w + eps) - E(w - eps)) / (2 * eps) == pytest.approx(slope(w), abs=1e-9)


def test_on_a_curved_error_nudging_agrees_better_the_smaller_eps():
    """'On the curved error surfaces of later lessons they agree only approximately, the better the smaller
    ε' — one sigmoid neuron's error ½(f(w) − 0.9)²."""
    f = lambda s: 1 / (1 + np.exp(-s))
    E1 = lambda w: 0.5 * (f(w) - 0.9) ** 2
    exact = (f(0.5) - 0.9) * f(0.5) * (1 - f(0.5))
    misses = [abs((E1(0.5 + e) - E1(0.5 - e)) / (2 * e) - exact) for e in (1.0, 0.1, 0.01)]
    assert misses[0] > 1e-4 and misses[0] > misses[1] > misses[2]


def test_the_first_step():
    """'a step of 409.5 from w = 4 would land far away. With η = 0.001 the first step is
    4 − 0.001·409.5 = 3.5905.'"""
    assert E(4 - 409.5) > 1e4 * E(4)
    assert 4 - 0.001 * slope(4) == pytest.approx(3.5905, abs=1e-12)


def test_five_steps_the_error_falls_at_every_one():
    """Code comment: 'Five steps: the error falls at every one' (η = 0.001 from w = 4)."""
    errs = [E(w) for w in descent(4.0, 0.001, 5)]
    assert np.all(np.diff(errs) < 0)


# -- the descent demo ---------------------------------------------------------------------------
def test_the_eta_slider_runs_from_about_0_0001_to_about_0_02_in_equal_ratios(rates):
    """'the slider moves η in equal ratios, from about 0.0001 to about 0.02'"""
    assert rates[0] == pytest.approx(1e-4, rel=0.01) and rates[-1] == pytest.approx(0.02, rel=0.01)
    ratios = rates[1:] / rates[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)


def test_step_run_ten_and_reset():
    """'Step takes one step, Run ten, Reset goes back to the start.'"""
    demo = l02.descent_demo(w=4, lr=0.001)
    demo.click("step")
    assert len(demo.path) == 2
    demo.click("run")
    assert len(demo.path) == 12
    np.testing.assert_allclose(demo.path, descent(4.0, 0.001, 11), rtol=1e-12)
    demo.click("reset")
    assert demo.path.tolist() == [4.0]


def _after_ten(lr, demo=None):
    """The descent demo from w = 4 after the learner sets η = lr and presses Reset, then Run."""
    demo = demo or l02.descent_demo(w=4, lr=0.001)
    demo.set(lr=lr)
    demo.click("reset")
    demo.click("run")
    return demo


def test_smaller_eta_is_slower_larger_faster_up_to_a_point(rates):
    """'Make η smaller: the steps get shorter and the descent slower. Make it larger: faster, up to a point.'"""
    small, mid, large, larger, too_far = (nearest(rates, v) for v in (0.0005, 0.001, 0.002, 0.004, 0.009))
    demos = {lr: _after_ten(lr) for lr in (small, mid, large, larger, too_far)}
    first_step = {lr: abs(d.path[1] - d.path[0]) for lr, d in demos.items()}
    final = {lr: d.descent.errors[-1] for lr, d in demos.items()}
    assert first_step[small] < first_step[mid] and final[small] > final[mid]       # smaller: shorter, slower
    assert final[mid] > final[large] > final[larger]                               # larger: faster ...
    assert final[too_far] > final[larger]                                          # ... up to a point
    for lr, d in demos.items():
        np.testing.assert_allclose(d.path, descent(4.0, lr, 10), rtol=1e-12)


def test_the_slider_has_the_rate_that_lands_on_2_in_one_step(rates):
    """'Find the learning rate that takes w from 4 to 2 in one step (the slider has a position for it).'"""
    lr = nearest(rates, 1 / M)
    assert 4 - lr * slope(4) == pytest.approx(2.0, abs=1e-12)
    demo = l02.descent_demo(w=4, lr=0.001)
    demo.set(lr=lr)
    demo.click("step")
    assert demo.path[-1] == pytest.approx(2.0, abs=1e-12)
    assert "step 1: w = 2, E = 0" in _clean(demo.texts["report"].value)


def test_push_eta_up_overshoot_then_the_error_grows(rates):
    """'Push η up until w jumps over the bottom to the other side (overshooting), then further until the error
    grows instead of falling.' — at every slider position (numpy): below 1/204.75 no overshoot, above it w
    lands past 2; the error falls up to 2/204.75 and grows beyond. On the widget: the positions either side of
    both limits, and every tenth one."""
    for lr in rates:
        path = descent(4.0, float(lr), 10)
        assert (path[1] < 2 - 1e-12) == (lr > 1 / M * (1 + 1e-9)), lr
        assert (E(path[-1]) > E(4.0)) == (lr > 2 / M), lr
    edges = [k for k in range(1, len(rates)) for limit in (1 / M, 2 / M) if rates[k - 1] < limit * (1 + 1e-9) <= rates[k]]
    chosen = sorted(set(range(0, len(rates), 10)) | {k + d for k in edges for d in (-1, 0)})
    demo = l02.descent_demo(w=4, lr=0.001)
    for k in chosen:
        lr = float(rates[k])
        _after_ten(lr, demo)
        overshoots = demo.path[1] < 2 - 1e-12
        assert overshoots == (lr > 1 / M * (1 + 1e-9)), lr
        grows = demo.descent.errors[-1] > demo.descent.errors[0]
        assert grows == (lr > 2 / M), lr
        if grows:
            assert "overshoots further" in demo.texts["report"].value
    assert any(rates[k] > 2 / M for k in chosen) and any(1 / M < rates[k] < 2 / M for k in chosen)


def test_oscillation_lands_lower_divergence_lands_higher():
    """'If it lands lower on the other side, the descent still works, zig-zagging (oscillation); if it lands
    higher, every jump is bigger than the last and the error grows without bound (divergence).'"""
    osc = descent(4.0, 0.009, 20)
    assert np.all(np.sign(osc[1:] - 2) != np.sign(osc[:-1] - 2)) and np.all(np.diff([E(w) for w in osc]) < 0)
    div = descent(4.0, 0.0105, 20)
    assert np.all(np.diff(np.abs(div - 2)) > 0) and E(div[-1]) > 100 * E(4)


def test_at_eta_0_009_w_jumps_over_the_minimum_at_every_one_of_20_steps():
    """Printed by the lesson (`describe`): 'w jumps over the minimum, from one side to the other, at every one of
    the 20 steps; the error still falls, to 0.4367.'"""
    path = descent(4.0, 0.009, 20)
    assert int(np.sum(np.sign(path[1:] - 2) != np.sign(path[:-1] - 2))) == 20
    assert f"{E(path[-1]):.4g}" == "0.4367"


# -- why the safe η depends on the inputs --------------------------------------------------------------
def test_one_step_multiplies_the_distance_by_the_factor():
    """'w_new − 2 = (1 − η·mean(x²))·(w − 2)' and E(w) = ½·mean(x²)·(w − 2)²"""
    for w in (-1.0, 0.3, 4.0):
        for lr in (0.001, 0.005, 0.012):
            assert (w - lr * slope(w)) - 2 == pytest.approx((1 - lr * M) * (w - 2), abs=1e-12)


def test_the_three_regimes_of_the_factor():
    """'Between 0 and 1 the descent creeps in from one side; between −1 and 0 it jumps over the bottom at every
    step but still closes in; beyond −1 every step lands further away.'"""
    creep = descent(4.0, 0.003, 20)                 # factor 0.38
    assert np.all(creep > 2) and np.all(np.diff(creep) < 0)
    zigzag = descent(4.0, 0.008, 20)                # factor −0.64
    assert np.all(np.sign(zigzag[1:] - 2) != np.sign(zigzag[:-1] - 2)) and np.all(np.diff(np.abs(zigzag - 2)) < 0)
    away = descent(4.0, 0.0100, 20)                 # factor −1.05
    assert np.all(np.diff(np.abs(away - 2)) > 0)


def test_the_safe_rates_and_the_share_of_the_largest_input():
    """'So the safe learning rates are 0 < η < 2/204.75 ≈ 0.00977. ... the largest input, 27, contributes 729 of
    the 819 in the sum'; Summary: 'η = 1/204.75 lands in one step, η < 2/204.75 ≈ 0.00977 converges.'"""
    assert round(2 / M, 5) == 0.00977
    assert 27 ** 2 == 729 and np.sum(X ** 2) == 819
    assert abs(descent(4.0, 0.0097, 400)[-1] - 2) < 0.1       # just below the limit: converges (slowly)
    assert abs(descent(4.0, 0.0098, 400)[-1] - 2) > 2          # just above: it does not
    assert descent(4.0, 1 / M, 1)[-1] == pytest.approx(2.0, abs=1e-12)


def test_inputs_ten_times_as_large():
    """'Inputs ten times as large make mean(x²) a hundred times as large, and a learning rate that worked before
    now diverges' (η = 0.001)."""
    x10, t10 = 10 * X, 20 * X
    assert np.mean(x10 ** 2) == 100 * M
    assert abs(descent(4.0, 0.001, 20)[-1] - 2) < 0.1
    assert abs(descent(4.0, 0.001, 5, x10, t10)[-1] - 2) > 1e5


# -- the exercises' worked solutions ----------------------------------------------------------------------
def test_worked_solution_1():
    """'At w = 1 each error is e = −x: 0, −3, −9, −27. Each times its input: 0, −9, −81, −729, which add up to
    −819. The mean over the N = 4 samples is dE/dw = −819/4 = −204.75.'"""
    e = 1 * X - T
    assert e.tolist() == [0, -3, -9, -27] and (e * X).tolist() == [0, -9, -81, -729]
    assert np.sum(e * X) == -819 and slope(1) == -819 / 4 == -204.75
    assert l02.check_slope(-204.75).correct


def test_worked_solution_2():
    """'The step is η·dE/dw = 0.002·(−204.75) = −0.4095, so w ← 1 − (−0.4095) = 1.4095'"""
    assert 0.002 * slope(1) == pytest.approx(-0.4095, abs=1e-15)
    assert 1 - 0.002 * slope(1) == pytest.approx(1.4095, abs=1e-15)
    assert l02.check_update(1.4095).correct


def test_moving_a_slider_redraws_the_whole_path_and_the_error_axis_is_log():
    """'Moving a slider redraws the whole path with the new setting.' and 'right: the error after each step on a
    log scale'"""
    demo = l02.descent_demo(w=4, lr=0.001)
    demo.click("run")
    demo.set(lr=0.002)
    np.testing.assert_allclose(demo.path, descent(4.0, 0.002, 10), rtol=1e-12)
    demo.set(w=-1.0)
    np.testing.assert_allclose(demo.path, descent(-1.0, 0.002, 10), rtol=1e-12)
    np.testing.assert_allclose(demo.error_line.get_ydata(), [E(w) for w in demo.path], rtol=1e-9)
    assert demo.ax_e.get_yscale() == "log"
