package io.wrenmq.server.config;

import io.wrenmq.server.log.Rfc5424Format;

/**
 * The `log.syslog` block: where `log.to = [syslog]` sends RFC 5424 datagrams and how they are labelled. NanoMQ has
 * no such block (it calls openlog("nng-nanomq", LOG_PID, LOG_DAEMON) on the local socket); these keys say what
 * NanoMQ's choice leaves implicit, with its facility as the default.
 */
public final class SyslogSettings {
    private String host = "127.0.0.1";
    private int port = 514;
    private String facility = "daemon";
    private String appName = "wrenmq";
    private int maxDatagram = Rfc5424Format.DEFAULT_DATAGRAM;
    private boolean bom = true;

    /** The syslog server's name or address. */
    public String host() { return host; }
    public SyslogSettings host(String value) { this.host = value; return this; }

    /** Its UDP port. */
    public int port() { return port; }
    public SyslogSettings port(int value) { this.port = value; return this; }

    /** A name of {@link Rfc5424Format#FACILITIES}. */
    public String facility() { return facility; }
    public SyslogSettings facility(String value) { this.facility = value; return this; }

    /** The APP-NAME of every message. */
    public String appName() { return appName; }
    public SyslogSettings appName(String value) { this.appName = value; return this; }

    /** The longest datagram sent; longer messages are cut. */
    public int maxDatagram() { return maxDatagram; }
    public SyslogSettings maxDatagram(int value) { this.maxDatagram = value; return this; }

    /** Whether a non-ASCII message starts with the UTF-8 BOM (RFC 5424 §6.4). */
    public boolean bom() { return bom; }
    public SyslogSettings bom(boolean value) { this.bom = value; return this; }
}
