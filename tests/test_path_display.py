"""Tests of what the path's pictures say: frames, panel grids, scores, HTML."""

import base64
import io
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import PIL.Image
import pytest
from matplotlib.text import Text
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_losses import LogisticMLPClassifier
from sklearn_losses.datasets import load_iris_pair
from sklearn_losses.path import (
    RegularizationPathDisplay,
    animate_regularization_path,
    regularization_path,
)
from sklearn_losses.path._frames import BoundaryFigure

matplotlib.use("Agg")

IRIS_COLUMNS = ["sepal length", "sepal width", "petal length", "petal width"]
ALPHAS = [0.01, 0.3, 10.0]


@pytest.fixture(scope="module")
def iris_frame():
    """All of Iris as a DataFrame, the species names as labels, split 70/30."""
    iris = load_iris()
    X = pd.DataFrame(iris.data, columns=IRIS_COLUMNS)
    y = iris.target_names[iris.target]
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


@pytest.fixture(scope="module")
def iris_path(iris_frame):
    X_train, X_test, y_train, y_test = iris_frame
    clf = LogisticMLPClassifier((), penalty="l1", solver="lbfgs", max_iter=300)
    path = regularization_path(
        clf,
        X_train,
        y_train,
        alphas=ALPHAS,
        X_val=X_test,
        y_val=y_test,
        progress=False,
    )
    return path


def texts(figure):
    """Every non-empty text drawn on the figure (titles, labels, notes)."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def boundary_figure(path, X, y, **options):
    display = RegularizationPathDisplay.from_path(
        path, X, y, grid_resolution=10, **options
    )
    return BoundaryFigure(path, display.plane, display.response_method)


# -- the frames ---------------------------------------------------------------


def test_frame_title_names_loss_penalty_alpha_and_full_model_scores(
    iris_frame, iris_path
):
    X_train, X_test, y_train, y_test = iris_frame
    drawing = boundary_figure(iris_path, X_train, y_train)
    for i, fitted in enumerate(iris_path.estimators_):
        drawing.show(i)
        title = drawing.title.get_text()
        first, second = title.split("\n")
        assert first == (
            f"no hidden layer; log_loss, l1 penalty, alpha = {ALPHAS[i]:.3g}"
        )
        train = accuracy_score(y_train, fitted.predict(X_train))
        validation = accuracy_score(y_test, fitted.predict(X_test))
        # The scores are the full model's, on all four features, and say so.
        assert second == (
            f"full model (4 features): train accuracy {train:.3f} "
            f"\N{MIDDLE DOT} validation accuracy {validation:.3f}"
        )
        assert title in texts(drawing.figure)


def test_elastic_net_title_gives_its_mix_and_a_pipeline_its_final_step():
    X, y = load_iris_pair(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(),
        LogisticMLPClassifier(
            (),
            loss="squared_error",
            penalty="elasticnet",
            l1_ratio=0.25,
            solver="adam",
            max_iter=5,
        ),
    )
    with pytest.warns(ConvergenceWarning):  # five epochs do not converge
        path = regularization_path(
            pipe,
            X,
            y,
            param_name="logisticmlpclassifier__alpha",
            alphas=[0.5],
            progress=False,
        )
    drawing = boundary_figure(path, X, y)
    drawing.show(0)
    assert drawing.title.get_text().split("\n") == [
        "no hidden layer; squared_error, elasticnet penalty (l1_ratio = 0.25), "
        "alpha = 0.5",
        f"train accuracy {accuracy_score(y, path.estimators_[0].predict(X)):.3f}",
    ]


@pytest.mark.parametrize(
    "hidden, named",
    [((), "no hidden layer"), ((10,), "hidden (10,)"), ((5, 3), "hidden (5, 3)")],
)
def test_frame_title_names_the_architecture(hidden, named):
    X, y = load_iris_pair(return_X_y=True)
    clf = LogisticMLPClassifier(hidden, solver="lbfgs", max_iter=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        path = regularization_path(clf, X, y, alphas=[1.0], progress=False)
        piped = regularization_path(
            make_pipeline(StandardScaler(), clf),
            X,
            y,
            param_name="logisticmlpclassifier__alpha",
            alphas=[1.0],
            progress=False,
        )
    for fitted in (path, piped):
        drawing = boundary_figure(fitted, X, y)
        drawing.show(0)
        assert drawing.title.get_text().startswith(f"{named}; log_loss, l2 penalty")


def test_frame_title_of_another_estimator_names_no_architecture():
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris_pair(return_X_y=True)
    path = regularization_path(
        LogisticRegression(), X, y, param_name="C", alphas=[1.0], progress=False
    )
    drawing = boundary_figure(path, X, y)
    drawing.show(0)
    assert "hidden" not in drawing.title.get_text()


def _key_pixels(drawing, frame):
    """The RGB colours drawn inside the key's axes on a frame."""
    x0, y0, x1, y1 = drawing.key.get_window_extent().extents.round().astype(int)
    height = frame.shape[0]
    inside = frame[height - y1 + 2 : height - y0 - 2, x0 + 2 : x1 - 2, :3]
    return {tuple(rgb) for rgb in inside.reshape(-1, 3)}


