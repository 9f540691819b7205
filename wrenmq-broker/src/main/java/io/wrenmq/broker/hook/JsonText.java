package io.wrenmq.broker.hook;

/** A minimal JSON object writer for event payloads (the broker module has no JSON library). */
public final class JsonText {
    private final StringBuilder b = new StringBuilder(192).append('{');
    private boolean first = true;

    public JsonText field(String name, String value) {
        name(name);
        if (value == null) {
            b.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public JsonText field(String name, long value) {
        name(name);
        b.append(value);
        return this;
    }

    public JsonText field(String name, boolean value) {
        name(name);
        b.append(value);
        return this;
    }

    public String end() {
        return b.append('}').toString();
    }

    private void name(String name) {
        if (!first) {
            b.append(',');
        }
        first = false;
        quote(name);
        b.append(':');
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }
}
