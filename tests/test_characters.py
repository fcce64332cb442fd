"""The character data set of lesson 07: the font, its variants, and the sets made from them."""


import numpy as np
import pytest

from bplib import characters as C


# -- the font ---------------------------------------------------------------------------
def test_every_glyph_is_seven_rows_of_five_pixels():
    for char, rows in C.FONT.items():
        assert len(rows) == 7, char
        for row in rows:
            assert len(row) == 5 and set(row) <= {"#", "."}, (char, row)


def test_thirty_six_distinct_classes_and_glyphs():
    assert C.CLASSES == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    assert len(set(C.CLASSES)) == 36
    assert set(C.FONT) == set(C.CLASSES)
    pictures = {C.FONT[c] for c in C.CLASSES}
    assert len(pictures) == 36
    assert C.glyphs().shape == (36, 7, 5)


def test_glyph_reads_the_text():
    # 'L': a left column of 7 lit pixels and a full bottom row: 7 + 4 = 11 lit pixels.
    image = C.glyph("L")
    assert image.shape == (7, 5)
    assert image[:, 0].tolist() == [1] * 7
    assert image[6].tolist() == [1] * 5
    assert image.sum() == 11
    assert C.to_text(image) == "#....\n#....\n#....\n#....\n#....\n#....\n#####"


def test_o_and_zero_and_i_and_one_differ():
    # Characters people confuse differ in at least 3 pixels in this font.
    for a, b in [("O", "0"), ("I", "1"), ("B", "8"), ("S", "5"), ("Z", "2")]:
        assert np.abs(C.glyph(a) - C.glyph(b)).sum() >= 3, (a, b)


# -- variants ---------------------------------------------------------------------------
def test_shift_moves_every_pixel():
    image = C.glyph("I")          # .###. / ..#.. / ... : room on the left and right
    right = C.shift(image, 0, 1)
    assert C.to_text(right).splitlines()[0] == "..###"
    assert np.array_equal(right[:, 1:], image[:, :-1])
    assert right[:, 0].sum() == 0
    down = C.shift(image, 1, 0)
    assert np.array_equal(down[1:], image[:-1]) and down[0].sum() == 0
    assert np.array_equal(C.shift(image, 0, 0), image)


def test_shift_loses_what_leaves_the_grid():
    # 'T' moved down one: its top bar moves to row 2, the bottom pixel of its stem is lost.
    moved = C.shift(C.glyph("T"), 1, 0)
    assert C.to_text(moved) == ".....\n#####\n..#..\n..#..\n..#..\n..#..\n..#.."
    assert C.glyph("T").sum() - moved.sum() == 1
    assert C.shift(C.glyph("T"), 7, 0).sum() == 0


def test_thicken_lights_the_right_neighbour():
    # By hand, V's last three rows: '#...#' -> '##..#', '.#.#.' -> '.####', '..#..' -> '..##.'
    bold = C.thicken(C.glyph("V"))
    assert C.to_text(bold).splitlines()[-3:] == ["##..#", ".####", "..##."]
    assert np.all(bold >= C.glyph("V"))


def test_allowed_shifts_lose_at_most_one_pixel():
    # 'I' touches the top and bottom rows with 3 pixels each, so it may move only sideways.
    assert sorted(C.allowed_shifts(C.glyph("I"))) == [(0, -1), (0, 0), (0, 1)]
    for char in C.CLASSES:
        image = C.glyph(char)
        for s in C.allowed_shifts(image):
            assert image.sum() - C.shift(image, *s).sum() <= 1
    # With no pixel allowed to fall off, 'H' (lit in all four edges) cannot move at all.
    assert C.allowed_shifts(C.glyph("H"), max_lost=0) == [(0, 0)]


def test_no_two_characters_share_a_clean_variant():
    seen = {}
    for char in C.CLASSES:
        for bold in (False, True):
            image = C.thicken(C.glyph(char)) if bold else C.glyph(char)
            for s in C.allowed_shifts(image):
                key = C.shift(image, *s).tobytes()
                assert seen.setdefault(key, char) == char, (char, bold, s, seen[key])


def test_noise_flips_about_the_given_fraction():
    rng = np.random.default_rng(0)
    image = C.glyph("A")
    flipped = [np.abs(C.add_noise(image, 0.1, rng) - image).sum() for _ in range(2000)]
    # 70 000 pixels, each flipped with probability 0.1: the fraction's spread is about 0.0011.
    assert abs(np.sum(flipped) / (2000 * 35) - 0.1) < 0.005
    assert np.array_equal(C.add_noise(image, 0.0, rng), image)
    assert np.array_equal(C.add_noise(image, 1.0, rng), 1 - image)


# -- the data sets ----------------------------------------------------------------------
def test_set_shapes_and_labels():
    x, t = C.make_set(n_per_class=3, seed=0)
    assert x.shape == (108, 35) and t.shape == (108, 36)
    assert set(np.unique(x)) <= {0.0, 1.0}
    assert np.all(t.sum(axis=1) == 1)
    assert C.label(t) == "".join(c * 3 for c in C.CLASSES)
    assert C.label(t[4]) == "B"


def test_plain_variants_are_the_clean_glyphs():
    x, _ = C.make_set(n_per_class=2, shifted=False, bold=False, noise=0.0)
    assert np.array_equal(x.reshape(36, 2, 7, 5)[:, 0], C.glyphs())
    assert np.array_equal(x.reshape(36, 2, 7, 5)[:, 1], C.glyphs())


def test_noisy_set_differs_from_the_clean_glyphs_by_the_noise():
    x, _ = C.make_set(n_per_class=50, shifted=False, bold=False, noise=0.2, seed=3)
    clean = np.repeat(C.glyphs().reshape(36, 35), 50, axis=0)
    assert abs(np.mean(x != clean) - 0.2) < 0.01


