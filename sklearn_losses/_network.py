"""A fully connected network in plain numpy: forward pass, backpropagation.

All parameters live in one flat array, weights first (layer by layer) then
intercepts, and ``coefs`` / ``intercepts`` are views into it. One flat array
lets an optimizer update everything with a handful of fused numpy calls, and
lets penalties act on the contiguous weight block only. Activations and
back-propagated errors are written into preallocated buffers, so a training
step allocates almost nothing.

The output layer is raw (logits); the loss supplies the link. The objective
(mean loss, penalty) is the solvers' business: see ``sklearn_losses.solvers``.
"""

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


def _activate(name, z):
    """Apply a hidden activation in place."""
    if name == "relu":
        np.maximum(z, 0, out=z)
    elif name == "tanh":
        np.tanh(z, out=z)
    elif name == "logistic":
        expit(z, out=z)
    return z


def _multiply_derivative(name, activated, delta, scratch=None):
    """delta *= activation'(z), written with the activated value a = act(z)."""
    if name == "identity":
        return delta
    if scratch is None:
        scratch = np.empty(
            activated.shape, dtype=bool if name == "relu" else delta.dtype
        )
    if name == "relu":
        # a multiply by a boolean mask is ~6x faster than delta[a <= 0] = 0
        np.greater(activated, 0, out=scratch)
        np.multiply(delta, scratch, out=delta)
    elif name == "tanh":
        np.multiply(activated, activated, out=scratch)
        np.subtract(1, scratch, out=scratch)
        delta *= scratch
    else:  # logistic
        np.subtract(1, activated, out=scratch)
        scratch *= activated
        delta *= scratch
    return delta


