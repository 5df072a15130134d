#!/usr/bin/env bash
# Ledger transfers per second through RemitStore: one transaction per transfer (1 writer and
# concurrent writers) and batches of transfers per transaction, beside the raw durable
# single-row commit rate of the same database measured in the same run. SQLite (WAL,
# synchronous=FULL) always; PostgreSQL too when LEDGER_BENCH_POSTGRES_URL names a database
# (its tables are created by migration; each run uses a new tenant). Run from anywhere:
#   LEDGER_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/ledger_bench \
#     bench/ledger.sh [--transfers 2000] [--batch 100] [--writers 8] [--baseline-commits 2000]
# Set LEDGER_BENCH_BIN to a prebuilt release LedgerBench binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${LEDGER_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
    swift build -c release --scratch-path .build-release --product LedgerBench >&2
    bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/LedgerBench"
fi
args=("$@")
if [[ -n "${LEDGER_BENCH_POSTGRES_URL:-}" ]]; then
    args+=(--postgres "$LEDGER_BENCH_POSTGRES_URL")
fi
"$bin" "${args[@]}"
