"""The network diagram: drawn once, changed in place, colours and numbers right."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import bplib
from bplib.lessons import plots
from bplib.lessons.diagram import HIGHLIGHT, NetworkDiagram, line_width, short, values_for
from bplib.stages import stages


def example_net():
    net = bplib.Network([2, 3, 2, 1])
    net.weights = [[[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]], [[0.3, 0.9, -0.5], [-0.2, 0.4, 0.7]], [[0.8, -0.6]]]
    net.biases = [[0.0, 0.1, -0.2], [0.1, -0.1], [0.2]]
    return net


@pytest.fixture
def drawn():
    fig, ax = plots.new_figure(6.6, 3.9)
    net = example_net()
    diagram = NetworkDiagram(ax, net.sizes)
    return fig, ax, net, diagram


def test_the_picture_is_made_once_and_update_adds_nothing(drawn):
    fig, ax, net, diagram = drawn
    before = list(ax.get_children())
    assert len(ax.collections) == 2                        # the lines and the neurons
    assert len(ax.texts) == 14 + 2 + 6 * 4 + 1 + 4         # weights, inputs, s y b δ per neuron, t, captions
    for seed in range(3):
        diagram.update(bplib.Network([2, 3, 2, 1], seed=seed), values=values_for(net, [0.2, 0.4], 1.0))
        fig.canvas.draw()
    assert list(ax.get_children()) == before


def test_every_connection_is_coloured_by_the_sign_of_its_weight(drawn):
    _, _, net, diagram = drawn
    diagram.update(net)
    colours = diagram.lines.get_colors()
    assert len(colours) == 6 + 6 + 2 == len(diagram.connections)
    for (layer, j, i), colour in zip(diagram.connections, colours):
        w = net.weights[layer - 1][j, i]
        expected = plots.POSITIVE if w > 0 else plots.NEGATIVE
        assert tuple(colour[:3]) == pytest.approx(to_rgba(expected)[:3])
    # w₃₁⁽¹⁾ = −0.3 is vermilion, w₁₁⁽¹⁾ = 0.1 blue.
    k = diagram.connections.index((1, 2, 0))
    assert tuple(colours[k][:3]) == pytest.approx(to_rgba(plots.VERMILION)[:3])


def test_line_width_grows_with_the_size_of_the_weight(drawn):
    _, _, net, diagram = drawn
    diagram.update(net)
    widths = diagram.lines.get_linewidths()
    by_conn = dict(zip(diagram.connections, widths))
    assert by_conn[(1, 0, 1)] > by_conn[(1, 0, 0)]          # |0.8| > |0.1|
    assert by_conn[(2, 0, 1)] == pytest.approx(line_width(0.9))
    assert line_width(-2) == line_width(2) > line_width(1) and line_width(100) == line_width(6)


def test_numbers_on_connections_and_in_neurons(drawn):
    _, _, net, diagram = drawn
    diagram.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    assert diagram.label(("w", 1, 0, 1)) == "0.8"
    assert diagram.label(("w", 1, 2, 0)) == "−0.3"
    assert diagram.label(("x", 0)) == "x₁\n0.35"
    assert diagram.label(("s", 1, 0)) == "Σ\n0.755"               # 0.1·0.35 + 0.8·0.9 + 0
    assert diagram.label(("y", 1, 0)) == "f\n0.6803"               # 1/(1 + e^(−0.755))
    assert diagram.label(("b", 1, 2)) == "b = −0.2"
    assert diagram.label(("delta", 3, 0)) == "δ = −0.0991"
    assert diagram.label(("t", 0)) == "t = 1\ne = −0.4097\nE = 0.08395"
    assert diagram.label(("caption", 3)) == "layer 3 (output)"


def test_only_the_numbers_given_are_written(drawn):
    _, _, net, diagram = drawn
    diagram.update(net, values={("s", 1, 0): values_for(net, [0.35, 0.9], 1.0)[("s", 1, 0)]})
    assert diagram.label(("s", 1, 0)) == "Σ\n0.755"
    assert diagram.label(("y", 1, 0)) == "f"
    assert diagram.label(("s", 2, 0)) == "Σ"
    assert diagram.label(("delta", 1, 0)) == ""


def test_only_the_kinds_of_numbers_asked_for_are_made():
    fig, ax = plots.new_figure(6.6, 3.9)
    net = example_net()
    diagram = NetworkDiagram(ax, net.sizes, numbers=("s", "y", "delta"))
    diagram.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    assert len(ax.texts) == 2 + 6 * 3 + 4                   # inputs, s y δ per neuron, captions
    assert diagram.label(("delta", 3, 0)) == "δ = −0.0991" and diagram.label(("y", 1, 0)) == "f\n0.6803"
    assert not any(k[0] in ("w", "b", "t") for k in diagram.texts)
    bare = NetworkDiagram(plots.new_figure(6.6, 3.9)[1], net.sizes, numbers=())
    bare.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    assert set(k[0] for k in bare.texts) == {"x", "caption"} and bare.label(("caption", 3)) == "output"
    with pytest.raises(ValueError, match="numbers must be some of"):
        NetworkDiagram(ax, net.sizes, numbers=("weights",))


def test_a_highlighted_stage_lights_its_neurons_and_connections(drawn):
    _, _, net, diagram = drawn
    st = {s.key: s for s in stages(net, [0.35, 0.9], 1.0, 0.5)}[("s", 2, 0)]
    diagram.update(net, highlight=st)
    faces = diagram.patches.get_facecolors()
    lit_patch = diagram.patch_owner.index((2, 0))
    dark_patch = diagram.patch_owner.index((2, 1))
    assert tuple(faces[lit_patch]) == pytest.approx(to_rgba(HIGHLIGHT))
    assert tuple(faces[dark_patch]) == pytest.approx(to_rgba("white"))
    alphas = dict(zip(diagram.connections, diagram.lines.get_colors()[:, 3]))
    assert alphas[(2, 0, 1)] == 1.0 and alphas[(2, 1, 1)] < 0.5 and alphas[(1, 0, 0)] < 0.5
    # only the stage's own weights are written: w₁₁⁽²⁾ w₁₂⁽²⁾ w₁₃⁽²⁾
    written = [diagram.label(("w",) + c) for c in diagram.connections]
    assert [w for w in written if w] == ["0.3", "0.9", "−0.5"]


def test_a_weight_can_be_shown_with_its_new_value(drawn):
    _, _, net, diagram = drawn
    diagram.update(net, values={("w", 3, 0, 0): 0.8326, ("b", 3, 0): 0.2495})
    assert diagram.label(("w", 3, 0, 0)) == "0.8326"
    assert diagram.label(("b", 3, 0)) == "b = 0.2495"


def test_no_number_that_is_not_finite_is_written(drawn):
    _, _, net, diagram = drawn
    diagram.update(net, values={("s", 1, 0): np.nan, ("y", 1, 0): np.inf, ("x", 0): np.nan})
    assert diagram.label(("s", 1, 0)) == "Σ" and diagram.label(("y", 1, 0)) == "f"
    assert diagram.label(("x", 0)) == "x₁"
    assert not any("nan" in t.get_text() or "inf" in t.get_text() for t in diagram.texts.values())


def test_the_picture_really_shows_both_colours():
    fig, ax = plots.new_figure(6.6, 3.9)
    net = example_net()
    net.weights = [3 * np.sign(w) for w in net.weights]     # thick lines: ±3
    diagram = NetworkDiagram(ax, net.sizes)
    diagram.update(net)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].reshape(-1, 3).astype(int)

    def near(colour):
        target = (np.array(to_rgba(colour)[:3]) * 255).astype(int)
        return int(np.sum(np.all(np.abs(pixels - target) < 12, axis=1)))

    assert near(plots.BLUE) > 200 and near(plots.VERMILION) > 100


def test_values_for_agrees_with_the_network():
    net = example_net()
    v = values_for(net, [0.35, 0.9], 1.0)
    net.backward(np.array([0.35, 0.9]), 1.0)
    assert v[("s", 2, 1)] == pytest.approx(net.s[1][1])
    assert v[("delta", 1, 2)] == pytest.approx(net.delta[0][2])
    assert v[("e", 0)] == pytest.approx(net.y[-1][0] - 1.0)
    assert set(values_for(net, [0.35, 0.9])) == {("x", 0), ("x", 1)} | {
        (k, l, j) for k in ("s", "y") for l, n in ((1, 3), (2, 2), (3, 1)) for j in range(n)}


def test_numbers_in_the_neurons_are_marked_and_fit_in_half_a_neuron():
    fig, ax = plots.new_figure(10.4, 5.0, layout="constrained")        # lesson 05's size
    net = example_net()
    diagram = NetworkDiagram(ax, net.sizes)
    diagram.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    number = diagram.texts[("y", 1, 0)]
    assert number.get_gid() == "node-number" and number.get_fontsize() * fig.dpi / 72 >= 9
    assert short(0.6803) == "0.6803" and short(-0.041352) == "−0.041" and short(6.144e-06) == "6×10⁻⁶"
    fig.canvas.draw()
    # "0.6803" lies in the right half of its neuron.
    box = number.get_window_extent()
    (cx, _), (edge, _) = ax.transData.transform([diagram.pos[(1, 0)], (diagram.pos[(1, 0)][0] + 0.62, 0)])
    assert cx - 1 <= box.x0 and box.x1 <= edge


def test_each_weight_is_written_along_its_own_line(drawn):
    _, _, net, diagram = drawn
    diagram.update(net)
    for (layer, j, i), segment in zip(diagram.connections, diagram.lines.get_segments()):
        label = diagram.texts[("w", layer, j, i)]
        (x0, y0), (x1, y1) = segment
        x, y = label.get_position()
        assert abs((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0)) < 1e-9      # on the line
        assert label.get_rotation() == pytest.approx(np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 360)
        assert label.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_the_key_explains_the_colours_and_delta():
    from bplib.lessons.diagram import key

    html = key(highlight=True)
    words = ["weight &gt; 0", "weight &lt; 0 (wider: larger |w|)", "error signal δ = ∂E/∂s", "this stage"]
    colours = [plots.POSITIVE, plots.NEGATIVE, plots.DELTA, HIGHLIGHT]
    at = [html.index(f"background:{c}") for c in colours]
    assert at == sorted(at) and [html.index(w) for w in words] == sorted(html.index(w) for w in words)
    assert all(html.index(w) > a for w, a in zip(words, at))          # each word after its swatch
    assert "this stage" not in key() and "error signal δ" in key()
