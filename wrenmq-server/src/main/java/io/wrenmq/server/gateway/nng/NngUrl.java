package io.wrenmq.server.gateway.nng;

import java.net.InetSocketAddress;

/**
 * A {@code tcp://host:port} address as nng writes it ({@code tcp://127.0.0.1:5555}, {@code tcp://[::1]:5555},
 * {@code tcp://*:5555} or {@code tcp://:5555} to listen on every address). Only TCP: {@code ipc://}, {@code inproc://},
 * {@code ws://} and {@code tls+tcp://} are refused with a message saying so.
 */
public record NngUrl(String host, int port) {
    public NngUrl {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    public static NngUrl parse(String url) {
        if (url == null || !url.startsWith("tcp://")) {
            throw new IllegalArgumentException("unsupported NNG URL '" + url
                    + "': only tcp://host:port is supported (not ipc://, inproc://, ws:// or tls+tcp://)");
        }
        String rest = url.substring("tcp://".length());
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("NNG URL '" + url + "' has no port (tcp://host:port)");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NNG URL '" + url + "' has no numeric port (tcp://host:port)");
        }
        return new NngUrl(host.equals("*") ? "" : host, port);
    }

    /** The address to bind: every interface when the host is empty or {@code *}. */
    InetSocketAddress bindAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** Resolved at each connect, so a dialer follows a DNS change across reconnects. */
    InetSocketAddress connectAddress() {
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }

    @Override
    public String toString() {
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
