#!/usr/bin/env bash
# End-to-end comparison: WrenMQ against Mosquitto (Debian package) and HiveMQ CE (embedded, from Maven Central),
# one broker at a time, same load generator (`wrenmq bench`), same machine. See docs/benchmarks.md,
# "End-to-end comparison", for what is measured and how to read it.
#
# Usage: bench/compare.sh [options]
#   --quick              1 run per cell, 3 s measured + 1 s warm-up, 3 s broker warm-up (a try-out, ~7 min)
#   --no-build           do not run `mvn package` for WrenMQ (the jar in wrenmq-server/target must exist)
#   --runs N             runs per broker and scenario (default 3; the report shows the median)
#   --duration S         measured seconds per closed-loop pub/sub run (default 3)
#   --warmup S           warm-up seconds at the start of each pub/sub run (default 2; the load generator's JVM
#                        is new every run)
#   --broker-warmup S    an unrecorded run of S seconds on each freshly started broker before its measured runs,
#                        so JVM brokers are measured after JIT compilation (default 3; 0 = none)
#   --paced-warmup S     the same for the fixed-rate scenario (fanin_q1_5k), run at its own rate (default 25: at
#                        5,000 msg/s the hot paths reach the JIT's thresholds late, and a JVM broker's C2 compiler
#                        kept working 20-40 s into such a run; a long-running broker does not pay that)
#   --paced-duration S   measured seconds per run of the fixed-rate scenario (default 8: its p99 needs more
#                        samples than 4 s give, on a machine whose CPU steal comes and goes)
#   --idle-settle S      seconds between a broker's start and the "idle RSS" reading in conn10k (default 10: a
#                        broker that has been idle a while, not one still in start-up; the same for all three)
#   --brokers LIST       comma-separated, from wrenmq,mosquitto,hivemq (default all three)
#   --scenarios LIST     comma-separated, from fanin_q0,fanin_q1,fanin_q1_acked,fanout_q0,pairs_q1,fanin_q1_5k,conn10k
#                        (fanin_q1_acked: the publishers close their loop on PUBACK, not on delivery, in a process
#                        of their own, and a separate `bench sub` counts what arrives: a subscriber slower than its
#                        publishers, where a broker that drops acknowledged messages shows them as lost)
#   --proto 311|5        MQTT version of the load (default 311)
#   --wait-quiet S       after the builds, wait up to S seconds for the 1-minute load average to drop below 0.6
#   --max-minutes M      skip what is left once the run has taken M minutes (default 20)
#   --out DIR            results folder (default bench/results/<timestamp>)
# Environment:
#   BENCH_CMD            the load generator (default: `wrenmq bench` from the copy of the build the brokers run);
#                        BENCH_CMD=bench/stub-bench.sh tests the plumbing without traffic
#   WRENMQ_EXTRA_CONF    a file appended to the WrenMQ broker's generated configuration (e.g. bench/rules-10.conf:
#                        the same scenarios with rules running)
#   WRENMQ_JAVA_OPTS     passed to the WrenMQ broker only (e.g. to add -XX:StartFlightRecording=...), never to the
#                        load generator; unset = bin/wrenmq's defaults
#   HIVEMQ_VERSION       HiveMQ CE embedded version (default 2025.5)
#   WRENMQ_DIST          an unpacked distribution (wrenmq-<v>.zip/.tar.gz) or jlink image to run as the WrenMQ broker
#                        instead of the copy of this build (its own bin/wrenmq, launcher defaults and runtime); the
#                        load generator stays the build's, so runs of different installations are comparable
#
# The broker runs on CPU 0 and the load generator on CPU 1 (taskset). Every process this script starts is
# stopped on exit, every wait has a time limit. Results: bench/results/<timestamp>/{results.jsonl,report.md,...}.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
BENCH_DIR="$ROOT/bench"
LIB="$BENCH_DIR/benchlib.py"

