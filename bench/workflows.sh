#!/usr/bin/env bash
# Durable run transitions per second of a five-step workflow on SQLite, and on PostgreSQL when
# REMIT_BENCH_POSTGRES_URL names an empty database, each beside the raw single-row commit rate
# of the same database measured in the same run. Release build in .build-release.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product remit-bench --scratch-path .build-release
filter() { grep -v -e "Waiting on child channel" -e "Server shutdown error" >&2 || true; }
.build-release/release/remit-bench workflows "$@" 2> >(filter)
if [ -n "${REMIT_BENCH_POSTGRES_URL:-}" ]; then
  .build-release/release/remit-bench workflows --database "$REMIT_BENCH_POSTGRES_URL" "$@" 2> >(filter)
fi
