#!/usr/bin/env bash
# Measures ScheduleExpression.nextOccurrence in an optimised (whole-module -O)
# build of the Foundation-only scheduler sources, without building the package.
# Usage: scripts/bench-schedule.sh ["30 9 * * 1-5"] [America/New_York] [count]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=()
for file in "$root"/Sources/Scheduler/*.swift; do
  # Only the pure core: files that import nothing but Foundation.
  if ! grep -E '^import ' "$file" | grep -vq '^import Foundation$'; then files+=("$file"); fi
done

cat > "$work/main.swift" <<'SWIFT'
import Foundation
let arguments = CommandLine.arguments
let text = arguments.count > 1 ? arguments[1] : "30 9 * * 1-5"
let zone = TimeZone(identifier: arguments.count > 2 ? arguments[2] : "America/New_York")!
let count = arguments.count > 3 ? Int(arguments[3])! : 2_000_000
let expression = try ScheduleExpression(text)
let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00Z
for _ in 0..<3 {
    let result = ScheduleBenchmark.measureNextOccurrence(of: expression, in: zone, from: start, count: count)
    print("\(text) in \(zone.identifier): \(result.computations) in \(String(format: "%.3f", result.seconds)) s"
          + " = \(Int(result.rate)) per second (checksum \(Int(result.checksum) % 1000))")
}
SWIFT

swiftc -O -wmo -module-name Scheduler "${files[@]}" "$work/main.swift" -o "$work/bench"
if [ "${BENCH_ALL:-}" = 1 ]; then
  for s in "30 9 * * 1-5" "*/15 * * * *" "0 0 29 2 *" "every 2 weeks on friday 9am" "every 30 minutes" "monthly on the last day"; do
    "$work/bench" "$s" "${1:-America/New_York}" 500000 | tail -1
  done
else
  "$work/bench" "$@"
fi