@pytest.mark.parametrize("n_classes", [2, 3])
def test_every_frame_has_a_key_of_the_probability_shades(n_classes):
    X, y = load_iris(return_X_y=True)
    keep = y < n_classes
    X, y = X[keep][:, 2:], y[keep]
    path = regularization_path(
        LogisticMLPClassifier((), solver="lbfgs"),
        X,
        y,
        alphas=[0.01, 1e5],
        progress=False,
    )
    drawing = boundary_figure(path, X, y)
    assert drawing.key in drawing.figure.axes
    # Two classes: a colour bar of the second class's probability.
    colorbar = getattr(drawing.key, "_colorbar", None)
    assert (colorbar is not None) == (n_classes == 2)
    if colorbar is not None:
        assert drawing.key.get_ylabel() == "P(1)"
        assert colorbar.vmin == 0 and colorbar.vmax == 1
    # Its pale and sure shades of each class: a white mix of the legend's
    # colours, the palest lighter than the surest.
    markers = [
        matplotlib.colors.to_rgb(h.get_markerfacecolor())
        for h in drawing.figure.legends[0].legend_handles
    ]
    for frame in drawing.frames():
        shades = np.array(sorted(_key_pixels(drawing, frame)), dtype=float) / 255
        for color in markers:
            # a shade is white + t * (color - white) for one t in (0, 1)
            room = 1 - np.asarray(color)
            t = ((1 - shades) / np.maximum(room, 1e-9))[:, room > 0.2]
            mixes = t[np.ptp(t, axis=1) < 0.03, 0]
            assert mixes.size >= 2 and mixes.min() < 0.3 < 0.5 < mixes.max() < 1


def test_flat_note_is_on_exactly_the_collapsed_frames():
    from sklearn_losses.path._varied import is_collapsed

    X, y = load_iris_pair(return_X_y=True)
    path = regularization_path(
        LogisticMLPClassifier((), solver="lbfgs"),
        X,
        y,
        alphas=[0.01, 1.0, 1e9, 1e12],
        progress=False,
    )
    drawing = boundary_figure(path, X, y, class_names=["setosa", "versicolor"])
    for i, fitted in enumerate(path.estimators_):
        drawing.show(i)
        # Flat on the picture's grid (the frame's notion) and on the data
        # (the path's): far from the tolerance, both agree.
        assert is_collapsed(fitted, drawing.plane.grid) == is_collapsed(fitted, X)
        if is_collapsed(fitted, X):
            # the majority class, as the fit's constant prediction
            majority = ["setosa", "versicolor"][int(fitted.predict(X[:1])[0])]
            assert drawing.flat_note.get_visible()
            assert drawing.flat_note.get_text().startswith(
                f"flat: the model predicts {majority} everywhere"
            )
        else:
            assert not drawing.flat_note.get_visible()
    flat = [is_collapsed(fitted, X) for fitted in path.estimators_]
    assert flat[0] is False and flat[-1] is True  # both cases are checked


