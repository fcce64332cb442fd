"""The Demo base: controls update in place, problems are caught and reported, the sweep finds them."""

import ipywidgets as widgets
import numpy as np
import pytest

from bplib.lessons._demo import Demo
from tests.sweep import control_value, sweep_values
from bplib.lessons.plots import new_figure
from tests.sweep import assert_sweep


class Reciprocal(Demo):
    """Draws 1/w: at w = 0 it would draw infinity unless it guards against it."""

    def __init__(self, guarded):
        super().__init__()
        self.guarded = guarded
        self.fig, self.ax = new_figure(3, 2)
        self.line, = self.ax.plot([0, 1], [0, 0])
        self.add_control("w", widgets.FloatSlider(value=1.0, min=-1.0, max=1.0, step=0.5, description="w"))
        self.add_control("kind", widgets.Dropdown(options=["a", "b"], description="kind"))
        self.add_text("out")
        self.draws = 0
        self.update()

    def update(self):
        w = self.controls["w"].value
        if self.guarded and w == 0:
            self.texts["out"].value = "1/w is undefined at w = 0"
            return
        with np.errstate(divide="ignore"):
            value = np.float64(1.0) / w
        self.line.set_ydata([value, value])
        self.texts["out"].value = f"1/w = {value}"
        self.draws += 1
        self.redraw()


def test_moving_a_control_updates_the_same_artists():
    demo = Reciprocal(guarded=True)
    line = demo.line
    demo.controls["w"].value = 0.5
    assert demo.line is line and list(demo.line.get_ydata()) == [2.0, 2.0]
    assert demo.texts["out"].value == "1/w = 2.0"
    assert len(demo.fig.axes) == 1


def test_set_moves_several_controls_with_one_update():
    demo = Reciprocal(guarded=True)
    before = demo.draws
    demo.set(w=-1.0, kind="b")
    assert demo.draws == before + 1
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['v'\]; this demo has \['kind', 'w'\]\."):
        demo.set(v=1)


def test_sweep_catches_an_infinity_on_screen():
    with pytest.raises(AssertionError, match="non-finite value in drawn data"):
        assert_sweep(Reciprocal(guarded=False), n=20)
    assert assert_sweep(Reciprocal(guarded=True), n=20) >= 20


def test_exceptions_are_shown_in_words_not_raised():
    demo = Reciprocal(guarded=True)

    def broken():
        raise RuntimeError("the sky fell")

    demo.update = broken
    demo.controls["w"].value = 0.5
    assert "That did not work: RuntimeError: the sky fell" in demo.status.value
    assert problems(demo) == ["exception: RuntimeError('the sky fell')"]


def test_sweep_values_cover_extremes_and_random_points():
    demo = Reciprocal(guarded=True)
    settings = list(sweep_values(demo, n=30, seed=1))
    assert len(settings) == 30
    assert {"w": -1.0, "kind": "a"} in settings and {"w": 1.0, "kind": "b"} in settings
    ws = {s["w"] for s in settings if "w" in s}
    assert ws <= {-1.0, -0.5, 0.0, 0.5, 1.0}  # only positions the slider can take
    rng = np.random.default_rng(0)
    assert control_value(widgets.IntSlider(min=2, max=9), "max", rng) == 9
    assert control_value(widgets.Checkbox(), "min", rng) is False
    # A log slider's min and max are exponents: the values it takes are base**exponent.
    eta = widgets.FloatLogSlider(value=0.001, min=-4, max=-1, step=0.5, base=10)
    assert control_value(eta, "min", rng) == pytest.approx(1e-4)
    assert control_value(eta, "max", rng) == pytest.approx(0.1)
    picks = [control_value(eta, "random", rng) for _ in range(50)]
    assert all(1e-4 <= p <= 0.1 for p in picks) and max(picks) > 1e-2


# -- every lesson's demos refuse a NaN written into a slider, in words --------------------------
import importlib  # noqa: E402

from tests.test_figures import BUILDERS as LESSON_BUILDERS   # every lesson's builders, listed once
from tests.screen import problems


@pytest.mark.parametrize("lesson, name", LESSON_BUILDERS, ids=[f"{a}.{b}" for a, b in LESSON_BUILDERS])
def test_a_slider_given_nan_says_so_and_draws_nothing_from_it(lesson, name):
    demo = importlib.import_module(f"bplib.lessons.{lesson}").BUILDERS[name]()
    floats = {key: w for key, w in demo.controls.items() if isinstance(w, (widgets.FloatSlider, widgets.FloatLogSlider))}
    if not floats:
        pytest.skip(f"{lesson}.{name} has no float slider")
    for key, w in floats.items():
        good = w.value
        w.value = float("nan")          # ipywidgets lets code write NaN into a float slider
        assert "not a number it can use" in demo.status.value and w.description in demo.status.value, f"{key}: {demo.status.value!r}"
        assert problems(demo) == [], f"{key}: {problems(demo)}"
        w.value = good
        assert demo.status.value == "" and problems(demo) == []


def test_a_demo_shows_the_live_widget_and_keeps_a_still_picture_and_a_caption():
    from bplib.lessons import l01

    demo = l01.one_weight_explorer()
    bundle = demo._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "application/vnd.jupyter.widget-view+json", "image/png"}
    assert bundle["text/plain"] == "A live demo (one weight explorer) with controls w: run the notebook to use it."
    import base64
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_labels_of_one_demo_have_one_width():
    from bplib.lessons import l05

    demo = l05.step_through()
    demo.widget
    widths = {w.style.description_width for w in demo.controls.values() if w.description}
    assert len(widths) == 1


def test_html_table_right_aligns_numbers_in_the_one_format():
    from bplib.lessons import plots

    html = plots.html_table(["w", "E"], [[4, 409.5], [3, -1.5e-7]])
    assert html.count("text-align:right") == 6 and "−1.5×10⁻⁷" in html and "-1.5" not in html
