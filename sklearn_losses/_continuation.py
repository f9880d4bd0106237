"""Where a fit starts: the weights and counters it continues, or new ones.

``partial_fit`` and ``warm_start`` continue the previous fit's weights (or
weights set by hand), which must fit the network this call trains; a new
network's weights are drawn, or zero where the solver asks for it.
"""

import numpy as np

from sklearn_losses._constraints import hidden_sizes
from sklearn_losses._network import Network
from sklearn_losses.solvers import SolverResult

__all__ = ["layer_sizes", "mismatch_message", "previous_result", "starting_network"]


def layer_sizes(coefs):
    """The layer sizes that weight matrices of these shapes connect."""
    shapes = [np.shape(c) for c in coefs]
    return [shapes[0][0], *(shape[-1] for shape in shapes)] if shapes else []


def mismatch_message(estimator, network, X, incremental):
    """Why the weights to continue do not fit the network this call trains."""
    wanted = list(network.layer_sizes)
    if not hasattr(estimator, "n_iter_"):  # weights set by hand
        intercepts = getattr(estimator, "intercepts_", None) or []
        return ("partial_fit" if incremental else "fit with warm_start=True") + (
            " starts from coefs_ and intercepts_, of shapes "
            f"{[np.shape(c) for c in estimator.coefs_]} and "
            f"{[np.shape(b) for b in intercepts]}, but X's {X.shape[1]} "
            f"features, hidden_layer_sizes={estimator.hidden_layer_sizes!r} "
            f"and {wanted[-1]} output(s) give layer sizes {wanted}: coefs_[i] "
            "must have shape (layer_sizes[i], layer_sizes[i + 1]) and "
            "intercepts_[i] shape (layer_sizes[i + 1],). Set weights of those "
            "shapes, or delete coefs_ to start from random weights."
        )
    given = layer_sizes(estimator.coefs_)  # a fit's: 2-D, chained
    how = "partial_fit continues" if incremental else "warm_start=True continues"
    restart = "start over with fit" if incremental else "set warm_start=False"
    if given[0] != wanted[0]:
        return (
            f"X has {wanted[0]} features, but {how} the previous fit's weights, "
            f"which take {given[0]}. Pass X with {given[0]} features, or "
            f"{restart} to train a new network."
        )
    before = tuple(given[1:-1])
    if given[-1] != wanted[-1]:  # targets with other outputs
        return (
            f"{how} the previous fit's weights, of {given[-1]} output(s), but "
            f"these targets need {wanted[-1]}: {restart} to train a new network."
        )
    return (
        f"{how} the previous fit's weights, whose hidden layer sizes are "
        f"{before}, but hidden_layer_sizes={estimator.hidden_layer_sizes!r}. "
        f"Set hidden_layer_sizes={before} again, or {restart} to train a new "
        "network."
    )


def previous_result(estimator):
    """What ``partial_fit`` continues: the counters of the fitted estimator."""
    if not hasattr(estimator, "n_iter_"):
        return None
    return SolverResult(
        n_iter=estimator.n_iter_,
        t=estimator.t_,
        loss_curve=estimator.loss_curve_,
        # None after an early-stopping fit, as in MLPClassifier
        best_loss=np.inf if estimator.best_loss_ is None else estimator.best_loss_,
        no_improvement_count=estimator._no_improvement_count,
        optimizer_state=estimator._optimizer_state,
    )


def starting_network(estimator, X, n_outputs, *, incremental, solver):
    """The network to train: previous weights when continuing, else new.

    Previous weights (or weights set by hand) of other shapes than the
    network's are refused. New weights are drawn from ``estimator._rng``, or
    zero where the solver asks for it (``starts_from_zeros``: lbfgs without
    a hidden layer).
    """
    hidden = hidden_sizes(estimator.hidden_layer_sizes)
    network = Network([X.shape[1], *hidden, n_outputs], estimator.activation, X.dtype)
    if (incremental or estimator.warm_start) and hasattr(estimator, "coefs_"):
        # the previous weights, or those set by hand: a start that does not
        # fit the network is refused, never silently replaced
        intercepts = getattr(estimator, "intercepts_", None) or []
        shapes = [np.shape(w) for w in [*estimator.coefs_, *intercepts]]
        if shapes != [w.shape for w in [*network.coefs, *network.intercepts]]:
            raise ValueError(mismatch_message(estimator, network, X, incremental))
        network.set_weights(estimator.coefs_, intercepts)
    elif not solver.starts_from_zeros(hidden):
        network.initialize(estimator._rng)
    # else: a new Network's parameters are zero
    return network