def test_slice_note_is_on_the_frame_only_when_features_are_held(iris_frame, iris_path):
    X_train, _, y_train, _ = iris_frame
    drawing = boundary_figure(
        iris_path, X_train, y_train, features=("petal length", "sepal width")
    )
    medians = X_train.median()
    note = (
        "other 2 features held at their medians: "
        f"sepal length = {medians['sepal length']:.3g}, "
        f"petal width = {medians['petal width']:.3g}"
    )
    assert drawing.note.get_text() == note
    assert note in texts(drawing.figure)

    X, y = load_iris_pair(return_X_y=True)
    pair = regularization_path(
        LogisticMLPClassifier((), solver="lbfgs"),
        X,
        y,
        alphas=[1.0],
        progress=False,
    )
    drawing = boundary_figure(pair, X, y)
    drawing.show(0)
    assert drawing.note is None
    assert not any("held" in text for text in texts(drawing.figure))
    assert "full model" not in drawing.title.get_text()


def test_axis_labels_and_legend_name_features_and_classes(iris_frame, iris_path):
    X_train, _, y_train, _ = iris_frame
    # Inferred: the DataFrame's columns and the species labels.
    drawing = boundary_figure(iris_path, X_train, y_train, features=(2, 3))
    ax = drawing.figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("petal length", "petal width")
    legend = drawing.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == sorted(set(y_train))
    # Given: numbers as labels, names supplied.
    X, y = load_iris_pair(return_X_y=True)
    iris = load_iris_pair()
    path = regularization_path(
        LogisticMLPClassifier((), solver="lbfgs"),
        X,
        y,
        alphas=[1.0],
        progress=False,
    )
    drawing = boundary_figure(
        path,
        X,
        y,
        feature_names=iris.feature_names,
        class_names=iris.target_names,
    )
    ax = drawing.figure.axes[0]
    assert [ax.get_xlabel(), ax.get_ylabel()] == iris.feature_names
    legend = drawing.figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["setosa", "versicolor"]
    with pytest.raises(ValueError, match="class_names has 3 names for 2"):
        RegularizationPathDisplay.from_path(path, X, y, class_names=["a", "b", "c"])


def test_features_by_given_names(iris_frame, iris_path):
    X_train, _, y_train, _ = iris_frame
    names = ["SL", "SW", "PL", "PW"]
    drawing = boundary_figure(
        iris_path,
        X_train.to_numpy(),
        y_train,
        feature_names=names,
        features=("PW", "SL"),
    )
    ax = drawing.figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("PW", "SL")
    assert drawing.note.get_text().startswith("other 2 features held at their")


@pytest.mark.parametrize("frame_size, dpi", [((320, 200), 100), ((201, 99), 72)])
def test_frame_size_gives_the_gif_pixel_size(iris_frame, tmp_path, frame_size, dpi):
    X, y = load_iris_pair(return_X_y=True)
    target = tmp_path / "path.gif"
    animate_regularization_path(
        X,
        y,
        target,
        alphas=[0.1, 10.0],
        grid_resolution=10,
        frame_size=frame_size,
        dpi=dpi,
        progress=False,
        random_state=0,
    )
    with PIL.Image.open(target) as image:
        assert image.size == frame_size
        assert image.n_frames == 2


@pytest.mark.parametrize(
    "frame_size",
    [(32, 480), (640, 5000), (640,), (640.5, 480), (True, 480), "640x480"],
)
def test_bad_frame_size_is_refused(iris_frame, iris_path, tmp_path, frame_size):
    X_train, _, y_train, _ = iris_frame
    with pytest.raises(InvalidParameterError, match="frame_size"):
        iris_path.animate(X_train, y_train, tmp_path / "a.gif", frame_size=frame_size)
    with pytest.raises(InvalidParameterError, match="dpi"):
        iris_path.animate(X_train, y_train, tmp_path / "a.gif", dpi=0)
    assert not list(tmp_path.iterdir())


