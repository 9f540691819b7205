package io.wrenmq.server.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: one datagram checked against RFC 5424's ABNF (§6), independently of {@link Rfc5424Format}: HEADER
 * (PRI, VERSION 1, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID in printable US-ASCII within their lengths), NILVALUE
 * structured data (the only kind WrenMQ sends) and MSG, strictly decoded as UTF-8 when it starts with the BOM
 * (MSG-UTF8) and as US-ASCII otherwise (what WrenMQ sends as MSG-ANY).
 */
public record SyslogMessage(int facility, int severity, OffsetDateTime timestamp, String hostName, String appName,
                            String procId, String msgId, boolean bom, String msg, int length) {
    private static final String PRINT = "[\\x21-\\x7E]";
    private static final Pattern HEADER = Pattern.compile("<(\\d{1,3})>1 "
            + "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) "
            + "(" + PRINT + "{1,255}) (" + PRINT + "{1,48}) (" + PRINT + "{1,128}) (" + PRINT + "{1,32}) - ");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Parses {@code datagram}; throws IllegalArgumentException naming what does not conform. */
    public static SyslogMessage parse(byte[] datagram) {
        String latin = new String(datagram, StandardCharsets.ISO_8859_1); // one char per byte: offsets are byte offsets
        Matcher m = HEADER.matcher(latin);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("not an RFC 5424 header with NILVALUE structured data: " + latin);
        }
        int pri = Integer.parseInt(m.group(1));
        if (pri > 191) {
            throw new IllegalArgumentException("PRI " + pri + " above 191");
        }
        byte[] rest = Arrays.copyOfRange(datagram, m.end(), datagram.length);
        boolean bom = rest.length >= 3 && Arrays.equals(Arrays.copyOf(rest, 3), BOM);
        String msg = decode(bom ? Arrays.copyOfRange(rest, 3, rest.length) : rest, bom);
        return new SyslogMessage(pri / 8, pri % 8, OffsetDateTime.parse(m.group(2)), m.group(3), m.group(4), m.group(5),
                m.group(6), bom, msg, datagram.length);
    }

    private static String decode(byte[] bytes, boolean utf8) {
        try {
            return (utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("MSG is not " + (utf8 ? "UTF-8" : "US-ASCII without a BOM") + ": " + e, e);
        }
    }
}
