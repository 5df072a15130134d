#!/usr/bin/env bash
# Invoice creation through HTTP with idempotency keys on SQLite (synchronous=FULL), next to the
# raw single-row durable commit rate measured in the same run. Release build in .build-release.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product remit-bench --scratch-path .build-release
.build-release/release/remit-bench invoices "$@" 2> >(grep -v "Waiting on child channel" >&2)
