package io.wrenmq.tools.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The final summary of a message run: one JSON object (--json; field names are an interface - the
 * comparison script bench/compare.sh parses them) or a few lines of text, both on stdout.
 */
final class Report {
    private Report() {
    }

    /**
     * The JSON summary: mode, pubs, subs, qos, size, duration_s, sent, received, sent_per_s, received_per_s,
     * latency_us {p50, p99, p999, max}, lost, duplicates, errors; then extras (version, window, rate, warmup_s).
     * sent and received are totals of the whole run; the rates and the latency cover the measured period.
     */
    static Json json(String mode, int pubs, int subs, MessageOptions m, String version, BenchRun.Outcome o,
            long lost, int window, double rate) {
        LatencyHistogram h = o.latency();
        Json latency = new Json()
                .put("p50", micros(h.percentile(50)))
                .put("p99", micros(h.percentile(99)))
                .put("p999", micros(h.percentile(99.9)))
                .put("max", micros(h.max()));
        return new Json()
                .put("mode", mode)
                .put("pubs", pubs)
                .put("subs", subs)
                .put("qos", m.qos)
                .put("size", m.size)
                .put("duration_s", o.seconds())
                .put("sent", o.total().sent())
                .put("received", o.total().received())
                .put("sent_per_s", o.sentPerSecond())
                .put("received_per_s", o.receivedPerSecond())
                .put("latency_us", latency)
                .put("lost", lost)
                .put("duplicates", o.total().duplicates())
                .put("errors", o.total().errors())
                .put("version", version)
                .put("window", window)
                .put("rate", rate)
                .put("warmup_s", m.warmup.toMillis() / 1000.0);
    }

    static void print(PrintWriter out, boolean asJson, Json j) {
        if (asJson) {
            out.println(j);
        } else {
            Json l = (Json) j.get("latency_us");
            out.printf(Locale.ROOT, "%s: %s publishers, %s subscribers, QoS %s, %s bytes, MQTT %s, %s%n",
                    j.get("mode"), j.get("pubs"), j.get("subs"), j.get("qos"), j.get("size"), j.get("version"),
                    describeLoop(j));
            out.printf(Locale.ROOT, "measured  %.1f s after %.1f s warm-up%n", j.get("duration_s"), j.get("warmup_s"));
            out.printf(Locale.ROOT, "sent      %d (%.1f msg/s)%n", j.get("sent"), j.get("sent_per_s"));
            out.printf(Locale.ROOT, "received  %d (%.1f msg/s)%n", j.get("received"), j.get("received_per_s"));
            out.printf(Locale.ROOT, "latency   p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                    l.get("p50"), l.get("p99"), l.get("p999"), l.get("max"));
            out.printf(Locale.ROOT, "lost %d, duplicates %d, errors %d%n", j.get("lost"), j.get("duplicates"),
                    j.get("errors"));
        }
        out.flush();
    }

    private static String describeLoop(Json j) {
        double rate = (Double) j.get("rate");
        if (rate > 0) {
            return String.format(Locale.ROOT, "fixed rate %.0f msg/s", rate);
        }
        int window = (Integer) j.get("window");
        return window > 0 ? "closed loop, window " + window : "as fast as the subscribers receive";
    }

    static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
