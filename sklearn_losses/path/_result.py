"""The result of a regularization path: its fits, a table, a plot and a GIF."""

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from sklearn_losses._io import check_output_file
from sklearn_losses.path._constraints import GIF_CONSTRAINTS, RESPONSE_METHODS
from sklearn_losses.path._display import plot_coefficients
from sklearn_losses.path._gif import write_boundary_gif
from sklearn_losses.path._varied import final_step

__all__ = ["RegularizationPath"]


def _weights(estimator):
    """``(coefs, intercepts)`` of the final step, layer by layer (copies)."""
    estimator = final_step(estimator)
    if hasattr(estimator, "coefs_"):
        coefs = [np.array(c, dtype=float) for c in estimator.coefs_]
        intercepts = [np.array(b, dtype=float) for b in estimator.intercepts_]
    elif hasattr(estimator, "coef_"):
        # Linear scikit-learn models: (n_outputs, n_features) -> (n_in, n_out).
        coefs = [np.atleast_2d(np.array(estimator.coef_, dtype=float)).T]
        intercepts = [np.atleast_1d(np.array(estimator.intercept_, dtype=float))]
    else:
        coefs, intercepts = [], []
    return coefs, intercepts


def _optional_array(values, dtype=float):
    return None if values is None else np.asarray(values, dtype=dtype)


