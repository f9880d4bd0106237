"""An error about the value of one parameter, which it names in an attribute.

Data-dependent checks (a column the file does not have, a class the labels
do not hold) raise :class:`ParameterError`, so that a caller such as the
command line knows which parameter failed without reading the message.
"""

__all__ = ["ParameterError"]


class ParameterError(ValueError):
    """A value of the parameter ``parameter`` that the data refuses.

    A ``ValueError``, as scikit-learn raises for a bad parameter value; the
    message names the parameter too.
    """

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
