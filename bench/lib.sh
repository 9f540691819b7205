# Shared set-up of the two-process bench scripts (bridge.sh, quic.sh); sourced after their options are read.
# Needs ROOT, BUILD and OUT (empty = bench/results/<name>-<UTC time>); $1 = the script's name.
# Gives: OUT (made), log, WRENMQ, free_port, free_udp_port, wait_port, PIDS (killed on exit, TERM then KILL).
OUT="${OUT:-$ROOT/bench/results/$1-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/log"; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package) >"$OUT/build.log" 2>&1 || { echo "build failed, see $OUT/build.log" >&2; exit 1; }
fi
WRENMQ="$ROOT/bin/wrenmq"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp_port() { python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; sleep 1; for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT

wait_port() { # port seconds
  for ((i = 0; i < $2 * 10; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1 after $2 s" >&2; return 1
}