def test_workflow_states_held_features_in_the_units_of_x(tmp_path, monkeypatch):
    from sklearn_losses.path import _animate

    planes = []
    draw = _animate.draw_and_write

    def recording(path, plane, *args, **kwargs):
        planes.append(plane)
        return draw(path, plane, *args, **kwargs)

    monkeypatch.setattr(_animate, "draw_and_write", recording)
    iris = load_iris()
    X, y = iris.data, iris.target_names[iris.target]
    animate_regularization_path(
        X,
        y,
        tmp_path / "path.gif",
        alphas=[1.0],
        random_state=3,
        grid_resolution=10,
        feature_names=IRIS_COLUMNS,
        progress=False,
    )
    X_train, _, _, _ = train_test_split(X, y, test_size=0.3, random_state=3)
    (plane,) = planes
    assert plane.labels == ("sepal length, standardised", "sepal width, standardised")
    assert plane.held_names == ("petal length", "petal width")
    np.testing.assert_allclose(plane.held_values, np.median(X_train[:, 2:], axis=0))
    assert plane.class_names == tuple(iris.target_names)


def test_animate_progress_covers_the_drawing(iris_frame, iris_path, tmp_path, capsys):
    X_train, _, y_train, _ = iris_frame
    iris_path.animate(
        X_train, y_train, tmp_path / "a.gif", grid_resolution=10, progress=True
    )
    err = capsys.readouterr().err
    assert "drawing frames" in err and f"{len(ALPHAS)}/{len(ALPHAS)}" in err


# -- the display --------------------------------------------------------------


def test_plot_boundaries_lays_out_the_grid_and_hides_the_extras(iris_frame, iris_path):
    X_train, _, y_train, _ = iris_frame
    display = RegularizationPathDisplay.from_path(
        iris_path, X_train, y_train, grid_resolution=10
    )
    display.plot_boundaries(n_cols=2)
    assert display.axes_.shape == (2, 2)
    visible = [ax.get_visible() for ax in display.axes_.flat]
    assert visible == [True, True, True, False]
    titles = [ax.get_title() for ax in display.axes_.flat[:3]]
    assert [t.split("\n")[0] for t in titles] == [f"alpha = {a:.3g}" for a in ALPHAS]
    assert [t.get_text() for t in display.legend_.get_texts()] == sorted(set(y_train))
    suptitle = display.figure_.get_suptitle()
    assert "log_loss, l1 penalty" in suptitle
    assert "full model (4 features)" in suptitle
    assert "held at their medians" in suptitle
    # The lowest panel of the second column, above a hidden one, is labelled.
    assert display.axes_[0, 1].get_xlabel() == "sepal length"
    assert display.axes_[1, 0].get_ylabel() == "sepal width"

    display.plot_boundaries(n_cols=4, indices=[2, 0])
    assert display.axes_.shape == (1, 4)
    assert [ax.get_visible() for ax in display.axes_.flat] == [True, True, False, False]
    assert display.axes_[0, 0].get_title().startswith("alpha = 10")
    with pytest.raises(ValueError, match="indices"):
        display.plot_boundaries(indices=[3])
    with pytest.raises(ValueError, match="2 x 2 = 4 Axes"):
        display.plot_boundaries(n_cols=2, ax=display.axes_.flat[:2])