class RegularizationPath:
    """Fits along a regularization path, with a table, a plot and a GIF.

    Usually made by :func:`regularization_path`. Every per-alpha attribute
    follows the order of ``alphas_`` (the order the user gave).

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        The regularization strengths.
    estimators : list of fitted estimators
        One fitted estimator per alpha.
    train_scores, train_losses : array-like of shape (n_alphas,)
        Score and log loss of each estimator on its training data.
    validation_scores, validation_losses : array-like of shape (n_alphas,), \
default=None
        The same on validation data, if any.
    warm_started : array-like of bool, default=None
        Whether each kept fit started from the previous solution.
    cold_restarts : array-like of bool, default=None
        Whether a collapsed warm start was replaced by a cold fit.
    scoring : str, default="accuracy"
        Name of the score, for titles and labels.
    param_name : str, default="alpha"
        The parameter varied (``"step__alpha"`` for a step of a pipeline).
    alpha_max : float, default=None
        The smallest alpha at which the model ignores its input, when the
        grid was chosen from the data (``alphas="auto"``).
    alpha_max_method : {"exact", "bisection"}, default=None
        How ``alpha_max`` was found.
    alpha_max_n_fits : int, default=0
        The fits the bisection took (0 when exact).

    Attributes
    ----------
    alphas_ : ndarray of shape (n_alphas,)
        The regularization strengths.
    estimators_ : list of estimators
        The fitted estimator for each alpha.
    coefs_ : list of list of ndarray
        ``coefs_[i][layer]``: weight matrix (n_in, n_out) of each layer for
        alpha ``i`` (``coef_.T`` for linear scikit-learn models), of the
        final step of a pipeline; empty lists for estimators without either.
    intercepts_ : list of list of ndarray
        ``intercepts_[i][layer]``: the intercepts, likewise.
    train_scores_ : ndarray of shape (n_alphas,)
        Training score (``scoring_``).
    train_losses_ : ndarray of shape (n_alphas,)
        Mean log loss of the predicted probabilities on the training data
        (:func:`sklearn.metrics.log_loss`), whatever loss the estimator was
        trained with, without the penalty (NaN for estimators without
        ``predict_proba``).
    objectives_ : ndarray of shape (n_alphas,)
        The final training objective (the ``loss_`` of the estimator, or of
        a pipeline's final step, penalty included), NaN without ``loss_``.
    validation_scores_, validation_losses_ : ndarray or None
        Score and log loss on the validation data; None without it.
    n_nonzero_ : ndarray of int of shape (n_alphas,)
        Number of weights (intercepts excluded) that are exactly non-zero.
    n_iter_ : ndarray of shape (n_alphas,)
        Iterations of each kept fit (the estimator's ``n_iter_``, its
        maximum over classes for linear models); NaN where unknown.
    warm_started_ : ndarray of bool of shape (n_alphas,)
        Whether each kept fit started from the previous solution.
    cold_restarts_ : ndarray of bool of shape (n_alphas,)
        Where a collapsed warm start was replaced by a fit from scratch.
    scoring_ : str
        Name of the score.
    param_name_ : str
        The parameter varied, as given to :func:`regularization_path`.
    alpha_max_ : float or None
        With ``alphas="auto"``: the smallest alpha at which the model ignores
        its input, the largest of ``alphas_``; None for alphas given.
    alpha_max_method_ : {"exact", "bisection"} or None
        ``"exact"``: the largest absolute gradient of the data term at zero
        weights (no hidden layer, an L1 part); ``"bisection"``: the smallest
        alpha found whose fit collapses.
    alpha_max_n_fits_ : int
        The extra fits the bisection took (0 otherwise).
    ax_, figure_, lines_ :
        Set by :meth:`plot`.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_losses import LogisticMLPClassifier
    >>> from sklearn_losses.path import regularization_path
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs")
    >>> path = regularization_path(clf, X, y, alphas=[0.1, 10.0], progress=False)
    >>> path
    RegularizationPath(n_alphas=2, alphas=[0.1 ... 10], scoring='accuracy')
    >>> list(path.to_frame().columns[:4])
    ['alpha', 'train_score', 'train_loss', 'objective']
    """

    def __init__(
        self,
        alphas,
        estimators,
        *,
        train_scores,
        train_losses,
        validation_scores=None,
        validation_losses=None,
        warm_started=None,
        cold_restarts=None,
        scoring="accuracy",
        param_name="alpha",
        alpha_max=None,
        alpha_max_method=None,
        alpha_max_n_fits=0,
    ):
        self.alphas_ = np.asarray(alphas, dtype=float)
        n_alphas = len(self.alphas_)
        if len(estimators) != n_alphas:
            raise ValueError(f"Got {len(estimators)} estimators for {n_alphas} alphas.")
        self.estimators_ = list(estimators)
        weights = [_weights(est) for est in self.estimators_]
        finals = [final_step(est) for est in self.estimators_]
        self.coefs_ = [coefs for coefs, _ in weights]
        self.intercepts_ = [intercepts for _, intercepts in weights]
        self.train_scores_ = np.asarray(train_scores, dtype=float)
        self.train_losses_ = np.asarray(train_losses, dtype=float)
        self.objectives_ = np.array(
            [float(getattr(est, "loss_", np.nan)) for est in finals]
        )
        self.validation_scores_ = _optional_array(validation_scores)
        self.validation_losses_ = _optional_array(validation_losses)
        self.n_nonzero_ = np.array(
            [sum(int(np.count_nonzero(c)) for c in coefs) for coefs in self.coefs_]
        )
        n_iter = [getattr(est, "n_iter_", None) for est in finals]
        self.n_iter_ = np.array(
            [np.nan if n is None else float(np.max(n)) for n in n_iter]
        )
        if not np.isnan(self.n_iter_).any():
            self.n_iter_ = self.n_iter_.astype(int)
        no_flags = np.zeros(n_alphas, dtype=bool)
        self.warm_started_ = _optional_array(warm_started, bool)
        if self.warm_started_ is None:
            self.warm_started_ = no_flags.copy()
        self.cold_restarts_ = _optional_array(cold_restarts, bool)
        if self.cold_restarts_ is None:
            self.cold_restarts_ = no_flags.copy()
        self.scoring_ = scoring
        self.param_name_ = param_name
        self.alpha_max_ = None if alpha_max is None else float(alpha_max)
        self.alpha_max_method_ = alpha_max_method
        self.alpha_max_n_fits_ = int(alpha_max_n_fits)

    def __repr__(self):
        alphas = self.alphas_
        shown = (
            f"{alphas[0]:.3g}"
            if len(alphas) == 1
            else (f"{alphas[0]:.3g} ... {alphas[-1]:.3g}")
        )
        return (
            f"RegularizationPath(n_alphas={len(alphas)}, alphas=[{shown}], "
            f"scoring={self.scoring_!r})"
        )

    def to_frame(self):
        """One row per alpha, in the order of ``alphas_``.

        Returns
        -------
        frame : pandas.DataFrame
            Columns ``alpha``, ``train_score``, ``train_loss`` (log loss),
            ``objective`` (the estimator's final ``loss_``), ``n_nonzero``,
            ``n_iter``, ``warm_started``, ``cold_restart``, and
            ``validation_score`` and ``validation_loss`` when validation
            data was given.

        Examples
        --------
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.datasets import load_iris_pair
        >>> from sklearn_losses.path import regularization_path
        >>> X, y = load_iris_pair(return_X_y=True)
        >>> path = regularization_path(
        ...     LogisticMLPClassifier(hidden_layer_sizes=(), solver="lbfgs"),
        ...     X, y, alphas=[0.1, 10.0], X_val=X, y_val=y, progress=False,
        ... )
        >>> frame = path.to_frame()
        >>> frame.shape
        (2, 10)
        >>> frame["n_nonzero"].tolist()  # two features, one output
        [2, 2]
        """
        import pandas as pd

        columns = {
            "alpha": self.alphas_,
            "train_score": self.train_scores_,
            "train_loss": self.train_losses_,
            "objective": self.objectives_,
            "n_nonzero": self.n_nonzero_,
            "n_iter": self.n_iter_,
            "warm_started": self.warm_started_,
            "cold_restart": self.cold_restarts_,
        }
        if self.validation_scores_ is not None:
            columns["validation_score"] = self.validation_scores_
            columns["validation_loss"] = self.validation_losses_
        return pd.DataFrame(columns)

    @validate_params(
        {
            "ax": "no_validation",
            "layer": [Interval(Integral, 0, None, closed="left"), None],
        },
        prefer_skip_nested_validation=True,
    )
    def plot(self, ax=None, *, layer=None):
        """Draw every weight against alpha (log scale).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        layer : int, default=None
            Only the weights of this layer (0 is the input layer); all layers,
            one colour each, when None.

        Returns
        -------
        self : RegularizationPath
            With ``ax_``, ``figure_`` and ``lines_`` (a list of Line2D) set.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.datasets import load_iris_pair
        >>> from sklearn_losses.path import regularization_path
        >>> path = regularization_path(
        ...     LogisticMLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs"),
        ...     *load_iris_pair(return_X_y=True), alphas=[0.1, 10], progress=False,
        ... )
        >>> path.plot().ax_.get_xscale()
        'log'
        >>> len(path.lines_)  # 2 x 3 weights into the hidden layer, 3 out of it
        9
        """
        self.ax_, self.lines_ = plot_coefficients(self, ax, layer)
        self.figure_ = self.ax_.figure
        return self

    @validate_params(
        {
            "X": ["array-like"],
            "y": ["array-like"],
            **GIF_CONSTRAINTS,
            "features": ["array-like"],
            "response_method": [StrOptions(set(RESPONSE_METHODS))],
            "feature_names": ["array-like", None],
            "class_names": ["array-like", None],
            "progress": ["boolean"],
        },
        prefer_skip_nested_validation=True,
    )
    def animate(
        self,
        X,
        y,
        filename,
        *,
        features=(0, 1),
        grid_resolution=200,
        fps=2,
        response_method="auto",
        feature_names=None,
        class_names=None,
        frame_size=(640, 480),
        dpi=100,
        progress=False,
    ):
        """Write a GIF of the decision boundary, one frame per alpha.

        Each frame shows the decision regions in the class colours, shaded in
        bands of the predicted probability (pale where the model is unsure,
        nearly white along a two-class boundary; for two classes each band
        is 1/16 of probability wide) and the points ``(X, y)``. The axes are
        named by the features, the legend by the classes, and the title
        names the loss, the penalty and alpha (for example ``log_loss, l2
        penalty, alpha = 0.0336``, from the parameters of each estimator,
        the final step of a pipeline), then the training (and validation)
        score of the full model. Axes, colours and the frame size stay
        fixed; frames follow the order of ``alphas_``.

        With more than two features, the two in ``features`` span the plane
        and every other feature is held at its median in ``X``: the picture
        is a slice of the model, and a note at the bottom of each frame says
        so, with the values held ("other 2 features held at their medians:
        sepal width (cm) = 3, ..."). The categorical columns of a DataFrame
        (object, string, category or bool, for a pipeline that encodes
        them) are held at their most frequent value, and the note says
        which is which ("other 2 features held: age = 29 (median), region =
        'south' (most frequent)"); the grid is then a DataFrame with ``X``'s
        columns and dtypes. The scores in the title remain those of the
        full model, on all features, and say so.

        The frames are drawn by updating one figure (Agg canvas) and written
        with Pillow to a temporary file in the destination folder, which is
        then renamed: an error or an interrupt leaves no file behind, and the
        file is closed in any case. The limits of the format are checked
        before any drawing: at most 1000 frames and 20 classes, and a grid
        of at most 256 MiB (``grid_resolution ** 2 * n_features`` floats).
        :class:`~sklearn_losses.path.RegularizationPathDisplay` draws the
        same pictures as a grid of panels, or as an animation in Jupyter.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Points to draw (usually the training data): numbers, or a
            DataFrame with categorical columns (see above).
        y : array-like of shape (n_samples,)
            Their labels, among the estimators' ``classes_``.
        filename : str or path-like
            Where to write the GIF (must end in ``.gif``).
        features : pair of int or str, default=(0, 1)
            The two features on the x and y axes, both numeric (a
            categorical one is refused by name): column indices, or column
            names (of ``feature_names``, of ``X`` when it is a DataFrame, or
            those the estimators were fitted on).
        grid_resolution : int, default=200
            Grid points per axis for the decision regions (2 to 2000).
        fps : float, default=2
            Frames per second, from 0.0016 to 50. A GIF stores each frame's
            delay in hundredths of a second, from 0.01 to 655.35 s: each
            frame lasts ``100 / fps`` hundredths rounded to a whole one.
            Browsers show delays under 0.02 s as 0.1 s, hence at most 50.
        response_method : {"auto", "predict_proba", "decision_function", \
"predict"}, default="auto"
            What shades the regions. "auto" tries them in that order.
            Decision values go through a sigmoid (softmax) to look like
            probabilities; "predict" gives flat regions.
        feature_names : array-like of str of shape (n_features,), default=None
            Names of the columns of ``X``, for the axes and the note on held
            features; by default the column names of ``X`` (a DataFrame) or
            the estimators' ``feature_names_in_``, else "feature 0", ...
        class_names : array-like of str of shape (n_classes,), default=None
            Names of the estimators' ``classes_``, in that order, for the
            legend; by default the class labels themselves.
        frame_size : (int, int), default=(640, 480)
            Width and height of each frame in pixels, each from 64 to 4096.
        dpi : float, default=100
            Dots per inch, from 10 to 1000: text of 10 points is
            ``10 * dpi / 72`` pixels high, so a larger dpi draws larger text
            on a frame of the same size.
        progress : bool, default=False
            Show a progress bar over the frames drawn (on stderr).

        Returns
        -------
        filename : str
            The path written.

        See Also
        --------
        animate_regularization_path : Split, scale, fit the path and write
            the GIF in one call.

        Examples
        --------
        >>> import os, tempfile
        >>> import imageio.v3 as iio
        >>> from sklearn.datasets import load_iris
        >>> from sklearn_losses import LogisticMLPClassifier
        >>> from sklearn_losses.path import regularization_path
        >>> X, y = load_iris(return_X_y=True)
        >>> clf = LogisticMLPClassifier(hidden_layer_sizes=(5,), solver="lbfgs",
        ...                             max_iter=1000, random_state=0)
        >>> path = regularization_path(clf, X, y, alphas=[0.1, 10], progress=False)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     gif = path.animate(
        ...         X, y, os.path.join(folder, "path.gif"), features=(2, 3),
        ...         grid_resolution=40,
        ...     )
        ...     iio.improps(gif, index=None).shape[0]
        2
        """
        return write_boundary_gif(
            self,
            X,
            y,
            check_output_file(filename, (".gif",)),
            plane_options={
                "features": features,
                "grid_resolution": grid_resolution,
                "names": (feature_names, class_names),
                "response_method": response_method,
            },
            gif_options={
                "fps": fps,
                "style": {"frame_size": frame_size, "dpi": dpi},
                "progress": progress,
            },
        )
