"""The coefficient plot of a regularization path (matplotlib inside)."""

import numpy as np


def _label_lines(drawn, coef, names):
    """Name each line of a single layer by its input feature (and output)."""
    # Row-major ravel: line j is input j // n_out, output j % n_out.
    n_out = coef.shape[1]
    for j, line in enumerate(drawn):
        feature = j // n_out
        label = f"feature {feature}" if names is None else str(names[feature])
        if n_out > 1:
            label += f" (output {j % n_out})"
        line.set_label(label)
        line.set_color(f"C{j % 10}")


def plot_coefficients(path, ax, layer):
    """Draw every weight of ``path`` against alpha; return ``(ax, lines)``."""
    n_layers = len(path.coefs_[0])
    if n_layers == 0:
        raise ValueError("The estimators expose no coefficients to plot.")
    if layer is not None and layer >= n_layers:
        raise ValueError(f"layer must be in [0, {n_layers - 1}]; got {layer}.")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    layers = range(n_layers) if layer is None else [layer]
    order = np.argsort(path.alphas_, kind="stable")
    alphas = path.alphas_[order]
    names = getattr(path.estimators_[0], "feature_names_in_", None)
    lines = []
    for color, k in enumerate(layers):
        weights = np.stack([path.coefs_[i][k].ravel() for i in order])
        drawn = ax.plot(alphas, weights, color=f"C{color % 10}", lw=1, alpha=0.8)
        if n_layers > 1:
            drawn[0].set_label(f"layer {k} ({weights.shape[1]} weights)")
        elif weights.shape[1] <= 12:
            _label_lines(drawn, path.coefs_[0][k], names)
        lines.extend(drawn)
    ax.axhline(0.0, color="0.5", lw=0.8, zorder=0)
    ax.set_xscale("log")
    ax.set_xlabel("alpha")
    ax.set_ylabel("weight")
    ax.set_title("Regularization path")
    if any(not line.get_label().startswith("_") for line in lines):
        ax.legend(fontsize="small")
    return ax, lines
