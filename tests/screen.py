"""What a demo shows on screen, read for the tests: every number drawn and every text, and what is wrong.

    arrays, texts = shown(demo)      # every drawn number (as arrays) and every text on screen
    problems(demo)                   # [] when nothing is NaN, infinite, "nan"/"inf" or an exception
"""

import re

import numpy as np
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

_BAD_WORD = re.compile(r"\b(nan|inf|-inf)\b|∞", re.IGNORECASE)   # bplib.fmt writes infinity as ∞


def shown(demo):
    """Every number drawn in the figure and every text on screen: ``(arrays, texts)``."""
    arrays, texts = [], [w.value for w in demo.texts.values()] + [demo.status.value]
    if demo.fig is not None:
        for artist in demo.fig.findobj():
            if not artist.get_visible():
                continue
            if isinstance(artist, Line2D):
                arrays.append(np.asarray(artist.get_xydata(), dtype=float))
            elif isinstance(artist, AxesImage):
                arrays.append(np.ma.filled(np.asarray(artist.get_array(), dtype=float), 0.0))
            elif isinstance(artist, Collection):
                arrays.append(np.asarray(artist.get_offsets(), dtype=float))
                if artist.get_array() is not None:
                    arrays.append(np.ma.filled(np.asarray(artist.get_array(), dtype=float), 0.0))
                arrays += [np.asarray(path.vertices, dtype=float) for path in artist.get_paths()]
            elif isinstance(artist, Patch):
                arrays.append(np.asarray(artist.get_verts(), dtype=float))
            elif isinstance(artist, Text):
                texts.append(artist.get_text())
    return arrays, texts


def problems(demo):
    """What is wrong on screen: non-finite numbers, 'nan', 'inf' or '∞' in text, a caught exception."""
    found = [] if demo.last_problem is None else [f"exception: {demo.last_problem!r}"]
    arrays, texts = shown(demo)
    found += [f"non-finite value in drawn data #{k}" for k, arr in enumerate(arrays)
              if arr.size and not np.all(np.isfinite(arr))]
    found += [f"text shows nan/inf: {text[:80]!r}" for text in texts if _BAD_WORD.search(text)]
    return found