class Network:
    """Multi-layer perceptron with a flat parameter vector.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_features, *hidden_layer_sizes, n_outputs]``.
    activation : {"identity", "logistic", "tanh", "relu"}
        Hidden-layer activation (one of :data:`ACTIVATIONS`; validated by the
        caller).
    dtype : dtype, default=np.float64
        Dtype of parameters, activations and gradients.

    Attributes
    ----------
    params, grad : ndarray of shape (n_params,)
        Flat parameters and the gradient filled by :meth:`backward`.
    coefs, intercepts : list of ndarray
        Views of ``params``: ``coefs[i]`` has shape
        ``(layer_sizes[i], layer_sizes[i + 1])``.
    coef_grads, intercept_grads : list of ndarray
        The same views of ``grad``.
    n_weights : int
        Number of weights; ``params[:n_weights]`` is the penalised block.
    """

    def __init__(self, layer_sizes, activation="relu", dtype=np.float64):
        self.layer_sizes = [int(s) for s in layer_sizes]
        self.activation = activation
        self.dtype = np.dtype(dtype)
        shapes = list(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True))
        self._shapes = shapes
        self.n_weights = sum(a * b for a, b in shapes)
        self.n_params = self.n_weights + sum(b for _, b in shapes)
        self.params = np.zeros(self.n_params, dtype=self.dtype)
        self.grad = np.zeros(self.n_params, dtype=self.dtype)
        self.coefs, self.intercepts = self.views(self.params)
        self.coef_grads, self.intercept_grads = self.views(self.grad)
        self._capacity = 0
        self._coefs_t = [np.empty((b, a), dtype=self.dtype) for a, b in shapes]
        self._acts = []
        self._deltas = []
        self._last_input = None
        self._last_acts = []
        self._last_n = 0

    @property
    def n_layers(self):
        """int : number of weight matrices."""
        return len(self._shapes)

    def views(self, flat):
        """Split a flat vector into (coefs, intercepts) views."""
        coefs, intercepts = [], []
        start = 0
        for fan_in, fan_out in self._shapes:
            coefs.append(
                flat[start : start + fan_in * fan_out].reshape(fan_in, fan_out)
            )
            start += fan_in * fan_out
        for _, fan_out in self._shapes:
            intercepts.append(flat[start : start + fan_out])
            start += fan_out
        return coefs, intercepts

    def initialize(self, random_state):
        """Glorot-uniform initialisation, drawn in scikit-learn's order.

        Parameters
        ----------
        random_state : numpy.random.RandomState
        """
        factor = 2.0 if self.activation == "logistic" else 6.0
        for coef, intercept, (fan_in, fan_out) in zip(
            self.coefs, self.intercepts, self._shapes, strict=True
        ):
            bound = np.sqrt(factor / (fan_in + fan_out))
            coef[...] = random_state.uniform(-bound, bound, (fan_in, fan_out))
            intercept[...] = random_state.uniform(-bound, bound, fan_out)

    def set_weights(self, coefs, intercepts):
        """Copy weight and intercept arrays into the flat parameter vector.

        Not ``set_params``: in scikit-learn that name sets hyperparameters.

        Parameters
        ----------
        coefs : list of ndarray
            One ``(fan_in, fan_out)`` weight matrix per layer.
        intercepts : list of ndarray
            One ``(fan_out,)`` intercept vector per layer.
        """
        for dst, src in zip(
            self.coefs + self.intercepts, list(coefs) + list(intercepts), strict=True
        ):
            dst[...] = src

    def _ensure_capacity(self, n):
        if n <= self._capacity:
            return
        self._acts = [np.empty((n, b), dtype=self.dtype) for _, b in self._shapes]
        self._deltas = [
            np.empty((n, b), dtype=self.dtype) for _, b in self._shapes[:-1]
        ]
        self._ones = np.ones(n, dtype=self.dtype)
        # scratch of the derivatives; for relu, the 0/1 float mask of the
        # forward pass (a float multiply is ~3x faster than a boolean one)
        self._masks = [np.empty((n, b), dtype=self.dtype) for _, b in self._shapes[:-1]]
        self._capacity = n

    def forward(self, X, buffered=True):
        """Raw output of the network.

        Parameters
        ----------
        X : ndarray or sparse CSR matrix of shape (n_samples, n_features)
        buffered : bool, default=True
            Write activations into the reusable buffers (kept for
            :meth:`backward`; the returned array is overwritten by the next
            call). False allocates fresh arrays (for prediction).

        Returns
        -------
        raw_prediction : ndarray of shape (n_samples, n_outputs)
        """
        n = X.shape[0]
        if buffered:
            self._ensure_capacity(n)
        a = X
        acts = []
        last = self.n_layers - 1
        sparse = sp.issparse(X)  # only the input can be sparse
        relu_mask = buffered and self.activation == "relu"
        for i, (coef, intercept) in enumerate(
            zip(self.coefs, self.intercepts, strict=True)
        ):
            if sparse and i == 0:
                z = np.asarray(a @ coef)
            elif buffered:
                z = np.matmul(a, coef, out=self._acts[i][:n])
            else:
                z = a @ coef
            z += intercept
            if i != last:
                if relu_mask:
                    # z * (z > 0) keeps the mask for backward
                    mask = self._masks[i][:n]
                    np.greater(z, 0, out=mask, casting="unsafe")
                    np.multiply(z, mask, out=z)
                else:
                    _activate(self.activation, z)
            acts.append(z)
            a = z
        if buffered:
            self._last_input = X
            self._last_acts = acts
            self._last_n = n
        return a

    @property
    def last_output(self):
        """ndarray : the raw output of the last buffered :meth:`forward`."""
        return self._last_acts[-1]

    def backward(self, grad_raw):
        """Back-propagate ``d objective / d raw`` of the last buffered forward.

        Parameters
        ----------
        grad_raw : ndarray of shape (n_samples, n_outputs)
            Gradient of the (already averaged) loss with respect to the raw
            output. Overwritten.

        Returns
        -------
        grad : ndarray of shape (n_params,)
            ``self.grad``, filled.
        """
        X, acts, n = self._last_input, self._last_acts, self._last_n
        delta = grad_raw
        sparse = sp.issparse(X)
        for i in range(self.n_layers - 1, -1, -1):
            a_prev = X if i == 0 else acts[i - 1]
            if sparse and i == 0:
                self.coef_grads[i][...] = a_prev.T @ delta
            else:
                np.matmul(a_prev.T, delta, out=self.coef_grads[i])
            # a product with a ones vector sums columns ~3x faster than np.sum
            np.matmul(self._ones[:n], delta, out=self.intercept_grads[i])
            if i > 0:
                new_delta = self._deltas[i - 1][:n]
                if delta.shape[1] == 1:
                    # an outer product: broadcasting is ~2x faster than matmul
                    np.multiply(delta, self.coefs[i].T, out=new_delta)
                else:
                    # a C-ordered copy of W.T makes the product ~20% faster
                    coef_t = self._coefs_t[i]
                    np.copyto(coef_t, self.coefs[i].T)
                    np.matmul(delta, coef_t, out=new_delta)
                if self.activation == "relu":
                    # the forward pass's mask: relu'(z) = (z > 0)
                    np.multiply(new_delta, self._masks[i - 1][:n], out=new_delta)
                    delta = new_delta
                else:
                    delta = _multiply_derivative(
                        self.activation, a_prev, new_delta, self._masks[i - 1][:n]
                    )
        return self.grad
