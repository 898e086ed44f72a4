# MEM101: a function of this file that hands back its argument, or a view or an item of it, also
# after rebinding the parameter to one (`out = out.squeeze()`, `out = out[()]`, `out = out.T`),
# allocates nothing: a call of it overlaps no dead value.
import numpy as np


def _squeeze_output(out):
    out = out.squeeze()
    if out.ndim == 0:
        out = out[()]
    return out


def _transposed(out):
    out = out.T
    return out


def _normalized(out):
    out = out / out.sum()
    return out


def _fancy(out, order):
    out = out[order]
    return out


def draw_squeezed(n, dim, rng):
    scale = np.linalg.inv(np.eye(dim, dtype=np.float32) + rng.standard_normal((dim, dim)))
    lower = np.linalg.cholesky(scale)  # expect: MEM101[`scale` is not used after this]
    out = draw(n, dim, lower, rng)
    return _squeeze_output(out)


def draw_transposed(n, dim, rng):
    scale = np.linalg.inv(np.eye(dim, dtype=np.float32) + rng.standard_normal((dim, dim)))
    lower = np.linalg.cholesky(scale)  # expect: MEM101[`scale` is not used after this]
    out = draw(n, dim, lower, rng)
    return _transposed(out)


def draw_normalized(n, dim, rng):
    scale = np.linalg.inv(np.eye(dim, dtype=np.float32) + rng.standard_normal((dim, dim)))
    lower = np.linalg.cholesky(scale)  # expect: MEM101[`scale` is not used after this]
    out = draw(n, dim, lower, rng)  # expect: MEM101[`lower` is not used after this, but it stays alive while `return _normalized(out)`]
    return _normalized(out)


def draw_reordered(n, dim, rng, order):
    scale = np.linalg.inv(np.eye(dim, dtype=np.float32) + rng.standard_normal((dim, dim)))
    lower = np.linalg.cholesky(scale)  # expect: MEM101[`scale` is not used after this]
    out = draw(n, dim, lower, rng)  # expect: MEM101[`lower` is not used after this]
    return _fancy(out, order)