def test_same_seed_same_set_other_seed_other_variants():
    a, ta = C.make_set(5, noise=0.05, seed=7)
    b, tb = C.make_set(5, noise=0.05, seed=7)
    c, _ = C.make_set(5, noise=0.05, seed=8)
    assert np.array_equal(a, b) and np.array_equal(ta, tb)
    assert not np.array_equal(a, c)
    # Without noise, the seed still changes which variants (shift, bold) are drawn.
    assert not np.array_equal(C.make_set(5, seed=0)[0], C.make_set(5, seed=1)[0])


def test_variants_include_shifted_and_bold_ones():
    x, _ = C.make_set(n_per_class=20, seed=0)
    images = x.reshape(36, 20, 7, 5)
    clean = C.glyphs()
    lit = images.sum(axis=(2, 3))
    assert np.any(lit > clean.sum(axis=(1, 2))[:, None])      # bold adds pixels
    i_variants = {im.tobytes() for im in images[C.CLASSES.index("I")]}
    assert C.shift(C.glyph("I"), 0, 1).tobytes() in i_variants


def test_narrow_glyphs_are_four_pixels_wide_and_all_36_differ():
    for char, rows in C.NARROW.items():
        assert len(rows) == 7 and all(len(r) == 4 and set(r) <= {"#", "."} for r in rows), char
    narrow = C.glyphs("narrow")
    assert narrow.shape == (36, 7, 5) and np.all(narrow[:, :, 4] == 0)      # the fifth column stays dark
    assert len({g.tobytes() for g in narrow}) == 36
    with pytest.raises(ValueError, match="style must be one of"):
        C.glyph("A", "italic")


def test_no_two_characters_share_a_clean_variant_in_either_style():
    seen = {}
    for char in C.CLASSES:
        for style, bold, s, image in C.variants(char):
            assert seen.setdefault(image.tobytes(), char) == char, (char, style, bold, s, seen[image.tobytes()])


def test_variants_are_distinct_and_follow_the_shift_rule():
    for char in C.CLASSES:
        pictures = C.variants(char)
        assert len({p[3].tobytes() for p in pictures}) == len(pictures)
        for style, bold, (dy, dx), image in pictures:
            base = C.glyph(char, style)
            base = C.thicken(base) if bold else base
            assert base.sum() - image.sum() <= 1 and np.array_equal(C.shift(base, dy, dx), image)


def _pictures(x):
    return {p.tobytes() for p in x}


def test_honest_split_shares_no_picture_between_sets():
    # Pixel identity, not indices: no validation picture is a training picture, no test picture is
    # a training or a validation picture.
    split = C.honest_split()
    train, val, test = (_pictures(split[k][0]) for k in ("train", "val", "test"))
    assert not val & train
    assert not test & (train | val)
    assert len(val) == len(split["val"][0]) and len(test) == len(split["test"][0])   # no repeats either


def test_honest_split_holds_out_the_narrow_bold_pictures():
    split = C.honest_split()
    x_train, t_train = split["train"]
    assert x_train.shape == (720, 35) and np.array_equal(t_train.argmax(1), np.repeat(np.arange(36), 20))
    narrow_bold = {(k, v[3].tobytes()) for k, c in enumerate(C.CLASSES) for v in C.variants(c)
                   if v[0] == "narrow" and v[1]}
    val = {(int(k), p.tobytes()) for p, k in zip(split["val"][0], split["val"][1].argmax(1))}
    test = {(int(k), p.tobytes()) for p, k in zip(split["test"][0], split["test"][1].argmax(1))}
    assert val | test == narrow_bold and not val & test
    assert all(k % 2 == 0 for k, _ in val) and all(k % 2 == 1 for k, _ in test)
    # Every training picture is within noise of a picture training may use (never a narrow bold one).
    allowed = np.array([v[3].ravel() for c in C.CLASSES for v in C.variants(c) if not (v[0] == "narrow" and v[1])])
    nearest = np.abs(x_train[:, None, :] - allowed[None]).sum(axis=2).min(axis=1)
    assert nearest.max() <= 8


def test_noisy_copies_avoid_the_given_pictures_and_keep_labels():
    x, t = C.glyphs().reshape(36, 35)[:3], np.eye(3)
    same = C.noisy_copies(x, t, 0.0)
    assert np.array_equal(same[0], x) and np.array_equal(same[1], t)
    noisy, labels = C.noisy_copies(x, t, 0.1, copies=4, seed=0, avoid=x)
    assert noisy.shape == (12, 35) and np.array_equal(labels.argmax(1), [0] * 4 + [1] * 4 + [2] * 4)
    assert not _pictures(noisy) & _pictures(x)


# -- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: C.glyph("a"), ValueError, "char must be one of the 36 characters"),
    (lambda: C.glyph("AB"), ValueError, "got 'AB'"),
    (lambda: C.make_set(0), ValueError, "n_per_class must be at least 1, got 0"),
    (lambda: C.make_set(2, noise=1.5), ValueError, "noise must be a fraction between 0 and 1, got 1.5"),
    (lambda: C.make_set(2, noise="lots"), TypeError, "noise must be a number"),
    (lambda: C.shift(C.glyph("A"), 0.5, 0), TypeError, "dy must be a whole number, got 0.5"),
    (lambda: C.to_text(np.zeros(34)), ValueError, "pixels must hold 35 pixels"),
    (lambda: C.as_image(np.zeros((5, 7))), ValueError, "got shape (5, 7)"),
    (lambda: C.label(np.zeros(10)), ValueError, "output must have 36 values per sample"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
