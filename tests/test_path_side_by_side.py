"""Several paths side by side: one panel per path, at the same alphas.

The reference of a panel is independent of the side-by-side code: the GIF
of its path alone, read back with imageio, frame by frame.
"""

from unittest import mock

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import imageio.v3 as iio  # noqa: E402

from sklearn_losses import LogisticMLPClassifier, regularization_path  # noqa: E402
from sklearn_losses.datasets import load_iris_pair  # noqa: E402
from sklearn_losses.path import (  # noqa: E402
    RegularizationPathDisplay,
    animate_regularization_path,
)

LOSSES = ("log_loss", "squared_error", "focal")
# The default alphas and frame size of the command line: 20 frames, each
# title different (on small frames, where titles are cut, Pillow merges
# equal consecutive frames of collapsed fits into one).
ALPHAS = np.logspace(-3, 3, 20)
SIZE = (640, 480)
# Each GIF frame gets its own 256-colour palette: a panel's pixels in the
# wide frame and in its path's own GIF differ by a few levels where the
# quantizer picked other colours (measured: at most 14 of 255, mean 0.05).
MAX_LEVELS, MAX_MEAN = 24, 0.5


def _mlp(loss):
    return LogisticMLPClassifier(
        (4,), loss=loss, solver="lbfgs", max_iter=200, random_state=0
    )


def _animate(filename, estimator, alphas=ALPHAS):
    X, y = load_iris_pair(return_X_y=True)
    return animate_regularization_path(
        X,
        y,
        filename,
        estimator=estimator,
        alphas=alphas,
        random_state=42,
        grid_resolution=20,
        frame_size=SIZE,
        progress=False,
    )


@pytest.fixture(scope="module")
def gifs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("side_by_side")
    wide = folder / "losses.gif"
    paths = _animate(wide, {loss: _mlp(loss) for loss in LOSSES})
    alone = {}
    for loss in LOSSES:
        alone[loss] = folder / f"{loss}.gif"
        _animate(alone[loss], _mlp(loss))
    return wide, alone, paths


def test_side_by_side_gif_has_one_panel_per_loss_equal_to_its_own_gif(gifs):
    wide, alone, _ = gifs
    frames = iio.imread(wide, index=None)[..., :3].astype(int)
    width, height = SIZE
    assert frames.shape[:3] == (len(ALPHAS), height, len(LOSSES) * width)
    for k, loss in enumerate(LOSSES):
        reference = iio.imread(alone[loss], index=None)[..., :3].astype(int)
        panel = frames[:, :, k * width : (k + 1) * width]
        assert reference.shape == panel.shape
        difference = np.abs(panel - reference)
        assert difference.max() <= MAX_LEVELS, loss
        assert difference.mean() <= MAX_MEAN, loss


def test_panels_differ_between_losses(gifs):
    # the comparison shows different fits, not one panel three times
    wide, _, _ = gifs
    frames = iio.imread(wide, index=None)[..., :3].astype(int)
    width = SIZE[0]
    first, second = frames[:, :, :width], frames[:, :, width : 2 * width]
    assert np.abs(first - second).mean() > 1.0


def test_dict_of_estimators_returns_a_path_per_label(gifs):
    _, _, paths = gifs
    assert list(paths) == list(LOSSES)
    X, y = load_iris_pair(return_X_y=True)
    for loss, path in paths.items():
        assert path.estimators_[0].loss == loss
        np.testing.assert_array_equal(path.alphas_, ALPHAS)


def test_one_estimator_in_a_dict_is_the_single_gif(tmp_path):
    # same fits, same frame: the panel is the path's own frame
    _animate(tmp_path / "dict.gif", {"log_loss": _mlp("log_loss")})
    _animate(tmp_path / "alone.gif", _mlp("log_loss"))
    one = iio.imread(tmp_path / "dict.gif", index=None)
    alone = iio.imread(tmp_path / "alone.gif", index=None)
    np.testing.assert_array_equal(one, alone)


def test_auto_alphas_are_refused_for_several_estimators(tmp_path):
    with pytest.raises(ValueError, match="alphas='auto'.*share their alphas"):
        _animate(
            tmp_path / "auto.gif",
            {loss: _mlp(loss) for loss in LOSSES[:2]},
            alphas="auto",
        )
    assert not (tmp_path / "auto.gif").exists()


def test_a_label_that_is_not_a_classifier_is_named(tmp_path):
    from sklearn.linear_model import LinearRegression

    with pytest.raises(ValueError, match=r"estimator\['bad'\] must be a classifier"):
        estimators = {"good": _mlp("log_loss"), "bad": LinearRegression()}
        _animate(tmp_path / "bad.gif", estimators)


@pytest.fixture(scope="module")
def two_paths():
    X, y = load_iris_pair(return_X_y=True)
    return (
        X,
        y,
        {
            loss: regularization_path(_mlp(loss), X, y, alphas=ALPHAS, progress=False)
            for loss in ("log_loss", "focal")
        },
    )


