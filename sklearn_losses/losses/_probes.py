"""Where check_loss evaluates a loss: cases, directions, finite differences."""

import numpy as np


def declared_cases(target_types, n_samples, n_classes, rng):
    """``(label, y, raw)`` probes of each declared target type.

    A single binary logit as shape ``(n,)`` and ``(n, 1)`` for
    ``"binary"``; ``n_classes`` softmax outputs for ``"multiclass"``.
    """
    cases = []
    if "binary" in target_types:
        y = rng.permutation(np.arange(n_samples) % 2)
        z = rng.normal(scale=2.0, size=n_samples)
        cases += [("binary (n,)", y, z), ("binary (n, 1)", y, z[:, None])]
    if "multiclass" in target_types:
        y = rng.permutation(np.arange(n_samples) % n_classes)
        z = rng.normal(scale=2.0, size=(n_samples, n_classes))
        cases.append((f"multiclass (n, {n_classes})", y, z))
    return cases


def perfect_direction(y, raw_shape, n_classes):
    """Raw-output direction that puts all probability on the true class."""
    if len(raw_shape) == 1 or raw_shape[1] == 1:
        return (2.0 * y - 1.0).reshape(raw_shape)
    return np.eye(n_classes)[y]


def close(a, b, rtol, atol):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    err = np.abs(a - b)
    return bool(np.all(err <= atol + rtol * np.abs(b))), float(err.max(initial=0.0))


def finite_differences(loss, y, raw):
    """Central finite differences of ``loss`` per raw output, shape (n, width)."""
    flat = raw.reshape(raw.shape[0], -1)
    fd = np.empty_like(flat)
    for j in range(flat.shape[1]):
        h = 1e-6 * np.maximum(1.0, np.abs(flat[:, j]))
        up, down = flat.copy(), flat.copy()
        up[:, j] += h
        down[:, j] -= h
        diff = np.asarray(loss.loss(y, up.reshape(raw.shape))) - np.asarray(
            loss.loss(y, down.reshape(raw.shape))
        )
        fd[:, j] = diff / (2 * h)
    return fd


def gradient_probes(cases, rng):
    """Each case at moderate logits and at large ones (3 to 1000, both signs)."""
    probes = []
    for label, y, raw in cases:
        magnitude = 10.0 ** rng.uniform(0.5, 3.0, size=raw.shape)
        magnitude.flat[:2] = 1000.0  # the range large_logits claims, reached
        signs = np.where(rng.random(raw.shape) < 0.5, -1.0, 1.0)
        probes += [
            (label, "", y, raw),
            (label, " at large logits", y, signs * magnitude),
        ]
    return probes


def probe_directions(y, raw_shape, n_classes, rng):
    """Unit-scale directions in raw-output space, one row per sample each."""
    n = raw_shape[0]
    perfect = perfect_direction(y, raw_shape, n_classes)
    out = [perfect, -perfect, np.ones(raw_shape), -np.ones(raw_shape)]
    width = 1 if len(raw_shape) == 1 else raw_shape[1]
    if width > 1:
        for k in range(width):
            axis = np.zeros(raw_shape)
            axis[:, k] = 1.0
            out += [axis, -axis]
    for _ in range(4):
        random = rng.normal(size=raw_shape)
        out.append(
            random
            / np.abs(random)
            .reshape(n, -1)
            .max(axis=1)
            .reshape(-1, *[1] * (len(raw_shape) - 1))
        )
    return out
