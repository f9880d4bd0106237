"""Parameter constraints the estimators share, in scikit-learn's language.

``_parameter_constraints`` of :class:`LogisticMLPClassifier` and of
:class:`LogisticMLPClassifierCV` (and the path, which reads the same
parameters) take their less common constraints from here, so that each is
written once and its message names the valid values the same way.
"""

from collections.abc import Iterable
from numbers import Integral

from sklearn.utils._param_validation import Interval, Options

__all__ = ["Count", "HiddenLayerSizes", "hidden_sizes"]


class HiddenLayerSizes(Options):
    """A positive int, or a sequence of them; ``()`` for no hidden layer.

    Examples
    --------
    >>> from sklearn_losses._constraints import HiddenLayerSizes
    >>> constraint = HiddenLayerSizes()
    >>> constraint.is_satisfied_by((10, 5)), constraint.is_satisfied_by(())
    (True, True)
    >>> constraint.is_satisfied_by((10, 0)), constraint.is_satisfied_by("10")
    (False, False)
    """

    def __init__(self):
        super().__init__(Iterable, set())

    def is_satisfied_by(self, val):
        if isinstance(val, Integral):
            val = (val,)
        if isinstance(val, str) or not isinstance(val, Iterable):
            return False
        return all(
            isinstance(h, Integral) and not isinstance(h, bool) and h > 0 for h in val
        )

    def __str__(self):
        return "a positive int or a tuple of positive integers"


class Count(Interval):
    """An integer interval that refuses bools: ``True`` is not a batch size.

    Examples
    --------
    >>> from numbers import Integral
    >>> from sklearn_losses._constraints import Count
    >>> positive = Count(Integral, 1, None, closed="left")
    >>> positive.is_satisfied_by(3), positive.is_satisfied_by(True)
    (True, False)
    """

    def is_satisfied_by(self, val):
        return not isinstance(val, bool) and super().is_satisfied_by(val)


def hidden_sizes(hidden_layer_sizes):
    """``hidden_layer_sizes`` as a tuple.

    Examples
    --------
    >>> from sklearn_losses._constraints import hidden_sizes
    >>> hidden_sizes(8), hidden_sizes([8, 4]), hidden_sizes(())
    ((8,), (8, 4), ())
    """
    if isinstance(hidden_layer_sizes, Integral):
        return (hidden_layer_sizes,)
    return tuple(hidden_layer_sizes)
