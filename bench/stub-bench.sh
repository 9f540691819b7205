#!/usr/bin/env bash
# A stand-in for `bin/wrenmq bench` that only tests bench/compare.sh's plumbing: it parses the same options,
# takes about as long as the real thing and prints a made-up JSON object of the documented shape. It sends
# no MQTT traffic, so its numbers mean nothing.
#   BENCH_CMD=bench/stub-bench.sh bench/compare.sh --quick --no-build
set -eu
mode=${1:-}; shift || true
warmup=2 duration=10 pubs=1 subs=1 qos=0 size=64 count=10000 rate=1000 hold=20
secs() { local v=${1%s}; echo "${v%.*}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup=$(secs "$2"); shift ;;
    --duration) duration=$(secs "$2"); shift ;;
    --pubs) pubs=$2; shift ;;
    --subs) subs=$2; shift ;;
    --qos) qos=$2; shift ;;
    --size) size=$2; shift ;;
    -c) count=$2; shift ;;
    --conn-rate) rate=$2; shift ;;
    --hold) hold=$(secs "$2"); shift ;;
    --json) ;;
    --host|--port|-V|--pub-topic|--sub-topic|--window|--rate|-t|-q) shift ;;
    *) echo "stub-bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$mode" in
  pubsub)
    sleep $((warmup + duration)); sleep 0.5
    sent=$((duration * 10000)); recv=$((sent * subs / pubs / pubs * pubs))
    printf '{"mode":"pubsub","pubs":%d,"subs":%d,"qos":%d,"size":%d,"duration_s":%d,"sent":%d,"received":%d,"sent_per_s":%d,"received_per_s":%d,"latency_us":{"p50":%d,"p99":%d,"p999":%d,"max":%d},"lost":0,"duplicates":0,"errors":0}\n' \
      "$pubs" "$subs" "$qos" "$size" "$duration" "$sent" "$recv" $((sent / duration)) $((recv / duration)) $((RANDOM % 500 + 100)) 2000 5000 9000
    ;;
  pub|sub)
    [ "$mode" = sub ] && echo "1 subscribers on 'bench/#': waiting for messages" >&2
    sleep $((warmup + duration)); sleep 0.5
    sent=$((duration * 10000)); [ "$mode" = sub ] && sent=0
    recv=$((duration * 10000)); [ "$mode" = pub ] && recv=0
    printf '{"mode":"%s","pubs":%d,"subs":%d,"qos":%d,"size":%d,"duration_s":%d,"sent":%d,"received":%d,"sent_per_s":%d,"received_per_s":%d,"latency_us":{"p50":%d,"p99":%d,"p999":%d,"max":%d},"lost":0,"duplicates":0,"errors":0}\n' \
      "$mode" "$count" 1 "$qos" "$size" "$duration" "$sent" "$recv" $((sent / duration)) $((recv / duration)) $((RANDOM % 500 + 100)) 2000 5000 9000
    ;;
  conn)
    sleep $((count / rate)); sleep 0.5
    printf '{"mode":"conn","connections":%d,"errors":0}\n' "$count"
    sleep "$hold"
    ;;
  --help|-h|"") echo "stub-bench pubsub|pub|sub|conn [options]"; exit 0 ;;
  *) echo "stub-bench: unknown mode $mode" >&2; exit 2 ;;
esac