def test_plot_scores_draws_the_frame_columns(iris_frame, iris_path):
    X_train, X_test, y_train, y_test = iris_frame
    display = RegularizationPathDisplay.from_path(
        iris_path, X_train, y_train, grid_resolution=10
    )
    display.plot_scores()
    assert display.ax_.get_xscale() == "log"
    assert set(display.lines_) == {
        "train_score",
        "train_loss",
        "validation_score",
        "validation_loss",
    }
    # Against independent computations of the same quantities.
    expected = {
        "train_score": [
            accuracy_score(y_train, e.predict(X_train)) for e in iris_path.estimators_
        ],
        "validation_score": [
            accuracy_score(y_test, e.predict(X_test)) for e in iris_path.estimators_
        ],
        "train_loss": [
            log_loss(y_train, e.predict_proba(X_train)) for e in iris_path.estimators_
        ],
        "validation_loss": [
            log_loss(y_test, e.predict_proba(X_test)) for e in iris_path.estimators_
        ],
    }
    for column, line in display.lines_.items():
        np.testing.assert_allclose(line.get_xdata(), ALPHAS)
        np.testing.assert_allclose(line.get_ydata(), expected[column], rtol=1e-12)
    assert display.lines_["train_loss"].axes is display.loss_ax_
    labels = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert labels == [
        "train accuracy",
        "train log loss",
        "validation accuracy",
        "validation log loss",
    ]


def _png_sizes(html):
    frames = re.findall(r'"data:image/png;base64,([^"]*)"', html)
    sizes = []
    for frame in frames:
        data = base64.b64decode(frame.replace("\\\n", ""))
        with PIL.Image.open(io.BytesIO(data)) as image:
            sizes.append(image.size)
    return sizes


def test_to_jshtml_embeds_one_frame_per_alpha(iris_frame, iris_path):
    X_train, _, y_train, _ = iris_frame
    display = RegularizationPathDisplay.from_path(
        iris_path, X_train, y_train, grid_resolution=10
    )
    html = display.to_jshtml(fps=4, frame_size=(160, 120))
    assert html.lstrip().startswith("<")
    assert _png_sizes(html) == [(160, 120)] * len(ALPHAS)
    assert _png_sizes(display._repr_html_()) == [(640, 480)] * len(ALPHAS)
    with pytest.raises(InvalidParameterError, match="fps"):
        display.to_jshtml(fps=0)


# -- DataFrames with categorical columns ---------------------------------------

MIXED_ALPHAS = [0.01, 1.0]


def mixed_frame(region_dtype="object", n_samples=61):
    """Customers: numbers, a region and a plan (categorical), a label."""
    rng = np.random.default_rng(0)
    region = rng.choice(["south", "north", "east"], n_samples, p=[0.5, 0.3, 0.2])
    X = pd.DataFrame(
        {
            "age": rng.integers(18, 60, n_samples),
            "income": rng.normal(50.0, 10.0, n_samples),
            "region": pd.Series(region, dtype=region_dtype),
            "score": rng.normal(size=n_samples),
            "plan": pd.Categorical(
                rng.choice(["basic", "gold"], n_samples),
                categories=["basic", "gold", "platinum"],
            ),
        }
    )
    y = np.where(X["age"] + X["income"] / 2 + 8 * (region == "south") > 68, "yes", "no")
    return X, y


def mixed_pipeline():
    return make_pipeline(
        ColumnTransformer(
            [
                ("num", StandardScaler(), ["age", "income", "score"]),
                ("cat", OneHotEncoder(), ["region", "plan"]),
            ]
        ),
        LogisticMLPClassifier((3,), solver="lbfgs", max_iter=300, random_state=0),
    )


