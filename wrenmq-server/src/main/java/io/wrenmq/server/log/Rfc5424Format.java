package io.wrenmq.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log event as one RFC 5424 syslog message (§6):
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG}, at most {@code maxBytes} long.
 *
 * <p>Choices: TIMESTAMP is RFC 3339 with microseconds and the local offset (§6.2.3, at most 6 fraction digits);
 * MSGID is the logger's short name (WrenBroker, ReloadService), so a receiver can filter by component; there is no
 * STRUCTURED-DATA ("-"). MSG is the message followed by the stack trace, if any. It is plain text when it is all
 * US-ASCII and starts with the UTF-8 BOM otherwise: §6.4 wants the BOM in front of UTF-8, and leaving it out of
 * ASCII lines (which are valid MSG-ANY) keeps them clean in tools that print the BOM. rsyslog keeps the BOM in its
 * $msg (and so in its files), hence the option to leave it out ({@code bom = false}: MSG-ANY, UTF-8 by practice). A
 * message too long for the datagram is cut on a UTF-8 character boundary (RFC 5426 §3.2: 2048 bytes SHOULD be
 * accepted, 480 MUST).
 */
public final class Rfc5424Format {
    /** The datagram every receiver must accept (RFC 5426 §3.2). */
    public static final int MIN_DATAGRAM = 480;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM = 65_507;
    /** The size receivers SHOULD accept (RFC 5426 §3.2), and this format's default. */
    public static final int DEFAULT_DATAGRAM = 2048;

    /** The facility codes of RFC 5424 §6.2.1, by the names syslog.conf and rsyslog use. */
    public static final Map<String, Integer> FACILITIES = facilities();

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    // §6.2: field lengths in printable US-ASCII.
    private static final int HOSTNAME_MAX = 255;
    private static final int APP_NAME_MAX = 48;
    private static final int PROCID_MAX = 128;
    private static final int MSGID_MAX = 32;

    private final int facility;
    private final String fixedFields;
    private final int maxBytes;
    private final boolean bom;
    private final DateTimeFormatter timestamp;

    /**
     * @param facility a code of {@link #FACILITIES}
     * @param hostName the HOSTNAME field; null or empty = "-"
     * @param appName  the APP-NAME field
     * @param procId   the PROCID field (the process id)
     * @param maxBytes longest datagram, at least {@link #MIN_DATAGRAM}
     * @param bom      whether a MSG that is not US-ASCII starts with the UTF-8 BOM
     */
    public Rfc5424Format(int facility, String hostName, String appName, String procId, int maxBytes, boolean bom, ZoneId zone) {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("facility " + facility + " is not 0..23");
        }
        if (maxBytes < MIN_DATAGRAM || maxBytes > MAX_DATAGRAM) {
            throw new IllegalArgumentException("datagram size " + maxBytes + " is not " + MIN_DATAGRAM + ".." + MAX_DATAGRAM);
        }
        this.facility = facility;
        this.fixedFields = field(hostName, HOSTNAME_MAX) + ' ' + field(appName, APP_NAME_MAX) + ' '
                + field(procId, PROCID_MAX) + ' ';
        this.maxBytes = maxBytes;
        this.bom = bom;
        this.timestamp = TIMESTAMP.withZone(zone);
    }

    /** The message for {@code event}: never longer than the datagram size. */
    public byte[] format(ILoggingEvent event) {
        String header = "<" + (facility * 8 + severity(event.getLevel())) + ">1 " + timestamp.format(event.getInstant())
                + ' ' + fixedFields + field(shortName(event.getLoggerName()), MSGID_MAX) + " - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] msg = message(event).getBytes(StandardCharsets.UTF_8);
        byte[] mark = bom && !ascii(msg) ? BOM : new byte[0];
        int room = Math.max(0, maxBytes - head.length - mark.length);
        int length = msg.length <= room ? msg.length : characterStart(msg, room);
        byte[] out = new byte[head.length + mark.length + length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(mark, 0, out, head.length, mark.length);
        System.arraycopy(msg, 0, out, head.length + mark.length, length);
        return out;
    }

    /** Logback level to syslog severity (§6.2.1): error 3, warning 4, informational 6, debug 7. */
    static int severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    /**
     * HOSTNAME by §6.2.4's order of preference: the fully qualified name, else the host name, else "-". The
     * canonical name comes from a reverse lookup, which on many hosts answers "localhost" (an /etc/hosts line for
     * 127.0.0.1) and is then worse than the plain host name.
     */
    public static String localHostName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return hostName(local.getHostName(), local.getCanonicalHostName(), local.getHostAddress());
        } catch (UnknownHostException | SecurityException e) {
            return "-";
        }
    }

    static String hostName(String name, String canonical, String address) {
        if (qualified(canonical) && !canonical.equals(address)) {
            return canonical;
        }
        if (name == null || name.isEmpty() || name.equals(address) || name.startsWith("localhost")) {
            return "-";
        }
        return name;
    }

    private static boolean qualified(String name) {
        return name != null && name.indexOf('.') > 0 && !name.startsWith("localhost");
    }

    /** A header field: printable US-ASCII (others become '_'), at most {@code max} characters; empty = NILVALUE. */
    static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    /** Where the character containing byte {@code at} starts: cutting there never splits a UTF-8 sequence. */
    static int characterStart(byte[] utf8, int at) {
        int i = at;
        while (i > 0 && (utf8[i] & 0xC0) == 0x80) {
            i--;
        }
        return i;
    }

    private static String message(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return text == null ? "" : text;
        }
        return text + "\n" + ThrowableProxyUtil.asString(thrown).stripTrailing();
    }

    private static String shortName(String loggerName) {
        return loggerName == null ? null : loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> facilities() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
            "ftp", "ntp", "audit", "alert", "clock"};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        for (int i = 0; i < 8; i++) {
            m.put("local" + i, 16 + i);
        }
        return Collections.unmodifiableMap(m);
    }
}
