#!/usr/bin/env python3
"""Helpers for bench/compare.sh: /proc sampling of a broker's process tree, per-run records, the report.

Subcommands (all output on stdout):
  sample PID INTERVAL_S     until PID exits or SIGTERM: one line per interval
                            "<epoch_s> <utime+stime ticks> <VmRSS kB> <VmHWM kB>", summed (ticks, RSS)
                            or maxed (HWM) over PID and all its descendants
  snapshot PID              one such line, now
  reset-hwm PID             resets VmHWM (peak RSS) of PID's tree: "5" to /proc/<pid>/clear_refs
  free-port                 a free TCP port on 127.0.0.1
  manifest-classpath JAR    the Class-Path entries of JAR's manifest, one a line
  record ARGS...            builds one JSON line for a run (see cmd_record)
  summary RESULTS.jsonl     one console line about the last run
  report RESULTS.jsonl META.json   prints the markdown report (median of runs per broker and scenario)

Only the standard library, so it runs wherever python3 does.
"""
import json
import os
import re
import signal
import socket
import statistics
import sys
import time


# ---------------------------------------------------------------- /proc

def _children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                s = f.read().decode("ascii", "replace")
        except OSError:
            continue
        # comm may contain spaces and parentheses: split after the LAST ')'.
        rest = s[s.rfind(")") + 2:].split()
        ppid = int(rest[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(pid):
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _ticks(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        s = f.read().decode("ascii", "replace")
    rest = s[s.rfind(")") + 2:].split()
    # fields 14 (utime) and 15 (stime) of proc(5); rest[0] is field 3 (state)
    return int(rest[11]) + int(rest[12])


def _status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def measure(pid, pids=None):
    pids = pids if pids is not None else tree(pid)
    ticks = rss = hwm = 0
    for p in pids:
        try:
            ticks += _ticks(p)
            rss += _status_kb(p, "VmRSS")
            hwm = max(hwm, _status_kb(p, "VmHWM"))
        except (OSError, ValueError, IndexError):
            pass  # a process of the tree exited between listing and reading
    return ticks, rss, hwm


def cmd_sample(pid, interval):
    pid, interval = int(pid), float(interval)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    pids, last_tree = tree(pid), time.monotonic()
    while not stop and os.path.exists(f"/proc/{pid}"):
        if time.monotonic() - last_tree > 2.0:  # re-walk the tree now and then, not every sample
            pids, last_tree = tree(pid), time.monotonic()
        t, r, h = measure(pid, pids)
        sys.stdout.write(f"{time.time():.3f} {t} {r} {h}\n")
        sys.stdout.flush()
        time.sleep(interval)


def cmd_snapshot(pid):
    t, r, h = measure(int(pid))
    print(f"{time.time():.3f} {t} {r} {h}")


def cmd_reset_hwm(pid):
    ok = True
    for p in tree(int(pid)):
        try:
            with open(f"/proc/{p}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            ok = False
    print("ok" if ok else "failed")


def cmd_manifest_classpath(jar):
    """The jar's manifest Class-Path entries, one a line (the exact dependency set of that build)."""
    import zipfile
    with zipfile.ZipFile(jar) as z:
        text = z.read("META-INF/MANIFEST.MF").decode("utf-8")
    value, on = [], False
    for line in text.splitlines():
        if line.startswith("Class-Path:"):
            value.append(line[len("Class-Path:"):].strip()); on = True
        elif on and line.startswith(" "):
            value.append(line[1:])
        else:
            on = False
    for entry in "".join(value).split():
        print(entry)


def cmd_free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


# ---------------------------------------------------------------- one run

def _read_samples(path):
    out = []
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4:
                    out.append(tuple(float(x) for x in parts))
    except OSError:
        pass
    return out


def _at(samples, t, col):
    """Linear interpolation of column col of the sample series at time t."""
    if not samples:
        return None
    if t <= samples[0][0]:
        return samples[0][col]
    for (t0, *a), (t1, *b) in zip(samples, samples[1:]):
        if t0 <= t <= t1:
            v0, v1 = a[col - 1], b[col - 1]
            return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return samples[-1][col]


def _parse_bench_stdout(path):
    """The bench's stdout, each line prefixed by '<epoch_s> ' by compare.sh. Returns (json or None, first_line_time)."""
    lines, first_t = [], None
    try:
        with open(path) as f:
            for raw in f:
                t, _, text = raw.rstrip("\n").partition(" ")
                if first_t is None and text.strip():
                    first_t = float(t)
                lines.append(text)
    except OSError:
        pass
    text = "\n".join(lines)
    start = text.find("{")
    if start < 0:
        return None, first_t
    try:
        obj, _ = json.JSONDecoder().raw_decode(text[start:])
        return obj, first_t
    except ValueError:
        return None, first_t


def _stamped_lines(path):
    out = []
    try:
        with open(path) as f:
            for raw in f:
                t, _, text = raw.rstrip("\n").partition(" ")
                try:
                    out.append((float(t), text))
                except ValueError:
                    pass
    except OSError:
        pass
    return out


def cmd_record(broker, scenario, run, kind, bench_out, bench_err, samples_path, t_start, t_end, exit_code,
               warmup, duration, clk_tck, rss_idle_kb, hwm_kb, load1, conns="0", hold="0"):
    t_start, t_end = float(t_start), float(t_end)
    warmup, duration, clk_tck = float(warmup), float(duration), float(clk_tck)
    bench, _ = _parse_bench_stdout(bench_out)
    err_lines = _stamped_lines(bench_err)
    samples = _read_samples(samples_path)
    rec = {
        "broker": broker, "scenario": scenario, "run": int(run), "kind": kind,
        "exit_code": int(exit_code), "wall_s": round(t_end - t_start, 2), "load1": float(load1),
        "bench": bench, "peak_rss_kb": int(float(hwm_kb)) if hwm_kb not in ("", "0") else None,
    }
    if kind == "pubsub":
        # The bench prints a live line "t=Ns ..." on stderr N seconds after it started publishing; warm-up is
        # [0, warmup) and the measurement [warmup, warmup + duration) on that clock. From their arrival times we
        # get the bench's start, so the broker's CPU is taken over exactly the measured seconds.
        starts = []
        for t, text in err_lines:
            m = re.match(r"t=(\d+)s\b", text)
            if m:
                starts.append(t - int(m.group(1)))
        if starts:
            t0 = statistics.median(starts)
            w0, w1 = t0 + warmup, min(t0 + warmup + duration, t_end)
            rec["cpu_window"] = "live lines"
        else:  # no live lines: the steady middle of the run (after JVM start and connects, before drain/exit)
            w0, w1 = max(t_start + warmup + 1.0, t_end - 1.0 - duration), t_end - 1.0
            if w1 - w0 < 1.0:
                w0, w1 = t_start + warmup, t_end
            rec["cpu_window"] = "estimated"
        c0, c1 = _at(samples, w0, 1), _at(samples, w1, 1)
        rec["cpu_window_s"] = round(w1 - w0, 2)
        if c0 is not None and c1 is not None and w1 > w0:
            cpu_s = (c1 - c0) / clk_tck
            rec["broker_cpu_s"] = round(cpu_s, 3)
            rec["broker_cpu_util"] = round(cpu_s / (w1 - w0), 3)   # 1.0 = one core busy all the time
            received = (bench or {}).get("received") or 0
            bench_s = (bench or {}).get("duration_s") or (w1 - w0)
            # CPU seconds in the window / deliveries in the same window; the bench's window may be a few ms
            # longer than ours, so scale its count to our window length.
            delivered = received * (w1 - w0) / bench_s if bench_s else 0
            rec["cpu_us_per_msg"] = round(cpu_s / delivered * 1e6, 3) if delivered else None
    else:  # conn: RSS held with all connections up, minus RSS idle before
        conns, hold = int(conns), float(hold)
        rss_idle = float(rss_idle_kb)
        t_up = next((t for t, text in err_lines if "connections up" in text), None)
        window = []
        if t_up is not None:
            window = [s for s in samples if t_up <= s[0] <= min(t_end - 0.3, t_up + hold)]
        if not window:
            window = samples
            rec["rss_note"] = "no 'connections up' line; used the max RSS over the run"
        rss_conn = max((s[2] for s in window), default=None)
        rec["rss_idle_kb"] = int(rss_idle)
        rec["rss_conn_kb"] = int(rss_conn) if rss_conn is not None else None
        if rss_conn is not None and conns:
            rec["rss_per_conn_kb"] = round((rss_conn - rss_idle) / conns, 3)
    print(json.dumps(rec, separators=(",", ":")))


# ---------------------------------------------------------------- report

SCENARIOS = [  # id, title (order of the table)
    ("fanin_q0", "fan-in QoS 0 (10 pub -> 1 sub, closed loop)"),
    ("fanin_q1", "fan-in QoS 1 (10 pub -> 1 sub, closed loop)"),
    ("fanin_q1_acked", "fan-in QoS 1, publishers closed on PUBACK (10 pub -> 1 sub, 2 processes)"),
    ("fanout_q0", "fan-out QoS 0 (1 pub -> 100 sub, closed loop)"),
    ("pairs_q1", "50 pairs QoS 1 (closed loop)"),
    ("fanin_q1_5k", "fan-in QoS 1 at 5,000 msg/s"),
    ("conn10k", "10,000 idle connections"),
]
BROKER_NAMES = {"wrenmq": "WrenMQ", "mosquitto": "Mosquitto", "hivemq": "HiveMQ CE"}


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(v, digits=0, unit=""):
    if v is None:
        return "–"
    if digits == 0:
        return f"{v:,.0f}{unit}".replace(",", " ")
    return f"{v:,.{digits}f}{unit}".replace(",", " ")


def _ratio(ours, peers, best):
    peers = [p for p in peers if p is not None]
    if ours is None or not peers:
        return None
    b = best(peers)
    return ours / b if b else None


def cmd_report(results_path, meta_path):
    with open(meta_path) as f:
        meta = json.load(f)
    recs = []
    with open(results_path) as f:
        for line in f:
            line = line.strip()
            if line:
                recs.append(json.loads(line))
    brokers = [b for b in meta["brokers"]]
    scen = [(s, t) for s, t in SCENARIOS if s in meta["scenarios"]]

    def runs(b, s):
        return [r for r in recs if r["broker"] == b and r["scenario"] == s]

    def med(b, s, fn):
        vals = []
        for r in runs(b, s):
            try:
                vals.append(fn(r))
            except (KeyError, TypeError):
                vals.append(None)
        return _median(vals)

    bj = lambda key: (lambda r: r["bench"][key])
    lat = lambda key: (lambda r: r["bench"]["latency_us"][key])
    peers = [b for b in brokers if b != "wrenmq"]
    head = lambda extra: ("| scenario | " + " | ".join(BROKER_NAMES.get(b, b) for b in brokers) + extra + " |\n"
                          + "|---" * (len(brokers) + 1 + (1 if extra else 0)) + "|")
    has_ratio = "wrenmq" in brokers and peers
    out = []
    pub = [(s, t) for s, t in scen if s != "conn10k"]
    lines_for = {}

    def table(title, fn, digits, better, unit=""):
        out.append(f"**{title}**\n")
        out.append(head(" | WrenMQ / best peer" if has_ratio and better else ""))
        for s, t in pub:
            vals = {b: med(b, s, fn) for b in brokers}
            row = f"| {t} | " + " | ".join(_fmt(vals[b], digits, unit) for b in brokers)
            if has_ratio and better:
                r = _ratio(vals["wrenmq"], [vals[p] for p in peers], better)
                row += f" | {_fmt(r, 2)}"
                lines_for.setdefault(title, {})[s] = r
            out.append(row + " |")
        out.append("")

    if pub:
        table("Delivered msg/s (higher is better)", bj("received_per_s"), 0, max)
        table("Broker CPU per delivered message, µs (lower is better)", lambda r: r["cpu_us_per_msg"], 2, min)
        table("Latency p50, µs", lat("p50"), 0, min)
        table("Latency p99, µs", lat("p99"), 0, min)
        table("Broker peak RSS (VmHWM), MB", lambda r: r["peak_rss_kb"] / 1024, 0, None)
        out.append("**Lost / duplicates / errors (sum over runs)**\n")
        out.append(head(""))
        for s, t in pub:
            cells = []
            for b in brokers:
                rr = runs(b, s)
                if not rr:
                    cells.append("–")
                    continue
                tot = lambda k: sum((r.get("bench") or {}).get(k) or 0 for r in rr)
                bad = sum(1 for r in rr if r["exit_code"] != 0 or not r.get("bench"))
                cells.append(f"{tot('lost')} / {tot('duplicates')} / {tot('errors')}"
                             + (f" ({bad} failed run{'s' if bad > 1 else ''})" if bad else ""))
            out.append(f"| {t} | " + " | ".join(cells) + " |")
        out.append("")
    if any(s == "conn10k" for s, _ in scen):
        out.append("**10,000 idle connections**\n")
        out.append("| metric | " + " | ".join(BROKER_NAMES.get(b, b) for b in brokers) + " |\n"
                   + "|---" * (len(brokers) + 1) + "|")
        for label, fn, d in [
            ("idle RSS before, MB", lambda r: r["rss_idle_kb"] / 1024, 1),
            ("RSS with 10k connected, MB", lambda r: r["rss_conn_kb"] / 1024, 1),
            ("RSS per idle connection, KB", lambda r: r["rss_per_conn_kb"], 2),
            ("peak RSS (VmHWM), MB", lambda r: r["peak_rss_kb"] / 1024, 1),
        ]:
            out.append(f"| {label} | " + " | ".join(_fmt(med(b, "conn10k", fn), d) for b in brokers) + " |")
        out.append("")

    if has_ratio:
        out.append("**WrenMQ against the targets**\n")
        tgt = []
        thr = lines_for.get("Delivered msg/s (higher is better)", {})
        cpu = lines_for.get("Broker CPU per delivered message, µs (lower is better)", {})
        p99 = lines_for.get("Latency p99, µs", {})
        for s, t in pub:
            if s == "fanin_q1_5k":
                r = p99.get(s)
                tgt.append(f"- {t}: p99 WrenMQ / best peer = {_fmt(r, 2)} (target <= 1.00): "
                           + ("met" if r is not None and r <= 1.0 else "MISSED"))
            else:
                r = thr.get(s)
                tgt.append(f"- {t}: throughput ratio {_fmt(r, 2)} (target >= 1.20): "
                           + ("met" if r is not None and r >= 1.2 else "MISSED"))
            r = cpu.get(s)
            tgt.append(f"  CPU/msg ratio {_fmt(r, 2)} (target <= 0.80): "
                       + ("met" if r is not None and r <= 0.8 else "MISSED"))
        if any(s == "conn10k" for s, _ in scen):
            per = med("wrenmq", "conn10k", lambda r: r["rss_per_conn_kb"])
            idle = med("wrenmq", "conn10k", lambda r: r["rss_idle_kb"] / 1024)
            tgt.append(f"- RSS per idle connection {_fmt(per, 2)} KB (target <= 5 KB): "
                       + ("met" if per is not None and per <= 5 else "MISSED"))
            tgt.append(f"- idle RSS {_fmt(idle, 1)} MB (target < 48 MB): "
                       + ("met" if idle is not None and idle < 48 else "MISSED"))
        out.extend(tgt)
        out.append("")
    loads = [r["load1"] for r in recs]
    if loads:
        out.append(f"Load average (1 min) at the start of each run: min {min(loads):.2f}, "
                   f"median {statistics.median(loads):.2f}, max {max(loads):.2f}; "
                   f"{len(recs)} runs, median of {meta.get('runs')} per cell.")
    print("\n".join(out))


def cmd_summary(results_path):
    """One line about the last run in results.jsonl, for the console."""
    with open(results_path) as f:
        r = json.loads(f.read().strip().splitlines()[-1])
    b = r.get("bench") or {}
    if r["kind"] == "conn":
        kb = lambda k: (r.get(k) or 0) / 1024
        print(f"exit {r['exit_code']}: idle {kb('rss_idle_kb'):.1f} MB, connected {kb('rss_conn_kb'):.1f} MB, "
              f"{r.get('rss_per_conn_kb')} KB/conn, load {r['load1']}")
    else:
        lat = b.get("latency_us") or {}
        print(f"exit {r['exit_code']}: {b.get('received_per_s')} msg/s, p99 {lat.get('p99')} us, "
              f"cpu {r.get('cpu_us_per_msg')} us/msg (broker {r.get('broker_cpu_util')} cores), "
              f"lost {b.get('lost')} dup {b.get('duplicates')} err {b.get('errors')}, load {r['load1']}")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    fn = {"sample": cmd_sample, "snapshot": cmd_snapshot, "reset-hwm": cmd_reset_hwm,
          "free-port": cmd_free_port, "manifest-classpath": cmd_manifest_classpath, "record": cmd_record, "report": cmd_report,
          "summary": cmd_summary}.get(cmd)
    if fn is None:
        print(__doc__, file=sys.stderr)
        return 2
    fn(*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
