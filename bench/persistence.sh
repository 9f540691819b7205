#!/usr/bin/env bash
# QoS 1 throughput into persistent subscribers with persistence.type = memory, sqlite + sync normal and
# sqlite + sync full (docs/benchmarks.md, "Persistence"). Each mode: a fresh broker on a loopback port, pinned to
# CPU 0 (the load generator to CPU 1 when there are 2 CPUs), `wrenmq bench pubsub` with persistent subscriber
# sessions, RUNS runs, the median printed. Bounded: about 3 x RUNS x (DURATION + 10 s).
#   bench/persistence.sh                 # 3 runs of 10 s per mode
#   RUNS=1 DURATION=5s bench/persistence.sh
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
PORT=${PORT:-21884}
SCENARIO=${SCENARIO:---pubs 10 --subs 1 --pub-topic bench/%i --sub-topic bench/# -q 1 -s 64}
work=$(mktemp -d /tmp/wrenmq-persistence-bench.XXXXXX)
trap 'kill "$broker" 2>/dev/null || true; rm -rf "$work"' EXIT
[ -f wrenmq-server/target/wrenmq-server-0.1.0-SNAPSHOT.jar ] || mvn -B -q package -DskipTests
pin_broker="" pin_bench=""
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then pin_broker="taskset -c 0"; pin_bench="taskset -c 1"; fi

run_mode() { # name, persistence block
  local name=$1 block=$2 results=()
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$work/data"
    cat > "$work/wrenmq.conf" <<EOF
listeners.tcp.bind = "127.0.0.1:$PORT"
system.sys_interval = 0s
mqtt.max_mqueue_len = 0
log.level = warn
persistence { $block, path = "$work/data/bench.db" }
EOF
    WRENMQ_HOME="$work" $pin_broker bin/wrenmq start --conf "$work/wrenmq.conf" --pid-file "$work/wrenmq.pid" \
      > "$work/broker.log" 2>&1 &
    broker=$!
    for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    # shellcheck disable=SC2086
    json=$($pin_bench bin/wrenmq bench pubsub -p "$PORT" $SCENARIO --session-expiry 300 -d "$DURATION" --warmup "$WARMUP" --json 2>/dev/null)
    kill "$broker"; wait "$broker" 2>/dev/null || true
    rate=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(round(d["received_per_s"]), d["latency_us"]["p50"], d["latency_us"]["p99"], d["lost"], d["duplicates"])' "$json")
    results+=("$rate")
    echo "  $name run $i: received/s p50_us p99_us lost dup = $rate" >&2
  done
  printf '%s\n' "${results[@]}" | sort -n | awk -v n="$name" '{a[NR]=$0} END {print n ": " a[int((NR+1)/2)]}'
}

echo "scenario: $SCENARIO --session-expiry 300 -d $DURATION --warmup $WARMUP (median of $RUNS; received/s p50_us p99_us lost dup)"
[ -n "${SKIP_MEMORY:-}" ] || run_mode memory "type = memory"
run_mode sqlite-normal "type = sqlite, sync = normal, flush_interval = ${FLUSH:-0s}"
run_mode sqlite-full "type = sqlite, sync = full, flush_interval = ${FLUSH:-0s}"
