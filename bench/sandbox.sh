#!/usr/bin/env bash
# Benchmarks RemitSandbox (WasmKit) on a trivial module and on the surcharge decision of
# bench/sandbox_surcharge.wat, against the same modules run by wasmtime (PyPI) and the same
# surcharge as a RemitCEL expression, and prints one table. Run from anywhere:
#   bench/sandbox.sh
# Set SANDBOX_BENCH_BIN to a prebuilt release SandboxBench binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${SANDBOX_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
    swift build -c release --scratch-path .build-release --product SandboxBench >&2
    bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/SandboxBench"
fi
if [[ ! -x .venv-bench/bin/python ]]; then
    python3 -m venv .venv-bench
fi
if ! .venv-bench/bin/python -c "import wasmtime" 2>/dev/null; then
    .venv-bench/bin/pip install --quiet wasmtime
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" bench > "$work/swift.tsv"
.venv-bench/bin/python bench/sandbox_peer.py bench > "$work/peer.tsv"
wasmtime_version="$(.venv-bench/bin/python -c 'import importlib.metadata as m; print(m.version("wasmtime"))')"

python3 - "$work/swift.tsv" "$work/peer.tsv" "$wasmtime_version" <<'PY'
import sys
swift = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
peer = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]))
print(f"{'metric (µs per operation, one core)':62} {'RemitSandbox':>13} {'wasmtime ' + sys.argv[3]:>17}")
for metric, value in swift:
    other = peer.get(metric, "")
    print(f"{metric:62} {float(value):>13.2f} {(f'{float(other):.2f}' if other else '—'):>17}")
PY
