#!/usr/bin/env bash
# Benchmarks RemitCEL against hand-written Swift (over the same bindings, and over typed
# structs) and cel-python 0.5.0 on the payment-policy expressions of bench/cel_cases.json,
# and prints one table. Run from anywhere:
#   bench/cel.sh
# Set CEL_BENCH_BIN to a prebuilt release CELBench binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CEL_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
    swift build -c release --product CELBench >&2
    bin="$(swift build -c release --show-bin-path)/CELBench"
fi
if [[ ! -x .venv-bench/bin/python ]]; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install --quiet cel-python==0.5.0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" bench/cel_cases.json --tsv > "$work/swift.tsv"
.venv-bench/bin/python bench/cel_python_bench.py bench/cel_cases.json --tsv > "$work/python.tsv"

python3 - "$work/swift.tsv" "$work/python.tsv" <<'PY'
import math, sys
swift = {r[0]: r[1:] for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[1]))}
python = {r[0]: r[1:] for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[2]))}
print(f"{'case':24} {'RemitCEL/s':>12} {'Swift/s':>12} {'cel-python/s':>12} {'CEL÷Swift':>10} {'CEL×py':>8}  agree  {'typed Swift/s':>14}")
slow, fast, typed = [], [], []
for name, (cel, native, result, struct_rate) in swift.items():
    cel, native, struct_rate = int(cel), int(native), int(struct_rate)
    typed.append(struct_rate / cel)
    py_rate, py_result = python.get(name, ("0", "missing"))
    py_rate = int(py_rate)
    slowdown = native / cel
    speedup = cel / py_rate if py_rate else float("nan")
    slow.append(slowdown)
    if py_rate:
        fast.append(speedup)
    agree = "yes" if py_result == result else f"NO ({py_result})"
    print(f"{name:24} {cel:>12,} {native:>12,} {py_rate:>12,} {slowdown:>9.2f}x {speedup:>7.0f}x  {agree:5}  {struct_rate:>14,}")
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
print(f"CEL is {geo(slow):.2f}x slower than hand-written Swift (geometric mean; worst {max(slow):.2f}x)")
print(f"CEL is {geo(fast):.0f}x faster than cel-python (geometric mean; least {min(fast):.0f}x)")
print(f"Typed Swift structs (no field lookup by name) are {geo(typed):.0f}x faster than CEL (geometric mean)")
PY
