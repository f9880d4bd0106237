"""Helpers for the example gallery, importable by name from ``conf.py``.

Sphinx caches its configuration with pickle, so the gallery configuration
names these objects by their import path instead of holding them.
"""

import shutil
from pathlib import Path

from sphinx_gallery.scrapers import figure_rst

# Reading order of the gallery: the basics first, then model selection.
ORDER = (
    "plot_cross_entropy_lab.py",
    "plot_log_loss_curves.py",
    "plot_clipping_log0.py",
    "plot_titanic_losses.py",
    "plot_relu_nll_trap.py",
    "plot_iris_regularization_path.py",
    "plot_losses_side_by_side.py",
    "plot_calibration_model_selection.py",
)


class ExampleOrder:
    """Sort key for ``within_subsection_order``: ``ORDER``, then by name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        name = Path(filename).name
        rank = ORDER.index(name) if name in ORDER else len(ORDER)
        return (rank, name)

    def __repr__(self):
        return f"<{self.__class__.__name__}>"


def gif_scraper(block, block_vars, gallery_conf):
    """Show the GIF files an example has just written.

    An example writes its animation wherever it likes (a temporary folder);
    this scraper finds it through the example's global variables (any ``str``
    or ``Path`` ending in ``.gif`` naming an existing file) and copies it into
    the gallery's image folder, so the page shows the animation itself.
    """
    seen = block_vars.setdefault("_gif_scraper_seen", set())
    image_path_iterator = block_vars["image_path_iterator"]
    image_names = []
    for value in list(block_vars["example_globals"].values()):
        if not isinstance(value, str | Path) or not str(value).endswith(".gif"):
            continue
        source = Path(value)
        if not source.is_file():
            continue
        key = (str(source.resolve()), source.stat().st_mtime_ns)
        if key in seen:
            continue
        seen.add(key)
        target = Path(next(image_path_iterator)).with_suffix(".gif")
        shutil.copyfile(source, target)
        image_names.append(target)
    if not image_names:
        return ""
    return figure_rst(image_names, gallery_conf["src_dir"])
