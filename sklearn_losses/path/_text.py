"""What a frame says: the fit, its scores and the slice it shows."""

import textwrap

import numpy as np

from sklearn_losses.path._varied import final_step

# A component's repr longer than this is shown by its class name.
_SHORT_REPR = 32


def _short(value):
    text = repr(value)
    return text if len(text) <= _SHORT_REPR else type(value).__name__


def _penalty_text(penalty, l1_ratio):
    if penalty is None:
        return "no penalty"
    if not isinstance(penalty, str):
        return f"{_short(penalty)} penalty"
    if penalty == "elasticnet" and l1_ratio is not None:
        return f"elasticnet penalty (l1_ratio = {l1_ratio:g})"
    return f"{penalty} penalty"


def describe_fit(estimator, param_name, value):
    """``"log_loss, l2 penalty, alpha = 0.0336"``: loss, penalty and the value.

    The loss and penalty are the parameters of the estimator (the final
    step of a pipeline), where it has them; ``value`` (left out when None)
    is named by the last part of ``param_name`` (``"step__alpha"`` gives
    ``"alpha"``).
    """
    final = final_step(estimator)
    params = final.get_params(deep=False)
    parts = []
    # MLPClassifier keeps its fixed loss as an attribute, not a parameter.
    loss = params.get("loss", getattr(final, "loss", None))
    if loss is not None:
        parts.append(loss if isinstance(loss, str) else _short(loss))
    if "penalty" in params:
        parts.append(_penalty_text(params["penalty"], params.get("l1_ratio")))
    if value is not None:
        parts.append(f"{param_short(param_name)} = {value:.3g}")
    return ", ".join(parts)


def architecture(estimator):
    """``"hidden (10,)"`` or ``"no hidden layer"``; None for other estimators.

    The hidden layers of a LogisticMLPClassifier, alone or as the final
    step of a pipeline.
    """
    from sklearn_losses._classifier import LogisticMLPClassifier

    final = final_step(estimator)
    if not isinstance(final, LogisticMLPClassifier):
        return None
    sizes = final.hidden_layer_sizes
    sizes = () if sizes is None else tuple(np.ravel(sizes).tolist())
    return f"hidden {sizes}" if sizes else "no hidden layer"


def flat_note(class_name):
    """What a frame whose model ignores its input says."""
    return f"flat: the model predicts {class_name} everywhere\n(it ignores its input)"


def param_short(param_name):
    """``"alpha"`` for ``"step__alpha"``: the parameter without its step."""
    return param_name.rpartition("__")[2]


def panel_title(path, i):
    """``"alpha = 0.0336"`` over the panel's train (and validation) score."""
    text = (
        f"{param_short(path.param_name_)} = {path.alphas_[i]:.3g}\n"
        f"train {path.train_scores_[i]:.3f}"
    )
    if path.validation_scores_ is not None:
        text += f" \N{MIDDLE DOT} validation {path.validation_scores_[i]:.3f}"
    return text


def grid_title(path, n_features=None, *, compare=False):
    """The title over a grid of panels: the fit, and what the scores are.

    ``compare``: the panels are of several paths (one per row, each panel
    named by its label), so the fit of the first is not everyone's.
    """
    parts = "train and validation" if path.validation_scores_ is not None else "train"
    whole = "" if n_features is None else f" ({n_features} features)"
    scores = f"the {parts} {path.scoring_} of the full model{whole}"
    if compare:
        return f"One row per path; in each panel {scores}"
    fit = describe_fit(path.estimators_[0], path.param_name_, None)
    return f"{fit}; in each panel {scores}"


def score_line(path, i, *, n_features=None):
    """The train (and validation) score of fit ``i``, named for what it is.

    The scores are those of the full model on all its features; when the
    picture is a slice of ``n_features`` (others held fixed), the line
    says so. None: the picture shows every feature.
    """
    name = path.scoring_
    parts = [f"train {name} {path.train_scores_[i]:.3f}"]
    if path.validation_scores_ is not None:
        parts.append(f"validation {name} {path.validation_scores_[i]:.3f}")
    text = " \N{MIDDLE DOT} ".join(parts)
    if n_features is None:
        return text
    return f"full model ({n_features} features): {text}"


def _held_text(value, kind):
    """``3.5`` for a median, ``'south'`` for a most frequent category."""
    if kind == "median":
        return f"{value:.3g}"
    return f"'{value}'" if isinstance(value, str) else str(value)


def slice_note(names, values, width, kinds=None):
    """The features held fixed and their values, in at most two lines.

    ``kinds`` says how each value was chosen, ``"median"`` or ``"most
    frequent"`` (None: all medians). When they are all medians the note
    says so once, else each value says which it is: ``other 2 features
    held: age = 29 (median), region = 'south' (most frequent)``. ``width``
    is the line length in characters; values that do not fit are cut with
    an ellipsis (the count of held features stays in the text).
    """
    if len(names) == 0:
        return None
    if kinds is None:
        kinds = ["median"] * len(names)
    other = "other feature" if len(names) == 1 else f"other {len(names)} features"
    if all(kind == "median" for kind in kinds):
        verb = "held at its median" if len(names) == 1 else "held at their medians"
        items = ", ".join(
            f"{name} = {_held_text(value, 'median')}"
            for name, value in zip(names, values, strict=True)
        )
    else:
        verb = "held"
        items = ", ".join(
            f"{name} = {_held_text(value, kind)} ({kind})"
            for name, value, kind in zip(names, values, kinds, strict=True)
        )
    text = f"{other} {verb}: {items}"
    return "\n".join(
        textwrap.wrap(text, width=max(20, int(width)), max_lines=2, placeholder=" …")
    )
