"""Every number and "try this" in the markdown of 08_recurrent_backpropagation.ipynb, checked.

Numbers are recomputed with plain numpy (a relaxation, a Newton solve for the fixed point, the
Jacobian's eigenvalues), not with bplib.recurrent; the lesson's weights W_DEMO are taken as data.
A "try this" is done on the widget exactly as the text says, and its promised effect is checked.
"""

import numpy as np
import pytest

from bplib.fmt import fmt
from bplib.lessons import l08

X = np.array([1.0, -1.0, 0.0, 0.0, 0.0])     # x = (1, −1) on the input neurons 0 and 1


def sig(s):
    return 1 / (1 + np.exp(-s))


def relax(W, alpha=1.0, tol=1e-10, max_iter=1000, x=X):
    """(y, steps taken, changes); steps is None if it did not settle within max_iter."""
    y, changes = np.zeros(len(x)), []
    for k in range(max_iter):
        new = (1 - alpha) * y + alpha * sig(W @ y + x)
        changes.append(np.max(np.abs(new - y)))
        y = new
        if changes[-1] < tol:
            return y, k + 1, changes
    return y, None, changes


def fixed_point(W, x=X):
    """y = f(W y + x) by Newton's method from a well-damped relaxation's end."""
    y, _, _ = relax(W, alpha=0.2, tol=1e-12, max_iter=20000, x=x)
    for _ in range(30):
        s = W @ y + x
        J = np.eye(len(y)) - (sig(s) * (1 - sig(s)))[:, None] * W
        y = y - np.linalg.solve(J, y - sig(s))
    assert np.max(np.abs(y - sig(W @ y + x))) < 1e-13
    return y


def jacobian_eigenvalues(W, x=X):
    y = fixed_point(W, x)
    s = W @ y + x
    return np.linalg.eigvals((sig(s) * (1 - sig(s)))[:, None] * W)


def radius(W):
    return float(np.max(np.abs(jacobian_eigenvalues(W))))


W1 = l08.W_DEMO


def test_demo_network():
    """ "5 neurons: neurons 0 and 1 are the inputs, neuron 4 is the output, and all 25 connections are
    there (sigmoid activation, biases 0)" """
    net = l08.demo_network()
    assert net.n == 5 and net.inputs == [0, 1] and net.outputs == [4]
    assert np.count_nonzero(net.weights) == 25 and not np.any(net.biases)


def test_worked_solution_of_exercise_1():
    """ "s₀ = (−1)·0.5 + 1 = 0.5 and s₁ = 2·0.5 = 1. Then y₀ = f(0.5) = 0.6225 and y₁ = f(1) = 0.7311" """
    W = np.array([[0.0, -1.0], [2.0, 0.0]])
    s = W @ np.array([0.5, 0.5]) + np.array([1.0, 0.0])
    assert s.tolist() == [0.5, 1.0]
    assert sig(s) == pytest.approx([0.6225, 0.7311], abs=5e-5)
    assert l08.check_one_step([0.6225, 0.7311]).correct


# ---- watching it settle: things to try --------------------------------------------------------------
def test_try_lowering_tol():
    """ "Lower tol step by step. Each factor of 100 costs about the same number of extra iterations" """
    demo = l08.relaxation_explorer()
    steps = []
    for name, tol in l08.TOLERANCES:
        demo.set(tol=tol)
        steps.append(len(demo.lines[0].get_xdata()) - 1)
        assert steps[-1] == relax(W1, tol=tol)[1]
    extra = np.diff(steps)[1:]
    assert np.all((extra >= 2) & (extra <= 4))


def test_try_raising_the_weight_scale():
    """ "with tol at 1e-8, 12 steps at 1, 44 at 3, 368 at 4 (set max_iter to 400 to see it). Below 400,
    the text says it did not settle" """
    for scale, n in ((1.0, 12), (3.0, 44), (4.0, 368)):
        assert relax(scale * W1, tol=1e-8)[1] == n
    demo = l08.relaxation_explorer(tol=1e-8)
    demo.set(scale=1.0)
    assert "<b>Settled</b> after 12 iterations" in demo.texts["verdict"].value
    demo.set(scale=3.0)
    assert "<b>Settled</b> after 44 iterations" in demo.texts["verdict"].value
    demo.set(scale=4.0, max_iter=400)
    assert "<b>Settled</b> after 368 iterations" in demo.texts["verdict"].value
    demo.set(max_iter=360)
    assert "<b>Did not settle</b>" in demo.texts["verdict"].value


