#!/usr/bin/env python3
"""Fits the polynomial coefficients of io.simdist.kernels.NormalTransforms.

Rerun:  python3 tools/normal/fit_normal_transforms.py
Needs:  python3 with numpy, scipy (linprog/HiGHS) and mpmath (reference values at 40 digits).
Output: the Java constant blocks pasted into NormalTransforms.java (F32_LOG, F32_CENTRAL, F32_TAIL,
        F64_LOG), each preceded by a comment with the fitted maximum error. Deterministic: the same
        numpy/scipy/mpmath give the same digits (the run takes a few seconds).

What is fitted (see the NormalTransforms Javadoc for how the pieces are used):

  f32 log     -log1p(t) ~ t * (a1 + a2 t + ... + a8 t^7) on t in [r - 1, 2r - 1), r = float(sqrt(1/2))
              = 0x3f3504f3, minimax in absolute error, with the extra constraint that the errors at the
              two ends are equal, so w = -log(y) has no jump where the exponent split changes (this
              keeps the transform monotone).
  f32 central H(w) ~ c0 + c1 v + ... + c10 v^10, v = w - 1.5, on w in [0, 6.5], relative error.
              Centring at 1.5 rather than 0 makes the float Horner evaluation better conditioned at
              large w: with powers of w itself, its rounding noise made |z| step up by one ulp at
              47,336 of the 2^31 adjacent magnitudes (at 186 with v). v is exact for w >= 0.75 and
              within 6e-8 of w - 1.5 below that.
  f32 tail    H(w) ~ d0 + d1 s + ... + d8 s^8, s = sqrt(w) - 3.5, on w in [6.5, 21.5], relative error.
              Here H(w) = sqrt(2) erfinv(x) / x with x = sqrt(1 - exp(-w)): the standard normal
              quantile is z = x * H(w) when w = -log(1 - x^2) (the substitution of Giles 2010).
              21.5 > 31 ln 2 = 21.4875, the largest w the f32 mapping produces.
  f64 log     -log1p(t) ~ t * (b0 + b1 t + ... + b18 t^18) on [r - 1, 2r - 1), r = double(sqrt(1/2)),
              Chebyshev interpolation (mpmath.chebyfit, near-minimax), absolute error ~1.6e-16.

The f32 fits are linear programs (minimise the maximum weighted error over ~2000-3000 Chebyshev-spaced
points) solved with HiGHS, refined three times on the rescaled residual so the LP tolerances do not
limit the result. Coefficients are then rounded to float one at a time, from the constant term up,
refitting the remaining ones after each rounding (a greedy form of Brisebarre and Chevillard's
"fpminimax"), so the float coefficients lose little against the real-valued minimax.
"""
import struct

import mpmath as mp
import numpy as np
from scipy.optimize import linprog

mp.mp.dps = 40

W_SPLIT = 6.5      # central / tail switch in w
CENTRAL_CENTER = 1.5  # v = w - 1.5 is exact for w >= 0.75; see below
TAIL_CENTER = 3.5  # s = sqrt(w) - 3.5 is exact (Sterbenz) for sqrt(w) in [1.75, 7]
W_MAX = 21.5


def lp_minimax(X, f, wt, c, free, eqA=None, eqb=None):
    """Minimise max |X c - f| / wt over c[free] (other entries of c stay fixed)."""
    c = c.copy()
    for _ in range(3):
        r = f - X @ c
        S = 1.0 / np.max(np.abs(r / wt))
        A = X[:, free]
        m = len(free)
        A_ub = np.vstack([np.hstack([A, -wt[:, None]]), np.hstack([-A, -wt[:, None]])])
        b_ub = np.concatenate([S * r, -S * r])
        kw = {}
        if eqA is not None:
            kw = dict(A_eq=np.hstack([eqA[:, free], np.zeros((eqA.shape[0], 1))]), b_eq=S * (eqb - eqA @ c))
        cost = np.zeros(m + 1)
        cost[-1] = 1
        res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=[(None, None)] * m + [(0, None)], method="highs",
                      options=dict(primal_feasibility_tolerance=1e-10, dual_feasibility_tolerance=1e-10), **kw)
        assert res.status == 0, res.message
        c[free] += res.x[:m] / S
    return c


