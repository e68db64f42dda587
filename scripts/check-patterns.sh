#!/usr/bin/env bash
# Differential test of the bounded pattern functions against Lua's own: builds the
# stand-alone harness in Tests/CLuaShimHarness with the system Lua 5.4 and runs it.
# Usage: scripts/check-patterns.sh [seed]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pc=lua5.4
pkg-config --exists "$pc" 2>/dev/null || pc=lua
out="$(mktemp -d "${TMPDIR:-/tmp}/check-patterns.XXXXXX")"
trap 'rm -rf "$out"' EXIT
cc -O2 -Wall -Wextra -Werror \
  -I "$root/Sources/CLuaShim/include" $(pkg-config --cflags "$pc") \
  "$root/Sources/CLuaShim/patterns.c" "$root/Sources/CLuaShim/patterns_gsub.c" \
  "$root/Sources/CLuaShim/limits.c" "$root/Sources/CLuaShim/sandbox.c" \
  "$root/Tests/CLuaShimHarness/main.c" \
  $(pkg-config --libs "$pc") -lm -o "$out/harness"
cd "$root/Tests/CLuaShimHarness"
PATTERNS_SEED="${1:-${PATTERNS_SEED:-20260}}" "$out/harness" patterns-differential.lua
