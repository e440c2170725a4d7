"""PyTorch CPU reference timings for the README's peer rows (not a test dependency).

Runs PyTorch's own kernels for the operations simdist's JMH benchmarks measure, on one thread, and
prints a Markdown table plus JSON. Each figure is the median of several timed rounds after a warmup,
in G elements/s (and microseconds per call for the small shapes). These are not JMH numbers: they are
taken by this script in its own process, right after the JMH run, on the same machine.

Usage (PyTorch is not a project dependency; install the CPU wheel into a throwaway venv):
    python3 -m venv --system-site-packages /tmp/torchvenv
    /tmp/torchvenv/bin/pip install --no-index --no-deps /path/to/torch-*cpu*.whl
    /tmp/torchvenv/bin/python tools/peers/torch_peers.py > bench/results/DATE-pytorch.json
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(2026)


def rate(fn, elements, min_seconds=0.2, rounds=7):
    """Median elements/s of fn() over `rounds` rounds of at least min_seconds each, after a warmup."""
    for _ in range(3):
        fn()
    calls = 1
    while True:
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        dt = time.perf_counter() - t
        if dt >= min_seconds / 4:
            break
        calls *= 2
    calls = max(1, int(calls * min_seconds / max(dt, 1e-9)))
    results = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        results.append((time.perf_counter() - t) / calls)
    per_call = statistics.median(results)
    return elements / per_call / 1e9, per_call * 1e6


def main():
    rows = []

    for n in (4096, 1 << 20):
        x = torch.empty(n, dtype=torch.float32)
        g, us = rate(lambda: x.normal_(), n)
        rows.append({"op": "normal_ f32", "shape": str(n), "G_per_s": g, "us_per_call": us})
        xd = torch.empty(n, dtype=torch.float64)
        g, us = rate(lambda: xd.normal_(), n)
        rows.append({"op": "normal_ f64", "shape": str(n), "G_per_s": g, "us_per_call": us})
        p = torch.full((n,), 0.3, dtype=torch.float32)
        y = torch.empty(n, dtype=torch.float32)
        g, us = rate(lambda: y.bernoulli_(p), n)
        rows.append({"op": "bernoulli_ (per-element p) f32", "shape": str(n), "G_per_s": g, "us_per_call": us})
        g, us = rate(lambda: y.bernoulli_(0.3), n)
        rows.append({"op": "bernoulli_(0.3) f32", "shape": str(n), "G_per_s": g, "us_per_call": us})

    for batch, d in ((1, 64), (256, 64), (4096, 256), (16384, 1024)):
        loc = torch.randn(d, requires_grad=True)
        scale = (torch.rand(d) + 0.5).requires_grad_()
        dz = torch.randn(batch, d)

        def step():
            z = torch.distributions.Normal(loc, scale).rsample((batch,))
            z.backward(dz)
            loc.grad = None
            scale.grad = None

        g, us = rate(step, batch * d)
        rows.append({"op": "Normal(loc, scale).rsample + backward", "shape": f"{batch}x{d}", "G_per_s": g,
                     "us_per_call": us})

    for batch, d in ((1, 6), (256, 64)):
        loc = torch.randn(d, requires_grad=True)
        scale = (torch.rand(d) + 0.5).requires_grad_()
        da = torch.randn(batch, d)
        dlp = torch.randn(batch)

        def sac():
            normal = torch.distributions.Normal(loc, scale)
            u = normal.rsample((batch,))
            a = torch.tanh(u)
            logp = (normal.log_prob(u) - 2 * (torch.log(torch.tensor(2.0)) - u
                                              - torch.nn.functional.softplus(-2 * u))).sum(-1)
            torch.autograd.backward([a, logp], [da, dlp])
            loc.grad = None
            scale.grad = None

        g, us = rate(sac, batch * d)
        rows.append({"op": "SAC tanh-Normal rsample + log_prob + backward", "shape": f"{batch}x{d}",
                     "G_per_s": g, "us_per_call": us})

    for n, d in ((4096, 64), (1 << 20, 64)):
        batch = n // d
        logits = torch.randn(d, requires_grad=True)
        dy = torch.randn(batch, d)

        def relaxed():
            y = torch.distributions.RelaxedBernoulli(torch.tensor(0.5), logits=logits).rsample((batch,))
            y.backward(dy)
            logits.grad = None

        g, us = rate(relaxed, n)
        rows.append({"op": "RelaxedBernoulli(T=0.5).rsample + backward", "shape": f"{batch}x{d}", "G_per_s": g,
                     "us_per_call": us})

    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}, indent=1))
    print("| PyTorch " + torch.__version__ + " (1 thread) | shape | G elements/s | us per call |", file=sys.stderr)
    print("|---|---|---:|---:|", file=sys.stderr)
    for r in rows:
        print(f"| {r['op']} | {r['shape']} | {r['G_per_s']:.3f} | {r['us_per_call']:.1f} |", file=sys.stderr)


if __name__ == "__main__":
    main()
