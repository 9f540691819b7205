package io.wrenmq.tools.bench;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.tools.ToolEnvironment;
import io.wrenmq.tools.ToolsCli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: runs `wrenmq bench ...` in-process with captured output, and reads its JSON summary. */
record BenchCli(int code, String out, String err) {

    static BenchCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        return run(out, err, args);
    }

    /** With caller-owned writers, so that a test can watch stderr while the command runs in another thread. */
    static BenchCli run(StringWriter out, StringWriter err, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "bench";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = ToolsCli.execute(full, new PrintWriter(out, true), new PrintWriter(err, true),
                new ToolEnvironment(Path.of("").toAbsolutePath(), InputStream.nullInputStream(), stop -> { }));
        return new BenchCli(code, out.toString(), err.toString());
    }

    static WrenBroker broker() {
        WrenBroker broker = new WrenBroker(new BrokerConfig().tcp("127.0.0.1", 0).sysInterval(Duration.ZERO)
                .eventLoopThreads(2));
        broker.start();
        return broker;
    }

    /** A number field of the JSON summary ("latency_us.p99" for a nested one). */
    double num(String field) {
        String json = out.trim();
        String name = field;
        int dot = field.indexOf('.');
        if (dot > 0) {
            Matcher m = Pattern.compile("\"" + field.substring(0, dot) + "\":\\{([^}]*)}").matcher(json);
            if (!m.find()) {
                throw new AssertionError("no object " + field + " in " + json);
            }
            json = m.group(1);
            name = field.substring(dot + 1);
        }
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field " + field + " in " + out + "\nstderr: " + err);
        }
        return Double.parseDouble(m.group(1));
    }

    long count(String field) {
        return (long) num(field);
    }
}
