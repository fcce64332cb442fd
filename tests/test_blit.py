"""Blitting (Demo.animate): a move draws only its changing artists, and the frame is the full draw's, pixel for pixel.

The reference is matplotlib's own full draw of the same state, made independently: a fresh demo set to
the same values and saved (``savefig`` draws animated artists in place, in z-order, as a figure without
blitting is drawn), under the same text settings as a redraw (:func:`bplib.lessons.plots.fast_text`).
"""

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bplib.lessons import l05, l06, plots
from bplib.lessons._demo import Demo


def saved_pixels(fig):
    """The figure drawn in full by savefig, as an RGBA array."""
    buf = io.BytesIO()
    with plots.fast_text():
        fig.savefig(buf, format="rgba", dpi=fig.dpi)
    width, height = fig.canvas.get_width_height(physical=True)
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(height, width, 4)


def on_screen(fig):
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def differing(a, b):
    return int(np.any(a != b, axis=2).sum())


class Counted:
    """Counts a canvas's full draws (draw_event) and blits."""

    def __init__(self, fig):
        self.draws = self.blits = 0
        fig.canvas.mpl_connect("draw_event", lambda event: setattr(self, "draws", self.draws + 1))
        blit = type(fig.canvas).blit
        fig.canvas.blit = lambda *a, **k: (setattr(self, "blits", self.blits + 1), blit(fig.canvas, *a, **k))


class Gauge(Demo):
    """A number written over a line that moves with it, above a static title and a static grey band.

    ``animated=False`` makes the same demo without blitting.
    """

    def __init__(self, animated=True, line_zorder=3):
        super().__init__()
        self.fig, self.ax = plots.new_figure(3, 2, layout="constrained")
        self.ax.axhspan(0.4, 0.6, color=plots.GREY, alpha=0.5)
        self.ax.set(xlim=(0, 1), ylim=(0, 1), title="a gauge")
        # above the spines (zorder 2.5), which it crosses: what moves must lie above what stays
        (self.line,) = self.ax.plot([0, 1], [0.5, 0.5], lw=4, color=plots.BLUE, zorder=line_zorder)
        self.number = self.ax.text(0.5, 0.5, "", ha="center", va="center", bbox=dict(facecolor="white"),
                                   zorder=4)
        self.add_control("w", widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="w"))
        if animated:
            self.animate(self.number, self.line)   # in any order: drawn in z-order
        self.update()

    def update(self):
        w = self.controls["w"].value
        self.line.set_ydata([w, 1 - w])
        self.number.set_text(f"w = {w:.2f}")
        self.redraw()


def fresh_gauge(w):
    gauge = Gauge()
    gauge.set(w=w)
    return gauge


def test_a_move_is_blitted_and_is_the_full_draw_pixel_for_pixel():
    gauge = Gauge()
    count = Counted(gauge.fig)
    for w in (0.1, 0.85, 0.3):
        gauge.controls["w"].value = w
        assert differing(on_screen(gauge.fig), saved_pixels(fresh_gauge(w).fig)) == 0
    assert (count.blits, count.draws) == (3, 0)


def test_the_comparison_sees_a_wrong_frame():
    # A change to an artist that is not animated, hidden from the staleness check: the blit
    # puts the number on the old background, and the comparison must catch it.
    gauge = Gauge()
    gauge.ax.set_title("another title")
    gauge.fig.stale = False
    gauge.controls["w"].value = 0.2
    reference = fresh_gauge(0.2)
    reference.ax.set_title("another title")
    assert differing(on_screen(gauge.fig), saved_pixels(reference.fig)) > 50


def test_the_animated_artists_are_drawn_in_z_order_whatever_order_they_are_given():
    gauge = Gauge()
    assert gauge._moving == (gauge.line, gauge.number)   # the line (zorder 3) under its number (4)


def test_an_animated_artist_under_a_static_one_comes_out_on_top_and_the_comparison_sees_it():
    # A line at the default zorder 2 belongs under the spines (2.5); blitted, it is drawn over them.
    gauge = Gauge(line_zorder=2)
    gauge.controls["w"].value = 0.1
    reference = Gauge(line_zorder=2, animated=False)
    reference.set(w=0.1)
    assert differing(on_screen(gauge.fig), saved_pixels(reference.fig)) > 0