def test_try_scale_4_25():
    """ "Go to 4.25. Now the outputs never settle: they swing up and down for ever, and the largest change
    per step stays at about 0.30. No max_iter helps." """
    _, steps, changes = relax(4.25 * W1, tol=1e-8, max_iter=20000)
    assert steps is None
    assert np.allclose(changes[-1000:], 0.30, atol=0.01)
    demo = l08.relaxation_explorer(tol=1e-8)
    demo.set(scale=4.25, max_iter=500)
    assert "<b>Did not settle</b>" in demo.texts["verdict"].value
    y = demo.lines[4].get_ydata()
    assert np.all(np.sign(np.diff(y[-20:])) * np.sign(np.diff(y[-21:-1])) < 0)   # up, down, up, ...


# ---- why it stops settling ---------------------------------------------------------------------------
def test_settling_is_lost_near_4_15():
    """ "the spectral radius of DW at the fixed point grows with the weight scale and passes 1 near a scale
    of 4.15, with the eigenvalue −1 … Between 4 and 4.25 on the slider the settling is lost." """
    scales = np.arange(3.0, 6.01, 0.25)
    radii = [radius(a * W1) for a in scales]
    assert np.all(np.diff(radii) > 0)
    lo, hi = 4.0, 4.25                                            # bisect for the crossing
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if radius(mid * W1) < 1 else (lo, mid)
    assert lo == pytest.approx(4.15, abs=0.01)
    lam = jacobian_eigenvalues(lo * W1)
    assert lam[np.argmax(np.abs(lam))] == pytest.approx(-1.0, abs=1e-6)
    assert relax(4.1 * W1, max_iter=5000)[1] is not None
    assert relax(4.2 * W1, max_iter=20000)[1] is None


def test_the_fixed_point_at_4_25():
    """The code cell: the fixed point at 4.25 exists, radius 1.025 (printed); quoted in words as
    "the fixed point exists" — and I − D·W is invertible there, so the gradient exists too."""
    W = 4.25 * W1
    y = fixed_point(W)
    s = W @ y + X
    assert radius(W) == pytest.approx(1.025, abs=5e-4)
    assert abs(np.linalg.det(np.eye(5) - (sig(s) * (1 - sig(s)))[:, None] * W)) > 0.05


def test_contraction_bound_in_the_details():
    """ "L passes 1 at a weight scale of about 3.2, yet the network still settles up to 4.15." """
    L = 0.25 * np.linalg.norm(W1, 2)
    assert 1 / L == pytest.approx(3.2, abs=0.05)
    assert relax(3.5 * W1)[1] is not None and 0.25 * np.linalg.norm(3.5 * W1, 2) > 1


# ---- damping -----------------------------------------------------------------------------------------
def test_damping_at_scale_5():
    """ "At scale 5 the worst eigenvalue of DW is λ ≈ −1.22; with α = ½ it becomes 0.5 − 0.61 = −0.11." """
    lam = jacobian_eigenvalues(5 * W1)
    worst = lam[np.argmax(np.abs(lam))]
    assert abs(worst.imag) < 1e-12 and worst.real == pytest.approx(-1.22, abs=0.005)
    assert 0.5 + 0.5 * worst.real == pytest.approx(-0.11, abs=0.005)
    assert np.max(np.abs(0.5 + 0.5 * lam)) < 1                    # every eigenvalue: it settles


def test_try_damping_in_the_widget():
    """ "set the weight scale to 5 or 6 and damping α to 0.5. It settles (in 86 and 98 steps with tol at
    1e-8). At α = 1 the text says the fixed point exists, and gives the spectral radius there." """
    demo = l08.relaxation_explorer()                             # tol 1e-8, max_iter 100 as in the notebook
    for scale, n in ((5.0, 86), (6.0, 98)):
        assert relax(scale * W1, alpha=0.5, tol=1e-8)[1] == n
        demo.set(scale=scale, α=0.5)
        assert f"<b>Settled</b> after {n} iterations" in demo.texts["verdict"].value
        y = np.array([line.get_ydata()[-1] for line in demo.lines])
        assert np.allclose(y, fixed_point(scale * W1), atol=1e-7)
        demo.set(α=1.0)
        text = demo.texts["verdict"].value
        assert "<b>Did not settle</b>" in text and "Yet the fixed point exists" in text
        assert f"spectral radius {fmt(radius(scale * W1), 4)}" in text


