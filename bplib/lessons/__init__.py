"""The interactive parts of the lessons: one module per notebook.

Each module holds the widget builders and exercise checkers of one lesson
(``l01`` for ``01_one_weight.ipynb``, and so on). They import matplotlib and
ipywidgets, so they are imported only by the notebooks that use them::

    from bplib.lessons import l01
    l01.one_weight_explorer()
"""
