#!/usr/bin/env bash
# `make demo`: Refer's main job on the bundled demo practice (an accounting firm with
# 18 months of referrals), on a copy in a temporary folder so the example stays as it is.
# The demo data ends in November 2026, so the plugins run as of 2026-11-20 09:00.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d /tmp/refer-demo.XXXXXX)}"
rm -rf "$dir"
cp -R examples/demo-practice "$dir"
refer="$(swift build --show-bin-path)/refer"
now="2026-11-20 09:00"
echo "demo practice copied to $dir"
step() { echo; echo "\$ refer $*"; "$refer" "$@" --practice "$dir"; }
step run hello
step plugin list
step run thank-you --now "$now"
step run response-time --now "$now"
step run drought --now "$now" --dry-run
step task list
