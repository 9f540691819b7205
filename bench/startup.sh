#!/usr/bin/env bash
# Start-up time and idle RSS of an installed WrenMQ (an unpacked zip/tar.gz or jlink image; docs/install.md).
# Usage: bench/startup.sh <WRENMQ_HOME> [runs, default 5]
#   STARTUP_JAVA_OPTS="..."  replaces the launcher's JVM flags for the runs (WRENMQ_JAVA_OPTS), e.g. the defaults
#                            plus -Xshare:off to measure without class-data sharing.
# Each run: `bin/wrenmq start` from a fresh working directory (its ./data) on a free loopback port; start-up is the
# time from the launcher's exec to the broker's "listening" log line (the log's own timestamp, so polling adds
# nothing). After the last run the broker idles 10 s and its RSS (/proc, Linux) is printed. Every run stops its
# broker with SIGTERM; a run that does not listen within 30 s fails the script.
set -euo pipefail
HOME_DIR=${1:?usage: bench/startup.sh <WRENMQ_HOME> [runs]}
RUNS=${2:-5}
TMP=$(mktemp -d /tmp/wrenmq-startup.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

times=()
for ((run = 1; run <= RUNS; run++)); do
  work="$TMP/run$run"; mkdir -p "$work"
  port=$(free_port)
  start_ms=$(date +%s%3N)
  (cd "$work" && exec env ${STARTUP_JAVA_OPTS:+WRENMQ_JAVA_OPTS="$STARTUP_JAVA_OPTS"} \
     WRENMQ_LISTENERS__TCP__BIND="127.0.0.1:$port" "$HOME_DIR/bin/wrenmq" start >"$work/out.log" 2>&1) &
  PID=$!
  for ((i = 0; i < 300; i++)); do grep -q ' listening on ' "$work/out.log" 2>/dev/null && break; sleep 0.1; done
  line=$(grep -m1 ' listening on ' "$work/out.log") || { cat "$work/out.log" >&2; echo "run $run: no listening line" >&2; exit 1; }
  listening_ms=$(date -d "$(echo "$line" | cut -d' ' -f1)" +%s%3N)
  times+=($((listening_ms - start_ms)))
  echo "run $run: $((listening_ms - start_ms)) ms to listening"
  if [ "$run" -eq "$RUNS" ]; then
    sleep 10
    echo "idle RSS 10 s after start: $(awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$PID/status")"
  fi
  kill -TERM "$PID"; wait "$PID" || true; PID=""
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median start-up: ${sorted[$((RUNS / 2))]} ms over $RUNS runs ($HOME_DIR)"