def test_from_paths_refuses_different_alphas_naming_the_labels(two_paths):
    X, y, paths = two_paths
    other = regularization_path(
        _mlp("squared_error"), X, y, alphas=ALPHAS[:3], progress=False
    )
    with pytest.raises(ValueError, match=r"'squared_error' differ from 'log_loss'"):
        RegularizationPathDisplay.from_paths({**paths, "squared_error": other}, X, y)


def test_from_paths_refuses_an_empty_dict(two_paths):
    X, y, _ = two_paths
    with pytest.raises(ValueError, match="non-empty dict"):
        RegularizationPathDisplay.from_paths({}, X, y)


def test_from_paths_refuses_different_classes(two_paths):
    X, y, paths = two_paths
    relabelled = regularization_path(
        _mlp("log_loss"), X, y + 1, alphas=ALPHAS, progress=False
    )
    with pytest.raises(ValueError, match=r"classes.*'shifted' differ"):
        RegularizationPathDisplay.from_paths({**paths, "shifted": relabelled}, X, y)


def test_from_paths_names_the_path_that_x_does_not_suit(two_paths):
    # a path fitted on one feature only: the error says which path
    X, y, paths = two_paths
    narrow = regularization_path(
        _mlp("log_loss"), X[:, :1], y, alphas=ALPHAS, progress=False
    )
    with pytest.raises(
        ValueError, match=r"paths\['narrow'\]: X has 2 features but .* on 1"
    ):
        RegularizationPathDisplay.from_paths({**paths, "narrow": narrow}, X, y)


def test_from_paths_plot_boundaries_one_row_per_path(two_paths):
    import matplotlib.pyplot as plt

    X, y, paths = two_paths
    display = RegularizationPathDisplay.from_paths(paths, X, y, grid_resolution=10)
    display.plot_boundaries(indices=[0, 2, 3])
    assert display.axes_.shape == (2, 3)
    titles = [axis.get_title().splitlines()[0] for axis in display.axes_[:, 0]]
    assert titles == ["log_loss: alpha = 0.001", "focal: alpha = 0.001"]
    plt.close("all")


def test_from_paths_plot_scores_one_line_per_path(two_paths):
    import matplotlib.pyplot as plt

    X, y, paths = two_paths
    display = RegularizationPathDisplay.from_paths(paths, X, y, grid_resolution=10)
    display.plot_scores()
    assert sorted(display.lines_) == [
        "focal: train_loss",
        "focal: train_score",
        "log_loss: train_loss",
        "log_loss: train_score",
    ]
    line = display.lines_["focal: train_score"]
    np.testing.assert_allclose(line.get_ydata(), paths["focal"].train_scores_)
    plt.close("all")


def test_from_paths_jshtml_holds_a_frame_per_alpha(two_paths):
    X, y, paths = two_paths
    display = RegularizationPathDisplay.from_paths(paths, X, y, grid_resolution=10)
    html = display.to_jshtml(frame_size=(96, 72))
    assert html.count("data:image/png;base64") == len(ALPHAS)
    # a frame of the player is the two panels of 96 x 72 pixels
    import base64
    import re

    first = re.search(r'data:image/png;base64,([^"]+)"', html).group(1)
    png = base64.b64decode(re.sub(r"\\n|\s", "", first))
    assert iio.imread(png).shape[:2] == (72, 2 * 96)


def test_a_label_not_in_the_title_leads_it(two_paths, tmp_path):
    from sklearn_losses.path._frames import labelled_title

    assert labelled_title("focal", "hidden (4,); focal, l2\nscores") == (
        "hidden (4,); focal, l2\nscores"
    )
    assert labelled_title("l1", "l2 penalty (l1_ratio = 0)\ns") == (
        "l1: l2 penalty (l1_ratio = 0)\ns"
    )
    assert labelled_title("baseline", "a\nb") == "baseline: a\nb"


def test_a_gif_wider_than_its_format_holds_is_refused_before_any_fit(tmp_path):
    # a GIF stores its width in 16 bits (GIF89a): 17 panels of 4096 pixels
    # do not fit, and the refusal comes before the 17 paths are fitted
    X, y = load_iris_pair(return_X_y=True)
    estimators = {f"m{i}": LogisticMLPClassifier((), solver="lbfgs") for i in range(17)}
    with mock.patch.object(LogisticMLPClassifier, "fit", side_effect=AssertionError):
        with pytest.raises(ValueError, match=r"69632 pixels wide; a GIF is at most"):
            animate_regularization_path(
                X,
                y,
                tmp_path / "wide.gif",
                estimator=estimators,
                alphas=[0.1, 1.0],
                frame_size=(4096, 64),
                progress=False,
            )
    assert not (tmp_path / "wide.gif").exists()