RUNS=3 DURATION=3 WARMUP=2 HOLD=2 CONN_COUNT=10000 CONN_RATE=4000 BROKER_WARMUP=3 PACED_WARMUP=25 PACED_DURATION=8 IDLE_SETTLE=10
PROTO=311 BUILD=1
BROKERS="wrenmq,mosquitto,hivemq"
SCENARIOS="fanin_q0,fanin_q1,fanin_q1_acked,fanout_q0,pairs_q1,fanin_q1_5k,conn10k"
WAIT_QUIET=0 MAX_MINUTES=20 OUT=""
HIVEMQ_VERSION="${HIVEMQ_VERSION:-2025.5}"
# Closed-loop window: each publisher keeps at most W messages not yet delivered. Fan-in: 10 x W = 1000
# messages (~75 KB) outstanding at the one subscriber, far below every broker's queue limit and WrenMQ's 1 MB
# write-buffer high-water mark (where it drops QoS 0), so no broker is pushed into its drop policy.
WINDOW=100
# Broker limits, the same on all three: outbound in-flight QoS 1/2 per client, queued messages per client,
# inbound in-flight (v5 Receive Maximum).
INFLIGHT=1000 QUEUE=10000 RECEIVE_MAX=1000

die() { echo "compare.sh: $*" >&2; exit 2; }
ORIG_ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RUNS=1 DURATION=3 WARMUP=1 HOLD=3 BROKER_WARMUP=3 PACED_WARMUP=10 PACED_DURATION=4 IDLE_SETTLE=6 ;;
    --no-build) BUILD=0 ;;
    --runs) RUNS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --broker-warmup) BROKER_WARMUP="$2"; shift ;;
    --paced-warmup) PACED_WARMUP="$2"; shift ;;
    --idle-settle) IDLE_SETTLE="$2"; shift ;;
    --paced-duration) PACED_DURATION="$2"; shift ;;
    --brokers) BROKERS="$2"; shift ;;
    --scenarios) SCENARIOS="$2"; shift ;;
    --proto) PROTO="$2"; shift ;;
    --wait-quiet) WAIT_QUIET="$2"; shift ;;
    --max-minutes) MAX_MINUTES="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
for b in ${BROKERS//,/ }; do case "$b" in wrenmq|mosquitto|hivemq) ;; *) die "unknown broker $b" ;; esac; done
for s in ${SCENARIOS//,/ }; do
  case "$s" in fanin_q0|fanin_q1|fanin_q1_acked|fanout_q0|pairs_q1|fanin_q1_5k|conn10k) ;; *) die "unknown scenario $s" ;; esac
done
command -v python3 >/dev/null || die "python3 is needed (bench/benchlib.py)"
command -v taskset >/dev/null || die "taskset is needed (util-linux)"
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (broker on CPU 0, load on CPU 1)"

STAMP=$(date +%Y%m%d-%H%M%S)
OUT="${OUT:-$BENCH_DIR/results/$STAMP}"
mkdir -p "$OUT" || die "cannot create $OUT"
TMP=$(mktemp -d /tmp/wrenmq-compare.XXXXXX)
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
CLK_TCK=$(getconf CLK_TCK)
T_BEGIN=$(date +%s)
BROKER_JAVA_OPTS_SET=${WRENMQ_JAVA_OPTS+x}
BROKER_JAVA_OPTS="${WRENMQ_JAVA_OPTS-}"
unset WRENMQ_JAVA_OPTS
if [ -n "${BENCH_CMD:-}" ]; then read -r -a BENCH <<< "$BENCH_CMD"; else BENCH=("$ROOT/bin/wrenmq" bench); fi

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/compare.log" >&2; }