def test_a_change_to_anything_else_draws_the_whole_figure_and_keeps_a_new_background():
    gauge = Gauge()
    count = Counted(gauge.fig)
    gauge.ax.set_title("another title")       # not animated: the figure is stale
    gauge.controls["w"].value = 0.7
    assert (count.blits, count.draws) == (0, 1)
    reference = fresh_gauge(0.7)
    reference.ax.set_title("another title")
    assert differing(on_screen(gauge.fig), saved_pixels(reference.fig)) == 0
    gauge.controls["w"].value = 0.4            # and the next move blits on the new background
    assert (count.blits, count.draws) == (1, 1)
    reference.set(w=0.4)
    assert differing(on_screen(gauge.fig), saved_pixels(reference.fig)) == 0


def test_a_new_size_or_dpi_draws_the_whole_figure():
    gauge = Gauge()
    count = Counted(gauge.fig)
    gauge.fig.set_dpi(100)                     # what ipympl does for a HiDPI screen
    gauge.fig.stale = False                    # even if nothing said so
    gauge.controls["w"].value = 0.9
    assert (count.blits, count.draws) == (0, 1)
    assert on_screen(gauge.fig).shape[:2] == (200, 300)


def test_a_full_draw_with_font_hinting_is_not_blitted_on():
    # The browser asks for full draws outside plots.fast_text; a redraw is without hinting.
    gauge = Gauge()
    count = Counted(gauge.fig)
    gauge.fig.canvas.draw()                    # as the browser's request does: hinted
    gauge.controls["w"].value = 0.35
    assert (count.blits, count.draws) == (0, 2)
    assert differing(on_screen(gauge.fig), saved_pixels(fresh_gauge(0.35).fig)) == 0


def test_a_saved_picture_shows_the_animated_artists():
    gauge = Gauge()
    gauge.controls["w"].value = 0.25
    without_blitting = Gauge(animated=False)
    without_blitting.set(w=0.25)
    assert differing(saved_pixels(gauge.fig), saved_pixels(without_blitting.fig)) == 0
    still = plots.static(gauge.fig)   # what a notebook stores; its words are the figure's
    assert still.png.startswith(b"\x89PNG") and "a gauge" in still.alt
    # and saving leaves no wrong background: the next move is still the full draw's picture
    gauge.controls["w"].value = 0.6
    assert differing(on_screen(gauge.fig), saved_pixels(fresh_gauge(0.6).fig)) == 0


def test_a_demo_that_does_not_opt_in_draws_in_full_as_before():
    gauge = Gauge(animated=False)
    count = Counted(gauge.fig)
    gauge.controls["w"].value = 0.15
    gauge.controls["w"].value = 0.55
    assert (count.blits, count.draws) == (0, 2)
    assert not gauge.line.get_animated() and not gauge.number.get_animated()


@pytest.mark.parametrize("builder, moves, full", [
    ("step_through", [{"stage": k} for k in range(2, 22)] + [{"stage": 41}, {"stage": 1}, {"x₁": 0.1}, {"t": 0.3}],
     0),
    ("weight_explorer", [{"w₁₁⁽¹⁾": -3.0}, {"w₁₂⁽³⁾": 2.5}, {"b₁⁽²⁾": 4.0}, {"x₂": 0.0}, {"t": 0.2}], 0),
    # the gradient check's dots; a new scale draws the whole figure. (Not the rule: plots.keep_layout
    # lays the figure out again for new tick labels, not for a new title, so after a change of rule the
    # layout depends on the moves before it, blitted or not, and a fresh demo is no reference.)
    ("gradient_check", [{"seed": 3}, {"seed": 4}, {"seed": 8}, {"data": "XOR (4 examples)"}, {"seed": 9}], None),
])
def test_lesson_05_moves_are_blitted_and_match_a_fresh_full_draw(builder, moves, full):
    demo = l05.BUILDERS[builder]()
    count = Counted(demo.fig)
    for move in moves:
        demo.set(**move)
        fresh = l05.BUILDERS[builder]()
        fresh.set(**demo.values())
        assert differing(on_screen(demo.fig), saved_pixels(fresh.fig)) == 0, move
        plt.close(fresh.fig)
    assert count.blits + count.draws == len(moves) and count.blits > 0
    if full is not None:
        assert count.draws == full
    assert demo.last_problem is None


def test_the_gradient_check_blits_a_seed_on_the_same_scale_and_draws_a_new_scale_in_full():
    demo = l05.gradient_check()
    count = Counted(demo.fig)
    for seed in range(1, 21):
        before, scale = count.blits, demo.ax.get_xlim()
        demo.set(seed=seed)
        blitted = count.blits > before
        assert blitted == (demo.ax.get_xlim() == scale), seed
    assert count.blits >= 10
    draws = count.draws
    demo.set(rule="classic")   # a new title
    assert count.draws == draws + 1 and demo.ax.get_title() == "classic rule (wrong)"


