package io.wrenmq.server.config;

/**
 * A listener's address: "host:port", IPv6 in brackets ("[::1]:1883"); port 0 picks a free port. NanoMQ's URL form
 * of a bind is read by {@link ListenerUrl}.
 */
public record BindAddress(String host, int port) {

    /** Parses "host:port" (IPv6 in brackets). */
    static BindAddress parse(String s) throws ValueType.BadValue {
        String hint = "write \"host:port\", e.g. \"127.0.0.1:1883\", \"0.0.0.0:1883\" or \"[::1]:1883\"";
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new ValueType.BadValue("missing port in \"" + s + "\"", hint);
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (host.isEmpty() || !host.contains(":")) {
                throw new ValueType.BadValue("not an IPv6 address in brackets: \"" + s + "\"", hint);
            }
        } else if (host.contains(":")) {
            throw new ValueType.BadValue("an IPv6 address needs brackets: \"" + s + "\"", hint);
        } else if (host.isEmpty()) {
            throw new ValueType.BadValue("missing host in \"" + s + "\"", hint + "; use 0.0.0.0 for every IPv4 interface");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("not a port number: \"" + portText + "\"", hint);
        }
        if (port < 0 || port > 65535) {
            throw new ValueType.BadValue("port out of range: " + port, "allowed range is 0..65535 (0 = any free port)");
        }
        return new BindAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
