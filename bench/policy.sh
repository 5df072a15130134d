#!/usr/bin/env bash
# Benchmarks checkout decisions (RemitPolicy) with a realistic 25-rule policy: decisions per
# second and p50/p99 latency per decision, in process, on the calling task and on 1 and 2
# concurrent tasks. Run from anywhere:
#   bench/policy.sh [decisions, default 200000]
# Set POLICY_BENCH_BIN to a prebuilt release PolicyBench binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${POLICY_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
    swift build -c release --scratch-path .build-release --product PolicyBench >&2
    bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/PolicyBench"
fi
"$bin" "$@"
