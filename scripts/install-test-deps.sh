#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real, when missing.
set -euo pipefail
need=()
command -v luacheck >/dev/null 2>&1 || need+=(lua-check)
command -v lua5.4 >/dev/null 2>&1 || need+=(lua5.4)
command -v msmtp >/dev/null 2>&1 || need+=(msmtp)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# The HTML report test renders the page in headless Chromium.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing test tools: ${need[*]} (run as root or install them with apt-get)" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Python's icalendar parses the .ics export back in the outreach tests.
if ! python3 -c "import icalendar" >/dev/null 2>&1; then
  echo "installing Python icalendar"
  python3 -m pip install -q icalendar 2>/dev/null || apt-get install -y -qq python3-icalendar >/dev/null 2>&1 || true
fi
