# Shared by the benchmark scripts (sourced, not run).

# The release `refer` to time: $REFER when set, else a fresh release build (static Swift
# runtime, as `make release` builds it).
release_refer() {
  if [ -n "${REFER:-}" ]; then
    echo "$REFER"
    return
  fi
  echo "building refer (release)…" >&2
  swift build -c release --static-swift-stdlib --product refer >/dev/null
  echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/refer"
}

# Fails with a message when a program the script needs is missing.
need() {
  command -v "$1" >/dev/null || { echo "$(basename "$0"): needs $1 (apt-get install -y $1)" >&2; exit 1; }
}
