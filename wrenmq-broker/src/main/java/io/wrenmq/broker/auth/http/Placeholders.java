package io.wrenmq.broker.auth.http;

import io.wrenmq.broker.auth.ClientIdentity;
import java.nio.charset.StandardCharsets;

/**
 * NanoMQ's (and EMQX's) HTTP auth placeholders: {@code %u} username, {@code %c} client id, {@code %a} client IP,
 * {@code %r} protocol level (3 = 3.1, 4 = 3.1.1, 5 = 5.0), {@code %P} password, {@code %p} server port,
 * {@code %C} certificate CN, {@code %d} certificate subject, {@code %A} access (1 subscribe, 2 publish),
 * {@code %t} topic, {@code %m} mountpoint (WrenMQ has none: always empty). A value that is not known is empty.
 */
record Placeholders(ClientIdentity who, byte[] password, int protocol, int serverPort, int access, String topic) {

    static Placeholders forAuth(ClientIdentity who, byte[] password, int protocol, int serverPort) {
        return new Placeholders(who, password, protocol, serverPort, 0, null);
    }

    static Placeholders forAcl(ClientIdentity who, int access, String topic) {
        return new Placeholders(who, null, 0, 0, access, topic);
    }

    /** Replaces every placeholder in {@code template}; {@code %%} is a literal '%'; other '%' stay as they are. */
    String expand(String template) {
        return expand(template, false);
    }

    /** Like {@link #expand(String)}, with each value URL-encoded (for placeholders inside the url). */
    String expandUrl(String template) {
        return expand(template, true);
    }

    private String expand(String template, boolean urlEncode) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            String value = ch == '%' && i + 1 < template.length() ? value(template.charAt(i + 1)) : null;
            if (value != null) {
                out.append(urlEncode ? HttpCaller.encode(value) : value);
                i++;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private String value(char key) {
        switch (key) {
            case 'u': return orEmpty(who.username());
            case 'c': return orEmpty(who.clientId());
            case 'a': return who.address() != null ? who.address().getHostAddress() : "";
            case 'r': return protocol > 0 ? Integer.toString(protocol) : "";
            case 'P': return password != null ? new String(password, StandardCharsets.UTF_8) : "";
            case 'p': return serverPort > 0 ? Integer.toString(serverPort) : "";
            case 'C': return orEmpty(who.certCommonName());
            case 'd': return orEmpty(who.certSubject());
            case 'A': return access > 0 ? Integer.toString(access) : "";
            case 't': return orEmpty(topic);
            case 'm': return "";
            case '%': return "%";
            default: return null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
