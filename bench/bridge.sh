#!/usr/bin/env bash
# Bridge benchmark (issue #13): a local WrenMQ bridges bench/# to a remote WrenMQ on the same machine.
#   1. bridged QoS 1 throughput: `wrenmq bench pub` (10 publishers, QoS 1, window 100) into the local broker,
#      `wrenmq bench sub` (1 subscriber, QoS 1) on the remote broker counts what arrives; and, for reference, the
#      direct QoS 1 rate of 50 publisher/subscriber pairs on the local broker alone (compare.sh's pairs_q1).
#   2. the offline cache: the bridge is switched off (hot reload, enable = false), COUNT QoS 1 messages are
#      published into the local broker, the local broker's RSS is read before and after (what the cache costs),
#      then the bridge is switched on again and the time until the remote subscriber has all of them gives the
#      drain rate.
# See docs/benchmarks.md, "Bridges". Every process started here is stopped on exit; every wait is bounded.
#
# Usage: bench/bridge.sh [--count N] [--duration S] [--window W (max_inflight, default 1024)] [--persistence sqlite|memory] [--sync full|normal]
#                        [--flush DURATION (persistence.flush_interval)]
#                        [--out DIR] [--no-build]
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
LIB="$ROOT/bench/benchlib.py"
COUNT=100000 DURATION=10 WARMUP=3 WINDOW=1024 PERSISTENCE=sqlite SYNC=full FLUSH=0s BUILD=1 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --window) WINDOW="$2"; shift ;;
    --persistence) PERSISTENCE="$2"; shift ;;
    --sync) SYNC="$2"; shift ;;
    --flush) FLUSH="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bridge.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh" bridge
LOCAL_PORT=$(free_port) REMOTE_PORT=$(free_port)

cat > "$OUT/remote.conf" <<EOF
listeners.tcp.bind = "127.0.0.1:$REMOTE_PORT"
persistence.type = memory
mqtt.max_inflight_window = 1000
mqtt.receive_maximum = 1000
mqtt.max_mqueue_len = 0
log.level = warn
log.to = [file]
log.dir = "$OUT"
log.file = "remote.log"
EOF
local_conf() { # enable
  cat > "$OUT/local.conf" <<EOF
listeners.tcp.bind = "127.0.0.1:$LOCAL_PORT"
persistence { type = $PERSISTENCE, path = "$OUT/local.db", sync = $SYNC, flush_interval = $FLUSH }
mqtt.max_inflight_window = 1000
mqtt.receive_maximum = 1000
mqtt.max_mqueue_len = 10000
log.level = info
log.to = [file]
log.dir = "$OUT"
log.file = "local.log"
bridges.mqtt.cloud {
  enable = $1
  server = "mqtt-tcp://127.0.0.1:$REMOTE_PORT"
  proto_ver = 4
  clientid = "bench-edge"
  backoff_max = 2s
  max_inflight = $WINDOW
  forwards = [ { local_topic = "bench/#", remote_topic = "" } ]
}
bridges.mqtt.cache { disk_cache_size = $((COUNT * 2)) }
EOF
}
local_conf true
rm -f "$OUT/local.db"*

taskset -c 1 "$WRENMQ" start --conf "$OUT/remote.conf" --pid-file "$OUT/remote.pid" >"$OUT/remote.out" 2>&1 &
PIDS+=($!)
taskset -c 0 "$WRENMQ" start --conf "$OUT/local.conf" --pid-file "$OUT/local.pid" >"$OUT/local.out" 2>&1 &
LOCAL_PID=$!
PIDS+=($LOCAL_PID)
wait_port "$REMOTE_PORT" 30 && wait_port "$LOCAL_PORT" 30 || exit 1
for ((i = 0; i < 100; i++)); do grep -q "Bridge cloud connected" "$OUT/local.log" 2>/dev/null && break; sleep 0.1; done
grep -q "Bridge cloud connected" "$OUT/local.log" || { log "the bridge did not connect; see $OUT/local.log"; exit 1; }
log "local :$LOCAL_PORT -> remote :$REMOTE_PORT, persistence $PERSISTENCE/$SYNC/flush $FLUSH, bridge window $WINDOW"

