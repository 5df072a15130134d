#!/usr/bin/env bash
# Checkout sessions per second through HTTP (POST /v1/checkout_sessions: buyer context from the
# database, a decision under the built-in policy, the session stored), with latency percentiles,
# on SQLite. Release build in .build-release. The in-process decision benchmark is bench/policy.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product remit-bench --scratch-path .build-release
filter() { grep -v -e "Waiting on child channel" -e "Server shutdown error" >&2 || true; }
.build-release/release/remit-bench checkout "$@" 2> >(filter)
