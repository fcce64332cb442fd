"""The interactive parts of the lessons: the figures and widgets, apart from the numpy-only core.

``plots`` (figures made once and updated in place, the palette, still pictures with alt text),
``diagram`` (lesson 05's network drawing), ``_demo`` (the base of every demo) and ``quiz`` serve
all lessons; ``runs`` (training runs shown while they go on) serves lessons 06, 07 and the
``playground``, lesson 06's last demo. Each ``lNN`` module holds the widget builders
and exercise checkers of one lesson (``l01`` for ``01_one_weight.ipynb``, and so on). They import
matplotlib and ipywidgets, so they are imported only by the notebooks that use them::

    from bplib.lessons import l01
    l01.one_weight_explorer()
"""
