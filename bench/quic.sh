#!/usr/bin/env bash
# QUIC vs TCP on loopback (issue #16): one WrenMQ (CPU 0) with a tcp and a quic listener, `wrenmq bench` (CPU 1)
# against each in turn, same flags, the transport the only difference:
#   1. throughput: `bench pubsub`, PAIRS publisher/subscriber pairs, 64 B, QoS 0 and QoS 1 (window 100), closed loop;
#   2. connect time: `bench conn`, CONNS clients at 200 connections/s, connect = socket (or QUIC handshake) to CONNACK.
# The QUIC clients share one TLS context (session resumption after the first, as a device reconnecting would have),
# 0-RTT off; the TCP clients are plain TCP (no TLS): the comparison is what a user picks between, 1883 or 14567.
# See docs/benchmarks.md, "QUIC vs TCP". Every process started here is stopped on exit; every wait is bounded.
#
# Usage: bench/quic.sh [--duration S] [--pairs N] [--conns N] [--out DIR] [--no-build]
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
DURATION=10 WARMUP=3 PAIRS=10 CONNS=500 BUILD=1 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift ;;
    --pairs) PAIRS="$2"; shift ;;
    --conns) CONNS="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "quic.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh" quic
TCP_PORT=$(free_port) QUIC_PORT=$(free_udp_port)

# A test certificate for 127.0.0.1 (EC P-256: a QUIC handshake signs with it, RSA 2048 set up 2.5x fewer connections a
# second here), signed by a CA of its own (the bench trusts the CA with --cafile).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/ca.key" -out "$OUT/ca.pem" \
  -subj /CN=bench-ca -days 1 >"$OUT/openssl.log" 2>&1 || { echo "openssl failed, see $OUT/openssl.log" >&2; exit 1; }
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/server.key" -out "$OUT/server.csr" \
  -subj /CN=127.0.0.1 >>"$OUT/openssl.log" 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$OUT/san.ext"
openssl x509 -req -in "$OUT/server.csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" -CAcreateserial -days 1 \
  -extfile "$OUT/san.ext" -out "$OUT/server.crt" >>"$OUT/openssl.log" 2>&1 || { echo "openssl failed" >&2; exit 1; }

cat > "$OUT/broker.conf" <<EOF
listeners.tcp.bind = "127.0.0.1:$TCP_PORT"
listeners.quic { bind = "127.0.0.1:$QUIC_PORT", keyfile = "$OUT/server.key", certfile = "$OUT/server.crt" }
persistence.type = memory
mqtt.max_inflight_window = 1000
mqtt.receive_maximum = 1000
log.level = warn
log.to = [file]
log.dir = "$OUT"
log.file = "broker.log"
EOF
taskset -c 0 "$WRENMQ" start --conf "$OUT/broker.conf" --pid-file "$OUT/broker.pid" >"$OUT/broker.out" 2>&1 &
PIDS+=($!)
wait_port "$TCP_PORT" 30 || { log "the broker did not start; see $OUT/broker.out"; exit 1; }
log "broker: tcp :$TCP_PORT, quic :$QUIC_PORT; $PAIRS pairs for ${DURATION}s after ${WARMUP}s, $CONNS connections"

field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }
p50() { sed -n 's/.*"connect_ms":{[^}]*"p50":\([0-9.]*\).*/\1/p' <<<"$1"; }
p99() { sed -n 's/.*"connect_ms":{[^}]*"p99":\([0-9.]*\).*/\1/p' <<<"$1"; }
transport() { # name -> the flags that pick it
  if [ "$1" = quic ]; then echo "--quic --cafile $OUT/ca.pem --port $QUIC_PORT"; else echo "--port $TCP_PORT"; fi
}
printf '| transport | QoS 0 msg/s | QoS 1 msg/s | connect p50 ms | connect p99 ms | connections/s |\n|---|---|---|---|---|---|\n' >"$OUT/table.md"
for t in tcp quic; do
  # shellcheck disable=SC2046
  Q0=$(taskset -c 1 "$WRENMQ" bench pubsub $(transport "$t") --host 127.0.0.1 -V 5 --size 64 --qos 0 --rate 0 \
    --pubs "$PAIRS" --subs "$PAIRS" --pub-topic 'q/%i' --sub-topic 'q/%i' --duration "${DURATION}s" \
    --warmup "${WARMUP}s" --json 2>"$OUT/$t-q0.err" | tail -1)
  # shellcheck disable=SC2046
  Q1=$(taskset -c 1 "$WRENMQ" bench pubsub $(transport "$t") --host 127.0.0.1 -V 5 --size 64 --qos 1 --window 100 \
    --rate 0 --pubs "$PAIRS" --subs "$PAIRS" --pub-topic 'q/%i' --sub-topic 'q/%i' --duration "${DURATION}s" \
    --warmup "${WARMUP}s" --json 2>"$OUT/$t-q1.err" | tail -1)
  # shellcheck disable=SC2046
  C=$(taskset -c 1 "$WRENMQ" bench conn $(transport "$t") --host 127.0.0.1 -V 5 -c "$CONNS" --conn-rate 200 \
    --hold 1s --json 2>"$OUT/$t-conn.err" | tail -1)
  printf '%s\n%s\n%s\n' "$Q0" "$Q1" "$C" >"$OUT/$t.json"
  row="| $t | $(field received_per_s "$Q0") | $(field received_per_s "$Q1") | $(p50 "$C") | $(p99 "$C") | $(field conn_per_s "$C") |"
  echo "$row" >>"$OUT/table.md"
  log "$row"
done
cat "$OUT/table.md"
