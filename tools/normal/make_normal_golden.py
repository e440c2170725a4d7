#!/usr/bin/env python3
"""Writes simd-core/src/test/resources/io/simdist/kernels/normal-golden.csv: exact standard normal
quantiles at the probabilities (2m+1) 2^-33 and (2m+1) 2^-65 (the word mappings of normal transform
v1, retired 2026-12-06), for NormalTransformsTest's inverse-CDF test.

Rerun:  python3 tools/normal/make_normal_golden.py   (from the repository root; numpy, scipy, mpmath)

Rows: kind,word0,word1,z
  f32,<word>,,<z>        z = PhiInverse(1 - p/2) * sign, p = (2m + 1) / 2^32, m = word & 0x7fffffff,
                         sign = bit 31 of the word
  f64,<lo>,<hi>,<z>      the same with b = (hi << 32) | lo, m = b & (2^63 - 1), p = (2m + 1) / 2^64
z is computed with mpmath at 256 bits (z = sqrt(2) erfinv(1 - p)) and printed as the nearest double
(17 significant digits). Each value is cross-checked against scipy.special.ndtri (to 1e-14) so a slip
in the mapping cannot pass silently. The inputs: the extreme words, both sides of every branch switch
of the kernels (f32 central/tail at w = 6.5, f64 AS 241 regions at q = 0.075 and q = exp(-25)), both
sides of every exponent switch of the logarithm, powers of two, and 1000 seeded random words of each kind.
"""
import os

import mpmath as mp
import numpy as np
from scipy.special import ndtri

mp.mp.prec = 256
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "simd-core", "src", "test", "resources", "io",
                   "simdist", "kernels", "normal-golden.csv")


def quantile(m, bits):
    """|z| for magnitude m of a bits-bit mapping (p = (2m + 1) / 2^bits), and p as a double."""
    p = mp.mpf(2 * m + 1) / mp.mpf(2) ** bits
    z = mp.sqrt(2) * mp.erfinv(1 - p)
    check = -ndtri(float(p / 2))
    assert abs(float(z) - check) <= 1e-14 * max(1.0, abs(check)), (m, bits, z, check)
    return z


def m_for_p(p, bits):
    """The magnitude whose p is closest to p."""
    return int(mp.nint((mp.mpf(p) * mp.mpf(2) ** bits - 1) / 2))


def around(m, top, spread):
    return [v for v in range(m - spread, m + spread + 1) if 0 <= v <= top]


def main():
    rng = np.random.default_rng(20240601)
    rows = []

    top32 = 2 ** 31 - 1
    ms = list(range(16)) + list(range(top32 - 15, top32 + 1))
    ms += around(m_for_p(1 - mp.sqrt(1 - mp.exp(-6.5)), 32), top32, 3)      # y = exp(-6.5): w = 6.5
    for k in range(0, -33, -1):                                              # y = 2^k sqrt(1/2)
        y = mp.mpf(2) ** k * mp.sqrt(0.5)
        ms += around(m_for_p(1 - mp.sqrt(1 - y), 32), top32, 1)
    ms += [2 ** j for j in range(31)] + [2 ** j - 1 for j in range(1, 32)]
    words = [m for m in sorted(set(ms))]
    words += [int(w) for w in rng.integers(0, 2 ** 32, size=1000, dtype=np.uint64)]
    words += [m | 0x80000000 for m in range(8)] + [(top32 - j) | 0x80000000 for j in range(8)]
    for word in words:
        m = word & top32
        z = quantile(m, 32)
        rows.append(f"f32,0x{word:08x},,{float(-z if word >> 31 else z)!r}")

    top64 = 2 ** 63 - 1
    ms = list(range(16)) + list(range(top64 - 15, top64 + 1))
    ms += around(m_for_p(0.15, 64), top64, 2)                                # h = 0.425
    ms += around(m_for_p(2 * mp.exp(-25), 64), top64, 2)                     # r = 5
    for k in range(-1, -67, -1):                                             # q = 2^k sqrt(1/2)
        ms += around(m_for_p(2 * mp.mpf(2) ** k * mp.sqrt(0.5), 64), top64, 1)
    ms += [2 ** j for j in range(63)] + [2 ** j - 1 for j in range(1, 64)]
    bs = sorted(set(ms))
    bs += [int(b) for b in rng.integers(0, 2 ** 64, size=1000, dtype=np.uint64)]
    bs += [m | 1 << 63 for m in range(8)] + [(top64 - j) | 1 << 63 for j in range(8)]
    for b in bs:
        m = b & top64
        z = quantile(m, 64)
        rows.append(f"f64,0x{b & 0xFFFFFFFF:08x},0x{b >> 32:08x},{float(-z if b >> 63 else z)!r}")

    with open(OUT, "w") as f:
        f.write("# Exact standard normal quantiles of the NormalTransforms word mappings; made by\n")
        f.write("# tools/normal/make_normal_golden.py (mpmath, 256 bits). kind,word0,word1,z\n")
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} rows -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
