"""get_params / set_params for the pluggable components (losses, penalties).

Components are configuration, not estimators: they hold hyperparameters and
no fitted state, but `clone` and nested grid-search keys such as
``loss__gamma`` need the estimator parameter protocol.
"""

import inspect

from sklearn import get_config
from sklearn.utils._param_validation import validate_parameter_constraints


class ParamsMixin:
    """Parameter protocol taken from the ``__init__`` signature.

    Subclasses store each ``__init__`` argument unchanged under its own name
    and declare what each accepts in ``_parameter_constraints`` (scikit-learn's
    constraint language: ``Interval``, ``StrOptions``, types), checked at
    construction and by :meth:`set_params`.
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
