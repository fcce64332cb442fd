"""What a learner squints at: texts too small, texts outside their figure, texts on top of each other.

``audit(fig)`` draws the figure once on Agg, recording every text matplotlib
really draws (tick labels outside the view are not drawn, so they do not
count), and returns a list of problems in words. Sizes are as displayed:
a text of ``p`` points on a figure of ``dpi`` dots per inch is
``p · dpi / 72`` pixels high on screen (ipympl shows one figure pixel per CSS
pixel).
"""

import contextlib

from matplotlib.text import Text

MIN_PX = 11.0        # every text
MIN_TITLE_PX = 12.0  # axes titles and figure titles
MIN_NODE_PX = 9.0    # numbers inside a network diagram's neurons, marked text.set_gid("node-number")
SLACK_PX = 1.0       # rounding of extents


@contextlib.contextmanager
def _recording(drawn):
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self, self.get_window_extent(renderer)))

    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def drawn_texts(fig):
    """``[(text, bbox in display pixels)]`` for every non-empty text drawn."""
    drawn = []
    with _recording(drawn):
        fig.canvas.draw()
    return drawn


def _is_title(fig, text):
    titles = {id(ax.title) for ax in fig.axes} | {id(getattr(ax, "_left_title", None)) for ax in fig.axes} \
        | {id(getattr(ax, "_right_title", None)) for ax in fig.axes}
    return id(text) in titles or (fig._suptitle is not None and text is fig._suptitle)


def audit(fig):
    """Problems in words: small texts, texts outside the figure, overlapping texts."""
    problems = []
    width, height = fig.bbox.width, fig.bbox.height
    items = drawn_texts(fig)
    for text, box in items:
        px = text.get_fontsize() * fig.dpi / 72
        least = MIN_TITLE_PX if _is_title(fig, text) else MIN_NODE_PX if text.get_gid() == "node-number" else MIN_PX
        if px < least - 0.05:
            problems.append(f"{text.get_text()!r} is {px:.1f} px high (at least {least:g})")
        if box.x0 < -SLACK_PX or box.y0 < -SLACK_PX or box.x1 > width + SLACK_PX or box.y1 > height + SLACK_PX:
            problems.append(f"{text.get_text()!r} lies outside the figure ({box.x0:.0f}, {box.y0:.0f}, "
                            f"{box.x1:.0f}, {box.y1:.0f} in a {width:.0f}×{height:.0f} figure)")
    for k, (a, box_a) in enumerate(items):
        for b, box_b in items[k + 1:]:
            overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if overlap_x > SLACK_PX and overlap_y > SLACK_PX:
                problems.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return problems