# ------------------------------------------------------------------ processes and clean-up
BROKER_PID="" SAMPLER_PID="" BENCH_PIDFILE="$TMP/bench.pid"

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Stops one process we started (and its children), TERM first, KILL after $2 seconds.
stop_pid() {
  local pid=$1 grace=${2:-10} kids i
  alive "$pid" || return 0
  kids=$(pgrep -P "$pid" 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
  for k in $kids; do alive "$k" && kill -KILL "$k" 2>/dev/null; done
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  [ -f "$BENCH_PIDFILE" ] && stop_pid "$(cat "$BENCH_PIDFILE" 2>/dev/null)" 3
  stop_pid "$SAMPLER_PID" 2
  stop_pid "$BROKER_PID" 15
  # keep the brokers' logs with the results; then drop the temp dir (HiveMQ data, configs)
  for f in "$TMP"/*/broker.log "$TMP"/*/broker.out "$TMP"/*/bench.err; do
    [ -s "$f" ] && cp "$f" "$OUT/logs-$(basename "$(dirname "$f")")-$(basename "$f")" 2>/dev/null
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Waits until 127.0.0.1:$1 accepts a connection (or $2 seconds pass, or process $3 dies).
wait_port() {
  local port=$1 limit=$2 pid=$3 i
  for ((i = 0; i < limit * 5; i++)); do
    alive "$pid" || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

# ------------------------------------------------------------------ setup
ulimit -n "$(ulimit -Hn)" 2>/dev/null || log "could not raise ulimit -n"
log "open files limit: $(ulimit -n); results in $OUT"


case ",$BROKERS," in *,mosquitto,*)
  if ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
    log "installing Debian's mosquitto"
    timeout 300 apt-get install -y mosquitto >"$OUT/apt.log" 2>&1 \
      || { timeout 120 apt-get update >>"$OUT/apt.log" 2>&1; timeout 300 apt-get install -y mosquitto >>"$OUT/apt.log" 2>&1; } \
      || die "apt-get install mosquitto failed (see $OUT/apt.log)"
  fi
  MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  # mosquitto is started by hand below; a packaged service on 1883 does not matter (we use our own port)
;; esac

case ",$BROKERS," in *,hivemq,*)
  log "building the HiveMQ CE $HIVEMQ_VERSION launcher (bench/hivemq-launcher)"
  timeout 600 mvn -B -q -f "$BENCH_DIR/hivemq-launcher/pom.xml" -Dhivemq.version="$HIVEMQ_VERSION" package \
    >"$OUT/hivemq-launcher-build.log" 2>&1 || die "HiveMQ launcher build failed (see $OUT/hivemq-launcher-build.log)"
  HIVEMQ_CP="$BENCH_DIR/hivemq-launcher/target/classes:$BENCH_DIR/hivemq-launcher/target/lib/*"
;; esac

if [ "$BUILD" -eq 1 ]; then
  log "building WrenMQ (mvn -B -q package -DskipTests)"
  (cd "$ROOT" && timeout 900 mvn -B -q package -DskipTests) >"$OUT/wrenmq-build.log" 2>&1 \
    || die "WrenMQ build failed (see $OUT/wrenmq-build.log)"
fi
# Run from a copy of this build (bin/wrenmq + exactly the jars the manifest names, as a distribution's lib/), so
# that somebody rebuilding wrenmq-server/target during the run cannot change or break it half-way.
WRENMQ_HOME_COPY="$TMP/wrenmq-home"
mkdir -p "$WRENMQ_HOME_COPY/bin" "$WRENMQ_HOME_COPY/lib"
cp "$ROOT/bin/wrenmq" "$WRENMQ_HOME_COPY/bin/"
SERVER_JAR=""
for f in "$ROOT"/wrenmq-server/target/wrenmq-server-*.jar; do
  case "$f" in *-sources.jar|*-javadoc.jar|*-tests.jar) ;; *) [ -f "$f" ] && SERVER_JAR="$f" ;; esac
done
[ -n "$SERVER_JAR" ] || die "no wrenmq-server jar in wrenmq-server/target (build first, or drop --no-build)"
cp "$SERVER_JAR" "$WRENMQ_HOME_COPY/lib/"
for dep in $(python3 "$LIB" manifest-classpath "$SERVER_JAR"); do
  cp "$ROOT/wrenmq-server/target/$dep" "$WRENMQ_HOME_COPY/lib/" || die "missing $dep next to $SERVER_JAR"
done
WRENMQ="$WRENMQ_HOME_COPY/bin/wrenmq"
WRENMQ_BROKER="$WRENMQ"
if [ -n "${WRENMQ_DIST:-}" ]; then
  [ -x "$WRENMQ_DIST/bin/wrenmq" ] || die "WRENMQ_DIST=$WRENMQ_DIST has no bin/wrenmq"
  WRENMQ_BROKER="$WRENMQ_DIST/bin/wrenmq"
fi
WRENMQ_COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(cd "$ROOT" && git status --porcelain --untracked-files=no 2>/dev/null)" ] && WRENMQ_COMMIT="$WRENMQ_COMMIT+local changes"
[ -n "${BENCH_CMD:-}" ] || BENCH=("$WRENMQ" bench)
if [ -z "${BENCH_CMD:-}" ]; then
  timeout 60 "${BENCH[@]}" --help >/dev/null 2>&1 || die "'bin/wrenmq bench' is not there yet (bin/wrenmq bench --help failed)"
fi

# after the builds, which load the machine themselves
if [ "$WAIT_QUIET" -gt 0 ]; then
  for ((i = 0; i < WAIT_QUIET; i += 15)); do
    l1=$(cut -d' ' -f1 /proc/loadavg)
    python3 -c "import sys; sys.exit(0 if float('$l1') < 0.6 else 1)" && break
    [ "$i" -eq 0 ] && log "waiting up to ${WAIT_QUIET}s for load average < 0.6 (now $l1)"
    sleep 15
  done
  log "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
T_RUN=$(date +%s)  # --max-minutes counts from here: builds and the wait above are not part of it

# ------------------------------------------------------------------ brokers
# start_broker NAME DIR: starts the broker on CPU 0 on a free loopback port; sets BROKER_PID and PORT.
start_broker() {
  local name=$1 dir=$2
  mkdir -p "$dir"
  PORT=$(python3 "$LIB" free-port)
  case "$name" in
    wrenmq)
      cat > "$dir/wrenmq.conf" <<EOF
# generated by bench/compare.sh
listeners.tcp.bind = "127.0.0.1:$PORT"
mqtt.max_inflight_window = $INFLIGHT
mqtt.receive_maximum = $RECEIVE_MAX
mqtt.max_mqueue_len = $QUEUE
log.level = warn
log.to = [file]
log.dir = "$dir"
log.file = "broker.log"
system.data_dir = "$dir/data"
EOF
      if [ -n "${WRENMQ_EXTRA_CONF:-}" ]; then
        cat "$WRENMQ_EXTRA_CONF" >> "$dir/wrenmq.conf"
      fi
      if [ -n "$BROKER_JAVA_OPTS_SET" ]; then
        WRENMQ_JAVA_OPTS="$BROKER_JAVA_OPTS" taskset -c 0 "$WRENMQ_BROKER" start --conf "$dir/wrenmq.conf" \
          --pid-file "$dir/wrenmq.pid" >"$dir/broker.out" 2>&1 &
      else
        taskset -c 0 "$WRENMQ_BROKER" start --conf "$dir/wrenmq.conf" --pid-file "$dir/wrenmq.pid" \
          >"$dir/broker.out" 2>&1 &
      fi
      BROKER_PID=$!
      ;;
    mosquitto)
      cat > "$dir/mosquitto.conf" <<EOF
# generated by bench/compare.sh
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages $QUEUE
max_inflight_messages $INFLIGHT
max_connections -1
set_tcp_nodelay true
sys_interval 10
log_dest file $dir/broker.log
log_type error
log_type warning
user root
EOF
      taskset -c 0 "$MOSQUITTO" -c "$dir/mosquitto.conf" >"$dir/broker.out" 2>&1 &
      BROKER_PID=$!
      ;;
    hivemq)
      mkdir -p "$dir/conf"
      cat > "$dir/conf/config.xml" <<EOF
<?xml version="1.0"?>
<!-- generated by bench/compare.sh -->
<hivemq>
  <listeners>
    <tcp-listener><port>$PORT</port><bind-address>127.0.0.1</bind-address></tcp-listener>
  </listeners>
  <mqtt>
    <queued-messages><max-queue-size>$QUEUE</max-queue-size><strategy>discard</strategy></queued-messages>
    <receive-maximum><server-receive-maximum>$RECEIVE_MAX</server-receive-maximum></receive-maximum>
  </mqtt>
  <persistence><mode>in-memory</mode></persistence>
  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
</hivemq>
EOF
      cat > "$dir/logback.xml" <<EOF
<configuration scan="false">
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/broker.log</file>
    <encoder><pattern>%d %level %logger{30} - %msg%n%ex</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="FILE"/></root>
</configuration>
EOF
      # HiveMQ's own bin/run.sh flags (JMX left out), its default GC and heap.
      taskset -c 0 java -Dlogback.configurationFile="$dir/logback.xml" -Djava.net.preferIPv4Stack=true \
        --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
        --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
        --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+CrashOnOutOfMemoryError \
        -cp "$HIVEMQ_CP" io.wrenmq.benchlauncher.HiveMqLauncher "$dir" >"$dir/broker.out" 2>&1 &
      BROKER_PID=$!
      ;;
  esac
  if ! wait_port "$PORT" 90 "$BROKER_PID"; then
    log "$name did not start (see below)"; tail -20 "$dir/broker.out" "$dir/broker.log" 2>/dev/null >&2
    stop_pid "$BROKER_PID" 5; BROKER_PID=""
    return 1
  fi
  if [ "$name" = hivemq ]; then  # the port opens before the extension that lets clients in has started
    for ((i = 0; i < 300; i++)); do grep -q "HIVEMQ STARTED" "$dir/broker.out" && break; sleep 0.2; done
  fi
  # before an idle-RSS reading, let the JVMs finish start-up work (class loading, JIT of start-up code);
  # pub/sub cells begin with an unrecorded broker warm-up run instead
  [ "${3:-}" = settle ] && sleep "$IDLE_SETTLE"
  return 0
}

# Nothing is persisted, so a broker that has not stopped 5 s after SIGTERM is killed (HiveMQ takes ~4 s).
stop_broker() { stop_pid "$BROKER_PID" 5; BROKER_PID=""; }

# ------------------------------------------------------------------ one run
# run_one BROKER SCENARIO RUN DIR: runs the load generator once and appends a JSON line to results.jsonl.
# With a 5th argument "warm", the run only warms the broker up (JIT) and is not recorded.
run_one() {
  local broker=$1 scen=$2 run=$3 dir=$4 warm=${5:-} kind=pubsub args=() sub_args=() tmo t0 t1 rc idle hwm load1 rd
  local out_name=bench.out sub_pid="" i
  local WARMUP=$WARMUP DURATION=$DURATION
  if [ "$warm" = warm ]; then
    WARMUP=1 DURATION=$BROKER_WARMUP
    [ "$scen" = fanin_q1_5k ] && DURATION=$PACED_WARMUP
  elif [ "$scen" = fanin_q1_5k ]; then
    DURATION=$PACED_DURATION
  fi
  rd="$dir/run-$scen-$run"
  mkdir -p "$rd"
  local common=(--host 127.0.0.1 --port "$PORT" --json)
  local ps=(pubsub -V "$PROTO" --size 64 --duration "${DURATION}s" --warmup "${WARMUP}s")
  case "$scen" in
    fanin_q0)    args=("${ps[@]}" --pubs 10 --subs 1 --pub-topic 'bench/%i' --sub-topic 'bench/#' --qos 0 --window "$WINDOW" --rate 0) ;;
    fanin_q1)    args=("${ps[@]}" --pubs 10 --subs 1 --pub-topic 'bench/%i' --sub-topic 'bench/#' --qos 1 --window "$WINDOW" --rate 0) ;;
    fanin_q1_acked)  # two processes: the subscriber's summary is the run's result, the publishers' stderr its clock
                 out_name=pub.out
                 sub_args=(sub -V "$PROTO" -c 1 -t 'bench/#' -q 1 --duration "${DURATION}s" --warmup "$((WARMUP + 1))s")
                 args=(pub -V "$PROTO" --size 64 -c 10 -t 'bench/%i' -q 1 --window "$WINDOW" --rate 0 --duration "${DURATION}s" --warmup "${WARMUP}s") ;;
    fanout_q0)   args=("${ps[@]}" --pubs 1 --subs 100 --pub-topic 'bench/0' --sub-topic 'bench/0' --qos 0 --window "$WINDOW" --rate 0) ;;
    pairs_q1)    args=("${ps[@]}" --pubs 50 --subs 50 --pub-topic 'bench/%i' --sub-topic 'bench/%i' --qos 1 --window "$WINDOW" --rate 0) ;;
    fanin_q1_5k) args=("${ps[@]}" --pubs 10 --subs 1 --pub-topic 'bench/%i' --sub-topic 'bench/#' --qos 1 --window "$WINDOW" --rate 5000) ;;
    conn10k)     kind=conn; args=(conn -c "$CONN_COUNT" --conn-rate "$CONN_RATE" --hold "${HOLD}s") ;;
  esac
  if [ "$kind" = pubsub ]; then tmo=$((WARMUP + DURATION + 60)); else tmo=$((CONN_COUNT / CONN_RATE + HOLD + 90)); fi

  load1=$(cut -d' ' -f1 /proc/loadavg)
  idle=$(python3 "$LIB" snapshot "$BROKER_PID" | cut -d' ' -f3)
  python3 "$LIB" reset-hwm "$BROKER_PID" >/dev/null
  printf '%s\n' "${BENCH[*]} ${args[*]} ${common[*]}" > "$rd/command"
  taskset -c 1 python3 -u "$LIB" sample "$BROKER_PID" 0.25 > "$rd/samples" 2>/dev/null &
  SAMPLER_PID=$!
  if [ ${#sub_args[@]} -gt 0 ]; then  # the subscriber first; it says on stderr when it is subscribed
    taskset -c 1 timeout -k 5 "$tmo" "${BENCH[@]}" "${sub_args[@]}" "${common[@]}" 2>"$rd/sub.err" | stamp > "$rd/bench.out" &
    sub_pid=$!
    for ((i = 0; i < 300; i++)); do grep -q "waiting for messages" "$rd/sub.err" 2>/dev/null && break; sleep 0.1; done
  fi
  t0=$EPOCHREALTIME
  # stdout lines get an arrival time (conn prints when all connections are up, then holds them)
  # and so do its stderr lines (the live line "t=Ns ..." every second tells where warm-up and measurement are)
  ( bash -c 'echo $$ > "$0"; exec timeout -k 5 "$@"' "$BENCH_PIDFILE" "$tmo" taskset -c 1 "${BENCH[@]}" \
      "${args[@]}" "${common[@]}" 2> >(stamp > "$rd/bench.err"); echo $? > "$rd/rc"; wait $! 2>/dev/null ) \
    | stamp > "$rd/$out_name"
  [ -n "$sub_pid" ] && wait "$sub_pid" 2>/dev/null  # bounded by its own timeout
  t1=$EPOCHREALTIME
  rm -f "$BENCH_PIDFILE"
  rc=$(cat "$rd/rc" 2>/dev/null || echo 99)
  hwm=$(python3 "$LIB" snapshot "$BROKER_PID" | cut -d' ' -f4)
  stop_pid "$SAMPLER_PID" 2; SAMPLER_PID=""
  if ! alive "$BROKER_PID"; then log "  $broker died during $scen run $run"; rc=98; hwm=""; fi
  if [ "$warm" = warm ]; then
    log "  broker warm-up run: exit $rc, $(sed -n 's/.*"received_per_s":\([0-9.]*\).*/\1/p' "$rd/bench.out") msg/s (not recorded)"
    return 0
  fi
  python3 "$LIB" record "$broker" "$scen" "$run" "$kind" "$rd/bench.out" "$rd/bench.err" "$rd/samples" "$t0" "$t1" "$rc" \
    "$WARMUP" "$DURATION" "$CLK_TCK" "$idle" "$hwm" "$load1" "$CONN_COUNT" "$HOLD" >> "$RESULTS" \
    || log "  could not record $broker $scen run $run"
  [ -s "$rd/bench.err" ] && cp "$rd/bench.err" "$dir/bench.err"
  log "  $(python3 "$LIB" summary "$RESULTS" 2>/dev/null || echo "(no result)")"
  if [ "$rc" -ne 0 ]; then log "  load generator exit code $rc; stderr:"; tail -5 "$rd/bench.err" >&2; fi
}

# Prefixes each line of stdin with its arrival time (epoch seconds).
stamp() { local line; while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

over_time() { [ $(( $(date +%s) - T_RUN )) -ge $((MAX_MINUTES * 60)) ]; }

# ------------------------------------------------------------------ machine
MOSQ_VERSION=$( { ${MOSQUITTO:-mosquitto} -h 2>/dev/null || true; } | head -1)
JDK_VERSION=$(java -version 2>&1 | sed -n 2p)
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
export BROKER_WARMUP PACED_WARMUP PACED_DURATION IDLE_SETTLE WRENMQ_COMMIT MOSQ_VERSION JDK_VERSION CPU_MODEL HIVEMQ_VERSION PROTO RUNS DURATION WARMUP WINDOW CONN_COUNT CONN_RATE HOLD \
  INFLIGHT QUEUE RECEIVE_MAX BROKERS SCENARIOS ORIG_ARGS BROKER_JAVA_OPTS
export WRENMQ_INSTALL="${WRENMQ_DIST:-(a copy of this build)}"
python3 - "$OUT/meta.json" <<'PY'
import json, os, sys
e = os.environ
meta = {
    "date": os.popen("date -Is").read().strip(), "nproc": os.cpu_count(), "cpu": e["CPU_MODEL"],
    "jdk": e["JDK_VERSION"], "mosquitto": e["MOSQ_VERSION"], "hivemq": e["HIVEMQ_VERSION"], "wrenmq_commit": e["WRENMQ_COMMIT"],
    "proto": e["PROTO"], "runs": int(e["RUNS"]), "duration_s": float(e["DURATION"]), "warmup_s": float(e["WARMUP"]),
    "window": int(e["WINDOW"]), "broker_warmup_s": float(e["BROKER_WARMUP"]),
    "paced_warmup_s": float(e["PACED_WARMUP"]), "paced_duration_s": float(e["PACED_DURATION"]), "idle_settle_s": float(e["IDLE_SETTLE"]),
    "conn": {"count": int(e["CONN_COUNT"]), "rate": int(e["CONN_RATE"]), "hold_s": float(e["HOLD"])},
    "broker_limits": {"inflight": int(e["INFLIGHT"]), "queue": int(e["QUEUE"]), "receive_maximum": int(e["RECEIVE_MAX"])},
    "wrenmq_java_opts": e.get("BROKER_JAVA_OPTS") or "(bin/wrenmq defaults)",
    "wrenmq_install": e["WRENMQ_INSTALL"],
    "load_at_start": open("/proc/loadavg").read().split()[:3],
    "brokers": e["BROKERS"].split(","), "scenarios": e["SCENARIOS"].split(","),
    "command": ("bench/compare.sh " + e["ORIG_ARGS"]).strip(),
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
PY

# ------------------------------------------------------------------ main loop
skipped=0
for scen in ${SCENARIOS//,/ }; do
  for broker in ${BROKERS//,/ }; do
    if over_time; then skipped=$((skipped + 1)); continue; fi
    dir="$TMP/$broker-$scen"
    if [ "$scen" = conn10k ]; then
      # a fresh broker for every run: "idle before" must be a broker that has never held the connections
      for ((run = 1; run <= RUNS; run++)); do
        over_time && { skipped=$((skipped + 1)); break; }
        log "$scen: $broker run $run/$RUNS"
        start_broker "$broker" "$dir" settle || continue
        run_one "$broker" "$scen" "$run" "$dir"
        stop_broker
      done
    else
      log "$scen: $broker ($RUNS runs)"
      start_broker "$broker" "$dir" || continue
      # JIT warm-up of the broker: without it the first run of a JVM broker is up to 4x slower than the third
      if [ "$BROKER_WARMUP" -gt 0 ] || { [ "$scen" = fanin_q1_5k ] && [ "$PACED_WARMUP" -gt 0 ]; }; then
        run_one "$broker" "$scen" 0 "$dir" warm
      fi
      for ((run = 1; run <= RUNS; run++)); do
        over_time && { skipped=$((skipped + 1)); break; }
        alive "$BROKER_PID" || { log "  $broker is gone"; break; }
        run_one "$broker" "$scen" "$run" "$dir"
      done
      stop_broker
    fi
  done
done
[ "$skipped" -gt 0 ] && log "time limit of $MAX_MINUTES min reached: $skipped broker/scenario cells skipped"

python3 "$LIB" report "$RESULTS" "$OUT/meta.json" > "$OUT/report.md" || log "report failed"
{
  echo
  echo "Machine: $(nproc) CPUs, $(python3 -c "import json;m=json.load(open('$OUT/meta.json'));print(m['cpu']+', '+m['jdk']+', '+m['mosquitto']+', HiveMQ CE '+m['hivemq'])" 2>/dev/null)"
  echo "Took $(( ($(date +%s) - T_BEGIN) / 60 )) min $(( ($(date +%s) - T_BEGIN) % 60 )) s in all, of which" \
    "$(( ($(date +%s) - T_RUN) / 60 )) min $(( ($(date +%s) - T_RUN) % 60 )) s measuring; raw runs: $RESULTS"
} >> "$OUT/report.md"
cat "$OUT/report.md"
