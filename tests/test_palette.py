"""The course's colours stay apart for colour-blind readers: a simulation, written here from the paper.

Simulation: Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model
for Simulation of Color Vision Deficiency", IEEE Transactions on Visualization and
Computer Graphics 15(6), 1291-1298. Their matrices for full severity (1.0) of
protanopia, deuteranopia and tritanopia, applied to linear RGB (sRGB decoded with
the IEC 61966-2-1 curve, then clipped to [0, 1]).

Distance: CIE 1976 ΔE*ab in CIELAB (D65 white), computed here from the sRGB
definition. About 2.3 is a just-noticeable difference; two colours that must tell
two things apart at a glance (two lines of a legend, a positive from a negative
weight) are asked to stay at least MIN_DELTA_E = 20 apart for every reader, and to
differ in lightness where one reader sees them as one hue. The test shows that
it can fail: matplotlib's classic red and green (#D62728, #2CA02C) fall below it
under deuteranopia.
"""

import itertools

import numpy as np
import pytest

from bplib.lessons import plots

MACHADO_2009 = {   # severity 1.0, rows act on linear (R, G, B)
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
VISION = ["normal", *MACHADO_2009]
MIN_DELTA_E = 20.0

# sRGB (linear) to CIE XYZ, D65 (IEC 61966-2-1), and the D65 white point
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = SRGB_TO_XYZ @ np.ones(3)


def hex_to_srgb(colour):
    colour = colour.lstrip("#")
    return np.array([int(colour[k:k + 2], 16) / 255 for k in (0, 2, 4)])


def to_linear(srgb):
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def simulate(colour, vision):
    """Linear RGB of ``colour`` as a reader with ``vision`` sees it."""
    rgb = to_linear(hex_to_srgb(colour))
    if vision == "normal":
        return rgb
    return np.clip(np.array(MACHADO_2009[vision]) @ rgb, 0.0, 1.0)


def lab(linear_rgb):
    xyz = SRGB_TO_XYZ @ linear_rgb / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b, vision):
    return float(np.linalg.norm(lab(simulate(a, vision)) - lab(simulate(b, vision))))


# Colours that stand for different things in the same figure.
MEANINGS = {
    "positive vs negative weight": (plots.POSITIVE, plots.NEGATIVE),
    "training vs validation": (plots.TRAINING, plots.VALIDATION),
    "training vs test": (plots.TRAINING, plots.TEST),
    "validation vs test": (plots.VALIDATION, plots.TEST),
    "error vs δ": (plots.ERROR, plots.DELTA),
}
PAIRS = list(MEANINGS.items()) + [
    (f"neuron lines {i + 1} vs {j + 1}", (plots.NEURONS[i][0], plots.NEURONS[j][0]))
    for i, j in itertools.combinations(range(len(plots.NEURONS)), 2)
    if plots.NEURONS[i][1] == plots.NEURONS[j][1]]   # lines with the same dash pattern rely on colour alone


def test_the_simulation_matches_known_points():
    # white and black are unchanged (each row of the matrices sums to 1); pure red turns dark for protanopes
    for vision in MACHADO_2009:
        assert np.allclose(simulate("#FFFFFF", vision), 1.0, atol=2e-6)
        assert np.allclose(simulate("#000000", vision), 0.0)
    assert np.allclose(lab(np.ones(3)), [100, 0, 0], atol=1e-9)
    assert lab(simulate("#FF0000", "protanopia"))[0] < lab(simulate("#FF0000", "normal"))[0] - 10
    assert delta_e("#000000", "#FFFFFF", "normal") == pytest.approx(100.0, abs=1e-6)


def test_the_check_can_fail_on_a_red_green_pair():
    assert delta_e("#D62728", "#2CA02C", "normal") > 50
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("meaning, pair", PAIRS, ids=[name for name, _ in PAIRS])
def test_colours_with_different_meanings_stay_apart(meaning, pair, vision):
    a, b = pair
    assert delta_e(a, b, vision) >= MIN_DELTA_E, (
        f"{meaning}: {a} and {b} are ΔE = {delta_e(a, b, vision):.1f} apart for {vision} (need {MIN_DELTA_E})")


@pytest.mark.parametrize("vision", VISION)
def test_the_diverging_map_runs_one_way_in_lightness_on_each_side(vision):
    """Vermilion → white → blue: each half gets lighter towards white for every reader, so sign is readable."""
    cmap = plots.DIVERGING
    lightness = [lab(simulate(matplotlib_hex(cmap(v)), vision))[0] for v in np.linspace(0, 1, 21)]
    assert all(np.diff(lightness[:11]) > 0), lightness
    assert all(np.diff(lightness[10:]) < 0), lightness
    ends = delta_e(matplotlib_hex(cmap(0.0)), matplotlib_hex(cmap(1.0)), vision)
    assert ends >= MIN_DELTA_E


def matplotlib_hex(rgba):
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


@pytest.mark.parametrize("vision", MACHADO_2009)
def test_lines_of_a_figure_stay_visible_on_white(vision):
    """Every line colour the course draws with keeps a lightness gap to the white page (not YELLOW: unused for lines)."""
    for colour in [plots.BLUE, plots.VERMILION, plots.GREEN, plots.ORANGE, plots.PURPLE, plots.SKY, plots.BLACK]:
        assert delta_e(colour, "#FFFFFF", vision) >= MIN_DELTA_E, (colour, vision)