# -- lesson 06: the playground, noise and validation, starting weights, learning rate -------------------------------
def fresh_l06(builder, demo):
    """A new demo of ``builder`` brought to ``demo``'s state without blitting's help: the controls set, and the
    same epochs trained again from the start (each epoch is seeded by its number, so training it again gives the
    same weights)."""
    values = demo.values()
    if builder == "playground":
        fresh = l06.BUILDERS[builder]()
        fresh.set(**{k: v for k, v in values.items() if k not in ("neuron", "point")})
        for lr, B, l2, first, last in demo.segments:   # stretches of equal η, B and λ
            fresh.put(lr=lr, batch_size=B, l2=l2)
            fresh.train(last - first + 1)
        fresh.set(**values)   # the inspector's neuron and point once the network has its shape
    elif builder == "noise_and_held_out":
        fresh = l06.NoiseAndHeldOut(train=False)
        fresh.set(**values)
        fresh.fit_epochs(demo.epoch, l06.NOISE_LR, l06.NOISE_BATCH)
        fresh.set()
    else:
        fresh = l06.BUILDERS[builder]()
        fresh.set(**values)
    return fresh


L06_MOVES = {
    "playground": [{"noise": 0.4}, {"train_fraction": 0.7}, {"data_seed": 3}, {"point": 40}, {"neuron": (0, 2)},
                   {"n1": 6}, {"n2": 3}, {"activation": "relu"}, {"data": "spiral"}, "step", "step", "step",
                   {"lr": 0.03}, {"batch_size": 25}, {"l2": 0.01}, "step", {"layers": 3}, {"n3": 5},
                   {"neuron": (2, 4)}, "step", {"noise": 0.8}, {"point": 7}, {"activation": "sigmoid"},
                   {"data_seed": 5}, {"train_fraction": 0.3}, {"data": "XOR"}],
    "noise_and_held_out": [{"noise": 0.2}, {"label_noise": 0.15}, {"hidden": 12}, {"noise": 0.35},
                           {"label_noise": 0.05}, {"hidden": 30}, {"epochs": 300}, "train", {"epochs": 100}, "train",
                           {"noise": 0.1}, {"hidden": 7}],
    "starting_weights": [{"epoch": 150}, {"epoch": 0}, {"epoch": 37}, {"start": "all equal"}, {"epoch": 200},
                         {"epoch": 90}, {"start": "random"}, {"epoch": 1}],
    # small rates, one step at a time (the same error at the start: the same scale), then large ones (new scales)
    "learning_rate": [{"lr": v} for v in (0.001, 0.00147, 0.00215, 0.0147, 0.0464, 0.1, 0.681, 2.15, 10.0, 0.0316)],
}
#: the fewest moves of each that must be blitted (the others draw the whole figure: a new scale, a new shape)
L06_BLITS = {"playground": 15, "noise_and_held_out": 5, "starting_weights": 5, "learning_rate": 5}


@pytest.mark.parametrize("builder", sorted(L06_MOVES))
def test_lesson_06_moves_are_blitted_and_match_a_fresh_full_draw(builder):
    demo = l06.BUILDERS[builder]()
    count = Counted(demo.fig)
    for move in L06_MOVES[builder]:
        if isinstance(move, str):
            demo.click(move)
        else:
            demo.set(**move)
        fresh = fresh_l06(builder, demo)
        assert differing(on_screen(demo.fig), saved_pixels(fresh.fig)) == 0, move
        plt.close(fresh.fig)
    assert demo.last_problem is None
    assert count.blits >= L06_BLITS[builder] and count.blits + count.draws <= len(L06_MOVES[builder])


def test_lesson_06_a_new_scale_draws_the_whole_figure():
    # set_limits: the same limits keep the figure as drawn (blitted), new ones make it stale (a full draw)
    demo = l06.learning_rate()
    count = Counted(demo.fig)
    demo.set(lr=0.1)
    demo.set(lr=0.0464)            # the same start, the same scale
    assert (count.blits, count.draws) == (2, 0)
    demo.set(lr=10.0)              # diverges: the error's scale grows
    assert count.draws == 1 and demo.ax_err.get_ylim()[1] > 1e3
    noise = l06.noise_and_held_out()
    count = Counted(noise.fig)
    noise.set(noise=0.2)           # back to epoch 0: another x scale
    assert count.draws == 1 and noise.ax_err.get_xlim() == (0, 10)


def test_an_animated_legend_leaves_the_figure_drawn():
    # Drawing a legend tells the axes its parts moved; runs.with_frame keeps that from making the figure stale
    demo = l06.noise_and_held_out()
    demo.fig.canvas.draw()
    assert not demo.fig.stale
    demo.set(hidden=20)
    assert not demo.fig.stale
