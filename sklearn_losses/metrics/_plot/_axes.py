"""Drawing helpers shared by the displays."""


def get_axes(ax):
    """Return ``ax``, or the axes of a new figure when it is None."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_solid_and_dashed(ax, solid_xy, dashed_xy, labels, kwargs):
    """Draw a curve, then (if given) a second one dashed in the same colour.

    ``kwargs`` go to both ``ax.plot`` calls, except the colour and line style
    that tie the dashed curve to the solid one. Returns both lines (the second
    None when ``dashed_xy`` is None).
    """
    (solid,) = ax.plot(*solid_xy, label=labels[0], **kwargs)
    if dashed_xy is None:
        return solid, None
    kwargs = {k: v for k, v in kwargs.items() if k not in ("color", "linestyle")}
    (dashed,) = ax.plot(
        *dashed_xy,
        linestyle="--",
        color=solid.get_color(),
        label=labels[1],
        **kwargs,
    )
    return solid, dashed