def fit_float32(X, f, wt, eqA=None, eqb=None):
    n = X.shape[1]
    c = lp_minimax(X, f, wt, np.zeros(n), list(range(n)), eqA, eqb)
    real_err = np.max(np.abs(X @ c - f) / wt)
    for k in range(n):
        c = lp_minimax(X, f, wt, c, list(range(k, n)), eqA, eqb) if k else c
        c[k] = float(np.float32(c[k]))
    return c, real_err, np.max(np.abs(X @ c - f) / wt)


def nodes(a, b, n):
    th = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    return np.concatenate([[a, b], (a + b) / 2 + (b - a) / 2 * th])


def H(w):
    w = mp.mpf(w)
    if w == 0:
        return mp.sqrt(mp.pi / 2)
    x = mp.sqrt(-mp.expm1(-w))
    return mp.sqrt(2) * mp.erfinv(x) / x


def java_float(v):
    v = np.float32(v)  # shortest decimal that reads back as the same float
    if abs(v) >= 1e-4:
        return np.format_float_positional(v, unique=True, trim="-") + "f"
    return np.format_float_scientific(v, unique=True, trim="-") + "f"


def java_floats(name, c, comment):
    body = ",\n".join(f"            {java_float(v)}" for v in c)
    return f"    // {comment}\n    {name} = {{\n{body}}};"


def main():
    r32 = struct.unpack("<f", struct.pack("<I", 0x3F3504F3))[0]
    t = nodes(r32 - 1, 2 * r32 - 1, 3000)
    X = np.stack([t ** k for k in range(1, 9)], axis=1)
    f = np.array([float(-mp.log1p(mp.mpf(v))) for v in t])
    eqA = (X[0] - X[1])[None, :]  # nodes() puts the two ends first
    cl, e_real, e_float = fit_float32(X, f, np.ones_like(f), eqA, np.array([f[0] - f[1]]))
    print(java_floats("F32_LOG", cl, f"f32 log: max abs error {e_real:.2e} (real coefficients), {e_float:.2e} (float)"))

    w = nodes(0, W_SPLIT, 2000)
    h = np.array([float(H(v)) for v in w])
    X = np.stack([(w - CENTRAL_CENTER) ** k for k in range(11)], axis=1)
    cc, e_real, e_float = fit_float32(X, h, h)
    print(java_floats("F32_CENTRAL", cc, f"f32 central: max rel error {e_real:.2e} (real), {e_float:.2e} (float)"))

    s = nodes(np.sqrt(W_SPLIT) - TAIL_CENTER, np.sqrt(W_MAX) - TAIL_CENTER, 2000)
    h = np.array([float(H((mp.mpf(v) + TAIL_CENTER) ** 2)) for v in s])
    X = np.stack([s ** k for k in range(9)], axis=1)
    ct, e_real, e_float = fit_float32(X, h, h)
    print(java_floats("F32_TAIL", ct, f"f32 tail: max rel error {e_real:.2e} (real), {e_float:.2e} (float)"))

    mp.mp.dps = 50
    r64 = struct.unpack("<d", struct.pack("<Q", 0x3FE6A09E667F3BCD))[0]
    poly, err = mp.chebyfit(lambda v: -mp.log1p(v) / v if v != 0 else mp.mpf(-1), [r64 - 1, 2 * r64 - 1], 19,
                            error=True)
    coeffs = [float(v) for v in reversed(poly)]  # chebyfit returns the highest degree first
    print(f"    // f64 log: max abs error of -log1p(t)/t {float(err):.2e}, times |t| <= 0.4143")
    print("    F64_LOG = {\n" + ",\n".join(f"            {v!r}" for v in coeffs) + "};")


if __name__ == "__main__":
    main()
