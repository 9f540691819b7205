package io.wrenmq.tools.bench;

/** Topic patterns with {@code %i} (the client's index) and MQTT filter matching ({@code +}, {@code #}). */
final class TopicPattern {
    private TopicPattern() {
    }

    static String expand(String pattern, int index) {
        return pattern.replace("%i", Integer.toString(index));
    }

    /** Whether {@code filter} matches {@code topic} (section 4.7; no {@code $} topics in a benchmark). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level [MQTT-4.7.1-2]
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
