"""What check_loss reports: one result per check, the report, the error."""


class CheckResult(tuple):
    """Outcome of one check: ``(passed, message)``."""

    __slots__ = ()

    def __new__(cls, passed, message):
        return super().__new__(cls, (bool(passed), str(message)))

    @property
    def passed(self):
        """bool: whether the check passed."""
        return self[0]

    @property
    def message(self):
        """str: what was checked, or what went wrong."""
        return self[1]

    def __repr__(self):
        return f"CheckResult(passed={self.passed}, message={self.message!r})"


class LossCheckReport:
    """Results of :func:`check_loss`: check name -> :class:`CheckResult`.

    Behaves as a read-only mapping; ``passed`` is True when every check
    passed and ``failed`` lists the names of those that did not.

    Examples
    --------
    >>> from sklearn_losses.losses import LogLoss, check_loss
    >>> report = check_loss(LogLoss())
    >>> report.passed, report.failed
    (True, [])
    >>> report["gradient"].passed
    True
    """

    def __init__(self, loss_repr, results):
        self.loss_repr = loss_repr
        self.results = dict(results)

    @property
    def passed(self):
        """bool: True when every check passed."""
        return all(r.passed for r in self.results.values())

    @property
    def failed(self):
        """list of str: names of the failed checks."""
        return [name for name, r in self.results.items() if not r.passed]

    def __getitem__(self, name):
        return self.results[name]

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def __contains__(self, name):
        return name in self.results

    def keys(self):
        return self.results.keys()

    def items(self):
        return self.results.items()

    def values(self):
        return self.results.values()

    def __repr__(self):
        n_failed = len(self.failed)
        if n_failed:
            head = f"{n_failed} of {len(self)} checks FAILED"
        else:
            head = f"all {len(self)} checks passed"
        lines = [f"check_loss({self.loss_repr}): {head}"]
        for name, r in self.results.items():
            lines.append(f"  [{'pass' if r.passed else 'FAIL'}] {name}: {r.message}")
        return "\n".join(lines)


class LossCheckError(AssertionError):
    """Raised by :func:`check_loss` when a check fails.

    Attributes
    ----------
    report : LossCheckReport
        The full report.
    """

    def __init__(self, report):
        self.report = report
        failed = "\n".join(
            f"  {name}: {report[name].message}" for name in report.failed
        )
        super().__init__(
            f"{report.loss_repr} failed {len(report.failed)} of {len(report)} "
            f"loss checks:\n{failed}"
        )
