"""Penalties on the weights of a network: L2, L1 and elastic net, and yours.

The built-in penalties are the elastic-net family

.. math::

    P(W) = \\rho \\, \\|W\\|_1 + \\frac{1 - \\rho}{2} \\, \\|W\\|_2^2

with ``rho = l1_ratio`` (``L2``: 0, ``L1``: 1). The estimator multiplies a
penalty by ``alpha / S`` (``S`` the total sample weight of the training
data, as in ``MLPClassifier``) and sums it over the weight matrices, never
the intercepts.

A penalty declares itself by methods (:class:`Penalty` is the base to
subclass): its ``value``, the ``gradient`` of its smooth part, the proximal
operator of its non-smooth part (``prox``, which sets small weights exactly
to zero), ``is_smooth`` (whether there is no non-smooth part) and
``split_form()``, its strengths ``(l1, l2)`` when it is
``l1 * |W|_1 + l2 / 2 * |W|_2^2`` (None otherwise). The solvers ask these,
never a class or an attribute. :func:`get_penalty` refuses an object that
lacks one of them, naming it.

A new penalty is one :class:`Penalty` subclass plus one line in
:data:`PENALTIES`; :func:`check_penalty` runs the battery the test suite
runs on every registered penalty.
"""

from sklearn_losses.penalties._base import Penalty
from sklearn_losses.penalties._check import check_penalty
from sklearn_losses.penalties._penalties import (
    L1,
    L2,
    PENALTIES,
    ElasticNet,
    get_penalty,
)

# the estimators' parameter constraint for a penalty object (not in __all__)
from sklearn_losses.penalties._penalties import PENALTY_METHODS as PENALTY_METHODS

__all__ = [
    "L1",
    "L2",
    "PENALTIES",
    "ElasticNet",
    "Penalty",
    "check_penalty",
    "get_penalty",
]