def test_backward_try_this():
    """ "Near 4 both relaxations need hundreds of steps, and the δ's swing before they settle";
    "At 4.25 and beyond the undamped relaxations do not settle, and the demo … draws no gradient. Set α to
    0.5: both settle, and the gradient agrees with perturbation (damped too) at scales 5 and 6 as well." """
    demo = l08.backward_explorer()
    demo.set(scale=4.0)
    text = demo.texts["verdict"].value
    forward, backward = (int(w.split()[0]) for w in text.split("settled after ")[1:3])
    assert forward > 100 and backward > 100
    delta = np.array([line.get_ydata() for line in demo.lines])
    off = delta[4, 1:100] - delta[4, -1]
    assert np.mean(np.sign(off[1:]) != np.sign(off[:-1])) > 0.9    # swings about its final value
    for scale in (4.25, 5.0, 6.0):
        demo.set(scale=scale, α=1.0)
        assert demo.points.get_offsets().shape[0] == 0
        demo.set(α=0.5)
        assert demo.points.get_offsets().shape == (30, 2) and "they agree" in demo.texts["verdict"].value
    # independently, at scale 5: δ = D (Wᵀδ + e) solved directly; the damped backward relaxation's δ
    W = 5 * W1
    y = fixed_point(W)
    D = np.diag(sig(W @ y + X) * (1 - sig(W @ y + X)))
    e = np.array([0, 0, 0, 0, y[4] - 0.9])
    delta = np.linalg.solve(np.eye(5) - D @ W.T, D @ e)
    demo.set(scale=5.0, α=0.5)
    assert np.array([line.get_ydata()[-1] for line in demo.lines]) == pytest.approx(delta, abs=1e-9)


def test_sixty_relaxations():
    """ "That takes two relaxations per weight and bias: 60 here" """
    assert 2 * (5 * 5 + 5) == 60


# ---- exercise 2's worked solutions -------------------------------------------------------------------
def test_worked_solutions_of_exercise_2():
    """ "y = 0.5·y + 1, so y = 2. (From y = 0 the steps go 1, 1.5, 1.75, …)"; "e = 2 … δ = 4. Then
    ∂E/∂w = δ·y = 8. Check: … dE/dw = (1 − w)⁻³ = 0.5⁻³ = 8." """
    y, steps = 0.0, []
    for _ in range(3):
        y = 0.5 * y + 1
        steps.append(y)
    assert steps == [1.0, 1.5, 1.75]
    w, x = 0.5, 1.0
    y = x / (1 - w)
    delta = (y - 0) / (1 - w)
    assert (y, delta, delta * y) == (2.0, 4.0, 8.0)
    E = lambda w: 0.5 * (1 / (1 - w)) ** 2
    assert (E(w + 1e-6) - E(w - 1e-6)) / 2e-6 == pytest.approx(8.0, rel=1e-8)
    assert l08.check_fixed_point(2.0).correct and l08.check_self_loop_gradient(8.0).correct


# ---- training ----------------------------------------------------------------------------------------
def test_try_going_back_through_the_epochs():
    """ "at η = 3: by epoch 50 every hidden pixel is clearly ink or blank (at least 0.24 away from ½), while
    the error keeps falling, from 0.025 to 0.001 at epoch 600." """
    demo = l08.training_explorer()
    demo.set(lr=3.0, epochs=50)
    errors, params, problem = demo._run(3.0)
    assert problem is None and len(errors) == 601
    assert errors[50] == pytest.approx(0.025, abs=0.0005) and errors[600] == pytest.approx(0.001, abs=0.0002)
    assert "27 of the 27 hidden ones" in demo.texts["verdict"].value
    W, b = params[50]
    from bplib.recurrent import pattern_completion
    x, t = pattern_completion()
    for cue, target in zip(x, t):
        y, steps, _ = relax(W, x=cue + b)
        hidden = cue == 0
        assert steps is not None and np.all(np.abs(y[hidden] - 0.5) >= 0.24)
        assert np.array_equal(y[hidden] > 0.5, target[hidden] > 0.5)


def test_try_a_large_learning_rate():
    """ "Raise η to 10 or 30. The error jumps about, the weights grow, and after a few hundred epochs
    an update makes them so large that the relaxation no longer settles. Training stops there" """
    demo = l08.training_explorer()
    for lr in (10.0, 30.0):
        demo.set(lr=lr, epochs=600)
        errors, params, problem = demo._run(lr)
        assert problem is not None and "Training stopped in epoch" in demo.texts["verdict"].value
        assert np.sum(np.diff(errors) > 0) > 10                    # jumps about
        assert np.linalg.norm(params[-1][0]) > 3 * np.linalg.norm(params[0][0])
        assert 200 <= problem.epoch <= 600          # the exact epoch hangs on the last bits of the arithmetic