def mixed_path(X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return regularization_path(
            mixed_pipeline(),
            X,
            y,
            param_name="logisticmlpclassifier__alpha",
            alphas=MIXED_ALPHAS,
            progress=False,
        )


@pytest.fixture(scope="module")
def mixed():
    X, y = mixed_frame()
    return X, y, mixed_path(X, y)


def test_pipeline_over_categorical_columns_draws_a_slice_at_median_and_mode(mixed):
    X, y, path = mixed
    display = RegularizationPathDisplay.from_path(
        path, X, y, features=("income", "score"), grid_resolution=10
    )
    display.plot_boundaries()
    plane = display.plane
    # Held values against pandas' own median and mode.
    assert plane.held_names == ("age", "region", "plan")
    assert plane.held_kinds == ("median", "most frequent", "most frequent")
    assert plane.held_values == (
        X["age"].median(),
        X["region"].mode()[0],
        X["plan"].mode()[0],
    )
    note = (
        f"other 3 features held: age = {X['age'].median():.3g} (median), "
        f"region = '{X['region'].mode()[0]}' (most frequent), "
        f"plan = '{X['plan'].mode()[0]}' (most frequent)"
    )
    assert note in display.figure_.get_suptitle()
    drawing = BoundaryFigure(path, plane, display.response_method)
    assert drawing.note.get_text().replace("\n", " ") == note  # in two lines
    drawing.show(1)
    assert "full model (5 features)" in drawing.title.get_text()
    # the coefficient plot draws every weight of the final step
    final = path.estimators_[0][-1]
    assert len(path.plot().lines_) == sum(w.size for w in final.coefs_)


@pytest.mark.parametrize("region_dtype", ["object", "category", "string"])
def test_slice_grid_keeps_the_columns_and_dtypes_the_pipeline_saw(region_dtype):
    X, y = mixed_frame(region_dtype)
    path = mixed_path(X, y)
    plane = RegularizationPathDisplay.from_path(
        path, X, y, features=("score", "income"), grid_resolution=4
    ).plane
    grid = plane.grid
    assert list(grid.columns) == list(X.columns)
    # held columns keep their dtype (61 ages: the median is one of them)
    for column in ["age", "region", "plan"]:
        assert grid[column].dtype == X[column].dtype
    assert (grid["age"] == X["age"].median()).all()
    assert (grid["region"] == X["region"].mode()[0]).all()
    assert (grid["plan"] == X["plan"].mode()[0]).all()
    # the plane's corners, against one row built by hand, predicted by the fit
    lows, highs = X[["score", "income"]].min(), X[["score", "income"]].max()
    pad = 0.1 * (highs - lows)
    row = X.iloc[[0]].copy()
    row["age"] = X["age"].median()
    row["region"] = X["region"].mode()[0]
    row["plan"] = X["plan"].mode()[0]
    row["score"], row["income"] = (
        lows["score"] - pad["score"],
        highs["income"] + pad["income"],
    )
    corner = grid.iloc[[grid.shape[0] - 4]]
    np.testing.assert_allclose(
        corner[["score", "income"]].to_numpy(), row[["score", "income"]].to_numpy()
    )
    for estimator in path.estimators_:
        np.testing.assert_allclose(
            estimator.predict_proba(corner), estimator.predict_proba(row), rtol=1e-12
        )


def test_animate_writes_a_gif_of_a_pipeline_over_categorical_columns(mixed, tmp_path):
    X, y, path = mixed
    target = path.animate(
        X,
        y,
        tmp_path / "mixed.gif",
        features=("age", "income"),
        grid_resolution=8,
        frame_size=(160, 120),
    )
    with PIL.Image.open(target) as image:
        assert image.size == (160, 120)
        assert image.n_frames == len(MIXED_ALPHAS)


@pytest.mark.parametrize(
    "features, name", [(("age", "region"), "region"), ((4, 0), "plan")]
)
def test_a_categorical_drawn_feature_is_refused_by_name(
    mixed, tmp_path, features, name
):
    X, y, path = mixed
    dtype = re.escape(str(X[name].dtype))
    match = (
        f"Feature '{name}' has dtype {dtype}: the two drawn features must be numeric"
    )
    with pytest.raises(ValueError, match=match):
        RegularizationPathDisplay.from_path(path, X, y, features=features)
    with pytest.raises(ValueError, match=match):
        path.animate(X, y, tmp_path / "a.gif", features=features)
    assert not list(tmp_path.iterdir())


def test_categorical_slices_refuse_what_cannot_be_held(mixed):
    X, y, path = mixed
    with_nan = X.copy()
    with_nan.loc[3, "score"] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        RegularizationPathDisplay.from_path(path, with_nan, y)
    # missing categories are left out of the mode; none at all is refused
    some_missing = X.copy()
    some_missing["region"] = some_missing["region"].where(X.index > 2)
    plane = RegularizationPathDisplay.from_path(
        path, some_missing, y, grid_resolution=4
    ).plane
    assert plane.held_values[0] == X["region"].iloc[3:].mode()[0]
    all_missing = X.copy()
    all_missing["region"] = pd.Series([None] * len(X), dtype=object)
    with pytest.raises(ValueError, match="'region' has only missing values"):
        RegularizationPathDisplay.from_path(path, all_missing, y)


def test_workflow_standardizes_only_numbers_and_holds_categories(tmp_path, monkeypatch):
    from sklearn_losses.path import _animate

    planes = []
    draw = _animate.draw_and_write

    def recording(path, plane, *args, **kwargs):
        planes.append(plane)
        return draw(path, plane, *args, **kwargs)

    monkeypatch.setattr(_animate, "draw_and_write", recording)
    X, y = mixed_frame()
    X = X[["age", "income", "region", "score", "plan"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        path = animate_regularization_path(
            X,
            y,
            tmp_path / "mixed.gif",
            estimator=mixed_pipeline(),
            param_name="logisticmlpclassifier__alpha",
            alphas=[1.0],
            random_state=3,
            grid_resolution=6,
            progress=False,
        )
    X_train, X_val, _, _ = train_test_split(X, y, test_size=0.3, random_state=3)
    (plane,) = planes
    assert plane.labels == ("age, standardised", "income, standardised")
    assert plane.held_names == ("region", "score", "plan")
    assert plane.held_values == (
        X_train["region"].mode()[0],
        X_train["score"].median(),
        X_train["plan"].mode()[0],
    )
    scaler = StandardScaler().fit(X_train[["age", "income"]])
    np.testing.assert_allclose(
        plane.points, scaler.transform(X_train[["age", "income"]]), rtol=1e-12
    )
    # the pipeline was fitted on the categories themselves
    encoder = path.estimators_[0].named_steps["columntransformer"].named_transformers_
    assert encoder["cat"].categories_[0].tolist() == sorted(set(X_train["region"]))
    assert (tmp_path / "mixed.gif").exists()


def test_workflow_refuses_categories_it_cannot_draw_or_fit(tmp_path):
    X, y = mixed_frame()
    with pytest.raises(ValueError, match="default estimator cannot take"):
        animate_regularization_path(X, y, tmp_path / "a.gif", alphas=[1.0])
    with pytest.raises(ValueError, match="Feature 'region' .* put two numeric"):
        animate_regularization_path(
            X[["region", "age", "income"]],
            y,
            tmp_path / "a.gif",
            estimator=mixed_pipeline(),
            param_name="logisticmlpclassifier__alpha",
            alphas=[1.0],
        )
    assert not list(tmp_path.iterdir())


def test_slice_note_says_how_each_value_was_chosen():
    from sklearn_losses.path._text import slice_note

    assert (
        slice_note(["age"], [29.0], 80) == "other feature held at its median: age = 29"
    )
    assert (
        slice_note(["region"], ["south"], 80, ["most frequent"])
        == "other feature held: region = 'south' (most frequent)"
    )
    assert slice_note(
        ["age", "member"], [29.25, True], 80, ["median", "most frequent"]
    ) == ("other 2 features held: age = 29.2 (median), member = True (most frequent)")


def test_bool_columns_are_held_at_their_most_frequent_value_not_drawn():
    from sklearn_losses.path._plane import check_drawn_numeric, held_statistics

    X = pd.DataFrame(
        {"age": [20, 30, 40], "member": [True, False, False], "city": list("aab")}
    )
    assert held_statistics(X) == (
        [30.0, False, "a"],
        ["median", *["most frequent"] * 2],
    )
    with pytest.raises(ValueError, match="Feature 'member' has dtype bool"):
        check_drawn_numeric(X, (0, 1), list(X.columns))
