"""The base of the pluggable components: their parameter protocol.

Losses, penalties, links and optimizers are configuration, not estimators:
they hold hyperparameters and no fitted state, but ``clone`` and nested
grid-search keys such as ``loss__gamma`` need scikit-learn's parameter
protocol. :class:`ParamsMixin` gives it to them, and to a component you
write: subclass it (or a base that does, such as
:class:`~sklearn_losses.losses.BaseLoss` or
:class:`~sklearn_losses.penalties.Penalty`).
"""

import inspect

from sklearn import get_config
from sklearn.utils._param_validation import validate_parameter_constraints

__all__ = ["ParamsMixin"]


class ParamsMixin:
    """Parameter protocol taken from the ``__init__`` signature.

    Subclasses store each ``__init__`` argument unchanged under its own name
    and declare what each accepts in ``_parameter_constraints`` (scikit-learn's
    constraint language: ``Interval``, ``StrOptions``, types), checked at
    construction (call ``self._validate_params()`` at the end of
    ``__init__``) and by :meth:`set_params`. The mixin supplies
    ``get_params``, ``set_params``, a repr of the parameters, and equality
    and hashing by type and parameters, so ``sklearn.base.clone`` copies the
    component and ``GridSearchCV`` can tune its parameters through the
    estimator (``"penalty__scale"``).

    Examples
    --------
    >>> from numbers import Real
    >>> from sklearn.base import clone
    >>> from sklearn.utils._param_validation import Interval
    >>> from sklearn_losses.base import ParamsMixin
    >>> class Scaled(ParamsMixin):
    ...     _parameter_constraints = {"scale": [Interval(Real, 0, None, closed="left")]}
    ...     def __init__(self, scale=1.0):
    ...         self.scale = scale
    ...         self._validate_params()
    >>> Scaled(2.0)
    Scaled(scale=2.0)
    >>> clone(Scaled(2.0)).set_params(scale=3.0).get_params()
    {'scale': 3.0}
    >>> Scaled(-1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    sklearn...InvalidParameterError: The 'scale' parameter of Scaled must be ...
    """

    _parameter_constraints: dict = {}

    def _validate_params(self):
        """Raise ValueError naming the valid values of a bad hyperparameter."""
        if get_config()["skip_parameter_validation"]:
            return  # the estimator validated these values at its edge
        validate_parameter_constraints(
            self._parameter_constraints,
            self.get_params(deep=False),
            caller_name=type(self).__name__,
        )

    @classmethod
    def _get_param_names(cls):
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        return sorted(
            p.name
            for p in params
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )

    def get_params(self, deep=True):
        """Get the hyperparameters of this component.

        Parameters
        ----------
        deep : bool, default=True
            Ignored; components hold no nested objects. Kept for the
            scikit-learn protocol.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params):
        """Set the hyperparameters of this component.

        Parameters
        ----------
        **params : dict
            New parameter values.

        Returns
        -------
        self : object
            This component.
        """
        valid = self._get_param_names()
        # Check every name first, so that a bad one leaves the object unchanged.
        for name in params:
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for {type(self).__name__}. "
                    f"Valid parameters are: {valid}."
                )
        old = self.get_params(deep=False)
        for name, value in params.items():
            setattr(self, name, value)
        try:
            self._validate_params()
        except (TypeError, ValueError):
            # atomic: a bad value leaves every parameter as it was
            for name, value in old.items():
                setattr(self, name, value)
            raise
        return self

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other):
        return type(self) is type(other) and self.get_params() == other.get_params()

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(self.get_params().items()))))