# ---- 1. throughput ----
BENCH=("$WRENMQ" bench)
direct() {
  "${BENCH[@]}" pubsub -V 311 --size 64 --duration "${DURATION}s" --warmup "${WARMUP}s" --pubs 50 --subs 50 \
    --pub-topic 'direct/%i' --sub-topic 'direct/%i' --qos 1 --window 100 --rate 0 --host 127.0.0.1 --port "$LOCAL_PORT" \
    --json 2>"$OUT/direct.err" | tail -1
}
bridged() {
  "${BENCH[@]}" sub -V 311 -c 1 -t 'bench/#' -q 1 --duration "${DURATION}s" --warmup "$((WARMUP + 1))s" \
    --host 127.0.0.1 --port "$REMOTE_PORT" --json >"$OUT/bridged-sub.json" 2>"$OUT/bridged-sub.err" &
  local sub=$!
  for ((i = 0; i < 300; i++)); do grep -q "waiting for messages" "$OUT/bridged-sub.err" 2>/dev/null && break; sleep 0.1; done
  "${BENCH[@]}" pub -V 311 --size 64 -c 10 -t 'bench/%i' -q 1 --window 100 --rate 0 --duration "${DURATION}s" \
    --warmup "${WARMUP}s" --host 127.0.0.1 --port "$LOCAL_PORT" --json >"$OUT/bridged-pub.json" 2>"$OUT/bridged-pub.err"
  timeout 60 tail --pid="$sub" -f /dev/null
  tail -1 "$OUT/bridged-sub.json"
}
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }
D=$(direct)
log "direct QoS 1, 50 pairs on the local broker: $(field received_per_s "$D") msg/s"
B=$(bridged)
log "bridged QoS 1, 10 publishers -> local -> bridge -> remote -> 1 subscriber: $(field received_per_s "$B") msg/s (lost $(field lost "$B"), duplicates $(field duplicates "$B"))"

# ---- 2. the offline cache ----
local_conf false
"$WRENMQ" reload --conf "$OUT/local.conf" --pid-file "$OUT/local.pid" >"$OUT/reload-off.out" 2>&1
for ((i = 0; i < 100; i++)); do grep -q "bridges.mqtt.cloud (stopped)" "$OUT/reload-off.out" && break; sleep 0.1; done
sleep 1
rss() { python3 "$LIB" snapshot "$LOCAL_PID" | awk '{printf "%.1f", $3 / 1024}'; } # VmRSS, MiB
RSS0=$(rss)
"${BENCH[@]}" sub -V 311 -c 1 -t 'bench/#' -q 1 -L "$COUNT" --duration 300s --warmup 0s \
  --host 127.0.0.1 --port "$REMOTE_PORT" --json >"$OUT/drain-sub.json" 2>"$OUT/drain-sub.err" &
SUB=$!
PIDS+=($SUB)
for ((i = 0; i < 300; i++)); do grep -q "waiting for messages" "$OUT/drain-sub.err" 2>/dev/null && break; sleep 0.1; done
PER=$((COUNT / 10))
"${BENCH[@]}" pub -V 311 --size 64 -c 10 -t 'bench/%i' -q 1 --window 100 --rate 0 -L "$PER" --warmup 0s \
  --host 127.0.0.1 --port "$LOCAL_PORT" --json >"$OUT/fill-pub.json" 2>"$OUT/fill-pub.err"
sleep 2
RSS1=$(rss)
log "cache filled with $COUNT messages while the bridge was off: local RSS $RSS0 -> $RSS1 MB"
local_conf true
T0=$EPOCHREALTIME
"$WRENMQ" reload --conf "$OUT/local.conf" --pid-file "$OUT/local.pid" >"$OUT/reload-on.out" 2>&1
timeout 300 tail --pid="$SUB" -f /dev/null
T1=$EPOCHREALTIME
S=$(tail -1 "$OUT/drain-sub.json")
log "drained $(field received "$S") messages in $(python3 -c "print(round($T1 - $T0, 2))") s: $(python3 -c "print(round($COUNT / ($T1 - $T0)))") msg/s (lost $(field lost "$S"), duplicates $(field duplicates "$S"))"
log "results in $OUT"
